"""What calendar clients act on: free/busy (TRANSP and Microsoft's busy status), whole months,
calendar SOURCE and URL, no empty VCALENDAR, the personal feed's CONFERENCE, LOCATION and VALARMs
(the participant's reminder leads, stable UIDs), the index page's labelled buttons per client, and
the export's warning about a loopback base URL."""

from __future__ import annotations

import html.parser
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import ics as ics_py
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

from brs_coord.domain import DatePrecision, EventKind, Status
from brs_coord.services import Services
from brs_coord.services.feed_pages import CLIENTS, is_loopback_url, short_title
from tests.cli_helpers import invoke
from tests.conftest import make_event


def unfolded(body: bytes) -> str:
    return body.decode("utf-8").replace("\r\n ", "")


def vevent_of(body: bytes, uid: str) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(body)
    return next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid)


def test_free_busy_follows_status_and_precision(services: Services) -> None:
    create = services.scheduling.create
    confirmed = create(make_event(title="Confirmed")).event
    planned = create(make_event(title="Planned", status=Status.PLANNED)).event
    postponed = create(make_event(title="Postponed")).event
    services.scheduling.postpone(postponed.id, "Venue", expected_version=postponed.version)
    cancelled = create(make_event(title="Cancelled")).event
    services.scheduling.cancel(cancelled.id, "Funding", expected_version=cancelled.version)
    start = datetime(2027, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/Zurich"))
    month = create(make_event(title="Some day in March", date_precision=DatePrecision.MONTH, starts_at=start,
                              ends_at=start + timedelta(hours=2))).event
    body = services.feeds.feed("all").body
    expected = {
        confirmed.uid: ("OPAQUE", "BUSY"), planned.uid: ("OPAQUE", "TENTATIVE"),
        postponed.uid: ("TRANSPARENT", "FREE"), cancelled.uid: ("TRANSPARENT", "FREE"),
        month.uid: ("TRANSPARENT", "FREE"),
    }
    for uid, (transp, busy) in expected.items():
        event = vevent_of(body, uid)
        assert (str(event["TRANSP"]), str(event["X-MICROSOFT-CDO-BUSYSTATUS"])) == (transp, busy), uid
    whole = vevent_of(body, month.uid)
    assert whole.decoded("DTSTART") == datetime(2027, 3, 1).date()
    assert whole.decoded("DTEND") == datetime(2027, 4, 1).date()  # all of March, its last day too


def test_calendar_names_its_source_and_page(services: Services) -> None:
    services.scheduling.create(make_event())
    calendar = icalendar.Calendar.from_ical(services.feeds.feed("kind-webinar").body)
    assert str(calendar["SOURCE"]) == "http://127.0.0.1:8080/calendars/kind-webinar.ics"
    assert str(calendar["URL"]) == "http://127.0.0.1:8080/"
    filtered = icalendar.Calendar.from_ical(services.feeds.filtered({"kind": "webinar"}).body)
    assert str(filtered["SOURCE"]) == "http://127.0.0.1:8080/feed.ics?kind=webinar"


def test_no_feed_is_an_empty_vcalendar(services: Services) -> None:
    """An empty store: every feed still holds a component, and every parser reads it with 0 events."""
    for doc in services.feeds.build_all():
        text = doc.body.decode("utf-8")
        calendar = icalendar.Calendar.from_ical(doc.body)
        calendar.validate()  # IncompleteComponent without a component
        assert calendar.walk("VEVENT") == [] and len(calendar.subcomponents) >= 1, doc.name
        assert len(IcsCalendarStream.calendar_from_ics(text).events) == 0
        assert vobject.readOne(text).contents.get("vevent", []) == []
        assert len(ics_py.Calendar(text).events) == 0


def test_demo_feeds_pass_every_parser_and_none_is_empty(demo_services: Services) -> None:
    documents = demo_services.feeds.build_all()
    assert any(doc.count == 0 for doc in documents), "the demo has feeds with no event"
    for doc in documents:
        text = doc.body.decode("utf-8")
        calendar = icalendar.Calendar.from_ical(doc.body)
        calendar.validate()
        assert len(calendar.walk("VEVENT")) == doc.count, doc.name
        assert len(IcsCalendarStream.calendar_from_ics(text).events) == doc.count, doc.name
        assert len(vobject.readOne(text).contents.get("vevent", [])) == doc.count, doc.name
        assert len(ics_py.Calendar(text).events) == doc.count, doc.name


def test_personal_feed_carries_conference_location_and_the_participants_alarms(services: Services) -> None:
    online = services.scheduling.create(make_event(
        title="Registered webinar", online_url="https://meet.example.org/room-1", location="Online",
    )).event
    other = services.scheduling.create(make_event(
        title="Followed workshop", kind=EventKind.WORKSHOP, audiences=("customs-officers",),
        online_url="https://meet.example.org/room-2",
    )).event
    person = services.participants.get_or_create(78, chat_id=78, first_name="Ana")
    services.registrations.register(person.id, online.id)
    services.reminders.set_leads(person.id, [1440, 60])
    services.store.session.db.execute(
        "INSERT INTO subscriptions (participant_id, facet, value, created_at) VALUES (?, ?, ?, ?)",
        [person.id, "audience", "customs-officers", "2026-11-21T10:00:00Z"],
    )
    body = services.feeds.personal(services.participants.feed_token(78)).body
    mine = vevent_of(body, online.uid)
    assert str(mine["CONFERENCE"]) == "https://meet.example.org/room-1"
    assert mine["CONFERENCE"].params["VALUE"] == "URI"
    assert "https://meet.example.org/room-1" in str(mine["LOCATION"])
    alarms = [c for c in mine.subcomponents if c.name == "VALARM"]
    assert sorted(a.decoded("TRIGGER") for a in alarms) == [-timedelta(days=1), -timedelta(hours=1)]
    uids = sorted(str(a["UID"]) for a in alarms)
    assert len(set(uids)) == 2
    again = vevent_of(services.feeds.personal(services.participants.feed_token(78)).body, online.uid)
    assert sorted(str(a["UID"]) for a in again.subcomponents if a.name == "VALARM") == uids  # stable
    followed = vevent_of(body, other.uid)  # not registered: no link, no bot reminder, no alarm
    assert "CONFERENCE" not in followed and not followed.subcomponents
    services.reminders.set_leads(person.id, [])
    quiet = vevent_of(services.feeds.personal(services.participants.feed_token(78)).body, online.uid)
    assert not [c for c in quiet.subcomponents if c.name == "VALARM"]


class Anchors(html.parser.HTMLParser):
    """The subscribe links of the index page: (feed item id, accessible name, text, href)."""

    def __init__(self) -> None:
        super().__init__()
        self.item = ""
        self.links: list[dict[str, str]] = []
        self.headings: list[str] = []
        self._open: dict[str, str] | None = None
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "li" and values.get("class") == "feed":
            self.item = values["id"].removeprefix("feed-")
        if tag == "a" and "button" in values.get("class", ""):
            self._open = {"item": self.item, "label": values.get("aria-label", ""), "href": values["href"],
                          "text": ""}
        if tag == "h3":
            self._in_heading = True
            self.headings.append("")

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data
        if self._in_heading:
            self.headings[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.links.append(self._open)
            self._open = None
        if tag == "h3":
            self._in_heading = False


def test_index_page_one_labelled_button_per_client(demo_services: Services) -> None:
    documents = demo_services.feeds.build_all()
    page = demo_services.feeds.index_html(documents).decode("utf-8")
    parser = Anchors()
    parser.feed(page)
    titles = {doc.name: short_title(doc) for doc in documents}
    assert sorted(parser.headings) == sorted(titles.values())  # every feed name is a heading
    with_events = [doc for doc in documents if doc.count]
    assert len(parser.links) == len(with_events) * len(CLIENTS)
    for link in parser.links:
        assert titles[link["item"]] in link["label"], link  # the accessible name names the feed
    labels = {link["text"] for link in parser.links}
    assert labels == {label for _, label in CLIENTS}
    first = next(link for link in parser.links if link["item"] == "all")
    assert first["href"].startswith("https://calendar.google.com/")  # not webcal:// first
    hosts = {link["href"].split("/")[2] for link in parser.links}
    assert {"outlook.live.com", "outlook.office.com", "calendar.google.com"} <= hosts
    for doc in documents:
        if not doc.count:
            assert f'id="feed-{doc.name}"' in page
            assert not [link for link in parser.links if link["item"] == doc.name]
    assert "every few hours" not in page.split("Google")[1].split("</li>")[0]
    assert "about once a day" in page


@pytest.mark.parametrize(
    ("url", "loopback"),
    [("http://127.0.0.1:8080", True), ("http://localhost:8080", True), ("http://[::1]:8080", True),
     ("https://calendars.brsmeas.org", False), ("http://10.0.0.5", False)],
)
def test_loopback_urls(url: str, loopback: bool) -> None:
    assert is_loopback_url(url) is loopback


def test_export_warns_when_links_point_at_this_machine(tmp_path: Path, demo_template: Path) -> None:
    db = tmp_path / "brs.db"
    db.write_bytes(demo_template.read_bytes())
    default = invoke("--db", str(db), "export", "--out", str(tmp_path / "a"), env={"BRS_FEED_BASE_URL": None})
    assert default.exit_code == 0 and "Warning: BRS_FEED_BASE_URL is http://127.0.0.1:8080" in default.output
    public = invoke("--db", str(db), "export", "--out", str(tmp_path / "b"),
                    env={"BRS_FEED_BASE_URL": "https://calendars.example.org"})
    assert public.exit_code == 0 and "Warning" not in public.output


def test_short_title_drops_the_prefix(demo_services: Services) -> None:
    doc = replace(demo_services.feeds.build_all()[0], title="BRS technical assistance: Webinars")
    assert short_title(doc) == "Webinars"
