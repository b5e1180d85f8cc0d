"""Notice texts (new event, change, cancellation, reminder, message, offer) in the participant's language.

The services put language-neutral facts in each notice's payload; here they become words, with
dates in the participant's zone (Babel, through :class:`~brs_coord.bot.i18n.Tr`); the French and
Spanish wording is in the bot's gettext catalogues (brs_coord/locale).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from ..errors import NotFound
from ..evaluations import Step
from ..facets import BY_NAME, PROGRAMME
from ..payloads import (
    CancelledPayload,
    ChangedPayload,
    MessagePayload,
    NewEventPayload,
    OfferPayload,
    ProposalPayload,
    ReminderPayload,
    SeriesSeatsPayload,
)
from ..records import NoticeKind
from ..services import Services
from ..services.describe import NamesDialect
from ..services.notices import ChangeItem, Notice, change_items
from . import evaluation_texts
from .callbacks import CallbackCodec
from .cards import span_when
from .i18n import Tr, tr
from .text_base import KIND_NAMES
from .texts import cut_html, h


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


@dataclass(frozen=True)
class NoticeFacts:
    """What a notice says besides its payload, read when it is sent, in the participant's language:
    the programme's name and, for a new event, the names of what they follow that selected it."""

    programme: str | None = None
    because: tuple[str, ...] = ()


def notice_facts(services: Services, notice: Notice) -> NoticeFacts:
    """The facts for ``notice`` (synchronous: call off the event loop)."""
    dialect = NamesDialect(services.query.vocabulary(), notice.language)
    slug = notice.payload.event.programme
    programme = dialect.value(PROGRAMME, slug) if slug else None
    if notice.kind is not NoticeKind.NEW_EVENT or notice.event_id is None:
        return NoticeFacts(programme)
    try:
        matched = services.subscriptions.matching(notice.participant_id, notice.event_id)
    except NotFound:
        return NoticeFacts(programme)
    names = (dialect.value(BY_NAME[s.facet], s.value) or s.value for s in matched)
    return NoticeFacts(programme, tuple(dict.fromkeys(names)))


def _new_event(t: NoticeTr, notice: Notice, facts: NoticeFacts) -> list[str]:
    """🆕 title, kind and programme, when, where, and why it was sent."""
    event = notice.payload.event
    kind = t(KIND_NAMES.get(event.kind, event.kind))
    lines = [
        "🆕 " + t("New event: {title}").format(title=f"<b>{h(event.title_in(notice.language))}</b>"),
        h(kind) + (f" · {h(facts.programme)}" if facts.programme else ""),
        "🕒 " + _when(t, notice),
        _place(t, notice),
    ]
    lines += _also_new(t, notice)
    if facts.because:
        lines.append(t("Because you follow: {names}").format(names=h(", ".join(facts.because))))
    return lines


def _also_new(t: NoticeTr, notice: Notice) -> list[str]:
    """An import's digest (its ``sessions``: the new events, the first is the notice's own; a
    series' sessions one line): the others, each with its day and time in the participant's zone,
    a series with how many sessions and until when."""
    payload, zone = notice.payload, notice.timezone
    more = payload.more if isinstance(payload, NewEventPayload) else 0
    count = sum(line.count for line in payload.sessions) - 1 + more if payload.sessions else more
    if count <= 0:
        return []
    head = t.base.n("Also new, {count} more event:", "Also new, {count} more events:", count)
    lines = ["", "🆕 " + head.format(count=count)]
    for line in payload.sessions:
        e, last = line.event, t.base.day(line.until or line.event.starts_at, zone)
        if e.id == payload.event.id:  # the notice's own event: only its series' other sessions
            if line.count > 1:
                lines.append("• " + t.base.n(
                    "{count} more session of this series, until {last}",
                    "{count} more sessions of this series, until {last}", line.count - 1,
                ).format(count=line.count - 1, last=last))
            continue
        title = f"• <b>{h(e.title_in(notice.language))}</b>, "
        if line.count == 1:
            lines.append(title + t.when(e.starts_at, zone))
        else:
            lines.append(title + t.base.n(
                "{count} session from {first} to {last}", "{count} sessions from {first} to {last}",
                line.count,
            ).format(count=line.count, first=t.when(e.starts_at, zone), last=last))
    if more:
        lines.append("• " + t.base.n("and {count} more", "and {count} more", more).format(count=more))
    return lines


def _when(t: NoticeTr, notice: Notice) -> str:
    event = notice.payload.event
    if event.all_day:
        return t.base.day(event.starts_at, event.timezone)
    return span_when(t.base, event.starts_at, event.ends_at, event.timezone, notice.timezone)


def _place(t: NoticeTr, notice: Notice) -> str:
    event = notice.payload.event
    return "📍 " + h(event.location) if event.location else "💻 " + t("Online")


def _sessions(t: NoticeTr, notice: Notice) -> list[str]:
    """A change to several sessions of a series, in one notice: each session and what became of it."""
    zone = notice.timezone
    lines = ["✏️ " + t("Changes to {count} sessions:").format(count=len(notice.payload.sessions))]
    for line in notice.payload.sessions:
        title = f"<b>{h(line.event.title_in(notice.language))}</b>"
        when = t.when(line.event.starts_at, zone)
        if line.event.status == "cancelled":
            lines.append("• ❌ " + t("{title} on {when} is cancelled.").format(title=title, when=when))
        elif line.moved_from is not None:
            old = t.when(line.moved_from, zone)
            moved = t("moved from {old} to {new}, your time").format(old=old, new=when)
            lines.append(f"• {title}: {moved}")
        else:
            lines.append(f"• {title}, {when}")
    return lines


def _seated(t: NoticeTr, notice: Notice, payload: SeriesSeatsPayload) -> list[str]:
    """The series' waiting list moved: a seat in every session left, each listed."""
    series = f"<b>{h(payload.series_title_in(notice.language))}</b>"
    lines = ["🎟 " + t("A place is free in {series}: you now have a seat in every session left.").format(
        series=series)]
    for line in payload.sessions:
        title = h(line.event.title_in(notice.language))
        lines.append(f"• {title}, {t.when(line.event.starts_at, notice.timezone)}")
    return lines


def render(notice: Notice, facts: NoticeFacts | None = None) -> str:
    """The HTML text of a notice for its participant."""
    t = NoticeTr(notice.language)
    if notice.kind is NoticeKind.EVALUATION:  # its first question (bot/evaluation_texts.py)
        event = notice.payload.event
        return evaluation_texts.message(t.base, event.title_in(notice.language), event.starts_at,
                                        notice.timezone, Step.USEFULNESS)
    facts = facts or NoticeFacts()
    payload = notice.payload
    event = payload.event
    zone = notice.timezone
    title = f"<b>{h(event.title_in(notice.language))}</b>"  # the participant's language where it has it
    when = t.when(event.starts_at, zone)
    link = event.online_url
    lines: list[str]
    if notice.kind is NoticeKind.NEW_EVENT:
        lines = _new_event(t, notice, facts)
    elif isinstance(payload, SeriesSeatsPayload):
        lines = _seated(t, notice, payload)
    elif isinstance(payload, ProposalPayload):
        proposed = t("{login} proposes {title}, {when}: it waits for your approval in the staff"
                     " calendar (F10, Proposals).")
        lines = ["📝 " + proposed.format(login=h(payload.proposed_by), title=title, when=when)]
    elif payload.sessions:
        lines = _sessions(t, notice)
    elif isinstance(payload, ChangedPayload):
        lines = ["✏️ " + t("Changed: {title}").format(title=title)]
        lines += [f"• {_change_line(t, item, zone)}" for item in change_items(payload, zone)]
    elif isinstance(payload, CancelledPayload):
        lines = ["❌ " + t("{title} on {when} is cancelled.").format(title=title, when=when)]
    elif isinstance(payload, ReminderPayload):
        head = "⏰ " + t("Reminder: {title}").format(title=title)
        lines = [head, "🕒 " + _when(t, notice), _place(t, notice)]
    elif isinstance(payload, MessagePayload):
        lines = [t("Message about {title}").format(title=title), "", h(payload.text)]
    elif isinstance(payload, OfferPayload) and payload.offered_until is not None:
        until = t.when(payload.offered_until, zone)
        lines = ["🎟 " + t("A place is free"),
                 t("{title} on {when}: the place is yours if you confirm by {until}, your time.").format(
                     title=title, when=when, until=until)]
    else:
        lines = [title]
    reason = payload.reason if isinstance(payload, ChangedPayload | CancelledPayload) else None
    if reason:
        lines.append(t("Reason: {reason}").format(reason=h(reason)))
    if link and notice.kind in (NoticeKind.REMINDER, NoticeKind.MESSAGE):
        lines.append("🔗 " + t("Join link: {url}").format(url=h(link)))
    return cut_html(t.base.directed("\n".join(lines)))


def keyboard(notice: Notice, codec: CallbackCodec) -> InlineKeyboardMarkup | None:
    """Offer: Confirm / Decline. A new event: Register and Details; others: Details (unless cancelled);
every one a one-tap "Stop these" on a row of its own."""
    t = NoticeTr(notice.language)
    if notice.kind is NoticeKind.EVALUATION and notice.event_id is not None:
        return evaluation_texts.keyboard(t.base, codec, notice.event_id, Step.USEFULNESS)
    if notice.kind is NoticeKind.OFFER and notice.event_id is not None:
        return InlineKeyboardMarkup([[
            InlineKeyboardButton(t("Confirm"), callback_data=codec.encode("ofy", notice.event_id)),
            InlineKeyboardButton(t("Decline"), callback_data=codec.encode("ofn", notice.event_id)),
        ]])
    row = []
    event_id = notice.event_id
    if event_id is not None and notice.kind is NoticeKind.NEW_EVENT:
        row.append(InlineKeyboardButton("✅ " + t("Register"), callback_data=codec.encode("reg", event_id)))
    if event_id is not None and notice.kind not in (NoticeKind.CANCELLED, NoticeKind.PROPOSAL):  # (a draft)
        row.append(InlineKeyboardButton("ℹ️ " + t("Details"), callback_data=codec.encode("det", event_id)))
    stop = [InlineKeyboardButton(t("Stop these"), callback_data=codec.encode("stp", notice.id))]
    return InlineKeyboardMarkup([row, stop] if row else [stop])
