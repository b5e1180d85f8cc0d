"""The pages beside the feeds: index.html (subscribe buttons, readable on a phone), feeds.json, and
the https, webcal and Google Calendar links of each feed at BRS_FEED_BASE_URL."""

from __future__ import annotations

import html
import ipaddress
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
    "Copy the link of the feed (“Copy link”).",
    "Open Google Calendar on a computer (calendar.google.com).",
    "Beside “Other calendars”, click + and choose “From URL”.",
    "Paste the link and click “Add calendar”. Google reads it again about once a day, sometimes "
    "less often: a change can take a day or more to appear there.",
)
# one button per client, in this order (webcal:// is not first: Android does nothing with it)
CLIENTS: tuple[tuple[str, str], ...] = (
    ("google", "Google Calendar"),
    ("outlook", "Outlook.com"),
    ("office", "Microsoft 365"),
    ("webcal", "Apple (iPhone, iPad, Mac)"),
    ("https", "Copy link"),
)


def is_loopback_url(url: str) -> bool:
    """Whether ``url`` names this machine (localhost, 127.0.0.0/8, ::1): no subscriber can reach it."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def feed_links(base_url: str, name: str, title: str = "") -> dict[str, str]:
    """https, webcal, Google Calendar, Outlook.com and Microsoft 365 links of a feed published at
    ``base_url`` (``title``: the name Outlook gives the calendar)."""
    https = f"{base_url.rstrip('/')}/calendars/{name}.ics"
    parts = urlsplit(https)
    webcal = "webcal://" + https[len(parts.scheme) + 3 :]
    google = "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe="")
    add = "?url=" + quote(https, safe="") + "&name=" + quote(title or name, safe="")
    return {
        "https": https, "webcal": webcal, "google": google,
        "outlook": "https://outlook.live.com/calendar/0/addfromweb" + add,
        "office": "https://outlook.office.com/calendar/0/addfromweb" + add,
    }


def feeds_json(base_url: str, documents: Sequence[FeedDocument]) -> bytes:
    """A machine-readable list of the feeds (deterministic: no timestamps)."""
    feeds = [
        {
            "name": doc.name, "file": f"{doc.name}.ics", "group": doc.group, "title": doc.title,
            "description": doc.description, "events": doc.count, "etag": doc.etag.strip('"'),
            "links": feed_links(base_url, doc.name, doc.title),
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


def short_title(doc: FeedDocument) -> str:
    """The feed's title without the common prefix ("Webinars", "Basel Convention")."""
    return doc.title.removeprefix(f"{CALENDAR_PREFIX}: ")


def _index_item(base_url: str, doc: FeedDocument) -> str:
    """One feed: a heading, its count and description, then one labelled button per client; a feed
    with no event yet says so and offers no subscription."""
    title = short_title(doc)
    name = html.escape(doc.name)
    head = (
        f'<li class="feed" id="feed-{name}"><div class="what">'
        f'<h3 id="title-{name}">{html.escape(title)}</h3>'
    )
    if doc.count == 0:
        about = html.escape(doc.description)
        return head + f'<span class="count">No events yet</span><p>{about}</p></div></li>'
    count = f"{doc.count} event{'s' if doc.count != 1 else ''}"
    links = feed_links(base_url, doc.name, doc.title)
    buttons = "".join(
        f'<a class="button {client}" href="{html.escape(links[client], quote=True)}"'
        f' aria-label="{html.escape(_accessible_name(client, label, title), quote=True)}">'
        f"{html.escape(label)}</a>"
        for client, label in CLIENTS
    )
    return (
        head + f'<span class="count">{count}</span><p>{html.escape(doc.description)}</p></div>'
        f'<div class="subscribe" role="group" aria-labelledby="title-{name}">{buttons}</div></li>'
    )


def _accessible_name(client: str, label: str, title: str) -> str:
    if client == "https":
        return f"Link to the {title} calendar, to copy into any calendar app"
    return f"Subscribe to {title} in {label}"
