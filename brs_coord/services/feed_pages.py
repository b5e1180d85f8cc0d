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

from ..deep_links import DeepLink, deep_link
from ..facets import FEEDS
from ..languages import BY_CODE, CODES, DEFAULT, INTERFACE_LANGUAGES
from .feed_model import FeedDocument
from .feed_words import (
    SERIES_GROUP,
    SERIES_HEADING,
    Translate,
    calendar_prefix,
    plural_translator,
    translator,
)
from .translation import N_

INDEX_FILE = "index.html"
JSON_FILE = "feeds.json"
GROUPS: tuple[tuple[str, str], ...] = (
    ("all", N_("Everything")), *((facet.name, facet.feed_heading) for facet in FEEDS),
    (SERIES_GROUP, SERIES_HEADING),
)
GOOGLE_STEPS = (
    N_("Copy the link of the feed (“Copy link”)."),
    N_("Open Google Calendar on a computer (calendar.google.com)."),
    N_("Beside “Other calendars”, click + and choose “From URL”."),
    N_("Paste the link and click “Add calendar”. Google reads it again about once a day, sometimes "
       "less often: a change can take a day or more to appear there."),
)
# one button per client, in this order (webcal:// is not first: Android does nothing with it)
CLIENTS: tuple[tuple[str, str], ...] = (
    ("google", "Google Calendar"),
    ("outlook", "Outlook.com"),
    ("office", "Microsoft 365"),
    ("webcal", N_("Apple (iPhone, iPad, Mac)")),
    ("https", N_("Copy link")),
)
# the index's own sentences (the template's placeholders), translated where shown
PAGE_TEXTS: dict[str, str] = {
    "how": N_("How to subscribe"),
    "help_intro": N_("Each calendar has one button per app. Subscribing keeps it up to date, including "
                     "changes and cancellations, as often as your app looks again:"),
    "google_help": N_("(Android phones too): tap “Google Calendar” on a computer, or add it by hand:"),
    "outlook_help": N_("the button opens Outlook on the web with the calendar filled in; Outlook looks "
                       "again every few hours."),
    "apple_help": N_("the button asks your calendar to subscribe; it looks again as often as its "
                     "settings say (every hour to every week)."),
    "other_help": N_("Other apps (Thunderbird, Outlook desktop, any CalDAV app): “Copy link” and add it "
                     "as an Internet calendar (“Subscribe from web”, “New calendar from network”)."),
    "languages_label": N_("Languages"),
}
LEAD = N_("Subscribe to the workshops, webinars, trainings and meetings of the Basel, Rotterdam and "
          "Stockholm conventions' technical assistance programme.")
KEPT = N_("Your calendar app keeps them up to date, including changes and cancellations.")
FOOTER = N_("A single event's .ics file ({address}) is a copy to download once, not a subscription. "
            "Feeds list events from the last three months and everything planned; a cancelled event "
            "stays, marked, for two weeks. Machine-readable list:")
# the index's sections, linked from its head (catalogue words the bot's menus translate as well)
NAV: tuple[tuple[str, str], ...] = (
    ("convention", N_("Conventions")), ("kind", N_("Kinds of event")), ("audience", N_("Audiences")),
    ("region", N_("Regions")), ("programme", N_("Programmes")), (SERIES_GROUP, SERIES_HEADING),
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


# the languages with a folder of their own (``/calendars/fr/all.ics``, ``/fr/``), as a route pattern
LANGUAGE_SEGMENT = "|".join(code for code in CODES if code != DEFAULT)


def language_folder(lang: str) -> str:
    """The folder of a language's feeds and index page beside the English ones ("" for English,
    "fr/" for French): the export writes its files there and the server answers the same paths."""
    return "" if lang == DEFAULT else f"{lang}/"


def feed_path(name: str, lang: str = DEFAULT) -> str:
    """A catalogue feed's path below the base address: ``calendars/fr/all.ics`` in French."""
    return f"calendars/{language_folder(lang)}{name}.ics"


def feed_links(base_url: str, name: str, title: str = "", lang: str = DEFAULT) -> dict[str, str]:
    """https, webcal, Google Calendar, Outlook.com and Microsoft 365 links of a feed published at
    ``base_url`` (``title``: the name Outlook gives the calendar; ``lang``: the feed in a language)."""
    https = f"{base_url.rstrip('/')}/{feed_path(name, lang)}"
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


def index_html(
    base_url: str, documents: Sequence[FeedDocument], lang: str = DEFAULT, bot: str | None = None,
) -> bytes:
    """The index page in ``lang`` (``documents`` titled in it): every feed with subscribe buttons
    (to the feeds in that language), a switcher to the other languages, links into the bot when its
    username ``bot`` is known, readable on a phone, HTML-escaped, right to left for Arabic."""
    template = Template(
        resources.files("brs_coord.services").joinpath("feeds_index.html").read_text("utf-8")
    )
    t, n = translator(lang), plural_translator(lang)
    sections: list[str] = []
    for group, heading in GROUPS:
        docs = [doc for doc in documents if doc.group == group]
        if not docs:
            continue
        items = "\n".join(_index_item(base_url, doc, lang) for doc in docs)
        sections.append(
            f'<section id="{group}">\n<h2>{html.escape(t(heading))}</h2>\n<ul class="feeds">\n'
            f"{items}\n</ul>\n</section>"
        )
    total = next((doc.count for doc in documents if doc.name == "all"), 0)
    lead = (" " if BY_CODE[lang].spaced else "").join((  # Chinese sentences: no space after "。"
        t(LEAD),
        n("{n} current or upcoming event in {feeds} calendars.",
          "{n} current and upcoming events in {feeds} calendars.", total,
          ).format(n=total, feeds=len(documents)),
        t(KEPT),
    ))
    address = f"{base_url.rstrip('/')}/events/<id>.ics"
    page = template.substitute(
        lang=lang, dir=BY_CODE[lang].direction,
        title=html.escape(t("BRS technical assistance calendars")),
        lead=html.escape(lead),
        groups=" ".join(f'<a href="#{group}">{html.escape(t(label))}</a>' for group, label in NAV),
        switcher=_switcher(lang), bot=_bot_links(bot, lang),
        steps="\n".join(f"<li>{html.escape(t(step))}</li>" for step in GOOGLE_STEPS),
        sections="\n".join(sections),
        footer=html.escape(t(FOOTER).format(address=address)),
        **{key: html.escape(t(text)) for key, text in PAGE_TEXTS.items()},
    )
    return page.encode("utf-8")


def _bot_links(bot: str | None, lang: str) -> str:
    """"In Telegram: ask @bot about events · your personal calendar", each a link into the private
    chat with the bot (its /start, and /feeds for the personal calendar); nothing without a username.
    The username is isolated (``<bdi>``): on the Arabic page its "@" stays in front of it."""
    if not bot:
        return ""
    t = translator(lang)
    name = f'<bdi dir="ltr">@{html.escape(bot)}</bdi>'
    links = (
        f'<a href="{html.escape(f"https://t.me/{bot}", quote=True)}">'
        f'{html.escape(t("ask {bot} about events")).format(bot=name)}</a>',
        f'<a href="{html.escape(deep_link(bot, DeepLink("feeds")), quote=True)}">'
        f'{html.escape(t("your personal calendar (your registrations)"))}</a>',
    )
    space = " " if BY_CODE[lang].spaced else ""  # none after Chinese "："
    return f'<p class="bot">{html.escape(t("In Telegram:"))}{space}{" · ".join(links)}</p>'


def _switcher(lang: str) -> str:
    """A link to the page in each interface language, by its own name (the current one marked)."""
    links = []
    up = "../" if lang != DEFAULT else ""  # relative: the same links on the server and in an export
    for code in CODES:
        native = html.escape(INTERFACE_LANGUAGES[code])
        attrs = f'lang="{code}" dir="{BY_CODE[code].direction}" hreflang="{code}"'
        if code == lang:
            links.append(f'<a {attrs} aria-current="page">{native}</a>')
        else:
            links.append(f'<a {attrs} href="{up}{language_folder(code) or "./"}">{native}</a>')
    return " ".join(links)


def short_title(doc: FeedDocument, lang: str = DEFAULT) -> str:
    """The feed's title without the common prefix ("Webinars", "Basel Convention")."""
    return doc.title.removeprefix(calendar_prefix(lang))


def _index_item(base_url: str, doc: FeedDocument, lang: str) -> str:
    """One feed: a heading, its count and description, then one labelled button per client; a feed
    with no event yet says so and offers no subscription."""
    t = translator(lang)
    title = short_title(doc, lang)
    name = html.escape(doc.name)
    head = (
        f'<li class="feed" id="feed-{name}"><div class="what">'
        f'<h3 id="title-{name}">{html.escape(title)}</h3>'
    )
    if doc.count == 0:
        about, none = html.escape(doc.description), html.escape(t("No events yet"))
        return head + f'<span class="count">{none}</span><p>{about}</p></div></li>'
    n = plural_translator(lang)
    count = n("{n} event", "{n} events", doc.count).format(n=doc.count)
    links = feed_links(base_url, doc.name, doc.title, lang)
    buttons = "".join(
        f'<a class="button {client}" href="{html.escape(links[client], quote=True)}"'
        f' aria-label="{html.escape(_accessible_name(client, t(label), title, t), quote=True)}">'
        f"{html.escape(t(label))}</a>"
        for client, label in CLIENTS
    )
    return (
        head + f'<span class="count">{html.escape(count)}</span><p>{html.escape(doc.description)}</p></div>'
        f'<div class="subscribe" role="group" aria-labelledby="title-{name}">{buttons}</div></li>'
    )


def _accessible_name(client: str, label: str, title: str, t: Translate) -> str:
    if client == "https":
        return t("Link to the {title} calendar, to copy into any calendar app").format(title=title)
    return t("Subscribe to {title} in {app}").format(title=title, app=label)
