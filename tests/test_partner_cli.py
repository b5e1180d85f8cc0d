"""The contract of `brs-coord source …` and `brs-coord review …` (issue 20)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from brs_coord.services import Services
from tests.cli_helpers import invoke
from tests.partner_sync_helpers import CORPUS


def test_add_sync_review_apply_list_remove(services: Services, tmp_path: Path) -> None:
    env = {"BRS_DB": str(services.store.path), "BRS_STAFF_NAME": "tester"}
    feed = tmp_path / "wp.ics"
    shutil.copyfile(CORPUS / "wordpress_1.ics", feed)
    added = invoke("source", "add", "--kind", "ics", "--file", str(feed), "--centre", "bcrc-uruguay",
                   "--kind-default", "webinar", "--audience", "regional-centres", env=env)
    assert added.exit_code == 0, added.output
    source_id = added.output.strip().splitlines()[-1]
    assert source_id.isdigit()
    assert f"{source_id}\tics\tbcrc-uruguay" in invoke("source", "list", env=env).output
    synced = invoke("source", "sync", source_id, env=env)
    assert synced.exit_code == 0, synced.output
    for word in ("processed 2", "added 0", "updated 0", "held 2", "rejected 0", "dropped 0"):
        assert word in synced.output
    listed = invoke("review", "list", env=env).output.strip().splitlines()
    assert len(listed) == 2 and all("\tnew\t" in line for line in listed)
    first = listed[0].split("\t")[0]
    assert invoke("review", "apply", first, env=env).exit_code == 0
    applied = invoke("review", "apply", "--all", env=env)
    assert applied.exit_code == 0 and applied.output.count("created event") == 1
    assert invoke("review", "list", env=env).output.strip() == "Nothing to review."
    again = invoke("source", "sync", env=env)  # nothing due right after a sync
    assert again.output.strip() == "No source is due."
    removed = invoke("source", "remove", source_id, env=env)
    assert removed.exit_code == 0
    assert invoke("source", "list", env=env).output.strip() == "No partner sources."


def test_bad_input_is_one_line_and_exit_1(services: Services, tmp_path: Path) -> None:
    env = {"BRS_DB": str(services.store.path), "BRS_STAFF_NAME": "tester"}
    cases = [
        ("source", "add", "--kind", "ics", "--url", "http://example.org/a.ics", "--centre", "bcrc-uruguay"),
        ("source", "add", "--kind", "ics", "--file", "x.ics", "--centre", "no-such-centre"),
        ("source", "sync", "99"),
        ("review", "apply", "42"),
    ]
    for args in cases:
        result = invoke(*args, env=env)
        assert result.exit_code == 1, (args, result.output)
        assert len(result.output.strip().splitlines()) == 1, (args, result.output)
    missing = invoke("source", "add", "--kind", "ics", "--file", str(tmp_path / "gone.ics"),
                     "--centre", "bcrc-uruguay", env=env)
    source_id = missing.output.strip().splitlines()[-1]
    failed = invoke("source", "sync", source_id, env=env)
    assert failed.exit_code == 1 and "failed" in failed.output and "Cannot read" in failed.output


PLAN = (b"Thing;When;Remarks\n"
        b"Regional workshop on e-waste inventories;12/03/2027 09:30;in Dakar\n"
        b"Webinar on POPs in products;Q2 2027;online\n")


def test_a_workplan_source_keeps_the_column_mapping_saved_with_it(services: Services, tmp_path: Path) -> None:
    """Headers no guess understands ("Thing", "When"): the mapping saved with the source reads them at
    every sync (timed cells in the source's zone); `source mapping` shows, replaces or forgets it."""
    env = {"BRS_DB": str(services.store.path), "BRS_STAFF_NAME": "tester"}
    plan = tmp_path / "plan.csv"
    plan.write_bytes(PLAN)
    guessed = invoke("source", "preview", "--file", str(plan), env=env)
    assert guessed.exit_code == 1 and "title" in guessed.output  # the header says nothing of a title
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"title": "Thing", "start": "When", "description": "Remarks"}', encoding="utf-8")
    added = invoke("source", "add", "--kind", "csv", "--file", str(plan), "--centre", "bcrc-senegal",
                   "--tz", "Europe/Paris", "--mapping", str(mapping), "--trusted", env=env)
    assert added.exit_code == 0, added.output
    source_id = added.output.strip().splitlines()[-1]
    assert "saved mapping" in invoke("source", "list", env=env).output
    assert invoke("source", "mapping", source_id, env=env).output.strip() == mapping.read_text("utf-8")
    previewed = invoke("source", "preview", "--file", str(plan), "--source", source_id, env=env)
    assert previewed.exit_code == 0, previewed.output
    assert '"title": "Thing"' in previewed.output and '"zone": "Europe/Paris"' in previewed.output
    synced = invoke("source", "sync", source_id, env=env)
    assert synced.exit_code == 0 and "added 2" in synced.output, synced.output
    links = services.store.partner_sources.links(int(source_id))
    events = [services.scheduling.get(link.event_id) for link in links]
    workshop = next(e for e in events if e.title.startswith("Regional workshop"))
    assert workshop.timezone == "Europe/Paris" and f"{workshop.starts_at:%H:%M}" == "08:30"  # 09:30 CET
    assert workshop.description == "in Dakar"

    forgot = invoke("source", "mapping", source_id, "--guess", env=env)
    assert forgot.exit_code == 0 and "no saved mapping" in forgot.output
    plan.write_bytes(PLAN + b"Training of trainers;01/06/2027;\n")
    failed = invoke("source", "sync", source_id, env=env)  # guessed again: the headers do not read
    assert failed.exit_code == 1 and "failed" in failed.output, failed.output
    assert len(services.store.partner_sources.links(int(source_id))) == 2  # nothing dropped or added
    saved = invoke("source", "mapping", source_id, '{"title": "Thing", "start": "When"}', env=env)
    assert saved.exit_code == 0 and "mapping saved" in saved.output
    again = invoke("source", "sync", source_id, env=env)
    assert again.exit_code == 0 and "added 1" in again.output, again.output


def test_a_mapping_that_does_not_read_is_refused_in_one_line(services: Services, tmp_path: Path) -> None:
    env = {"BRS_DB": str(services.store.path), "BRS_STAFF_NAME": "tester"}
    plan = tmp_path / "plan.csv"
    plan.write_bytes(PLAN)
    base = ("source", "add", "--file", str(plan), "--centre", "bcrc-senegal")
    cases = [
        (*base, "--kind", "csv", "--mapping", '{"titel": "Thing"}'),  # no such field
        (*base, "--kind", "csv", "--mapping", '{"title": "Thing"'),  # not JSON
        (*base, "--kind", "csv", "--mapping", str(tmp_path / "none.json")),  # no such file
        (*base, "--kind", "ics", "--mapping", '{"title": "Thing"}'),  # a feed has no columns
        (*base, "--kind", "csv", "--audience", "no-such-audience"),
        (*base, "--kind", "csv", "--convention", "vienna"),
        (*base, "--kind", "csv", "--language", "xx"),
    ]
    for args in cases:
        result = invoke(*args, env=env)
        assert result.exit_code == 1, (args, result.output)
        assert len(result.output.strip().splitlines()) == 1, (args, result.output)
    assert invoke("source", "list", env=env).output.strip() == "No partner sources."


def test_a_failing_source_says_when_it_is_tried_again(services: Services, tmp_path: Path) -> None:
    env = {"BRS_DB": str(services.store.path), "BRS_STAFF_NAME": "tester"}
    missing = tmp_path / "not-yet.ics"
    added = invoke("source", "add", "--kind", "ics", "--file", str(missing), "--centre", "bcrc-uruguay",
                   env=env)
    source_id = added.output.strip().splitlines()[-1]
    failed = invoke("source", "sync", env=env)
    assert failed.exit_code == 1 and "Cannot read" in failed.output
    [line] = invoke("source", "list", env=env).output.strip().splitlines()
    assert line.startswith(f"{source_id}\tics\tbcrc-uruguay") and "\tnever synced\t" in line
    assert "failing: 1 failed run in a row, next try " in line and line.endswith(" UTC")
    assert invoke("source", "sync", env=env).output.strip() == "No source is due."  # not before its retry
    shutil.copyfile(CORPUS / "wordpress_1.ics", missing)
    assert invoke("source", "sync", source_id, env=env).exit_code == 0  # asked for: at once
    assert "\tfailing:" not in invoke("source", "list", env=env).output


CENTRE_FEED = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:centre\r\nBEGIN:VEVENT\r\nUID:ws-1@bcrc-africa\r\n"
               "SUMMARY:Regional workshop on e-waste\r\nDTSTART;TZID=Africa/Nairobi:20270315T090000\r\n"
               "DTEND;TZID=Africa/Nairobi:20270317T170000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
INDICO_EXPORT = ('{"count": 1, "results": [{"id": 55, "title": "Regional Workshop on E-Waste",'
                 ' "startDate": {"date": "2027-03-15", "time": "09:00:00", "tz": "Africa/Nairobi"},'
                 ' "endDate": {"date": "2027-03-17", "time": "17:00:00", "tz": "Africa/Nairobi"}}]}')


def test_two_sources_without_an_audience_listing_one_workshop_are_flagged_same_as(
    services: Services, tmp_path: Path,
) -> None:
    """A centre's feed and Indico list the same workshop; neither source names an audience (the
    CLI's default): flagged "same as" in the report, both kept, and the Indico side vanishing
    cancels its own event only."""
    env = {"BRS_DB": str(services.store.path), "BRS_STAFF_NAME": "tester"}
    (tmp_path / "centre.ics").write_text(CENTRE_FEED, encoding="utf-8")
    (tmp_path / "indico.json").write_text(INDICO_EXPORT, encoding="utf-8")
    ids = []
    for kind, name in (("ics", "centre.ics"), ("indico", "indico.json")):
        added = invoke("source", "add", "--kind", kind, "--file", str(tmp_path / name),
                       "--centre", "bcrc-senegal",
                       "--trusted", "--grace", "0", env=env)
        assert added.exit_code == 0, added.output
        ids.append(added.output.strip().splitlines()[-1])
    assert "added 1" in invoke("source", "sync", ids[0], env=env).output
    second = invoke("source", "sync", ids[1], env=env)
    assert second.exit_code == 0 and "added 1" in second.output, second.output
    assert "same as: event" in second.output
    [(mine, other)] = services.store.partner_sources.runs(int(ids[1]), 1)[0].same_as
    assert services.partner_sync.provenance(mine) is not None
    assert other in services.partner_sync.provenance(mine).same_as  # type: ignore[union-attr]
    (tmp_path / "indico.json").write_text('{"count": 0, "results": []}', encoding="utf-8")
    gone = invoke("source", "sync", ids[1], env=env)
    assert "vanished 1" in gone.output, gone.output
    assert services.scheduling.get(mine).status.value == "cancelled"
    assert services.scheduling.get(other).status.value == "planned"  # the centre's own event stays


def test_a_file_that_is_no_calendar_is_one_clear_line_and_exit_1(services: Services, tmp_path: Path) -> None:
    """An HTML error page, binary junk with terminal escapes, an empty file, JSON given as .ics:
    the sync says what the file is in printable words, treats nothing as gone, and exits 1."""
    env = {"BRS_DB": str(services.store.path), "BRS_STAFF_NAME": "tester"}
    cases = {"page.ics": (b"<!DOCTYPE html><html><body>404</body></html>", "an HTML or XML page"),
             "junk.ics": (bytes(range(256)) * 8 + b"\x1b[2J", "binary data"),
             "empty.ics": (b"", "it is empty"),
             "export.ics": (b'{"results": []}', "--kind indico")}
    for name, (body, words) in cases.items():
        (tmp_path / name).write_bytes(body)
        added = invoke("source", "add", "--kind", "ics", "--file", str(tmp_path / name),
                       "--centre", "bcrc-senegal", env=env)
        synced = invoke("source", "sync", added.output.strip().splitlines()[-1], env=env)
        assert synced.exit_code == 1, (name, synced.output)
        assert synced.exception is None or isinstance(synced.exception, SystemExit)
        assert words in synced.output and "not an iCalendar document" in synced.output, synced.output
        assert all(ch.isprintable() for ch in synced.output.replace("\n", "")), synced.output


def test_a_file_given_by_a_relative_path_is_kept_absolute(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`source add --file plan.ics` run in the centre's folder, then `source sync` run by cron from
    elsewhere: the file is still found."""
    env = {"BRS_DB": str(services.store.path), "BRS_STAFF_NAME": "tester"}
    (tmp_path / "centre.ics").write_text(CENTRE_FEED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    added = invoke("source", "add", "--kind", "ics", "--file", "centre.ics", "--centre", "bcrc-senegal",
                   env=env)
    source_id = added.output.strip().splitlines()[-1]
    assert services.partner_sync.source(int(source_id)).file == str(tmp_path / "centre.ics")
    monkeypatch.chdir(tmp_path.parent)
    synced = invoke("source", "sync", source_id, env=env)
    assert synced.exit_code == 0 and "held 1" in synced.output, synced.output
