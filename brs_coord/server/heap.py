"""Giving the memory a build freed back to the system. A catalogue build at 100k events allocates
and frees some hundred MB of VEVENT bytes and rows; glibc keeps freed chunks in its heap (the
process's RSS stays at the build's size), and ``malloc_trim`` returns the free pages at once. Where
there is no glibc (macOS, musl), nothing is done: the memory is reused by the next build there."""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None
    return trim


def release_free_memory() -> bool:
    """Return the heap's free pages to the system; False where that cannot be done."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
