"""`brs-coord event cancel/postpone/reschedule/message/list QUESTION`: same services, outbox rows included."""

from __future__ import annotations

from pathlib import Path

from brs_coord.services import Services
from tests.cli_helpers import invoke
from tests.conftest import make_event
from tests.notice_helpers import participant


def cli(db: Path, *args: str) -> tuple[int, str]:
    result = invoke("--db", str(db), "event", *args, env={"BRS_TZ": "Europe/Zurich"})
    return result.exit_code, result.output.strip()


def test_event_commands_write_history_and_notices(services: Services, db_path: Path) -> None:
    event = services.scheduling.create(make_event(title="Customs training on illegal traffic")).event
    p = participant(services, 51)
    services.registrations.register(p.id, event.id)
    uid = event.uid

    assert cli(db_path, "message", uid, "Bring your badge") == (
        0, "Message queued for 1 participant of Customs training on illegal traffic")
    code, out = cli(db_path, "reschedule", uid, "--to", "2026-12-01 14:00")
    assert code == 0 and out.startswith(f"Moved {uid} to Tue 01 Dec 2026 14:00")
    assert cli(db_path, "postpone", uid, "--reason", "Venue closed")[0] == 0
    assert cli(db_path, "cancel", uid, "--reason", "No funding") == (
        0, f"Cancelled {uid}: Customs training on illegal traffic")
    code, out = cli(db_path, "cancel", uid, "--reason", "again")
    assert code == 1 and out.count("\n") == 0
    assert cli(db_path, "cancel", "no-such-uid", "--reason", "x")[0] == 1

    actions = [h.action for h in services.scheduling.history(event.id)]
    assert actions == ["created", "rescheduled", "postponed", "cancelled"]
    kinds = [r["kind"] for r in services.notices.outbox.rows(participant_id=p.id)]
    assert kinds == ["cancelled"]  # unsent change notices and messages are moot once cancelled


def test_event_list_with_a_question(services: Services, db_path: Path) -> None:
    services.scheduling.create(make_event(title="Webinar A"))
    services.scheduling.create(make_event(title="Workshop B", kind="workshop"))
    code, out = cli(db_path, "list", "workshops")
    assert code == 0 and "Workshop B" in out and "Webinar A" not in out
    code, out = cli(db_path, "list")
    assert "Workshop B" in out and "Webinar A" in out
