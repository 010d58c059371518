"""The Streamlit app through AppTest: every page on empty, sample and large databases."""

from __future__ import annotations

import json
import sqlite3

import pytest
from dashboard_support import PAGES, app_test, no_exceptions

from dashboard.filters import filters_from_params, params_from_filters
from db import open_db, queries
from db.pipeline import store_records
from db.queries import Filters

CHART_PAGES = {"overview": 2, "study_types": 4, "sample_sizes": 2, "open_questions": 5}

pytest_plugins = ["dashboard_support"]


def expected_charts(path, page: str) -> int:
    """Charts a page must draw; the sample-size page says so instead when no N was found."""
    if page == "sample_sizes" and not queries.sample_sizes(path, Filters(), limit=1).attrs["total"]:
        return 0
    return CHART_PAGES.get(page, 0)


def text_of(at) -> str:
    """Everything the page wrote as markdown, info, warning, code or html."""
    parts = []
    for kind in ("markdown", "info", "warning", "error", "code", "caption", "html", "title"):
        parts += [str(getattr(e, "value", getattr(e, "body", ""))) for e in at.get(kind)]
    return "\n".join(parts)


def test_missing_database_explains_how_to_load_the_sample(monkeypatch, tmp_path):
    path = tmp_path / "absent.db"
    at = app_test(monkeypatch, path)
    no_exceptions(at)
    assert "make sample" in text_of(at) and "load-sample" in text_of(at)
    assert not path.exists()


def test_empty_database_explains_how_to_load_the_sample(monkeypatch, tmp_path):
    path = tmp_path / "empty.db"
    open_db(path).conn.close()
    at = app_test(monkeypatch, path)
    no_exceptions(at)
    assert "holds no records yet" in text_of(at) and "python -m fetchers run" in text_of(at)


def test_corrupt_database_gives_advice_not_a_traceback(monkeypatch, tmp_path):
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"this is not sqlite" * 100)
    at = app_test(monkeypatch, path)
    no_exceptions(at)
    assert at.error and "cannot be read" in at.error[0].value


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_the_sample(monkeypatch, sample_db_master, page):
    at = app_test(monkeypatch, sample_db_master, page)
    no_exceptions(at)
    assert len(at.get("plotly_chart")) >= expected_charts(sample_db_master, page)
    assert at.sidebar.multiselect and at.sidebar.toggle


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_20k_synthetic_records(monkeypatch, large_db, page):
    at = app_test(monkeypatch, large_db, page)
    no_exceptions(at)
    assert len(at.get("plotly_chart")) >= expected_charts(large_db, page)
    for frame in at.dataframe:
        assert len(frame.value) <= 500  # never more rows than a page to the browser


def test_overview_counts_follow_url_filters(monkeypatch, sample_db_master):
    query = {"topic": "prolactin", "relevant": "0"}
    at = app_test(monkeypatch, sample_db_master, "overview", query=query)
    no_exceptions(at)
    expected = queries.count_records(
        sample_db_master, Filters(topics=["prolactin"], relevant_only=False)
    )
    assert at.metric[0].value == f"{expected:,}"
    assert at.sidebar.multiselect[0].value == ["prolactin"]
    assert at.sidebar.toggle[0].value is False


def test_changing_a_filter_updates_counts_and_the_url(monkeypatch, sample_db_master):
    at = app_test(monkeypatch, sample_db_master, "overview")
    at.sidebar.multiselect[1].set_value(["review"]).run()  # study types
    no_exceptions(at)
    expected = queries.count_records(sample_db_master, Filters(study_types=["review"]))
    assert at.metric[0].value == f"{expected:,}"
    assert at.query_params.get("type") in (["review"], "review")


def test_url_params_round_trip_and_drop_junk():
    options = {"topics": ["prolactin", "withdrawal"], "year_min": 1990, "year_max": 2025}
    f = Filters(topics=["prolactin"], year_min=2010, study_types=["rct"], subjects=["human"],
                relevant_only=False)  # fmt: skip
    assert filters_from_params(params_from_filters(f), options) == f
    junk = {"topic": ["nope"], "type": ["<script>"], "from": ["abc"], "to": ["3000"],
            "subject": ["martian"]}  # fmt: skip
    assert filters_from_params(junk, options) == Filters()


@pytest.mark.parametrize("text", ['"unbalanced', "kratom -withdrawal", "*", "NEAR(", "😀 ü", "-"])
def test_browse_search_takes_any_input(monkeypatch, sample_db_master, text):
    at = app_test(monkeypatch, sample_db_master, "browse")
    at.text_input(key="b_q").set_value(text).run()
    no_exceptions(at)
    expr, note = queries.fts_expression(text)
    if note:
        assert note in text_of(at)


def synthetic_hostile_record() -> dict:
    """A SYNTHETIC record whose text carries HTML and Markdown (an XSS fault test)."""
    return {
        "id": 99_000_001, "pmid": 99_000_001,
        "title": "[SYNTHETIC] <script>alert('t')</script> **kratom** [x](javascript:alert(1))",
        "abstract": "[SYNTHETIC] <img src=x onerror=alert(1)> We enrolled 40 adults who use kratom. "
        "Further research is needed to clarify kratom withdrawal.",
        "authors": [{"last_name": "Synthetic", "fore_name": "<b>Test</b>", "name": "Test Synthetic"}],
        "journal": "SYNTHETIC <i>Journal</i>", "year": 2024,
    }  # fmt: skip


def test_record_view_shows_record_markup_literally(monkeypatch, sample_db):
    db = open_db(sample_db)
    store_records(db, [synthetic_hostile_record()], ["mitragynine"])
    db.conn.close()
    at = app_test(monkeypatch, sample_db, "browse", query={"record": "99000001", "relevant": "0"})
    no_exceptions(at)
    html = "\n".join(str(h.value) for h in at.get("html"))
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script" not in html and "<img" not in html and "<b>Test" not in html
    assert "**kratom**" in html  # Markdown stays literal too


def test_correction_from_the_form_survives_a_refetch(monkeypatch, sample_db):
    with sqlite3.connect(sample_db) as conn:
        target, machine = conn.execute(
            "SELECT article_id, study_type FROM articles WHERE study_type != 'cohort' "
            "AND pmid IS NOT NULL LIMIT 1"
        ).fetchone()
    at = app_test(monkeypatch, sample_db, "browse", query={"record": str(target), "relevant": "0"})
    at.selectbox(key=f"fc_type_{target}").set_value("cohort")
    at.text_input(key=f"fc_size_{target}").set_value("321")
    at.text_area(key=f"fc_note_{target}").set_value("[SYNTHETIC] checked by a test")
    at.form_submit_button[0].click().run()
    no_exceptions(at)
    assert any("Saved" in s.value for s in at.success)

    db = open_db(sample_db)
    record = next(db.query("SELECT * FROM records WHERE id = ?", [target]))
    for key in ("authors", "keywords", "publication_types", "mesh", "languages", "grants",
                "abstract_sections"):  # fmt: skip
        record[key] = json.loads(record[key]) if record.get(key) else None
    record["abstract"] = (record["abstract"] or "") + " Revised."
    assert store_records(db, [record], ["withdrawal"]).updated == 1
    row = db.execute(
        "SELECT study_type, sample_size, machine_study_type FROM articles WHERE article_id = ?",
        [target],
    ).fetchone()
    db.conn.close()
    assert row[0] == "cohort" and row[1] == 321 and row[2] == machine

    at = app_test(monkeypatch, sample_db, "overview", query={"type": "cohort", "relevant": "0"})
    no_exceptions(at)
    expected = queries.count_records(
        sample_db, Filters(study_types=["cohort"], relevant_only=False)
    )
    assert at.metric[0].value == f"{expected:,}"
    at = app_test(monkeypatch, sample_db, "browse", query={"record": str(target), "relevant": "0"})
    assert "Cohort study" in str([d.value for d in at.dataframe])
    assert "[SYNTHETIC] checked by a test" in str([d.value for d in at.dataframe])
