"""Open-question statements per theme: the packed article_facts.theme_counts (m004)."""

from __future__ import annotations

import json
import sqlite3

import pandas as pd

import analysis
from db import facts, open_db, queries
from db.facts_schema import THEME_SLOTS, create_fact_triggers, theme_pack
from db.pipeline import store_records
from db.queries import Filters
from db.store import save_correction, write_transaction

pytest_plugins = ["dashboard_support"]

FILTERS = [
    Filters(),
    Filters(relevant_only=False),
    Filters(topics=["prolactin"]),
    Filters(year_min=2015, study_types=["review", "rct", "observational"]),
    Filters(subjects=["human"], year_max=2020),
    Filters(search="withdrawal"),
]


def exact_counts(path, f: Filters) -> pd.DataFrame:
    """The counts the slow, obvious way: every theme row joined to the articles view."""
    body, params = queries.where(f)  # no layout: the exact rules on the view
    sql = (
        "SELECT qt.theme, a.year, count(*) AS statements, count(DISTINCT a.article_id) AS "
        "records FROM open_question_themes qt JOIN articles a ON a.article_id = qt.article_id "
        f"WHERE {body} GROUP BY 1, 2 ORDER BY 1, 2"
    )
    with sqlite3.connect(path) as conn:
        return pd.read_sql(sql, conn, params=params)


def wrongly_packed(conn: sqlite3.Connection) -> int:
    """Records whose stored theme_counts differ from a repack of their theme rows."""
    sql = (
        "SELECT count(*) FROM article_facts f WHERE f.theme_counts IS NOT "
        f"{theme_pack('f.article_id')}"
    )
    return conn.execute(sql).fetchone()[0]


def assert_counts_exact(path) -> None:
    """question_counts equals the exact join for every filter case."""
    for f in FILTERS:
        got = queries.question_counts(path, f)
        pd.testing.assert_frame_equal(got, exact_counts(path, f), check_dtype=False, obj=str(f))


def test_packed_counts_follow_theme_rows_written_after_their_record(large_db):
    # bench_dashboard inserts records first and their theme rows after: the
    # open_question_themes triggers do the packing here, not the records trigger.
    with sqlite3.connect(large_db) as conn:
        assert wrongly_packed(conn) == 0
        packed = conn.execute("SELECT count(*) FROM article_facts WHERE theme_counts > 0")
        assert packed.fetchone()[0] > 1000


def test_question_counts_equal_the_exact_join(sample_db):
    with sqlite3.connect(sample_db) as conn:
        assert wrongly_packed(conn) == 0
        assert conn.execute("SELECT count(*) FROM article_facts WHERE theme_counts IS NULL"
                            ).fetchone()[0] == 0  # fmt: skip
    assert len(queries.question_counts(sample_db, Filters(relevant_only=False))) > 5
    assert_counts_exact(sample_db)
    with sqlite3.connect(sample_db) as conn:  # as during an initial load: index deferred
        conn.execute("DROP INDEX idx_article_facts_themes")
    assert_counts_exact(sample_db)


def question_ids(conn: sqlite3.Connection) -> list[tuple[int, int]]:
    """(question id, article id) of every stored open question."""
    return conn.execute("SELECT id, article_id FROM open_questions ORDER BY id").fetchall()


def test_records_that_cannot_be_packed_are_counted_from_their_rows(sample_db):
    with sqlite3.connect(sample_db) as conn:
        (q1, a1), *rest = question_ids(conn)
        a2 = next(a for _, a in rest if a != a1)
        # SYNTHETIC rows, for this boundary test only: a theme no annotator emits (so it
        # has no slot), and 64 statements on one theme (one more than a 6-bit field holds).
        conn.execute("INSERT INTO open_question_themes VALUES (?, ?, 'synthetic_theme')",
                     [q1, a1])  # fmt: skip
        conn.executemany(
            "INSERT INTO open_question_themes VALUES (?, ?, 'long_term_safety')",
            [(-(10**9) - i, a2) for i in range(64)],
        )
        nulls = conn.execute(
            "SELECT article_id FROM article_facts WHERE theme_counts IS NULL ORDER BY 1"
        ).fetchall()
        assert nulls == sorted([(a1,), (a2,)])
        assert wrongly_packed(conn) == 0
    assert_counts_exact(sample_db)
    counts = queries.question_counts(sample_db, Filters(relevant_only=False))
    assert counts.loc[counts.theme == "synthetic_theme", "statements"].sum() == 1


def test_changed_theme_rows_repack_their_record(sample_db):
    with sqlite3.connect(sample_db) as conn:
        qid, article = question_ids(conn)[0]
        before = conn.execute(
            "SELECT theme_counts FROM article_facts WHERE article_id = ?", [article]
        ).fetchone()[0]
        held = {r[0] for r in conn.execute(
            "SELECT theme FROM open_question_themes WHERE question_id = ?", [qid])}  # fmt: skip
        other = next(t for t in analysis.THEMES if t not in held)
        conn.execute(
            "UPDATE open_question_themes SET theme = ? WHERE question_id = ? AND theme = ?",
            [other, qid, min(held)],
        )
        assert wrongly_packed(conn) == 0
        conn.execute("DELETE FROM open_question_themes WHERE article_id = ?", [article])
        after = conn.execute(
            "SELECT theme_counts FROM article_facts WHERE article_id = ?", [article]
        ).fetchone()[0]
        assert before > 0 and after == 0 and wrongly_packed(conn) == 0
    assert_counts_exact(sample_db)


def test_reannotation_and_corrections_keep_the_packed_counts(sample_db):
    db = open_db(sample_db)
    article = question_ids(db.conn)[0][1]
    record = next(db.query("SELECT * FROM records WHERE id = ?", [article]))
    for key in ("authors", "keywords", "publication_types", "mesh", "languages", "grants",
                "abstract_sections"):  # fmt: skip
        record[key] = json.loads(record[key]) if record.get(key) else None
    record["abstract"] += " (SYNTHETIC revision for this test.)"
    topics = [r[0] for r in db.execute("SELECT topic FROM article_topics WHERE article_id = ?",
                                       [article])]  # fmt: skip
    with write_transaction(db):  # the row is packed as empty until the revision re-annotates
        db.execute("DELETE FROM open_question_themes WHERE article_id = ?", [article])
    assert store_records(db, [record], topics).updated == 1
    packed = "SELECT theme_counts FROM article_facts WHERE article_id = ?"
    assert db.execute(packed, [article]).fetchone()[0] > 0
    save_correction(db, article, study_type="rct", reason="test")
    assert db.execute(packed, [article]).fetchone()[0] > 0
    assert wrongly_packed(db.conn) == 0
    db.close()
    assert_counts_exact(sample_db)


def test_a_new_theme_gets_a_slot_and_its_records_are_packed(sample_db, monkeypatch):
    db = open_db(sample_db)
    qid, article = question_ids(db.conn)[0]
    with write_transaction(db):
        db.execute("INSERT INTO open_question_themes VALUES (?, ?, 'new_theme')", [qid, article])
    assert db.execute("SELECT theme_counts FROM article_facts WHERE article_id = ?",
                      [article]).fetchone()[0] is None  # fmt: skip
    monkeypatch.setattr(analysis, "THEMES", {**analysis.THEMES, "new_theme": "New theme"})
    with write_transaction(db):
        assert facts.sync_theme_slots(db) == 1
        assert facts.sync_theme_slots(db) == 0
    slots = facts.theme_slots(db.conn)
    assert slots["new_theme"] == max(slots.values()) == len(slots) - 1
    assert wrongly_packed(db.conn) == 0
    assert db.execute("SELECT count(*) FROM article_facts WHERE theme_counts IS NULL"
                      ).fetchone()[0] == 0  # fmt: skip
    db.close()
    assert_counts_exact(sample_db)


def test_m004_packs_a_database_migrated_before_it(sample_db):
    # Put the file back in its m003 shape, then let open_db migrate it again.
    db = open_db(sample_db)
    with write_transaction(db):
        for suffix in ("ai", "au", "ad"):
            db.execute(f"DROP TRIGGER open_question_themes_facts_{suffix}")
        db.execute("DROP INDEX idx_article_facts_themes")
        db.execute("DROP TABLE theme_slots")
        create_fact_triggers(db, themes=False)
        db.execute("ALTER TABLE article_facts DROP COLUMN theme_counts")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm004_theme_counts'")
    assert queries.question_counts(sample_db, Filters()).equals(exact_counts(sample_db, Filters()))
    db.close()
    db = open_db(sample_db)
    assert wrongly_packed(db.conn) == 0
    assert db.execute("SELECT count(*) FROM article_facts WHERE theme_counts > 0").fetchone()[0]
    db.close()
    assert_counts_exact(sample_db)


def test_an_empty_database_has_no_question_counts(tmp_path):
    path = tmp_path / "empty.db"
    open_db(path).close()
    counts = queries.question_counts(path, Filters())
    assert counts.empty and list(counts.columns) == ["theme", "year", "statements", "records"]
    store_records(open_db(path), [], ["prolactin"])
    assert queries.question_counts(path, Filters()).empty


def test_themes_beyond_the_last_slot_stay_unpacked_and_exact(sample_db, monkeypatch):
    db = open_db(sample_db)
    qid, article = question_ids(db.conn)[0]
    extra = {f"new_theme_{i}": "New" for i in range(THEME_SLOTS)}
    monkeypatch.setattr(analysis, "THEMES", {**analysis.THEMES, **extra})
    with write_transaction(db):
        db.execute("INSERT INTO open_question_themes VALUES (?, ?, 'new_theme_9')", [qid, article])
        assert facts.sync_theme_slots(db) == THEME_SLOTS - len(analysis.THEMES) + len(extra)
    assert max(facts.theme_slots(db.conn).values()) == THEME_SLOTS - 1
    assert "new_theme_9" not in facts.theme_slots(db.conn)
    with write_transaction(db):
        assert facts.sync_theme_slots(db) == 0  # full: nothing more to do, on every batch
    assert db.execute("SELECT theme_counts FROM article_facts WHERE article_id = ?",
                      [article]).fetchone()[0] is None  # fmt: skip
    db.close()
    assert_counts_exact(sample_db)
