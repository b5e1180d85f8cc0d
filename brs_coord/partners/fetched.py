"""The seam between the sync engine and whatever fetches a source's bytes (the hardened HTTP
fetcher, a file, a test): ``fetch(source) -> FetchResult``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class FetchResult:
    """``status`` 200 with the body, 304 when the source answered "not modified" (no body)."""

    status: int
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


Fetch = Callable[[Any], FetchResult]  # called with a PartnerSource
