"""End to end with the fake Bot API: a French attendee asks for a certificate, receives a PDF that
opens and names them, and its code verifies over HTTP; a participant under the threshold and a
no-show are told why there is none. The steps are helpers (tests/certificate_helpers.py) so that the
evaluation scenario can run them after its "evaluation answered"."""

from __future__ import annotations

import json

from brs_coord.clock import FixedClock
from brs_coord.config import Settings
from brs_coord.services import Services
from brs_coord.services.certificate_codes import shown_code
from tests.bot_helpers import bot_running, shown
from tests.certificate_helpers import ask_for_certificate, held_workshop, pdf_text, verify_over_http
from tests.fakebot import FakeBotAPI


async def test_an_attendee_gets_a_pdf_whose_code_verifies_and_others_are_told_why_not(
    fake: FakeBotAPI, services: Services, settings: Settings, clock: FixedClock
) -> None:
    held = held_workshop(services, clock, language="fr")
    french = {"language_code": "fr", "first_name": "Jeanne Dupont"}
    async with bot_running(fake, services, settings):
        document = await ask_for_certificate(fake, held.attendee, "Atelier régional", **french)
        listing = fake.messages_in(held.attendee)[-2]
        assert "Certificats de participation" in listing.text and "Jeanne Dupont" in listing.text
        assert document.document["file_name"].startswith("certificate-2026-11-23-")
        assert document.document["mime_type"] == "application/pdf"
        text = pdf_text(document.document_bytes)
        for words in ["Certificat de participation", "Jeanne Dupont",
                      "Atelier régional sur les déchets électroniques", "23–25 nov. 2026", "24 heures",
                      "Secrétariat des conventions de Bâle"]:
            assert words in text, (words, text)
        certificate = services.store.certificates.get(held.event.id, _pid(services, held.attendee))
        assert certificate is not None
        code = certificate.code
        assert shown_code(code) in text and f"{settings.feed_base_url}/verify/{shown_code(code)}" in text
        assert shown_code(code) in document.text  # the caption

        # asked again: the same code
        again = await ask_for_certificate(fake, held.attendee, "Atelier régional", **french)
        assert shown_code(code) in pdf_text(again.document_bytes)

        # under the threshold: the reason, no document
        arabic = {"language_code": "ar", "first_name": "Ali"}
        from tests.bot_helpers import act

        await act(fake, lambda: fake.inject_message(held.partial, "/certificate", **arabic), "sendMessage")
        assert "ليست لديك شهادة" in shown(fake.last_message(held.partial).text)
        await act(fake, lambda: fake.inject_message(held.absent, "/certificate", language_code="ru",
                                                    first_name="Ivan"), "sendMessage")
        assert "пока нечего запросить" in fake.last_message(held.absent).text
        assert not [c for c in fake.calls("sendDocument") if c.params.get("chat_id") in
                    (str(held.partial), str(held.absent), held.partial, held.absent)]

    status, kind, body = await verify_over_http(services, f"/verify/{shown_code(code)}?lang=fr")
    assert (status, kind) == (200, "text/html")
    assert "Ce certificat est valide" in body and "Jeanne D." in body and "Dupont" not in body
    status, kind, body = await verify_over_http(services, f"/verify/{code.lower()}.json")
    assert (status, kind) == (200, "application/json")
    assert json.loads(body)["status"] == "valid" and json.loads(body)["starts_on"] == "2026-11-23"


def _pid(services: Services, telegram_id: int) -> int:
    participant = services.store.participants.by_telegram_id(telegram_id)
    assert participant is not None
    return participant.id


async def test_the_card_of_a_held_event_offers_the_certificate_and_explains_a_refusal(
    fake: FakeBotAPI, services: Services, settings: Settings, clock: FixedClock
) -> None:
    from tests.bot_helpers import act

    held = held_workshop(services, clock, language="en")
    services.participants.set_language(held.partial, "en")
    user = {"language_code": "en", "first_name": "Ali"}
    async with bot_running(fake, services, settings):
        await act(fake, lambda: fake.inject_message(held.partial, f"/start det-{held.event.id}", **user),
                  "sendMessage")
        card = fake.last_message(held.partial)
        assert "🎓 Certificate" in sum(card.button_texts, [])
        await act(fake, lambda: fake.press(held.partial, "🎓 Certificate", **user), "sendMessage")
        assert "at least 75 %" in fake.last_message(held.partial).text
        assert "50 %" in fake.last_message(held.partial).text


async def test_verification_pages_unknown_revoked_and_malformed(
    services: Services, clock: FixedClock
) -> None:
    held = held_workshop(services, clock)
    code = services.certificates.issue(held.attendee, held.event.id).certificate.code
    services.certificates.revoke(code, "attendance corrected")
    russian = {"Accept-Language": "ru, en;q=0.5"}
    status, _, body = await verify_over_http(services, f"/verify/{code}", **russian)
    assert status == 200 and "Сертификат отозван" in body and 'lang="ru"' in body
    status, _, body = await verify_over_http(services, "/verify/ABCDE-FGHJK?lang=ar")
    assert status == 404 and "لا توجد شهادة بهذا الرمز" in body and 'dir="rtl"' in body
    for malformed in ["/verify/%3Cscript%3E", "/verify/ABCDE-FGHJ0", "/verify/" + "A" * 40]:
        status, _, body = await verify_over_http(services, malformed)
        assert status == 404 and "script" not in body and "FGHJ0" not in body and "AAAA" not in body
