"""The language registry and the interface in six languages (issue 15): one list of languages that
every face reads, gettext catalogues with the plural rule CLDR gives, every count rendered in every
form of every language, and no interface string missing from any catalogue."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from brs_coord import domain, languages
from brs_coord.bot import keyboards
from brs_coord.bot.i18n import LOCALE_DIR, tr
from brs_coord.bot.settings_texts import lead_name
from brs_coord.date_words import FIRST_WEEKDAY, OFFER_PHRASES
from brs_coord.languages import BY_CODE, CODES, DEFAULT, QUESTION_LANGUAGES, REGISTRY
from brs_coord.services import feed_words, words

BOT_PACKAGE = Path(keyboards.__file__).resolve().parent
SERVICES_PACKAGE = Path(feed_words.__file__).resolve().parent
COUNTS = (0, 1, 2, 3, 11, 21, 100, 101)
TRANSLATED = tuple(code for code in CODES if code != DEFAULT)


def _plural(rule: str) -> tuple[int, object]:
    """(nplurals, a callable n -> form) of a gettext Plural-Forms rule."""
    nplurals = int(re.search(r"nplurals=(\d+)", rule)[1])  # type: ignore[index]
    return nplurals, gettext.c2py(re.search(r"plural=(.*?);?$", rule)[1])  # type: ignore[index]


def test_the_registry_holds_the_six_un_languages_with_their_directions() -> None:
    assert [lang.code for lang in REGISTRY if lang.interface] == ["en", "fr", "es", "ar", "zh", "ru"]
    assert CODES == tuple(QUESTION_LANGUAGES) == languages.CATALOGUE_LANGUAGES
    assert [code for code in CODES if languages.is_rtl(code)] == ["ar"]
    assert QUESTION_LANGUAGES == {"en": "LATIN", "fr": "LATIN", "es": "LATIN", "ar": "ARABIC",
                                  "zh": "CJK", "ru": "CYRILLIC"}  # fmt: skip
    assert {BY_CODE[code].native for code in CODES} >= {"العربية", "中文", "Русский"}


def test_the_languages_of_events_are_the_registry_s() -> None:
    """domain.LANGUAGES (what an event may be held in) is read from the registry, not kept apart:
    the six, then languages with no interface (Portuguese), each by its English name."""
    assert domain.LANGUAGES is languages.EVENT_LANGUAGES
    assert list(domain.LANGUAGES) == [lang.code for lang in REGISTRY]
    assert domain.LANGUAGES["ar"] == "Arabic" and domain.LANGUAGES["pt"] == "Portuguese"
    assert "pt" not in CODES and "pt" not in QUESTION_LANGUAGES
    assert all(lang.name for lang in REGISTRY)


@pytest.mark.parametrize("code", CODES)
def test_every_language_has_its_words_dates_and_names(code: str) -> None:
    """What every face shows in a language exists in it: labels, help, dates, kinds' names."""
    assert all(code in labels for labels in words.DESCRIBE_LABELS.values())
    assert words.HELP_EXAMPLES[code] and code in FIRST_WEEKDAY
    assert all(code in phrases for phrases in OFFER_PHRASES.values())
    assert all(code in names for names in words.KIND_NAMES.values())
    assert all(code in names for names in words.STATUS_NAMES.values())
    assert all(code in titles for titles in words.LANGUAGE_TITLES.values())
    assert code in words.STOP_WORDS and code in words.COURTESY_WORDS


@pytest.mark.parametrize("code", CODES)
def test_the_plural_rule_is_cldr_s_and_the_catalogue_s(code: str) -> None:
    """The registry's rule groups whole numbers as CLDR's categories do (one form per category
    met), and is the rule of the language's gettext catalogue."""
    nplurals, form = _plural(BY_CODE[code].plural)
    assert nplurals == {"ar": 6, "ru": 3, "zh": 1}.get(code, 2)
    cldr = Locale.parse(BY_CODE[code].cldr or code).plural_form
    pairs = {(form(n), cldr(n)) for n in range(300)}  # type: ignore[operator]
    assert len(pairs) == len({f for f, _ in pairs}) == len({c for _, c in pairs}) == nplurals
    if code != DEFAULT:
        catalogue = read_po((LOCALE_DIR / code / "LC_MESSAGES" / "brs_coord.po").open("rb"))
        assert catalogue.num_plurals == nplurals
        po_form = gettext.c2py(catalogue.plural_expr)
        assert [po_form(n) for n in range(300)] == [form(n) for n in range(300)]  # type: ignore[operator]


@pytest.mark.parametrize("code", CODES)
def test_counts_render_in_every_plural_form(code: str) -> None:
    """n = 0, 1, 2, 3, 11, 21, 100, 101 in each language: the count is in the text, and the
    forms chosen are the language's (Arabic six, Russian three, Chinese one)."""
    t = tr(code)
    rendered = {n: lead_name(t, n) for n in COUNTS}  # none of them has a name ("1 hour before")
    also = {n: t.n("🌐 List the {count} online event open there",
                   "🌐 List the {count} online events open there", n).format(count=n) for n in COUNTS}
    for n in COUNTS:
        assert str(n) in rendered[n] and str(n) in also[n], (code, n)
    expected_forms = {"en": 2, "fr": 2, "es": 2, "ar": 6, "ru": 3, "zh": 1}[code]
    forms_seen = {_plural(BY_CODE[code].plural)[1](n) for n in COUNTS}  # type: ignore[operator]
    assert len(forms_seen) == expected_forms
    assert len(set(rendered.values())) == len(COUNTS)  # every count shown (no form drops the number)
    if code == "ru":
        assert (rendered[1], rendered[2], rendered[11], rendered[21], rendered[101]) == (
            "За 1 минуту", "За 2 минуты", "За 11 минут", "За 21 минуту", "За 101 минуту"
        )
    if code == "en":
        assert rendered[1] == "1 minute before" and rendered[0] == "0 minutes before"


def test_no_interface_string_is_missing_from_any_catalogue() -> None:
    """Every string and plural the bot marks (t, N_, t.n) is translated in every interface language,
    each plural in all of the language's forms, with the same fields."""
    keywords = {"t": None, "N_": None, "n": (1, 2)}
    marked = [msg[2] for msg in extract_from_dir(str(BOT_PACKAGE), keywords=keywords,
                                                  method_map=[("**.py", "python")])]  # fmt: skip
    # the feeds' words and the index page (services/feed_*.py), and the messages they translate
    # that are built rather than written (kind plurals, facets' feed words and headings)
    marked += [msg[2] for msg in extract_from_dir(str(SERVICES_PACKAGE), keywords=keywords,
                                                   method_map=[("feed_*.py", "python")])]  # fmt: skip
    # certificates: their wording (services/certificate_*.py) and the verification page (server)
    marked += [msg[2] for msg in extract_from_dir(str(SERVICES_PACKAGE), keywords=keywords,
                                                   method_map=[("certificate*.py", "python")])]  # fmt: skip
    marked += [msg[2] for msg in extract_from_dir(str(SERVICES_PACKAGE.parent / "server"), keywords=keywords,
                                                   method_map=[("verify.py", "python")])]  # fmt: skip
    # the refusal of a role's missing permission (staff commands in the bot; permissions.py)
    marked += [msg[2] for msg in extract_from_dir(str(SERVICES_PACKAGE.parent), keywords=keywords,
                                                   method_map=[("permissions.py", "python")])]  # fmt: skip
    marked += list(feed_words.OTHER_MESSAGES)
    marked = [m for m in marked if m and (not isinstance(m, tuple) or all(m))]
    singles = {m for m in marked if isinstance(m, str)}
    plurals = {m for m in marked if isinstance(m, tuple)}
    assert len(singles) > 150 and len(plurals) >= 4
    assert "How to subscribe" in singles and ("{n} event", "{n} events") in plurals
    for lang in TRANSLATED:
        with open(LOCALE_DIR / lang / "LC_MESSAGES" / "brs_coord.mo", "rb") as handle:
            catalogue = read_mo(handle)
        nplurals = _plural(BY_CODE[lang].plural)[0]
        missing = sorted(m for m in singles if not (catalogue.get(m) and catalogue.get(m).string))
        assert not missing, (lang, missing)
        for singular, plural in plurals:
            message = catalogue.get(singular)
            assert message is not None and isinstance(message.string, (tuple, list)), (lang, singular)
            assert len(message.string) == nplurals and all(message.string), (lang, singular)
            assert all("{" + _field(plural) + "}" in form for form in message.string), (lang, singular)


def _field(text: str) -> str:
    return re.search(r"\{(\w+)\}", text)[1]  # type: ignore[index]


def test_programmes_get_their_names_in_every_language_from_the_migration(tmp_path: Path) -> None:
    import sqlite3

    from brs_coord.clock import FixedClock
    from brs_coord.store import open_store
    from brs_coord.store.db import connect
    from brs_coord.store.migrations import migrations
    from tests.conftest import NOW

    path = tmp_path / "old.db"
    sqlite3.connect(path).close()
    old = connect(path)
    migrations.apply(old, stop_before="m012_programme_names")
    old.execute("INSERT INTO programmes (slug, name) VALUES ('e-waste', 'E-waste'), ('own', 'Our own')")
    old.conn.close()
    store = open_store(path, FixedClock(NOW))
    try:
        names = {p.slug: p.names for p in store.catalogue.programmes()}
    finally:
        store.close()
    assert names["e-waste"] == {"fr": "Déchets électroniques", "es": "Residuos electrónicos",
                                "ar": "النفايات الإلكترونية", "zh": "电子废物", "ru": "Электронные отходы"}
    assert names["own"] == {}


def test_every_catalogue_entry_is_named_in_every_catalogue_language() -> None:
    from brs_coord.store.reference_data import catalogue_data

    data = catalogue_data()
    others = set(languages.CATALOGUE_LANGUAGES) - {DEFAULT}
    for table in ("regions", "countries", "cities", "audiences", "programmes"):
        for entry in data[table]:
            assert set(entry["names"]) == others and all(entry["names"].values()), (table, entry["name"])
    for table in ("conventions", "regions", "audiences", "programmes"):
        for entry in data[table]:
            assert all(entry["aliases"].get(code) for code in ("ar", "zh", "ru")), (table, entry["name"])


def test_countries_carry_the_un_official_short_names_and_cldr_s_as_aliases() -> None:
    from brs_coord.store.reference_data import catalogue_data

    countries = {c["code"]: c for c in catalogue_data()["countries"]}
    iran, bolivia = countries["IR"], countries["BO"]
    assert iran["names"]["ru"] == "Иран (Исламская Республика)" and "Иран" in iran["aliases"]["ru"]
    assert iran["names"]["zh"] == "伊朗伊斯兰共和国" and "伊朗" in iran["aliases"]["zh"]
    assert bolivia["names"]["es"] == "Bolivia (Estado Plurinacional de)"
    korea = countries["KR"]
    assert korea["names"]["fr"] == "République de Corée" and "Corée du Sud" in korea["aliases"]["fr"]
