"""`brs-coord export --language` (issue 15): each language's feeds and index page in a folder of its
own, the paths and bytes the feed server answers (/calendars/fr/all.ics, /fr/), parsed back with
icalendar; unchanged files left alone, retired feeds removed; English unchanged."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest

from brs_coord.services import Services
from brs_coord.services.feed_words import calendar_title
from brs_coord.services.translation import catalogue
from tests.cli_helpers import invoke
from tests.conftest import make_event

TRANSLATED = {
    "fr": "Webinaire sur les inventaires", "ar": "ندوة عن قوائم جرد النفايات", "zh": "电子废物清单网络研讨会",
}


def _event(services: Services) -> str:
    translations = tuple((code, title, "") for code, title in TRANSLATED.items())
    return services.scheduling.create(make_event(translations=translations)).event.uid


def test_the_export_writes_the_feeds_in_french_arabic_and_chinese_as_the_server_serves_them(
    services: Services, tmp_path: Path,
) -> None:
    uid = _event(services)
    out = tmp_path / "out"
    report = services.feeds.export(out, languages=("fr", "ar", "zh", "fr", "en"))
    names = [spec.name for spec in services.feeds.specs()]
    for lang, title in TRANSLATED.items():
        t = catalogue(lang).gettext
        for name in names:
            body = (out / lang / f"{name}.ics").read_bytes()
            assert body == services.feeds.feed(name, lang).body  # the server's bytes
        cal = icalendar.Calendar.from_ical((out / lang / "kind-webinar.ics").read_bytes())
        assert str(cal["X-WR-CALNAME"]) == calendar_title(lang, t("Webinars"))
        assert str(cal["SOURCE"]).endswith(f"/calendars/{lang}/kind-webinar.ics")
        [vevent] = [v for v in cal.walk("VEVENT") if str(v["UID"]) == uid]
        assert str(vevent["SUMMARY"]) == title
        page = (out / lang / "index.html").read_text("utf-8")
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in page
        assert f"/calendars/{lang}/all.ics" in page
    assert sorted(path.name for path in out.iterdir() if path.is_dir()) == ["ar", "fr", "zh"]
    english = icalendar.Calendar.from_ical((out / "all.ics").read_bytes())
    assert str(next(v for v in english.walk("VEVENT") if str(v["UID"]) == uid)["SUMMARY"]) == (
        "Webinar on e-waste inventories"
    )
    assert f"fr/{names[0]}.ics" in report.written and "zh/index.html" in report.written
    again = services.feeds.export(out, languages=("fr",))
    assert not [name for name in again.written if name.startswith("fr/")]
    assert f"fr/{names[0]}.ics" in again.unchanged


def test_a_language_s_retired_feed_is_removed(services: Services, tmp_path: Path) -> None:
    out = tmp_path / "out"
    services.feeds.export(out, languages=("ru",))
    (out / "ru" / "programme-retired.ics").write_bytes(b"old")
    (out / "ru" / "notes.txt").write_text("mine")
    report = services.feeds.export(out, languages=("ru",))
    assert report.removed == ["ru/programme-retired.ics"]
    assert (out / "ru" / "notes.txt").exists() and (out / "ru" / "all.ics").exists()


def test_the_export_command_takes_languages(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRS_DB", str(services.settings.db_path))
    services.close()
    out = tmp_path / "cli-out"
    result = invoke("export", "--out", str(out), "--language", "all")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["ar", "es", "fr", "ru", "zh"]
    chinese = icalendar.Calendar.from_ical((out / "zh" / "all.ics").read_bytes())
    assert str(chinese["X-WR-CALNAME"]).startswith(catalogue("zh").gettext("BRS technical assistance"))
    refused = invoke("export", "--out", str(out), "--language", "de")
    assert refused.exit_code == 2 and "'de' is not one of" in refused.output
