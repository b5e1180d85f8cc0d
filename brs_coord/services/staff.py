"""Managing the staff list (admins only): add a login with a role, change its role, remove it.
The last admin can be neither removed nor demoted; the first ``init`` of a database makes the login
that ran it the admin (``make_first_admin``)."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import InvalidInput, NotAllowed, NotFound
from ..identity import valid_login
from ..permissions import TELEGRAM_ID_MAX, Action, Role, StaffMember
from ..store import Store
from .acting import Acting


def role_of(text: str) -> Role:
    try:
        return Role(text)
    except ValueError:
        raise InvalidInput(f"{text!r} is not a role: {', '.join(r.value for r in Role)}", "role") from None


class StaffService:
    """The staff list, changed under the acting person's MANAGE_STAFF."""

    def __init__(self, store: Store, acting: Acting) -> None:
        self._store = store
        self._acting = acting

    def all(self) -> list[StaffMember]:
        return self._store.staff.all()

    def get(self, login: str) -> StaffMember:
        found = self._store.staff.get(login)
        if found is None:
            raise NotFound(f"{login} is not on the staff list")
        return found

    def by_telegram_id(self, telegram_id: int) -> StaffMember | None:
        return self._store.staff.by_telegram_id(telegram_id)

    def make_first_admin(self) -> StaffMember | None:
        """When nobody is on the staff list (a new database, or one from before roles), make the
        acting login its admin; None when the list has people already."""
        with self._store.transaction():
            if self._store.staff.count():
                return None
            login = self._acting.login
            return self._store.staff.save(StaffMember(login=login, role=Role.ADMIN, added_by=login))

    def add(
        self, login: str, role: Role, *, centres: Iterable[str] = (), telegram_id: int | None = None,
        display_name: str = "",
    ) -> StaffMember:
        """Put ``login`` on the list with ``role``; for someone already on it, change the entry: what
        is not given again (centres, Telegram id, display name) is kept, never silently dropped."""
        by = self._acting.require(Action.MANAGE_STAFF)
        login = login.strip()
        if not valid_login(login):
            raise InvalidInput(f"{login!r} is not a login name", "login")
        centres = tuple(dict.fromkeys(centres))
        known = {centre.slug for centre in self._store.catalogue.centres()}
        unknown = sorted(set(centres) - known)
        if unknown:
            raise InvalidInput(f"Unknown centre: {', '.join(unknown)}", "centre")
        if telegram_id is not None and not 0 < telegram_id <= TELEGRAM_ID_MAX:
            raise InvalidInput(f"{telegram_id} is not a Telegram user id (a positive number)", "telegram_id")
        with self._store.transaction():
            current = self._store.staff.get(login)
            if current is not None:
                centres = centres or current.centres
                telegram_id = current.telegram_id if telegram_id is None else telegram_id
                display_name = display_name or current.display_name
            if role is Role.CENTRE_EDITOR and not centres:
                raise InvalidInput("A centre editor needs at least one --centre", "centre")
            if current is not None and current.role is Role.ADMIN and role is not Role.ADMIN:
                self._keep_an_admin(login)
            if telegram_id is not None:
                holder = self._store.staff.by_telegram_id(telegram_id)
                if holder is not None and holder.login != login:
                    raise InvalidInput(f"Telegram id {telegram_id} is {holder.login}'s", "telegram_id")
            return self._store.staff.save(StaffMember(
                login=login, role=role, display_name=display_name, centres=centres,
                telegram_id=telegram_id, added_by=by.login))

    def set_role(self, login: str, role: Role) -> StaffMember:
        """Change the role of someone on the list (their centres and Telegram id are kept)."""
        self._acting.require(Action.MANAGE_STAFF)
        current = self.get(login)
        return self.add(login, role, centres=current.centres, telegram_id=current.telegram_id,
                        display_name=current.display_name)

    def remove(self, login: str) -> None:
        self._acting.require(Action.MANAGE_STAFF)
        with self._store.transaction():
            current = self.get(login)
            if current.role is Role.ADMIN:
                self._keep_an_admin(login)
            self._store.staff.remove(login)

    def _keep_an_admin(self, login: str) -> None:
        if self._store.staff.count(Role.ADMIN) <= 1:
            raise NotAllowed(f"Not allowed: {login} is the last admin; make someone else admin first")
