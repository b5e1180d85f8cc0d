"""Staff commands, for staff members linked to their Telegram id (``brs-coord staff add LOGIN
--telegram-id N``) and in a private chat only: ``/cancel UID reason``, ``/reschedule UID when``,
``/message UID text``, through the same services and role checks as the CLI and the TUI, acting
as that staff member (history records their login). Replies are in English, as the CLI's, but a
refusal of their role is worded in their language."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

from telegram import Update

from ...errors import BrsCoordError, PermissionDenied
from ...permissions import Action, StaffMember, refusal_words
from ...wall_times import parse_when
from .common import lang_of, reply, run

if TYPE_CHECKING:
    from ...services import Services
    from ..context import BotContext

T = TypeVar("T")
CANCEL_USAGE = "Usage: /cancel UID reason (the reason is shown to participants)"
RESCHEDULE_USAGE = "Usage: /reschedule UID new start (e.g. 2027-03-03 10:00 or next Tuesday 14:00)"
MESSAGE_USAGE = "Usage: /message UID text (sent to everyone registered)"


async def _staff_member(update: Update, context: BotContext) -> StaffMember | None:
    """The staff member linked to the sender's Telegram id, in a private chat; anyone else (or any
    group chat) is told the command is not for them (None)."""
    user, chat = update.effective_user, update.effective_chat
    t = lang_of(update)
    member = None if user is None else await run(context.bot_data.services.staff.by_telegram_id, user.id)
    if member is None:
        await reply(update, t("This command is for the secretariat's staff only."))
        return None
    if chat is None or chat.type != "private":
        await reply(update, t("Staff commands work only in a private chat with the bot."))
        return None
    return member


def _as(services: Services, member: StaffMember, call: Callable[[], T]) -> T:
    with services.acting.as_member(member):
        return call()


async def _staff_call(update: Update, context: BotContext, usage: str, words: int,
                      act: Callable[[Services, list[str]], str]) -> None:
    """Check the sender and the arguments (``words`` at least), then run ``act`` as the staff
    member in a worker thread and answer what it says, or why it was refused."""
    member = await _staff_member(update, context)
    if member is None:
        return
    args = context.args or []
    if len(args) < words:
        await reply(update, escape(usage))
        return
    services = context.bot_data.services
    try:
        answer = await asyncio.to_thread(_as, services, member, lambda: act(services, args))
    except PermissionDenied as refused:  # in the staff member's language
        await reply(update, escape(refusal_words(refused.roles, refused.action, lang_of(update))))
        return
    except BrsCoordError as exc:  # no such event, already cancelled, a conflict: said as the CLI says it
        await reply(update, escape(exc.message))
        return
    await reply(update, escape(answer))


def _cancel(services: Services, args: list[str]) -> str:
    change = services.scheduling.cancel_by_uid(args[0], " ".join(args[1:]))
    return f"Cancelled {args[0]}: {change.event.title}"


def _reschedule(services: Services, args: list[str]) -> str:
    event = services.scheduling.get_by_uid(args[0])
    services.acting.require(Action.EDIT_EVENTS, [event.organiser])  # a refusal before a date's problems
    start = parse_when(" ".join(args[1:]), event.timezone, services.clock.now())
    moved = services.scheduling.reschedule(event.id, start, expected_version=event.version).event
    local = moved.starts_at.astimezone(ZoneInfo(moved.timezone))
    return f"Moved {moved.uid} to {local:%a %d %b %Y %H:%M} ({moved.timezone}): {moved.title}"


def _message(services: Services, args: list[str]) -> str:
    event = services.scheduling.get_by_uid(args[0])
    count = services.notices.message_registrants(event.id, " ".join(args[1:]))
    return f"Message queued for {count} participant{'s' if count != 1 else ''} of {event.title}"


async def cancel(update: Update, context: BotContext) -> None:
    """/cancel UID reason: cancel an event (registered participants are told through the outbox)."""
    await _staff_call(update, context, CANCEL_USAGE, 2, _cancel)


async def reschedule(update: Update, context: BotContext) -> None:
    """/reschedule UID when: move an event (same duration, in the event's zone)."""
    await _staff_call(update, context, RESCHEDULE_USAGE, 2, _reschedule)


async def message(update: Update, context: BotContext) -> None:
    """/message UID text: a short message to everyone registered for the event."""
    await _staff_call(update, context, MESSAGE_USAGE, 2, _message)
