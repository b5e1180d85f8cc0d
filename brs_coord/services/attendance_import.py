"""Attendance from a meeting's export (Zoom, Teams or a hand-made CSV): read, matched to the event's
registrants, previewed, then recorded with the share of the event each person attended.

The columns are recognised by their usual names: a name ("Name", "Full Name", "Name (original
name)"), a Telegram id, an e-mail, and minutes ("Duration (Minutes)", "Attendance Duration",
"Minutes"); a person listed on several lines (left and joined again) has their minutes added up.
A line is matched by Telegram id first, then by a name that exactly one registrant has.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..domain import Event
from ..errors import InvalidInput
from ..records import SEAT_STATUSES, RegistrationLine
from ..store import Store

MAX_FILE_BYTES = 5_000_000
NAME_COLUMNS = ("name", "full name", "name (original name)", "participant", "display name", "user name")
TELEGRAM_COLUMNS = ("telegram id", "telegram_id", "telegram")
EMAIL_COLUMNS = ("email", "e-mail", "user email", "email address")
MINUTES_COLUMNS = ("minutes", "duration (minutes)", "duration", "attendance duration",
                   "total duration (minutes)", "time in session (minutes)")


@dataclass(frozen=True)
class AttendanceLine:
    """One person of the file (their lines added up)."""

    line: int
    name: str
    telegram_id: int | None
    email: str
    minutes: float


@dataclass(frozen=True)
class Match:
    line: AttendanceLine
    registration: RegistrationLine | None
    problem: str = ""  # why a line matched no registrant
    share: float = 0.0

    @property
    def attended(self) -> bool:
        """Recorded as attended (with its share) when some minutes were spent, else as a no-show."""
        return self.share > 0

    @property
    def who(self) -> str:
        return self.line.name or str(self.line.telegram_id)

    @property
    def outcome(self) -> str:
        """What importing records for this line, as the CLI and the TUI show it."""
        if self.registration is None:
            return f"no match: {self.problem}"
        return f"attended {self.share:.0%}" if self.attended else "no-show"


@dataclass
class AttendancePreview:
    """What an import would record: matches with their share, lines that match no one."""

    event: Event
    matches: list[Match] = field(default_factory=list)

    @property
    def matched(self) -> list[Match]:
        return [m for m in self.matches if m.registration is not None]

    @property
    def unmatched(self) -> list[Match]:
        return [m for m in self.matches if m.registration is None]

    @property
    def summary(self) -> str:
        return f"{len(self.matched)} matched, {len(self.unmatched)} not matched"


def _column(headers: dict[str, str], names: Iterable[str]) -> str | None:
    for name in names:
        if name in headers:
            return headers[name]
    return None


def _minutes(text: str, line: int) -> float:
    """``75``, ``75.5``, ``1:15:00`` or ``1h 15m`` as minutes."""
    text = text.strip().lower()
    if not text:
        return 0.0
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    if re.fullmatch(r"\d+:\d{2}(:\d{2})?", text):
        parts = [int(p) for p in text.split(":")]
        hours, minutes, seconds = (parts + [0])[:3] if len(parts) == 3 else (parts[0], parts[1], 0)
        return hours * 60 + minutes + seconds / 60
    found = re.fullmatch(
        r"(?:(\d+)\s*h(?:ours?)?)?\s*(?:(\d+)\s*m(?:in(?:utes?)?)?)?\s*(?:(\d+)\s*s(?:ec)?)?", text)
    if found and any(found.groups()):
        hours, minutes, seconds = (int(g or 0) for g in found.groups())
        return hours * 60 + minutes + seconds / 60
    raise InvalidInput(f"line {line}: {text!r} is not a duration in minutes (75, 1:15:00 or 1h 15m)",
                       "minutes")


def read_attendance(data: bytes) -> list[AttendanceLine]:
    """The people of an attendance file, each once, in the order they first appear."""
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(f"The file is over {MAX_FILE_BYTES // 1_000_000} MB; is it an attendance export?",
                           "csv")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode("latin-1")
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headers = {(h or "").strip().lower(): h for h in reader.fieldnames or []}
    name_col, telegram_col = _column(headers, NAME_COLUMNS), _column(headers, TELEGRAM_COLUMNS)
    email_col, minutes_col = _column(headers, EMAIL_COLUMNS), _column(headers, MINUTES_COLUMNS)
    if minutes_col is None or (name_col is None and telegram_col is None):
        raise InvalidInput("The file needs a name or Telegram id column and a minutes column (such as"
                           " 'Name' and 'Duration (Minutes)' in a Zoom export)", "csv")
    people: dict[str, AttendanceLine] = {}
    for number, row in enumerate(reader, start=2):
        name = (row.get(name_col) or "").strip() if name_col else ""
        telegram_text = (row.get(telegram_col) or "").strip() if telegram_col else ""
        if not (name or telegram_text):
            continue
        if telegram_text and not telegram_text.lstrip("-").isdigit():
            raise InvalidInput(f"line {number}: {telegram_text!r} is not a Telegram id", "csv")
        telegram_id = int(telegram_text) if telegram_text else None
        minutes = _minutes(row.get(minutes_col) or "", number)
        key = f"t{telegram_id}" if telegram_id is not None else f"n{name.casefold()}"
        earlier = people.get(key)
        if earlier is None:
            email = (row.get(email_col) or "").strip() if email_col else ""
            people[key] = AttendanceLine(number, name, telegram_id, email, minutes)
        else:
            people[key] = AttendanceLine(earlier.line, earlier.name, earlier.telegram_id, earlier.email,
                                         earlier.minutes + minutes)
    return list(people.values())


def match_attendance(store: Store, event: Event, lines: list[AttendanceLine]) -> AttendancePreview:
    """Each line matched to one of the event's seat holders, with the share of the event attended."""
    seated = [r for r in store.reports.registrations(event.id) if r.status in SEAT_STATUSES]
    by_participant = {r.participant_id: r for r in seated}
    by_name: dict[str, list[RegistrationLine]] = {}
    for seat in seated:
        by_name.setdefault(seat.name.strip().casefold(), []).append(seat)
    length = max(1.0, (event.ends_at - event.starts_at).total_seconds() / 60)
    preview = AttendancePreview(event)
    for line in lines:
        registration: RegistrationLine | None = None
        problem = ""
        if line.telegram_id is not None:
            participant = store.participants.by_telegram_id(line.telegram_id)
            registration = by_participant.get(participant.id) if participant else None
            if registration is None:
                problem = "this Telegram id holds no seat for the event"
        else:
            named = by_name.get(line.name.casefold(), [])
            if len(named) == 1:
                registration = named[0]
            else:
                problem = (f"{len(named)} registrants have this name" if named
                           else "no registrant has this name")
        share = round(min(1.0, line.minutes / length), 3)
        preview.matches.append(Match(line, registration, problem, share))
    return preview
