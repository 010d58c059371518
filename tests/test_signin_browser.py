"""A real sign-in: an OpenID Connect provider on loopback, the dashboard, and Chromium.

oidc-provider-mock runs a real OIDC provider (discovery, authorize, token, JWKS) in a
thread on localhost; the dashboard signs users in through Streamlit's own st.login.
Skipped, with the reason, where Debian's /usr/bin/chromium is not installed.
"""

from __future__ import annotations

import shutil
import sqlite3
import urllib.error
import urllib.request

import pytest
from browser_support import NEEDS_CHROMIUM, free_port, open_page, streamlit_server

from db import open_db
from db.audit import Editor, WriteRefused, recent_changes
from db.store import save_correction

ALLOWED = "reviewer@lab.example.org"
STRANGER = "visitor@elsewhere.example.com"

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]
pytest_plugins = ["dashboard_support", "browser_support"]


@pytest.fixture(scope="module")
def provider():
    """A real OpenID Connect provider on loopback; yields its issuer URL."""
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def lab(tmp_path_factory, sample_db_master, provider):
    """The dashboard with sign-in, as the README sets up a lab: (url, db, access file)."""
    tmp = tmp_path_factory.mktemp("lab")
    db = shutil.copy(sample_db_master, tmp / "lab.db")
    port = free_port()
    secrets = tmp / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        'cookie_secret = "test-only-cookie-secret-for-the-loopback-provider"\n'
        'client_id = "kratom-tests"\nclient_secret = "test-only"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    access = tmp / "access.toml"
    access.write_text(f'[write]\nemails = ["{ALLOWED}"]\n')
    args = ("--server.address", "127.0.0.1", "--secrets.files", str(secrets))
    with streamlit_server(db, *args, port=port, env={"KRATOM_ACCESS": str(access)}):
        # the redirect URI names localhost, so the sign-in cookie belongs to localhost
        yield f"http://localhost:{port}", db, access


@pytest.fixture(scope="module")
def open_lab(tmp_path_factory, sample_db_master):
    """The dashboard on every interface (0.0.0.0) with no sign-in configured."""
    db = shutil.copy(sample_db_master, tmp_path_factory.mktemp("open") / "open.db")
    no_secrets = str(tmp_path_factory.mktemp("nosecrets") / "secrets.toml")
    with streamlit_server(db, "--server.address", "0.0.0.0", "--secrets.files", no_secrets) as url:
        yield url, db


def a_record(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id FROM records WHERE pmid IS NOT NULL LIMIT 1").fetchone()[0]


def sign_in(browser, base: str, email: str):
    """A fresh browser context signed in as `email` through the provider's form."""
    context = browser.new_context()
    page = open_page(context, base)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector('input[name="sub"]', timeout=60_000)  # the provider's own page
    page.fill('input[name="sub"]', email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_selector(f"text=Signed in as {email}", timeout=60_000)
    page.close()
    return context


def record_page(context, base: str, article_id: int):
    page = open_page(context, f"{base}/browse?record={article_id}&relevant=0")
    page.wait_for_selector("text=Relevance per topic", timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    return page


def test_an_allowed_user_signs_in_corrects_a_record_and_the_audit_names_them(browser, lab):
    base, db, _ = lab
    target = a_record(db)
    context = sign_in(browser, base, ALLOWED)
    try:
        page = record_page(context, base, target)
        page.get_by_label("Sample size").fill("77")
        page.get_by_label("Add a note").fill("[SYNTHETIC] counted in table 1 by a test")
        page.get_by_role("button", name="Save").click()
        page.wait_for_selector("text=Saved.", timeout=60_000)
    finally:
        context.close()
    conn = open_db(db)
    rows = recent_changes(conn, article_id=target)
    corrected_by = conn.execute(
        "SELECT corrected_by, sample_size FROM corrections WHERE article_id = ?", [target]
    ).fetchone()
    conn.conn.close()
    assert [(r["user"], r["action"], r["signed_in"]) for r in rows] == [
        (ALLOWED, "note", 1),
        (ALLOWED, "correct", 1),
    ]
    assert corrected_by == (ALLOWED, 77)


def test_an_allowed_user_confirms_in_the_review_queue_and_the_audit_names_them(browser, lab):
    base, db, _ = lab
    context = sign_in(browser, base, ALLOWED)
    try:
        page = open_page(context, f"{base}/review?relevant=0")
        confirm = page.get_by_role("button", name="Confirm", exact=True)
        confirm.first.wait_for(timeout=60_000)
        confirm.first.click()
        page.wait_for_selector("text=Confirmed:", timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()
    conn = open_db(db)
    confirmed = conn.execute(
        "SELECT article_id, corrected_by FROM corrections WHERE decision = 'confirmed'"
    ).fetchall()
    rows = [r for r in recent_changes(conn) if r["action"] == "confirm"]
    conn.conn.close()
    assert len(confirmed) == 1 and confirmed[0][1] == ALLOWED
    assert [(r["user"], r["article_id"], r["signed_in"]) for r in rows] == [
        (ALLOWED, confirmed[0][0], 1)
    ]


def test_a_signed_in_user_not_allowed_sees_no_write_controls_and_cannot_write(
    browser, lab, monkeypatch
):
    base, db, access = lab
    target = a_record(db)
    context = sign_in(browser, base, STRANGER)
    try:
        page = record_page(context, base, target)
        assert page.get_by_text("you may read and export").count() == 1
        assert page.get_by_role("button", name="Save").count() == 0
        assert page.get_by_label("Add a note").count() == 0
        queue = open_page(context, f"{base}/review?relevant=0")
        queue.wait_for_selector("text=wait for review", timeout=60_000)
        assert queue.get_by_role("button", name="Confirm", exact=True).count() == 0
    finally:
        context.close()
    monkeypatch.setenv("KRATOM_ACCESS", str(access))
    conn = open_db(db)
    before = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(WriteRefused, match=STRANGER):
        save_correction(conn, target, off_topic=1, editor=Editor(STRANGER, signed_in=True))
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
    assert STRANGER not in {r["user"] for r in recent_changes(conn)}
    conn.conn.close()


def test_a_signed_out_visitor_reads_and_sees_only_sign_in(browser, lab):
    base, db, _ = lab
    context = browser.new_context()
    try:
        page = record_page(context, base, a_record(db))
        assert page.get_by_role("button", name="Sign in").count() == 1
        assert page.get_by_role("button", name="Save").count() == 0
        page = open_page(context, f"{base}/study-types")
        page.wait_for_selector(".js-plotly-plot", timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()


def test_served_on_every_interface_without_sign_in_it_is_read_only(browser, open_lab):
    base, db = open_lab
    context = browser.new_context()
    try:
        page = record_page(context, base, a_record(db))
        assert page.get_by_text("Read-only.").count() == 1
        assert page.get_by_text(".streamlit/secrets.toml").count() >= 1
        assert page.get_by_role("button", name="Save").count() == 0
        assert page.get_by_label("Add a note").count() == 0
        assert page.get_by_role("button", name="Sign in").count() == 0
    finally:
        context.close()


def test_xsrf_protection_stays_on(lab, open_lab):
    for base in (lab[0], open_lab[0]):
        request = urllib.request.Request(
            f"{base}/_stcore/upload_file/no-session/no-file", data=b"x", method="PUT"
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403, base  # XSRF refusal, before the session check (400)
