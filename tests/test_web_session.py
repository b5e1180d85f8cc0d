"""Who a browser session acts as: the launcher's signed token, its private key file, the gate in front of
every route (one header, only from a trusted proxy, optionally signed), and `brs-coord tui` refusing a
token that does not hold before anything opens."""

from __future__ import annotations

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from brs_coord.clock import FixedClock
from brs_coord.config import Settings, load_settings
from brs_coord.config_remote import WebSettings
from brs_coord.errors import ConfigError
from brs_coord.web.gate import Refusal, request_login
from brs_coord.web.launcher import StaffWebServer, tui_command
from brs_coord.web_session import (
    KEY_FILE_VARIABLE,
    TOKEN_VARIABLE,
    WebSessionRefused,
    header_signature,
    issue,
    new_key_file,
    read_key_file,
    session_login,
    verify,
)
from tests.cli_helpers import invoke
from tests.clocks import NOW

KEY = b"k" * 32


def test_a_token_names_its_login_until_it_expires() -> None:
    token = issue("alice", KEY, NOW)
    assert verify(token, KEY, NOW + timedelta(seconds=59)) == "alice"
    with pytest.raises(WebSessionRefused, match="expired"):
        verify(token, KEY, NOW + timedelta(seconds=61))


@pytest.mark.parametrize("forge", [
    lambda t: t.replace("alice", "bobby", 1),  # another login, same signature
    lambda t: t.rsplit(".", 1)[0] + "." + "0" * 64,  # a made-up signature
    lambda t: t.replace(t.split(".")[1], str(int(t.split(".")[1]) + 3600), 1),  # a later expiry
])
def test_a_forged_token_is_refused(forge: object) -> None:
    token = forge(issue("alice", KEY, NOW))  # type: ignore[operator]
    with pytest.raises(WebSessionRefused, match="not signed by this server"):
        verify(token, KEY, NOW)
    with pytest.raises(WebSessionRefused, match="not signed by this server"):
        verify(issue("alice", KEY, NOW), b"another key of 32 bytes........", NOW)


@pytest.mark.parametrize("login", ["", "a b", "a/b", "a:b", "x" * 65, "al\x1bice"])
def test_logins_that_cannot_be_a_user_name_are_not_signed(login: str) -> None:
    with pytest.raises(WebSessionRefused):
        issue(login, KEY, NOW)


def test_the_key_file_must_be_private(tmp_path: Path) -> None:
    path = new_key_file(tmp_path / "keys")
    assert (path.stat().st_mode & 0o777, path.parent.stat().st_mode & 0o777) == (0o600, 0o700)
    key = read_key_file(path)
    assert len(key) == 64 and bytes.fromhex(key.decode()) and key == path.read_bytes()  # 32 random bytes
    os.chmod(path, 0o640)  # readable by a group: anyone in it could sign any login
    with pytest.raises(WebSessionRefused, match="not private"):
        read_key_file(path)
    link = tmp_path / "link"
    link.symlink_to(path)
    with pytest.raises(WebSessionRefused, match="cannot read"):
        read_key_file(link)


@pytest.mark.parametrize("login", ["j.doe", "jean.dupont@example.org", "o'brien", "é-ü"])
def test_a_login_with_dots_and_other_real_characters_signs_in(login: str) -> None:
    """SSO and OS user names hold dots (j.doe); the token's own dots must not cut them."""
    assert verify(issue(login, KEY, NOW), KEY, NOW) == login
    assert request_login("127.0.0.1", {"X-Forwarded-User": login}, WebSettings(), None) == login
    signed = {"X-Forwarded-User": header_signature(login, KEY)}
    assert request_login("127.0.0.1", signed, WebSettings(), KEY) == login


def test_session_login_from_the_environment(tmp_path: Path) -> None:
    path = new_key_file(tmp_path / "keys")
    token = issue("alice", read_key_file(path), NOW)
    assert session_login({}, NOW) is None
    assert session_login({TOKEN_VARIABLE: token, KEY_FILE_VARIABLE: str(path)}, NOW) == "alice"
    with pytest.raises(WebSessionRefused, match="without"):
        session_login({TOKEN_VARIABLE: token}, NOW)


def test_tui_refuses_a_forged_token_in_one_line(tmp_path: Path, demo_template: Path) -> None:
    db = tmp_path / "demo.db"
    shutil.copyfile(demo_template, db)
    path = new_key_file(tmp_path / "keys")
    forged = issue("alice", b"someone else's key, not the file's", NOW)
    result = invoke("--db", str(db), "tui", env={TOKEN_VARIABLE: forged, KEY_FILE_VARIABLE: str(path)})
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "brs-coord: the web session token is not signed by this server; open the page again"]
    expired = issue("alice", read_key_file(path), NOW - timedelta(minutes=5))
    result = invoke("--db", str(db), "tui", env={TOKEN_VARIABLE: expired, KEY_FILE_VARIABLE: str(path)})
    assert result.exit_code == 1 and "has expired" in result.output


def test_gate() -> None:
    settings = WebSettings()
    headers = {"X-Forwarded-User": "alice"}
    assert request_login("127.0.0.1", headers, settings, None) == "alice"
    assert request_login("::1", headers, settings, None) == "alice"
    assert request_login("::ffff:127.0.0.1", headers, settings, None) == "alice"
    untrusted = request_login("192.0.2.7", headers, settings, None)
    assert isinstance(untrusted, Refusal) and "192.0.2.7" in untrusted.reason
    missing = request_login("127.0.0.1", {"X-Remote-User": "alice"}, settings, None)
    assert isinstance(missing, Refusal) and "no X-Forwarded-User header" in missing.reason
    assert isinstance(request_login("127.0.0.1", {"X-Forwarded-User": "a b"}, settings, None), Refusal)
    network = WebSettings(trusted_proxies=("10.0.0.0/8",), user_header="X-Remote-User")
    assert request_login("10.1.2.3", {"X-Remote-User": "bob"}, network, None) == "bob"
    assert isinstance(request_login("127.0.0.1", {"X-Remote-User": "bob"}, network, None), Refusal)


def test_gate_with_a_signing_proxy() -> None:
    settings = WebSettings()
    signed = {"X-Forwarded-User": header_signature("alice", KEY)}
    assert request_login("127.0.0.1", signed, settings, KEY) == "alice"
    unsigned = request_login("127.0.0.1", {"X-Forwarded-User": "alice"}, settings, KEY)
    assert isinstance(unsigned, Refusal) and "not signed" in unsigned.reason
    other = {"X-Forwarded-User": header_signature("alice", KEY).replace("alice", "bob")}
    assert isinstance(request_login("127.0.0.1", other, settings, KEY), Refusal)


def test_web_settings() -> None:
    settings = load_settings({"BRS_WEB_USER_HEADER": "X-Remote-User",
                              "BRS_WEB_TRUSTED_PROXIES": "10.0.0.1, ::1", "BRS_WEB_PORT": "9000"})
    assert (settings.web.user_header, settings.web.trusted_proxies, settings.web.port, settings.web.host) == (
        "X-Remote-User", ("10.0.0.1", "::1"), 9000, "127.0.0.1")
    with pytest.raises(ConfigError, match="BRS_WEB_TRUSTED_PROXIES"):
        load_settings({"BRS_WEB_TRUSTED_PROXIES": "the proxy"})
    with pytest.raises(ConfigError, match="BRS_WEB_USER_HEADER"):
        load_settings({"BRS_WEB_USER_HEADER": "X User:"})


async def test_every_route_is_behind_the_gate(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "brs.db")
    server = StaffWebServer(settings, FixedClock(NOW), tmp_path / "keys")
    assert server.command == tui_command(settings.db_path) and server.command.endswith(" tui")
    async with TestClient(TestServer(await server._make_app())) as client:
        for path in ("/", "/ws", "/static/js/textual.js"):
            refused = await client.get(path)
            assert refused.status == 403, path
            assert "Not signed in" in await refused.text()
        page = await client.get("/", headers={"X-Forwarded-User": "alice"})
        assert page.status == 200 and "/ws" in await page.text()
        script = await client.get("/static/js/textual.js", headers={"X-Forwarded-User": "alice"})
        assert script.status == 200
