"""Databases and helpers for the dashboard and query tests (imported by tests/test_*.py).

sample_db: the bundled real open-access sample, imported once per session.
large_db: 20,000 SYNTHETIC records (bench/bench_dashboard.py), built once per session.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard.ui import PAGES  # noqa: F401  (re-exported for the dashboard tests)
from db import open_db
from fetchers.importer import import_file
from fetchers.sample import load_sample_trials

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "sample"
APP = str(ROOT / "app.py")


def import_sample(db) -> None:
    """Import data/sample/<topic>.xml with the topic = file stem (again: a re-fetch)."""
    for xml in sorted(SAMPLE_DIR.glob("*.xml")):
        result = import_file(db, xml, [xml.stem])
        assert result.error is None, result.error


def build_sample_db(path: Path) -> Path:
    """The bundled sample's records and trials in a new database at path."""
    db = open_db(path)
    import_sample(db)
    load_sample_trials(db)
    db.conn.close()
    return path


@pytest.fixture(scope="session")
def sample_db_master(tmp_path_factory) -> Path:
    """The sample database, built once; copy it before writing (see sample_db)."""
    return build_sample_db(tmp_path_factory.mktemp("sample") / "sample.db")


@pytest.fixture
def sample_db(sample_db_master: Path, tmp_path: Path) -> Path:
    """A private copy of the sample database that a test may write to."""
    target = tmp_path / "sample.db"
    shutil.copy(sample_db_master, target)
    return target


@pytest.fixture(scope="session")
def large_db(tmp_path_factory) -> Path:
    """20,000 SYNTHETIC records inserted directly (clearly labelled, never evidence)."""
    from bench.bench_dashboard import build_synthetic_db

    return build_synthetic_db(tmp_path_factory.mktemp("large") / "large.db", n=20_000)


def app_test(monkeypatch: pytest.MonkeyPatch, db_path: Path | str, page: str | None = None,
             query: dict | None = None):  # fmt: skip
    """Run app.py on `db_path` (optionally a page and URL params) and return the AppTest."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("LITERATURE_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=120)
    if query:
        at.query_params.update(query)
    at.run()
    if page:
        at.switch_page(PAGES[page]).run()
    return at


def no_exceptions(at) -> None:
    """Fail with the page's traceback text when a page raised."""
    assert not at.exception, [e.value for e in at.exception]
