"""End to end: `streamlit run app.py` on a loopback port, driven by headless Chromium.

Loads every page, checks the charts are drawn, and saves screenshots to tests/artifacts/.
Skipped, with the reason, where Debian's /usr/bin/chromium is not installed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from dashboard_support import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
PAGES = {  # url path: charts the page draws on the sample
    "": 2,  # the overview, the default page, lives at the root
    "study-types": 4,
    "sample-sizes": 0,  # depends on how many sample sizes the annotators find
    "open-questions": 5,
    "browse": 0,
    "review": 0,
    "export": 0,
    "fetch-log": 0,
}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
    ),  # fmt: skip
]

pytest_plugins = ["dashboard_support"]


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(sample_db_master, tmp_path_factory):
    """A streamlit server on a copy of the sample database (the review test writes to it);
    yields its base URL."""
    port = free_port()
    copy = tmp_path_factory.mktemp("e2e") / "sample.db"
    shutil.copy(sample_db_master, copy)
    env = dict(os.environ, LITERATURE_DB=str(copy))
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail(f"streamlit did not start: {proc.stdout.read().decode()[-2000:]}")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium through playwright's bundled driver."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROME_ARGS)
        yield chromium
        chromium.close()


def open_page(browser, url: str):
    """A fresh page at `url`, waited until Streamlit has finished running the script."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url, wait_until="networkidle", timeout=60_000)
    page.wait_for_selector('[data-testid="stSidebar"]', timeout=60_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    return page


@pytest.mark.parametrize("path", list(PAGES))
def test_page_loads_with_its_charts(server, browser, path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = open_page(browser, f"{server}/{path}")
    try:
        if PAGES[path]:
            page.wait_for_selector(".js-plotly-plot", timeout=60_000)
            page.wait_for_timeout(1500)  # let plotly finish drawing for the screenshot
        charts = page.locator('[data-testid="stPlotlyChart"]').count()
        page.screenshot(path=str(ARTIFACTS / f"{path or 'overview'}.png"), full_page=True)
        assert charts >= PAGES[path]
        assert page.locator('[data-testid="stException"]').count() == 0
        body = page.inner_text("body")
        assert "Traceback" not in body and "Page not found" not in body
    finally:
        page.close()


def test_filters_live_in_the_url(server, browser):
    page = open_page(browser, f"{server}/?topic=prolactin&relevant=0")
    try:
        page.wait_for_selector(".js-plotly-plot", timeout=60_000)
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert "Prolactin" in sidebar
        assert "topic=prolactin" in page.url and "relevant=0" in page.url
    finally:
        page.close()


def test_browse_search_with_broken_syntax_shows_a_message(server, browser):
    page = open_page(browser, f"{server}/browse?q=%22kratom%20-withdrawal")
    try:
        page.wait_for_selector("text=searched for the words", timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "browse-search.png"), full_page=True)
        assert "Traceback" not in page.inner_text("body")
    finally:
        page.close()


def test_confirm_in_the_review_queue_takes_the_record_out(server, browser):
    from playwright.sync_api import expect

    page = open_page(browser, f"{server}/review?relevant=0")
    try:
        sidebar = page.locator('[data-testid="stSidebar"]')
        count = int(sidebar.get_by_text("wait for review").inner_text().split()[0])
        assert 1 < count < 20  # the sample's queue fits on one page
        confirm = page.get_by_role("button", name="Confirm", exact=True)
        expect(confirm).to_have_count(count, timeout=60_000)
        confirm.first.click()
        page.wait_for_selector("text=Confirmed:", timeout=60_000)
        expect(confirm).to_have_count(count - 1, timeout=60_000)
        expect(sidebar.get_by_text(f"{count - 1} records wait for review")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "review-confirmed.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()
