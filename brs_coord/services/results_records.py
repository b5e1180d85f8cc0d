"""What staff type or import for the results framework, read into records (no I/O, no store): a
Party-status CSV and what importing it changes, the dates and texts of a status or an evidence row.
The CLI and the TUI read through here (by way of ResultsService)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..errors import InvalidInput
from ..results import PartyRecord

PARTY_COLUMNS = ("country", "convention", "party_since")
REFERENCE_LIMIT = 300  # characters of a document symbol or URL
NOTE_LIMIT = 500  # characters of an evidence row's note


def read_day(text: str, label: str, key: str) -> date:
    """A date written as 2019-12-31; refused with ``label`` named (field ``key``)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{label} is a date written as 2019-12-31 (not {text.strip()!r})", key) from None


def party_record(country: str, convention: str, since: str) -> PartyRecord:
    """A Party status from its three texts (the service checks the country and the convention)."""
    day = read_day(since, "Party since", "since") if since.strip() else None
    return PartyRecord(country.strip().upper(), convention.strip().lower(), day)


def read_party_csv(data: bytes, name: str) -> list[PartyRecord]:
    """A CSV with the columns country, convention, party_since (empty for a non-Party State)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{name} is not a UTF-8 text file (save the sheet as CSV UTF-8)", "csv") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not {"country", "convention"} <= set(reader.fieldnames or ()):
        raise InvalidInput(f"{name}: the first line names the columns {', '.join(PARTY_COLUMNS)}", "csv")
    records = []
    for line, row in enumerate(reader, start=2):
        try:
            records.append(party_record(row["country"], row["convention"], row.get("party_since") or ""))
        except (KeyError, AttributeError):
            raise InvalidInput(f"{name} line {line}: the columns are {', '.join(PARTY_COLUMNS)}",
                               "csv") from None
        except InvalidInput as exc:
            raise InvalidInput(f"{name} line {line}: {exc}", "csv") from None
    return records


def check_evidence_texts(reference: str, note: str) -> None:
    """A reference or note too long for a row is refused with its size (field ``reference``/``note``)."""
    for key, label, text, limit in (("reference", "The document symbol or URL", reference, REFERENCE_LIMIT),
                                    ("note", "The note", note, NOTE_LIMIT)):
        if len(text.strip()) > limit:
            raise InvalidInput(f"{label} is {len(text.strip())} characters long; at most {limit}", key)


@dataclass(frozen=True)
class PartyChange:
    """What recording one status changes: ``before`` is the recorded status (None: none yet)."""

    record: PartyRecord
    before: PartyRecord | None

    @property
    def kind(self) -> str:
        """``new``, ``changed`` or ``unchanged``."""
        if self.before is None:
            return "new"
        return "unchanged" if self.before.since == self.record.since else "changed"

    @property
    def words(self) -> str:
        """``KE basel: not recorded → Party since 2000-07-01``."""
        after = status_words(self.record)
        if self.kind == "unchanged":
            return f"{self.record.country} {self.record.convention}: {after} (unchanged)"
        before = status_words(self.before) if self.before else "not recorded"
        return f"{self.record.country} {self.record.convention}: {before} → {after}"


def status_words(record: PartyRecord) -> str:
    return f"Party since {record.since.isoformat()}" if record.since else "not a Party"


@dataclass(frozen=True)
class PartyImport:
    """A Party-status CSV read and compared with what is recorded (nothing written yet)."""

    name: str
    changes: tuple[PartyChange, ...]

    @property
    def records(self) -> list[PartyRecord]:
        """The records that change what is recorded (an unchanged line is not written again)."""
        return [change.record for change in self.changes if change.kind != "unchanged"]

    @property
    def summary(self) -> str:
        kinds = [change.kind for change in self.changes]
        counts = {kind: kinds.count(kind) for kind in ("new", "changed", "unchanged")}
        return (f"{self.name}: {len(self.changes)} lines · {counts['new']} new, {counts['changed']} changed,"
                f" {counts['unchanged']} unchanged")


def party_changes(name: str, records: Iterable[PartyRecord], recorded: Iterable[PartyRecord]) -> PartyImport:
    """Each record of an import against the recorded statuses (a line repeated: the last one wins)."""
    before = {(r.country, r.convention): r for r in recorded}
    latest = {(r.country, r.convention): r for r in records}
    return PartyImport(name, tuple(PartyChange(r, before.get(key)) for key, r in latest.items()))
