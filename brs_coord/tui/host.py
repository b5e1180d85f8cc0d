"""What the screens need from the staff app (so they do not import it): services, zone, catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from ..domain import EventChange
from ..permissions import StaffMember
from ..services import Services
from ..services.bulk import BulkOutcome
from .reference import Reference


class StaffHost(Protocol):
    """The app every screen runs in (``BrsCoordApp``), as the screens see it."""

    services: Services
    actor: StaffMember  # who is acting (tui/roles.py greys what their role lacks)
    staff_zone: ZoneInfo
    reference: Reference
    last_change: tuple[EventChange | BulkOutcome, str] | None  # what `u` takes back anywhere, and its words

    @property
    def db_path(self) -> Path: ...

    def load_reference(self) -> object:
        """Read the catalogue again (in a worker) and tell the screens."""
        ...
