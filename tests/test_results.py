"""The technical-assistance plan's results framework: the catalogue, the counting rules, the report."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from brs_coord.clock import FixedClock
from brs_coord.errors import InvalidInput, NotAllowed
from brs_coord.permissions import Role
from brs_coord.results import (
    Attendance,
    Evidence,
    Indicator,
    PartyRecord,
    PartyStatuses,
    Period,
    Rule,
    TaggedEvent,
    Unit,
    count_indicator,
    default_disaggregations,
)
from brs_coord.services import Services
from brs_coord.services.results_report import rows_of, to_csv, to_markdown, write_report
from tests.cli_helpers import invoke
from tests.conftest import NOW, make_event
from tests.results_helpers import trained_workshop, zoom_meeting

# Section V of the 2018–2021 plan, indicator by indicator: (code, unit). Written from the seed
# document, not from the catalogue file, so that a lost or mis-coded indicator is caught.
PLAN_INDICATORS = {
    "BC-1-i": "party", "BC-1-ii": "party", "BC-1-iii": "pilot-project", "BC-1-iv": "party",
    "BC-1-v": "party",
    "BC-2-i": "party", "BC-2-ii": "pilot-project", "BC-2-iii": "party", "BC-2-iv": "document",
    "BC-2-v": "party", "BC-2-vi": "intervention",
    "RC-1-i": "party", "RC-1-ii": "document", "RC-1-iii": "party", "RC-1-iv": "party",
    "RC-2-i": "party", "RC-2-ii": "party", "RC-2-iii": "party", "RC-2-iv": "party", "RC-2-v": "party",
    "SC-1-i": "document", "SC-1-ii": "party", "SC-1-iii": "party", "SC-1-iv": "party",
    "SC-2-i": "party", "SC-2-ii": "party", "SC-2-iii": "party", "SC-2-iv": "party", "SC-2-v": "person",
    "SC-2-vi": "party", "SC-2-vii": "document",
    "CC-1-i": "other", "CC-1-ii": "party", "CC-1-iii": "party", "CC-1-iv": "document",
    "CC-1-v": "party", "CC-1-vi": "party", "CC-1-vii": "person", "CC-1-viii": "party",
    "CC-1-ix": "party", "CC-1-x": "party",
    "CC-2-i": "other", "CC-2-ii": "other", "CC-2-iii": "other",
}
CONVENTION_OF = {"BC": "basel", "RC": "rotterdam", "SC": "stockholm", "CC": None}


def test_the_catalogue_holds_the_plans_44_indicators_with_unit_and_convention(
    services: Services,
) -> None:
    indicators = services.results.indicators()
    assert {i.code: i.unit.value for i in indicators} == PLAN_INDICATORS
    for indicator in indicators:
        assert indicator.convention == CONVENTION_OF[indicator.code[:2]]
        assert indicator.outcome == indicator.code.rsplit("-", 1)[0]
        assert len(indicator.text) > 30
    assert next(i for i in indicators if i.code == "BC-2-v").text == (
        "Number of Parties trained on the use of a new reporting format under the Basel Convention")
    outcomes = services.store.results.outcomes()
    outputs = services.store.results.outputs()
    assert [code for code, _, _ in outcomes] == [
        "BC-1", "BC-2", "RC-1", "RC-2", "SC-1", "SC-2", "CC-1", "CC-2"]
    assert len(outputs) == 44 and ("BC-1-out-iii", "BC-1") in [(c, o) for c, o, _ in outputs]
    assert sum(1 for i in indicators if i.unit is Unit.PARTY) == 30
    # Outcome-level indicators are shown by evidence only: attendance never sets them.
    assert next(i for i in indicators if i.code == "SC-1-ii").rule is Rule.EVIDENCE


def test_init_adds_the_plan_to_a_new_database_once(tmp_path: Path) -> None:
    path = str(tmp_path / "new.db")
    assert invoke("--db", path, "init").exit_code == 0
    assert invoke("--db", path, "init").exit_code == 0
    listed = invoke("--db", path, "results", "list")
    assert listed.exit_code == 0
    assert len(listed.output.splitlines()) == 44


# The counting rules, on hand-made cases.

PERIOD = Period.biennium("2018-2019")
TRAINED = Indicator("BC-2-v", "BC-2", "basel", "Number of Parties trained…", Unit.PARTY, Rule.ATTENDANCE,
                    disaggregations=default_disaggregations(Unit.PARTY))
PEOPLE = Indicator("CC-1-vii", "CC-1", None, "Number of participants trained…", Unit.PERSON, Rule.ATTENDANCE,
                   disaggregations=default_disaggregations(Unit.PERSON))
STATUSES = PartyStatuses([
    PartyRecord("KE", "basel", date(2000, 7, 1)), PartyRecord("SN", "basel", date(1992, 11, 10)),
    PartyRecord("US", "basel", None), PartyRecord("TV", "basel", date(2019, 6, 1)),
])


def _event(uid: str, day: date, codes: tuple[str, ...] = ("BC-2-v",), **kw: str) -> TaggedEvent:
    return TaggedEvent(uid=uid, title=uid, starts_on=day, kind=kw.get("kind", "workshop"),
                       status=kw.get("status", "held"), organiser="BCRC Africa", codes=frozenset(codes),
                       conventions=("basel",))


def _at(
    uid: str, person: int, country: str | None, share: float = 1.0, audience: str | None = None,
) -> Attendance:
    return Attendance(uid, person, share, country, region="africa", audience=audience)


def test_a_party_with_two_attendees_counts_once() -> None:
    events = [_event("w1", date(2018, 5, 3)), _event("w2", date(2019, 2, 1))]
    attendance = [_at("w1", 1, "KE"), _at("w1", 2, "KE"), _at("w2", 3, "KE"), _at("w2", 4, "SN")]
    value = count_indicator(TRAINED, PERIOD, events, attendance, [], STATUSES)
    assert (value.value, value.parties) == (2, ("KE", "SN"))
    assert [e.uid for e in value.events] == ["w1", "w2"]
    assert dict(value.breakdown)["region"] == {"africa": 2}


def test_an_attendee_under_the_threshold_does_not_count() -> None:
    events = [_event("w1", date(2018, 5, 3))]
    value = count_indicator(TRAINED, PERIOD, events, [_at("w1", 1, "KE", share=0.74)], [], STATUSES)
    assert value.value == 0 and value.events == ()
    assert count_indicator(TRAINED, PERIOD, events, [_at("w1", 1, "KE", share=0.75)], [], STATUSES).value == 1


def test_non_parties_and_unrecorded_countries_are_on_their_own_lines_never_counted() -> None:
    events = [_event("w1", date(2018, 5, 3))]
    attendance = [_at("w1", 1, "US"), _at("w1", 2, "FR"), _at("w1", 3, None), _at("w1", 4, "TV")]
    value = count_indicator(TRAINED, PERIOD, events, attendance, [], STATUSES)
    # Tuvalu became a Party in 2019: in May 2018 it was not one.
    assert (value.value, value.non_parties, value.unrecorded, value.unknown_country) == (
        0, ("TV", "US"), ("FR",), 1)


def test_events_outside_the_period_cancelled_or_untagged_do_not_count() -> None:
    events = [
        _event("before", date(2017, 12, 31)), _event("after", date(2020, 1, 1)),
        _event("cancelled", date(2018, 6, 1), status="cancelled"),
        _event("other", date(2018, 6, 1), codes=("BC-1-ii",)),
    ]
    attendance = [_at(e.uid, n, "KE") for n, e in enumerate(events)]
    assert count_indicator(TRAINED, PERIOD, events, attendance, [], STATUSES).value == 0


def test_eligible_audiences_limit_who_counts() -> None:
    customs_only = Indicator(**{**TRAINED.__dict__, "audiences": ("customs-officers",)})
    events = [_event("w1", date(2018, 5, 3))]
    attendance = [_at("w1", 1, "KE", audience="ngos"), _at("w1", 2, "SN", audience="customs-officers")]
    assert count_indicator(customs_only, PERIOD, events, attendance, [], STATUSES).parties == ("SN",)


def test_person_indicators_count_distinct_attendees() -> None:
    events = [_event("c1", date(2018, 5, 3), ("CC-1-vii",)), _event("c2", date(2018, 9, 3), ("CC-1-vii",))]
    attendance = [_at("c1", 1, "KE"), _at("c2", 1, "KE"), _at("c2", 2, "US"), _at("c2", 3, None, 0.5)]
    value = count_indicator(PEOPLE, PERIOD, events, attendance, [], STATUSES)
    assert value.value == 2
    assert dict(value.breakdown)["sex"] == {"not recorded": 2}


def test_pilot_projects_count_tagged_events_of_that_kind() -> None:
    pilots = Indicator("BC-2-ii", "BC-2", "basel", "pilot projects…", Unit.PILOT_PROJECT, Rule.TAGGED_EVENTS)
    events = [_event("p1", date(2018, 5, 3), ("BC-2-ii",), kind="pilot-project"),
              _event("w1", date(2018, 5, 3), ("BC-2-ii",), kind="webinar")]
    assert [e.uid for e in count_indicator(pilots, PERIOD, events, [], [], STATUSES).events] == ["p1"]


def test_evidence_indicators_take_evidence_rows_and_ignore_attendance() -> None:
    nips = Indicator("SC-1-ii", "SC-1", "stockholm", "NIPs transmitted", Unit.PARTY, Rule.EVIDENCE)
    statuses = PartyStatuses([PartyRecord("KE", "stockholm", date(2004, 9, 24))])
    events = [_event("w1", date(2018, 5, 3), ("SC-1-ii",))]
    attendance = [_at("w1", 1, "KE")]
    assert count_indicator(nips, PERIOD, events, attendance, [], statuses).value == 0
    evidence = [Evidence("SC-1-ii", date(2019, 3, 1), "KE", "UNEP/POPS/NIP/KE"),
                Evidence("SC-1-ii", date(2020, 3, 1), "KE", "later"),
                Evidence("SC-1-ii", date(2019, 4, 1), "ZZ", "unrecorded")]
    value = count_indicator(nips, PERIOD, events, attendance, evidence, statuses)
    assert (value.value, value.parties, value.unrecorded) == (1, ("KE",), ("ZZ",))


def test_cross_cutting_indicators_accept_a_party_to_any_convention() -> None:
    aware = Indicator("CC-1-ix", "CC-1", None, "gender", Unit.PARTY, Rule.ATTENDANCE)
    statuses = PartyStatuses([PartyRecord("KE", "rotterdam", date(2005, 5, 3))])
    events = [_event("g1", date(2018, 5, 3), ("CC-1-ix",))]
    assert count_indicator(aware, PERIOD, events, [_at("g1", 1, "KE")], [], statuses).value == 1


@pytest.mark.parametrize("text", ["2018", "2018-2020", "2019-2018", "18-19", "next year", ""])
def test_a_biennium_is_two_years_in_a_row(text: str) -> None:
    with pytest.raises(InvalidInput, match="biennium"):
        Period.biennium(text)


# The store, the service, the CLI and the outputs.


def test_report_counts_from_the_store(services: Services, clock: FixedClock) -> None:
    uid, _ = trained_workshop(services, clock)
    report = services.results.report(Period.biennium("2026-2027"))
    value = next(v for v in report.values if v.indicator.code == "BC-2-v")
    assert (value.value, value.parties, value.non_parties) == (2, ("KE", "SN"), ("US",))
    assert [e.uid for e in value.events] == [uid]
    assert services.results.report(Period.biennium("2024-2025")).values[9].value == 0
    basel = services.results.report(Period.biennium("2026-2027"), convention="basel")
    assert {v.indicator.code[:2] for v in basel.values} == {"BC"}


def test_report_of_one_centre_counts_only_the_events_it_organised(
    services: Services, clock: FixedClock,
) -> None:
    uid, _ = trained_workshop(services, clock, organiser="bcrc-senegal")
    period = Period.biennium("2026-2027")
    events = services.store.results.tagged_events(period, centre="bcrc-senegal")
    assert [e.uid for e in events] == [uid] and services.store.results.tagged_events(
        period, centre="bcrc-china") == []
    value = next(v for v in services.results.report(period, centre="bcrc-china").values
                 if v.indicator.code == "BC-2-v")
    assert (value.value, value.events) == (0, ())
    ours = next(v for v in services.results.report(period, centre="bcrc-senegal").values
                if v.indicator.code == "BC-2-v")
    assert ours.value == 2


def test_report_files_in_every_format_suppress_small_people_counts(
    services: Services, clock: FixedClock, tmp_path: Path,
) -> None:
    uid, people = trained_workshop(services, clock)
    services.results.tag_event(uid, ["CC-1-vii"])  # five people attended in full: shown as 5
    services.results.set_target("BC-2-v", "2026-2027", 0, 40)
    report = services.results.report(Period.biennium("2026-2027"))
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(to_csv(report)))}
    assert list(rows) == list(PLAN_INDICATORS)
    assert (rows["BC-2-v"]["value"], rows["BC-2-v"]["baseline"], rows["BC-2-v"]["target"]) == ("2", "0", "40")
    assert rows["BC-2-v"]["events"].startswith(uid)
    assert rows["CC-1-vii"]["value"] == "5"
    breakdown = rows["CC-1-vii"]["breakdown"]
    assert "region: africa <5, western-europe-others <5; audience: not recorded 5" in breakdown
    # One fewer attendee: the count of people is under five, suppressed in every output.
    clock.advance(timedelta(minutes=1))
    event = services.store.events.get_by_uid(uid)
    services.registrations.mark_attendance(event.id, people[0], False)
    small = services.results.report(Period.biennium("2026-2027"))
    people_row = next(r for r in rows_of(small) if r["code"] == "CC-1-vii")
    assert people_row["value"] == "<5" and "4" not in people_row["breakdown"]
    written = write_report(small, tmp_path, ("csv", "xlsx", "md", "html"))
    assert [p.name for p in written] == [f"results-2026-2027.{x}" for x in ("csv", "xlsx", "md", "html")]
    for path in written[::2]:
        text = path.read_text("utf-8")
        assert "<5" in text or "&lt;5" in text
    sheet = load_workbook(written[1]).active
    assert sheet is not None
    cells = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert cells["CC-1-vii"][2] == "<5" and cells["BC-2-v"][2] == 2 and cells["BC-2-v"][4] == 40
    assert "| CC-1-vii | person | <5 |" in to_markdown(small)
    assert not list(tmp_path.glob(".*.tmp"))


def test_cli_tags_events_and_writes_the_report(tmp_path: Path, services: Services, clock: FixedClock) -> None:
    uid, _ = trained_workshop(services, clock)
    db = str(services.settings.db_path)
    tagged = invoke("--db", db, "event", "tag", uid, "BC-1-out-iii", "SC-2-v", clock=clock)
    assert tagged.exit_code == 0, tagged.output
    assert tagged.output.strip() == f"{uid}: BC-1-out-iii BC-2-v SC-2-v"
    bad = invoke("--db", db, "event", "tag", uid, "BC-9-zz", clock=clock)
    assert bad.exit_code != 0 and "Not a results code: BC-9-zz" in bad.output
    unknown = invoke("--db", db, "event", "tag", uid, "BC-1-xx", clock=clock)
    assert unknown.exit_code != 0 and "Not in the plan: BC-1-xx" in unknown.output
    out = tmp_path / "cop"
    result = invoke("--db", db, "report", "--biennium", "2026-2027", "--format", "csv", "--out", str(out),
                    clock=clock)
    assert result.exit_code == 0, result.output
    rows = {r["code"]: r for r in csv.DictReader((out / "results-2026-2027.csv").open(encoding="utf-8"))}
    assert rows["BC-2-v"]["value"] == "2" and rows["BC-2-v"]["non_parties"] == "US"
    assert "traceback" not in invoke("--db", db, "report", "--biennium", "2026-2028").output.lower()
    assert "two years in a row" in invoke("--db", db, "report", "--biennium", "2026-2028").output


def test_party_status_csv_import(tmp_path: Path, services: Services) -> None:
    db = str(services.settings.db_path)
    good = tmp_path / "parties.csv"
    good.write_text("country,convention,party_since\nke,Basel,2000-07-01\nUS,basel,\n", encoding="utf-8")
    result = invoke("--db", db, "results", "parties", str(good))
    assert result.exit_code == 0 and "2 Party statuses recorded" in result.output
    assert sorted(services.store.results.party_statuses(), key=lambda r: r.country) == [
        PartyRecord("KE", "basel", date(2000, 7, 1)), PartyRecord("US", "basel", None)]
    bad = tmp_path / "bad.csv"
    bad.write_text("country,convention,party_since\nKE,basel,first of July\n", encoding="utf-8")
    refused = invoke("--db", db, "results", "parties", str(bad))
    assert refused.exit_code != 0 and "bad.csv line 2" in refused.output


def test_a_locked_period_refuses_an_attendance_edit_without_an_audited_override(
    services: Services, clock: FixedClock,
) -> None:
    uid, people = trained_workshop(services, clock)
    event = services.store.events.get_by_uid(uid)
    services.results.lock(Period.biennium("2026-2027"))
    with pytest.raises(NotAllowed, match="locked"):
        services.registrations.mark_attendance(event.id, people[0], False)
    assert services.results.report(Period.biennium("2026-2027")).values[9].value == 2
    services.staff.add("ana", Role.ME_OFFICER)
    with services.acting.as_login("ana"):  # the override is audited under the login of who made it
        services.registrations.mark_attendance(event.id, people[0], False, override="Zoom log corrected")
    [audit] = services.store.results.overrides(event.id)
    assert (audit["before"], audit["after"], audit["reason"], audit["changed_by"]) == (
        "attended", "no-show", "Zoom log corrected", "ana")
    # Another period stays open.
    services.results.lock(Period.biennium("2024-2025"))
    services.registrations.mark_attendance(event.id, people[1], False, override="again")
    assert len(services.store.results.overrides(event.id)) == 2


def test_attendance_import_previews_then_records_the_share_attended(
    services: Services, clock: FixedClock, tmp_path: Path,
) -> None:
    event, export = zoom_meeting(services, clock, tmp_path)
    db = str(services.settings.db_path)
    preview = invoke("--db", db, "attendance", "import", event.uid, str(export), clock=clock)
    assert preview.exit_code == 0, preview.output
    assert "3 matched, 1 not matched; nothing recorded" in preview.output
    assert "Someone Else" in preview.output and "no match: no registrant has this name" in preview.output
    counts = services.reports.registration_counts("country", event.id)
    assert [attended for _, _, attended in counts] == [0, 0, 0]
    done = invoke("--db", db, "attendance", "import", event.uid, str(export), "--yes", clock=clock)
    assert done.exit_code == 0 and "3 attendances recorded" in done.output
    shares = {a.country: a.share for a in services.store.results.attendance([event.uid])}
    assert shares == {"KE": 0.958, "SN": 0.333}  # 115 of 120 minutes; 40; Chen listed with none: no-show
    statuses = {r.name: r.status for r in services.reports.registrations(event.id)}
    assert statuses == {"Amina": "attended", "Bakary": "attended", "Chen": "no-show"}
    services.results.set_party_status([PartyRecord(c, "basel", date(2000, 1, 1)) for c in ("KE", "SN", "CN")])
    value = services.results.report(Period.biennium("2026-2027")).values[9]
    assert value.parties == ("KE",)  # Bakary stayed a third of it: under the 75 % threshold


@pytest.mark.parametrize(("content", "message"), [
    ("Name,Email\nAmina,a@b\n", "minutes column"),
    ("Name,Minutes\nAmina,a while\n", "line 2: 'a while' is not a duration"),
    ("Telegram ID,Minutes\n12x,40\n", "line 2: '12x' is not a Telegram id"),
])
def test_attendance_import_refuses_a_file_it_cannot_read(
    services: Services, tmp_path: Path, content: str, message: str,
) -> None:
    event = services.scheduling.create(make_event()).event
    export = tmp_path / "bad.csv"
    export.write_text(content, encoding="utf-8")
    result = invoke("--db", str(services.settings.db_path), "attendance", "import", event.uid, str(export))
    assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output


def test_the_demo_shows_the_results_framework(demo_services: Services) -> None:
    results = demo_services.store.results
    events = results.tagged_events(Period(date(2000, 1, 1), date(2100, 12, 31)))
    assert len(events) > 200 and all(e.codes for e in events)
    statuses = {(r.country, r.convention): r.since for r in results.party_statuses()}
    assert statuses[("US", "basel")] is None and ("SS", "basel") not in statuses
    report = demo_services.results.report(Period.biennium_of(NOW.date()))
    values = {v.indicator.code: v for v in report.values}
    assert values["SC-1-ii"].parties == ("KE", "UY")
    assert sum(1 for v in report.values if v.value) >= 4


def test_party_status_and_evidence_from_form_texts_listed_and_removed(services: Services) -> None:
    results = services.results
    kenya = PartyRecord("KE", "basel", date(2000, 7, 1))
    assert results.record_party_status("ke", "Basel", "2000-07-01") == kenya
    assert results.record_party_status("US", "rotterdam", "") == PartyRecord("US", "rotterdam", None)
    assert results.party_statuses() == [kenya, PartyRecord("US", "rotterdam", None)]
    with pytest.raises(InvalidInput, match="Not a country of the catalogue: XX"):
        results.record_party_status("XX", "basel", "2000-01-01")
    with pytest.raises(InvalidInput, match="Name the country"):
        results.record_party_status(" ", "basel", "2000-01-01")
    results.remove_party_status("us", "rotterdam")
    assert [r.country for r in results.party_statuses()] == ["KE"]
    number = results.add_evidence_texts("SC-1-i", "2019-05-14", "ke", "UNEP/POPS/NIP/KE", "revised, updated")
    [(kept, row)] = results.evidence_of("SC-1-i")
    assert kept == number
    assert (row.country, row.reference, row.note) == ("KE", "UNEP/POPS/NIP/KE", "revised, updated")
    with pytest.raises(InvalidInput, match="The date is a date written as 2019-12-31"):
        results.add_evidence_texts("SC-1-i", "May 2019", "KE", "doc", "")
    results.remove_evidence(number)
    assert results.evidence_of("SC-1-i") == []
