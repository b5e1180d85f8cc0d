"""The bot syncs the due partner sources by itself (issue 20: "a schedule (the bot process ...)"):
the real bot polling the fake Bot API syncs a local http source and delivers the digest; a source
another process is syncing is left to it (a live claim), an expired claim is taken over; a failing
source is reported and the next one is still synced; a stop waits for the sync in its thread."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from brs_coord.bot.app import build_application
from brs_coord.bot.run import serve
from brs_coord.clock import FixedClock
from brs_coord.config import Settings
from brs_coord.errors import AlreadyRunning
from brs_coord.partner_records import PartnerSource, PartnerSourceData, RunOutcome, SourceKind
from brs_coord.permissions import SCHEDULED_SYNC
from brs_coord.services import Services
from brs_coord.services.scheduled_sync import ScheduledSync
from brs_coord.services.source_claims import claim_name
from tests.bot_helpers import TOKEN
from tests.fakebot import FakeBotAPI
from tests.partner_sync_helpers import AUDIENCE
from tests.processes import ROOT, brs_argv

BOT = SCHEDULED_SYNC.login  # "bot (scheduled sync)"
OTHER = "elsewhere.example.org:4242:c0ffee"  # a process of another machine: its claim lapses only by time


def calendar(*titles: str, day: int = 10) -> bytes:
    """A partner's .ics with one event per title, in December 2026 (after the tests' NOW)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Partner//EN"]
    for n, title in enumerate(titles, start=1):
        lines += ["BEGIN:VEVENT", f"UID:p{n}-{day}@partner.example.org", "DTSTAMP:20261101T000000Z",
                  f"DTSTART:202612{day:02d}T{8 + n:02d}0000Z", f"DTEND:202612{day:02d}T{9 + n:02d}0000Z",
                  f"SUMMARY:{title}", "END:VEVENT"]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


@dataclass
class PartnerServer:
    """A partner's calendar server on 127.0.0.1: ``pages`` by path, each answer after ``delay`` s."""

    pages: dict[str, bytes] = field(default_factory=dict)
    delay: float = 0.0
    asked: threading.Event = field(default_factory=threading.Event)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def partner() -> Iterator[PartnerServer]:
    state = PartnerServer()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            state.asked.set()
            time.sleep(state.delay)
            body = state.pages.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "text/calendar")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def http_source(services: Services, url: str, *, trusted: bool = True) -> PartnerSource:
    return services.partner_sync.add_source(PartnerSourceData(
        SourceKind.ICS, "bcrc-uruguay", url=url, local=True, trusted=trusted, audiences=(AUDIENCE,)))


def file_source(services: Services, path: Path) -> PartnerSource:
    return services.partner_sync.add_source(PartnerSourceData(
        SourceKind.ICS, "bcrc-uruguay", file=str(path), trusted=True, audiences=(AUDIENCE,)))


async def until(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    """Wait (reading the store in a thread) until ``predicate()``; fails after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not await asyncio.to_thread(predicate):
        assert time.monotonic() < deadline, "not reached in time"
        await asyncio.sleep(0.05)


def scheduled(services: Services, interval: float = 3600.0) -> ScheduledSync:
    made = services.scheduled_sync(interval)
    assert made is not None
    return made


# ---- the running bot -----------------------------------------------------------------------------


async def test_the_running_bot_syncs_a_due_source_by_itself_and_delivers_its_digest(
    fake: FakeBotAPI, services: Services, settings: Settings, clock: FixedClock, partner: PartnerServer,
) -> None:
    partner.pages["/events.ics"] = calendar("Mercury waste clinic", "E-waste customs day")
    source = http_source(services, partner.url("/events.ics"))
    reader = services.participants.get_or_create(700, chat_id=700, first_name="Ana")
    services.subscriptions.subscribe(reader.id, "audience", AUDIENCE)
    fake.inject_raw({"channel_post": {"message_id": 1, "date": 0, "text": "-",
                                      "chat": {"id": 700, "type": "channel", "title": "c700"}}})
    bot_settings = replace(settings, telegram_token=TOKEN, telegram_api_base=fake.url, sender_interval=0.1,
                           source_sync_seconds=3600)
    stop = asyncio.Event()
    running = asyncio.create_task(serve(build_application(services, bot_settings), stop=stop))
    try:
        # nobody runs `source sync`: the bot's first round syncs the due source
        await until(lambda: services.partner_sync.latest_run(source.id) is not None)
        report = services.partner_sync.latest_run(source.id)
        assert report is not None and report.outcome is RunOutcome.SYNCED and report.added == 2
        assert report.by == BOT
        links = services.store.partner_sources.links(source.id)
        events = [services.scheduling.get(link.event_id) for link in links]
        assert sorted(e.title for e in events) == ["E-waste customs day", "Mercury waste clinic"]
        assert {entry.changed_by for e in events for entry in services.scheduling.history(e.id)} == {BOT}
        assert services.store.leases.current(claim_name(source.id)) is None  # given up after the sync
        # its one digest goes through the outbox, delivered by the same bot's sender
        clock.advance(timedelta(seconds=services.notices.batch_seconds + 1))
        [sent] = await fake.wait_for_async(
            "sendMessage", timeout=15, predicate=lambda call: call.params.get("chat_id") == 700)
        assert "Mercury waste clinic" in sent.params["text"]
    finally:
        stop.set()
        await asyncio.wait_for(running, 30)
    assert len(fake.calls("sendMessage")) == 1  # one digest for two new events: no storm


async def test_a_stop_waits_for_the_sync_in_its_thread(
    services: Services, partner: PartnerServer,
) -> None:
    partner.pages["/slow.ics"] = calendar("Slow partner webinar")
    partner.delay = 1.0
    source = http_source(services, partner.url("/slow.ics"))
    sync = scheduled(services)
    sync.start()
    await asyncio.to_thread(partner.asked.wait, 10)  # the thread is fetching now
    await sync.stop()
    # stop returned only after the thread's sync ended: its report is there, the store may be closed
    report = services.partner_sync.latest_run(source.id)
    assert report is not None and report.added == 1
    assert sync.rounds == 1


async def test_no_scheduled_sync_when_the_setting_is_zero(services: Services) -> None:
    assert services.scheduled_sync(0) is None


# ---- claims --------------------------------------------------------------------------------------


def test_a_source_claimed_by_a_live_process_is_left_to_it_and_an_expired_claim_is_taken_over(
    services: Services, clock: FixedClock, tmp_path: Path,
) -> None:
    (tmp_path / "a.ics").write_bytes(calendar("Claimed elsewhere", day=11))
    (tmp_path / "b.ics").write_bytes(calendar("Left by a dead sync", day=12))
    busy, lapsed = (file_source(services, tmp_path / name) for name in ("a.ics", "b.ics"))
    now = clock.now()
    leases = services.store.leases
    leases.take(claim_name(busy.id), OTHER, now, now + timedelta(minutes=10))
    leases.take(claim_name(lapsed.id), OTHER, now - timedelta(hours=1), now - timedelta(minutes=1))

    reports = scheduled(services).run_round()

    assert [r.source_id for r in reports] == [lapsed.id]
    assert services.partner_sync.latest_run(busy.id) is None  # not synced at all
    held = leases.current(claim_name(busy.id))
    assert held is not None and held.holder == OTHER  # still the other process's
    assert leases.current(claim_name(lapsed.id)) is None  # taken over, then given up
    with pytest.raises(AlreadyRunning, match=r"Source \d+ is being synced by another process "
                                             r"\(pid 4242 on elsewhere.example.org\)"):
        with services.acting.as_member(SCHEDULED_SYNC):
            services.partner_sync.sync(busy.id)
    # once that claim lapses (its process died without giving it up), the next round syncs it
    clock.advance(timedelta(minutes=11))
    [report] = scheduled(services).run_round()
    assert report.source_id == busy.id and report.added == 1 and report.by == BOT


def test_a_claim_of_a_dead_process_of_this_machine_is_taken_at_once(
    services: Services, clock: FixedClock, tmp_path: Path,
) -> None:
    (tmp_path / "a.ics").write_bytes(calendar("After a killed cron sync"))
    source = file_source(services, tmp_path / "a.ics")
    gone = subprocess.Popen(["true"])
    gone.wait()
    now = clock.now()
    services.store.leases.take(claim_name(source.id), f"{socket.gethostname()}:{gone.pid}:dead00", now,
                               now + timedelta(minutes=15))
    [report] = scheduled(services).run_round()
    assert report.source_id == source.id and report.added == 1


def test_a_cron_source_sync_leaves_a_source_another_process_is_syncing(
    services: Services, settings: Settings, tmp_path: Path,
) -> None:
    (tmp_path / "a.ics").write_bytes(calendar("Being synced by the bot"))
    source = file_source(services, tmp_path / "a.ics")
    from brs_coord.services.source_claims import SourceClaims

    lease = SourceClaims(services.store).take(source.id)  # as the bot's sync thread holds it
    assert lease is not None
    env = dict(os.environ) | {"BRS_DB": str(settings.db_path), "PYTHONPATH": str(ROOT)}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(brs_argv("source", "sync", *args), cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=60)

    every, one = cli(), cli(str(source.id))
    assert every.returncode == 0 and "No source is due." in every.stdout, every.stderr
    assert one.returncode == 1 and "is being synced by another process" in one.stderr, one.stderr
    assert "Traceback" not in one.stderr
    assert services.partner_sync.latest_run(source.id) is None
    SourceClaims(services.store).give_up(lease)
    after = cli(str(source.id))
    assert after.returncode == 0 and "added 1" in after.stdout, after.stderr


# ---- failures --------------------------------------------------------------------------------------


async def test_a_failing_source_is_reported_and_the_next_ones_are_still_synced(
    services: Services, partner: PartnerServer, tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    refused = socket.socket()
    refused.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
    dead_url = f"http://127.0.0.1:{refused.getsockname()[1]}/calendar.ics"
    partner.pages["/garbage.ics"] = b"\x00\xff this is not a calendar"
    partner.pages["/good.ics"] = calendar("Still synced after the failures")
    down = http_source(services, dead_url)
    garbage = http_source(services, partner.url("/garbage.ics"))
    missing = file_source(services, tmp_path / "never-written.ics")
    good = http_source(services, partner.url("/good.ics"))
    sync = scheduled(services, interval=0.2)
    with caplog.at_level(logging.INFO, logger="brs_coord.services.scheduled_sync"):
        sync.start()
        await until(lambda: sync.rounds >= 2)  # the loop goes on after a round with failures
        await sync.stop()
    refused.close()
    runs = {s.id: services.partner_sync.runs(s.id) for s in (down, garbage, missing, good)}
    assert runs[down.id][-1].outcome is RunOutcome.FAILED and "127.0.0.1" in runs[down.id][-1].message
    assert runs[missing.id][-1].outcome is RunOutcome.FAILED and "Cannot read" in runs[missing.id][-1].message
    assert runs[garbage.id][-1].rejected == 1 and runs[garbage.id][-1].rejections[0].where == "calendar"
    assert runs[good.id][-1].outcome is RunOutcome.SYNCED and runs[good.id][-1].added == 1
    assert len(runs[good.id]) == 1  # synced once: not due again in the next round
    assert len(runs[down.id]) == 1  # not hammered: tried again only after its retry delay
    first_round = [r for r in caplog.records if r.getMessage().startswith("scheduled sync of source")]
    warned = {r.getMessage().split(":")[0] for r in first_round if r.levelno == logging.WARNING}
    assert {f"scheduled sync of source {s.id}" for s in (down, garbage, missing)} <= warned
    assert all("\n" not in r.getMessage() and r.exc_info is None for r in first_round)  # one line each
    assert f"scheduled sync of source {good.id}" not in warned


def test_an_unforeseen_error_of_one_source_is_its_failed_run(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "bug.ics").write_bytes(calendar("Trips a parser bug"))
    (tmp_path / "next.ics").write_bytes(calendar("Synced after it", day=12))
    buggy, after = (file_source(services, tmp_path / name) for name in ("bug.ics", "next.ics"))
    from brs_coord.services import partner_sync as module

    real = module.PARSERS[SourceKind.ICS]

    def parser(body: bytes, source: PartnerSource, now: Any) -> Any:
        if source.id == buggy.id:
            raise KeyError("DTSTART")  # as a parser's bug on a strange feed would
        return real(body, source, now)

    monkeypatch.setitem(module.PARSERS, SourceKind.ICS, parser)
    reports = scheduled(services).run_round()
    assert [(r.source_id, r.outcome) for r in reports] == [(buggy.id, RunOutcome.FAILED),
                                                           (after.id, RunOutcome.SYNCED)]
    assert reports[0].message == "the sync failed: KeyError: 'DTSTART'" and reports[0].by == BOT


def test_a_failing_source_is_tried_again_later_and_later_up_to_its_interval(
    services: Services, clock: FixedClock, tmp_path: Path,
) -> None:
    """A source whose server is down is not fetched every round: 5, 10, 20... minutes after each
    failure in a row, never longer than its interval; once it works, its interval again."""
    path = tmp_path / "down.ics"
    source = services.partner_sync.add_source(PartnerSourceData(
        SourceKind.ICS, "bcrc-uruguay", file=str(path), trusted=True, audiences=(AUDIENCE,),
        interval_minutes=60))
    sync = services.partner_sync
    waits = []
    for _ in range(5):
        [report] = sync.sync_due()
        assert report.outcome is RunOutcome.FAILED
        failing = sync.source(source.id)
        retry = failing.next_sync_at()
        assert retry is not None and not failing.due(clock.now())
        waits.append(int((retry - clock.now()).total_seconds() // 60))
        assert sync.sync_due() == []  # not due again before its retry
        clock.advance(retry - clock.now() - timedelta(seconds=1))
        assert sync.sync_due() == []
        clock.advance(timedelta(seconds=1))
    assert waits == [5, 10, 20, 40, 60]  # doubled after each failure, never over its interval
    assert sync.source(source.id).failures == 5
    path.write_bytes(calendar("Back online"))
    [report] = sync.sync_due()
    assert report.outcome is RunOutcome.SYNCED
    back = sync.source(source.id)
    assert (back.failures, back.next_sync_at()) == (0, clock.now() + timedelta(minutes=60))
    assert not back.due(clock.now() + timedelta(minutes=59)) and back.due(clock.now() + timedelta(minutes=60))
    assert sync.sync(source.id).outcome is RunOutcome.SYNCED  # a sync asked for by staff runs at once


# ---- the setting -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "seconds"), [(None, 300.0), ("0", 0.0), ("1", 1.0), ("900", 900.0)])
def test_the_interval_setting(value: str | None, seconds: float) -> None:
    from brs_coord.config import load_settings

    environ = {} if value is None else {"BRS_SOURCE_SYNC_SECONDS": value}
    assert load_settings(environ | {"BRS_TZ": "UTC"}).source_sync_seconds == seconds


@pytest.mark.parametrize(("value", "words"), [
    ("0.5", r"0 \(off\) or at least 1"), ("soon", "must be a number"), ("-3", "between 0 and")])
def test_a_bad_interval_is_one_clear_line(value: str, words: str) -> None:
    from brs_coord.config import load_settings
    from brs_coord.errors import ConfigError

    with pytest.raises(ConfigError, match=words):
        load_settings({"BRS_SOURCE_SYNC_SECONDS": value, "BRS_TZ": "UTC"})
