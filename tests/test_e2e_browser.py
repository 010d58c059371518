"""End to end: `streamlit run app.py` on a loopback port, driven by headless Chromium.

Loads every page, checks the charts are drawn, and saves screenshots to tests/artifacts/.
Skipped, with the reason, where Debian's /usr/bin/chromium is not installed.
"""

from __future__ import annotations

import shutil

import pytest
from browser_support import NEEDS_CHROMIUM, open_page, streamlit_server
from dashboard_support import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
PAGES = {  # url path: charts the page draws on the sample
    "": 2,  # the overview, the default page, lives at the root
    "study-types": 4,
    "sample-sizes": 0,  # depends on how many sample sizes the annotators find
    "open-questions": 6,  # with the registered trials' status and publication-gap charts
    "browse": 0,
    "review": 0,
    "export": 0,
    "fetch-log": 0,
    "changes": 0,
}

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]

pytest_plugins = ["dashboard_support", "browser_support"]


@pytest.fixture(scope="module")
def server(sample_db_master, tmp_path_factory):
    """A streamlit server on a copy of the sample database (the review test writes to it);
    yields its base URL."""
    copy = tmp_path_factory.mktemp("e2e") / "sample.db"
    shutil.copy(sample_db_master, copy)
    with streamlit_server(copy, "--server.address", "127.0.0.1") as url:
        yield url


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


def test_a_claim_card_opens_with_the_strongest_study_and_its_conclusion(server, browser):
    from playwright.sync_api import expect

    page = open_page(browser, f"{server}/open-questions")
    try:
        cards = page.locator('[data-testid="stExpander"]').filter(
            has=page.get_by_text("Does kratom ease opioid withdrawal? · ", exact=False)
        )
        card = cards.filter(has_not=page.get_by_text("total N")).first  # not the tracked table
        card.locator("summary").click()
        body = card.locator("blockquote").first
        expect(body).to_be_visible(timeout=60_000)
        assert len(body.inner_text()) > 20  # an authors' conclusion, quoted
        expect(card.get_by_text("Records at each design level")).to_be_visible()
        card.screenshot(path=str(ARTIFACTS / "claim-card.png"))
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()


def test_publication_gap_view_shows_the_sample_trials(server, browser):
    page = open_page(browser, f"{server}/open-questions")
    try:
        heading = page.get_by_text("Publication gap: trials completed more than 12 months ago")
        heading.wait_for(timeout=60_000)
        heading.scroll_into_view_if_needed()
        chart = page.locator('[data-testid="stPlotlyChart"]').filter(
            has_text="no paper, no results"
        )
        chart.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)  # let plotly finish drawing for the screenshot
        page.screenshot(path=str(ARTIFACTS / "publication-gap.png"), full_page=True)
        assert "results posted only" in chart.inner_text()
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()
