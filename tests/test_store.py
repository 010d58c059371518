"""Writes: idempotent upserts, change detection, and corrections that nothing overwrites."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlite_utils.db import jsonify_if_needed

from db import open_db
from db.pipeline import store_records
from db.store import add_note, clear_correction, reannotate_all, save_correction
from db.writes import RECORD_COLUMNS, storable
from fetchers.pubmed_xml import iter_articles

ROOT = Path(__file__).resolve().parents[1]
PUBMED = ROOT / "tests" / "fixtures" / "entrez"
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "lit.db")


def real_records() -> list[dict]:
    return [r for f in sorted(PUBMED.glob("pubmed*.xml")) for r in iter_articles(f)]


def test_storing_twice_changes_nothing(db):
    first = store_records(db, real_records(), ["withdrawal"])
    snapshot = list(db.query("SELECT id, content_hash, updated_at FROM records ORDER BY id"))
    second = store_records(db, real_records(), ["withdrawal"])
    assert first.new == len(snapshot) and first.updated == 0
    assert (second.new, second.updated, second.unchanged) == (0, 0, len(snapshot))
    assert (
        list(db.query("SELECT id, content_hash, updated_at FROM records ORDER BY id")) == snapshot
    )


def test_revised_record_counts_as_updated_and_keeps_first_seen(db):
    records = real_records()
    store_records(db, records, ["withdrawal"])
    seen = db.execute("SELECT first_seen FROM records WHERE id = ?", [records[0]["id"]]).fetchone()
    revised = dict(records[0], title=records[0]["title"] + " (revised)")
    counts = store_records(db, [revised], ["withdrawal"])
    assert (counts.new, counts.updated) == (0, 1)
    row = db.execute(
        "SELECT title, first_seen FROM records WHERE id = ?", [records[0]["id"]]
    ).fetchone()
    assert row[0].endswith("(revised)") and row[1] == seen[0]


def test_a_record_links_to_every_topic_once(db):
    records = real_records()
    store_records(db, records, ["withdrawal"])
    store_records(db, records, ["withdrawal", "prolactin"])
    rows = db.execute("SELECT topic, count(*) FROM article_topics GROUP BY topic").fetchall()
    assert dict(rows) == {"withdrawal": len(records), "prolactin": len(records)}


def test_correction_wins_in_articles_and_survives_refetch_and_reannotation(db):
    records = real_records()
    store_records(db, records, ["withdrawal"])
    target = records[0]["id"]
    save_correction(db, target, study_type="rct", sample_size=42, sample_unit="participants")
    add_note(db, target, "checked against the full text")
    store_records(db, [dict(records[0], title="changed upstream")], ["withdrawal"])
    reannotate_all(db.conn.execute("PRAGMA database_list").fetchone()[2])
    row = db.execute(
        "SELECT study_type, sample_size, sample_unit, corrected, title FROM articles "
        "WHERE article_id = ?",
        [target],
    ).fetchone()
    assert row == ("rct", 42, "participants", 1, "changed upstream")
    assert (
        db.execute("SELECT count(*) FROM notes WHERE article_id = ?", [target]).fetchone()[0] == 1
    )
    clear_correction(db, target)
    machine = db.execute("SELECT study_type FROM annotations WHERE article_id = ?", [target])
    assert (
        db.execute("SELECT study_type FROM articles WHERE article_id = ?", [target]).fetchone()
        == machine.fetchone()
    )


def test_correction_can_clear_a_wrong_sample_size(db):
    records = real_records()
    store_records(db, records, [])
    target = records[0]["id"]
    save_correction(db, target, sample_size=None, sample_unit=None)
    row = db.execute("SELECT sample_size FROM articles WHERE article_id = ?", [target]).fetchone()
    assert row == (None,)


@pytest.mark.parametrize(
    "changes", [{"study_type": "anecdote"}, {"sample_size": -3}, {"colour": "red"}]
)
def test_bad_corrections_are_refused(db, changes):
    records = real_records()
    store_records(db, records, [])
    with pytest.raises(ValueError):
        save_correction(db, records[0]["id"], **changes)
    assert db.execute("SELECT count(*) FROM corrections").fetchone()[0] == 0


def test_records_without_pmid_get_a_stable_negative_key(db):
    records = list(iter_articles(SAMPLE / "mitragynine.xml"))
    without = [r for r in records if r["pmid"] is None]
    assert without, "the bundled sample has records PubMed has not indexed"
    assert all(r["id"] < 0 for r in without)
    again = {r["title"]: r["id"] for r in iter_articles(SAMPLE / "mitragynine.xml")}
    assert all(again[r["title"]] == r["id"] for r in without)
    store_records(db, records, ["mitragynine"])
    nulls = db.execute("SELECT count(*) FROM articles WHERE pmid IS NULL").fetchone()[0]
    assert nulls == len(without)


def test_sample_keeps_licence_and_source_of_every_record(db):
    for path in sorted(SAMPLE.glob("*.xml")):
        store_records(db, iter_articles(path), [path.stem])
    missing = db.execute(
        "SELECT count(*) FROM records WHERE license IS NULL OR source_url IS NULL"
    ).fetchone()[0]
    assert missing == 0
    total = db.execute("SELECT count(*) FROM records").fetchone()[0]
    shared = ROOT.parent / "shared" / "data" / "sample_open_access.jsonl"
    if shared.exists():
        assert total == sum(1 for line in shared.open() if line.strip())
        first = json.loads(shared.open().readline())
        row = db.execute(
            "SELECT license, source_url FROM records WHERE doi = ?", [first["doi"]]
        ).fetchone()
        assert row == (first["license"], first["source_url"])


def test_full_text_search_index_follows_updates(db):
    records = real_records()
    store_records(db, records, [])
    store_records(db, [dict(records[0], title="Zebrafishwordunique study")], [])
    hits = db.execute(
        "SELECT rowid FROM records_fts WHERE records_fts MATCH ?", ["zebrafishwordunique"]
    ).fetchall()
    assert hits == [(records[0]["id"],)]


def test_a_new_record_writes_its_facts_row_once_and_complete(db):
    records = real_records()
    db.execute("CREATE TEMP TABLE rewrites (n INTEGER)")
    db.execute(  # any rewrite of a facts row
        "CREATE TEMP TRIGGER count_rewrites AFTER UPDATE ON article_facts "
        "BEGIN INSERT INTO rewrites VALUES (1); END"
    )
    store_records(db, records, ["withdrawal", "prolactin"])
    assert db.execute("SELECT count(*) FROM rewrites").fetchone()[0] == 0
    wrong = db.execute(
        "SELECT count(*) FROM articles v JOIN article_facts f ON f.article_id = v.article_id "
        "WHERE v.study_type IS NOT f.study_type OR v.sample_size IS NOT f.sample_size "
        "OR v.year IS NOT f.year OR v.subjects IS NOT f.subjects "
        "OR v.first_seen IS NOT f.first_seen OR v.off_topic IS NOT f.off_topic"
    ).fetchone()[0]
    assert wrong == 0
    assert db.execute("SELECT count(*) FROM article_facts").fetchone()[0] == len(records)


def test_stored_form_is_byte_for_byte_what_sqlite_utils_writes():
    odd = {
        "id": 1,
        "title": "ü title",
        "authors": [{"last": "Ångström", "when": dt.date(2024, 1, 2)}],  # repr'd inside JSON
        "keywords": ("a", "b"),
        "mesh": {"x": Decimal("1.5")},
        "year": True,
        "volume": 3.5,
        "pub_date": dt.date(2024, 1, 2),
        "grants": type("Tagged", (list,), {})(["g"]),
    }
    for record in [*real_records(), odd]:
        expected = {k: jsonify_if_needed(record.get(k)) for k in RECORD_COLUMNS}
        stored = storable(record)
        assert stored.pop("relations", None) == record.get("relations")  # for db.relations
        assert stored == dict(expected, id=record["id"])
        assert [type(v) for v in stored.values()][:-1] == [type(v) for v in expected.values()]
