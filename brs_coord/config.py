"""Settings from environment variables, or the same keys in a TOML file named by BRS_CONFIG."""

from __future__ import annotations

import difflib
import getpass
import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .characters import invisible_only, unsafe_characters
from .config_remote import (
    ENVIRONMENT_ONLY,
    REMOTE_SPECS,
    WebhookSettings,
    WebSettings,
    web_settings,
    webhook_settings,
)
from .deep_links import bot_username
from .errors import ConfigError
from .zones import is_valid_timezone

DEFAULT_TELEGRAM_API_BASE = "https://api.telegram.org"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
CONFIG_MAX_BYTES = 64 * 1024  # a settings file is a few lines; BRS_CONFIG=/dev/zero must not fill memory


@dataclass(frozen=True)
class SettingSpec:
    """One documented setting: its variable, default (as shown to users) and purpose."""

    name: str
    default: str
    used_by: str
    help: str


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("BRS_DB", "brs.db", "all", "SQLite database file"),
    SettingSpec("BRS_TZ", "the machine's zone", "TUI", "staff time zone (IANA name)"),
    SettingSpec("BRS_STAFF_NAME", "the login name", "TUI", "how you are shown (who acts is the login)"),
    SettingSpec("BRS_FEED_DIR", "calendars", "export", "folder for exported .ics feeds"),
    SettingSpec(
        "BRS_FEED_BASE_URL", "http://127.0.0.1:8080", "serve, bot", "public address of the feeds"
    ),
    SettingSpec("BRS_HOST", "127.0.0.1", "serve", "address the feed server listens on"),
    SettingSpec("BRS_PORT", "8080", "serve", "port the feed server listens on"),
    SettingSpec("BRS_HEADER_TIMEOUT", "10", "serve", "seconds a client has to send a request's head"),
    SettingSpec("BRS_CONNECTIONS_PER_ADDRESS", "64", "serve", "open connections allowed from one address"),
    SettingSpec("BRS_TELEGRAM_TOKEN", "(required by bot)", "bot", "bot token, from the environment only"),
    SettingSpec(
        "BRS_TELEGRAM_API_BASE", DEFAULT_TELEGRAM_API_BASE, "bot", "self-hosted or test Bot API root URL"
    ),
    SettingSpec(
        "BRS_BOT_USERNAME", "(learnt by the bot)", "all",
        "bot's public @username, for t.me links in the TUI and feeds",
    ),
    SettingSpec("BRS_LOG_LEVEL", "INFO", "bot, serve, TUI", "logging level"),
    SettingSpec("BRS_LOG_FILE", "(stderr; TUI: DB.tui.log)", "bot, serve, TUI", "log file"),
    SettingSpec("BRS_NOTICE_BATCH_SECONDS", "30", "all", "edits of an event within it: one notice (<= 60)"),
    SettingSpec("BRS_OFFER_HOURS", "12", "all", "how long a freed place stays offered to the next in line"),
    SettingSpec("BRS_SENDER_INTERVAL", "3", "bot", "seconds between two looks at the outbox"),
    SettingSpec("BRS_NOTICE_LEASE", "60", "bot", "seconds after which a claimed, unsent notice is retried"),
    SettingSpec("BRS_NOTICE_MAX_ATTEMPTS", "8", "bot", "attempts before a notice is marked failed"),
    SettingSpec("BRS_PAGE_CACHE_MIB", "64 (serve, export: 0)", "all",
                "each database connection's page cache, MiB (0: SQLite's 2 MiB)"),
    SettingSpec("BRS_EVALUATION_DELAY", "60", "bot", "minutes after an event ends before its"
                " attendees are asked to evaluate it"),
    SettingSpec("BRS_SOURCE_SYNC_SECONDS", "300", "bot", "seconds between two syncs of the due partner"
                " sources (0: the bot never syncs them)"),
    *(SettingSpec(*spec) for spec in REMOTE_SPECS),
    SettingSpec("BRS_CONFIG", "(none)", "all", "TOML file with any of these keys"),
)


@dataclass(frozen=True)
class Settings:
    """Every setting of brs-coord, resolved once by the CLI and passed down."""

    db_path: Path = Path("brs.db")
    staff_tz: str = "UTC"
    staff_name: str = "staff"
    feed_dir: Path = Path("calendars")
    feed_base_url: str = "http://127.0.0.1:8080"
    host: str = "127.0.0.1"
    port: int = 8080
    header_timeout: float = 10.0
    connections_per_address: int = 64
    telegram_token: str | None = field(default=None, repr=False)
    telegram_api_base: str = DEFAULT_TELEGRAM_API_BASE
    bot_username: str = ""  # blank: the one the bot learnt from Telegram (stored), else none
    log_level: str = "INFO"
    log_file: Path | None = None
    notice_batch_seconds: int = 30
    offer_hours: float = 12.0
    sender_interval: float = 3.0
    notice_lease_seconds: int = 60
    notice_max_attempts: int = 8
    evaluation_delay_minutes: int = 60
    source_sync_seconds: float = 300.0  # the bot's look for due partner sources; 0: none
    # each database connection's page cache, MiB (0: SQLite's 2 MiB; None: the command's own,
    # page_cache_for): questions read their events by id, a page each, and at 100k events a
    # full-text question's few thousand hits are as many page reads without a cache that keeps them
    page_cache_mib: int | None = None
    web: WebSettings = WebSettings()  # brs-coord web
    webhook: WebhookSettings = WebhookSettings()  # brs-coord bot --webhook
    litestream_config: Path = Path("/etc/litestream.yml")  # brs-coord check --backup


QUESTIONS_PAGE_CACHE_MIB = 64
READ_ALL_PAGE_CACHE_MIB = 0  # serve and export read every event once a build: a cache keeps each


def page_cache_for(settings: Settings, *, reads_all: bool = False) -> int:
    """The page cache of a command's connections: the setting, else the default of the commands
    that read every event once (serve, export) or of those that answer questions."""
    if settings.page_cache_mib is not None:
        return settings.page_cache_mib
    return READ_ALL_PAGE_CACHE_MIB if reads_all else QUESTIONS_PAGE_CACHE_MIB


def machine_timezone() -> str:
    """Best guess at the machine's IANA zone name; UTC when unknown."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz and "/" in tz:
        return tz
    try:
        link = os.readlink("/etc/localtime")
    except OSError:
        return "UTC"
    marker = "zoneinfo/"
    return link.split(marker, 1)[1] if marker in link else "UTC"


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # getpass raises several kinds when no user database entry exists
        return "staff"


def _read_toml(path_text: str) -> dict[str, object]:
    import tomllib  # only when BRS_CONFIG names a file

    path = Path(path_text)
    try:
        data = tomllib.loads(_settings_file_text(path))
    except FileNotFoundError as exc:
        raise ConfigError(f"BRS_CONFIG names {path}, which does not exist") from exc
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"Cannot read the settings file {path}: {exc}") from exc
    for secret in ("BRS_TELEGRAM_TOKEN", *ENVIRONMENT_ONLY):
        if secret in data:
            raise ConfigError(f"{secret} is read from the environment only, not from a file")
    values = {str(k).upper(): v for k, v in data.items()}
    _refuse_unknown_keys(path, values)
    return values


def _settings_file_text(path: Path) -> str:
    """The text of a settings file: a regular file of at most CONFIG_MAX_BYTES (a FIFO, a device
    such as /dev/zero or a folder is refused before it is read, so nothing waits or fills memory)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # O_NONBLOCK: opening a FIFO does not wait
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ConfigError(f"BRS_CONFIG names {path}, which is not a regular file")
    with os.fdopen(fd, "rb") as stream:
        data = stream.read(CONFIG_MAX_BYTES + 1)
    if len(data) > CONFIG_MAX_BYTES:
        raise ConfigError(f"The settings file {path} is larger than {CONFIG_MAX_BYTES // 1024} KB")
    return data.decode("utf-8")


def _refuse_unknown_keys(path: Path, values: Mapping[str, object]) -> None:
    known = [spec.name for spec in SETTINGS if spec.name != "BRS_CONFIG"]
    for key in values:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else f"; the keys are {', '.join(known)}"
            raise ConfigError(f"The settings file {path} has an unknown key {key}{hint}")


def _staff_name(value: str) -> str:
    """BRS_STAFF_NAME is written into every change's history: visible, printable text only."""
    problem = unsafe_characters(value)
    if problem is None and invisible_only(value):
        problem = "only invisible characters"
    if problem is not None:
        raise ConfigError(f"BRS_STAFF_NAME contains {problem}; give the name as plain text")
    return value


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError as exc:
        raise ConfigError(f"BRS_PORT must be a number, not {value!r}") from exc
    if not 1 <= port <= 65535:
        raise ConfigError(f"BRS_PORT must be between 1 and 65535, not {port}")
    return port


def _bot_username(value: str) -> str:
    if not value:
        return ""
    name = bot_username(value)
    if name is None:
        raise ConfigError(
            f"BRS_BOT_USERNAME must be a bot's public username such as brs_calendar_bot, not {value!r}"
        )
    return name


def _setting_number(
    get: Callable[[str, str], str], name: str, default: str, low: float, high: float
) -> float:
    """A numeric setting within [low, high]."""
    value = get(name, default)
    try:
        number = float(value)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number, not {value!r}") from exc
    if not low <= number <= high:
        raise ConfigError(f"{name} must be between {low:g} and {high:g}, not {value}")
    return number


def _source_sync_seconds(get: Callable[[str, str], str]) -> float:
    """0 (no scheduled sync) or 1 s to a week."""
    seconds = _setting_number(get, "BRS_SOURCE_SYNC_SECONDS", "300", 0, 7 * 24 * 3600)
    if 0 < seconds < 1:
        raise ConfigError(f"BRS_SOURCE_SYNC_SECONDS must be 0 (off) or at least 1, not {seconds:g}")
    return seconds


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from the environment (and the TOML file it names); pure apart from reading it."""
    env = dict(os.environ if environ is None else environ)
    values: dict[str, object] = {}
    if env.get("BRS_CONFIG"):
        values.update(_read_toml(env["BRS_CONFIG"]))
    values.update({k: v for k, v in env.items() if k.startswith("BRS_")})

    def get(name: str, default: str) -> str:
        value = values.get(name)
        return default if value is None or str(value) == "" else str(value)

    staff_tz = get("BRS_TZ", machine_timezone())
    if not is_valid_timezone(staff_tz):
        raise ConfigError(f"BRS_TZ must be an IANA time zone such as Europe/Zurich, not {staff_tz!r}")
    log_file = get("BRS_LOG_FILE", "")
    level = get("BRS_LOG_LEVEL", "INFO").upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ConfigError(f"BRS_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {level!r}")
    return Settings(
        db_path=Path(get("BRS_DB", "brs.db")),
        staff_tz=staff_tz,
        staff_name=_staff_name(get("BRS_STAFF_NAME", _login_name())),
        feed_dir=Path(get("BRS_FEED_DIR", "calendars")),
        feed_base_url=get("BRS_FEED_BASE_URL", "http://127.0.0.1:8080").rstrip("/"),
        host=get("BRS_HOST", "127.0.0.1"),
        port=_port(get("BRS_PORT", "8080")),
        header_timeout=_setting_number(get, "BRS_HEADER_TIMEOUT", "10", 1, 600),
        connections_per_address=int(_setting_number(get, "BRS_CONNECTIONS_PER_ADDRESS", "64", 1, 100_000)),
        telegram_token=env.get("BRS_TELEGRAM_TOKEN") or None,
        telegram_api_base=get("BRS_TELEGRAM_API_BASE", DEFAULT_TELEGRAM_API_BASE),
        bot_username=_bot_username(get("BRS_BOT_USERNAME", "")),
        log_level=level,
        log_file=Path(log_file) if log_file else None,
        notice_batch_seconds=int(_setting_number(get, "BRS_NOTICE_BATCH_SECONDS", "30", 0, 60)),
        offer_hours=_setting_number(get, "BRS_OFFER_HOURS", "12", 0.01, 24 * 14),
        sender_interval=_setting_number(get, "BRS_SENDER_INTERVAL", "3", 0.1, 600),
        notice_lease_seconds=int(_setting_number(get, "BRS_NOTICE_LEASE", "60", 1, 3600)),
        notice_max_attempts=int(_setting_number(get, "BRS_NOTICE_MAX_ATTEMPTS", "8", 1, 100)),
        page_cache_mib=(int(_setting_number(get, "BRS_PAGE_CACHE_MIB", "0", 0, 4096))
                        if get("BRS_PAGE_CACHE_MIB", "") else None),
        evaluation_delay_minutes=int(_setting_number(get, "BRS_EVALUATION_DELAY", "60", 0, 7 * 24 * 60)),
        source_sync_seconds=_source_sync_seconds(get),
        web=web_settings(get),
        webhook=webhook_settings(get, env.get("BRS_WEBHOOK_SECRET") or None),
        litestream_config=Path(get("BRS_LITESTREAM_CONFIG", "/etc/litestream.yml")),
    )
