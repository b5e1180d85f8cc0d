"""What the demo calendar has already seen, so every screen shows something: demo participants
(no Telegram chat, so nothing is ever sent to them), their registrations, attendance at the events
recently held, reminders and thank-you messages sent, and reminders still pending before the
coming events."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..domain import Event, Status
from ..payloads import EventSnapshot, MessagePayload, NoticePayload, ReminderPayload
from .rows import iso_utc
from .session import Session

# Negative Telegram ids: no real user has one, so a demo participant is never someone real.
DEMO_PEOPLE: tuple[tuple[str, str, str], ...] = (
    ("Amina", "fr", "SN"), ("Kofi", "en", "GH"), ("Lindiwe", "en", "ZA"), ("Youssef", "ar", "DZ"),
    ("Mei", "zh", "CN"), ("Somchai", "en", "TH"), ("Dewi", "en", "ID"), ("Reza", "en", "IR"),
    ("Lucía", "es", "PA"), ("Mateo", "es", "UY"), ("Ana", "es", "MX"), ("Kendra", "en", "TT"),
    ("Jana", "en", "CZ"), ("Peter", "en", "SK"), ("Olga", "ru", "RU"), ("Claire", "fr", "CH"),
    ("Wanjiru", "en", "KE"), ("Fatou", "fr", "SN"), ("Layla", "ar", "EG"), ("Chen", "zh", "CN"),
    ("Ivan", "ru", "RU"), ("Sofía", "es", "CO"), ("Tomás", "es", "CL"), ("Aroha", "en", "NZ"),
)
THANKS = "Thank you for taking part: the slides and the recording are on the event page."


def demo_participants(session: Session) -> list[int]:
    """The demo participants' ids (written once; a second run finds them)."""
    now = iso_utc(session.clock.now())
    with session.transaction() as db:
        for number, (name, language, country) in enumerate(DEMO_PEOPLE, start=1):
            db.execute(
                "INSERT INTO participants (telegram_id, chat_id, first_name, language, country, created_at,"
                " updated_at) VALUES (?, NULL, ?, ?, ?, ?, ?) ON CONFLICT (telegram_id) DO NOTHING",
                [-number, f"{name} (demo)", language, country, now, now],
            )
    rows = session.db.query("SELECT id FROM participants WHERE telegram_id < 0 ORDER BY telegram_id DESC")
    return [row["id"] for row in rows]


def _notice(session: Session, participant: int, event: Event, payload: NoticePayload, key: str,
            due: datetime, sent: datetime | None) -> None:
    created = min(due, session.clock.now())
    session.db.execute(
        "INSERT INTO outbox (participant_id, event_id, kind, payload, dedupe_key, urgent, created_at, due_at,"
        " attempts, sent_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING",
        [participant, event.id, payload.KIND, payload.to_json(), key, iso_utc(created), iso_utc(due),
         0 if sent is None else 1, None if sent is None else iso_utc(sent)],
    )


def _register(session: Session, event: Event, participant: int, when: datetime,
              attended: bool | None) -> None:
    status = {None: "registered", True: "attended", False: "no-show"}[attended]
    session.db.execute(
        "INSERT INTO registrations (event_id, participant_id, status, created_at, updated_at, attended)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, participant_id) DO NOTHING",
        [event.id, participant, status, iso_utc(when), iso_utc(when),
         None if attended is None else int(attended)],
    )


def add_demo_activity(session: Session, events: list[Event], today: date, rng: random.Random) -> None:
    """Registrations, attendance and notices for the demo ``events`` around ``today``."""
    people = demo_participants(session)
    now = session.clock.now()
    start_of_today = datetime.combine(today, time(), ZoneInfo("UTC"))
    held = [e for e in events if e.status is Status.HELD]
    coming = [e for e in events if e.status in {Status.CONFIRMED, Status.PLANNED}
              and start_of_today <= e.starts_at < start_of_today + timedelta(days=21)]
    with session.transaction():
        for event in held:
            snapshot = EventSnapshot.of(event, with_link=True)
            for participant in rng.sample(people, rng.randint(5, 14)):
                attended = rng.random() < 0.8
                _register(session, event, participant, event.starts_at - timedelta(days=rng.randint(3, 20)),
                          attended)
                reminder_at = event.starts_at - timedelta(days=1)
                _notice(session, participant, event, ReminderPayload(snapshot, lead=1440),
                        f"demo-reminder:{event.id}:{participant}", reminder_at, reminder_at)
                if attended:
                    thanks_at = event.ends_at + timedelta(hours=2)
                    _notice(session, participant, event, MessagePayload(snapshot, text=THANKS),
                            f"demo-thanks:{event.id}:{participant}", thanks_at, thanks_at)
        for event in coming:
            snapshot = EventSnapshot.of(event, with_link=True)
            for participant in rng.sample(people, rng.randint(2, 8)):
                _register(session, event, participant, now - timedelta(days=rng.randint(1, 10)), None)
                due = max(event.starts_at - timedelta(days=1), now)
                _notice(session, participant, event, ReminderPayload(snapshot, lead=1440),
                        f"demo-reminder:{event.id}:{participant}", due, None)
