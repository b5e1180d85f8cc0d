"""A small Chrome DevTools Protocol client for tests: one headless Chromium, one page, commands and the
WebSocket frames the page receives (what a terminal in the page is sent)."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import shutil
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = next((shutil.which(name) for name in ("chromium", "chromium-browser") if shutil.which(name)), None)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Page:
    """One page of the browser: ``send`` a CDP command; frames received by the page's WebSockets are
    kept in ``received`` (binary ones decoded)."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self._ws = ws
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.received = bytearray()
        self.handshake_headers: list[dict[str, Any]] = []
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self._ws:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self._waiting:
                self._waiting.pop(data["id"]).set_result(data)
            elif data.get("method") == "Network.webSocketFrameReceived":
                response = data["params"]["response"]
                payload = response["payloadData"]
                self.received += base64.b64decode(payload) if response["opcode"] == 2 else payload.encode()
            elif data.get("method") == "Network.webSocketWillSendHandshakeRequest":
                self.handshake_headers.append(data["params"]["request"]["headers"])

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        await self._ws.send_json({"id": number, "method": method, "params": params})
        answer = await asyncio.wait_for(future, timeout=30)
        assert "error" not in answer, answer
        return dict(answer.get("result", {}))

    async def text_received(self, text: str, timeout: float) -> bool:
        """Whether ``text`` arrives on the page's WebSockets within ``timeout`` seconds."""
        needle = text.encode("utf-8")
        for _ in range(int(timeout * 10)):
            if needle in self.received:
                return True
            await asyncio.sleep(0.1)
        return needle in self.received

    async def press(self, key: str) -> None:
        """A printable key, typed as a person would (keyDown with its text, then keyUp) into the
        focused element (a terminal's: its hidden textarea, focused as a click would)."""
        await self.send("Runtime.evaluate", expression=(
            "document.querySelector('.xterm-helper-textarea')?.focus()"))
        await self.send("Input.dispatchKeyEvent", type="keyDown", key=key, text=key, unmodifiedText=key)
        await self.send("Input.dispatchKeyEvent", type="keyUp", key=key)

    async def screenshot(self, path: Path) -> None:
        shot = await self.send("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))


@contextlib.asynccontextmanager
async def chromium_page(profile: Path, width: int = 1200, height: int = 800) -> AsyncIterator[Page]:
    """A headless Chromium with one blank page under CDP (Network and Page enabled)."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        CHROMIUM or "chromium", *FLAGS, f"--user-data-dir={profile}", f"--remote-debugging-port={port}",
        f"--window-size={width},{height}", "about:blank",
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        async with aiohttp.ClientSession() as http:
            targets: list[dict[str, Any]] = []
            for _ in range(300):
                with contextlib.suppress(aiohttp.ClientError):
                    async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
                        targets = [t for t in await response.json() if t.get("type") == "page"]
                if targets:
                    break
                await asyncio.sleep(0.1)
            assert targets, "Chromium's DevTools did not answer"
            async with http.ws_connect(targets[0]["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                page = Page(ws)
                await page.send("Network.enable")
                await page.send("Page.enable")
                yield page
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()
