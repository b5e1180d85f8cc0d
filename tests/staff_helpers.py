"""Another staff member's process on the same database: a login of its own on the staff list."""

from __future__ import annotations

from brs_coord.permissions import Role
from brs_coord.services import Services, build_services


def colleague(services: Services, login: str = "colleague", role: Role = Role.EDITOR) -> Services:
    """Services over ``services``' database acting as ``login`` (added with ``role`` if not listed)."""
    if services.store.staff.get(login) is None:
        services.staff.add(login, role)
    return build_services(services.settings, services.clock, login=login)
