"""Evaluations in the demo: the attendees of the held demo events were asked an hour after the end
and about seven in ten answered (usefulness, "will apply", now and then a comment), so the results
report shows response rates on first launch. Demo participants have no chat: nothing is sent. The
answers are marked demo (``is_demo``); each event draws from its own seeded generator, so the rest
of the demo is unchanged."""

from __future__ import annotations

import random
from datetime import timedelta

from .rows import iso_utc, parse_iso_utc
from .session import Session

COMMENTS = (
    "The case studies from other Parties were the most useful part. (demo)",
    "More time for the customs exercises, please. (demo)",
    "Please share the slides in French as well. (demo)",
    "The session on the national inventory will help our reporting. (demo)",
    "The connection dropped twice; the recording would help. (demo)",
)
ANSWER_SHARE = 0.7
ASK_DELAY = timedelta(hours=1)


def add_demo_evaluations(session: Session) -> int:
    """Requests and answers for the held demo events' demo attendees not asked yet; returns the
    number of answers written."""
    db = session.db
    rows = list(db.query(
        "SELECT r.event_id, r.participant_id, e.ends_at FROM registrations r"
        " JOIN events e ON e.id = r.event_id JOIN participants p ON p.id = r.participant_id"
        " WHERE e.is_demo = 1 AND e.status = 'held' AND r.status = 'attended' AND p.telegram_id < 0"
        " AND NOT EXISTS (SELECT 1 FROM evaluation_requests q WHERE q.event_id = r.event_id"
        "  AND q.participant_id = r.participant_id)"
        " ORDER BY r.event_id, r.participant_id"
    ))
    generators: dict[int, random.Random] = {}
    written = 0
    with session.transaction():
        for row in rows:
            event_id = int(row["event_id"])
            rng = generators.setdefault(event_id, random.Random(f"demo-evaluations:{event_id}"))
            asked = parse_iso_utc(row["ends_at"]) + ASK_DELAY
            answered = rng.random() < ANSWER_SHARE
            db.execute(
                "INSERT INTO evaluation_requests (event_id, participant_id, asked_at, answered_at, state)"
                " VALUES (?, ?, ?, ?, ?)",
                [event_id, row["participant_id"], iso_utc(asked),
                 iso_utc(asked + timedelta(minutes=rng.randint(5, 600))) if answered else None,
                 "answered" if answered else "asked"],
            )
            if not answered:
                continue
            comment = rng.choice(COMMENTS) if rng.random() < 0.3 else None
            db.execute(
                "INSERT INTO evaluation_answers (response, event_id, usefulness, will_apply, comment,"
                " is_demo)"
                " VALUES (?, ?, ?, ?, ?, 1)",
                [f"demo-{rng.getrandbits(64):016x}", event_id, rng.choices((2, 3, 4, 5), (1, 3, 5, 4))[0],
                 rng.choices(("yes", "partly", "no"), (6, 3, 1))[0], comment],
            )
            written += 1
    return written
