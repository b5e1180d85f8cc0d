"""/verify/<code>: is a certificate of attendance genuine? An HTML page in the asker's language
(``?lang=`` or Accept-Language) or JSON (``Accept: application/json`` or ``/verify/<code>.json``):
valid, revoked or unknown, with the event, its dates and the holder's name shown in part (first
name and initials: enough to match the paper, not enough to publish who attended what)."""

from __future__ import annotations

import asyncio
import html
import json
import re

from aiohttp import web

from ..languages import CODES, DEFAULT, is_rtl
from ..services.certificate_codes import normalise_code, shown_code
from ..services.certificate_words import dates_text, hours_text
from ..services.certificates import CertificateService, State, Verification, holder_shown
from ..services.translation import N_, catalogue

CERTIFICATES = web.AppKey("certificates", CertificateService)
SHAPE = re.compile(r"^[A-Za-z0-9-]{10,11}(\.json)?$")
HEADLINES = {
    State.VALID: N_("This certificate is valid"),
    State.REVOKED: N_("This certificate was withdrawn"),
    State.UNKNOWN: N_("No certificate has this code"),
}
EXPLAINED = {
    State.VALID: N_("It was issued by the BRS technical-assistance calendar to the person named below."),
    State.REVOKED: N_("It was issued, then withdrawn: the attendance it rested on was corrected, or"
                      " the organisers revoked it. It no longer certifies attendance."),
    State.UNKNOWN: N_("Check the code printed at the foot of the certificate (ten letters and digits)."),
}
SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def asked_language(request: web.Request) -> str:
    """``?lang=`` when one of the six, else the first of Accept-Language's that is, else English."""
    asked = request.query.get("lang", "").strip()
    if asked in CODES:
        return asked
    for part in request.headers.get("Accept-Language", "").split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in CODES:
            return code
    return DEFAULT


def as_json(result: Verification, code: str) -> dict[str, object]:
    found = result.certificate
    body: dict[str, object] = {"code": shown_code(code), "status": result.state.value}
    if found is not None:
        body.update(holder=holder_shown(found.holder), event=found.event_title, starts_on=found.starts_on,
                    ends_on=found.ends_on, minutes=found.minutes, organiser=found.organiser,
                    issued_on=found.issued_at.date().isoformat())
    return body


def as_html(result: Verification, code: str, lang: str) -> str:
    t = catalogue(lang).gettext
    rows = ""
    if (found := result.certificate) is not None:
        facts = [(t("Holder"), holder_shown(found.holder)), (t("Event"), found.event_title),
                 (t("Dates"), dates_text(found, lang))]
        if (hours := hours_text(found, lang)) is not None:
            facts.append((t("Hours"), hours))
        facts.append((t("Organiser"), t(found.organiser)))
        rows = "".join(  # <bdi>: a Latin name keeps its full stop on an Arabic page
            f"<tr><th style=\"text-align:start;padding-inline-end:1rem\">{html.escape(k)}</th>"
            f"<td><bdi>{html.escape(v)}</bdi></td></tr>" for k, v in facts
        )
        rows = f"<table>{rows}</table>"
    colour = {State.VALID: "#0a6b2d", State.REVOKED: "#a3262a", State.UNKNOWN: "#555"}[result.state]
    direction = "rtl" if is_rtl(lang) else "ltr"
    return (
        f"<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{direction}\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{html.escape(t(HEADLINES[result.state]))}</title></head>"
        "<body style=\"font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem\">"
        f"<h1 style=\"color:{colour}\">{html.escape(t(HEADLINES[result.state]))}</h1>"
        f"<p>{html.escape(t(EXPLAINED[result.state]))}</p>"
        f"<p>{html.escape(t('Verification code'))}: <bdi><code>{shown_code(code)}</code></bdi></p>{rows}"
        f"<p><a href=\"/\">{html.escape(t('All BRS calendars'))}</a></p></body></html>\n"
    )


async def verify(request: web.Request) -> web.StreamResponse:
    """/verify/<code>[.json]: 404 for anything that cannot be a code (the input never echoed)."""
    raw = request.match_info["code"]
    code = normalise_code(raw.removesuffix(".json")) if SHAPE.match(raw) else None
    if code is None:
        raise web.HTTPNotFound(text="There is no certificate at this address.\n")
    result = await asyncio.to_thread(request.app[CERTIFICATES].verify, code)
    status = 404 if result.state is State.UNKNOWN else 200
    if raw.endswith(".json") or "application/json" in request.headers.get("Accept", ""):
        return web.Response(status=status, text=json.dumps(as_json(result, code), ensure_ascii=False),
                            content_type="application/json", headers=SECURITY)
    return web.Response(status=status, text=as_html(result, code, asked_language(request)),
                        content_type="text/html", charset="utf-8", headers=SECURITY)
