"""Updates of different chats handled side by side, those of one chat in the order they came.

With PTB's default (one update at a time) a participant whose answer is slow — a Bot API call
retried behind a timeout or a 429 pause — holds every other participant up. Handling all updates
concurrently would let two quick presses in one chat race each other. This processor does both
right: one lock per conversation (the chat, else the user: inline queries have no chat), taken in
arrival order; locks nobody holds or waits for are dropped, so the table stays small.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 64


def conversation_key(update: object) -> int | None:
    """The chat an update belongs to, else its user; None for updates of neither (one shared line)."""
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            return update.effective_user.id
    return None


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across conversations, sequential within one."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int | None, asyncio.Lock] = {}
        self._users: dict[int | None, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = conversation_key(update)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]

    @property
    def conversations(self) -> int:
        """How many conversations have an update being handled or waiting (for tests and logs)."""
        return len(self._locks)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free: PTB waits for running updates before it calls this."""
