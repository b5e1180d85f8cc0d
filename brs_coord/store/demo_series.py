"""The demo's series become real series (issue 19): the demo webinars titled "Webinar series on X —
session n", its "Online meeting of regional centres: X" and "E-learning course: X" events that
share a title are each one series (a webinar series, a recurring meeting, a course in modules),
their sessions in date order. The events keep their dates and titles; running it again adds nothing."""

from __future__ import annotations

from collections import defaultdict

from ..series_domain import SeriesData, SeriesKind
from .series import SeriesRepository
from .session import Session

DEMO_BY = "demo"
_GROUPS = (
    (SeriesKind.WEBINAR_SERIES, "Webinar series on % — session %", " — session "),
    (SeriesKind.RECURRING_MEETING, "Online meeting of regional centres: %", None),
    (SeriesKind.COURSE, "E-learning course: %", None),
)


def add_demo_series(session: Session) -> int:
    """Turn the demo's groups of sessions into series; returns how many series were added."""
    repo = SeriesRepository(session)
    added = 0
    with session.transaction() as db:
        for kind, pattern, cut in _GROUPS:
            groups: dict[str, list[dict[str, object]]] = defaultdict(list)
            rows = db.query(
                "SELECT e.id, e.title, e.timezone, e.capacity, p.slug AS programme FROM events e"
                " LEFT JOIN programmes p ON p.id = e.programme_id WHERE e.is_demo = 1"
                " AND e.series_id IS NULL AND e.title LIKE ? ORDER BY e.starts_at, e.id", [pattern])
            for row in rows:
                title = str(row["title"])
                groups[title.split(cut)[0] if cut else title].append(row)
            for title, sessions in sorted(groups.items()):
                if len(sessions) < 2:
                    continue
                first = sessions[0]
                audiences = [r["slug"] for r in db.query(
                    "SELECT a.slug FROM event_audiences ea JOIN audiences a ON a.id = ea.audience_id"
                    " WHERE ea.event_id = ? ORDER BY a.slug", [first["id"]])]
                series = repo.create(SeriesData(
                    title=title, kind=kind, timezone=str(first["timezone"]),
                    programme=str(first["programme"]) if first["programme"] else None,
                    audiences=tuple(str(a) for a in audiences), is_demo=True,
                ), DEMO_BY)
                for number, row in enumerate(sessions, 1):
                    repo.attach(int(str(row["id"])), series.id, number)
                added += 1
    return added
