"""`brs-coord`: the command line and the composition root (heavy imports stay inside commands)."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from . import __version__
from .cli_ask import ask as ask_command
from .cli_certificates import certificate_commands
from .cli_event import event as event_commands
from .cli_remote import signed_in_login
from .cli_remote import web as web_command
from .cli_results import attendance_commands, report_command, results_commands
from .cli_series import series as series_commands
from .cli_sources import review as review_commands
from .cli_sources import source as source_commands
from .cli_staff import staff as staff_commands
from .cli_workplan import preview as workplan_preview
from .clock import Clock, SystemClock
from .config import LOG_FORMAT, SETTINGS, Settings, load_settings
from .errors import BrsCoordError, PermissionDenied, StoreError
from .languages import CODES, DEFAULT
from .redaction import RedactSecrets, redact

OTHER_LANGUAGES = tuple(code for code in CODES if code != DEFAULT)  # the export's --language choices

log = logging.getLogger(__name__)


def _settings_epilog() -> str:
    lines = ["\b", "Settings (environment variables, or the same keys in the TOML file BRS_CONFIG):"]
    lines += [f"  {s.name:<22} {s.help} [default: {s.default}]" for s in SETTINGS]
    return "\n".join(lines)


@dataclass
class CliContext:
    """What every command gets: the settings, the clock, and services built on first use.

    A caller may hand one to ``main`` (``main.main(args, obj=CliContext(clock=...))``): its clock
    and settings are kept; settings left out are read from the environment when ``main`` starts.
    """

    settings: Settings | None = None
    clock: Clock = field(default_factory=SystemClock)
    _services: Any = field(default=None, repr=False)

    @property
    def config(self) -> Settings:
        if self.settings is None:
            self.settings = load_settings()
        return self.settings

    def services(self, *, create: bool = False, reads_all: bool = False, login: str | None = None) -> Any:
        """The services (``login``: the person a channel authenticated, e.g. a web session's token;
        else the OS login)."""
        from .services import build_services

        if self._services is None:
            self._services = build_services(self.config, self.clock, create=create, reads_all=reads_all,
                                            login=login)
        return self._services

    def close(self) -> None:
        if self._services is not None:
            self._services.close()
            self._services = None


class BrsGroup(click.Group):
    """A click group that turns expected failures into one line on stderr and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # `brs-coord ask … | head -1`: the reader has gone, like other tools
            _quiet_broken_pipe()
            ctx.exit(BROKEN_PIPE_EXIT)
        except PermissionDenied as exc:  # one line starting "Not allowed:" (a contract of issue 21)
            click.echo(exc.message, err=True)
            ctx.exit(1)
        except BrsCoordError as exc:  # a refusal by a rule ("Not allowed: … is the last admin") as it is
            refusal = exc.message.startswith("Not allowed:")
            click.echo(exc.message if refusal else f"brs-coord: {exc.message}", err=True)
            ctx.exit(1)
        except sqlite3.Error as exc:
            click.echo(f"brs-coord: database error: {exc}", err=True)
            ctx.exit(1)
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            click.echo(f"brs-coord: {exc.strerror or exc}{where}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("brs-coord: interrupted", err=True)
            ctx.exit(130)


BROKEN_PIPE_EXIT = 141  # what a shell reports for a tool that SIGPIPE stopped


def _quiet_broken_pipe() -> None:
    """When stdout's reader has gone, stop without a word (the caller exits with BROKEN_PIPE_EXIT):
    stdout goes to /dev/null first, so that flushing it at exit raises nothing more."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _undecodable_argument(args: list[str]) -> str | None:
    """A message naming the first argument that is not UTF-8 (Python keeps its bytes as surrogates)."""
    for number, arg in enumerate(args, 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            return f"argument {number} ({shown}) is not valid UTF-8 text; check the terminal's encoding"
    return None


@click.group(cls=BrsGroup, epilog=_settings_epilog(), context_settings={"max_content_width": 100})
@click.version_option(__version__, prog_name="brs-coord")
@click.option("--db", "db_path", type=click.Path(path_type=Path),
              help="Database file (overrides BRS_DB).")
@click.pass_context
def main(ctx: click.Context, db_path: Path | None) -> None:
    """Coordinate the technical-assistance calendar of the Basel, Rotterdam and Stockholm
    conventions: a staff TUI, a participant Telegram bot and iCalendar feeds on one SQLite store.

    Quick start: `brs-coord demo` builds a demo database, `brs-coord tui` opens it.
    """
    context = ctx.obj if isinstance(ctx.obj, CliContext) else CliContext()
    settings = context.config
    if db_path is not None:
        from dataclasses import replace

        context.settings = replace(settings, db_path=db_path)
    ctx.obj = context
    ctx.call_on_close(context.close)


def _log_to(settings: Settings, *filters: logging.Filter) -> None:
    """The log of a long-running command (serve, bot): every line passes ``filters`` and then loses
    its secrets (the bot token, personal feed tokens), tracebacks included."""
    logging.basicConfig(level=settings.log_level, filename=settings.log_file, format=LOG_FORMAT)
    for handler in logging.getLogger().handlers:
        for item in filters:
            handler.addFilter(item)
        handler.addFilter(RedactSecrets(settings.telegram_token or ""))


@main.command()
@click.pass_obj
def init(obj: CliContext) -> None:
    """Create the database with the reference catalogue, or bring an existing one up to date."""
    existed = obj.config.db_path.exists()
    services = obj.services(create=True)
    report = services.initialise()
    verb = "Updated" if existed else "Created"
    added = ", ".join(f"{n} {kind}" for kind, n in report.added.items() if n) or "nothing new"
    click.echo(f"{verb} {obj.config.db_path} (schema {services.store.schema_version}): {added}")


@main.command()
@click.pass_obj
def demo(obj: CliContext) -> None:
    """Add a demo calendar for the next 12 months (creates the database if needed; idempotent)."""
    services = obj.services(create=True)
    services.initialise()
    added = services.add_demo()
    total = services.store.events.total()
    click.echo(f"Demo calendar in {obj.config.db_path}: {added} events added, {total} in all")


@main.command()
@click.pass_obj
def tui(obj: CliContext) -> None:
    """Open the staff terminal UI."""
    signed_in = signed_in_login(obj)  # a web session's verified token, or the SSH login
    services = obj.services(login=signed_in)
    from .tui import run_tui

    run_tui(services, signed_in_as=signed_in)


@main.command()
@click.option("--backup", "with_backup", is_flag=True,
              help="Also report how far the Litestream replica is behind (BRS_LITESTREAM_CONFIG).")
@click.option("--max-lag", type=click.FloatRange(0), default=60.0, show_default=True,
              help="With --backup: seconds of lag above which the check fails.")
@click.pass_obj
def check(obj: CliContext, with_backup: bool, max_lag: float) -> None:
    """Check the database: integrity, schema version and counts (and its replica's lag)."""
    report = obj.services().store.check()
    click.echo(f"database  {report.path}")
    click.echo(f"integrity {report.integrity}")
    click.echo(f"schema    version {report.schema_version}")
    if report.missing_tables:
        click.echo(f"missing   tables {', '.join(report.missing_tables)}")
    for table, count in report.counts.items():
        click.echo(f"{table:<16}{count:>8}")
    if report.missing_tables:
        raise StoreError(f"{report.path} lacks tables of its schema; restore a backup")
    if not report.ok:
        raise StoreError(f"{report.path} failed the integrity check")
    if with_backup:
        from .cli_remote import report_backup

        report_backup(obj.config, max_lag)


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.pass_obj
def backup(obj: CliContext, path: Path) -> None:
    """Copy the database to PATH (safe while the bot and others write)."""
    obj.services().store.backup(path)
    click.echo(f"Backed up {obj.config.db_path} to {path}")


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def restore(obj: CliContext, path: Path, yes: bool) -> None:
    """Replace the database with the backup at PATH (refused if the backup is damaged)."""
    if not path.is_file():
        raise StoreError(f"No backup file at {path}")
    if not yes and not sys.stdin.isatty():
        raise BrsCoordError(f"Restoring replaces {obj.config.db_path}: add --yes when not in a terminal")
    if not yes and not click.confirm(f"Replace {obj.config.db_path} with {path}?", err=True):
        raise BrsCoordError("Restore abandoned; nothing changed")
    obj.services(create=True).restore(path)
    click.echo(f"Restored {obj.config.db_path} from {path}")


@main.command()
@click.option("--serve", "with_feeds", is_flag=True,
              help="Also serve the feeds over HTTP (BRS_HOST, BRS_PORT) in the same process.")
@click.option("--webhook", "with_webhook", is_flag=True,
              help="Take updates on a webhook (BRS_WEBHOOK_*, behind a TLS proxy) instead of polling.")
@click.pass_obj
def bot(obj: CliContext, with_feeds: bool, with_webhook: bool) -> None:
    """Run the participant Telegram bot (polling or --webhook; stops cleanly on SIGTERM or Ctrl+C)."""
    import asyncio

    from .errors import ConfigError

    settings = obj.config
    if not settings.telegram_token:
        raise ConfigError("BRS_TELEGRAM_TOKEN is not set; the bot needs the token @BotFather gave you")
    if with_webhook:
        from .cli_remote import require_webhook

        require_webhook(settings)
    services = obj.services()
    from .bot.app import build_application
    from .bot.run import serve
    from .bot.tolerance import ExpectedFaultsInOneLine

    _log_to(settings, ExpectedFaultsInOneLine())
    logging.getLogger("httpx").setLevel(logging.WARNING)
    application = build_application(services, settings)
    runner: list[Any] = []

    async def start_feeds() -> None:
        from .server.app import start_feed_server

        runner.append(await start_feed_server(services, settings.host, settings.port))

    async def stop_feeds() -> None:
        for item in runner:
            await item.cleanup()

    from telegram.error import InvalidToken, NetworkError

    click.echo("The bot is running (Ctrl+C stops)", err=True)
    try:
        asyncio.run(serve(application, on_start=start_feeds if with_feeds else None,
                          on_stop=stop_feeds if with_feeds else None,
                          webhook=settings.webhook if with_webhook else None))
    except InvalidToken as exc:  # its message quotes the token: never shown
        raise ConfigError("The Bot API refused BRS_TELEGRAM_TOKEN (unknown or revoked token); "
                          "check it with @BotFather") from exc
    except NetworkError as exc:  # only at start: later faults are retried by polling
        reason = redact(str(exc), settings.telegram_token or "")
        raise ConfigError(f"Cannot reach the Bot API at {settings.telegram_api_base}: {reason};"
                          " the bot did not start") from exc


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the feeds (overrides BRS_FEED_DIR).")
@click.option("--past-days", type=click.IntRange(0, 3650), default=90, show_default=True,
              help="Keep events that ended at most this many days ago.")
@click.option("--language", "languages", multiple=True, type=click.Choice([*OTHER_LANGUAGES, "all"]),
              help="Also write the feeds and index page in this language, in a folder of its own "
                   "(fr/all.ics, as the server serves /calendars/fr/all.ics); repeatable; all: the five.")
@click.pass_obj
def export(obj: CliContext, out_dir: Path | None, past_days: int, languages: tuple[str, ...]) -> None:
    """Write the iCalendar feeds, index.html and feeds.json (unchanged files are left alone)."""
    from dataclasses import replace

    from .services.feed_pages import is_loopback_url

    feeds = obj.services(reads_all=True).feeds
    feeds.options = replace(feeds.options, past_days=past_days)
    with contextlib.ExitStack() as stack:
        bars: list[Any] = []  # the bar starts with the first progress, after the folder is made

        def progress(done: int, total: int) -> None:
            if not bars:
                bars.append(stack.enter_context(
                    click.progressbar(length=total, label="Exporting feeds", file=sys.stderr)))
            bars[0].length = total
            bars[0].update(done - bars[0].pos)

        chosen = OTHER_LANGUAGES if "all" in languages else languages
        report = feeds.export(out_dir, progress=progress, languages=chosen)
    click.echo(
        f"{report.feeds} feeds ({report.events} events) in {report.out_dir}: {len(report.written)} written,"
        f" {len(report.unchanged)} unchanged" + (f", {len(report.removed)} removed" if report.removed else "")
    )
    if is_loopback_url(feeds.settings.feed_base_url):
        click.echo(
            f"Warning: BRS_FEED_BASE_URL is {feeds.settings.feed_base_url}, this machine's own address: "
            "every subscribe link in index.html and feeds.json points there. Set it to the public "
            "address the feeds are served from.", err=True,
        )


@main.command()
@click.option("--host", help="Address to listen on (overrides BRS_HOST).")
@click.option("--port", type=click.IntRange(1, 65535), help="Port to listen on (overrides BRS_PORT).")
@click.pass_obj
def serve(obj: CliContext, host: str | None, port: int | None) -> None:
    """Serve the feeds and the index page over HTTP, built from the store (no export needed)."""
    services = obj.services(reads_all=True)
    from .server import run_feed_server

    host, port = host or obj.config.host, port or obj.config.port
    _log_to(obj.config)
    import socket

    try:
        run_feed_server(services, host, port, on_ready=lambda: click.echo(
            f"Serving the feeds on http://{host}:{port}/ (Ctrl+C stops)", err=True))
    except socket.gaierror as exc:
        raise BrsCoordError(f"Cannot listen on {host}:{port}: {exc.strerror}") from exc



main.add_command(event_commands)
main.add_command(series_commands)
main.add_command(ask_command)
main.add_command(report_command)
main.add_command(results_commands)
main.add_command(attendance_commands)
main.add_command(certificate_commands)
source_commands.add_command(workplan_preview)
main.add_command(source_commands)
main.add_command(web_command)
main.add_command(staff_commands)
main.add_command(review_commands)


def run(context: CliContext | None = None) -> None:
    """Entry point: usage errors and expected failures end in one line on stderr, never a traceback.

    ``context`` lets an embedding program (the tests' launcher) choose the clock and settings.
    """
    problem = _undecodable_argument(sys.argv[1:])
    if problem is not None:
        click.echo(f"brs-coord: {problem}", err=True)
        sys.exit(2)
    try:
        code = main.main(prog_name="brs-coord", standalone_mode=False, obj=context)
    except BrokenPipeError:
        _quiet_broken_pipe()
        sys.exit(BROKEN_PIPE_EXIT)
    except click.exceptions.Abort:
        click.echo("brs-coord: aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        hint = " (see brs-coord --help)" if isinstance(exc, click.UsageError) else ""
        click.echo(f"brs-coord: {exc.format_message()}{hint}", err=True)
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    run()
