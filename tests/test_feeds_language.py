"""Feeds in a language (issue 15): ``?lang=xx`` on every feed address and the personal feed in the
participant's language: calendar names and descriptions, kind, programme, audience and convention
names, labels and status words in that language (parsed back with icalendar); the English feeds
unchanged; the index page in the six languages, right to left in Arabic."""

from __future__ import annotations

import html.parser
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import icalendar
import pytest
from aiohttp.test_utils import TestClient, TestServer

from brs_coord.domain import DatePrecision, EventKind
from brs_coord.languages import CODES
from brs_coord.server import build_feed_app
from brs_coord.server.app import RUNNER_ARGS
from brs_coord.services import Services
from brs_coord.services.translation import catalogue
from tests.conftest import make_event

ARABIC_NAMES = {"kind": "ندوة عبر الإنترنت", "programme": "البرنامج", "prefix": "المساعدة التقنية"}


def calendar(body: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(body)


def name_of(cal: icalendar.Calendar) -> str:
    """X-WR-CALNAME as a client shows it (icalendar leaves the escaping of X- properties in)."""
    return str(cal["X-WR-CALNAME"]).replace("\\;", ";").replace("\\,", ",")


def events(body: bytes) -> list[icalendar.Event]:
    return list(calendar(body).walk("VEVENT"))


def _categories(vevent: icalendar.Event) -> list[str]:
    value = vevent.get("CATEGORIES")
    groups = value if isinstance(value, list) else [value]
    return [str(category) for group in groups for category in group.cats]


def _programme(services: Services) -> tuple[str, dict[str, str]]:
    """A programme with names in the other languages (the catalogue's): its slug and names."""
    named = next(p for p in services.store.catalogue.programmes() if {"ar", "fr", "ru"} <= set(p.names))
    return named.slug, {"en": named.name, **named.names}


def test_a_catalogue_feed_in_arabic_french_and_russian(services: Services) -> None:
    slug, names = _programme(services)
    convention = "basel"
    event = services.scheduling.create(make_event(programme=slug, conventions=(convention,))).event
    english = services.feeds.feed("kind-webinar")
    for lang in ("ar", "fr", "ru"):
        t = catalogue(lang).gettext
        doc = services.feeds.feed("kind-webinar", lang)
        cal = calendar(doc.body)
        assert str(cal["X-WR-CALNAME"]) == f"{t('BRS technical assistance')}: {t('Webinars')}"
        assert str(cal["X-WR-CALNAME"]) != "BRS technical assistance: Webinars"
        assert str(cal["SOURCE"]).endswith(f"/calendars/{lang}/kind-webinar.ics")
        (vevent,) = (v for v in events(doc.body) if str(v["UID"]) == event.uid)
        description = str(vevent["DESCRIPTION"])
        assert f"{t('Kind')}: {t('Webinar')}" in description
        assert f"{t('Programme')}: {names[lang]}" in description
        assert "Kind:" not in description and names["en"] not in description
        assert t("Webinar") in _categories(vevent) and names[lang] in _categories(vevent)
        assert doc.etag != english.etag and doc.name == english.name == "kind-webinar"
    french = str(next(iter(events(services.feeds.feed("all", "fr").body)))["DESCRIPTION"])
    assert "Langues : " not in french and "Langues: anglais, français" in french  # Babel's names
    assert services.feeds.feed("all", "en").etag == services.feeds.feed("all").etag


def test_the_english_feed_is_unchanged_by_the_languages(services: Services) -> None:
    services.scheduling.create(make_event())
    before = services.feeds.feed("all")
    for lang in CODES:
        services.feeds.feed("all", lang)
    after = services.feeds.feed("all")
    assert after.body == before.body
    (vevent,) = events(after.body)
    assert "Kind: Webinar" in str(vevent["DESCRIPTION"]) and "Webinar" in _categories(vevent)


def test_status_words_and_month_names_in_the_feed_s_language(services: Services) -> None:
    postponed = services.scheduling.create(make_event(title="Atelier")).event
    services.scheduling.postpone(postponed.id, "Зал занят", expected_version=1)
    cancelled = services.scheduling.create(make_event(title="Réunion", kind=EventKind.WORKSHOP)).event
    services.scheduling.cancel(cancelled.id, "Нет докладчика", expected_version=1)
    month = services.scheduling.create(make_event(
        title="Course", date_precision=DatePrecision.MONTH, starts_at=datetime(2026, 12, 1, tzinfo=UTC),
        ends_at=datetime(2026, 12, 31, tzinfo=UTC), all_day=True,
    )).event
    found = {str(v["UID"]): v for v in events(services.feeds.feed("all", "ru").body)}
    assert "Дата: декабрь 2026 (точные дни не указаны)" in str(found[month.uid]["DESCRIPTION"])
    assert "Перенесено: Зал занят" in str(found[postponed.uid]["DESCRIPTION"])
    assert str(found[postponed.uid]["SUMMARY"]) == "ПЕРЕНЕСЕНО: Atelier"
    cancelled_word = catalogue("ru").gettext("Cancelled")
    assert cancelled_word != "Cancelled"
    assert str(found[cancelled.uid]["SUMMARY"]) == f"{cancelled_word.upper()}: Réunion"
    assert str(found[cancelled.uid]["STATUS"]) == "CANCELLED"
    english = {str(v["UID"]): v for v in events(services.feeds.feed("all").body)}
    assert str(english[postponed.uid]["SUMMARY"]) == "POSTPONED: Atelier"


def test_the_personal_feed_follows_the_participant_s_language(services: Services) -> None:
    event = services.scheduling.create(make_event(online_url="https://meet.example.org/p")).event
    person = services.participants.get_or_create(91, chat_id=91, first_name="Li")
    services.participants.set_language(91, "zh")
    services.registrations.register(person.id, event.id)
    doc = services.feeds.personal(services.participants.feed_token(91))
    cal = calendar(doc.body)
    assert str(cal["X-WR-CALNAME"]) == "我的BRS活动"
    (vevent,) = events(doc.body)
    description = str(vevent["DESCRIPTION"])
    assert "类型: 网络研讨会" in description and "在线加入: https://meet.example.org/p" in description


def test_a_filtered_feed_is_worded_in_the_language_it_filters_by(demo_services: Services) -> None:
    doc = demo_services.feeds.filtered({"kind": "webinar,workshop", "lang": "es"})
    name = name_of(calendar(doc.body))
    t = catalogue("es").gettext
    assert t("Webinar") != "Webinar" and t("Workshop") != "Workshop"
    assert name == f"Asistencia técnica BRS: {t('Webinar')} o {t('Workshop')}; español"
    assert doc.count and all("Idiomas: " in str(v["DESCRIPTION"]) and "español" in str(v["DESCRIPTION"])
                             for v in events(doc.body))
    asked = demo_services.feeds.filtered({"q": "семинары"})
    assert asked.count > 0 and "не понято" not in str(calendar(asked.body)["X-WR-CALNAME"])
    # read as Russian (its script), worded in English: no lang= filter names a language to word it in
    assert all(str(v["CATEGORIES"].cats[0]) == "Workshop" for v in events(asked.body))


class _Page(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.root: dict[str, str] = {}
        self.hrefs: list[str] = []
        self.headings: list[str] = []
        self._in_h3 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.root = values
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"])
        self._in_h3 = tag == "h3"

    def handle_data(self, data: str) -> None:
        if self._in_h3:
            self.headings.append(data)
            self._in_h3 = False


@pytest.mark.parametrize("lang", CODES)
def test_the_index_page_in_each_language(demo_services: Services, lang: str) -> None:
    feeds = demo_services.feeds
    documents = feeds.build_all()
    page = _Page()
    page.feed(feeds.index_html(documents, lang).decode("utf-8"))
    assert page.root == {"lang": lang, "dir": "rtl" if lang == "ar" else "ltr"}
    up = "../" if lang != "en" else ""  # relative: the same on the server (/fr/) and in an export (fr/)
    others = {up + (f"{code}/" if code != "en" else "./") for code in CODES if code != lang}
    assert others <= set(page.hrefs)
    titles = {name: title for name, (title, _) in feeds.feed_titles(lang).items()}
    prefix = catalogue(lang).gettext("BRS technical assistance") + (": " if lang != "zh" else "：")
    assert page.headings == [titles[doc.name].removeprefix(prefix) for doc in documents]
    feed_links = [href for href in page.hrefs if "/calendars/" in href and href.startswith("http")]
    assert feed_links and all(f"/calendars/{lang}/" in href for href in feed_links if lang != "en")
    assert all(href.split("/calendars/")[1].count("/") == (lang != "en") for href in feed_links)
    if lang == "ar":
        assert page.headings[0] == "كل الفعاليات"


@pytest.fixture
async def client(demo_services: Services) -> AsyncIterator[TestClient]:
    app = build_feed_app(demo_services, poll_interval=0.05)
    async with TestClient(TestServer(app, **RUNNER_ARGS)) as test_client:
        yield test_client


async def test_the_server_answers_lang_on_every_address(client: TestClient, demo_services: Services) -> None:
    page = await client.get("/?lang=ar")
    assert page.status == 200 and '<html lang="ar" dir="rtl">' in await page.text()
    english = await client.get("/")
    assert '<html lang="en" dir="ltr">' in await english.text()
    feed = await client.get("/calendars/kind-workshop.ics?lang=zh")
    assert feed.status == 200
    assert str(calendar(await feed.read())["X-WR-CALNAME"]) == "BRS技术援助：研讨会"
    filtered = await client.get("/feed.ics?kind=webinar&lang=fr")  # lang= filters here as well
    assert filtered.status == 200
    assert name_of(calendar(await filtered.read())) == "Assistance technique BRS: Webinaire; français"
    uid = events(demo_services.feeds.feed("all").body)[0]["UID"]
    single = await client.get(f"/events/{uid}.ics?lang=ru")
    assert single.status == 200 and "Вид: " in str(events(await single.read())[0]["DESCRIPTION"])
    by_path = await client.get("/calendars/zh/kind-workshop.ics")  # the export's path, same bytes
    assert by_path.status == 200 and await by_path.read() == await feed.read()
    assert '<html lang="ar" dir="rtl">' in await (await client.get("/ar/")).text()
    for unknown in ("/de/", "/calendars/de/all.ics"):
        assert (await client.get(unknown)).status == 404
    for path in ("/?lang=xx", "/calendars/all.ics?lang=de", "/events/x.ics?lang=pt"):
        refused = await client.get(path)
        assert refused.status == 400 and "lang must be one of en, fr, es, ar, zh, ru" in await refused.text()
    assert (await client.get("/calendars/nothing.ics?lang=ar")).status == 404
