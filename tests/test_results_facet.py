"""Results tags as a facet (issue 18): a question naming a plan's code or an item's whole text, the
"I understood" line naming it, the per-item catalogue feeds and ``/feed.ics?result=``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import icalendar
import pytest

from brs_coord.bot.i18n import tr
from brs_coord.bot.understood import understood_line
from brs_coord.domain import Event, EventKind, EventQuery, TimeScope
from brs_coord.errors import InvalidInput
from brs_coord.facets import RESULT
from brs_coord.results import PlanItem
from brs_coord.services import Services
from brs_coord.services.facet_values import value_labels


@dataclass(frozen=True)
class Tagged:
    services: Services
    item: PlanItem  # a plan item no demo event serves, given to ``events``
    events: tuple[Event, ...]  # upcoming, then one past
    untagged: Event  # an upcoming event of the same kind as the first, without the tag


def _uids(body: bytes) -> set[str]:
    return {str(event["UID"]) for event in icalendar.Calendar.from_ical(body).walk("VEVENT")}


@pytest.fixture
def tagged(demo_services: Services) -> Tagged:
    services = demo_services
    used = {code for event in services.find(EventQuery(scope=TimeScope.ALL, limit=None))
            for code in event.results}
    items = services.catalogue.results()
    texts = [item.text for item in items]
    item = next(item for item in items
                if item.code not in used and not item.is_output and texts.count(item.text) == 1)
    upcoming = services.upcoming(limit=40)
    webinar = next(event for event in upcoming if event.kind is EventKind.WEBINAR)
    workshop = next(event for event in upcoming if event.kind is EventKind.WORKSHOP)
    past = services.find(EventQuery(scope=TimeScope.PAST, limit=1, newest_first=True))[0]
    chosen = (webinar, workshop, past)
    for event in chosen:
        services.results.tag_event(event.uid, [item.code])
    untagged = next(e for e in upcoming if e.kind is EventKind.WEBINAR and e.id != webinar.id)
    return Tagged(services, item, chosen, untagged)


def test_the_facet_lists_the_plan_items(demo_services: Services) -> None:
    labels = dict(value_labels(RESULT, demo_services.catalogue))
    assert len(labels) == 88  # 44 outputs and 44 indicators
    assert labels["BC-2-v"].startswith("BC-2-v: Number of Parties trained on the use of a new reporting")
    assert "BC-1-out-iii" in labels


def test_an_event_reads_its_tags(tagged: Tagged) -> None:
    read = tagged.services.scheduling.get_by_uid(tagged.events[0].uid)
    assert tagged.item.code in read.results
    assert tagged.item.code not in tagged.services.scheduling.get_by_uid(tagged.untagged.uid).results


@pytest.mark.parametrize("question", ["events for {code}", "{code}", "{lower}", "what serves {code}?"])
def test_a_question_naming_a_code_finds_exactly_the_tagged_events(tagged: Tagged, question: str) -> None:
    code = tagged.item.code
    answer = tagged.services.query.ask(question.format(code=code, lower=code.lower()), limit=50)
    assert answer.understood.results == (code,)
    assert [event.uid for event in answer.events] == [event.uid for event in tagged.events[:2]]
    assert answer.total == 2  # upcoming only: the past one is not asked for


def test_a_code_with_a_kind_and_the_past(tagged: Tagged) -> None:
    code, (webinar, _, past) = tagged.item.code, tagged.events
    answer = tagged.services.query.ask(f"{code} webinars", limit=50)
    assert [event.uid for event in answer.events] == [webinar.uid]
    assert answer.understood.kinds == ("webinar",) and answer.understood.results == (code,)
    answer = tagged.services.query.ask(f"past events for {code}", limit=50)
    assert [event.uid for event in answer.events] == [past.uid]


def test_the_understood_line_names_the_code_in_the_asker_language(tagged: Tagged) -> None:
    code = tagged.item.code
    query = tagged.services.query
    understood = query.parse(f"{code} webinars")
    assert query.describe(understood, "en").startswith(f"I understood: webinars · indicator {code} · ")
    assert f"indicateur {code}" in query.describe(understood, "fr")
    assert f"المؤشر {code}" in query.describe(understood, "ar")
    assert f"индикатор {code}" in query.describe(understood, "ru")
    bot_line = understood_line(tr("es"), understood, "Europe/Madrid", query.vocabulary())
    assert f"indicador {code}" in bot_line and bot_line.startswith("🔎 ")
    output = query.parse("BC-1-out-iii")
    assert "output BC-1-out-iii" in query.describe(output, "en")
    assert "produit BC-1-out-iii" in query.describe(output, "fr")


def test_an_item_text_is_read_only_as_a_whole_phrase(tagged: Tagged) -> None:
    query = tagged.services.query
    whole = query.ask(tagged.item.text, limit=50)
    assert whole.understood.results == (tagged.item.code,)
    assert [event.uid for event in whole.events] == [event.uid for event in tagged.events[:2]]
    for words in ("training", "Parties", "reporting format", "webinars for Parties"):
        assert query.parse(words).results == (), words
    assert query.parse("training").kinds == ("training",)
    # the plan gives BC-1-ii and SC-1-iv the same words: the phrase names both
    shared = "Number of Parties that have developed or strengthened their legal and institutional frameworks"
    assert query.parse(shared).results == ("BC-1-ii", "SC-1-iv")


def test_the_per_item_feed_holds_exactly_the_tagged_events(tagged: Tagged) -> None:
    feeds = tagged.services.feeds
    name = f"result-{tagged.item.code.lower()}"
    document = feeds.feed(name)
    uids = _uids(document.body)
    in_window = _uids(feeds.feed("all").body)
    expected = {event.uid for event in tagged.events} & in_window
    assert uids == expected and {e.uid for e in tagged.events[:2]} <= uids
    assert tagged.untagged.uid in in_window and tagged.untagged.uid not in uids
    assert document.count == len(uids) and document.group == "result"
    calendar = icalendar.Calendar.from_ical(document.body)
    assert tagged.item.code in str(calendar["X-WR-CALNAME"])
    assert str(calendar["X-WR-CALDESC"]).startswith(f"Events serving {tagged.item.code}: ")
    french = feeds.feed(name, "fr")
    assert _uids(french.body) == uids
    assert "Événements au service de : " in str(icalendar.Calendar.from_ical(french.body)["X-WR-CALDESC"])


def test_an_item_no_event_serves_has_an_empty_feed(demo_services: Services) -> None:
    used = {code for event in demo_services.find(EventQuery(scope=TimeScope.ALL, limit=None))
            for code in event.results}
    item = next(item for item in demo_services.catalogue.results() if item.code not in used)
    document = demo_services.feeds.feed(f"result-{item.code.lower()}")
    assert document.count == 0 and _uids(document.body) == set()


def test_the_filtered_feed_takes_a_code(tagged: Tagged) -> None:
    feeds = tagged.services.feeds
    code = tagged.item.code
    filtered = feeds.filtered({"result": code})
    assert _uids(filtered.body) == _uids(feeds.feed(f"result-{code.lower()}").body)
    assert code in str(icalendar.Calendar.from_ical(filtered.body)["X-WR-CALNAME"])
    webinars = feeds.filtered({"result": code, "kind": "webinar"})
    tagged_webinars = {event.uid for event in tagged.events if event.kind is EventKind.WEBINAR}
    assert tagged.events[0].uid in _uids(webinars.body) <= tagged_webinars
    with pytest.raises(InvalidInput, match="Unknown result 'BC-9-x'"):
        feeds.filtered({"result": "BC-9-x"})


def test_the_export_lists_the_item_feeds(tagged: Tagged, tmp_path: Path) -> None:
    out = tmp_path / "out"
    tagged.services.feeds.export(out, languages=("fr",))
    listing = json.loads((out / "feeds.json").read_text("utf-8"))
    file = f"result-{tagged.item.code.lower()}.ics"
    entry = next(feed for feed in listing["feeds"] if feed["file"] == file)
    assert entry["events"] == len(_uids((out / file).read_bytes())) >= 2
    assert sum(1 for feed in listing["feeds"] if feed["file"].startswith("result-")) == 88
    assert "By output or indicator of the plan" in (out / "index.html").read_text("utf-8")
    assert "Par produit ou indicateur du plan" in (out / "fr" / "index.html").read_text("utf-8")
    assert (out / "fr" / file).exists()
