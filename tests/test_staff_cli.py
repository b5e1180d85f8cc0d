"""`brs-coord staff add|list|role|remove` (issue 21): the acting person is the OS login of the
process; only admins manage staff; the last admin stays; a refusal is one line "Not allowed: …"."""

from __future__ import annotations

from pathlib import Path

import pytest

from brs_coord.clock import FixedClock
from brs_coord.errors import NotAllowed
from brs_coord.identity import os_login
from brs_coord.permissions import Role
from brs_coord.services import Services
from tests.cli_helpers import invoke
from tests.conftest import make_event


def _env(services: Services) -> dict[str, str | None]:
    return {"BRS_DB": str(services.store.path), "BRS_STAFF_NAME": None, "BRS_CONFIG": None}


def test_add_list_role_remove(services: Services) -> None:
    env = _env(services)
    added = invoke("staff", "add", "cecile", "--role", "centre-editor", "--centre", "bcrc-senegal",
                   "--telegram-id", "4242", env=env)
    assert added.exit_code == 0, added.output
    assert added.output == "cecile: centre editor (bcrc-senegal)\n"
    listed = {line.split()[0]: line for line in invoke("staff", "list", env=env).output.splitlines()}
    assert {login: line.split()[1:3] for login, line in listed.items()} == {
        "cecile": ["centre-editor", "bcrc-senegal"], os_login(): ["admin", "-"]}
    assert "telegram 4242" in listed["cecile"] and f"added by {os_login()}" in listed["cecile"]
    changed = invoke("staff", "role", "cecile", "editor", env=env)
    assert changed.output == "cecile: secretariat editor (bcrc-senegal)\n"
    assert services.staff.get("cecile").telegram_id == 4242  # a role change keeps the rest
    assert invoke("staff", "remove", "cecile", env=env).exit_code == 0
    assert [m.login for m in services.staff.all()] == [os_login()]


def test_a_non_admin_is_refused_with_one_line_and_exit_1(services: Services) -> None:
    services.staff.add("boss", Role.ADMIN)
    with services.acting.as_login("boss"):
        services.staff.set_role(os_login(), Role.EDITOR)  # this process's login: an editor now
    result = invoke("staff", "add", "mallory", "--role", "admin", env=_env(services))
    assert result.exit_code == 1
    assert result.stderr == "Not allowed: only secretariat admins may manage staff\n"
    assert services.store.staff.get("mallory") is None


def test_an_event_change_refused_for_a_viewer_exits_1(services: Services) -> None:
    event = services.scheduling.create(make_event(title="Customs webinar")).event
    services.staff.add("boss", Role.ADMIN)
    with services.acting.as_login("boss"):
        services.staff.set_role(os_login(), Role.VIEWER)
    result = invoke("event", "cancel", event.uid, "--reason", "venue", env=_env(services))
    assert result.exit_code == 1
    assert result.stderr.startswith("Not allowed: only secretariat admins, secretariat editors and centre"
                                    " editors of the organising centre may create or change events")
    assert len(result.stderr.splitlines()) == 1


def test_the_last_admin_is_neither_removed_nor_demoted(services: Services) -> None:
    me = os_login()
    for args in (("remove", me), ("role", me, "editor"), ("add", me, "--role", "viewer")):
        result = invoke("staff", *args, env=_env(services))
        assert result.exit_code == 1 and "is the last admin" in result.stderr, args
    services.staff.add("boss", Role.ADMIN)
    services.staff.set_role(me, Role.EDITOR)  # two admins: one may step down
    assert services.store.staff.get(me).role is Role.EDITOR  # type: ignore[union-attr]
    with services.acting.as_login("boss"), pytest.raises(NotAllowed, match="last admin"):
        services.staff.remove("boss")


def test_unknown_centres_roles_and_a_taken_telegram_id_are_refused(services: Services) -> None:
    env = _env(services)
    assert "Unknown centre: atlantis" in invoke("staff", "add", "x", "--role", "centre-editor", "--centre",
                                                "atlantis", env=env).stderr
    no_centre = invoke("staff", "add", "x", "--role", "centre-editor", env=env)
    assert "needs at least one --centre" in no_centre.stderr
    assert invoke("staff", "add", "x", "--role", "boss", env=env).exit_code == 2
    invoke("staff", "add", "a", "--role", "viewer", "--telegram-id", "7", env=env)
    assert "Telegram id 7 is a's" in invoke("staff", "add", "b", "--role", "viewer", "--telegram-id", "7",
                                            env=env).stderr


def test_init_makes_its_login_the_admin_once(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    env = {"BRS_DB": str(path), "BRS_STAFF_NAME": None, "BRS_CONFIG": None}
    assert invoke("init", env=env).exit_code == 0
    assert invoke("staff", "list", env=env).output.split()[:2] == [os_login(), "admin"]
    assert invoke("staff", "add", "eve", "--role", "admin", env=env).exit_code == 0
    assert invoke("staff", "remove", os_login(), env=env).exit_code == 0
    assert invoke("init", env=env).exit_code == 0  # the list has people: init adds nobody
    assert invoke("staff", "list", env=env).output.split()[:2] == ["eve", "admin"]


def _as_role(services: Services, role: Role, centres: tuple[str, ...] = ()) -> None:
    """This process's login (the CLI's acting person) gets ``role``; "boss" stays admin."""
    if services.store.staff.get("boss") is None:
        services.staff.add("boss", Role.ADMIN)
    with services.acting.as_login("boss"):
        services.staff.add(os_login(), role, centres=centres)


def test_ssh_identity_is_the_os_login_not_a_typed_user_variable(
    services: Services, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Over SSH the TUI acts as the account that logged in; USER and LOGNAME are typed, not proven."""
    from brs_coord.cli import CliContext
    from brs_coord.cli_remote import signed_in_login
    from brs_coord.clock import FixedClock
    from tests.clocks import NOW

    _as_role(services, Role.VIEWER)
    for name in ("USER", "LOGNAME", "LNAME", "USERNAME"):
        monkeypatch.setenv(name, "boss")
    ssh = {"SSH_CONNECTION": "192.0.2.1 5000 192.0.2.2 22"}
    assert signed_in_login(CliContext(clock=FixedClock(NOW)), ssh) == os_login()


def test_demo_on_a_database_with_staff_is_for_admins_only(services: Services) -> None:
    before = services.store.events.total()
    for role in (Role.VIEWER, Role.EDITOR):
        _as_role(services, role)
        result = invoke("demo", env=_env(services))
        assert result.exit_code == 1, (role, result.output)
        assert result.stderr.startswith("Not allowed: only secretariat admins") and len(
            result.stderr.splitlines()) == 1, result.stderr
        assert services.store.events.total() == before
    with services.acting.as_login("boss"):
        services.staff.set_role(os_login(), Role.ADMIN)
    assert invoke("demo", env=_env(services)).exit_code == 0
    assert services.store.events.total() > before


@pytest.mark.parametrize("telegram_id", ["0", "-5", "99999999999999999999999"])
def test_a_telegram_id_that_cannot_be_a_user_is_refused_in_one_line(services: Services,
                                                                     telegram_id: str) -> None:
    result = invoke("staff", "add", "tina", "--role", "viewer", "--telegram-id", telegram_id,
                    env=_env(services))
    assert result.exit_code == 2 and "--telegram-id" in result.stderr, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert services.store.staff.get("tina") is None


def test_the_last_admin_refusal_is_one_not_allowed_line(services: Services) -> None:
    for args in (("remove", os_login()), ("role", os_login(), "viewer")):
        result = invoke("staff", *args, env=_env(services))
        assert result.exit_code == 1
        assert result.stderr == (
            f"Not allowed: {os_login()} is the last admin; make someone else admin first\n")


@pytest.mark.parametrize("login", ["x:y", "a/b", "a\\b", "x" * 65])
def test_a_login_no_account_or_sign_in_can_have_is_refused(services: Services, login: str) -> None:
    result = invoke("staff", "add", login, "--role", "viewer", env=_env(services))
    assert result.exit_code == 1 and result.stderr == f"brs-coord: {login!r} is not a login name\n"
    assert services.store.staff.get(login) is None


@pytest.mark.parametrize("login", ["j.doe", "o'brien", "é-ü", "jean.dupont@example.org"])
def test_odd_but_real_logins_are_listed(services: Services, login: str) -> None:
    assert invoke("staff", "add", login, "--role", "viewer", env=_env(services)).exit_code == 0
    assert login in invoke("staff", "list", env=_env(services)).output.split()


def test_a_centre_editor_adds_an_event_of_her_centre_from_the_command_line(services: Services) -> None:
    _as_role(services, Role.CENTRE_EDITOR, ("bcrc-senegal",))
    env = _env(services)
    args = ("event", "add", "--title", "Dakar workshop", "--kind", "workshop", "--start", "2026-12-03 10:00")
    refused = invoke(*args, "--organiser", "bcrc-china", env=env)
    assert refused.exit_code == 1 and refused.stderr.startswith("Not allowed: only ")
    added = invoke(*args, "--organiser", "bcrc-senegal", env=env)
    assert added.exit_code == 0, added.output
    uid = added.output.split()[1].rstrip(":")
    event = services.scheduling.get_by_uid(uid)
    assert (event.organiser, event.created_by) == ("bcrc-senegal", os_login())
    assert invoke(*args, "--organiser", "atlantis", env=env).stderr.startswith("Not allowed: ")
    proposed = invoke(*args, "--organiser", "bcrc-senegal", "--programme", "e-waste", env=env)
    assert proposed.exit_code == 0 and "proposal" in proposed.output, proposed.output
    waiting = services.proposals.waiting()
    assert [(p.event.title, p.event.status.value) for p in waiting] == [("Dakar workshop", "draft")]
    with services.acting.as_login("boss"):
        services.staff.set_role(os_login(), Role.ADMIN)
    unknown = invoke(*args, "--organiser", "atlantis", env=env)
    assert unknown.exit_code == 1 and unknown.stderr == "brs-coord: Unknown organiser 'atlantis'\n"


def test_the_service_refuses_a_telegram_id_that_is_not_a_person(services: Services) -> None:
    from brs_coord.errors import InvalidInput

    for telegram_id in (0, -1001234):  # a group chat's id is negative
        with pytest.raises(InvalidInput, match="not a Telegram user id"):
            services.staff.add("tina", Role.VIEWER, telegram_id=telegram_id)


def test_a_refused_import_or_series_prints_only_its_refusal(services: Services, clock: FixedClock,
                                                            tmp_path: Path) -> None:
    """With --yes (or without --dry-run) the preview is not shown before a refusal: one line, nothing else."""
    from tests.results_helpers import zoom_meeting

    past, export = zoom_meeting(services, clock, tmp_path)
    parties = tmp_path / "parties.csv"
    parties.write_text("country,convention,party_since\nKE,rotterdam,2005-02-24\n")
    _as_role(services, Role.VIEWER)
    for args in (("attendance", "import", past.uid, str(export), "--yes"),
                 ("results", "parties", str(parties)),
                 ("series", "add", "--title", "S", "--kind", "webinar-series", "--tz", "UTC", "--yes",
                  "--rule", "every Tuesday 14:00 Geneva for 3 weeks")):
        result = invoke(*args, env=_env(services), clock=clock)
        assert result.exit_code == 1, args
        assert result.output.startswith("Not allowed: only ") and len(result.output.splitlines()) == 1, (
            args, result.output)
    preview = invoke("attendance", "import", past.uid, str(export), env=_env(services), clock=clock)
    assert preview.exit_code == 0 and "nothing recorded" in preview.output  # reading is anyone's


def test_restore_over_a_live_staff_list_is_for_admins_only(services: Services, tmp_path: Path) -> None:
    backup = tmp_path / "backup.db"
    assert invoke("backup", str(backup), env=_env(services)).exit_code == 0
    services.scheduling.create(make_event(title="Made after the backup"))
    _as_role(services, Role.EDITOR)
    refused = invoke("restore", str(backup), "--yes", env=_env(services))
    assert refused.exit_code == 1 and refused.output == (
        "Not allowed: only secretariat admins may replace the database with a backup\n")
    assert [e.title for e in services.upcoming()] == ["Made after the backup"]
    empty = tmp_path / "new-machine.db"  # after losing the machine: a new file, nobody on its list yet
    restored = invoke("--db", str(empty), "restore", str(backup), "--yes", env=_env(services))
    assert restored.exit_code == 0, restored.output


def test_brs_staff_name_naming_an_admin_grants_nothing(services: Services) -> None:
    event = services.scheduling.create(make_event(title="Customs webinar")).event
    _as_role(services, Role.VIEWER)
    env = {**_env(services), "BRS_STAFF_NAME": "boss", "USER": "boss", "LOGNAME": "boss"}
    for args in (("event", "cancel", event.uid, "--reason", "venue"),
                 ("staff", "add", "eve", "--role", "admin")):
        result = invoke(*args, env=env)
        assert result.exit_code == 1 and result.output.startswith("Not allowed: only "), (args, result.output)
    assert services.scheduling.get(event.id).version == event.version
    assert services.store.staff.get("eve") is None


def test_a_reschedule_refused_by_role_says_so_before_reading_the_date(services: Services) -> None:
    event = services.scheduling.create(make_event(title="Customs webinar")).event
    _as_role(services, Role.VIEWER)
    result = invoke("event", "reschedule", event.uid, "--to", "the day after never", env=_env(services))
    assert result.exit_code == 1 and result.output.startswith("Not allowed: only "), result.output


def test_adding_someone_again_changes_what_is_given_and_keeps_the_rest(services: Services) -> None:
    env = _env(services)
    invoke("staff", "add", "cecile", "--role", "centre-editor", "--centre", "bcrc-senegal", "--telegram-id",
           "4242", "--name", "Cécile N.", env=env)
    again = invoke("staff", "add", "cecile", "--role", "centre-editor", env=env)  # no centre given again
    assert again.exit_code == 0 and again.output == "cecile: centre editor (bcrc-senegal)\n", again.output
    kept = services.staff.get("cecile")
    assert (kept.centres, kept.telegram_id, kept.display_name) == (("bcrc-senegal",), 4242, "Cécile N.")
    invoke("staff", "add", "cecile", "--role", "centre-editor", "--centre", "bcrc-china", env=env)
    assert services.staff.get("cecile").centres == ("bcrc-china",)  # what is given replaces
    assert services.staff.get("cecile").telegram_id == 4242
    assert invoke("staff", "add", "noor", "--role", "centre-editor", env=env).exit_code == 1  # new: needs one
