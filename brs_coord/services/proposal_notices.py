"""Approvers hear of a new proposal in Telegram (issue 21): when a centre editor's event starts
waiting in the proposals queue, each staff member who may approve it and is linked by Telegram id
(and known to the bot: a participant with that id) gets one notice, written in the same transaction
as the proposal. Editing a waiting proposal proposes it again but tells no one again (one notice
per proposal and return comment: the dedupe key holds the comment's digest); proposing it again
after it was returned with a comment tells them again."""

from __future__ import annotations

import hashlib

from ..domain import EventChange
from ..payloads import EventSnapshot, NewNotice, ProposalPayload
from ..permissions import Action, may
from ..proposals import ProposalState
from ..records import NoticeKind
from ..store import Store
from .notices import NoticeService


class ProposalNotices:
    def __init__(self, store: Store, notices: NoticeService) -> None:
        self._store = store
        self._notices = notices

    def on_change(self, store: Store, change: EventChange) -> None:
        """Scheduling listener: a proposal made by this change (waiting, proposed now) is told to
        the approvers linked by Telegram id."""
        self.tell_approvers(store, change)

    def tell_approvers(self, store: Store, change: EventChange) -> int:
        """The notices for the proposal ``change`` made, if it made one; returns how many."""
        event = change.after
        if event is None:
            return 0
        proposal = store.proposals.get(event.id)
        now = store.clock.now()
        if proposal is None or proposal.state is not ProposalState.WAITING or proposal.proposed_at != now:
            return 0
        returned = hashlib.sha256(proposal.comment.encode()).hexdigest()[:16]  # "" before any return
        payload = ProposalPayload(EventSnapshot.of(event, with_link=False), proposed_by=proposal.proposed_by)
        written = 0
        for member in store.staff.all():
            if member.telegram_id is None or member.login == proposal.proposed_by:
                continue
            if not may(member.role, Action.APPROVE_PROPOSALS):
                continue
            participant = store.participants.by_telegram_id(member.telegram_id)
            if participant is None or participant.chat_id is None:
                continue  # not known to the bot yet: the TUI's count tells them
            written += self._notices.add(NewNotice(
                participant_id=participant.id, event_id=event.id, kind=NoticeKind.PROPOSAL, payload=payload,
                dedupe_key=f"proposal:{event.id}:{member.login}:{returned}",
                due_at=now,
            ))
        return written
