"""Outbox payloads: the language-neutral facts of a notice, shared by its writer and its sender.

The TUI, the CLI and the bot's own housekeeping write notices; the bot's sender reads them, maybe in a
process of another version. So each payload is a frozen dataclass with a versioned JSON form
(``to_json`` / :func:`parse_payload`): ``{"v": 1, "event": {...}, ...}``, instants as ISO-8601 UTC text.
Rows written before the version field existed carry no ``"v"`` and read as version 1 (same shape).
An unknown version, an unknown kind or a malformed payload raises :class:`PayloadError`; the sender
fails that one notice and goes on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, ClassVar

from .domain import Event
from .errors import BrsCoordError
from .records import NoticeKind, dump, iso_utc, parse_iso_utc

VERSION = 1
KNOWN_VERSIONS = frozenset({VERSION})
_TIME_FIELDS = frozenset({"starts_at", "ends_at"})


class PayloadError(BrsCoordError):
    """A stored notice payload this version cannot read (unknown version or kind, or malformed)."""

    title = "Unreadable notice"


def _get(data: dict[str, Any], name: str, kind: type | tuple[type, ...], *, optional: bool = False) -> Any:
    value = data.get(name)
    if value is None and optional:
        return None
    if isinstance(value, bool) and kind is int or not isinstance(value, kind):
        raise PayloadError(f"payload field {name!r} is missing or not {getattr(kind, '__name__', kind)}")
    return value


def _instant(data: dict[str, Any], name: str) -> datetime:
    try:
        return parse_iso_utc(_get(data, name, str))
    except ValueError as exc:
        raise PayloadError(f"payload field {name!r} is not an instant") from exc


@dataclass(frozen=True)
class EventSnapshot:
    """The facts of an event a notice shows (``online_url`` only for seat holders)."""

    id: int
    uid: str
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    all_day: bool
    location: str | None
    status: str
    registration_url: str | None
    online_url: str | None
    programme: str | None = None  # slug; absent from payloads written before it was carried
    # the title in other languages, (language code, title) pairs from the event's translations;
    # absent from payloads written before they were carried (the title is then shown to everyone)
    titles: tuple[tuple[str, str], ...] = ()

    def title_in(self, lang: str | None) -> str:
        """The title in ``lang`` when the event had one in it, else its own."""
        return next((title for code, title in self.titles if code == lang), self.title)

    @classmethod
    def of(cls, event: Event, *, with_link: bool) -> EventSnapshot:
        return cls(
            id=event.id, uid=event.uid, title=event.title, kind=event.kind.value, starts_at=event.starts_at,
            ends_at=event.ends_at, timezone=event.timezone, all_day=event.all_day, location=event.location,
            status=event.status.value, registration_url=event.registration_url,
            online_url=event.online_url if with_link else None, programme=event.programme,
            titles=tuple((code, title) for code, title, _ in event.translations if title),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "uid": self.uid, "title": self.title, "kind": self.kind,
            "starts_at": iso_utc(self.starts_at), "ends_at": iso_utc(self.ends_at), "timezone": self.timezone,
            "all_day": self.all_day, "location": self.location, "status": self.status,
            "registration_url": self.registration_url, "online_url": self.online_url,
            "programme": self.programme, "titles": dict(self.titles),
        }

    @classmethod
    def from_dict(cls, data: object) -> EventSnapshot:
        if not isinstance(data, dict):
            raise PayloadError("payload field 'event' is missing or not an object")
        return cls(
            id=_get(data, "id", int), uid=_get(data, "uid", str), title=_get(data, "title", str),
            kind=_get(data, "kind", str), starts_at=_instant(data, "starts_at"),
            ends_at=_instant(data, "ends_at"), timezone=_get(data, "timezone", str),
            all_day=_get(data, "all_day", bool), location=_get(data, "location", str, optional=True),
            status=_get(data, "status", str),
            registration_url=_get(data, "registration_url", str, optional=True),
            online_url=_get(data, "online_url", str, optional=True),
            programme=_get(data, "programme", str, optional=True),
            titles=_titles(_get(data, "titles", dict, optional=True) or {}),
        )


def _titles(data: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    if not all(isinstance(title, str) for title in data.values()):
        raise PayloadError("payload field 'titles' is not an object of texts")
    return tuple(data.items())


@dataclass(frozen=True)
class SessionLine:
    """One session of a series in a batched notice (issue 19): the session as it is now and, when
    it was moved, where it was (``moved_from``). In an import's digest a line may stand for a
    series' new sessions (``count`` of them, this one the first, the last starting ``until``)."""

    event: EventSnapshot
    moved_from: datetime | None = None
    count: int = 1
    until: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"event": self.event.to_dict(),
                                "moved_from": iso_utc(self.moved_from) if self.moved_from else None}
        if self.count != 1:
            data["count"] = self.count
        if self.until is not None:
            data["until"] = iso_utc(self.until)
        return data

    @classmethod
    def from_dict(cls, data: object) -> SessionLine:
        if not isinstance(data, dict):
            raise PayloadError("payload field 'sessions' holds a line that is not an object")
        moved = _instant(data, "moved_from") if data.get("moved_from") is not None else None
        count = _get(data, "count", int, optional=True)
        count = 1 if count is None else count
        if count < 1:
            raise PayloadError("payload field 'count' of a session line is not a positive number")
        until = _instant(data, "until") if data.get("until") is not None else None
        return cls(EventSnapshot.from_dict(data.get("event")), moved, count, until)


@dataclass(frozen=True)
class NoticePayload:
    """The common part: every notice is about one event; a batched notice of a change to several
    sessions of a series lists them all in ``sessions`` (``event`` is the first of them)."""

    KIND: ClassVar[NoticeKind]
    event: EventSnapshot
    sessions: tuple[SessionLine, ...] = field(default=(), kw_only=True)

    def _fields(self) -> dict[str, Any]:
        return {}

    def to_json(self) -> str:
        batch = {"sessions": [line.to_dict() for line in self.sessions]} if self.sessions else {}
        return dump({"v": VERSION, "event": self.event.to_dict(), **self._fields(), **batch})

    @classmethod
    def _from(cls, event: EventSnapshot, data: dict[str, Any]) -> NoticePayload:
        return cls(event)


@dataclass(frozen=True)
class NewEventPayload(NoticePayload):
    """A new event; an import's digest lists the first of its new events in ``sessions`` and
    counts the others in ``more`` (a sync of thousands writes a short notice, not a catalogue)."""

    KIND: ClassVar[NoticeKind] = NoticeKind.NEW_EVENT
    more: int = 0

    def _fields(self) -> dict[str, Any]:
        return {"more": self.more} if self.more else {}

    @classmethod
    def _from(cls, event: EventSnapshot, data: dict[str, Any]) -> NoticePayload:
        return cls(event, _get(data, "more", int, optional=True) or 0)


@dataclass(frozen=True)
class CancelledPayload(NoticePayload):
    KIND: ClassVar[NoticeKind] = NoticeKind.CANCELLED
    reason: str | None = None

    def _fields(self) -> dict[str, Any]:
        return {"reason": self.reason}

    @classmethod
    def _from(cls, event: EventSnapshot, data: dict[str, Any]) -> NoticePayload:
        return cls(event, _get(data, "reason", str, optional=True))


Change = tuple[Any, Any]  # (before, after); times as aware datetimes, statuses as their text


@dataclass(frozen=True)
class ChangedPayload(NoticePayload):
    """Before/after values of the fields participants hear about; ``seat``: written for a seat holder."""

    KIND: ClassVar[NoticeKind] = NoticeKind.CHANGED
    changes: dict[str, Change] = field(default_factory=dict)
    seat: bool = False
    reason: str | None = None

    def _fields(self) -> dict[str, Any]:
        changes = {
            name: [iso_utc(v) if isinstance(v, datetime) else v for v in pair]
            for name, pair in self.changes.items()
        }
        return {"changes": changes, "seat": self.seat, "reason": self.reason}

    @classmethod
    def _from(cls, event: EventSnapshot, data: dict[str, Any]) -> NoticePayload:
        raw = data.get("changes", {})
        if not isinstance(raw, dict) or not all(isinstance(p, list) and len(p) == 2 for p in raw.values()):
            raise PayloadError("payload field 'changes' is not a map of [before, after] pairs")
        changes: dict[str, Change] = {}
        for name, (old, new) in raw.items():
            if name in _TIME_FIELDS:
                old, new = (_instant({name: value}, name) for value in (old, new))
            changes[name] = (old, new)
        seat = data.get("seat", False)
        return cls(event, changes, bool(seat), _get(data, "reason", str, optional=True))


@dataclass(frozen=True)
class ReminderPayload(NoticePayload):
    KIND: ClassVar[NoticeKind] = NoticeKind.REMINDER
    lead: int = 0  # minutes before the start

    def _fields(self) -> dict[str, Any]:
        return {"lead": self.lead}

    @classmethod
    def _from(cls, event: EventSnapshot, data: dict[str, Any]) -> NoticePayload:
        return cls(event, _get(data, "lead", int))


@dataclass(frozen=True)
class MessagePayload(NoticePayload):
    KIND: ClassVar[NoticeKind] = NoticeKind.MESSAGE
    text: str = ""

    def _fields(self) -> dict[str, Any]:
        return {"text": self.text}

    @classmethod
    def _from(cls, event: EventSnapshot, data: dict[str, Any]) -> NoticePayload:
        return cls(event, _get(data, "text", str))


@dataclass(frozen=True)
class OfferPayload(NoticePayload):
    KIND: ClassVar[NoticeKind] = NoticeKind.OFFER
    offered_until: datetime | None = None

    def _fields(self) -> dict[str, Any]:
        return {"offered_until": iso_utc(self.offered_until) if self.offered_until else None}

    @classmethod
    def _from(cls, event: EventSnapshot, data: dict[str, Any]) -> NoticePayload:
        return cls(event, _instant(data, "offered_until"))


@dataclass(frozen=True)
class EvaluationPayload(NoticePayload):
    """The first question after an event the participant attended (the rest follow in the chat)."""

    KIND: ClassVar[NoticeKind] = NoticeKind.EVALUATION


@dataclass(frozen=True)
class SeriesSeatsPayload(NoticePayload):
    """The series' waiting list moved: the participant now holds a seat in every session listed in
    ``sessions`` (``event`` is the first of them); ``series_titles`` are the series' (language, title)."""

    KIND: ClassVar[NoticeKind] = NoticeKind.SERIES_SEATS
    series_title: str = ""
    series_titles: tuple[tuple[str, str], ...] = ()

    def series_title_in(self, lang: str | None) -> str:
        return next((title for code, title in self.series_titles if code == lang), self.series_title)

    def _fields(self) -> dict[str, Any]:
        titles = [list(pair) for pair in self.series_titles]
        return {"series_title": self.series_title, "series_titles": titles}

    @classmethod
    def _from(cls, event: EventSnapshot, data: dict[str, Any]) -> NoticePayload:
        titles = _get(data, "series_titles", list, optional=True) or []
        pairs = all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
                    for p in titles)
        if not pairs:
            raise PayloadError("payload field 'series_titles' is not a list of [language, title]")
        return cls(event, series_title=_get(data, "series_title", str),
                   series_titles=tuple((p[0], p[1]) for p in titles))


@dataclass(frozen=True)
class ProposalPayload(NoticePayload):
    """To a staff member who approves proposals (linked by Telegram id): ``proposed_by`` (a login)
    proposed ``event``, which waits in the TUI's Proposals screen."""

    KIND: ClassVar[NoticeKind] = NoticeKind.PROPOSAL
    proposed_by: str = ""

    def _fields(self) -> dict[str, Any]:
        return {"proposed_by": self.proposed_by}

    @classmethod
    def _from(cls, event: EventSnapshot, data: dict[str, Any]) -> NoticePayload:
        return cls(event, proposed_by=_get(data, "proposed_by", str))


@dataclass(frozen=True)
class NewNotice:
    """A notice to write for one participant."""

    participant_id: int
    event_id: int | None
    kind: NoticeKind
    payload: NoticePayload
    dedupe_key: str
    due_at: datetime
    urgent: bool = False


PAYLOAD_TYPES: dict[NoticeKind, type[NoticePayload]] = {
    cls.KIND: cls
    for cls in (
        NewEventPayload, CancelledPayload, ChangedPayload, ReminderPayload, MessagePayload, OfferPayload,
        EvaluationPayload, SeriesSeatsPayload, ProposalPayload,
    )
}


def parse_payload(kind: str, text: str) -> NoticePayload:
    """The payload of a stored notice of ``kind``; PayloadError when this version cannot read it."""
    try:
        payload_type = PAYLOAD_TYPES[NoticeKind(kind)]
    except ValueError as exc:
        raise PayloadError(f"unknown notice kind {kind!r}") from exc
    try:
        data = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise PayloadError("the payload is not JSON") from exc
    if not isinstance(data, dict):
        raise PayloadError("the payload is not a JSON object")
    version = data.get("v", VERSION)  # rows written before "v" existed have the version 1 shape
    if isinstance(version, bool) or version not in KNOWN_VERSIONS:
        raise PayloadError(f"unknown payload version {version!r} (this brs-coord reads {VERSION})")
    payload = payload_type._from(EventSnapshot.from_dict(data.get("event")), data)
    lines = data.get("sessions")
    if lines is None:
        return payload
    if not isinstance(lines, list):
        raise PayloadError("payload field 'sessions' is not a list")
    return replace(payload, sessions=tuple(SessionLine.from_dict(line) for line in lines))
