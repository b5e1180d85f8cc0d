"""Chinese written as Chinese writes it (issue 15): no space between Han characters, around numbers
or after a full stop (the feed index page's lead, counts, dates, feed titles, the bot's catalogue)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from babel.messages.pofile import read_po

from brs_coord.bot.i18n import tr
from brs_coord.services import Services
from brs_coord.services.translation import LOCALE_DIR

HAN = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
NUMBER = r"(?:\d|\{(?:n|count|total|first|last|taken|capacity|minutes|feeds|start|end|when|until)\})"
STRAY = re.compile(rf"{HAN} (?:{HAN}|{NUMBER})|{NUMBER} {HAN}|。 ")


def test_the_chinese_index_page_lead_has_no_stray_spaces(demo_services: Services) -> None:
    feeds = demo_services.feeds
    page = feeds.index_html(feeds.build_all(), "zh").decode("utf-8")
    lead = re.search(r'<p class="lead">(.*?)</p>', page, re.S)
    assert lead is not None, "the page has a lead paragraph"
    text = lead.group(1)
    assert "个日历中共有" in text and "。您的日历" in text, text
    assert not STRAY.search(text), text
    english = feeds.index_html(feeds.build_all(), "en").decode("utf-8")
    assert "programme. " in english  # other languages keep their spaces


def test_chinese_feed_titles_take_a_full_width_colon(demo_services: Services) -> None:
    assert demo_services.feeds.spec("kind-webinar", lang="zh").title == "BRS技术援助：网络研讨会"
    assert demo_services.feeds.spec("kind-webinar", lang="fr").title.startswith("Assistance technique BRS: ")


def test_chinese_dates_in_cldr_order_without_spaces() -> None:
    instant = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    t = tr("zh")
    assert t.day_time(instant, "Europe/Paris") == "12月3日周四 10:00"
    assert t.day(instant, "Europe/Paris") == "2026年12月3日周四"
    assert tr("en").day_time(instant, "Europe/Paris") == "Thu 3 Dec, 10:00"  # the others unchanged


def test_no_chinese_message_puts_a_space_where_chinese_writes_none() -> None:
    with (LOCALE_DIR / "zh" / "LC_MESSAGES" / "brs_coord.po").open("rb") as stream:
        catalogue = [message for message in read_po(stream) if message.id]
    texts = [text for message in catalogue
             for text in (message.string if isinstance(message.string, tuple) else (message.string,))]
    assert len(texts) > 300
    assert [text for text in texts if STRAY.search(text)] == []
