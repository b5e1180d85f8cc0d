"""An Indico category export (``/export/categ/ID.json``) read into UpstreamEvents: its ``results``
list (or the list alone), each with ``id``, ``title``, ``startDate``/``endDate`` ({date, time, tz}
or ISO 8601 text; without a zone the entry's ``timezone``, else the source's), ``url``,
``location``/``room``, ``description`` (HTML made plain text), ``category`` (and ``categories``,
``keywords``), and ``deleted``/``cancelled`` flags (cancelled upstream). An entry that cannot be
read is rejected with its reason; no input makes the parser raise."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..zones import is_valid_timezone
from .decoding import decode_text
from .html_text import plain_text
from .upstream import ParsedSource, Precision, Rejected, UpstreamEvent

WITHDRAWN = frozenset({"deleted", "cancelled", "canceled"})


class _Unreadable(ValueError):
    pass


def parse_indico(body: bytes, *, zone: str) -> ParsedSource:
    """Every entry of an Indico export; ``zone``: used when an entry's date names no zone."""
    try:
        document = json.loads(decode_text(body))
    except ValueError as exc:
        return ParsedSource((), (Rejected("document", f"not JSON ({str(exc)[:120]})"),))
    results = document.get("results") if isinstance(document, dict) else document
    if isinstance(document, list) and not any(isinstance(entry, dict) for entry in document):
        results = None  # a bare list of no entries at all is no export (nothing may count as gone)
    if not isinstance(results, list):
        return ParsedSource((), (Rejected("document", "no 'results' list (not an Indico export)"),))
    events: list[UpstreamEvent] = []
    rejected: list[Rejected] = []
    for index, entry in enumerate(results):
        where = f"result #{index + 1}" + (f" (id {entry.get('id')})" if isinstance(entry, dict) else "")
        try:
            events.append(_entry(entry, zone))
        except _Unreadable as exc:
            rejected.append(Rejected(where, str(exc)))
    return ParsedSource(tuple(events), tuple(rejected))


def _instant(value: Any, name: str, zone: str) -> datetime:
    if isinstance(value, str):  # another export's form: ISO 8601, with or without its offset
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise _Unreadable(f"its {name} cannot be read ({value[:40]!r})") from None
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=ZoneInfo(zone))
    if not isinstance(value, dict) or not isinstance(value.get("date"), str):
        raise _Unreadable(f"its {name} has no date")
    try:
        day = date.fromisoformat(value["date"])
        clock = time.fromisoformat(value["time"]) if isinstance(value.get("time"), str) else time()
        tz = ZoneInfo(value["tz"] if isinstance(value.get("tz"), str) and value["tz"] else zone)
    except (ValueError, ZoneInfoNotFoundError) as exc:
        raise _Unreadable(f"its {name} cannot be read ({str(exc)[:80]})") from None
    return datetime.combine(day, clock, tz)


def _entry(entry: Any, zone: str) -> UpstreamEvent:
    if not isinstance(entry, dict):
        raise _Unreadable("it is not an object")
    ident = entry.get("id")
    if not isinstance(ident, (str, int)) or str(ident).strip() == "":
        raise _Unreadable("it has no id")
    title = entry.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _Unreadable("it has no title")
    own = entry.get("timezone")
    zone = own if isinstance(own, str) and is_valid_timezone(own) else zone
    starts = _instant(entry.get("startDate"), "startDate", zone)
    ends = _instant(entry.get("endDate"), "endDate", zone) if entry.get("endDate") is not None else starts
    if ends < starts:
        raise _Unreadable("it ends before it starts")
    place = ", ".join(str(p).strip() for p in (entry.get("room"), entry.get("location"))
                      if isinstance(p, str) and p.strip())
    categories = [entry.get("category"), *_list(entry.get("categories")), *_list(entry.get("keywords"))]
    return UpstreamEvent(
        external_uid=f"indico-{str(ident).strip()}", title=title.strip(), starts=starts, ends=ends,
        precision=Precision.TIMED, zone=str(getattr(starts.tzinfo, "key", zone)),
        description=plain_text(str(entry.get("description") or "").strip()), location=place,
        url=str(entry.get("url") or "").strip(),
        categories=tuple(dict.fromkeys(c.strip() for c in categories if isinstance(c, str) and c.strip())),
        cancelled=_withdrawn(entry),
    )


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _withdrawn(entry: dict[str, Any]) -> bool:
    """An entry the export marks deleted or cancelled (``deleted``/``cancelled`` true, or such a
    ``status``): cancelled upstream, so an imported event is cancelled through the review queue."""
    flags = any(entry.get(name) is True for name in ("deleted", "is_deleted", "cancelled", "is_cancelled"))
    status = entry.get("status")
    return flags or (isinstance(status, str) and status.strip().casefold() in WITHDRAWN)
