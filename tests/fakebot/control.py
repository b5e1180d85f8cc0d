"""HTTP control API (``/_control/...``): lets another process drive a fake server.

Routes (JSON in, JSON out; every answer has ``"ok"``):

- ``GET  /_control/health``                        → port, pid, pending_updates, known_chats
- ``POST /_control/inject``  ``{"type": "message"|"callback"|"inline_query"|"press"|"raw", ...}``
  keyword arguments of the matching ``inject_*``/``press`` method (``raw``: ``{"update": {...}}``)
  → ``{"update": {...}}``
- ``GET  /_control/calls?method=sendMessage&since=0`` → ``{"calls": [...], "last_seq": N}``
- ``GET  /_control/messages?chat_id=N``            → ``{"messages": [...]}``
- ``GET  /_control/transcript?chat_id=N``          → ``{"lines": [...]}``
- ``GET  /_control/commands``                      → ``{"commands": {"scope|lang": [...]}}``
- ``GET  /_control/faults`` / ``POST /_control/faults`` (a Fault as JSON, or
  ``{"kind": "refuse", "seconds": S}``; ``{"kind": "unblock", "chat_id": N}``) /
  ``DELETE /_control/faults`` (clear all)
- ``POST /_control/reset``, ``POST /_control/shutdown`` (standalone process only)
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from .model import Fault

if TYPE_CHECKING:
    from .server import FakeBotAPI

# An optional action gets the control request's own socket; "before" actions run before the
# answer is sent (so a refusal is in force when the client reads it), "after" ones after it.
Action = tuple[str, Callable[[Any], None]]
Answer = tuple[int, dict[str, Any], Action | None]
_FAULT_FIELDS = {f.name for f in fields(Fault)}


def _int(query: dict[str, list[str]], key: str, default: int | None = None) -> int | None:
    values = query.get(key)
    return int(values[0]) if values and values[0] != "" else default


def handle_control(
    fake: FakeBotAPI, verb: str, route: str, query: dict[str, list[str]], body: bytes
) -> Answer:
    try:
        payload: Any = json.loads(body) if body.strip() else {}
    except ValueError:
        return 400, {"ok": False, "description": "body is not JSON"}, None
    try:
        return _route(fake, verb, route, query, payload)
    except (TypeError, ValueError, KeyError, LookupError) as exc:
        return 400, {"ok": False, "description": f"{type(exc).__name__}: {exc}"}, None


def _route(
    fake: FakeBotAPI, verb: str, route: str, query: dict[str, list[str]], payload: Any
) -> Answer:
    if route == "health":
        info = {
            "port": fake.port,
            "pid": os.getpid(),
            "pending_updates": fake.pending_updates(),
            "known_chats": fake.known_chats(),
            "last_seq": fake.mark(),
        }
        return 200, {"ok": True, **info}, None
    if route == "inject" and verb == "POST":
        return 200, {"ok": True, "update": _inject(fake, dict(payload))}, None
    if route == "calls":
        method = (query.get("method") or [None])[0]
        calls = fake.calls(method, since=_int(query, "since", 0) or 0)
        found = [c.to_json() for c in calls]
        return 200, {"ok": True, "calls": found, "last_seq": fake.mark()}, None
    if route == "messages":
        messages = fake.messages_in(_int(query, "chat_id") or 0)
        return 200, {"ok": True, "messages": [m.to_json() for m in messages]}, None
    if route == "transcript":
        return 200, {"ok": True, "lines": fake.transcript(_int(query, "chat_id") or 0)}, None
    if route == "commands":
        return 200, {"ok": True, "commands": fake.all_commands()}, None
    if route == "faults":
        return _faults(fake, verb, payload)
    if route == "reset" and verb == "POST":
        fake.reset()
        return 200, {"ok": True}, None
    if route == "shutdown" and verb == "POST":
        return 200, {"ok": True}, ("after", lambda _conn: fake.request_shutdown())
    return 404, {"ok": False, "description": f"no control route {verb} {route}"}, None


def _inject(fake: FakeBotAPI, payload: dict[str, Any]) -> dict[str, Any]:
    kind = payload.pop("type", "message")
    if kind == "raw":
        return fake.inject_raw(payload["update"])
    handlers: dict[str, Callable[..., dict[str, Any]]] = {
        "message": fake.inject_message,
        "callback": fake.inject_callback,
        "inline_query": fake.inject_inline_query,
        "press": fake.press,
    }
    if kind not in handlers:
        raise ValueError(f"unknown inject type {kind!r}")
    return handlers[kind](**payload)


def _faults(fake: FakeBotAPI, verb: str, payload: Any) -> Answer:
    if verb == "DELETE":
        fake.clear_faults()
        return 200, {"ok": True}, None
    if verb == "POST":
        kind = payload.get("kind")
        if kind == "refuse":
            seconds = float(payload.get("seconds", 1.0))
            refuse = ("before", lambda conn: fake.refuse_connections(seconds, keep=conn))
            return 200, {"ok": True}, refuse
        if kind == "unblock":
            fake.unblock_chat(int(payload["chat_id"]))
            return 200, {"ok": True}, None
        unknown = set(payload) - _FAULT_FIELDS
        if unknown:
            raise ValueError(f"unknown fault fields {sorted(unknown)}")
        fault = fake.add_fault(Fault(**payload))
        return 200, {"ok": True, "fault": fault.to_json()}, None
    return 200, {"ok": True, "faults": [f.to_json() for f in fake.faults()]}, None
