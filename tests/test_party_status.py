"""Party status and evidence rows kept through the results service: the CSV import previewed
(what each line changes) before it writes, the CLI through the same service, and bad input refused
with a message naming the field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from brs_coord.errors import InvalidInput
from brs_coord.results import PartyRecord
from brs_coord.services import Services
from brs_coord.services.results_records import NOTE_LIMIT
from tests.cli_helpers import invoke

CSV = b"country,convention,party_since\nKE,basel,2000-07-01\nUS,basel,\nSN,rotterdam,2004-02-24\n"


def test_a_party_csv_is_previewed_line_by_line_and_recorded_all_or_nothing(services: Services) -> None:
    results = services.results
    results.set_party_status([PartyRecord("KE", "basel", date(2000, 7, 1)),
                              PartyRecord("US", "basel", date(1990, 1, 1))])
    preview = results.preview_party_import(CSV, "parties.csv")
    assert [(c.record.country, c.kind) for c in preview.changes] == [
        ("KE", "unchanged"), ("US", "changed"), ("SN", "new")]
    assert [c.words for c in preview.changes] == [
        "KE basel: Party since 2000-07-01 (unchanged)",
        "US basel: Party since 1990-01-01 → not a Party",
        "SN rotterdam: not recorded → Party since 2004-02-24",
    ]
    assert preview.summary == "parties.csv: 3 lines · 1 new, 1 changed, 1 unchanged"
    assert len(results.party_statuses()) == 2  # a preview writes nothing
    assert results.import_party_status(CSV, "parties.csv") == 2  # the unchanged line is not rewritten
    assert PartyRecord("SN", "rotterdam", date(2004, 2, 24)) in results.party_statuses()
    with pytest.raises(InvalidInput, match="Not a country of the catalogue: XX"):
        results.import_party_status(CSV + b"XX,basel,2001-01-01\n", "parties.csv")
    assert len(results.party_statuses()) == 3  # the whole file refused


@pytest.mark.parametrize(("data", "message"), [
    (b"\xff\xfeK\x00E\x00", "not a UTF-8 text file"),
    (b"pays;convention\nKE;basel\n", "the first line names the columns country, convention, party_since"),
    (b"country,convention,party_since\nKE,basel,1st July\n", "line 2: Party since is a date written as"),
    (b"country,convention,party_since\nKE,montreal,\n", "Unknown convention 'montreal'"),
])
def test_a_bad_party_csv_is_refused_with_its_reason(services: Services, data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        services.results.preview_party_import(data, "parties.csv")


def test_the_party_table_lists_every_country_the_unrecorded_on_their_own_lines(services: Services) -> None:
    results = services.results
    results.set_party_status([PartyRecord("KE", "basel", date(2000, 7, 1)),
                              PartyRecord("US", "rotterdam", None)])
    rows = results.party_table()
    assert len(rows) == len(services.store.catalogue.countries())
    assert [r.country for r in rows[:2]] == ["KE", "US"]
    assert rows[0].statuses == (PartyRecord("KE", "basel", date(2000, 7, 1)), None, None)
    assert not any(r.recorded for r in rows[2:])


def test_evidence_is_for_evidence_indicators_and_refuses_bad_input(services: Services) -> None:
    results = services.results
    with pytest.raises(InvalidInput, match="BC-2-v is counted from attendance") as refused:
        results.add_evidence("BC-2-v", date(2026, 5, 1), "KE", "doc")
    assert refused.value.field == "indicator"
    with pytest.raises(InvalidInput, match="Not a country of the catalogue: QQ"):
        results.add_evidence("SC-1-ii", date(2026, 5, 1), "qq", "doc")
    too_long = f"The note is {NOTE_LIMIT + 1} characters long; at most {NOTE_LIMIT}"
    with pytest.raises(InvalidInput, match=too_long):
        results.add_evidence("SC-1-ii", date(2026, 5, 1), "KE", "doc", "x" * (NOTE_LIMIT + 1))
    number = results.add_evidence("SC-1-ii", date(2026, 5, 1), " ke ", "UNEP/POPS/NIP/KE")
    assert results.evidence_of("SC-1-ii")[0][0] == number
    assert results.evidence_of("SC-1-ii")[0][1].country == "KE"


def test_the_cli_import_shows_each_change_and_dry_run_writes_nothing(
    tmp_path: Path, services: Services,
) -> None:
    db = str(services.settings.db_path)
    path = tmp_path / "parties.csv"
    path.write_bytes(CSV)
    dry = invoke("--db", db, "results", "parties", "--dry-run", str(path))
    assert dry.exit_code == 0 and "SN rotterdam: not recorded → Party since 2004-02-24" in dry.output
    assert "nothing recorded" in dry.output and services.results.party_statuses() == []
    done = invoke("--db", db, "results", "parties", str(path))
    assert done.exit_code == 0 and "3 Party statuses recorded" in done.output
    assert len(services.results.party_statuses()) == 3
