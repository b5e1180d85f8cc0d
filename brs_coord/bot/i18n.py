"""Translations (gettext catalogues in brs_coord/locale, compiled .mo shipped) and locale formatting.

Handlers get a :class:`Tr` for the participant's language: ``t("text")`` translates, ``t.n(...)``
handles plurals, and the date helpers format with Babel in that locale. Strings defined at module
level are marked with :func:`N_` and translated where they are shown.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_skeleton, format_time, get_timezone_location
from babel.lists import format_list

from ..bidi import rtl_safe
from ..languages import BY_CODE, CODES, interface_language, is_rtl
from ..services.translation import DOMAIN, LOCALE_DIR, N_, catalogue

__all__ = ["DOMAIN", "LANGUAGES", "LOCALE_DIR", "N_", "Tr", "tr"]

LANGUAGES = CODES


class Tr:
    """Everything language-dependent for one participant: messages, dates, names."""

    def __init__(self, language: str) -> None:
        self.language = interface_language(language)
        self._catalogue = catalogue(self.language)
        self.locale = Locale.parse(self.language)
        self._spaced = BY_CODE[self.language].spaced

    def __call__(self, message: str) -> str:
        return self._catalogue.gettext(message)

    def n(self, singular: str, plural: str, count: int) -> str:
        return self._catalogue.ngettext(singular, plural, count)

    def directed(self, text: str) -> str:
        """The text as it must be sent in this language: right-to-left lines with their
        left-to-right runs (times, symbols, URLs) isolated for Arabic (bidi.rtl_safe)."""
        return rtl_safe(text) if is_rtl(self.language) else text

    # ---- dates and names -----------------------------------------------------------------

    def day_time(self, instant: datetime, zone: str) -> str:
        """ "Tue 3 Mar, 15:00" in ``zone`` (in Chinese CLDR's order, without spaces: "3月3日周二 15:00")."""
        if not self._spaced:
            local = instant.astimezone(ZoneInfo(zone))
            return f"{format_skeleton('MMMEd', local, locale=self.locale)} {local:%H:%M}"
        return format_datetime(instant, "EEE d MMM, HH:mm", tzinfo=ZoneInfo(zone), locale=self.locale)

    def day(self, instant: datetime, zone: str) -> str:
        """ "Tue 3 Mar 2026" in ``zone`` (in Chinese "2026年3月3日周二")."""
        local = instant.astimezone(ZoneInfo(zone)).date()
        if not self._spaced:
            return format_skeleton("yMMMEd", local, locale=self.locale)
        return format_date(local, "EEE d MMM y", locale=self.locale)

    def month(self, instant: datetime, zone: str) -> str:
        return format_date(instant.astimezone(ZoneInfo(zone)).date(), "LLLL y", locale=self.locale)

    def time(self, instant: datetime, zone: str) -> str:
        return format_time(instant, "HH:mm", tzinfo=ZoneInfo(zone), locale=self.locale)

    def city(self, zone: str) -> str:
        """The place a zone is named after, in this language ("Europe/Zurich" → "Zurich", "Zúrich")."""
        if zone == "UTC":
            return "UTC"
        try:
            return str(get_timezone_location(ZoneInfo(zone), locale=self.locale, return_city=True))
        except Exception:  # Babel lacks some zones; the zone's own last part is a fine label
            return zone.rsplit("/", 1)[-1].replace("_", " ")

    def language_name(self, code: str) -> str:
        """A language's name in this language as CLDR writes it in running text ("français",
        "español", "русский" in lower case, "English" capitalised); menus and buttons show each
        language's own name instead (languages.INTERFACE_LANGUAGES: "Français")."""
        return str(self.locale.languages.get(code) or code)

    def languages_line(self, codes: tuple[str, ...]) -> str:
        """Languages as a line of their own: their names as CLDR lists them, the first capitalised
        ("Anglais et français", "英语和法语")."""
        line = format_list([self.language_name(code) for code in codes], style="standard", locale=self.locale)
        return line[:1].upper() + line[1:]

    def country_name(self, code: str, fallback: str) -> str:
        name: str = self.locale.territories.get(code, fallback)
        return name


@cache
def tr(language: str) -> Tr:
    return Tr(language)
