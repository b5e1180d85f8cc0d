"""End to end with the fake Bot API (issue 18): an event ends, the French attendee receives the
evaluation, answers its three questions in French in the same message, the answers are stored
without the participant and the report shows the response rate; then they ask for a certificate,
receive a PDF that opens and whose code verifies over HTTP."""

from __future__ import annotations

import json
from datetime import date

from brs_coord.clock import FixedClock
from brs_coord.config import Settings
from brs_coord.results import Period
from brs_coord.services import Services
from brs_coord.services.certificate_codes import shown_code
from brs_coord.services.results_report import to_markdown
from tests.bot_helpers import act, bot_running
from tests.certificate_helpers import ask_for_certificate, held_workshop, pdf_text, verify_over_http
from tests.evaluation_helpers import answer_evaluation, deliver_evaluations, says_hello
from tests.fakebot import FakeBotAPI

FRENCH = {"language_code": "fr", "first_name": "Jeanne Dupont"}


async def test_an_attendee_evaluates_in_french_then_receives_a_certificate_that_verifies(
    fake: FakeBotAPI, services: Services, settings: Settings, clock: FixedClock
) -> None:
    held = held_workshop(services, clock, language="fr")
    async with bot_running(fake, services, settings):
        await says_hello(fake, held.attendee, **FRENCH)
        assert await deliver_evaluations(services, fake) == 1  # the attendee only (not 50 %, not absent)
        question = fake.last_message(held.attendee)
        assert "Atelier régional sur les déchets électroniques" in question.text
        assert "utile" in question.text and ["1", "2", "3", "4", "5"] in question.button_texts
        assert not fake.messages_in(held.partial) and not fake.messages_in(held.absent)

        await answer_evaluation(fake, held.attendee, "4", "Partiellement",
                                "Très utile, mais trop court sur les douanes.", **FRENCH)
        final = fake.last_message(held.attendee)
        assert "commentaire" in final.text.lower()
        edited = [m for m in fake.messages_in(held.attendee) if m.message_id == question.message_id][0]
        assert "Merci" in edited.text and not edited.button_texts  # the same message, thanked
        # a second tap on an old button: already answered, nothing stored twice
        calls = await act(fake, lambda: fake.inject_callback(
            held.attendee, question.message_id, _button(services, settings, "evu", held.event.id, 2),
            **FRENCH), "answerCallbackQuery")
        assert "déjà répondu" in calls[-1].params["text"]
        print(fake.transcript_text(held.attendee))  # read it: pytest -s

        document = await ask_for_certificate(fake, held.attendee, "Atelier régional", **FRENCH)
        assert document.document["mime_type"] == "application/pdf"
        text = pdf_text(document.document_bytes)
        assert "Certificat de participation" in text and "Jeanne Dupont" in text
    code = services.store.certificates.get(held.event.id, _pid(services, held.attendee))
    assert code is not None and shown_code(code.code) in text
    status, kind, body = await verify_over_http(services, f"/verify/{code.code.lower()}.json")
    assert (status, kind) == (200, "application/json") and json.loads(body)["status"] == "valid"

    # stored anonymously: the answer has no participant and no time, the request no answer
    answers = list(services.store.session.db.query("SELECT * FROM evaluation_answers"))
    assert len(answers) == 1
    assert set(answers[0]) == {"response", "event_id", "usefulness", "will_apply", "comment", "is_demo"}
    assert (answers[0]["usefulness"], answers[0]["will_apply"]) == (4, "partly")
    assert answers[0]["comment"] == "Très utile, mais trop court sur les douanes."
    requests = list(services.store.session.db.query("SELECT * FROM evaluation_requests"))
    assert [(r["state"], r["response"]) for r in requests] == [("answered", None)]

    # the report: one of one asked answered; the figures themselves withheld under five answers
    services.results.tag_event(held.event.uid, ["BC-2-iii"])
    report = services.results.report(Period(date(2026, 1, 1), date(2026, 12, 31)))
    evaluation = next(e for e in report.evaluations if e.uid == held.event.uid)
    assert (evaluation.attendees, evaluation.asked, evaluation.responded) == (1, 1, 1)
    markdown = to_markdown(report)
    assert f"| {held.event.uid} | 2026-11-23 | <5 | <5 | <5 |  |  |  |  |" in markdown
    assert "trop court sur les douanes" not in markdown  # fewer than five answers: no comment shown


def _button(services: Services, settings: Settings, action: str, *args: object) -> str:
    from brs_coord.bot.callbacks import CallbackCodec
    from tests.bot_helpers import TOKEN

    return CallbackCodec(TOKEN).encode(action, *args)


def _pid(services: Services, telegram_id: int) -> int:
    participant = services.store.participants.by_telegram_id(telegram_id)
    assert participant is not None
    return participant.id


async def test_an_arabic_attendee_skips_the_comment_and_a_forged_button_is_refused(
    fake: FakeBotAPI, services: Services, settings: Settings, clock: FixedClock
) -> None:
    from tests.bot_helpers import shown

    held = held_workshop(services, clock, language="ar")
    arabic = {"language_code": "ar", "first_name": "Jeanne"}
    async with bot_running(fake, services, settings):
        await says_hello(fake, held.attendee, **arabic)
        assert await deliver_evaluations(services, fake) == 1
        question = fake.last_message(held.attendee)
        assert "التقييم" in shown(question.text) and "مفيد" in shown(question.text)
        forged = f"1:evu:{held.event.id}:5:AAAAAAAA"
        calls = await act(fake, lambda: fake.inject_callback(held.attendee, question.message_id, forged,
                                                             **arabic), "answerCallbackQuery")
        assert calls[-1].params.get("show_alert") and services.store.session.db.execute(
            "SELECT count(*) FROM evaluation_answers").fetchone()[0] == 0
        await answer_evaluation(fake, held.attendee, "5", "نعم", None, skip="تخطٍّ", **arabic)
        thanked = fake.last_message(held.attendee)
        assert thanked.message_id == question.message_id and "شكرًا" in shown(thanked.text)
        print(fake.transcript_text(held.attendee))
    [answer] = services.store.session.db.query(
        "SELECT usefulness, will_apply, comment FROM evaluation_answers")
    assert answer == {"usefulness": 5, "will_apply": "yes", "comment": None}
