"""Settings of the remote faces: the browser TUI launcher (``brs-coord web``), the bot's webhook mode
and the Litestream replica ``check --backup`` reads. Part of ``config.Settings`` (``web``, ``webhook``,
``litestream_config``); their specs join its list of documented settings."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError

Getter = Callable[[str, str], str]

# (name, default as shown, used by, purpose): config.SETTINGS makes them SettingSpecs
REMOTE_SPECS: tuple[tuple[str, str, str, str], ...] = (
    ("BRS_WEB_HOST", "127.0.0.1", "web", "address the browser TUI launcher listens on"),
    ("BRS_WEB_PORT", "8000", "web", "port the browser TUI launcher listens on"),
    ("BRS_WEB_PUBLIC_URL", "http://HOST:PORT", "web", "address browsers reach the launcher at (the proxy's)"),
    ("BRS_WEB_USER_HEADER", "X-Forwarded-User", "web", "the one request header naming the signed-in user"),
    ("BRS_WEB_TRUSTED_PROXIES", "127.0.0.1,::1", "web",
     "comma-separated addresses/networks whose user header is believed"),
    ("BRS_WEB_HEADER_KEY_FILE", "(none: header unsigned)", "web",
     "file with the key a signing proxy's header is checked with (login:HMAC-SHA256)"),
    ("BRS_WEBHOOK_LISTEN", "127.0.0.1", "bot --webhook", "address the bot's webhook server listens on"),
    ("BRS_WEBHOOK_PORT", "8443", "bot --webhook", "port the bot's webhook server listens on"),
    ("BRS_WEBHOOK_PATH", "telegram", "bot --webhook", "URL path of the webhook on that server"),
    ("BRS_WEBHOOK_URL", "(required by --webhook)", "bot --webhook",
     "public HTTPS address Telegram posts updates to (the TLS proxy's)"),
    ("BRS_WEBHOOK_SECRET", "(required by --webhook)", "bot --webhook",
     "secret Telegram sends with each update, from the environment only"),
    ("BRS_LITESTREAM_CONFIG", "/etc/litestream.yml", "check --backup", "Litestream configuration to read"),
)
ENVIRONMENT_ONLY = ("BRS_WEBHOOK_SECRET",)
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as a webhook secret_token
_HEADER_NAME = re.compile(r"[A-Za-z0-9-]{1,64}")


@dataclass(frozen=True)
class WebSettings:
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str = ""  # blank: http://host:port
    user_header: str = "X-Forwarded-User"
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")
    header_key_file: Path | None = None


@dataclass(frozen=True)
class WebhookSettings:
    listen: str = "127.0.0.1"
    port: int = 8443
    url_path: str = "telegram"
    webhook_url: str = ""
    secret_token: str | None = field(default=None, repr=False)


def port_number(name: str, value: str) -> int:
    try:
        port = int(value)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number, not {value!r}") from exc
    if not 1 <= port <= 65535:
        raise ConfigError(f"{name} must be between 1 and 65535, not {port}")
    return port


def _networks(value: str) -> tuple[str, ...]:
    parts = tuple(part.strip() for part in value.split(",") if part.strip())
    for part in parts:
        try:
            ipaddress.ip_network(part, strict=False)
        except ValueError as exc:
            raise ConfigError(
                f"BRS_WEB_TRUSTED_PROXIES must be addresses or networks such as 127.0.0.1 or 10.0.0.0/8, "
                f"not {part!r}") from exc
    return parts


def web_settings(get: Getter) -> WebSettings:
    header = get("BRS_WEB_USER_HEADER", "X-Forwarded-User")
    if not _HEADER_NAME.fullmatch(header):
        raise ConfigError(f"BRS_WEB_USER_HEADER must be a header name such as X-Forwarded-User, "
                          f"not {header!r}")
    key_file = get("BRS_WEB_HEADER_KEY_FILE", "")
    return WebSettings(
        host=get("BRS_WEB_HOST", "127.0.0.1"),
        port=port_number("BRS_WEB_PORT", get("BRS_WEB_PORT", "8000")),
        public_url=get("BRS_WEB_PUBLIC_URL", "").rstrip("/"),
        user_header=header,
        trusted_proxies=_networks(get("BRS_WEB_TRUSTED_PROXIES", "127.0.0.1,::1")),
        header_key_file=Path(key_file) if key_file else None,
    )


def webhook_settings(get: Getter, secret: str | None) -> WebhookSettings:
    if secret is not None and not _SECRET_TOKEN.fullmatch(secret):
        raise ConfigError("BRS_WEBHOOK_SECRET must be 1-256 letters, digits, _ or - (Telegram's rule)")
    return WebhookSettings(
        listen=get("BRS_WEBHOOK_LISTEN", "127.0.0.1"),
        port=port_number("BRS_WEBHOOK_PORT", get("BRS_WEBHOOK_PORT", "8443")),
        url_path=get("BRS_WEBHOOK_PATH", "telegram").strip("/"),
        webhook_url=get("BRS_WEBHOOK_URL", ""),
        secret_token=secret,
    )
