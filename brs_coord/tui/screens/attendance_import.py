"""Attendance from a meeting's export, in the registrations screen: pick the file, see each line's
match and what importing records for it, then confirm (the CLI's `attendance import`, same service)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from ...domain import Event
from ...services.attendance_import import AttendancePreview, Match
from ..formatting import bold_line, plain
from .file_preview import FilePreviewScreen


def match_row(match: Match) -> tuple[str, Text, str, Text, Text]:
    """One line of the preview: the file's line, who, minutes, the registrant matched, the outcome."""
    seat = match.registration
    registrant = plain(f"{seat.name} ({seat.country or '-'})") if seat else Text("—", style="dim")
    style = "yellow" if seat is None else ("green" if match.attended else "")
    return (str(match.line.line), plain(match.who), f"{match.line.minutes:.0f}", registrant,
            Text(match.outcome, style=style))


class AttendanceImportScreen(FilePreviewScreen[AttendancePreview]):
    """Read an attendance export for one event and preview it; dismisses with the preview staff
    confirmed (recorded by the registrations screen), or None."""

    key = "attendance"
    confirm = ("record", "Record")
    columns = ("Line", "In the file", "Min.", "Registrant", "Outcome")
    file_name = "attendance.csv"
    hint = "A Zoom or Teams export (CSV): names or Telegram ids, and minutes"

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event
        self.heading = ("Import attendance", f" · {event.title}")

    def read(self, path: Path) -> tuple[AttendancePreview, list[tuple[str, Text, str, Text, Text]], Text,
                                        int]:
        preview = self.services.results.preview_attendance(self.event.uid, path.read_bytes())
        summary = bold_line(preview.summary, " · nothing recorded until Record" if preview.matched
                            else " · nothing to record")
        return preview, [match_row(m) for m in preview.matches], summary, len(preview.matched)
