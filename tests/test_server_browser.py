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
SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "feeds-index.png"


class Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


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
    try:
        dom = (await _chromium(tmp_path, "--dump-dom", url)).decode("utf-8")
        shot = tmp_path / "index.png"
        await _chromium(tmp_path, f"--screenshot={shot}", "--window-size=412,2400", url)
    finally:
        await runner.cleanup()
    parser = Links()
    parser.feed(dom)
    documents = demo_services.feeds.build_all()
    for doc in documents:
        https = demo_services.feeds.links(doc.name)["https"]
        assert https in parser.hrefs, doc.name
        assert https.replace("http://", "webcal://", 1) in parser.hrefs, doc.name
    assert shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("BRS_UPDATE_SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)
