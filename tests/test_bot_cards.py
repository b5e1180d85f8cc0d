"""Event cards and compact lists (issue 14): times per zone, distinct marks, page size, labels that fit
a 360-px phone in en, fr and es."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from brs_coord.bot import cards, event_keyboards, texts
from brs_coord.bot.callbacks import CallbackCodec
from brs_coord.bot.cards import Mine
from brs_coord.bot.i18n import tr
from brs_coord.bot.search import Found, Understood
from brs_coord.domain import Event, EventKind, Status
from brs_coord.services import Services
from tests.conftest import make_event

CODEC = CallbackCodec("123:TEST")
LANGS = ["en", "fr", "es"]


def stored(**overrides: object) -> Event:
    data = make_event(**overrides)
    return Event(**{name: getattr(data, name) for name in data.__dataclass_fields__}, id=7, uid="u-7@brs")


def test_a_zone_with_the_same_offset_is_not_read_as_the_users() -> None:
    event = stored(starts_at=datetime(2027, 3, 3, 12, 0, tzinfo=UTC), timezone="Europe/Zurich")
    assert cards.when(tr("en"), event, "Europe/Paris") == "Wed 3 Mar, 13:00–15:00 your time (= Zurich)"
    assert cards.when(tr("fr"), event, "Europe/Paris") == "mer. 3 mars, 13:00–15:00 votre heure (= Zurich)"
    assert cards.when(tr("en"), event, "Europe/Zurich") == "Wed 3 Mar, 13:00–15:00 your time"
    assert cards.when(tr("en"), event, "Africa/Nairobi") == "Wed 3 Mar, 15:00–17:00 your time — 13:00 Zurich"


def test_a_shared_chat_sees_the_events_own_time_and_utc() -> None:
    event = stored(starts_at=datetime(2027, 3, 3, 23, 30, tzinfo=UTC), timezone="Asia/Tokyo")
    assert cards.when(tr("en"), event, None) == "Thu 4 Mar, 08:30–10:30 Tokyo (Wed 3 Mar, 23:30 UTC)"
    utc = stored(starts_at=datetime(2027, 3, 3, 9, 0, tzinfo=UTC), timezone="UTC")
    assert cards.when(tr("es"), utc, None) == "mié 3 mar, 09:00–11:00 UTC"
    assert "your time" not in cards.event_card(tr("en"), event, None, _names_stub())


@pytest.mark.parametrize(("mine", "status", "mark"), [
    (Mine("registered"), Status.CONFIRMED, "✅"),
    (Mine("waitlisted"), Status.CONFIRMED, "⏳"),
    (Mine("offered"), Status.CONFIRMED, "🎟"),
    (Mine(), Status.CANCELLED, "❌"),
    (Mine(reminder=True), Status.CONFIRMED, "⏰"),
    (Mine(), Status.CONFIRMED, ""),
])
def test_each_state_has_its_own_mark(mine: Mine, status: Status, mark: str) -> None:
    line = cards.list_line(tr("en"), stored(status=status), "UTC", 3, mine)
    signs = line.removeprefix("<b>3.</b> ").split(" ")[0]
    assert (signs if not signs[:1].isalpha() else "") == mark


@pytest.mark.parametrize("lang", LANGS)
def test_a_page_of_five_is_small(services: Services, lang: str) -> None:
    """The goal of issue 14: a page of five at most 900 characters and 8 buttons (paging both ways)."""
    t = tr(lang)
    long_title = "Regional workshop on the environmentally sound management of e-waste and used batteries"
    events = [stored(title=f"{long_title} {i}", kind=EventKind.E_LEARNING) for i in range(5)]
    found = Found(Understood(kinds=("e-learning",)), events, 40)
    names = texts.Names(services.participants.choices(), t)
    text = texts.results(t, found, 5, "America/Argentina/Buenos_Aires", names, {})
    markup = event_keyboards.results(t, CODEC, events, 5, 40, 1)
    assert markup is not None
    buttons = sum(markup.inline_keyboard, ())
    assert len(text) <= 900 and len(buttons) == 7, (len(text), len(buttons))
    assert text.count("…") == 5  # every title cut at a word, none mid-word
    assert all(line.split(" · ")[-1].rstrip("…")[-1:].isalpha() for line in text.splitlines()[-5:])


def _card_states() -> list[tuple[Event, Mine, bool]]:
    open_event, cancelled = stored(), stored(status=Status.CANCELLED)
    return [(open_event, Mine(), False), (open_event, Mine("registered"), False),
            (open_event, Mine(), True), (cancelled, Mine("registered"), False)]


@pytest.mark.parametrize("lang", LANGS)
def test_no_button_label_is_cut_on_a_phone(lang: str) -> None:
    """Every label of a card (each state) and of a shared card fits its share of a 360-px row as
    written: nothing is cut by the client, and nothing had to be shortened."""
    t = tr(lang)
    keyboards = [event_keyboards.card(t, CODEC, event, mine, offer_reminders=offer)
                 for event, mine, offer in _card_states()]
    keyboards.append(event_keyboards.shared_card(t, "brs_bot", stored()))
    for markup in keyboards:
        for row in markup.inline_keyboard:
            for button in row:
                share = event_keyboards.ROW_CHARS // len(row) - (1 if len(row) > 1 else 0)
                assert event_keyboards.width(button.text) <= share, (button.text, len(row))
                assert not button.text.endswith("…"), button.text


def test_a_too_long_label_is_cut_at_a_word() -> None:
    label = event_keyboards.fit("Did you mean: Environmentally Sound Co-processing of Hazardous Wastes?")
    assert label.endswith("…") and event_keyboards.width(label) <= event_keyboards.ROW_CHARS
    assert label[:-1].rstrip() == label[:-1] and label.startswith("Did you mean: Environmentally")


def test_a_cancelled_card_keeps_no_promises(services: Services) -> None:
    t = tr("en")
    event = stored(status=Status.CANCELLED, registration_url="https://register.example.org/x",
                   online_url="https://meet.example.org/secret", status_reason="Storm")
    names = texts.Names(services.participants.choices(), t)
    card = cards.event_card(t, event, "UTC", names, full=True, mine=Mine("registered"), join_link=True)
    assert "Storm" in card and "register.example.org" not in card and "secret" not in card
    labels = [b.text for row in event_keyboards.card(t, CODEC, event, Mine("registered")).inline_keyboard
              for b in row]
    assert labels == ["🔎 More like this"]


def _names_stub() -> texts.Names:
    from brs_coord.services.participants import Choices

    return texts.Names(Choices((), (), (), (), ()), tr("en"))


@pytest.mark.parametrize(("lang", "said"), [("en", "under way until"), ("fr", "en cours jusqu")])
def test_a_long_course_under_way_is_listed_as_ongoing(services: Services, lang: str, said: str) -> None:
    """Issue 19: a course of more than 30 days that has begun says until when it runs, not its past
    start, in an answer's list; the question service tells which (Answer.ongoing, rules.is_ongoing)."""
    from datetime import timedelta

    from brs_coord.bot import search
    from tests.clocks import NOW

    course = services.scheduling.create(make_event(
        title="E-learning course on the Stockholm Convention", kind=EventKind.E_LEARNING,
        starts_at=NOW - timedelta(days=10), ends_at=NOW + timedelta(days=50))).event
    services.scheduling.create(make_event(title="Webinar on e-learning tools", kind=EventKind.E_LEARNING))
    found = search.ask(services, search.Search(question="e-learning"), tz="UTC", lang=lang)
    assert found.ongoing == (course.uid,)
    t = tr(lang)
    names = texts.Names(services.participants.choices(), t)
    lines = texts.results(t, found, 0, "UTC", names, {}).splitlines()
    [course_line] = [line for line in lines if "Stockholm" in line]
    assert said in course_line and t.day(course.ends_at, "UTC") in course_line
    assert not any(said in line for line in lines if "tools" in line)
