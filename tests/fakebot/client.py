"""Drive a fake Bot API server running in another process through its ``/_control`` routes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .model import Call, StoredMessage

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def read_control_file(path: Path | str, timeout: float = 10.0) -> int:
    """Wait for the standalone server to write its port into ``path``; return the port."""
    deadline = time.monotonic() + timeout
    path = Path(path)
    while True:
        try:
            text = path.read_text(encoding="ascii").strip()
            if text:
                return int(text)
        except FileNotFoundError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"fake Bot API did not write {path} within {timeout}s")
        time.sleep(0.02)


class FakeBotClient:
    """The :class:`~tests.fakebot.server.FakeBotAPI` helpers, over HTTP."""

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self.port = port
        self.url = f"http://{host}:{port}"
        self.base_url = f"{self.url}/bot"
        self.base_file_url = f"{self.url}/file/bot"

    @classmethod
    def from_control_file(cls, path: Path | str, timeout: float = 10.0) -> FakeBotClient:
        return cls(read_control_file(path, timeout))

    def _request(self, verb: str, route: str, payload: Any = None, **query: Any) -> Any:
        qs = urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
        url = f"{self.url}/_control/{route}" + (f"?{qs}" if qs else "")
        data = None if payload is None else json.dumps(payload).encode()
        req = urllib.request.Request(url, data=data, method=verb)
        req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return json.loads(resp.read())
        except urllib.error.HTTPError as err:
            raise RuntimeError(f"{verb} {route}: {err.code} {err.read().decode()}") from None

    # ---- inject ---------------------------------------------------------------------------
    def inject_message(self, chat_id: int, text: str, **kwargs: Any) -> dict[str, Any]:
        payload = {"type": "message", "chat_id": chat_id, "text": text, **kwargs}
        return self._request("POST", "inject", payload)["update"]

    def inject_callback(
        self, chat_id: int, message_id: int, data: str, **kwargs: Any
    ) -> dict[str, Any]:
        payload = {
            "type": "callback",
            "chat_id": chat_id,
            "message_id": message_id,
            "data": data,
            **kwargs,
        }
        return self._request("POST", "inject", payload)["update"]

    def press(self, chat_id: int, button_text: str, **kwargs: Any) -> dict[str, Any]:
        payload = {"type": "press", "chat_id": chat_id, "button_text": button_text, **kwargs}
        return self._request("POST", "inject", payload)["update"]

    def inject_inline_query(self, user_id: int, query: str, **kwargs: Any) -> dict[str, Any]:
        payload = {"type": "inline_query", "user_id": user_id, "query": query, **kwargs}
        return self._request("POST", "inject", payload)["update"]

    def inject_raw(self, update: dict[str, Any]) -> dict[str, Any]:
        return self._request("POST", "inject", {"type": "raw", "update": update})["update"]

    # ---- inspect --------------------------------------------------------------------------
    def health(self) -> dict[str, Any]:
        return self._request("GET", "health")

    def mark(self) -> int:
        return int(self.health()["last_seq"])

    def pending_updates(self) -> int:
        return int(self.health()["pending_updates"])

    def calls(self, method: str | None = None, *, since: int = 0) -> list[Call]:
        answer = self._request("GET", "calls", method=method, since=since)
        return [Call.from_json(c) for c in answer["calls"]]

    def wait_for(
        self,
        method: str | None,
        *,
        count: int = 1,
        timeout: float = 5.0,
        predicate: Callable[[Call], bool] | None = None,
        since: int = 0,
        interval: float = 0.05,
    ) -> list[Call]:
        deadline = time.monotonic() + timeout
        while True:
            found = [c for c in self.calls(method, since=since) if not predicate or predicate(c)]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout}s for {count} {method}, got {len(found)}")
            time.sleep(interval)

    def messages_in(self, chat_id: int) -> list[StoredMessage]:
        answer = self._request("GET", "messages", chat_id=chat_id)
        return [StoredMessage.from_json(m) for m in answer["messages"]]

    def transcript(self, chat_id: int) -> list[str]:
        return list(self._request("GET", "transcript", chat_id=chat_id)["lines"])

    def transcript_text(self, chat_id: int) -> str:
        return "\n".join(self.transcript(chat_id))

    def all_commands(self) -> dict[str, list[dict[str, Any]]]:
        return dict(self._request("GET", "commands")["commands"])

    # ---- faults and lifecycle ---------------------------------------------------------------
    def add_fault(self, **fault: Any) -> dict[str, Any]:
        return self._request("POST", "faults", fault)["fault"]

    def fault_429(self, method: str = "*", *, retry_after: int = 1, times: int | None = 1) -> None:
        self.add_fault(kind="429", method=method, retry_after=retry_after, times=times)

    def fault_502(self, method: str = "*", *, times: int | None = 1) -> None:
        self.add_fault(kind="502", method=method, times=times)

    def delay(
        self, method: str = "*", seconds: float = 1.0, *, times: int | None = 1, after: bool = False
    ) -> None:
        self.add_fault(kind="delay", method=method, seconds=seconds, times=times, after=after)

    def block_chat(self, chat_id: int, **kwargs: Any) -> None:
        self.add_fault(kind="403", chat_id=chat_id, times=None, **kwargs)

    def unblock_chat(self, chat_id: int) -> None:
        self._request("POST", "faults", {"kind": "unblock", "chat_id": chat_id})

    def refuse_connections(self, seconds: float) -> None:
        self._request("POST", "faults", {"kind": "refuse", "seconds": seconds})

    def clear_faults(self) -> None:
        self._request("DELETE", "faults")

    def faults(self) -> list[dict[str, Any]]:
        return list(self._request("GET", "faults")["faults"])

    def reset(self) -> None:
        self._request("POST", "reset", {})

    def shutdown(self) -> None:
        self._request("POST", "shutdown", {})


def spawn_fake_server(
    control_file: Path | str, *, port: int = 0, extra_args: list[str] | None = None
) -> tuple[subprocess.Popen[bytes], FakeBotClient]:
    """Start ``python -m tests.fakebot.server`` as a child process; return it and a client.
    Stop it with ``client.shutdown()`` (or ``proc.terminate()``) and ``proc.wait()``."""
    cmd = [
        sys.executable,
        "-m",
        "tests.fakebot.server",
        "--port",
        str(port),
        "--control-file",
        str(control_file),
        *(extra_args or []),
    ]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    Path(control_file).unlink(missing_ok=True)
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stderr=subprocess.DEVNULL)
    try:
        client = FakeBotClient.from_control_file(control_file)
    except TimeoutError:
        proc.kill()
        raise
    return proc, client
