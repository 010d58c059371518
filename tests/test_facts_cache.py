"""db.facts keeps each cached part until a table it is read from is written (m008), and
every write, whoever makes it, shows in the next read."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from db import facts, open_db, queries
from db.changes import WATCHED
from db.queries import Filters
from db.store import save_correction
from fetchers.importer import import_file

pytest_plugins = ["dashboard_support"]

ROOT = Path(__file__).resolve().parents[1]
EVERYTHING = Filters(relevant_only=False)


def current(path) -> facts.Facts:
    """The frames a read of `path` uses now."""
    with facts.connection(path) as conn:
        return facts.facts(conn)


def fresh(path) -> facts.Facts:
    """The frames read from scratch, nothing reused."""
    with facts.connection(path) as conn:
        return facts.load(conn)


def test_a_correction_by_another_connection_shows_at_once_without_rereading_the_rest(sample_db):
    queries.evidence_counts(sample_db, EVERYTHING)  # caches the links and full-text matches
    queries.question_counts(sample_db, EVERYTHING)  # and the statements per theme
    before = current(sample_db)
    kept = {k: v for k, v in before.lazy.items() if k != "selections"}
    target = int(before.records.index[0])
    rct = queries.count_records(sample_db, EVERYTHING.replace(study_types=["rct"]))
    was_rct = before.records.loc[target, "study_type"] == "rct"
    other = open_db(sample_db)
    save_correction(other, target, study_type="cohort" if was_rct else "rct")
    after = current(sample_db)
    assert after is not before and after.links is before.links
    assert all(after.lazy[k] is v for k, v in kept.items())  # no FTS query ran again
    assert queries.count_records(sample_db, EVERYTHING.replace(study_types=["rct"])) == (
        rct - 1 if was_rct else rct + 1
    )
    pd.testing.assert_frame_equal(after.records, fresh(sample_db).records)


def test_a_patched_frame_is_the_frame_a_full_read_gives(sample_db):
    ids = list(current(sample_db).records.index[:3])
    other = open_db(sample_db)
    save_correction(other, ids[0], study_type="in_vitro", sample_size=7)  # subjects follow
    save_correction(other, ids[1], off_topic=1)
    save_correction(other, ids[2], study_type="qualitative")
    pd.testing.assert_frame_equal(current(sample_db).records, fresh(sample_db).records)
    with other.conn:  # corrections withdrawn: the rows go back to the annotator's labels
        other.conn.execute("DELETE FROM corrections")
    records = current(sample_db).records
    pd.testing.assert_frame_equal(records, fresh(sample_db).records)
    assert "qualitative" not in set(records.loc[ids, "study_type"].dropna())


def test_a_new_record_by_another_connection_is_matched_at_once(tmp_path):
    path = tmp_path / "growing.db"
    first, *rest = sorted((ROOT / "data" / "sample").glob("*.xml"))
    assert import_file(open_db(path), first, [first.stem]).error is None
    gap = queries.gap_map(path, EVERYTHING)
    searched = queries.count_records(path, EVERYTHING.replace(search="prolactin"))
    for xml in rest:  # another connection stores more records, links and statements
        assert import_file(open_db(path), xml, [xml.stem]).error is None
    after = queries.gap_map(path, EVERYTHING)
    assert queries.count_records(path, EVERYTHING.replace(search="prolactin")) > searched
    assert after["n"].sum() > gap["n"].sum()
    facts.forget()  # the same answers from frames read from scratch
    assert after.equals(queries.gap_map(path, EVERYTHING))
    counts = queries.question_counts(path, EVERYTHING)
    facts.forget()
    assert counts.equals(queries.question_counts(path, EVERYTHING))


def test_new_statements_are_counted_at_once(sample_db):
    before = queries.question_counts(sample_db, EVERYTHING)
    other = open_db(sample_db)
    with other.conn:
        row = other.conn.execute(
            "SELECT question_id, article_id FROM open_question_themes LIMIT 1"
        ).fetchone()
        other.conn.execute(
            "INSERT INTO open_question_themes (question_id, article_id, theme) "
            "VALUES (?, ?, 'a_new_theme')",
            row,
        )
    after = queries.question_counts(sample_db, EVERYTHING)
    assert after.loc[after.theme == "a_new_theme", "statements"].sum() == 1
    assert after[after.theme != "a_new_theme"].reset_index(drop=True).equals(before)


def test_every_watched_table_counts_its_writes(sample_db):
    db = open_db(sample_db)
    before = facts.counts(db.conn)
    assert set(before) == set(WATCHED)
    save_correction(db, int(current(sample_db).records.index[0]), study_type="rct")
    after = facts.counts(db.conn)
    assert after["corrections"] > before["corrections"]
    assert {t: after[t] for t in after if t != "corrections"} == {
        t: before[t] for t in before if t != "corrections"
    }


def test_the_warmer_reads_a_new_version_before_any_visitor(sample_db, monkeypatch):
    from dashboard import data

    monkeypatch.setattr(data, "WARM_EVERY", 0.05)
    data.warmer(str(sample_db))
    save_correction(open_db(sample_db), int(current(sample_db).records.index[0]), off_topic=1)
    with facts.connection(sample_db) as conn:
        key = facts.version(conn)
    deadline = time.monotonic() + 30
    while facts.cached_facts(key) is None or "themes" not in facts.cached_facts(key).lazy:
        assert time.monotonic() < deadline, "the warmer never read the new version"
        time.sleep(0.05)
