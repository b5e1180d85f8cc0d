"""The fake's memory: chats, messages, pending updates, recorded calls, faults. Thread-safe."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import Callable
from typing import Any

from .entities import command_entities
from .faults import FaultsMixin
from .model import Call, Fault, StoredMessage, render_markup, render_message
from .validate import ApiError

CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


class FakeState(FaultsMixin):
    """Everything a test injects or inspects. All public methods may be called from any thread."""

    def __init__(
        self, *, token: str | None = None, strict_ampersand: bool = True, bot_id: int = 123
    ) -> None:
        self.token = token
        self.strict_ampersand = strict_ampersand
        if token and token.split(":", 1)[0].isdigit():
            bot_id = int(token.split(":", 1)[0])
        self.bot_user: dict[str, Any] = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "BRS Test Bot",
            "username": "brs_test_bot",
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.lock = threading.RLock()
        self.cond = threading.Condition(self.lock)
        self._update_ids = itertools.count(1)  # never reset: the bot's offset stays valid
        self._query_ids = itertools.count(1)
        self._seq = 0
        self._poll_gen = 0
        self._epoch = 0
        self._closed = False
        self._clear()

    def _clear(self) -> None:
        self._updates: list[dict[str, Any]] = []
        self._allowed: list[str] | None = None
        self._calls: list[Call] = []
        self._chats: dict[int, dict[str, Any]] = {}
        self._messages: dict[int, dict[int, StoredMessage]] = {}
        self._next_msg: dict[int, int] = {}
        self._log: dict[int, list[str]] = {}
        self._callbacks: dict[str, dict[str, Any]] = {}
        self._inline: dict[str, dict[str, Any]] = {}
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._faults: list[Fault] = []
        self._member_status: dict[tuple[int, int], str] = {}  # (chat, user): getChatMember's status

    def reset(self) -> None:
        """Forget everything (update ids keep increasing so a running bot's offset stays valid)."""
        with self.cond:
            self._clear()
            self.cond.notify_all()

    def set_member_status(self, chat_id: int, user_id: int, status: str) -> None:
        """What getChatMember answers for ``user_id`` in ``chat_id`` ("creator", "administrator",
        "member", "restricted", "left", "kicked"); anyone not set is a "member"."""
        with self.lock:
            self._member_status[(chat_id, user_id)] = status

    def member_status(self, chat_id: int, user_id: int) -> str:
        with self.lock:
            return self._member_status.get((chat_id, user_id), "member")

    # ---- injecting what users do -------------------------------------------------------------

    def _push(self, update: dict[str, Any]) -> dict[str, Any]:
        with self.cond:
            update.setdefault("update_id", next(self._update_ids))
            self._updates.append(update)
            self.cond.notify_all()
        return update

    def _user(self, user_id: int, first_name: str, language_code: str | None) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        return user

    def _chat(self, chat_id: int, chat_type: str, first_name: str) -> dict[str, Any]:
        with self.lock:
            if chat_id not in self._chats:
                if chat_type == "private":
                    chat = {"id": chat_id, "type": "private", "first_name": first_name}
                else:
                    chat = {"id": chat_id, "type": chat_type, "title": f"Chat {chat_id}"}
                self._chats[chat_id] = chat
            return self._chats[chat_id]

    def inject_message(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        language_code: str | None = "en",
        first_name: str = "Ann",
        chat_type: str = "private",
        entities: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """A user writes ``text``; a leading ``/command`` gets its ``bot_command`` entity."""
        uid = user_id if user_id is not None else (chat_id if chat_id > 0 else 1000)
        with self.cond:
            chat = self._chat(chat_id, chat_type, first_name)
            msg = self.store_message(chat_id, from_bot=False, text=text, source=text)
            msg.entities = command_entities(text) if entities is None else list(entities)
            message = self.message_json(msg)
            message["from"] = self._user(uid, first_name, language_code)
            message["chat"] = chat
            self._log_lines(chat_id, [f"user: {text}"])
            return self._push({"message": message})

    def inject_callback(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        *,
        user_id: int | None = None,
        language_code: str | None = "en",
        first_name: str = "Ann",
        chat_type: str = "private",
    ) -> dict[str, Any]:
        """A user presses an inline button carrying ``data`` under message ``message_id``."""
        uid = user_id if user_id is not None else (chat_id if chat_id > 0 else 1000)
        with self.cond:
            self._chat(chat_id, chat_type, first_name)
            stored = self._messages.get(chat_id, {}).get(message_id)
            if stored is not None:
                message = self.message_json(stored)
                buttons = [b for row in stored.keyboard for b in row]
                label = next((b["text"] for b in buttons if b.get("callback_data") == data), None)
            else:
                message = {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "chat": self._chats[chat_id],
                    "text": "",
                }
                label = None
            query_id = f"cbq{next(self._query_ids)}"
            self._callbacks[query_id] = {"answered": False, "chat_id": chat_id}
            shown = f"[pressed {label!r}]" if label else f"[callback {data!r} on #{message_id}]"
            self._log_lines(chat_id, [f"user: {shown}"])
            query = {
                "id": query_id,
                "from": self._user(uid, first_name, language_code),
                "message": message,
                "chat_instance": f"ci{chat_id}",
                "data": data,
            }
            return self._push({"callback_query": query})

    def press(
        self, chat_id: int, button_text: str, *, message_id: int | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """Press the inline button labelled ``button_text`` on the newest bot message having it
        (or on ``message_id``); raises LookupError if no such button is visible."""
        with self.lock:
            candidates = [
                m
                for m in reversed(self.messages_in(chat_id))
                if m.from_bot and (message_id is None or m.message_id == message_id)
            ]
            for msg in candidates:
                try:
                    button = msg.button(button_text)
                except LookupError:
                    continue
                if "callback_data" not in button:
                    raise LookupError(f"button {button_text!r} has no callback_data: {button}")
                return self.inject_callback(
                    chat_id, msg.message_id, button["callback_data"], **kwargs
                )
        raise LookupError(f"no visible button {button_text!r} in chat {chat_id}")

    def inject_inline_query(
        self,
        user_id: int,
        query: str,
        *,
        offset: str = "",
        language_code: str | None = "en",
        first_name: str = "Ann",
        chat_type: str = "private",
    ) -> dict[str, Any]:
        """A user types ``@bot query``; returns the update (its ``inline_query.id`` is needed
        by answerInlineQuery)."""
        with self.cond:
            query_id = f"iq{next(self._query_ids)}"
            self._inline[query_id] = {"answered": False, "user_id": user_id}
            inline = {
                "id": query_id,
                "from": self._user(user_id, first_name, language_code),
                "query": query,
                "offset": offset,
                "chat_type": chat_type,
            }
            return self._push({"inline_query": inline})

    def inject_raw(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue any update dict (``update_id`` added if missing); its chat becomes known."""
        with self.cond:
            for key in ("message", "edited_message", "channel_post", "callback_query"):
                message = update.get(key, {})
                chat = (message.get("message") or message).get("chat")
                if isinstance(chat, dict) and "id" in chat:
                    self._chats.setdefault(int(chat["id"]), chat)
            if isinstance(update.get("callback_query"), dict):
                cq = update["callback_query"]
                self._callbacks.setdefault(str(cq.get("id")), {"answered": False})
            if isinstance(update.get("inline_query"), dict):
                self._inline.setdefault(str(update["inline_query"].get("id")), {"answered": False})
            return self._push(dict(update))

    # ---- messages ---------------------------------------------------------------------------

    def store_message(self, chat_id: int, *, from_bot: bool, **fields: Any) -> StoredMessage:
        with self.cond:
            message_id = self._next_msg.get(chat_id, 1)
            self._next_msg[chat_id] = message_id + 1
            msg = StoredMessage(chat_id, message_id, from_bot, int(time.time()), **fields)
            self._messages.setdefault(chat_id, {})[message_id] = msg
            return msg

    def message_json(self, msg: StoredMessage) -> dict[str, Any]:
        """The Bot API Message object for a stored message."""
        out: dict[str, Any] = {
            "message_id": msg.message_id,
            "date": msg.date,
            "chat": self._chats.get(msg.chat_id, {"id": msg.chat_id, "type": "private"}),
        }
        if msg.from_bot:
            out["from"] = self.bot_user
        if msg.edit_count:
            out["edit_date"] = int(time.time())
        key = "caption" if msg.document is not None else "text"
        if msg.text or key == "text":
            out[key] = msg.text or ""
        if msg.entities:
            out[f"{key}_entities" if key == "caption" else "entities"] = msg.entities
        if msg.document is not None:
            out["document"] = msg.document
        if msg.reply_markup and "inline_keyboard" in msg.reply_markup:
            out["reply_markup"] = msg.reply_markup
        return out

    def messages_in(self, chat_id: int) -> list[StoredMessage]:
        """The chat as the user sees it now, oldest first (deleted messages are gone)."""
        with self.lock:
            return [self._messages[chat_id][k] for k in sorted(self._messages.get(chat_id, {}))]

    def message(self, chat_id: int, message_id: int) -> StoredMessage:
        with self.lock:
            return self._messages[chat_id][message_id]

    def last_message(self, chat_id: int, *, from_bot: bool = True) -> StoredMessage:
        found = [m for m in self.messages_in(chat_id) if m.from_bot == from_bot]
        if not found:
            raise LookupError(f"no {'bot' if from_bot else 'user'} message in chat {chat_id}")
        return found[-1]

    def transcript(self, chat_id: int) -> list[str]:
        """What happened in the chat, in order: ``user: ...``, ``bot: ...`` and keyboard lines."""
        with self.lock:
            return list(self._log.get(chat_id, []))

    def transcript_text(self, chat_id: int) -> str:
        return "\n".join(self.transcript(chat_id))

    def _log_lines(self, chat_id: int, lines: list[str]) -> None:
        with self.lock:
            self._log.setdefault(chat_id, []).extend(lines)

    def log_message(self, prefix: str, msg: StoredMessage) -> None:
        self._log_lines(msg.chat_id, render_message(prefix, msg))

    def log_markup(self, msg: StoredMessage) -> None:
        lines = render_markup(msg.reply_markup) or ["    (keyboard removed)"]
        self._log_lines(msg.chat_id, [f"bot (keyboard of #{msg.message_id}):", *lines])

    def commands(self, scope: str = "default", language_code: str = "") -> list[dict[str, Any]]:
        """Commands set with setMyCommands for a scope key (see validate.scope_key) + language."""
        with self.lock:
            return list(self._commands.get((scope, language_code), []))

    def all_commands(self) -> dict[str, list[dict[str, Any]]]:
        with self.lock:
            return {f"{s}|{lang}": list(c) for (s, lang), c in self._commands.items()}

    def known_chats(self) -> list[int]:
        with self.lock:
            return sorted(self._chats)

    def pending_updates(self) -> int:
        """Updates not yet confirmed by the bot (via a later getUpdates offset)."""
        with self.lock:
            return len(self._updates)

    # ---- calls ------------------------------------------------------------------------------

    def record(
        self, method: str, params: dict[str, Any], files: dict[str, Any], status: int, response: Any
    ) -> Call:
        with self.cond:
            self._seq += 1
            call = Call(self._seq, method, params, files, status, response, time.time())
            self._calls.append(call)
            self.cond.notify_all()
            return call

    def mark(self) -> int:
        """The seq of the latest call: pass it as ``since=`` to look only at later calls."""
        with self.lock:
            return self._seq

    def calls(self, method: str | None = None, *, since: int = 0) -> list[Call]:
        with self.lock:
            return [
                c for c in self._calls if c.seq > since and (method is None or c.method == method)
            ]

    def wait_for(
        self,
        method: str | None,
        *,
        count: int = 1,
        timeout: float = 5.0,
        predicate: Callable[[Call], bool] | None = None,
        since: int = 0,
    ) -> list[Call]:
        """Block until ``count`` calls of ``method`` (matching ``predicate``, after ``since``)
        were recorded; return all such calls. Raises TimeoutError listing what was seen."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                found = self.calls(method, since=since)
                found = [c for c in found if predicate is None or predicate(c)]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [f"{c.method}:{c.status}" for c in self._calls[-15:]]
                    raise TimeoutError(
                        f"waited {timeout}s for {count} {method} call(s), got {len(found)}; "
                        f"latest calls: {seen}"
                    )
                self.cond.wait(remaining)

    async def wait_for_async(self, method: str | None, **kwargs: Any) -> list[Call]:
        """``wait_for`` from async code without blocking the event loop."""
        return await asyncio.to_thread(self.wait_for, method, **kwargs)

    # ---- getUpdates -------------------------------------------------------------------------

    def poll_updates(
        self, offset: int | None, limit: int, timeout: float, allowed: list[str] | None
    ) -> list[dict[str, Any]]:
        """Long polling as Telegram does it: confirm ids below ``offset``, wait up to
        ``timeout`` s, and end an older waiting getUpdates with 409 Conflict."""
        deadline = time.monotonic() + max(0.0, timeout)
        with self.cond:
            self._poll_gen += 1
            generation, epoch = self._poll_gen, self._epoch
            self.cond.notify_all()
            if allowed is not None:
                self._allowed = list(allowed) or None
            while True:
                if offset is not None and offset < 0:
                    self._updates = self._updates[offset:]
                elif offset:
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
                ready = [u for u in self._updates if self._allowed_update(u)]
                if ready:
                    return ready[: max(1, min(limit, 100))]
                if epoch != self._epoch:  # its connection was dropped: end quietly
                    return []
                if generation != self._poll_gen:
                    raise ApiError(409, CONFLICT)
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._closed:
                    return []
                self.cond.wait(remaining)

    def _allowed_update(self, update: dict[str, Any]) -> bool:
        return self._allowed is None or any(k in self._allowed for k in update if k != "update_id")

    @property
    def polls_started(self) -> int:
        """How many getUpdates calls have begun (a long poll is counted while it waits)."""
        with self.lock:
            return self._poll_gen

    def drop_pending_updates(self) -> None:
        with self.lock:
            self._updates.clear()

    def wake_pollers(self, closed: bool | None = None) -> None:
        """End waiting getUpdates calls (their connections are gone); ``closed=True`` also
        makes later ones return at once (server stopped), ``False`` undoes that."""
        with self.cond:
            if closed is not None:
                self._closed = closed
            self._epoch += 1
            self.cond.notify_all()
