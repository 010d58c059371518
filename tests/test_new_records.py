"""New in 7/30 days means new to PubMed (the entry date), not new to this database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dashboard_support import app_test, no_exceptions

from db import open_db, queries
from fetchers.importer import import_file

pytest_plugins = ["dashboard_support"]

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_a_freshly_loaded_sample_is_not_all_new(sample_db_master):
    total = queries.count_records(sample_db_master, queries.Filters(relevant_only=False))
    for days in (7, 30):
        new = queries.new_since(sample_db_master, days)
        assert queries.count_new_since(sample_db_master, days) == len(new) < total
        # no entry date in the sample: only a record published this year could be new
        assert (new["year"] >= int(queries.cutoff(days)[:4])).all()


def test_overview_of_a_fresh_sample_says_what_new_means(monkeypatch, sample_db_master):
    at = app_test(monkeypatch, sample_db_master, "overview")
    no_exceptions(at)
    total, week, month = (m.value for m in at.metric[:3])
    assert week != total and month != total
    captions = " ".join(c.value for c in at.caption)
    assert "new to PubMed" in captions and "entry date" in captions


def test_entry_date_counts_not_the_day_of_the_import(tmp_path):
    db = open_db(tmp_path / "imported.db")
    for path in ("entrez/pubmed1.xml", "medline/pubmed_result1.txt"):
        assert import_file(db, FIXTURES / path).error is None  # all imported just now
    entered = dict(db.execute("SELECT id, entrez_date FROM records"))
    assert entered == {12091962: "1990-04-01", 9997: "1976-09-28", 12230038: "2002-09-17"}
    assert queries.count_new_since(db, 30) == 0 and queries.new_since(db, 30).empty

    since_2002 = (dt.date.today() - dt.date(2002, 9, 17)).days + 1
    new = queries.new_since(db, since_2002)
    assert list(new["article_id"]) == [12230038] and list(new["entered"]) == ["2002-09-17"]
    assert queries.count_new_since(db, since_2002) == 1
    assert list(queries.new_since(db, 365 * 60)["article_id"]) == [12230038, 12091962, 9997]
