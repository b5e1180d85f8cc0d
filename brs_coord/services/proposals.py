"""The proposals queue: centre editors' events for programmes that are not their centres' wait as
drafts (SchedulingService.create puts them here) until an admin or editor approves one (it gets the
status it was proposed with) or returns it with a comment (its proposer edits it, which proposes it
again)."""

from __future__ import annotations

from dataclasses import dataclass

from ..characters import invisible_only
from ..domain import Event, Status
from ..errors import InvalidInput, NotAllowed
from ..permissions import Action, may
from ..proposals import Proposal, ProposalState
from ..store import Store
from .acting import Acting
from .scheduling import SchedulingService

COMMENT_MAX = 500


@dataclass(frozen=True)
class Proposed:
    """A proposal with its event as it is now."""

    proposal: Proposal
    event: Event


class ProposalService:
    """List, approve and return proposals."""

    def __init__(self, store: Store, acting: Acting, scheduling: SchedulingService) -> None:
        self._store = store
        self._acting = acting
        self._scheduling = scheduling

    def _with_events(self, proposals: list[Proposal]) -> list[Proposed]:
        return [Proposed(p, self._store.events.get(p.event_id)) for p in proposals]

    def waiting(self) -> list[Proposed]:
        """Every proposal waiting for a decision, the oldest first."""
        return self._with_events(self._store.proposals.in_state(ProposalState.WAITING))

    def returned(self) -> list[Proposed]:
        """The acting person's proposals that were returned (every returned one for approvers)."""
        actor = self._acting.actor()
        found = self._store.proposals.in_state(ProposalState.RETURNED)
        if not may(actor.role, Action.APPROVE_PROPOSALS):
            found = [p for p in found if p.proposed_by == actor.login]
        return self._with_events(found)

    def queue(self) -> list[Proposed]:
        """The waiting proposals, then the returned ones, read from one state of the store: a
        decision landing between the two reads never shows a proposal twice or not at all."""
        with self._store.snapshot():
            return self.waiting() + self.returned()

    def waiting_count(self) -> int:
        return self._store.proposals.count(ProposalState.WAITING)

    def of_event(self, event_id: int) -> Proposal | None:
        return self._store.proposals.get(event_id)

    def _waiting(self, event_id: int) -> Proposal:
        proposal = self._store.proposals.get(event_id)
        if proposal is None or proposal.state is not ProposalState.WAITING:
            raise NotAllowed("This event is not a proposal waiting for a decision")
        return proposal

    def approve(self, event_id: int) -> Event:
        """Approve a waiting proposal: the event gets the status it was proposed with."""
        actor = self._acting.require(Action.APPROVE_PROPOSALS)
        with self._store.transaction():
            proposal = self._waiting(event_id)
            self._store.proposals.decide(event_id, ProposalState.APPROVED, actor.login)
            event = self._store.events.get(event_id)
            if proposal.status is Status.DRAFT or event.status is proposal.status:
                return event
            return self._scheduling.set_status(
                event_id, proposal.status, expected_version=event.version).event

    def return_(self, event_id: int, comment: str) -> Proposal:
        """Return a waiting proposal to its proposer with a comment (it stays a draft)."""
        actor = self._acting.require(Action.APPROVE_PROPOSALS)
        comment = comment.strip()
        if not comment or invisible_only(comment):
            raise InvalidInput("Say why it is returned: the comment is empty", "comment")
        if len(comment) > COMMENT_MAX:
            raise InvalidInput(f"The comment is longer than {COMMENT_MAX} characters", "comment")
        with self._store.transaction():
            self._waiting(event_id)
            self._store.proposals.decide(event_id, ProposalState.RETURNED, actor.login, comment)
            found = self._store.proposals.get(event_id)
        assert found is not None
        return found
