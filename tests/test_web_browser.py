"""`brs-coord web` in headless Chromium, driven over the DevTools protocol: with the proxy's user header
the staff TUI renders in the page as that user and a key press reaches it; without it, refused."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from tests.cdp import CHROMIUM, chromium_page, free_port
from tests.test_server_browser import in_ci

pytestmark = [pytest.mark.slow, pytest.mark.browser]
DOCS = Path(__file__).resolve().parent.parent / "docs"


def require_chromium() -> None:
    if CHROMIUM is not None:
        return
    if in_ci():
        pytest.fail("CI is set but headless Chromium is not installed: .ci/run installs it with apt-get",
                    pytrace=False)
    pytest.skip("headless Chromium is not installed (apt-get install chromium); the browser TUI test "
                "needs it")


@pytest.fixture
async def web_server(tmp_path: Path, demo_template: Path) -> AsyncIterator[str]:
    """`brs-coord web` on a free loopback port over a copy of the demo database; its address."""
    db = tmp_path / "demo.db"
    shutil.copyfile(demo_template, db)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRS_")}
    env.update(BRS_DB=str(db), BRS_TZ="Europe/Zurich", BRS_STAFF_NAME="server-account")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "brs_coord.cli", "web", "--port", str(port), env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=(tmp_path / "web.log").open("wb"),
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(200):
                try:
                    async with http.get(url):
                        break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), timeout=15)
        except TimeoutError:
            process.kill()
            await process.wait()


async def test_browser_session_runs_as_the_proxys_user(web_server: str, tmp_path: Path) -> None:
    require_chromium()
    async with chromium_page(tmp_path / "profile", 1200, 800) as page:
        await page.send("Network.setExtraHTTPHeaders", headers={"X-Forwarded-User": "alice"})
        await page.send("Page.navigate", url=web_server)
        # the TUI's first screen, as the page's terminal is sent it: the events view, as alice
        # (not the server's BRS_STAFF_NAME: a session's display name is no one else's)
        assert await page.text_received("signed in as alice", timeout=60), bytes(page.received[-2000:])
        assert await page.text_received("Events", timeout=10)
        assert b"server-account" not in page.received
        await asyncio.sleep(1.0)  # let the terminal take focus and settle
        before = len(page.received)
        await page.press("?")
        assert await page.text_received("escape closes", timeout=30), "the help did not open after '?'"
        assert b"escape closes" not in page.received[:before]
        shot = tmp_path / "web-tui.png"
        await page.screenshot(shot)
        assert shot.stat().st_size > 10_000
        if os.environ.get("BRS_UPDATE_SCREENSHOT") == "1":
            shutil.copyfile(shot, DOCS / "web-tui-help.png")
        # the same browser without the proxy's header: refused, with the page that says why
        await page.send("Network.setExtraHTTPHeaders", headers={})
        await page.send("Page.navigate", url=web_server)
        for _ in range(100):
            text = await page.send("Runtime.evaluate",
                                   expression="document.body ? document.body.innerText : ''")
            if "Not signed in" in text["result"].get("value", ""):
                break
            await asyncio.sleep(0.1)
        assert "no X-Forwarded-User header" in text["result"]["value"]
