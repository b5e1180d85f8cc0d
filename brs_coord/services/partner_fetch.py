"""Fetching a partner source: a file (size-capped), or its URL through the hardened fetcher
(partners/fetch.py: https only unless marked local, every redirect hop checked, conditional GET,
timeouts, a cap on the decoded size); its failures become one clear InvalidInput."""

from __future__ import annotations

from pathlib import Path

from ..errors import InvalidInput
from ..partner_records import PartnerSource
from ..partners.fetch import FetchError, fetch
from ..partners.fetched import FetchResult

MAX_BYTES = 20 * 1024 * 1024


def fetch_source(source: PartnerSource) -> FetchResult:
    """The source's bytes now, or 304 when its server says nothing changed since the last sync."""
    if source.file is not None:
        path = Path(source.file)
        try:
            with path.open("rb") as handle:
                body = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise InvalidInput(f"Cannot read {source.file}: {exc.strerror or exc}", "file") from None
        if len(body) > MAX_BYTES:
            raise InvalidInput(f"{source.file} is larger than {MAX_BYTES // (1024 * 1024)} MB", "file")
        return FetchResult(200, body)
    url = source.url or ""
    try:
        return fetch(url, etag=source.etag, last_modified=source.last_modified, local=source.local)
    except FetchError as exc:
        raise InvalidInput(str(exc), "url") from None
