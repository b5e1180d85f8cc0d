"""The index page in headless Chromium: it renders (screenshot) and every feed link is in the DOM."""

from __future__ import annotations

import asyncio
import html.parser
import os
import shutil
from pathlib import Path

import pytest

from brs_coord.server import start_feed_server
from brs_coord.services import Services

pytestmark = pytest.mark.browser

CHROMIUM = next((shutil.which(name) for name in ("chromium", "chromium-browser") if shutil.which(name)), None)
DOCS = Path(__file__).resolve().parent.parent / "docs"
SIZES = {"feeds-index.png": (1280, 900), "feeds-index-phone.png": (390, 844)}  # desktop, phone


class Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


class Labelled(html.parser.HTMLParser):
    """(feed, accessible name) of every subscribe button: its aria-label, else its text."""

    def __init__(self) -> None:
        super().__init__()
        self.item = ""
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "li" and "feed" in values.get("class", "").split():
            self.item = values.get("id", "").removeprefix("feed-")
        if tag == "a" and "button" in values.get("class", "").split():
            self.links.append((self.item, values.get("aria-label", "")))


async def _chromium(tmp_path: Path, *args: str) -> bytes:
    process = await asyncio.create_subprocess_exec(
        CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}", "--no-first-run", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )
    out, _ = await asyncio.wait_for(process.communicate(), timeout=90)
    assert process.returncode == 0
    return out


def in_ci() -> bool:
    """True under CI (the CI variable set, as CI services do), where Chromium is installed."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_chromium() -> None:
    """Skip without Chromium on a developer machine; under CI its absence is a failure."""
    if CHROMIUM is not None:
        return
    if in_ci():
        pytest.fail("CI is set but headless Chromium is not installed (no chromium or chromium-browser "
                    "on PATH): CI must install it (apt-get install chromium)", pytrace=False)
    pytest.skip("headless Chromium is not installed (apt-get install chromium)")


async def test_index_page_in_chromium(demo_services: Services, tmp_path: Path, unused_tcp_port: int) -> None:
    require_chromium()
    runner = await start_feed_server(demo_services, "127.0.0.1", unused_tcp_port, access_log=False)
    url = f"http://127.0.0.1:{unused_tcp_port}/"
    shots = {name: tmp_path / name for name in SIZES}
    try:
        dom = (await _chromium(tmp_path, "--dump-dom", url)).decode("utf-8")
        for name, (width, height) in SIZES.items():
            await _chromium(tmp_path, f"--screenshot={shots[name]}", f"--window-size={width},{height}", url)
    finally:
        await runner.cleanup()
    parser = Links()
    parser.feed(dom)
    documents = demo_services.feeds.build_all()
    for doc in (doc for doc in documents if doc.count):  # a feed with no event offers no subscription
        https = demo_services.feeds.links(doc.name)["https"]
        assert https in parser.hrefs, doc.name
        assert https.replace("http://", "webcal://", 1) in parser.hrefs, doc.name
    labelled = Labelled()
    labelled.feed(dom)
    titles = {doc.name: doc.title.removeprefix("BRS technical assistance: ") for doc in documents}
    assert len(labelled.links) >= 5 * sum(1 for doc in documents if doc.count)
    for item, label in labelled.links:  # as the browser built the DOM: every button names its feed
        assert titles[item] in label, (item, label)
    for name, shot in shots.items():
        assert shot.stat().st_size > 10_000
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        if os.environ.get("BRS_UPDATE_SCREENSHOT") == "1":
            DOCS.mkdir(exist_ok=True)
            shutil.copyfile(shot, DOCS / name)


LANGUAGE_SHOTS = {
    **{f"feeds-index-{code}.png": (code, 1280, 900) for code in ("fr", "es", "ar", "zh", "ru")},
    "feeds-index-ar-phone.png": ("ar", 390, 844),
}


async def test_index_page_in_each_language_in_chromium(
    demo_services: Services, tmp_path: Path, unused_tcp_port: int
) -> None:
    """?lang=xx as the browser lays it out: the page's language and direction (rtl in Arabic, as
    the DOM Chromium built says), the feeds' titles in it, and a screenshot per language."""
    require_chromium()
    runner = await start_feed_server(demo_services, "127.0.0.1", unused_tcp_port, access_log=False)
    base = f"http://127.0.0.1:{unused_tcp_port}/"
    shots = {name: tmp_path / name for name in LANGUAGE_SHOTS}
    try:
        doms = {code: (await _chromium(tmp_path, "--dump-dom", f"{base}?lang={code}")).decode("utf-8")
                for code in ("ar", "zh")}  # fmt: skip
        for name, (code, width, height) in LANGUAGE_SHOTS.items():
            await _chromium(tmp_path, f"--screenshot={shots[name]}", f"--window-size={width},{height}",
                            f"{base}?lang={code}")
    finally:
        await runner.cleanup()
    assert '<html lang="ar" dir="rtl">' in doms["ar"] and '<html lang="zh" dir="ltr">' in doms["zh"]
    assert "كل الفعاليات" in doms["ar"] and "所有活动" in doms["zh"]
    parser = Links()
    parser.feed(doms["ar"])
    assert any(href.endswith("/calendars/ar/all.ics") for href in parser.hrefs)
    for name, shot in shots.items():
        assert shot.stat().st_size > 10_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        if os.environ.get("BRS_UPDATE_SCREENSHOT") == "1":
            DOCS.mkdir(exist_ok=True)
            shutil.copyfile(shot, DOCS / name)
