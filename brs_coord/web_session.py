"""Who a browser session's TUI acts as: a short-lived token the web launcher signs and the TUI checks.

The launcher (``brs-coord web``) makes a random key when it starts and keeps it in a file only its
own account can read; each browser session's ``brs-coord tui`` gets, in its environment, a token
``<login>.<expiry>.<HMAC-SHA256>`` and that file's path. The TUI acts as the token's login only
when the key file is private to the account running it and the token's signature and expiry hold;
anything else is refused at start (one line), never taken as a free setting.

The same HMAC signs the user header of a proxy that can sign (``<login>:<hex signature>``).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path

from .errors import BrsCoordError
from .identity import valid_login

TOKEN_VARIABLE = "BRS_WEB_SESSION"  # the signed token in the spawned TUI's environment
KEY_FILE_VARIABLE = "BRS_WEB_SESSION_KEY"  # the path of the launcher's private key file
TOKEN_LIFETIME = timedelta(seconds=60)  # a TUI starts within seconds of its browser connecting
KEY_BYTES = 32


class WebSessionRefused(BrsCoordError):
    """A web session's token (or a proxy's signed header) that does not hold."""

    title = "Not signed in"


def _signature(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def issue(login: str, key: bytes, now: datetime, lifetime: timedelta = TOKEN_LIFETIME) -> str:
    """A token saying ``login`` until ``now + lifetime``."""
    if not valid_login(login):
        raise WebSessionRefused(f"{login!r} is not a login name")
    body = f"{login}.{int((now + lifetime).timestamp())}"
    return f"{body}.{_signature(key, body)}"


def verify(token: str, key: bytes, now: datetime) -> str:
    """The login a token names, or WebSessionRefused when it is forged, damaged or expired."""
    parts = token.rsplit(".", 2)  # a login may hold dots (j.doe); expiry and signature do not
    if len(parts) != 3 or not parts[1].isdigit():
        raise WebSessionRefused("the web session token is damaged; open the page again")
    login, expiry, signature = parts
    if not hmac.compare_digest(signature, _signature(key, f"{login}.{expiry}")):
        raise WebSessionRefused("the web session token is not signed by this server; open the page again")
    if now.timestamp() > int(expiry):
        raise WebSessionRefused("the web session token has expired; open the page again")
    return login


def signed_header_login(value: str, key: bytes) -> str | None:
    """The login of a proxy's signed user header ``<login>:<hex HMAC-SHA256 of the login>``."""
    login, _, signature = value.rpartition(":")
    if not valid_login(login) or not hmac.compare_digest(signature, _signature(key, login)):
        return None
    return login


def header_signature(login: str, key: bytes) -> str:
    """What a signing proxy appends to the user header (tests and the README's example)."""
    return f"{login}:{_signature(key, login)}"


def new_key_file(folder: Path) -> Path:
    """A fresh random key in ``folder/key``, readable by this account only (the folder too); written
    as hex text, as a key file staff write is, so reading it (which strips spaces and line ends)
    never shortens it."""
    folder.mkdir(mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)
    path = folder / "key"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as stream:
        stream.write(secrets.token_hex(KEY_BYTES).encode("ascii"))
    return path


def read_key_file(path: Path, *, private: bool = True) -> bytes:
    """The key in ``path``; with ``private``, refused unless it is this account's own regular file that
    no one else may read or write (a key anyone could write would let them sign any login)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        raise WebSessionRefused(f"cannot read the web key file {path}: {exc.strerror}") from exc
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise WebSessionRefused(f"the web key file {path} is not a regular file")
        if private and (info.st_uid != os.geteuid() or info.st_mode & 0o077):
            raise WebSessionRefused(f"the web key file {path} is not private to this account (mode 600)")
        key = stream.read(4096).strip()
    if len(key) < 16:
        raise WebSessionRefused(f"the web key file {path} holds no key (at least 16 bytes)")
    return key


def session_login(environ: Mapping[str, str], now: datetime) -> str | None:
    """The login a web session's TUI acts as (None: not started by the web launcher); refused when
    the token or its key file does not hold."""
    token = environ.get(TOKEN_VARIABLE)
    if not token:
        return None
    key_path = environ.get(KEY_FILE_VARIABLE)
    if not key_path:
        raise WebSessionRefused(f"{TOKEN_VARIABLE} is set without {KEY_FILE_VARIABLE}; open the page again")
    return verify(token, read_key_file(Path(key_path)), now)
