"""The acting staff member of a process's services, and the one check every mutating call makes.

The person is the login of the authenticated channel (brs_coord/identity.py: the OS login over SSH
and on the command line, the web launcher's verified token), looked up in the staff list at each
check (a role changed by an admin applies to the next call); a login not on the list is a viewer.
A face acting for someone else authenticated otherwise (the bot, for a staff member linked by
Telegram id) wraps its call in ``as_member``: a context variable, so concurrent bot updates each
keep their own person."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace

from ..permissions import Action, StaffMember, require, unlisted
from ..store import Store

_FOR: ContextVar[StaffMember | None] = ContextVar("brs_coord_acting_for", default=None)


class Acting:
    """Who acts through these services, and ``require`` for their role."""

    def __init__(self, store: Store, login: str, display_name: str = "") -> None:
        self._store = store
        self._login = login
        self._display_name = display_name  # BRS_STAFF_NAME: how this person is shown, nothing more

    @property
    def login(self) -> str:
        """The login recorded as 'changed by' (history records the real person)."""
        member = _FOR.get()
        return member.login if member is not None else self._login

    def actor(self) -> StaffMember:
        """The acting staff member as the staff list has them now (a viewer when not on it)."""
        member = _FOR.get()
        if member is not None:
            return member
        found = self._store.staff.get(self._login) or unlisted(self._login)
        return replace(found, display_name=self._display_name) if self._display_name else found

    def require(self, action: Action, organisers: Iterable[str | None] = ()) -> StaffMember:
        """The actor when their role may do ``action`` (on events of ``organisers``), else
        PermissionDenied ('Not allowed: only … may …')."""
        return require(self.actor(), action, organisers)

    @contextmanager
    def as_member(self, member: StaffMember) -> Iterator[StaffMember]:
        """Calls inside act as ``member`` (authenticated by the face, e.g. by Telegram id)."""
        token = _FOR.set(member)
        try:
            yield member
        finally:
            _FOR.reset(token)

    @contextmanager
    def as_login(self, login: str) -> Iterator[StaffMember]:
        """Calls inside act as the staff member of ``login`` (tests; a viewer when not listed)."""
        with self.as_member(self._store.staff.get(login) or unlisted(login)) as member:
            yield member
