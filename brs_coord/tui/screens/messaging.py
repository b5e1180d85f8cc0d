"""Message registrants: staff write a short message that goes to everyone registered for an event."""

from __future__ import annotations

from ...domain import Event
from ...services.notices import MESSAGE_MAX
from .base import DataScreen
from .prompts import TextPrompt


def queued(count: int) -> str:
    """ "Message queued for 3 participants" (the bot's sender delivers it)."""
    return f"Message queued for {count} participant{'' if count == 1 else 's'}"


def message_registrants(screen: DataScreen, event: Event) -> None:
    """Ask for the message, then queue it through the notices service in a write worker."""

    def answered(text: str | None) -> None:
        if text:
            notices = screen.services.notices
            screen.run_write(lambda: notices.message_registrants(event.id, text), queued)

    prompt = TextPrompt(
        f"Message the registrants of “{event.title}”",
        f"Message (1–{MESSAGE_MAX} characters), sent through the bot in the participants' chats",
        max_length=MESSAGE_MAX,
    )
    screen.app.push_screen(prompt, answered)
