"""Arabic cards as Telegram lays them out (issue 15): every paragraph right to left, and the times,
document symbols and URLs in them intact, each isolated as one left-to-right run."""

from __future__ import annotations

from datetime import UTC, datetime

from brs_coord.bidi import FSI, PDI, RLM, rtl_safe
from brs_coord.bot import notice_texts, texts
from brs_coord.bot.i18n import tr
from brs_coord.bot.search import Search, ask
from brs_coord.domain import Event
from brs_coord.services import Services
from tests.conftest import make_event
from tests.fakebot.entities import parse_html
from tests.fakebot.layout import laid_out, paragraph_direction

URL = "https://www.basel.int/Implementation/Ewaste/Overview/tabid/4063/Default.aspx"
SYMBOL = "UNEP/CHW.13/INF/52"


def _event() -> Event:
    data = make_event(
        title=f"{SYMBOL} ورشة عمل حول النفايات الإلكترونية",
        description=f"10:00–12:00 جلسة افتتاحية. الوثيقة {SYMBOL} على {URL}",
        starts_at=datetime(2027, 3, 3, 9, 0, tzinfo=UTC), timezone="Europe/Zurich",
        registration_url=URL, location="Geneva, Switzerland",
    )
    return Event(**{name: getattr(data, name) for name in data.__dataclass_fields__}, id=7, uid="u-7@brs")


def test_an_arabic_card_is_right_to_left_with_its_runs_intact(services: Services) -> None:
    t = tr("ar")
    names = texts.Names(services.participants.choices(), t)
    html = texts.event_card(t, _event(), "Asia/Kuwait", names, full=True)
    shown, _ = parse_html(html)  # the text as the fake Bot API stores it (tags gone)
    layout = laid_out(shown)
    assert [direction for direction, line in layout if line] == ["rtl"] * len([li for li in layout if li[1]])
    for run in (SYMBOL, URL, "10:00–12:00", "Geneva, Switzerland"):
        assert f"{FSI}{run}{PDI}" in shown or f"{FSI}{run}" in shown, run
    assert "ورشة عمل" in shown and shown.count(URL) == 2


def test_without_isolation_telegram_would_lay_the_same_lines_out_left_to_right(services: Services) -> None:
    """The problem the isolation solves: the raw lines that start with a left-to-right run."""
    t = tr("ar")
    names = texts.Names(services.participants.choices(), t)
    shown, _ = parse_html(texts.event_card(t, _event(), "Asia/Kuwait", names, full=True))
    raw = shown.replace(RLM, "").replace(FSI, "").replace(PDI, "")
    assert "ltr" in {direction for direction, line in laid_out(raw) if line}


def test_other_languages_are_sent_as_written(services: Services) -> None:
    t = tr("en")
    names = texts.Names(services.participants.choices(), t)
    card = texts.event_card(t, _event(), "UTC", names)
    assert not {RLM, FSI, PDI} & set(card)


def test_rtl_safe_keeps_markup_and_isolates_runs() -> None:
    text = rtl_safe('<b>10:00</b> موعد <a href="https://x.org/a">الرابط</a> &amp; UNEP/CHW.13\n\nسطر')
    assert text.split("\n")[0] == (
        f'{RLM}<b>{FSI}10:00{PDI}</b> موعد <a href="https://x.org/a">الرابط</a> &amp; {FSI}UNEP/CHW.13{PDI}'
    )
    assert text.split("\n")[1:] == ["", f"{RLM}سطر"]
    assert paragraph_direction(f"{FSI}UNEP/CHW.13{PDI} موعد") == "rtl"
    assert paragraph_direction("UNEP/CHW.13 موعد") == "ltr"  # the first strong character is Latin


def _rtl_lines(html: str) -> list[str]:
    shown, _ = parse_html(html)
    return [direction for direction, line in laid_out(shown) if line]


def test_an_arabic_list_is_right_to_left_and_an_english_one_as_written(demo_services: Services) -> None:
    """A page of results (the "I understood" head, the count, one line per event) and /myevents:
    right to left in Arabic, their times, numbers and English titles isolated."""
    for lang in ("ar", "en"):
        t = tr(lang)
        question = Search("ورش عمل" if lang == "ar" else "workshops")
        found = ask(demo_services, question, tz="Asia/Kuwait", lang=lang)
        assert found.events
        names = texts.Names(demo_services.participants.choices(), t)
        page = texts.results(t, found, 0, "Asia/Kuwait", names, {})
        directions = _rtl_lines(page)
        assert len(directions) >= 2 + len(found.events)
        assert set(directions) == ({"rtl"} if lang == "ar" else {"ltr"})
        assert ({RLM, FSI, PDI} & set(page)) == ({RLM, FSI, PDI} if lang == "ar" else set())


def test_an_arabic_notice_is_right_to_left_with_its_reason_intact(services: Services) -> None:
    event = services.scheduling.create(make_event(title="E-waste webinar")).event
    person = services.participants.get_or_create(81, chat_id=81, first_name="Salma")
    services.participants.set_language(81, "ar")
    services.registrations.register(person.id, event.id)
    services.scheduling.cancel(event.id, f"{SYMBOL} moved to 2027", expected_version=1)
    (notice,) = [n for n in services.notices.claim_due() if n.participant_id == person.id]
    html = notice_texts.render(notice)
    assert set(_rtl_lines(html)) == {"rtl"}
    shown, _ = parse_html(html)
    assert f"{FSI}{SYMBOL} moved to 2027{PDI}" in shown and f"{FSI}E-waste webinar{PDI}" in shown
