"""A proposal: a centre editor's event for a programme that is not their centres' (see
permissions.needs_proposal), kept as a draft until an admin or editor approves it (the status it was
proposed with is then set) or returns it with a comment. Pure; the store keeps them (m018)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .domain import Status


class ProposalState(StrEnum):
    WAITING = "waiting"
    APPROVED = "approved"
    RETURNED = "returned"


@dataclass(frozen=True)
class Proposal:
    event_id: int
    proposed_by: str
    proposed_at: datetime
    state: ProposalState
    status: Status  # the status the event gets when approved
    comment: str = ""
    decided_by: str = ""
    decided_at: datetime | None = None

    def waiting_days(self, now: datetime) -> int:
        """Whole days since it was proposed ('3 days waiting')."""
        return max(0, (now - self.proposed_at).days)
