"""What a participant's personal feed holds, looked up by the feed token (the token is the key)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..records import SEAT_HOLDING
from ..records import RegistrationStatus as S
from ..rules import may_see_join_link
from .session import Session

# Registrations shown in the personal feed (those that earn the join link: rules.may_see_join_link).
LISTED_STATUSES = (S.REGISTERED, S.WAITLISTED, S.OFFERED, S.ATTENDED)


@dataclass(frozen=True)
class PersonalFeedSource:
    """A participant's registrations and subscriptions (nothing else about them)."""

    participant_id: int
    language: str
    registered: tuple[int, ...]  # event ids with a join link
    listed: tuple[int, ...]  # other registrations (waiting list, offers)
    subscriptions: tuple[tuple[str, str], ...]  # (facet, value)
    leads: tuple[int, ...] = ()  # the participant's reminder lead times (minutes before the start)
    reminded: tuple[int, ...] = ()  # event ids the bot reminds them of (seat or "remind me", not muted)


def participant_by_feed_token(session: Session, token: str) -> PersonalFeedSource | None:
    """The active participant whose feed token is ``token``, or None (unknown or revoked)."""
    if not token:
        return None
    conn = session.db.conn
    row = conn.execute(
        "SELECT id, language, reminder_leads FROM participants WHERE feed_token = ? AND active = 1",
        [token],
    ).fetchone()
    if row is None:
        return None
    participant_id, language = int(row[0]), str(row[1])
    leads = tuple(int(v) for v in json.loads(row[2] or "[]"))
    registered: list[int] = []
    listed: list[int] = []
    marks = ", ".join("?" for _ in LISTED_STATUSES)
    for event_id, status in conn.execute(
        f"SELECT event_id, status FROM registrations WHERE participant_id = ? AND status IN ({marks})"
        " ORDER BY event_id",
        [participant_id, *LISTED_STATUSES],
    ):
        (registered if may_see_join_link(status) else listed).append(int(event_id))
    subscriptions = tuple(
        (str(facet), str(value))
        for facet, value in conn.execute(
            "SELECT facet, value FROM subscriptions WHERE participant_id = ? ORDER BY facet, value",
            [participant_id],
        )
    )
    seats = ", ".join("?" for _ in SEAT_HOLDING)
    reminded = tuple(int(event_id) for (event_id,) in conn.execute(  # the reminder service's choice
        f"SELECT event_id FROM registrations WHERE participant_id = ? AND status IN ({seats})"
        " UNION SELECT event_id FROM reminders WHERE participant_id = ?"
        " EXCEPT SELECT event_id FROM muted_events WHERE participant_id = ? ORDER BY 1",
        [participant_id, *SEAT_HOLDING, participant_id, participant_id],
    ))
    return PersonalFeedSource(
        participant_id, language, tuple(registered), tuple(listed), subscriptions, leads, reminded
    )
