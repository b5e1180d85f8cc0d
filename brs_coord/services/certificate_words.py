"""A certificate's wording in one of the six languages: the page the PDF renderer draws and the facts
the verification page lists (dates and hours formatted by Babel for that language)."""

from __future__ import annotations

from datetime import date

from babel.dates import format_interval
from babel.numbers import format_decimal, format_percent

from ..languages import is_rtl
from ..records import Certificate
from .certificate_codes import shown_code
from .certificate_pdf import CertificatePage
from .translation import catalogue


def dates_text(certificate: Certificate, language: str) -> str:
    """The event's dates in its zone, as one date or a span ("9–11 nov. 2026")."""
    starts, ends = date.fromisoformat(certificate.starts_on), date.fromisoformat(certificate.ends_on)
    return format_interval(starts, ends, "yMMMd", locale=language)


def hours_text(certificate: Certificate, language: str) -> str | None:
    """\"18 hours\" in ``language``; None for an all-day event (no hours)."""
    if certificate.minutes is None:
        return None
    hours = round(certificate.minutes / 60, 1)
    shown = format_decimal(hours, format="#,##0.#", locale=language)
    whole = int(hours) if hours == int(hours) else 2  # a fraction takes the plural form
    n = catalogue(language).ngettext
    return n("{hours} hour", "{hours} hours", whole).format(hours=shown)


def facts(certificate: Certificate, language: str) -> tuple[tuple[str, str], ...]:
    """Dates, hours, share attended and organiser, each (label, value), in ``language``."""
    t = catalogue(language).gettext
    found = [(t("Dates"), dates_text(certificate, language))]
    if (hours := hours_text(certificate, language)) is not None:
        found.append((t("Hours"), hours))
    found.append((t("Attended"), format_percent(certificate.share, locale=language)))
    found.append((t("Organiser"), t(certificate.organiser)))
    return tuple(found)


def page(certificate: Certificate, title: str, language: str, verify_url: str) -> CertificatePage:
    """The certificate's page in ``language`` with the event's ``title``."""
    t = catalogue(language).gettext
    return CertificatePage(
        heading=t("Certificate of attendance"),
        certifies=t("This is to certify that"),
        holder=certificate.holder,
        attended=t("attended"),
        event_title=title,
        facts=facts(certificate, language),
        code_label=t("Verification code"),
        code=shown_code(certificate.code),
        verify_line=t("Check this certificate at %(url)s") % {"url": verify_url},
        rtl=is_rtl(language),
        language=language,
        title=f"{t('Certificate of attendance')} — {title}",
    )
