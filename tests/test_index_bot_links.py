"""The feed index page links into the bot when its username is known (issue 14's leftover), in the
page's language; without a username no link is made up. Language names in running text as CLDR
writes them ("en français", "Anglais et français"), each language's own name in menus."""

from __future__ import annotations

import html.parser
from dataclasses import replace

import pytest

from brs_coord.bot import settings_texts
from brs_coord.bot.i18n import tr
from brs_coord.clock import FixedClock
from brs_coord.config import Settings
from brs_coord.services import Services, build_services


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, str] = {}
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href")

    def handle_data(self, data: str) -> None:
        if self._href and self._href.startswith("https://t.me/"):
            self.links[self._href] = self.links.get(self._href, "") + data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._href = None


def _page(services: Services, lang: str) -> _Links:
    parser = _Links()
    parser.feed(services.feeds.index_html(services.feeds.build_all(), lang).decode("utf-8"))
    return parser


@pytest.mark.parametrize(("lang", "ask", "personal"), [
    ("en", "ask @brs_test_bot about events", "your personal calendar (your registrations)"),
    ("fr", "posez vos questions sur les événements à @brs_test_bot", "votre calendrier personnel"),
    ("ar", "اسأل @brs_test_bot عن الفعاليات", "تقويمك الشخصي"),
    ("zh", "向@brs_test_bot询问活动", "您的个人日历"),
])
def test_the_index_page_opens_the_bot_when_its_username_is_known(
    settings: Settings, clock: FixedClock, lang: str, ask: str, personal: str,
) -> None:
    services = build_services(replace(settings, bot_username="brs_test_bot"), clock)
    try:
        links = _page(services, lang).links
    finally:
        services.close()
    assert links["https://t.me/brs_test_bot"] == ask
    assert links["https://t.me/brs_test_bot?start=feeds"].startswith(personal)


def test_without_a_username_the_page_links_no_bot(services: Services) -> None:
    assert _page(services, "fr").links == {}


def test_language_names_in_running_text_are_written_as_cldr_writes_them() -> None:
    assert settings_texts.language_picked(tr("fr"), "fr", "fr").startswith("Je vous écris en français,")
    assert settings_texts.language_picked(tr("es"), "es", "es").startswith("Le escribo en español,")
    assert settings_texts.language_picked(tr("en"), "en", "en").startswith("I write to you in English,")
    assert tr("fr").languages_line(("en", "fr")) == "Anglais et français"
    assert tr("ru").languages_line(("en", "ru", "zh")) == "Английский, русский и китайский"
    assert tr("zh").languages_line(("en", "fr")) == "英语和法语"
    assert tr("fr").language_name("es") == "espagnol"
