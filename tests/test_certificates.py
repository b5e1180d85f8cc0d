"""Certificates of attendance: who may have one, what the PDF says in five languages, the same code
when asked again, revocation after a correction, and the codes."""

from __future__ import annotations

import pytest

from brs_coord.clock import FixedClock
from brs_coord.domain import Status
from brs_coord.errors import InvalidInput
from brs_coord.services import Services
from brs_coord.services.certificate_codes import ALPHABET, CODE_LENGTH, normalise_code, shown_code
from brs_coord.services.certificates import Refusal, Refused, State, clean_name, holder_shown
from tests.certificate_helpers import held_workshop, pdf_text


def test_eligibility_rules(services: Services, clock: FixedClock) -> None:
    held = held_workshop(services, clock)
    certificates = services.certificates
    assert [e.id for e in certificates.eligible_events(held.attendee)] == [held.event.id]
    assert certificates.eligible_events(held.partial) == []
    for telegram_id, reason in [(held.partial, Refusal.BELOW_THRESHOLD), (held.absent, Refusal.NOT_ATTENDED)]:
        with pytest.raises(Refused) as refused:
            certificates.issue(telegram_id, held.event.id)
        assert refused.value.reason is reason
    stranger = services.participants.get_or_create(7999, chat_id=7999, first_name="Zoe")
    with pytest.raises(Refused) as refused:
        certificates.issue(stranger.telegram_id, held.event.id)
    assert refused.value.reason is Refusal.NOT_REGISTERED


def test_an_event_not_held_gives_none(services: Services, clock: FixedClock) -> None:
    held = held_workshop(services, clock, held=False)
    assert held.event.status is not Status.HELD
    with pytest.raises(Refused) as refused:
        services.certificates.issue(held.attendee, held.event.id)
    assert refused.value.reason is Refusal.NOT_HELD


@pytest.mark.parametrize("language, words", [
    ("fr", ["Certificat de participation", "Atelier régional sur les déchets électroniques", "nov. 2026",
            "24 heures", "100 %"]),
    ("ar", ["شهادة حضور", "نوفمبر", "24"]),
    ("zh", ["出席证书", "2026年11月23日", "24"]),
    ("ru", ["Сертификат участия", "нояб. 2026", "24 часа"]),
])
def test_the_pdf_says_who_what_when_how_long_who_organised_and_its_code(
    services: Services, clock: FixedClock, language: str, words: list[str]
) -> None:
    held = held_workshop(services, clock, language=language)
    issued = services.certificates.issue(held.attendee, held.event.id)
    text = pdf_text(issued.pdf)
    for expected in [*words, "Jeanne Dupont", shown_code(issued.certificate.code)]:
        assert expected in text, (expected, text)
    secretariat = {"fr": "Secrétariat", "ar": "أمانة", "zh": "秘书处", "ru": "Секретариат"}[language]
    assert secretariat in text
    assert issued.filename == f"certificate-2026-11-23-{issued.certificate.code}.pdf"
    assert issued.certificate.minutes == 24 * 60  # three days of 8 hours


def test_asking_again_gives_the_same_code_and_a_correction_revokes_it(
    services: Services, clock: FixedClock
) -> None:
    held = held_workshop(services, clock)
    first = services.certificates.issue(held.attendee, held.event.id).certificate
    again = services.certificates.issue(held.attendee, held.event.id).certificate
    assert again.code == first.code and again.issued_at == first.issued_at
    assert services.certificates.verify(shown_code(first.code).lower()).state is State.VALID
    participant = services.participants.get_or_create(held.attendee, chat_id=held.attendee)
    services.registrations.mark_attendance(held.event.id, participant.id, True, share=0.6)
    assert services.certificates.verify(first.code).state is State.REVOKED
    services.registrations.mark_attendance(held.event.id, participant.id, True, share=0.9)
    assert services.certificates.verify(first.code).state is State.VALID
    assert services.certificates.revoke(first.code, "issued in error")
    assert services.certificates.verify(first.code).state is State.REVOKED
    with pytest.raises(Refused) as refused:
        services.certificates.issue(held.attendee, held.event.id)
    assert refused.value.reason is Refusal.REVOKED
    assert services.certificates.verify("ABCDE-FGHJK").state is State.UNKNOWN


def test_codes_and_names() -> None:
    assert len(ALPHABET) == 32 and not set("01IO") & set(ALPHABET)
    assert normalise_code(" abcde-fghjk ") == "ABCDEFGHJK"
    assert normalise_code("ABCDE-FGHJ0") is None and normalise_code("i" * CODE_LENGTH) is None
    assert clean_name("  Jeanne   Dupont ") == "Jeanne Dupont"
    for bad in ["Jeanne\x07", "\u202eevil", "12345", "x" * 81, ""]:
        with pytest.raises(InvalidInput):
            clean_name(bad)
    assert holder_shown("Jeanne Marie Dupont") == "Jeanne M. D."


def test_a_name_given_by_the_participant_is_printed(services: Services, clock: FixedClock) -> None:
    held = held_workshop(services, clock)
    services.certificates.set_printed_name(held.attendee, "Jeanne-Marie Dupont-Moreau")
    issued = services.certificates.issue(held.attendee, held.event.id)
    assert issued.certificate.holder == "Jeanne-Marie Dupont-Moreau"


def test_staff_verify_and_revoke_from_the_command_line(services: Services, clock: FixedClock) -> None:
    from tests.cli_helpers import invoke

    held = held_workshop(services, clock)
    code = shown_code(services.certificates.issue(held.attendee, held.event.id).certificate.code)
    env = {"BRS_DB": str(services.store.path)}
    shown = invoke("certificate", "verify", code, env=env, clock=clock)
    assert shown.exit_code == 0 and shown.output.startswith("valid: Jeanne Dupont — Atelier régional")
    revoked = invoke("certificate", "revoke", code, "--reason", "issued twice", env=env, clock=clock)
    assert revoked.exit_code == 0
    shown = invoke("certificate", "verify", code, env=env, clock=clock)
    assert shown.output.startswith("revoked:") and "issued twice" in shown.output
    assert invoke("certificate", "revoke", code, "--reason", "again", env=env, clock=clock).exit_code != 0
    assert invoke("certificate", "verify", "ABCDE-FGHJK", env=env, clock=clock).exit_code != 0


def test_forgetting_a_participant_deletes_their_certificates(services: Services, clock: FixedClock) -> None:
    held = held_workshop(services, clock)
    code = services.certificates.issue(held.attendee, held.event.id).certificate.code
    assert services.participants.forget(held.attendee)
    assert services.certificates.verify(code).state is State.UNKNOWN
