"""The sync engine over the other half of issue 20: a CSV workplan source read by the workplan
parser (columns guessed, timed cells in the source's zone), an http source fetched by the hardened
fetcher with a conditional re-sync answered 304, and plain http refused unless the source is local."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from brs_coord.errors import InvalidInput
from brs_coord.partner_records import PartnerSourceData, RunOutcome, SourceKind
from brs_coord.services import Services

FEED = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Centre//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:centre-1@example.org\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261210T090000Z\r\n"
        b"DTEND:20261210T100000Z\r\nSUMMARY:Centre webinar on mercury\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
ETAG = '"v1"'


def test_a_csv_workplan_source_is_synced_through_the_workplan_parser(
    services: Services, tmp_path: Path,
) -> None:
    plan = tmp_path / "workplan.csv"
    plan.write_text("Titre;Début;Fin\nAtelier douanes;12/03/2027 09:00;12/03/2027 12:00\n"
                    "Webinaire DEEE;mars 2027;\n;;\n", encoding="utf-8")
    sync = services.partner_sync
    source = sync.add_source(PartnerSourceData(SourceKind.CSV, "bcrc-senegal", file=str(plan), trusted=True,
                                               timezone="Africa/Dakar", language="fr"))
    report = sync.sync(source.id)
    assert report.outcome is RunOutcome.SYNCED, report.message
    assert (report.added, report.rejected) == (2, 0) and report.accounted, report
    titles = {link.external_uid: services.scheduling.get(link.event_id)
              for link in services.store.partner_sources.links(source.id)}
    workshop = next(e for e in titles.values() if e.title == "Atelier douanes")
    assert workshop.starts_at.astimezone(ZoneInfo("Africa/Dakar")) == datetime(
        2027, 3, 12, 9, tzinfo=ZoneInfo("Africa/Dakar"))
    assert sync.sync(source.id).added == 0  # again: nothing new, no duplicate


class _Feed(http.server.BaseHTTPRequestHandler):
    fetches: list[str | None] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        self.fetches.append(self.headers.get("If-None-Match"))
        if self.headers.get("If-None-Match") == ETAG:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("ETag", ETAG)
        self.send_header("Content-Length", str(len(FEED)))
        self.end_headers()
        self.wfile.write(FEED)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def feed_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Feed.fetches = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_an_http_source_goes_through_the_hardened_fetcher(services: Services, feed_url: str) -> None:
    sync = services.partner_sync
    local = sync.add_source(PartnerSourceData(SourceKind.ICS, "bcrc-senegal", url=f"{feed_url}/feed.ics",
                                              trusted=True, local=True))
    assert sync.sync(local.id).added == 1
    again = sync.sync(local.id)  # the ETag sent back: 304, nothing read, nothing changed
    assert _Feed.fetches == [None, ETAG] and again.outcome is RunOutcome.NOT_MODIFIED and again.processed == 0
    with pytest.raises(InvalidInput, match="local"):  # plain http is for sources marked local only
        sync.add_source(PartnerSourceData(SourceKind.ICS, "bcrc-senegal", url=f"{feed_url}/feed.ics"))
