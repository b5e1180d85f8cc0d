"""The store boundary: no sqlite3 driver error leaves a repository untranslated.

``@translated`` wraps every public method of a repository class so that an ``sqlite3.Error`` raised
inside it (a lock held too long, a read-only or full disk, a damaged file) reaches the services as the
project's :class:`~brs_coord.errors.StoreError`, with one plain sentence naming the database.
"""

from __future__ import annotations

import functools
import inspect
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

_C = TypeVar("_C", bound=type)
_MARK = "_translates_sqlite_errors"


def _wrap(method: Callable[..., Any]) -> Callable[..., Any]:
    from ..errors import StoreError
    from .db import describe_sqlite_error

    @functools.wraps(method)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise StoreError(describe_sqlite_error(exc, self._session.path)) from exc

    setattr(guarded, _MARK, True)
    return guarded


def translated(cls: _C) -> _C:
    """Class decorator: public methods of a repository (holding ``self._session``) raise StoreError,
    never sqlite3.Error. Generators and properties are left alone (repositories return lists)."""
    for name, member in list(vars(cls).items()):
        if name.startswith("_") or not inspect.isfunction(member) or inspect.isgeneratorfunction(member):
            continue
        if getattr(member, _MARK, False):  # decorated twice: wrap once
            continue
        setattr(cls, name, _wrap(member))
    return cls
