"""The bot's update processor: other chats are not held up, one chat's updates keep their order."""

from __future__ import annotations

import asyncio

from telegram import Chat, Message, Update, User

from brs_coord.bot.updates import PerChatUpdateProcessor, conversation_key


def update_in(chat_id: int, update_id: int) -> Update:
    chat = Chat(chat_id, Chat.PRIVATE)
    user = User(chat_id, "P", is_bot=False)
    return Update(update_id, message=Message(update_id, None, chat, from_user=user, text="hi"))  # type: ignore[arg-type]


async def test_a_slow_chat_holds_up_no_other_and_one_chat_keeps_its_order() -> None:
    processor = PerChatUpdateProcessor()
    done: list[str] = []
    slow_started = asyncio.Event()

    async def handle(name: str, seconds: float) -> None:
        if name == "slow-1":
            slow_started.set()
        await asyncio.sleep(seconds)
        done.append(name)

    async with processor:
        slow = asyncio.create_task(processor.process_update(update_in(1, 1), handle("slow-1", 0.3)))
        await slow_started.wait()
        after = asyncio.create_task(processor.process_update(update_in(1, 2), handle("after-1", 0)))
        other = asyncio.create_task(processor.process_update(update_in(2, 3), handle("other-2", 0)))
        await other
        assert done == ["other-2"]  # chat 2 answered while chat 1's slow update is still running
        assert processor.conversations == 1  # chat 2 done and forgotten; chat 1 busy
        await asyncio.gather(slow, after)
    assert done == ["other-2", "slow-1", "after-1"]  # chat 1 in arrival order
    assert processor.conversations == 0  # no lock kept for idle conversations


async def test_a_failing_update_releases_its_conversation() -> None:
    processor = PerChatUpdateProcessor()

    async def fail() -> None:
        raise RuntimeError("handler failed")

    async def ok() -> str:
        return "ok"

    async with processor:
        try:
            await processor.process_update(update_in(5, 1), fail())
        except RuntimeError:
            pass
        await asyncio.wait_for(processor.process_update(update_in(5, 2), ok()), timeout=1)
    assert processor.conversations == 0


def test_the_conversation_is_the_chat_else_the_user() -> None:
    assert conversation_key(update_in(7, 1)) == 7
    assert conversation_key(object()) is None
