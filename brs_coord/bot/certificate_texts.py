"""The bot's words about certificates of attendance: the list, the refusals, the name to print."""

from __future__ import annotations

import html

from ..services.certificates import MAX_NAME, Refusal
from .i18n import N_, Tr

REFUSALS = {
    Refusal.NOT_REGISTERED: N_("You were not registered for this event, so there is no certificate for it."),
    Refusal.NOT_HELD: N_("Certificates are given once an event has been held and attendance recorded."),
    Refusal.NOT_ATTENDED: N_("The organisers have not recorded your attendance at this event, so there"
                             " is no certificate for it. If you took part, please write to them."),
    Refusal.BELOW_THRESHOLD: N_("A certificate needs attendance of at least %(needed)s of the event;"
                                " %(share)s of it is recorded for you."),
    Refusal.NO_NAME: N_("Which name should the certificate show? Send /certificate followed by it,"
                        " e.g. /certificate Jeanne Dupont."),
    Refusal.REVOKED: N_("The certificate for this event was withdrawn by the organisers."),
}


def percent(share: float) -> str:
    return f"{round(share * 100)} %"


def refusal(t: Tr, reason: Refusal, share: float | None, threshold: float) -> str:
    text = t(REFUSALS[reason])
    if reason is Refusal.BELOW_THRESHOLD:
        text = text % {"needed": percent(threshold), "share": percent(share or 0.0)}
    return text


def eligible(t: Tr, name: str, count: int) -> str:
    """The head of /certificate: what to tap, and the name that will be printed."""
    if count == 0:
        return t("You have no certificate to ask for yet: certificates are given for events you"
                 " attended (at least three quarters of them) once they have been held.")
    head = t("Certificates of attendance: tap an event to receive its certificate as a PDF.")
    printed = t("The name printed: <b>%(name)s</b>. To print another, send /certificate followed by it.")
    return f"{head}\n\n{printed % {'name': html.escape(name)}}"


def name_saved(t: Tr, name: str) -> str:
    return t("Certificates issued from now on will show the name <b>%(name)s</b>.") % {
        "name": html.escape(name)
    }


def name_refused(t: Tr) -> str:
    return t("This name cannot be printed: use letters, at most %(count)s characters, no control"
             " characters.") % {"count": MAX_NAME}


def caption(t: Tr, code: str) -> str:
    return t("Your certificate of attendance. Verification code: %(code)s") % {"code": code}
