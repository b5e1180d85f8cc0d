"""The pages beside the feeds: index.html (subscribe buttons, readable on a phone), feeds.json, and
the https, webcal and Google Calendar links of each feed at BRS_FEED_BASE_URL."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from importlib import resources
from string import Template
from urllib.parse import quote, urlsplit

from ..facets import FEEDS
from .feed_model import CALENDAR_PREFIX, FeedDocument

INDEX_FILE = "index.html"
JSON_FILE = "feeds.json"
GROUPS: tuple[tuple[str, str], ...] = (
    ("all", "Everything"), *((facet.name, facet.feed_heading) for facet in FEEDS),
)
GOOGLE_STEPS = (
    "Copy the https link of the feed.",
    "Open Google Calendar on a computer (calendar.google.com).",
    "Beside “Other calendars”, click + and choose “From URL”.",
    "Paste the link and click “Add calendar”. Google refreshes it every few hours.",
)


def feed_links(base_url: str, name: str) -> dict[str, str]:
    """https, webcal and Google Calendar links of a feed published at ``base_url``."""
    https = f"{base_url.rstrip('/')}/calendars/{name}.ics"
    parts = urlsplit(https)
    webcal = "webcal://" + https[len(parts.scheme) + 3 :]
    google = "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe="")
    return {"https": https, "webcal": webcal, "google": google}


def feeds_json(base_url: str, documents: Sequence[FeedDocument]) -> bytes:
    """A machine-readable list of the feeds (deterministic: no timestamps)."""
    feeds = [
        {
            "name": doc.name, "file": f"{doc.name}.ics", "group": doc.group, "title": doc.title,
            "description": doc.description, "events": doc.count, "etag": doc.etag.strip('"'),
            "links": feed_links(base_url, doc.name),
        }
        for doc in documents
    ]
    payload = {
        "generator": "brs-coord", "base_url": base_url.rstrip("/"),
        "google_from_url_steps": GOOGLE_STEPS, "feeds": feeds,
    }
    return (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def index_html(base_url: str, documents: Sequence[FeedDocument]) -> bytes:
    """The index page: every feed with subscribe buttons, readable on a phone, HTML-escaped."""
    template = Template(
        resources.files("brs_coord.services").joinpath("feeds_index.html").read_text("utf-8")
    )
    sections: list[str] = []
    for group, heading in GROUPS:
        docs = [doc for doc in documents if doc.group == group]
        if not docs:
            continue
        items = "\n".join(_index_item(base_url, doc) for doc in docs)
        sections.append(
            f'<section id="{group}">\n<h2>{html.escape(heading)}</h2>\n<ul class="feeds">\n'
            f"{items}\n</ul>\n</section>"
        )
    total = next((doc.count for doc in documents if doc.name == "all"), 0)
    page = template.substitute(
        title=html.escape(CALENDAR_PREFIX + " calendars"),
        total=str(total),
        feeds=str(len(documents)),
        base=html.escape(base_url.rstrip("/")),
        steps="\n".join(f"<li>{html.escape(step)}</li>" for step in GOOGLE_STEPS),
        sections="\n".join(sections),
    )
    return page.encode("utf-8")


def _index_item(base_url: str, doc: FeedDocument) -> str:
    links = {k: html.escape(v, quote=True) for k, v in feed_links(base_url, doc.name).items()}
    title = html.escape(doc.title.removeprefix(f"{CALENDAR_PREFIX}: "))
    count = f"{doc.count} event{'s' if doc.count != 1 else ''}"
    return (
        f'<li class="feed" id="feed-{html.escape(doc.name)}">'
        f'<div class="what"><strong>{title}</strong> <span class="count">{count}</span>'
        f'<p>{html.escape(doc.description)}</p></div>'
        f'<div class="subscribe">'
        f'<a class="button webcal" href="{links["webcal"]}">Apple / Outlook</a>'
        f'<a class="button google" href="{links["google"]}">Google</a>'
        f'<a class="button https" href="{links["https"]}">https link</a>'
        f"</div></li>"
    )
