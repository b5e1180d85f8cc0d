"""The one language registry: every language the service knows, with its own name for itself, its
direction, plural rule, the codes other libraries know it by and what is supported in it (no I/O).
Every face reads the lists below; no other list of languages is kept in the code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Language:
    """One language: ``interface`` (replies, menus, notices are written in it), ``questions``
    (questions are read in it), ``catalogue`` (the catalogue's names are kept in it)."""

    code: str  # ISO 639-1, the key of names and gettext catalogues
    native: str  # its own name for itself
    script: str  # the first word of the Unicode names of its letters ("LATIN", "ARABIC", "CJK")
    name: str = ""  # its English name ("Arabic"): how events' languages are labelled in English
    direction: str = "ltr"  # "rtl" for Arabic
    plural: str = "nplurals=2; plural=(n != 1);"  # the gettext Plural-Forms rule
    cldr: str = ""  # Babel/CLDR locale ("" = the code)
    dateparser: str = ""  # dateparser language ("" = the code)
    interface: bool = True
    questions: bool = True
    catalogue: bool = True

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def spaced(self) -> bool:
        """Whether its words and sentences are separated by spaces (Chinese writes none, not even
        around numbers)."""
        return self.script != "CJK"


# The six official languages of the United Nations, English first (the default), then the languages
# an event may be held in that are none of the six (no interface, questions or catalogue in them).
REGISTRY: tuple[Language, ...] = (
    Language("en", "English", "LATIN", "English"),
    Language("fr", "Français", "LATIN", "French", plural="nplurals=2; plural=(n > 1);"),
    Language("es", "Español", "LATIN", "Spanish"),
    Language(
        "ar", "العربية", "ARABIC", "Arabic", direction="rtl",
        plural="nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3"
               " : n%100>=11 ? 4 : 5);",
    ),
    Language("zh", "中文", "CJK", "Chinese", plural="nplurals=1; plural=0;", cldr="zh_Hans"),
    Language(
        "ru", "Русский", "CYRILLIC", "Russian",
        plural="nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 &&"
               " (n%100<10 || n%100>=20) ? 1 : 2);",
    ),
    Language("pt", "Português", "LATIN", "Portuguese", plural="nplurals=2; plural=(n > 1);",
             interface=False, questions=False, catalogue=False),
)
BY_CODE: dict[str, Language] = {language.code: language for language in REGISTRY}
# Every language an event may be held in, code -> English name (events' ``languages``).
EVENT_LANGUAGES: dict[str, str] = {lang.code: lang.name for lang in REGISTRY}

INTERFACE_LANGUAGES: dict[str, str] = {lang.code: lang.native for lang in REGISTRY if lang.interface}
CODES: tuple[str, ...] = tuple(INTERFACE_LANGUAGES)
DEFAULT = "en"  # the language of the catalogue's own names and of anyone who has not chosen

# The languages questions are read in, each with the script it is written in: text in no script
# of these is answered with help, not events.
QUESTION_LANGUAGES: dict[str, str] = {lang.code: lang.script for lang in REGISTRY if lang.questions}
CATALOGUE_LANGUAGES: tuple[str, ...] = tuple(lang.code for lang in REGISTRY if lang.catalogue)


def interface_language(code: str | None) -> str:
    """``code`` when it is an interface language, else the default."""
    return code if code in INTERFACE_LANGUAGES else DEFAULT


def is_rtl(code: str | None) -> bool:
    """True for a language written right to left."""
    language = BY_CODE.get(code or "")
    return language is not None and language.rtl


def plural_form(code: str, n: int) -> int:
    """The index of the plural form a count takes in a language (its gettext rule: 0 for "1 event"
    in English, 0-5 in Arabic, 0-2 in Russian, always 0 in Chinese)."""
    return _plural_rules(BY_CODE.get(code, BY_CODE[DEFAULT]).plural)(n)


@cache
def _plural_rules(rule: str) -> Callable[[int], int]:
    from gettext import c2py

    return c2py(rule.split("plural=", 1)[1].rstrip(";"))
