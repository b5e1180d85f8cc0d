"""The demo database looks like a real calendar (issue 23), whatever day it is built on: events on
working days (Monday to Friday) in business hours (08:00–18:00) of the organiser's zone, none on
25 December or 1 January; events recently held with registrations and attendance; notices sent and
still pending. Checked here with plain SQL and zoneinfo, not with the generator's own rules."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from brs_coord.clock import FixedClock
from brs_coord.config import Settings
from brs_coord.services import build_services

TODAYS = [date(2026, 11, 21), date(2026, 12, 28), date(2027, 1, 4), date(2027, 7, 15)]


def build(tmp_path: Path, catalogue_template: Path, settings: Settings, today: date) -> Path:
    path = tmp_path / f"demo-{today}.db"
    shutil.copyfile(catalogue_template, path)
    services = build_services(replace(settings, db_path=path),
                              FixedClock(datetime.combine(today, time(10), UTC)))
    services.add_demo()
    services.close()
    return path


def local_days(start: datetime, end: datetime, zone: ZoneInfo) -> list[date]:
    first, last = start.astimezone(zone).date(), (end - timedelta(seconds=1)).astimezone(zone).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_demo_is_shaped_like_a_real_calendar(
    tmp_path: Path, catalogue_template: Path, settings: Settings, today: date
) -> None:
    import sqlite3

    db = sqlite3.connect(build(tmp_path, catalogue_template, settings, today))
    now = datetime.combine(today, time(10), UTC)
    events = db.execute("SELECT id, kind, starts_at, ends_at, timezone, status FROM events"
                        " WHERE source = 'demo'").fetchall()
    assert len(events) >= 350
    for event_id, kind, starts, ends, zone_name, _ in events:
        zone = ZoneInfo(zone_name)
        start, end = (datetime.fromisoformat(v.replace("Z", "+00:00")) for v in (starts, ends))
        opens, closes = start.astimezone(zone), end.astimezone(zone)
        in_hours = time(8) <= opens.time() < time(18) and time(8) < closes.time() <= time(18)
        assert in_hours, (event_id, opens, closes)
        days = local_days(start, end, zone)
        held_on = [days[0], days[-1]] if kind == "e-learning" else days  # a course runs over weekends
        assert all(day.weekday() < 5 for day in held_on), (event_id, kind, days)
        assert not any((day.month, day.day) in {(12, 25), (1, 1)} for day in days), (event_id, days)

    def ended_before_now(row: tuple[object, ...]) -> bool:
        return datetime.fromisoformat(str(row[3]).replace("Z", "+00:00")) <= now

    past = [row for row in events if ended_before_now(row)]
    assert len(past) >= 20
    assert all(now - timedelta(weeks=11) <= datetime.fromisoformat(str(r[2]).replace("Z", "+00:00"))
               for r in past)
    held = [row[0] for row in past if row[5] == "held"]
    assert len(held) >= 0.8 * len(past) and not [r for r in events if r[5] == "held" and r not in past]
    attendance = dict(db.execute(
        f"SELECT status, count(*) FROM registrations WHERE event_id IN ({','.join('?' * len(held))})"
        " GROUP BY status", held).fetchall())
    assert attendance.get("attended", 0) > 2 * attendance.get("no-show", 0) > 0
    with_registrations = db.execute(
        f"SELECT count(DISTINCT event_id) FROM registrations WHERE event_id IN ({','.join('?' * len(held))})",
        held).fetchone()[0]
    assert with_registrations == len(held)
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    upcoming_registered = db.execute(
        "SELECT count(*) FROM registrations r JOIN events e ON e.id = r.event_id"
        " WHERE r.status = 'registered' AND e.starts_at > ?", [stamp]).fetchone()[0]
    assert upcoming_registered > 10
    sent = db.execute("SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL").fetchone()[0]
    pending = db.execute(
        "SELECT count(*), min(due_at) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL").fetchone()
    assert sent > 100 and pending[0] > 10 and pending[1] >= stamp
    # Demo participants are nobody real: negative Telegram ids and no chat to send to.
    people = db.execute("SELECT count(*), max(telegram_id), count(chat_id) FROM participants").fetchone()
    assert people[0] >= 20 and people[1] < 0 and people[2] == 0
    # Every month of the next year has events, as before.
    months = {datetime.fromisoformat(str(r[2]).replace("Z", "+00:00")).strftime("%Y-%m")
              for r in events if not ended_before_now(r)}
    assert len(months) >= 12
