"""A fake Telegram Bot API server for tests, benchmarks and crash tests.

In-process::

    with fake_bot_api() as fake:           # 127.0.0.1, free port, background thread
        app = ApplicationBuilder().token("123:FAKE").base_url(fake.base_url) ...

As a process (a bot subprocess can then use ``http://127.0.0.1:PORT/bot``)::

    python -m tests.fakebot.server --port 0 --control-file /tmp/x/fake.port

The control file receives the port number once the server listens; drive it with
:class:`tests.fakebot.client.FakeBotClient` (routes in :mod:`tests.fakebot.control`).
"""

from __future__ import annotations

import argparse
import email.message
import json
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlsplit

from .control import handle_control
from .methods import dispatch
from .model import UploadedFile
from .state import FakeState
from .validate import ApiError

_NOT_FOUND = {"ok": False, "error_code": 404, "description": "Not Found"}


def _header_message(**headers: str) -> email.message.Message:
    msg = email.message.Message()
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    return msg


def parse_multipart(body: bytes, boundary: str) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Split a multipart/form-data body into form fields and files (bytes kept exact)."""
    params: dict[str, Any] = {}
    files: dict[str, UploadedFile] = {}
    for chunk in body.split(b"--" + boundary.encode("latin-1"))[1:]:
        if chunk.startswith(b"--"):
            break
        head, sep, data = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            continue
        data = data.removesuffix(b"\r\n")
        part = email.message.Message()
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, colon, value = line.partition(":")
            if colon:
                part[name.strip()] = value.strip()
        field = part.get_param("name", header="content-disposition")
        if not isinstance(field, str):
            continue
        filename = part.get_filename()
        if filename is None:
            params[field] = data.decode(part.get_content_charset() or "utf-8")
        else:
            ctype = part.get("content-type", "application/octet-stream")
            files[field] = UploadedFile(field, filename, ctype, data)
    return params, files


def parse_request(
    content_type: str, body: bytes, query: str
) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Bot API parameters from the query string plus a form, multipart or JSON body."""
    params: dict[str, Any] = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
    files: dict[str, UploadedFile] = {}
    header = _header_message(content_type=content_type or "application/octet-stream")
    ctype = header.get_content_type()
    if ctype == "application/x-www-form-urlencoded":
        params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    elif ctype == "application/json" and body.strip():
        data = json.loads(body)
        if isinstance(data, dict):
            params.update(data)
    elif ctype == "multipart/form-data":
        boundary = header.get_param("boundary")
        if isinstance(boundary, str):
            form, files = parse_multipart(body, boundary)
            params.update(form)
    return params, files


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass

    def do_POST(self) -> None:
        try:
            self._handle()
        except (BrokenPipeError, ConnectionError, OSError):
            self.close_connection = True

    do_GET = do_POST
    do_DELETE = do_POST

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                chunk = self.rfile.read(size + 2)[:size]
                if size == 0:
                    break
                chunks.append(chunk)
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _send_json(self, status: int, payload: Any) -> None:
        self._send(status, json.dumps(payload).encode("utf-8"), "application/json")

    def _handle(self) -> None:
        fake = self.server.fake
        url = urlsplit(self.path)
        body = self._read_body()
        if url.path.startswith("/_control/"):
            route = url.path[len("/_control/") :].strip("/")
            query = parse_qs(url.query)
            status, payload, action = handle_control(fake, self.command, route, query, body)
            if action is not None:
                self.close_connection = True
                if action[0] == "before":
                    action[1](self.connection)
            self._send_json(status, payload)
            if action is not None and action[0] == "after":
                action[1](self.connection)
            return
        parts = url.path.split("/")
        if len(parts) != 3 or not parts[1].startswith("bot") or not parts[2]:
            self._send_json(404, _NOT_FOUND)
            return
        try:
            params, files = parse_request(self.headers.get("Content-Type", ""), body, url.query)
        except (ValueError, UnicodeDecodeError):
            self._send_json(400, ApiError(400, "Bad Request: invalid request body").body())
            return
        call, content_type = dispatch(fake, parts[1][3:], parts[2], params, files)
        response = call.response
        data = response.encode() if isinstance(response, str) else json.dumps(response).encode()
        self._send(call.status, data, content_type)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], fake: FakeBotAPI) -> None:
        self.fake = fake
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def finish_request(self, request: Any, client_address: Any) -> None:
        with self.connections_lock:
            self.connections.add(request)
        try:
            super().finish_request(request, client_address)
        finally:
            with self.connections_lock:
                self.connections.discard(request)

    def close_connections(self, keep: Any = None) -> None:
        with self.connections_lock:
            connections = [c for c in self.connections if c is not keep]
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class FakeBotAPI(FakeState):
    """The fake server: :class:`FakeState` (inject/inspect/faults) plus an HTTP listener."""

    def __init__(
        self,
        port: int = 0,
        *,
        host: str = "127.0.0.1",
        token: str | None = None,
        strict_ampersand: bool = True,
    ) -> None:
        super().__init__(token=token, strict_ampersand=strict_ampersand)
        self.host = host
        self.port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._listen_lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._shutdown = threading.Event()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)`` (PTB appends the token)."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    @property
    def listening(self) -> bool:
        return self._server is not None

    def start(self) -> FakeBotAPI:
        self.wake_pollers(closed=False)
        self.start_listening()
        return self

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self.wake_pollers(closed=True)
        self.stop_listening()

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start_listening(self, attempts: int = 50) -> None:
        with self._listen_lock:
            if self._server is not None:
                return
            for attempt in range(attempts):
                try:
                    server = _Server((self.host, self.port), self)
                    break
                except OSError:
                    if attempt == attempts - 1:
                        raise
                    time.sleep(0.05)
            self.port = server.server_address[1]
            self._server = server
            self._thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"fakebot-{self.port}",
                daemon=True,
            )
            self._thread.start()

    def stop_listening(self, keep: Any = None) -> None:
        """Close the port and drop open connections but ``keep`` (new ones are refused)."""
        with self._listen_lock:
            server, thread, self._server, self._thread = self._server, self._thread, None, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        server.close_connections(keep)
        self.wake_pollers()
        if thread is not None:
            thread.join(timeout=5)

    def refuse_connections(self, seconds: float, *, keep: Any = None) -> None:
        """Stop listening now and listen again on the same port after ``seconds``."""
        self.stop_listening(keep)
        self._timer = threading.Timer(seconds, self.start_listening)
        self._timer.daemon = True
        self._timer.start()

    def request_shutdown(self) -> None:
        self._shutdown.set()

    def serve_until_shutdown(self) -> None:
        while not self._shutdown.wait(0.2):
            pass
        self.stop()


@contextmanager
def fake_bot_api(**kwargs: Any) -> Iterator[FakeBotAPI]:
    """Start a :class:`FakeBotAPI` on a free loopback port for the duration of the block."""
    fake = FakeBotAPI(**kwargs).start()
    try:
        yield fake
    finally:
        fake.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fakebot.server", description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--control-file", type=Path, help="written with the port once listening")
    parser.add_argument("--token", help="accept only this token (default: any)")
    parser.add_argument(
        "--lenient-ampersand",
        action="store_true",
        help="accept a bare '&' in HTML as Telegram does",
    )
    args = parser.parse_args(argv)
    fake = FakeBotAPI(
        args.port, host=args.host, token=args.token, strict_ampersand=not args.lenient_ampersand
    ).start()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: fake.request_shutdown())
    if args.control_file is not None:
        tmp = args.control_file.with_name(args.control_file.name + ".tmp")
        tmp.write_text(f"{fake.port}\n", encoding="ascii")
        os.replace(tmp, args.control_file)
    print(f"fake Bot API listening on {fake.url}", file=sys.stderr, flush=True)
    fake.serve_until_shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
