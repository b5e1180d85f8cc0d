"""Deterministic, seeded scale databases (1k, 10k, 100k events + 10k participants), cached on disk.

Same seed and size give the same rows, byte for byte: every timestamp comes from a fixed clock and
every choice from one ``random.Random(seed)``. Databases are built once into the cache directory
(``bench/.cache/`` by default), named by ``SCALE_VERSION``, size and seed; bump the version when the
generator changes so stale caches are not reused.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from brs_coord.clock import FixedClock
from brs_coord.domain import EventData, EventKind, FundingStatus, Programme, Status
from brs_coord.store import open_store
from brs_coord.store.bulk import ParticipantRow, bulk_insert_events, bulk_insert_participants
from brs_coord.store.demo import KIND_WEIGHTS, ONLINE_ZONES, SHORT_TOPICS, TITLE_PATTERNS, VENUES

SCALE_VERSION = 4  # 3: search forms, subjects in ar/zh/ru beside foreign titles; 4: renumbered (m011)
DEFAULT_SEED = 20250301
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
PARTICIPANTS = 10_000
# "Now" of in-process benchmarks: events spread over 2024-2029 surround it on both sides.
REFERENCE_NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
FIRST_DAY = date(2024, 1, 1)
SPAN_DAYS = (date(2029, 12, 31) - FIRST_DAY).days
SCALE_BY = "brs-coord bench"
CACHE_DIR = Path(__file__).resolve().parent / ".cache"

# Titles in other languages and scripts; {topic} is the programme's short name.
FOREIGN_TITLES = (
    "Atelier régional sur {topic} — édition {n}",
    "Séminaire « {topic} » : échanges d'expériences",
    "Taller regional sobre {topic}; sesión {n}",
    "Curso de capacitación: {topic} (América Latina y el Caribe)",
    "ورشة عمل إقليمية بشأن {topic}",
    "关于{topic}的区域讲习班（第{n}期）",
    "Региональный семинар: {topic}, сессия {n}",
)
# Free-text subjects the question benchmarks search for ("PCB inventory guidance", "waste oil").
SUBJECTS = (
    "PCB inventory guidance", "waste oil", "e-waste (WEEE) collection", "mercury-added products",
    "plastic waste amendments", "illegal traffic, customs controls", "POPs pesticides",
    "lead-acid batteries", "dioxins and furans", "used tyres", "biomedical waste", "asbestos",
)
# The same kind of subject in the language of a foreign title (no draw of its own: the title's
# language and the event's index choose it), for the Arabic, Chinese and Russian free-text questions.
LOCAL_SUBJECTS: dict[str, tuple[str, ...]] = {
    "ar": ("الأسبستوس", "النفايات الطبية", "تعديلات النفايات البلاستيكية"),
    "zh": ("石棉", "医疗废物", "塑料废物修正案"),
    "ru": ("асбест", "медицинские отходы", "поправки о пластиковых отходах"),
}
_TITLE_LANGUAGES = {4: "ar", 5: "zh", 6: "ru"}  # FOREIGN_TITLES index -> its language
DESCRIPTION_LINES = (
    "Objectives: share experience, review the draft guidance; agree on next steps.",
    "Participants: focal points, customs officers, port authorities and NGOs.",
    "Langues : anglais, français ; interprétation simultanée prévue.",
    "Idiomas: inglés, español; se requiere inscripción previa.",
    "Les coûts de participation (voyage, hébergement) sont couverts ; places limitées.",
    "Программа: доклады, обсуждение, практические упражнения.",
    "会议将讨论危险废物的无害环境管理。",
    "سيناقش الاجتماع الإدارة السليمة بيئياً للنفايات الخطرة.",
    "Contact: brs@un.org; deadline for nominations — 30 days before the event.",
)
FIRST_NAMES = (
    "Amina", "Jean", "María", "José", "Li", "Wei", "Olga", "Dmitri", "Fatima", "Ahmed", "Chloé",
    "Zoë", "Nguyễn", "Ana", "Kwame", "Priya", "Søren", "Łukasz", "Ngozi", "Юлия", "محمد", "李娜",
)
PARTICIPANT_LANGUAGES = ("en", "en", "en", "fr", "fr", "es", "es", "ar", "ru", "zh", "pt")


@dataclass(frozen=True)
class Catalogue:
    """The slugs the generator draws from, in a fixed order."""

    programmes: list[Programme]
    audiences: list[str]
    centres: list[str]
    regions: list[str]
    conventions: list[str]
    countries: list[str]


def scale_event(index: int, rng: random.Random, catalogue: Catalogue) -> EventData:
    """One event, fully determined by its index and the random stream."""
    kinds, weights = zip(*KIND_WEIGHTS, strict=True)
    kind: EventKind = rng.choices(kinds, weights)[0]
    programme = rng.choice(catalogue.programmes)
    topic = SHORT_TOPICS.get(programme.slug, programme.name[:60])
    online = kind in {EventKind.WEBINAR, EventKind.ONLINE_MEETING, EventKind.E_LEARNING}
    venue = rng.choice(VENUES)
    place, zone, region, languages = venue.place, venue.zone, venue.region, venue.languages
    if online and rng.random() < 0.5:
        zone, region, languages = rng.choice(ONLINE_ZONES), "global", ("en", "fr", "es")
    day = FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS))
    start = datetime.combine(day, time(rng.choice((8, 9, 10, 13, 14, 15, 16)), 0), ZoneInfo(zone))
    length = {EventKind.WEBINAR: timedelta(hours=rng.choice((1, 2))),
              EventKind.ONLINE_MEETING: timedelta(hours=2),
              EventKind.E_LEARNING: timedelta(weeks=rng.choice((4, 6, 8))),
              EventKind.TRAINING: timedelta(days=rng.choice((3, 5)), hours=-16)}.get(
        kind, timedelta(days=rng.choice((1, 2, 3)), hours=-16))
    subject = rng.choice(SUBJECTS)
    local = ""
    if rng.random() < 0.3:
        pattern = rng.choice(FOREIGN_TITLES)
        title = pattern.format(topic=topic, n=index % 9 + 1)
        language = _TITLE_LANGUAGES.get(FOREIGN_TITLES.index(pattern))
        local = LOCAL_SUBJECTS[language][index % 3] if language else ""
    else:
        pattern = rng.choice(TITLE_PATTERNS[kind])
        title = pattern.format(name=topic, place=place.split(",")[0], n=index % 6 + 1)
    if rng.random() < 0.4:
        title = f"{title}: {subject}"
    lines = [f"{programme.objectives or programme.background}"[: rng.randint(80, 600)],
             f"Focus: {subject}, with case studies; hands-on exercises."]
    lines += [f"— {local}"] if local else []
    lines += rng.sample(DESCRIPTION_LINES, rng.randint(1, 4))
    status, reason = _status(rng, start)
    audiences = set(rng.sample(programme.audiences, min(len(programme.audiences), rng.randint(1, 3))))
    if not audiences or rng.random() < 0.2:
        audiences.add(rng.choice(catalogue.audiences))
    regions = {region} | ({rng.choice(catalogue.regions)} if rng.random() < 0.15 else set())
    return EventData(
        title=title[:200], kind=kind, starts_at=start, ends_at=start + length, timezone=zone,
        description="\n".join(lines), programme=programme.slug,
        location="Online" if online else place,
        online_url=f"https://meet.example.org/brs/s{index:06d}" if online else None,
        registration_url=f"https://www.brsmeas.org/events/s{index:06d}" if rng.random() < 0.7 else None,
        languages=languages[: rng.choice((1, 1, 2, 3))], status=status, status_reason=reason,
        funding_status=rng.choice(list(FundingStatus)),
        organiser=rng.choice(catalogue.centres) if rng.random() < 0.4 else None,
        capacity=rng.choice((None, 30, 50, 100, 300, 500)),
        audiences=tuple(sorted(audiences)), regions=tuple(sorted(regions)),
        conventions=programme.conventions or (rng.choice(catalogue.conventions),),
        country=None if online else venue.country, city=None if online else venue.city,
    )


def _status(rng: random.Random, start: datetime) -> tuple[Status, str | None]:
    roll = rng.random()
    if roll < 0.04:
        return Status.CANCELLED, "Cancelled for lack of funding; see the new dates below"
    if roll < 0.07:
        return Status.POSTPONED, "Postponed at the request of the host country"
    if roll < 0.10:
        return Status.DRAFT, None
    if start < REFERENCE_NOW:
        return Status.HELD, None
    return (Status.CONFIRMED if roll < 0.55 else Status.PLANNED), None


def scale_uid(index: int) -> str:
    return f"scale-{index:06d}@brs-coord"


def scale_events(count: int, seed: int, catalogue: Catalogue) -> Iterator[tuple[str, EventData]]:
    """The ``count`` events of a scale database, as (uid, data) pairs."""
    rng = random.Random(seed)
    for index in range(count):
        yield scale_uid(index), scale_event(index, rng, catalogue)


def scale_participants(
    count: int, events: int, seed: int, catalogue: Catalogue
) -> Iterator[ParticipantRow]:
    """``count`` participants with 1-4 subscriptions and 0-5 registrations each."""
    rng = random.Random(seed + 1)
    facets = {
        "audience": catalogue.audiences, "programme": [p.slug for p in catalogue.programmes],
        "convention": catalogue.conventions, "region": catalogue.regions,
        "kind": [kind.value for kind in EventKind],
    }
    for index in range(count):
        picked = rng.sample(sorted(facets), rng.randint(1, 4))
        chosen = {(facet, rng.choice(facets[facet])) for facet in picked}
        registered = rng.sample(range(events), min(events, rng.choice((0, 0, 1, 2, 3, 5))))
        statuses = rng.choices(("registered", "waitlisted", "cancelled", "attended"), (80, 8, 7, 5),
                               k=len(registered))
        token = hashlib.sha256(f"{seed}:{index}".encode()).hexdigest()[:32]
        yield ParticipantRow(
            telegram_id=100_000_000 + index, first_name=rng.choice(FIRST_NAMES),
            language=rng.choice(PARTICIPANT_LANGUAGES), timezone=rng.choice(VENUES)[1],
            country=rng.choice(catalogue.countries), audience=rng.choice(catalogue.audiences),
            feed_token=token, subscriptions=tuple(sorted(chosen)),
            registrations=tuple((scale_uid(e), s) for e, s in zip(registered, statuses, strict=True)),
        )


def build_database(
    path: Path, events: int, participants: int = PARTICIPANTS, seed: int = DEFAULT_SEED
) -> Path:
    """Create a new database at ``path`` with the catalogue and the seeded scale data."""
    store = open_store(path, FixedClock(REFERENCE_NOW), create=True)
    try:
        store.seed_reference()
        repo = store.catalogue
        catalogue = Catalogue(
            programmes=sorted(repo.programmes(), key=lambda p: p.slug),
            audiences=sorted(a.slug for a in repo.audiences()),
            centres=sorted(c.slug for c in repo.centres()),
            regions=sorted(r.slug for r in repo.regions()),
            conventions=sorted(c.slug for c in repo.conventions()),
            countries=sorted(c.code for c in repo.countries()),
        )
        bulk_insert_events(store, scale_events(events, seed, catalogue), by=SCALE_BY, source="bench")
        bulk_insert_participants(store, scale_participants(participants, events, seed, catalogue))
        store.session.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.session.db.execute("ANALYZE")
    finally:
        store.close()
    return path


def cached_database(
    events: int, participants: int = PARTICIPANTS, seed: int = DEFAULT_SEED, cache_dir: Path = CACHE_DIR
) -> Path:
    """The cached scale database for this size and seed, built first if missing (process-safe)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"scale-v{SCALE_VERSION}-{events}e-{participants}p-s{seed}.db"
    if path.exists():
        return path
    with open(cache_dir / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            partial = path.with_name(path.name + ".partial")
            for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
                leftover.unlink(missing_ok=True)
            build_database(partial, events, participants, seed)
            os.replace(partial, path)
    return path
