"""The real bot Application with no network: a request object that records Bot API calls.

Used by ``bench_bot`` for the in-process update → reply figure: updates are handed to
``application.process_update`` and the time is taken when the handler's reply reaches the request
object (``sendMessage`` / ``editMessageText``), so only the bot's own work is measured.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest, RequestData

TOKEN = "123456:bench-offline-token"
REPLY_METHODS = frozenset({"sendMessage", "editMessageText"})
_BOT_USER = {"id": 123456, "is_bot": True, "first_name": "BRS", "username": "brs_bench_bot"}


@dataclass(frozen=True)
class Call:
    """One Bot API call the application made, and when (``time.perf_counter``)."""

    method: str
    parameters: dict[str, Any]
    at: float


@dataclass
class RecordingRequest(BaseRequest):
    """Answers every Bot API call at once with a plausible result, and records it."""

    calls: list[Call] = field(default_factory=list)
    _message_ids: int = 1000

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    @property
    def read_timeout(self) -> float:
        return 1.0

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **_: Any
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        parameters = dict(request_data.parameters) if request_data else {}
        self.calls.append(Call(name, parameters, time.perf_counter()))
        return 200, json.dumps({"ok": True, "result": self._result(name, parameters)}).encode()

    def _result(self, name: str, parameters: dict[str, Any]) -> object:
        if name == "getMe":
            return _BOT_USER
        if name in REPLY_METHODS:
            self._message_ids += 1
            chat = {"id": parameters.get("chat_id", 1), "type": "private"}
            return {"message_id": parameters.get("message_id", self._message_ids), "date": 0,
                    "chat": chat, "from": _BOT_USER, "text": str(parameters.get("text", ""))}
        return True


def build_offline(services: Any) -> tuple[Application[Any, Any, Any, Any, Any, Any], RecordingRequest]:
    """``brs_coord.bot.app.build_application`` over ``services``, its requests recorded."""
    from dataclasses import replace

    from brs_coord.bot.app import build_application

    request = RecordingRequest()
    settings = replace(services.settings, telegram_token=TOKEN)
    builder = ApplicationBuilder().token(TOKEN).request(request)
    return build_application(services, settings, builder=builder), request


def message_update(update_id: int, user_id: int, text: str, language: str) -> dict[str, Any]:
    """Bot API JSON of a private text message (a command when it starts with /)."""
    message: dict[str, Any] = {
        "message_id": update_id, "date": 1_800_000_000, "text": text,
        "chat": {"id": user_id, "type": "private"},
        "from": {"id": user_id, "is_bot": False, "first_name": "Ann", "language_code": language},
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id, "message": message}


def callback_update(update_id: int, user_id: int, data: str, message: dict[str, Any]) -> dict[str, Any]:
    """Bot API JSON of a button press on ``message`` (a message the bot sent)."""
    return {"update_id": update_id, "callback_query": {
        "id": f"cq{update_id}", "chat_instance": "bench", "data": data, "message": message,
        "from": {"id": user_id, "is_bot": False, "first_name": "Ann", "language_code": "en"},
    }}


def sent_message(call: Call) -> dict[str, Any]:
    """The message a recorded sendMessage/editMessageText made, as Bot API JSON."""
    return {"message_id": call.parameters.get("message_id", 9), "date": 1_800_000_000,
            "chat": {"id": call.parameters["chat_id"], "type": "private"}, "from": _BOT_USER,
            "text": str(call.parameters.get("text", ""))}


def button_data(call: Call, action: str) -> str | None:
    """The callback data of the first button of ``action`` ("pg", "ev", ...) in a recorded reply."""
    markup = call.parameters.get("reply_markup")
    rows = getattr(markup, "inline_keyboard", None) or (markup or {}).get("inline_keyboard", ())
    for row in rows:
        for button in row:
            data = getattr(button, "callback_data", None) or (
                button.get("callback_data") if isinstance(button, dict) else None
            )
            if isinstance(data, str) and data.split(":")[1:2] == [action]:
                return data
    return None


async def time_update(
    application: Application[Any, Any, Any, Any, Any, Any], request: RecordingRequest,
    raw: dict[str, Any],
) -> tuple[float, Call]:
    """Seconds from handing one update to the application to its first reply, and that reply."""
    mark = len(request.calls)
    started = time.perf_counter()
    await application.process_update(Update.de_json(raw, application.bot))
    reply = next((c for c in request.calls[mark:] if c.method in REPLY_METHODS), None)
    if reply is None:
        methods = [c.method for c in request.calls[mark:]]
        raise RuntimeError(f"no reply to {raw!r:.120}: calls {methods}")
    return reply.at - started, reply
