"""The fallback fetcher of partner sources: a file, or http(s) through urllib with a timeout, a size
cap and a conditional GET (ETag / Last-Modified); plain http only for a source marked local. The
hardened fetcher (partners/fetch.py, issue 20's other half) replaces it behind the same seam."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import InvalidInput
from ..partner_records import PartnerSource
from ..partners.fetched import FetchResult

TIMEOUT_S = 20.0
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
    scheme = urlsplit(url).scheme
    if scheme != "https" and not (scheme == "http" and source.local):
        raise InvalidInput(f"{url}: only https sources (or http for one marked --local)", "url")
    request = urllib.request.Request(url, headers={"User-Agent": "brs-coord partner sync"})
    if source.etag:
        request.add_header("If-None-Match", source.etag)
    if source.last_modified:
        request.add_header("If-Modified-Since", source.last_modified)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310 (scheme checked)
            body = response.read(MAX_BYTES + 1)
            if len(body) > MAX_BYTES:
                raise InvalidInput(f"{url} sent more than {MAX_BYTES // (1024 * 1024)} MB", "url")
            return FetchResult(response.status, body, response.headers.get("ETag"),
                               response.headers.get("Last-Modified"))
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return FetchResult(304, b"", exc.headers.get("ETag"), exc.headers.get("Last-Modified"))
        raise InvalidInput(f"{url} answered HTTP {exc.code}", "url") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise InvalidInput(f"{url} could not be fetched ({getattr(exc, 'reason', exc)})", "url") from None
