"""Commands and start-up checks of the remote faces: ``brs-coord web`` and who a remote TUI is."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from .config import Settings
from .identity import os_login

SSH_VARIABLES = ("SSH_CONNECTION", "SSH_CLIENT")


def signed_in_login(obj: Any, environ: Mapping[str, str] | None = None) -> str | None:
    """The login a remote TUI session acts as, or None for a local one: a web session's token (then
    the settings' staff name becomes it: history records the person, not the server's account;
    a forged or expired token is refused), else the OS login of an SSH session."""
    from .web_session import session_login  # hashlib and hmac: not for the commands that start fast

    env = os.environ if environ is None else environ
    login = session_login(env, obj.clock.now())
    if login is not None:
        obj.settings = replace(obj.config, staff_name=login)
        return login
    if any(env.get(name) for name in SSH_VARIABLES):  # the account, never USER/LOGNAME (typed, not proven)
        return os_login()
    return None


@click.command()
@click.option("--host", help="Address to listen on (overrides BRS_WEB_HOST; default 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), help="Port to listen on (overrides BRS_WEB_PORT).")
@click.pass_obj
def web(obj: Any, host: str | None, port: int | None) -> None:
    """Serve the staff TUI in browsers, behind a proxy that signs people in (see README)."""
    settings = obj.config
    chosen = replace(settings.web, host=host or settings.web.host, port=port or settings.web.port)
    db_path: Path = settings.db_path
    if not db_path.exists():
        from .errors import StoreError

        raise StoreError(f"No database at {db_path}; run `brs-coord init` first")
    from .web import serve_web

    serve_web(replace(settings, web=chosen), obj.clock)


def report_backup(settings: Settings, max_lag: float) -> None:
    """The replica lines of ``check --backup``; a replica holding nothing or lagging more than
    ``max_lag`` seconds fails the check."""
    from .errors import StoreError
    from .replica import replica_lag

    lag = replica_lag(settings.db_path, settings.litestream_config)
    stamp = "%Y-%m-%d %H:%M:%S UTC"
    click.echo(f"database  transaction {lag.database_txid}, taken {lag.database_written:{stamp}}")
    if lag.replica_written is None or lag.lag_seconds is None:
        raise StoreError(f"The Litestream replica of {lag.database} holds nothing yet; is litestream "
                         f"replicate running with {settings.litestream_config}?")
    click.echo(f"replica   transaction {lag.replica_txid}, written {lag.replica_written:{stamp}}")
    seconds = lag.lag_seconds
    missing = lag.database_txid - lag.replica_txid
    click.echo(f"lag       {seconds:.0f} s, {missing} transactions" if lag.behind
               else "lag       0 s (up to date)")
    if seconds > max_lag:
        raise StoreError(f"The replica is {seconds:.0f} s behind the database (more than {max_lag:g} s); "
                         "is litestream replicate running?")


def require_webhook(settings: Settings) -> None:
    """``bot --webhook`` needs the public HTTPS address and the secret Telegram will send."""
    from .errors import ConfigError

    hook = settings.webhook
    if not hook.webhook_url.startswith("https://"):
        raise ConfigError("bot --webhook needs BRS_WEBHOOK_URL, the public https:// address of the webhook "
                          "(the TLS proxy's, forwarding to BRS_WEBHOOK_LISTEN:BRS_WEBHOOK_PORT)")
    if not hook.secret_token:
        raise ConfigError("bot --webhook needs BRS_WEBHOOK_SECRET in the environment (1-256 letters, digits, "
                          "_ or -): Telegram sends it with each update and others' posts are refused")
