"""Certificates of attendance: who may have one, what it says, its PDF, and its verification.

A participant who attended at least the threshold share (75 %, as the indicators count) of a held
event may ask for a certificate. The first request issues it under a random verification code and
stores the figures printed on it (name, event, dates and hours in the event's zone, share attended,
organiser); asking again gives the same code and figures, worded in the participant's current
language. A certificate whose attendance was later corrected below the threshold, or whose event is
no longer held, or that staff revoked, answers "revoked" at /verify; a code never issued "unknown".
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from ..clock import Clock
from ..domain import Event, Status
from ..errors import Conflict, InvalidInput, NotFound
from ..languages import interface_language
from ..permissions import Action
from ..records import Certificate, Participant
from ..results import DEFAULT_THRESHOLD
from ..store import Store
from .acting import Acting
from .certificate_codes import new_code, normalise_code, shown_code
from .certificate_pdf import render
from .translation import N_

MAX_NAME = 80
SECRETARIAT = N_("Secretariat of the Basel, Rotterdam and Stockholm Conventions")
_BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class Refusal(StrEnum):
    """Why a participant gets no certificate for an event."""

    NOT_REGISTERED = "not-registered"
    NOT_HELD = "not-held"
    NOT_ATTENDED = "not-attended"
    BELOW_THRESHOLD = "below-threshold"
    NO_NAME = "no-name"
    REVOKED = "revoked"


class Refused(Exception):
    """No certificate: ``reason`` says why (the faces word it)."""

    def __init__(self, reason: Refusal, share: float | None = None) -> None:
        super().__init__(reason.value)
        self.reason, self.share = reason, share


class State(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Issued:
    certificate: Certificate
    pdf: bytes
    filename: str


@dataclass(frozen=True)
class Verification:
    state: State
    certificate: Certificate | None = None


def clean_name(text: str) -> str:
    """The name to print, spaces collapsed; InvalidInput when empty, too long, without a letter or
    holding control or direction-override characters."""
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") and ch not in " \t" for ch in text) or any(
        ch in _BIDI_CONTROLS for ch in text
    ):
        raise InvalidInput("A name cannot contain control characters", field="name")
    name = " ".join(text.split())
    if not any(ch.isalpha() for ch in name):
        raise InvalidInput("A name needs at least one letter", field="name")
    if len(name) > MAX_NAME:
        raise InvalidInput(f"A name has at most {MAX_NAME} characters", field="name")
    return name


def event_minutes(event: Event) -> int | None:
    """The hours an event lasts, in minutes: over several days of its zone, the day's hours times the
    days (a workshop from 9:00 to 17:00 on three days is 24 hours); None for an all-day event."""
    if event.all_day:
        return None
    zone = ZoneInfo(event.timezone)
    start, end = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
    days = (end.date() - start.date()).days + 1
    daily = datetime.combine(start.date(), end.time()) - datetime.combine(start.date(), start.time())
    if days > 1 and daily > timedelta(0):
        return int(daily.total_seconds() // 60) * days
    return int(event.duration.total_seconds() // 60)


class CertificateService:
    """Eligibility, issue (with the PDF), revocation and verification of certificates."""

    def __init__(
        self, store: Store, clock: Clock, base_url: str, threshold: float = DEFAULT_THRESHOLD, *,
        acting: Acting,
    ) -> None:
        self._store, self._clock, self._base_url = store, clock, base_url.rstrip("/")
        self._acting = acting
        self.threshold = threshold

    def _participant(self, telegram_id: int) -> Participant:
        participant = self._store.participants.by_telegram_id(telegram_id)
        if participant is None:
            raise NotFound("Send /start first")
        return participant

    def refusal(self, event: Event, participant_id: int) -> Refusal | None:
        """Why this participant may not have a certificate for this event (None: they may)."""
        attendance = self._store.certificates.attended_share(event.id, participant_id)
        if attendance is None:
            return Refusal.NOT_REGISTERED
        if event.status is not Status.HELD:
            return Refusal.NOT_HELD
        status, share = attendance
        if status != "attended" or share is None:
            return Refusal.NOT_ATTENDED
        if share < self.threshold:
            return Refusal.BELOW_THRESHOLD
        return None

    def attended(self, participant_id: int, event_id: int) -> bool:
        """Whether the participant's attendance at the event is recorded (any share)."""
        attendance = self._store.certificates.attended_share(event_id, participant_id)
        return attendance is not None and attendance[0] == "attended"

    def eligible_events(self, telegram_id: int) -> list[Event]:
        """The held events this participant may have a certificate for, latest first."""
        participant = self._participant(telegram_id)
        ids = self._store.certificates.attended_event_ids(participant.id, self.threshold)
        events = [self._store.events.get(event_id) for event_id in ids]
        return [event for event in events if event.status is Status.HELD]

    def printed_name(self, telegram_id: int) -> str:
        """The name certificates print: the one the participant gave, else their Telegram name."""
        participant = self._participant(telegram_id)
        return (self._store.certificates.printed_name(participant.id) or participant.first_name).strip()

    def set_printed_name(self, telegram_id: int, text: str) -> str:
        name = clean_name(text)
        self._store.certificates.set_printed_name(self._participant(telegram_id).id, name)
        return name

    def issue(self, telegram_id: int, event_id: int) -> Issued:
        """The participant's certificate for an event (issued on first request), as PDF; Refused."""
        participant = self._participant(telegram_id)
        event = self._store.events.get(event_id)
        reason = self.refusal(event, participant.id)
        existing = self._store.certificates.get(event.id, participant.id)
        if existing is not None and existing.revoked_at is not None:
            raise Refused(Refusal.REVOKED)
        if reason is not None:
            attendance = self._store.certificates.attended_share(event.id, participant.id)
            raise Refused(reason, attendance[1] if attendance else None)
        certificate = existing or self._new(participant, event)
        language = interface_language(participant.language)
        return Issued(certificate, self.pdf(certificate, event, language), self.filename(certificate))

    def _new(self, participant: Participant, event: Event) -> Certificate:
        holder = self.printed_name(participant.telegram_id)
        if not holder:
            raise Refused(Refusal.NO_NAME)
        attendance = self._store.certificates.attended_share(event.id, participant.id)
        assert attendance is not None and attendance[1] is not None
        zone = ZoneInfo(event.timezone)
        organiser = self._store.catalogue.centre(event.organiser).name if event.organiser else SECRETARIAT
        for _ in range(5):
            try:
                return self._store.certificates.add(Certificate(
                    code=new_code(), event_id=event.id, participant_id=participant.id,
                    language=interface_language(participant.language), holder=holder,
                    event_title=event.title_in(participant.language),
                    starts_on=event.starts_at.astimezone(zone).date().isoformat(),
                    ends_on=event.ends_at.astimezone(zone).date().isoformat(),
                    minutes=event_minutes(event), share=float(attendance[1]), organiser=organiser,
                    timezone=event.timezone, issued_at=self._clock.now(),
                ))
            except Conflict:  # a code drawn twice in 2**50: draw again
                continue
        raise Conflict("Could not draw a free certificate code")

    def filename(self, certificate: Certificate) -> str:
        return f"certificate-{certificate.starts_on}-{certificate.code}.pdf"

    def verify_url(self, code: str) -> str:
        return f"{self._base_url}/verify/{shown_code(code)}"

    def pdf(self, certificate: Certificate, event: Event, language: str) -> bytes:
        """The certificate worded in ``language`` (the event's title in it when translated)."""
        from .certificate_words import page

        title = event.title_in(language) if language != certificate.language else certificate.event_title
        return render(page(certificate, title, language, self.verify_url(certificate.code)))

    def revoke(self, code: str, reason: str) -> bool:
        """Staff revoke a certificate; False when the code is unknown or already revoked."""
        self._acting.require(Action.MANAGE_CERTIFICATES)
        stored = normalise_code(code)
        return stored is not None and self._store.certificates.revoke(stored, reason)

    def verify(self, code: str) -> Verification:
        """What a code is worth now: valid, revoked (by staff, or its attendance or event changed
        since), or unknown."""
        stored = normalise_code(code)
        certificate = self._store.certificates.by_code(stored) if stored else None
        if certificate is None:
            return Verification(State.UNKNOWN)
        if certificate.revoked_at is not None:
            return Verification(State.REVOKED, certificate)
        event = self._store.events.get(certificate.event_id)
        if self.refusal(event, certificate.participant_id) is not None:
            return Verification(State.REVOKED, certificate)
        return Verification(State.VALID, certificate)


def holder_shown(holder: str) -> str:
    """The holder's name as the public verification page shows it: the first name whole, every other
    word by its initial ("Jeanne D."), enough to match the paper without publishing the full name."""
    words = holder.split()
    return " ".join([words[0], *(f"{word[0]}." for word in words[1:])]) if words else ""

