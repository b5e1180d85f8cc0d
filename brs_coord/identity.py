"""Who is acting: from the authenticated channel, never from a setting a person can type.

Over SSH (one OS account per person, ``ForceCommand brs-coord tui``) and on the command line the
acting person is the process's OS login. The browser launcher (``brs-coord web``) hands each TUI it
spawns a signed identity token, which the ``tui`` command verifies (cli_remote.signed_in_login) and
passes on as the acting login (build_services(login=))."""

from __future__ import annotations

import os
import pwd
from collections.abc import Mapping

LOGIN_MAX = 64
NOT_IN_A_LOGIN = ":/\\"  # the passwd file's separator and path separators: no account has them


def valid_login(login: str) -> bool:
    """A login an OS account or a sign-in proxy can have (``j.doe``, ``jean.dupont@example.org``):
    printable, no spaces, no ``: / \\``, at most LOGIN_MAX characters. The staff list takes only these,
    so everyone on it can sign in over SSH and in a browser."""
    return (0 < len(login) <= LOGIN_MAX and login.isprintable()
            and not any(c.isspace() or c in NOT_IN_A_LOGIN for c in login))


def login_from_channel(environ: Mapping[str, str]) -> str | None:
    """The login a verified channel vouches for in the process's environment: none (nothing is
    trusted from the environment without a verified signature). The web launcher's per-session
    token is verified by the ``tui`` command itself (cli_remote.signed_in_login, against its
    clock) and the login handed to build_services(login=); everything else acts as the OS login."""
    del environ
    return None


def os_login() -> str:
    """The OS login of this process's effective user (over SSH: the person who logged in)."""
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:  # a uid without a passwd entry (some containers): its number
        return str(os.geteuid())


def acting_login(environ: Mapping[str, str] | None = None) -> str:
    """The login of the person acting: the verified channel's, else the OS login."""
    return login_from_channel(os.environ if environ is None else environ) or os_login()
