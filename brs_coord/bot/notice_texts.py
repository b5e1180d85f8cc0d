"""Notice texts (new event, change, cancellation, reminder, message, offer) in the participant's language.

The services put language-neutral facts in each notice's payload; here they become words, with
dates in the participant's zone (Babel, through :class:`~brs_coord.bot.i18n.Tr`); the French and
Spanish wording is in the bot's gettext catalogues (brs_coord/locale).
"""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from ..payloads import CancelledPayload, ChangedPayload, MessagePayload, OfferPayload, ReminderPayload
from ..records import NoticeKind
from ..services.notices import ChangeItem, Notice, change_items
from .callbacks import CallbackCodec
from .i18n import Tr, tr
from .texts import MESSAGE_LIMIT, h


class NoticeTr:
    """``Tr`` (the gettext catalogues) plus instants in the participant's zone."""

    def __init__(self, language: str) -> None:
        self.base: Tr = tr(language)

    def __call__(self, message: str) -> str:
        return self.base(message)

    def when(self, instant: datetime, zone: str) -> str:
        return self.base.day_time(instant, zone)


def _change_line(t: NoticeTr, item: ChangeItem, zone: str) -> str:
    if item.what == "time":
        return t("moved from {old} to {new}, your time").format(
            old=t.base.day_time(item.old, zone), new=t.base.day_time(item.new, zone)
        )
    if item.what == "place":
        old, new = (h(value or t("online")) for value in (item.old, item.new))
        return t("place: {old} → {new}").format(old=old, new=new)
    if item.what == "link":
        return t("new join link: {new}").format(new=h(item.new or "—"))
    return t("status: {new}").format(new=h(t(str(item.new))))


def render(notice: Notice) -> str:
    """The HTML text of a notice for its participant."""
    t = NoticeTr(notice.language)
    payload = notice.payload
    event = payload.event
    zone = notice.timezone
    title = f"<b>{h(event.title)}</b>"
    when = t.when(event.starts_at, zone)
    place = h(event.location or t("online"))
    link = event.online_url
    lines: list[str]
    if notice.kind is NoticeKind.NEW_EVENT:
        lines = [f"🆕 {t('New event')}: {title}", f"{when} ({t('your time')})", place]
    elif isinstance(payload, ChangedPayload):
        lines = [f"✏️ {t('Changed')}: {title}"]
        lines += [f"• {_change_line(t, item, zone)}" for item in change_items(payload, zone)]
    elif isinstance(payload, CancelledPayload):
        lines = ["❌ " + t("{title} on {when} is cancelled.").format(title=title, when=when)]
    elif isinstance(payload, ReminderPayload):
        lines = [f"⏰ {t('Reminder')}: {title}", t("starts {when}, your time").format(when=when), place]
    elif isinstance(payload, MessagePayload):
        lines = [t("Message about {title}").format(title=title), "", h(payload.text)]
    elif isinstance(payload, OfferPayload) and payload.offered_until is not None:
        until = t.when(payload.offered_until, zone)
        lines = [f"🎟 {t('A place is free')}",
                 t("{title} on {when}: the place is yours if you confirm by {until}, your time.").format(
                     title=title, when=when, until=until)]
    else:
        lines = [title]
    reason = payload.reason if isinstance(payload, ChangedPayload | CancelledPayload) else None
    if reason:
        lines.append(t("Reason: {reason}").format(reason=h(reason)))
    if link and notice.kind in (NoticeKind.REMINDER, NoticeKind.MESSAGE):
        lines.append(f"{t('Join')}: {h(link)}")
    return "\n".join(lines)[:MESSAGE_LIMIT]


def keyboard(notice: Notice, codec: CallbackCodec) -> InlineKeyboardMarkup | None:
    """Offer: Confirm / Decline. Everything else: Details (if public) and a one-tap "Stop these"."""
    t = NoticeTr(notice.language)
    if notice.kind is NoticeKind.OFFER and notice.event_id is not None:
        return InlineKeyboardMarkup([[
            InlineKeyboardButton(t("Confirm"), callback_data=codec.encode("ofy", notice.event_id)),
            InlineKeyboardButton(t("Decline"), callback_data=codec.encode("ofn", notice.event_id)),
        ]])
    row = []
    if notice.event_id is not None and notice.kind is not NoticeKind.CANCELLED:
        row.append(InlineKeyboardButton(t("Details"), callback_data=codec.encode("det", notice.event_id)))
    row.append(InlineKeyboardButton(t("Stop these"), callback_data=codec.encode("stp", notice.id)))
    return InlineKeyboardMarkup([row])
