"""A deterministic demo calendar generated from the catalogue: the next 12 months, and the events held
in the ten weeks before today with their registrations, attendance and notices (demo_activity); all
on working days in business hours of the organiser's zone (demo_calendar)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from ..domain import (
    Audience,
    Centre,
    Event,
    EventData,
    EventKind,
    FundingStatus,
    Programme,
    Status,
)
from ..rules import validate_event
from .catalogue_repository import CatalogueRepository
from .demo_activity import add_demo_activity
from .demo_calendar import block_start, block_start_before, course_start
from .events import EventRepository
from .session import Session

DEMO_BY = "brs-coord demo"
DEMO_SEED = 20130501
DEMO_SIZE = 330

class Venue(NamedTuple):
    """A place where workshops are held: its location text, zone, region, usual languages, and the
    catalogue's country code and city slug."""

    place: str
    zone: str
    region: str
    languages: tuple[str, ...]
    country: str
    city: str


VENUES: tuple[Venue, ...] = (
    Venue("Geneva, Switzerland", "Europe/Zurich", "western-europe-others", ("en", "fr", "es"), "CH",
          "geneva"),
    Venue("Nairobi, Kenya", "Africa/Nairobi", "africa", ("en",), "KE", "nairobi"),
    Venue("Dakar, Senegal", "Africa/Dakar", "africa", ("fr",), "SN", "dakar"),
    Venue("Pretoria, South Africa", "Africa/Johannesburg", "africa", ("en",), "ZA", "pretoria"),
    Venue("Algiers, Algeria", "Africa/Algiers", "africa", ("fr", "ar"), "DZ", "algiers"),
    Venue("Bangkok, Thailand", "Asia/Bangkok", "asia-pacific", ("en",), "TH", "bangkok"),
    Venue("Tehran, Iran", "Asia/Tehran", "asia-pacific", ("en",), "IR", "tehran"),
    Venue("Beijing, China", "Asia/Shanghai", "asia-pacific", ("en", "zh"), "CN", "beijing"),
    Venue("Jakarta, Indonesia", "Asia/Jakarta", "asia-pacific", ("en",), "ID", "jakarta"),
    Venue("Panama City, Panama", "America/Panama", "latin-america-caribbean", ("es",), "PA", "panama-city"),
    Venue("Montevideo, Uruguay", "America/Montevideo", "latin-america-caribbean", ("es",), "UY",
          "montevideo"),
    Venue("Brasília, Brazil", "America/Sao_Paulo", "latin-america-caribbean", ("pt", "es"), "BR",
          "brasilia"),
    Venue("Mexico City, Mexico", "America/Mexico_City", "latin-america-caribbean", ("es",), "MX",
          "mexico-city"),
    Venue("Port of Spain, Trinidad and Tobago", "America/Port_of_Spain", "latin-america-caribbean",
          ("en",), "TT", "port-of-spain"),
    Venue("Prague, Czechia", "Europe/Prague", "central-eastern-europe", ("en", "ru"), "CZ", "prague"),
    Venue("Bratislava, Slovakia", "Europe/Bratislava", "central-eastern-europe", ("en",), "SK", "bratislava"),
    Venue("Moscow, Russian Federation", "Europe/Moscow", "central-eastern-europe", ("ru", "en"), "RU",
          "moscow"),
)

ONLINE_ZONES = ("Europe/Zurich", "Europe/Zurich", "Africa/Nairobi", "Asia/Bangkok")

KIND_WEIGHTS: tuple[tuple[EventKind, int], ...] = (
    (EventKind.WEBINAR, 40),
    (EventKind.WORKSHOP, 22),
    (EventKind.TRAINING, 12),
    (EventKind.E_LEARNING, 8),
    (EventKind.ONLINE_MEETING, 10),
    (EventKind.EXPERT_MEETING, 5),
    (EventKind.PILOT_PROJECT, 3),
)

TITLE_PATTERNS: dict[EventKind, tuple[str, ...]] = {
    EventKind.WEBINAR: ("Webinar: {name}", "{name}: questions and answers webinar",
                        "Webinar series on {name} — session {n}"),
    EventKind.WORKSHOP: ("Regional workshop on {name} ({place})", "Sub-regional workshop: {name}",
                         "National workshop on {name} in {place}"),
    EventKind.TRAINING: ("Training of trainers: {name}", "Training course on {name} ({place})"),
    EventKind.E_LEARNING: ("E-learning course: {name}", "Self-paced e-learning on {name}"),
    EventKind.ONLINE_MEETING: ("Online meeting of regional centres: {name}",
                               "Online consultation on {name}"),
    EventKind.EXPERT_MEETING: ("Expert meeting on {name}", "Expert working group: {name}"),
    EventKind.PILOT_PROJECT: ("Pilot project launch: {name} ({place})",),
}


@dataclass(frozen=True)
class DemoCatalogue:
    programmes: list[Programme]
    audiences: list[Audience]
    centres: list[Centre]


def demo_uid(index: int) -> str:
    """Demo events have fixed UIDs, so running the generator again adds nothing."""
    return f"demo-{index:04d}@brs-coord"


PAST_SIZE = 30  # events held in the ten weeks before today
PAST_KINDS: tuple[tuple[EventKind, int], ...] = (
    (EventKind.WEBINAR, 12), (EventKind.WORKSHOP, 6), (EventKind.TRAINING, 4), (EventKind.ONLINE_MEETING, 4),
    (EventKind.EXPERT_MEETING, 2),
)
SESSION_HOURS = (8, 10, 13, 15, 16)  # online sessions of one or two hours start at these
DAYS_HELD: dict[EventKind, tuple[int, ...]] = {
    EventKind.WORKSHOP: (2, 3), EventKind.TRAINING: (3, 5), EventKind.EXPERT_MEETING: (2,),
    EventKind.PILOT_PROJECT: (1,), EventKind.DIRECTORS_MEETING: (2,),
}


def _kind_schedule(rng: random.Random, today: date) -> list[tuple[EventKind, date]]:
    """Which kind on which (wished) day: events held in the last ten weeks, nine webinars in each of
    the next three months, then a mix (demo_event moves each onto working days)."""
    past_kinds, past_weights = zip(*PAST_KINDS, strict=True)
    plan: list[tuple[EventKind, date]] = [
        (rng.choices(past_kinds, past_weights)[0], today - timedelta(days=rng.randint(8, 70)))
        for _ in range(PAST_SIZE)
    ]
    month_start = today.replace(day=1)
    for month in range(3):
        first = _add_months(month_start, month + 1)
        for week in range(9):
            plan.append((EventKind.WEBINAR, first + timedelta(days=2 + week * 3)))
    kinds, weights = zip(*KIND_WEIGHTS, strict=True)
    while len(plan) < PAST_SIZE + DEMO_SIZE - 1:
        plan.append((rng.choices(kinds, weights)[0], today + timedelta(days=rng.randint(1, 364))))
    plan.append((EventKind.DIRECTORS_MEETING, _add_months(month_start, 6) + timedelta(days=14)))
    return plan


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    return day.replace(year=day.year + year, month=month + 1, day=1)


def _status(rng: random.Random, index: int, past: bool) -> tuple[Status, str | None]:
    if past:
        return (Status.CANCELLED, "Cancelled: the host country asked to move it") if index % 13 == 4 \
            else (Status.HELD, None)
    if index % 41 == 7:
        return Status.CANCELLED, "Cancelled for lack of funding"
    if index % 37 == 5:
        return Status.POSTPONED, "Postponed at the request of the host country"
    if index % 53 == 11:
        return Status.DRAFT, None
    return (Status.CONFIRMED if rng.random() < 0.55 else Status.PLANNED), None


# Short topics for demo titles where a programme's full name is too long for a title.
SHORT_TOPICS = {
    "country-led-initiative": "the Country-led Initiative on the Basel Convention",
    "national-action-plans": "National Action Plans for the Rotterdam Convention",
    "nip-updating": "Updating National Implementation Plans for new POPs",
    "co-processing-cement-kilns": "Co-processing of Hazardous Wastes in Cement Kilns",
    "unintentional-pops-toolkit": "the Toolkit for Releases of Dioxins and Furans",
    "pesticide-alternatives": "Alternatives to POPs Pesticides",
    "shpf": "Reporting Pesticide Poisoning Incidents (SHPF)",
    "national-reporting": "National Reporting under the Conventions",
    "national-coordination": "National Coordination of the BRS Conventions",
    "regional-centres": "Support to the Regional Centres",
}


def _short(programme: Programme) -> str:
    if programme.slug in SHORT_TOPICS:
        return SHORT_TOPICS[programme.slug]
    if len(programme.name) <= 60:
        return programme.name
    return programme.name[:60].rsplit(" ", 1)[0]


def _when(
    kind: EventKind, day: date, zone: str, rng: random.Random, *, past: bool
) -> tuple[datetime, datetime]:
    """Start and end on working days in business hours of the organiser's zone (demo_calendar): an
    online session at one of SESSION_HOURS, a workshop from 09:00 on its first day to 17:00 on its
    last, an e-learning course from a working day to the same weekday weeks later. Events of the
    past move earlier (so they stay in the past), the others later."""
    local = ZoneInfo(zone)
    if kind is EventKind.E_LEARNING:
        weeks = rng.choice((4, 6, 8))
        first = course_start(day, weeks)
        return (datetime.combine(first, time(9), local),
                datetime.combine(first + timedelta(weeks=weeks), time(17), local))
    if kind in DAYS_HELD:
        days = rng.choice(DAYS_HELD[kind])
        first = (block_start_before if past else block_start)(day, days)
        return (datetime.combine(first, time(9), local),
                datetime.combine(first + timedelta(days=days - 1), time(17), local))
    first = (block_start_before if past else block_start)(day, 1)
    start = datetime.combine(first, time(rng.choice(SESSION_HOURS)), local)
    hours = rng.choice((1, 2)) if kind is EventKind.WEBINAR else 2
    return start, start + timedelta(hours=hours)


def demo_event(
    index: int, kind: EventKind, day: date, rng: random.Random, catalogue: DemoCatalogue, today: date
) -> EventData:
    """One demo event, fully determined by its index, wished day and the random stream."""
    programme = rng.choice(catalogue.programmes)
    online = kind in {EventKind.WEBINAR, EventKind.ONLINE_MEETING, EventKind.E_LEARNING}
    venue = rng.choice(VENUES)
    place, zone, region, languages = venue.place, venue.zone, venue.region, venue.languages
    if online and rng.random() < 0.5:
        zone, region, languages = rng.choice(ONLINE_ZONES), "global", ("en", "fr", "es")
    start, end = _when(kind, day, zone, rng, past=day < today)
    audiences = tuple(sorted(set(programme.audiences[:3]) or {rng.choice(catalogue.audiences).slug}))
    status, reason = _status(rng, index, past=day < today)
    centre = rng.choice(catalogue.centres) if catalogue.centres and rng.random() < 0.4 else None
    pattern = rng.choice(TITLE_PATTERNS.get(kind, ("{name}",)))
    title = pattern.format(name=_short(programme), place=place.split(",")[0], n=index % 6 + 1)
    title = title[:1].upper() + title[1:]
    if kind is EventKind.DIRECTORS_MEETING:
        title, audiences, region = "Annual meeting of directors of regional centres", (), "global"
        programme, centre = next((p for p in catalogue.programmes if "centre" in p.slug),
                                 programme), None
    held_in = languages[: rng.choice((1, 1, 2, 3))]
    return EventData(
        title=title[:200], kind=kind, starts_at=start, ends_at=end, timezone=zone,
        description=(programme.objectives or programme.background)[:1500],
        programme=programme.slug, location="Online" if online else place,
        online_url=f"https://meet.example.org/brs/{index:04d}" if online else None,
        registration_url=f"https://www.brsmeas.org/events/demo-{index:04d}",
        languages=held_in, translations=_translated_titles(index, held_in, programme),
        status=status, status_reason=reason,
        funding_status=rng.choice(list(FundingStatus)), organiser=centre.slug if centre else None,
        capacity=rng.choice((None, 30, 50, 100, 300)) if not online else rng.choice((None, 500)),
        audiences=audiences, regions=(region,), conventions=programme.conventions,
        is_demo=True, country=None if online else venue.country, city=None if online else venue.city,
    )


def _translated_titles(
    index: int, held_in: tuple[str, ...], programme: Programme
) -> tuple[tuple[str, str, str], ...]:
    """Every tenth demo event held in French or Spanish also carries its title in those languages:
    its programme's name in them (the seed documents'), with no description of their own."""
    if index % 10:
        return ()
    return tuple((code, programme.names[code], "") for code in ("fr", "es")
                 if code in held_in and programme.names.get(code))


def add_demo_events(session: Session, today: date) -> int:
    """Insert the demo calendar (events dated from ``today``); returns how many were added."""
    repo = CatalogueRepository(session)
    catalogue = DemoCatalogue(repo.programmes(), repo.audiences(), repo.centres())
    if not catalogue.programmes:
        return 0
    rng = random.Random(DEMO_SEED)
    existing = {r["uid"] for r in session.db.query("SELECT uid FROM events WHERE is_demo = 1")}
    events = EventRepository(session)
    added: list[Event] = []
    with session.transaction():
        for index, (kind, day) in enumerate(sorted(_kind_schedule(rng, today), key=_order)):
            data = demo_event(index, kind, day, rng, catalogue, today)
            if demo_uid(index) not in existing:
                validate_event(data)
                added.append(events.create(data, DEMO_BY, uid=demo_uid(index), source="demo").event)
        add_demo_activity(session, added, today, rng)
    return len(added)


def _order(item: tuple[EventKind, date]) -> tuple[date, str]:
    return item[1], item[0].value
