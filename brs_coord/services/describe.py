"""A readable line saying what a question was understood as, in English, French or Spanish."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from . import words
from .understanding import Understanding
from .vocabulary import Vocabulary

SEPARATOR = " · "


def _label(key: str, lang: str) -> str:
    return words.DESCRIBE_LABELS[key].get(lang, words.DESCRIBE_LABELS[key]["en"])


# babel's "d MMM" month abbreviations (CLDR) for the three languages: a table spares a cold start
# importing babel and loading its locale data; other languages still go through babel
_MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"),
}


def _day(moment: datetime, zone: ZoneInfo, lang: str) -> str:
    day = moment.astimezone(zone).date()
    months = _MONTHS.get(lang)
    if months is not None:
        return f"{day.day} {months[day.month - 1]}"
    from babel.dates import format_date

    return format_date(day, "d MMM", locale=lang)


def period_text(understanding: Understanding, lang: str = "en") -> str:
    """The period asked about: its phrase and its days in the asker's zone ('next month (1 Dec – 31 Dec)')."""
    start, end = understanding.start, understanding.end
    if start is None and end is None:
        return _label("past" if understanding.past else "from_now", lang)
    zone = ZoneInfo(understanding.tz)
    first = _day(start, zone, lang) if start else "…"
    last = _day(end - timedelta(microseconds=1), zone, lang) if end else "…"
    days = first if first == last else f"{first} – {last}"
    return f"{understanding.period} ({days})" if understanding.period else days


def describe(understanding: Understanding, vocabulary: Vocabulary, lang: str = "en") -> str:
    """"I understood: webinars · E-waste · next month (1 Dec – 31 Dec)" in the asker's language."""
    lang = lang if lang in ("en", "fr", "es") else "en"
    parts: list[str] = []
    parts += [words.KIND_NAMES.get(kind, {}).get(lang, kind) for kind in understanding.kinds]
    parts += [words.STATUS_NAMES.get(s, {}).get(lang, s) for s in understanding.statuses]
    for facet, slugs in (
        ("programme", understanding.programmes), ("audience", understanding.audiences),
        ("region", understanding.regions), ("convention", understanding.conventions),
    ):
        parts += [vocabulary.name_of(facet, slug, lang) for slug in slugs]
    parts += [words.LANGUAGE_NAMES.get(code, {}).get(lang, code) for code in understanding.languages]
    if understanding.past and (understanding.start or understanding.end):
        parts.append(_label("past", lang))
    parts.append(period_text(understanding, lang))
    if understanding.text:
        parts.append(f"{_label('text', lang)} “{understanding.text}”")
    line = f"{_label('understood', lang)}: {SEPARATOR.join(parts)}"
    if understanding.not_understood:
        line += f" ({_label('unknown', lang)}: {', '.join(understanding.not_understood)})"
    return line
