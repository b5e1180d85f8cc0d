"""``brs-coord web``: textual-serve's server with a gate in front of every route and, for each browser
session, a ``brs-coord tui`` started as the user the proxy named (a signed token in its environment)."""

from __future__ import annotations

import asyncio
import html
import logging
import shlex
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from ..clock import Clock
from ..config import Settings
from ..web_session import KEY_FILE_VARIABLE, TOKEN_VARIABLE, issue, new_key_file, read_key_file
from .gate import Refusal, request_login

log = logging.getLogger(__name__)
TITLE = "BRS activity calendar"
LOGIN = web.RequestKey("login", str)  # the gate's verdict, read by the session handler
# the server's own environment is each session's; a display name set for the server is no one's
NOT_INHERITED = ("BRS_STAFF_NAME", TOKEN_VARIABLE, KEY_FILE_VARIABLE)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

REFUSED_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not signed in · {title}</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">
<h1>Not signed in</h1>
<p>The staff calendar opens only for people signed in through the organisation's sign-in page:
{reason}.</p>
<p>Open the calendar's address your centre was given, or ask the Secretariat's IT desk.</p>
</body></html>
"""


class SessionAppService(AppService):
    """One browser session's TUI process, started with a token naming its user."""

    def __init__(self, command: str, *, token: str, key_path: Path, **kwargs: object) -> None:
        super().__init__(command, **kwargs)  # type: ignore[arg-type]
        self._token, self._key_path = token, key_path

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        for name in NOT_INHERITED:
            environment.pop(name, None)
        environment[TOKEN_VARIABLE] = self._token
        environment[KEY_FILE_VARIABLE] = str(self._key_path)
        return environment


def tui_command(db_path: Path) -> str:
    """The command each session runs: this interpreter's brs-coord on the server's database."""
    return shlex.join([sys.executable, "-m", "brs_coord.cli", "--db", str(db_path.resolve()), "tui"])


class StaffWebServer(Server):
    """textual-serve's Server, every route behind the gate, sessions started as their user."""

    def __init__(self, settings: Settings, clock: Clock, key_folder: Path) -> None:
        web_settings = settings.web
        super().__init__(tui_command(settings.db_path), host=web_settings.host, port=web_settings.port,
                         title=TITLE, public_url=web_settings.public_url or None)
        self.settings, self.clock = web_settings, clock
        self.key_path = new_key_file(key_folder)
        self._key = read_key_file(self.key_path)
        self._header_key = (read_key_file(web_settings.header_key_file)
                            if web_settings.header_key_file is not None else None)

    async def _make_app(self) -> web.Application:
        app: web.Application = await super()._make_app()
        app.middlewares.append(self._gate)
        return app

    @web.middleware
    async def _gate(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        login = request_login(request.remote, request.headers, self.settings, self._header_key)
        if isinstance(login, Refusal):
            log.warning("refused %s %s from %s: %s",
                        request.method, request.path, request.remote, login.reason)
            page = REFUSED_PAGE.format(title=TITLE, reason=html.escape(login.reason))
            return web.Response(status=403, text=page, content_type="text/html")
        request[LOGIN] = login
        return await handler(request)

    def initialize_logging(self) -> None:
        logging.basicConfig(level="DEBUG" if self.debug else "INFO",
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    async def on_startup(self, app: web.Application) -> None:
        log.info("serving the staff TUI on %s (sessions run %s)", self.public_url, self.command)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's session handler, its process started with the request's user's token."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        login = request[LOGIN]
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            app_service = SessionAppService(
                self.command, token=issue(login, self._key, self.clock.now()), key_path=self.key_path,
                write_bytes=websocket.send_bytes, write_str=websocket.send_str, close=websocket.close,
                download_manager=self.download_manager, debug=self.debug,
            )
            log.info("session for %s from %s", login, request.remote)
            await app_service.start(width, height)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception:
            log.exception("the session for %s failed", login)
        finally:
            if app_service is not None:
                await app_service.stop()
        return websocket


def serve_web(settings: Settings, clock: Clock) -> None:
    """Serve until SIGTERM/Ctrl+C; the per-server key lives in a private folder removed at the end."""
    folder = Path(tempfile.mkdtemp(prefix="brs-web-"))
    try:
        StaffWebServer(settings, clock, folder).serve()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
