"""The SSH deployment of deploy/ssh/README.md, exercised: two OS accounts in a staff group, keys, an
sshd of the test's own on a loopback port whose ``Match Group`` block forces ``brs-coord tui`` with
umask 007 on a setgid, group-writable database folder. Each person logs in with ``ssh -tt`` in tmux,
sees the TUI signed in as their own login, writes to the shared database (their theme, kept per
login) and quits; the database and its WAL/SHM files stay writable by the group."""

from __future__ import annotations

import grp
import os
import pwd
import shlex
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cdp import free_port
from tests.cli_helpers import invoke

pytestmark = [pytest.mark.slow]
SSHD = "/usr/sbin/sshd"
TOOLS = ("ssh", "ssh-keygen", "tmux", "useradd", "userdel", "groupadd", "groupdel")
SUFFIX = f"{os.getpid() % 100000}"
GROUP = f"brs{SUFFIX}"  # the README's `brs`, unique per run so nothing on the machine is touched
USERS = (f"alice{SUFFIX}", f"bob{SUFFIX}")
# each one's role, as given with `brs-coord staff add`, and as the TUI's header names it
ROLES = {"centre editor, bcrc-senegal": ("centre-editor", "bcrc-senegal"),
         "M&E officer": ("me-officer", None)}
REPO = Path(__file__).resolve().parent.parent


def require_root_and_sshd() -> None:
    if os.geteuid() != 0:
        pytest.skip("the SSH deployment test creates OS accounts: it runs as root only (CI does)")
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not os.path.exists(SSHD) or missing:
        needs = ", ".join(missing) or "sshd"
        pytest.skip(f"the SSH deployment test needs Debian's openssh-server and {needs}"
                    " (.ci/run installs them with apt-get)")


def _reachable_by_others(path: Path) -> bool:
    return all(os.stat(folder).st_mode & stat.S_IXOTH for folder in path.resolve().parents)


def staff_python() -> tuple[str, str]:
    """An interpreter the staff accounts can run, and the PYTHONPATH giving it this checkout and its
    packages: this one when other accounts reach it, else the system's Python of the same version
    (a developer's interpreter often lives under a home folder no one else may enter)."""
    import sysconfig

    site = sysconfig.get_paths()["purelib"]
    if _reachable_by_others(Path(sys.executable)):
        return sys.executable, str(REPO)
    system = f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}"
    if not os.path.exists(system):
        pytest.skip(f"no Python the staff accounts may run ({sys.executable} is private, no {system})")
    return system, f"{REPO}:{site}"


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def accounts(tmp_path: Path) -> Iterator[dict[str, Path]]:
    """The staff group and two accounts with a key each (private keys in the test's folder)."""
    require_root_and_sshd()
    run("groupadd", GROUP)
    keys: dict[str, Path] = {}
    try:
        for user in USERS:
            run("useradd", "--create-home", "--shell", "/bin/sh", "--groups", GROUP, user)
            run("usermod", "--password", "*", user)  # no password, but not locked: keys only
            key = tmp_path / f"id_{user}"
            run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key))
            entry = pwd.getpwnam(user)
            ssh_dir = Path(entry.pw_dir) / ".ssh"
            ssh_dir.mkdir(mode=0o700)
            (ssh_dir / "authorized_keys").write_text(key.with_suffix(".pub").read_text())
            for path in (ssh_dir, ssh_dir / "authorized_keys"):
                os.chown(path, entry.pw_uid, entry.pw_gid)
            os.chmod(ssh_dir / "authorized_keys", 0o600)
            keys[user] = key
        yield keys
    finally:
        for user in USERS:
            subprocess.run(["pkill", "-KILL", "-u", user], capture_output=True)  # their sessions only
            subprocess.run(["userdel", "--remove", user], capture_output=True)
        subprocess.run(["groupdel", GROUP], capture_output=True)


@pytest.fixture
def shared_db(demo_template: Path, accounts: dict[str, Path]) -> Iterator[Path]:
    """/srv-like folder for the database: group brs, setgid, rwx for the group only, as the README."""
    folder = Path(f"/tmp/brs-ssh-test-{SUFFIX}")
    folder.mkdir(mode=0o700)
    try:
        os.chown(folder, 0, grp.getgrnam(GROUP).gr_gid)
        os.chmod(folder, 0o2770)
        db = folder / "brs.db"
        shutil.copyfile(demo_template, db)
        os.chown(db, 0, grp.getgrnam(GROUP).gr_gid)
        os.chmod(db, 0o660)
        for user, (role, centre) in zip(USERS, ROLES.values(), strict=True):  # as the admin (root)
            added = invoke("staff", "add", user, "--role", role, *(("--centre", centre) if centre else ()),
                           env={"BRS_DB": str(db)})
            assert added.exit_code == 0, added.output
        yield db
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def sshd(tmp_path: Path, shared_db: Path, accounts: dict[str, Path]) -> Iterator[int]:
    """An sshd of the test's own (its config, host key and pid file in the test's folder)."""
    port = free_port()
    host_key = tmp_path / "host_key"
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(host_key))
    python, pythonpath = staff_python()
    tui = shlex.join([python, "-m", "brs_coord.cli", "tui"])
    config = tmp_path / "sshd_config"
    config.write_text(f"""\
Port {port}
ListenAddress 127.0.0.1
HostKey {host_key}
PidFile {tmp_path / "sshd.pid"}
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
AuthorizedKeysFile .ssh/authorized_keys
PermitRootLogin no
AllowGroups {GROUP}

Match Group {GROUP}
    SetEnv BRS_DB={shared_db} BRS_TZ=Europe/Zurich PYTHONPATH={pythonpath}
    ForceCommand umask 007; exec {tui}
    AllowTcpForwarding no
    X11Forwarding no
    PermitTTY yes
""")
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege-separation folder
    run(SSHD, "-t", "-f", str(config))
    log = (tmp_path / "sshd.log").open("w")
    process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stderr=log)
    try:
        for _ in range(100):
            if subprocess.run(["ssh-keyscan", "-p", str(port), "127.0.0.1"], capture_output=True).stdout:
                break
            time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def _screen(session: str) -> str:
    return run("tmux", "capture-pane", "-p", "-t", session)


def _wait_for(session: str, text: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _screen(session)
        if text in screen:
            return screen
        time.sleep(0.3)
    raise AssertionError(f"{text!r} not on the screen of {session}:\n{screen}")


def _log_in(user: str, key: Path, port: int, tmp_path: Path) -> str:
    session = f"ssh-{user}"
    ssh = shlex.join(["ssh", "-tt", "-i", str(key), "-p", str(port), "-o", "StrictHostKeyChecking=no",
                      "-o", f"UserKnownHostsFile={tmp_path / 'known_hosts'}", "-o", "BatchMode=yes",
                      f"{user}@127.0.0.1"])
    run("tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30",
        f"TERM=xterm-256color {ssh}; sleep 30")
    return session


def test_two_staff_over_ssh_each_as_their_login(sshd: int, accounts: dict[str, Path], shared_db: Path,
                                                  tmp_path: Path) -> None:
    for (user, key), role in zip(accounts.items(), ROLES, strict=True):
        session = _log_in(user, key, sshd, tmp_path)
        try:
            screen = _wait_for(session, f"signed in as {user} · {role}")  # their login and their role
            assert "events" in screen and "When" in screen  # the events view, its table's heading
            if os.environ.get("BRS_UPDATE_SCREENSHOT") == "1" and user == USERS[0]:
                (REPO / "docs" / "ssh-tui.txt").write_text(screen.replace(SUFFIX, ""))
            run("tmux", "send-keys", "-t", session, "C-t")  # the theme: written to the store for this login
            time.sleep(1.5)
            run("tmux", "send-keys", "-t", session, "q")
            _wait_for(session, "Connection to 127.0.0.1 closed", timeout=30)
        finally:
            subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    with sqlite3.connect(shared_db) as connection:
        logins = {row[0] for row in connection.execute("SELECT staff FROM staff_preferences")}
    assert set(USERS) <= logins, logins  # each wrote the shared database under their own login
    brs = grp.getgrnam(GROUP).gr_gid
    for path in shared_db.parent.iterdir():  # brs.db and the -wal/-shm files whoever opened it first made
        info = path.stat()
        assert info.st_gid == brs and info.st_mode & stat.S_IWGRP, (path, oct(info.st_mode))
