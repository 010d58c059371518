"""Who sees write controls: the access decision, and the app under each case (AppTest)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import tomllib

import pytest
from dashboard_support import APP, PAGES, ROOT, no_exceptions
from streamlit import config

from dashboard.access import decide, is_loopback
from db import open_db
from db.audit import recent_changes

ALLOWED = "reviewer@lab.example.org"
AUTH = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback",
                 "cookie_secret": "test-only-cookie-secret-not-a-real-one",
                 "client_id": "test", "client_secret": "test",
                 "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}}  # fmt: skip

pytest_plugins = ["dashboard_support"]


@pytest.fixture(autouse=True)
def access_file(tmp_path, monkeypatch):
    """Only ALLOWED may write."""
    path = tmp_path / "access.toml"
    path.write_text(f'[write]\nemails = ["{ALLOWED}"]\n')
    monkeypatch.setenv("KRATOM_ACCESS", str(path))


@pytest.fixture
def address():
    """Set Streamlit's server.address for an in-process AppTest run, then restore it."""
    old = config.get_option("server.address")
    yield lambda value: config.set_option("server.address", value)
    config.set_option("server.address", old)


def signed_in(email: str, **claims) -> dict:
    return {"is_logged_in": True, "email": email, **claims}


@pytest.mark.parametrize(
    "addr,auth,user,proxied,writer",
    [
        ("127.0.0.1", False, {}, False, "local"),
        ("localhost", False, {}, False, "local"),
        ("::1", False, {}, False, "local"),
        ("0.0.0.0", False, {}, False, None),
        (None, False, {}, False, None),  # unset: Streamlit listens on every interface
        ("192.168.1.20", False, {}, False, None),
        ("lab-server", False, {}, False, None),
        ("127.0.0.1", False, {}, True, None),  # loopback behind a reverse proxy
        ("0.0.0.0", True, {}, False, None),  # sign-in configured, signed out
        ("0.0.0.0", True, signed_in(ALLOWED.upper()), False, ALLOWED),
        ("127.0.0.1", True, signed_in("stranger@example.com"), False, None),
        ("0.0.0.0", True, signed_in(ALLOWED, email_verified=False), False, None),
        ("0.0.0.0", True, {"is_logged_in": False, "email": ALLOWED}, False, None),
    ],
)
def test_who_may_write_follows_address_sign_in_and_the_access_file(
    addr, auth, user, proxied, writer
):
    rights = decide(addr, auth, user, proxied)
    if writer is None:
        assert rights.editor is None and not rights.can_write and rights.notice
    elif writer == "local":
        assert rights.editor and not rights.editor.signed_in and rights.notice is None
    else:
        assert rights.editor.user == writer and rights.editor.signed_in


def test_read_only_without_sign_in_tells_the_operator_what_to_configure():
    rights = decide("0.0.0.0", False, {}, False)
    assert rights.banner and "0.0.0.0" in rights.notice
    assert ".streamlit/secrets.toml" in rights.notice and "dashboard/access.toml" in rights.notice


def test_loopback_means_loopback():
    assert is_loopback("127.0.0.2") and is_loopback("[::1]")
    assert not is_loopback("0.0.0.0") and not is_loopback("::") and not is_loopback("")


def run_app(monkeypatch, db_path, *, secrets=None, user=None, query=None, page="browse"):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("LITERATURE_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets.update(secrets or {})
    if user is not None:
        at.user = user
    at.query_params.update(query or {})
    at.run()
    at.switch_page(PAGES[page]).run()
    no_exceptions(at)
    return at


def a_record(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT id FROM records WHERE pmid IS NOT NULL LIMIT 1").fetchone()[0]


def record_query(path) -> dict:
    return {"record": str(a_record(path)), "relevant": "0"}


def test_served_on_every_interface_without_sign_in_the_app_is_read_only(
    monkeypatch, sample_db, address
):
    address("0.0.0.0")
    at = run_app(monkeypatch, sample_db, query=record_query(sample_db))
    assert at.warning and "Read-only" in at.warning[0].value
    assert not [b for b in at.button if "Undo" in b.label] and not at.get("form_submit_button")
    assert at.dataframe  # still readable


def test_local_run_writes_as_the_os_user(monkeypatch, sample_db, address):
    import getpass

    address("127.0.0.1")
    target = a_record(sample_db)
    at = run_app(monkeypatch, sample_db, query=record_query(sample_db))
    assert not at.warning
    at.text_area(key=f"fc_note_{target}").set_value("[SYNTHETIC] local check")
    at.form_submit_button[0].click().run()
    no_exceptions(at)
    db = open_db(sample_db)
    assert [(r["user"], r["action"]) for r in recent_changes(db)] == [(getpass.getuser(), "note")]


def test_signed_in_allowed_user_corrects_and_the_audit_names_them(monkeypatch, sample_db, address):
    address("0.0.0.0")
    target = a_record(sample_db)
    at = run_app(monkeypatch, sample_db, secrets=AUTH, user=signed_in(ALLOWED),
                 query=record_query(sample_db))  # fmt: skip
    assert not at.warning and ALLOWED in "".join(c.value for c in at.sidebar.caption)
    at.selectbox(key=f"fc_type_{target}").set_value("cohort")
    at.form_submit_button[0].click().run()
    no_exceptions(at)
    db = open_db(sample_db)
    rows = recent_changes(db)
    assert [(r["user"], r["action"], r["article_id"]) for r in rows] == [
        (ALLOWED, "correct", target)
    ]
    at = run_app(monkeypatch, sample_db, secrets=AUTH, user=signed_in(ALLOWED), page="changes")
    assert ALLOWED in str(at.dataframe[0].value["user"].tolist())


@pytest.mark.parametrize("user", [signed_in("stranger@example.com"), {"is_logged_in": False}],
                         ids=["signed-in-not-allowed", "signed-out"])  # fmt: skip
def test_with_sign_in_others_read_but_see_no_write_controls(monkeypatch, sample_db, address, user):
    address("0.0.0.0")
    at = run_app(monkeypatch, sample_db, secrets=AUTH, user=user, query=record_query(sample_db))
    assert not at.get("form_submit_button") and at.dataframe
    assert any("read and export" in i.value or "Sign in" in i.value for i in at.info)
    if not user["is_logged_in"]:
        assert [b.label for b in at.sidebar.button] == ["Sign in"]


def test_the_secrets_example_is_complete_and_holds_no_secret():
    auth = tomllib.loads((ROOT / ".streamlit" / "secrets.toml.example").read_text())["auth"]
    assert set(auth) == {"redirect_uri", "cookie_secret", "client_id", "client_secret",
                         "server_metadata_url"}  # fmt: skip
    assert auth["redirect_uri"].endswith("/oauth2callback")
    for key in ("cookie_secret", "client_id", "client_secret"):
        assert auth[key].startswith("REPLACE"), key


@pytest.mark.skipif(not shutil.which("git") or not (ROOT / ".git").exists(), reason="needs git")
def test_git_ignores_the_real_secrets_file():
    ignored = subprocess.run(["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=ROOT)
    assert ignored.returncode == 0


def test_each_named_provider_gets_a_sign_in_button(monkeypatch, sample_db, address):
    address("0.0.0.0")
    named = {"auth": {k: AUTH["auth"][k] for k in ("redirect_uri", "cookie_secret")}}
    for name in ("google", "microsoft"):
        named["auth"][name] = {k: AUTH["auth"][k] for k in ("client_id", "client_secret",
                                                            "server_metadata_url")}  # fmt: skip
    at = run_app(monkeypatch, sample_db, secrets=named, user={"is_logged_in": False})
    labels = [b.label for b in at.sidebar.button]
    assert labels == ["Sign in with google", "Sign in with microsoft"]
