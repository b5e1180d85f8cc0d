"""Provenance of imported events (issue 20): in the feeds' DESCRIPTION (and the cached VEVENT
rebuilt exactly when the version it carries changes), in the TUI's detail pane and the bot's
Details card; and an import's new-event digest listing its other events, in the reader's language."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from brs_coord.bot import notice_texts
from brs_coord.partner_records import PartnerSource
from brs_coord.services import Services
from brs_coord.services.partner_notices import DIGEST_LINES
from brs_coord.tui.app import make_app
from brs_coord.tui.widgets.event_detail import EventDetail
from tests.bot_helpers import act, bot_running, shown
from tests.notice_helpers import participant
from tests.partner_sync_helpers import AUDIENCE, add_file_source
from tests.partner_tui_helpers import feed, vevent
from tests.test_tui_detail import pane_text
from tests.tui_helpers import select_event, settle, wait_until

PCB = "pcb-2@bcrc"


def _vevent_of(services: Services, uid: str, lang: str | None = None) -> str:
    """The unfolded VEVENT of the event imported under ``uid`` in the "all" feed (in ``lang``)."""
    event_uid = services.scheduling.get(_event_id(services, uid)).uid
    body = (services.feeds.feed("all", lang=lang) if lang else services.feeds.feed("all")).body
    text = body.decode().replace("\r\n ", "")
    start = text.index(f"UID:{event_uid}")
    return text[text.rindex("BEGIN:VEVENT", 0, start):text.index("END:VEVENT", start)]


def _event_id(services: Services, uid: str) -> int:
    return next(lk.event_id for s in services.partner_sync.sources()
                for lk in services.store.partner_sources.links(s.id) if lk.external_uid == uid)


def _source(services: Services, tmp_path: Path, *events: str) -> tuple[PartnerSource, Path]:
    path = tmp_path / "centre.ics"
    source = add_file_source(services, path, "wordpress_1.ics", trusted=True)
    path.write_bytes(feed(*events))
    return source, path


def test_the_feed_description_says_where_an_imported_event_comes_from(
    services: Services, tmp_path: Path,
) -> None:
    source, path = _source(services, tmp_path, vevent(PCB, "20270301T140000Z", "Webinar on PCBs"))
    assert services.partner_sync.sync(source.id).added == 1
    description = _vevent_of(services, PCB)
    centre = "Basel Convention Regional and Coordination Centre for Latin America and the Caribbean"
    assert f"\\nImported from: {centre}\\nUpstream:" in description  # a file source: its path is not shown
    assert str(path) not in description
    assert "Upstream: fetched 2026-11-21 10:00 UTC\\, SEQUENCE 0\\, LAST-MODIFIED 2026-11-20 08:00 UTC" \
        in description
    french = _vevent_of(services, PCB, "fr")
    assert "Importé de: " in french and "Source d’origine: récupéré le 2026-11-21 10:00 UTC" in french


def test_an_upstream_page_is_named_in_the_feed(services: Services, tmp_path: Path) -> None:
    page = "https://bcrc-uruguay.example.org/event/pcb/"
    event = vevent(PCB, "20270301T140000Z", "Webinar on PCBs")
    event = event.replace("END:VEVENT", f"URL:{page}\r\nEND:VEVENT")
    source, _ = _source(services, tmp_path, event)
    services.partner_sync.sync(source.id)
    assert f"Caribbean\\, {page}\\nUpstream:" in _vevent_of(services, PCB)


def test_the_cached_vevent_follows_the_version_it_carries(services: Services, tmp_path: Path) -> None:
    source, path = _source(services, tmp_path, vevent(PCB, "20270301T140000Z", "Webinar on PCBs"))
    sync = services.partner_sync
    sync.sync(source.id)
    first = _vevent_of(services, PCB)
    services.clock.advance(timedelta(hours=7))  # type: ignore[attr-defined]
    assert sync.sync(source.id).unchanged == 1  # fetched again, nothing new: the VEVENT is the same
    assert _vevent_of(services, PCB) == first
    path.write_bytes(feed(vevent(PCB, "20270301T150000Z", "Webinar on PCBs", sequence=3)))
    assert sync.sync(source.id).updated == 1
    moved = _vevent_of(services, PCB)
    assert "SEQUENCE 3" in moved and "fetched 2026-11-21 17:00 UTC" in moved and "SEQUENCE 0" not in moved
    sync.remove(source.id)  # the event stays, and so does where it came from
    assert _vevent_of_id(services, moved) == moved


def _vevent_of_id(services: Services, previous: str) -> str:
    uid_line = next(line for line in previous.splitlines() if line.startswith("UID:"))
    text = services.feeds.feed("all").body.decode().replace("\r\n ", "")
    start = text.index(uid_line)
    return text[text.rindex("BEGIN:VEVENT", 0, start):text.index("END:VEVENT", start)]


async def test_the_tui_detail_pane_shows_the_source(services: Services, tmp_path: Path) -> None:
    source, path = _source(services, tmp_path, vevent(PCB, "20261201T140000Z", "Webinar on PCBs"))
    services.partner_sync.sync(source.id)
    event_id = _event_id(services, PCB)
    app = make_app(services, poll_seconds=0)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await select_event(pilot, event_id)
        await wait_until(pilot, lambda: "Imported from" in pane_text(app))
        text = pane_text(app)
        assert "Source" in text and "Upstream SEQUENCE 0" in text and "bcrc-uruguay" in text
        assert app.screen.query_one(EventDetail).origin is not None


async def test_the_bot_details_card_says_where_the_event_comes_from(
    fake: object, services: Services, settings: object, tmp_path: Path,
) -> None:
    source, _ = _source(services, tmp_path, vevent(PCB, "20261201T140000Z", "Webinar on PCBs"))
    services.partner_sync.sync(source.id)
    event_id = _event_id(services, PCB)
    participant(services, 901, language="fr")
    async with bot_running(fake, services, settings) as bot:  # type: ignore[arg-type]
        await act(bot, lambda: bot.inject_message(901, f"/start det-{event_id}", language_code="fr"),
                  "sendMessage")
        card = shown(bot.last_message(901).text or "")
    assert "📥 Importé du calendrier de Basel Convention Regional and Coordination Centre for Latin America" \
        in card, card
    assert "Récupéré le 2026-11-21 10:00 UTC · version d’origine 0 · modifié à la source le 2026-11-20" \
        in card


def test_an_import_digest_lists_its_other_events_in_the_reader_s_language(
    services: Services, tmp_path: Path,
) -> None:
    readers = {lang: participant(services, 500 + i, language=lang)
               for i, lang in enumerate(("en", "fr", "ru"))}
    for person in readers.values():
        services.subscriptions.subscribe(person.id, "audience", AUDIENCE)
    source, _ = _source(services, tmp_path, *(
        vevent(f"w{i}@bcrc", f"2027030{i}T140000Z", f"Webinar {i}") for i in range(1, 4)))
    assert services.partner_sync.sync(source.id).added == 3
    services.clock.advance(timedelta(seconds=services.notices.batch_seconds + 1))  # type: ignore[attr-defined]
    ids = {p.id for p in readers.values()}
    notices = [n for n in services.notices.claim_due() if n.participant_id in ids]
    assert len(notices) == 3  # one a reader, not one an event
    texts = {n.participant_id: shown(notice_texts.render(n)) for n in notices}
    english, french, russian = (texts[readers[lang].id] for lang in ("en", "fr", "ru"))
    assert "Webinar 1" in english and "🆕 Also new, 2 more events:" in english
    assert "• <b>Webinar 2</b>, Tue 2 Mar" in english and "• <b>Webinar 3</b>, Wed 3 Mar" in english
    assert "Également nouveaux : 2 autres événements :" in french
    assert "Также новое: ещё 2 мероприятия:" in russian


def test_a_digest_of_many_names_the_first_and_counts_the_others(services: Services, tmp_path: Path) -> None:
    reader = participant(services, 600, language="fr")
    services.subscriptions.subscribe(reader.id, "audience", AUDIENCE)
    source, _ = _source(services, tmp_path, *(
        vevent(f"w{i}@bcrc", f"202703{i:02d}T140000Z", f"Webinar {i}") for i in range(1, 26)))
    assert services.partner_sync.sync(source.id).added == 25
    services.clock.advance(timedelta(seconds=services.notices.batch_seconds + 1))  # type: ignore[attr-defined]
    [notice] = [n for n in services.notices.claim_due() if n.participant_id == reader.id]
    assert len(notice.payload.sessions) == DIGEST_LINES and notice.payload.more == 15  # type: ignore[attr-defined]
    text = shown(notice_texts.render(notice))
    assert "Également nouveaux : 24 autres événements :" in text and "<b>Webinar 10</b>" in text
    assert "Webinar 11" not in text and text.rstrip().endswith("• et 15 autres")
