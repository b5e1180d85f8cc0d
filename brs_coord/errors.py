"""One error hierarchy: every failure a user can cause or meet has a message and a title."""

from __future__ import annotations


class BrsCoordError(Exception):
    """An expected failure, shown to the user as one plain message (never a traceback)."""

    title = "Error"

    def __init__(self, message: str, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title

    def __str__(self) -> str:
        return self.message


class NotFound(BrsCoordError):
    """A named thing (event, programme, participant, feed) does not exist."""

    title = "Not found"


class InvalidInput(BrsCoordError):
    """A value given by a user fails validation; ``field`` names the offending field."""

    title = "Invalid input"

    def __init__(self, message: str, field: str | None = None, title: str | None = None) -> None:
        super().__init__(message, title)
        self.field = field


class ValidationFailed(InvalidInput):
    """Several fields are invalid at once; ``problems`` maps field name to message."""

    def __init__(self, problems: dict[str, str]) -> None:
        summary = "; ".join(f"{field}: {msg}" for field, msg in problems.items())
        super().__init__(summary, field=next(iter(problems), None))
        self.problems = dict(problems)


class Conflict(BrsCoordError):
    """An optimistic-locking conflict: someone else changed the record since it was read."""

    title = "Changed by someone else"

    def __init__(
        self,
        message: str,
        changed_by: str | None = None,
        changed_at: str | None = None,
        current_version: int | None = None,
    ) -> None:
        super().__init__(message)
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.current_version = current_version


class NotAllowed(BrsCoordError):
    """The action breaks a business rule (e.g. deleting an event that is not a draft)."""

    title = "Not allowed"


class ConfigError(BrsCoordError):
    """A setting is missing or invalid."""

    title = "Configuration error"


class AlreadyRunning(BrsCoordError):
    """A job only one process may do per database (the notice sender) is held by another, live one."""

    title = "Already running"


class StoreError(BrsCoordError):
    """The database cannot be opened, read or written (missing, locked, corrupt, too new)."""

    title = "Database error"


class DatabaseReplaced(StoreError):
    """The database file was deleted or replaced by another file while this process had it open:
    its writes would go to the old file, lost. Long-running processes stop on it."""




class PermissionDenied(BrsCoordError):
    """The acting staff member's role may not do this: 'Not allowed: only <roles> may <action>'.

    ``roles`` and ``action`` are the English words (gettext message ids: a face words the refusal
    in its language with ``permissions.refusal_words``)."""

    title = "Not allowed"

    def __init__(self, message: str, roles: tuple[str, ...], action: str) -> None:
        super().__init__(message)
        self.roles = roles
        self.action = action
