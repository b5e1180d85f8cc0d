"""`brs-coord staff add|list|role|remove` (issue 21): the acting person is the OS login of the
process; only admins manage staff; the last admin stays; a refusal is one line "Not allowed: …"."""

from __future__ import annotations

from pathlib import Path

import pytest

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
