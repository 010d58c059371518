"""db.queries / db.aggregates: filters, relevance, search fallback, aggregates, corrections."""

from __future__ import annotations

import json
import sqlite3

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db import open_db, queries
from db.pipeline import store_records
from db.queries import Filters
from db.store import save_correction

pytest_plugins = ["dashboard_support"]


def first_id(path, sql="SELECT article_id FROM articles ORDER BY article_id LIMIT 1"):
    """One record id from the database."""
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchone()[0]


def test_filters_are_hashable_and_normalised():
    f = Filters(topics=["prolactin"], study_types="rct", year_min="2010", search="  ")
    assert f.topics == ("prolactin",) and f.study_types == ("rct",) and f.year_min == 2010
    assert f.search is None
    assert hash(f) == hash(Filters(topics=("prolactin",), study_types=("rct",), year_min=2010))


def test_year_type_counts_add_up_to_the_selection(sample_db_master):
    for f in (Filters(), Filters(relevant_only=False), Filters(topics=["prolactin"])):
        counts = queries.counts_by_year_type(sample_db_master, f)
        assert counts["n"].sum() == queries.count_records(sample_db_master, f) > 0


def test_topic_filter_keeps_only_linked_records(sample_db_master):
    f = Filters(topics=["prolactin"], relevant_only=False)
    ids = set(queries.records(sample_db_master, f)["article_id"])
    with sqlite3.connect(sample_db_master) as conn:
        linked = {r[0] for r in conn.execute(
            "SELECT article_id FROM article_topics WHERE topic = 'prolactin'")}  # fmt: skip
    assert ids == linked


def test_year_study_type_and_subject_filters(sample_db_master):
    f = Filters(year_min=2018, year_max=2022, subjects=["human"], relevant_only=False)
    df = queries.records(sample_db_master, f)
    assert len(df) and df["year"].between(2018, 2022).all() and (df["subjects"] == "human").all()
    types = queries.records(sample_db_master, Filters(study_types=["review"], relevant_only=False))
    assert set(types["study_type"]) == {"review"}


def test_relevance_filter_hides_low_scores_unless_confirmed(sample_db):
    target = first_id(sample_db)
    db = open_db(sample_db)
    db.execute("UPDATE article_topics SET relevance = 0.1 WHERE article_id = ?", [target])
    db.conn.commit()
    assert target not in set(queries.records(db, Filters())["article_id"])
    assert target in set(queries.records(db, Filters(relevant_only=False))["article_id"])
    save_correction(db, target, off_topic=0)
    assert target in set(queries.records(db, Filters())["article_id"])


def test_off_topic_correction_hides_a_relevant_record(sample_db):
    db = open_db(sample_db)
    target = first_id(sample_db)
    db.execute("UPDATE article_topics SET relevance = 0.9 WHERE article_id = ?", [target])
    save_correction(db, target, off_topic=1)
    assert target not in set(queries.records(db, Filters())["article_id"])
    assert target in set(queries.records(db, Filters(relevant_only=False))["article_id"])


def test_correction_wins_in_aggregates_and_survives_a_refetch(sample_db):
    db = open_db(sample_db)
    row = db.execute(
        "SELECT article_id, study_type FROM articles WHERE study_type != 'rct' LIMIT 1"
    ).fetchone()
    target, machine = row
    before = queries.counts_by_year_type(db, Filters(relevant_only=False))
    save_correction(db, target, study_type="rct", sample_size=123, reason="test")
    after = queries.counts_by_year_type(db, Filters(relevant_only=False))
    assert after.loc[after.study_type == "rct", "n"].sum() == (
        before.loc[before.study_type == "rct", "n"].sum() + 1
    )
    # The same record arrives again with changed content (a PubMed revision).
    record = next(db.query("SELECT * FROM records WHERE id = ?", [target]))
    for key in ("authors", "keywords", "publication_types", "mesh", "languages", "grants",
                "abstract_sections"):  # fmt: skip
        record[key] = json.loads(record[key]) if record.get(key) else None
    record["title"] = record["title"] + " (revised)"
    counts = store_records(db, [record], ["prolactin"])
    assert counts.updated == 1
    view = db.execute(
        "SELECT title, study_type, sample_size, machine_study_type FROM articles WHERE article_id = ?",
        [target],
    ).fetchone()
    assert view[0].endswith("(revised)") and view[1] == "rct" and view[2] == 123
    facts = db.execute(
        "SELECT study_type, sample_size FROM article_facts WHERE article_id = ?", [target]
    ).fetchone()
    assert facts == ("rct", 123)
    assert machine != "rct"


def test_article_facts_match_the_view(large_db, expected=20_000):
    with sqlite3.connect(large_db) as conn:
        diff = conn.execute(
            "SELECT count(*) FROM articles v JOIN article_facts f ON f.article_id = v.article_id "
            "WHERE v.year IS NOT f.year OR v.study_type IS NOT f.study_type "
            "OR v.subjects IS NOT f.subjects OR v.sample_size IS NOT f.sample_size "
            "OR v.off_topic IS NOT f.off_topic"
        ).fetchone()[0]
        rows = conn.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM article_facts)"
        ).fetchone()
    assert diff == 0 and rows[0] == rows[1] == (expected or rows[0])


OLD_SHAPE = [  # what m002-m004 left in a database: masks, their tables, triggers, indexes
    "ALTER TABLE article_facts ADD COLUMN topics INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE article_facts ADD COLUMN matches INTEGER",
    "ALTER TABLE article_facts ADD COLUMN theme_counts INTEGER",
    "CREATE TABLE topic_bits (topic TEXT PRIMARY KEY, bit INTEGER NOT NULL UNIQUE)",
    "CREATE TABLE match_keys (key TEXT PRIMARY KEY, bit INTEGER NOT NULL UNIQUE, query TEXT)",
    "CREATE TABLE fact_settings (key TEXT PRIMARY KEY, value)",
    "CREATE TABLE theme_slots (theme TEXT PRIMARY KEY, slot INTEGER NOT NULL UNIQUE)",
    "CREATE INDEX idx_article_facts_groups ON article_facts (study_type, year, topics)",
    "CREATE TRIGGER records_matches_au AFTER UPDATE OF title ON records "
    "BEGIN UPDATE article_facts SET matches = NULL WHERE article_id = NEW.id; END",
    "CREATE TRIGGER article_topics_facts_ai AFTER INSERT ON article_topics "
    "BEGIN UPDATE article_facts SET topics = 1 WHERE article_id = NEW.article_id; END",
    "CREATE TABLE IF NOT EXISTS _deferred_indexes (name TEXT PRIMARY KEY, sql TEXT)",
    "INSERT INTO _deferred_indexes SELECT name, sql FROM sqlite_master "
    "WHERE name = 'idx_article_facts_groups'",
    "DROP INDEX idx_open_question_themes_theme",
    "CREATE INDEX idx_open_question_themes_theme ON open_question_themes (theme)",
    "UPDATE article_facts SET study_type = 'stale'",
    "DELETE FROM _sqlite_migrations WHERE name = 'm005_plain_facts'",
    "DELETE FROM _sqlite_migrations WHERE name = 'm009_relations'",  # later ones rerun too
]


def schema_of(db) -> list:
    """Every table, index and trigger, as SQLite stores their definitions."""
    return db.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE "
                      "'sqlite_%' AND name != '_deferred_indexes' ORDER BY 2").fetchall()  # fmt: skip


def test_m005_upgrades_a_masked_database_and_a_rerun_converges(sample_db):
    db = open_db(sample_db)
    fresh = schema_of(db)
    with db.atomic():
        for sql in OLD_SHAPE:
            db.execute(sql)
    for _ in range(2):  # the upgrade, then the same migration run again
        db = open_db(sample_db)
        assert schema_of(db) == fresh
        assert db.execute("SELECT count(*) FROM _deferred_indexes").fetchone()[0] == 0
        test_article_facts_match_the_view(sample_db, expected=None)
        db.execute("DELETE FROM _sqlite_migrations WHERE name IN ('m005_plain_facts', "
                   "'m009_relations')")  # fmt: skip


@pytest.mark.parametrize(
    "text",
    ['kratom', '"opioid withdrawal"', 'kratom -withdrawal', '"unbalanced', "(", "*", "AND",
     "NEAR(kratom prolactin)", "title:kratom", "nocolumn:x", "mitragyn*", "ÄÖ über café", "😀",
     "-", '""', "kratom AND", "<script>alert(1)</script>", "'; DROP TABLE records; --"],
)  # fmt: skip
def test_search_never_raises_and_explains_rereads(sample_db_master, text):
    df = queries.search(sample_db_master, text, Filters(relevant_only=False))
    assert isinstance(df, pd.DataFrame)
    expr, note = queries.fts_expression(text)
    assert df.attrs["note"] == note
    if expr is not None and note:
        assert "searched for the words" in note


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=40))
def test_any_text_gives_a_valid_fts_expression_or_a_message(text):
    expr, note = queries.fts_expression(text)
    assert expr is None or queries.fts_valid(expr)
    if text.strip() and expr is None:
        assert note


def test_minus_word_becomes_not(sample_db_master):
    expr, note = queries.fts_expression("kratom -withdrawal")
    assert expr == '"kratom" NOT "withdrawal"' and note
    with_word = set(
        queries.search(sample_db_master, "kratom withdrawal", Filters(relevant_only=False))[
            "article_id"
        ]
    )
    without = set(
        queries.search(sample_db_master, "kratom -withdrawal", Filters(relevant_only=False))[
            "article_id"
        ]
    )
    assert with_word and not (with_word & without)


def test_search_combines_with_filters_and_ranks(sample_db_master):
    f = Filters(relevant_only=False)
    all_hits = queries.search(sample_db_master, "prolactin", f)
    human = queries.search(sample_db_master, "prolactin", f.replace(subjects=["human"]))
    assert len(all_hits) > 0
    assert set(human["article_id"]) <= set(all_hits["article_id"])
    assert (human["subjects"] == "human").all()
    assert queries.count_records(sample_db_master, f.replace(search="prolactin")) == len(all_hits)


def test_sample_size_summary_matches_pandas(sample_db_master):
    f = Filters(relevant_only=False)
    summary = queries.sample_size_summary(sample_db_master, f).set_index("study_type")
    points = queries.sample_sizes(sample_db_master, f, limit=None)
    assert points.attrs["total"] == len(points) == summary["with_n"].sum()
    for design, group in points.groupby("study_type"):
        row = summary.loc[design]
        assert row["median"] == pytest.approx(group["sample_size"].median())
        assert row["q1"] == pytest.approx(group["sample_size"].quantile(0.25))
        assert row["q3"] == pytest.approx(group["sample_size"].quantile(0.75))
        assert row["coverage"] == pytest.approx(row["with_n"] / row["records"])


def test_sample_sizes_limit_keeps_a_spread(large_db):
    df = queries.sample_sizes(large_db, Filters(), limit=500)
    assert len(df) == 500 and df.attrs["total"] > 500
    assert df["year"].nunique() > 10 and df["study_type"].nunique() > 3


def test_gap_map_has_every_cell_and_shows_gaps(sample_db_master):
    import analysis

    gap = queries.gap_map(sample_db_master, Filters())
    assert len(gap) >= len(analysis.THEMES) * len(analysis.STUDY_TYPES)
    assert (gap["n"] == 0).any() and (gap["n"] > 0).any()


def test_tracked_questions_report_evidence_per_design(sample_db_master):
    spec = queries.load_tracked_questions()
    assert {"eases_withdrawal", "opioid_receptors", "prolactin", "addiction_risk", "dosing",
            "long_term_effects", "interactions"} <= {q["id"] for q in spec["questions"]}  # fmt: skip
    df = queries.tracked_questions(sample_db_master, Filters(relevant_only=False))
    assert {"question_id", "question", "study_type", "records", "total_n"} <= set(df.columns)
    withdrawal = df[df.question_id == "eases_withdrawal"]
    assert withdrawal["records"].sum() > 0
    found = queries.tracked_question_records(sample_db_master, "eases_withdrawal",
                                             Filters(relevant_only=False))  # fmt: skip
    assert len(found) == withdrawal["records"].sum()


def test_open_questions_filter_by_theme(sample_db_master):
    everything = queries.open_questions(sample_db_master, Filters(relevant_only=False))
    assert len(everything)
    counts = queries.question_counts(sample_db_master, Filters(relevant_only=False))
    theme = counts.groupby("theme")["statements"].sum().idxmax()
    some = queries.open_questions(sample_db_master, Filters(relevant_only=False), theme=theme)
    assert 0 < len(some) <= len(everything)
    assert all(theme in themes for themes in some["themes"])


def test_new_since_without_an_entry_date_uses_first_seen(sample_db):
    # The sample has no entry dates. Pretend one record was published this year: then
    # the day it was first stored is when it became new.
    db = open_db(sample_db)
    db.execute("UPDATE records SET first_seen = '2000-01-01T00:00:00+00:00'")
    target = first_id(sample_db)
    db.execute(
        "UPDATE records SET first_seen = ?, year = ? WHERE id = ?",
        [queries.cutoff(1), int(queries.cutoff(0)[:4]), target],
    )
    db.conn.commit()
    assert list(queries.new_since(db, 7)["article_id"]) == [target]
    assert queries.count_new_since(db, 7) == 1 and queries.count_new_since(db, 30) == 1


def test_records_pages_and_orders(large_db):
    f = Filters()
    page1 = queries.records(large_db, f, limit=50, order_by="sample_size")
    page2 = queries.records(large_db, f, limit=50, offset=50, order_by="sample_size")
    assert not set(page1["article_id"]) & set(page2["article_id"])
    assert page1["sample_size"].is_monotonic_decreasing
    assert page1["sample_size"].min() >= page2["sample_size"].max()
    newest = queries.records(large_db, f, limit=100)
    assert newest["year"].is_monotonic_decreasing
    with pytest.raises(ValueError):
        queries.records(large_db, f, order_by="year; DROP TABLE records")


def test_fetch_log_and_trials_on_an_unfetched_database(sample_db_master):
    assert queries.fetch_log(sample_db_master).empty
    assert queries.last_fetch(sample_db_master) == {"last": None, "last_ok": None}
    by_status = queries.trials_by_status(sample_db_master)  # data/sample/trials, never fetched
    assert dict(zip(by_status["status"], by_status["n"], strict=True)) == {
        "COMPLETED": 7,
        "RECRUITING": 3,
    }
    assert queries.open_gaps(sample_db_master).empty


def test_cache_key_changes_when_the_database_changes(sample_db):
    before = queries.cache_key(sample_db)
    assert before == queries.cache_key(sample_db)
    db = open_db(sample_db)
    save_correction(db, first_id(sample_db), study_type="cohort")
    db.conn.close()
    assert queries.cache_key(sample_db) != before


FILTER_CASES = [
    Filters(),
    Filters(relevant_only=False),
    Filters(topics=["prolactin"]),
    Filters(topics=["prolactin", "mitragynine"]),
    Filters(topics=["prolactin"], relevant_only=False),
    Filters(topics=["no_such_topic"]),
]


def exact_count(db, f: Filters) -> int:
    """The relevance rule written out in SQL, per record on the articles view (an oracle)."""
    topic_sql = f" AND t.topic IN ({queries.marks(f.topics)})" if f.topics else ""
    links = f"FROM article_topics t WHERE t.article_id = a.article_id{topic_sql}"
    if f.relevant_only:
        verdict = "max(a.off_topic IS 0 OR coalesce(t.relevance, 1) >= ?)"
        sql = (f"a.off_topic IS NOT 1 AND coalesce((SELECT {verdict} {links}), "
               f"{0 if f.topics else 1})")  # fmt: skip
        params = [queries.threshold(), *f.topics]
    else:
        sql, params = (f"EXISTS (SELECT 1 {links})", list(f.topics)) if f.topics else ("1", [])
    return db.execute(f"SELECT count(*) FROM articles a WHERE {sql}", params).fetchone()[0]


def test_relevance_follows_corrections_and_rescoring_at_once(sample_db):
    db = open_db(sample_db)
    ids = [r[0] for r in db.execute("SELECT article_id FROM article_topics ORDER BY 1 LIMIT 6")]
    db.execute("UPDATE article_topics SET relevance = 0.1 WHERE article_id IN (?, ?, ?)", ids[:3])
    db.execute("UPDATE article_topics SET relevance = NULL WHERE article_id = ?", [ids[3]])
    db.conn.commit()
    save_correction(db, ids[0], off_topic=0)  # confirmed on-topic despite a low score
    save_correction(db, ids[4], off_topic=1)  # off-topic despite a high score
    save_correction(db, ids[5], study_type="rct")
    for f in FILTER_CASES:
        assert queries.count_records(db, f) == exact_count(db, f), f
    found = set(queries.records(db, Filters())["article_id"])
    assert ids[0] in found and ids[1] not in found and ids[4] not in found
    save_correction(db, ids[4], off_topic=None)  # a correction takes effect at once
    assert ids[4] in set(queries.records(db, Filters())["article_id"])
    for f in FILTER_CASES:
        assert queries.count_records(db, f) == exact_count(db, f), f


def test_a_revised_abstract_counts_under_its_new_theme_at_once(sample_db):
    db = open_db(sample_db)
    f = Filters(relevant_only=False)
    target = first_id(sample_db)
    before = queries.gap_map(sample_db, f)  # read (and cached) before the revision
    record = next(db.query("SELECT * FROM records WHERE id = ?", [target]))
    for key in ("authors", "keywords", "publication_types", "mesh", "languages", "grants",
                "abstract_sections"):  # fmt: skip
        record[key] = json.loads(record[key]) if record.get(key) else None
    record["abstract"] = (record["abstract"] or "") + " Hyperprolactinemia was not assessed."
    assert store_records(db, [record], ["prolactin"]).updated == 1
    spec = queries.load_tracked_questions()
    after = queries.gap_map(sample_db, f)
    for theme, t in spec["themes"].items():
        expr, _ = queries.fts_expression(t["query"])
        live = {r[0] for r in db.execute(
            "SELECT rowid FROM records_fts WHERE records_fts MATCH ?", [expr])}  # fmt: skip
        assert after.loc[after.theme == theme, "n"].sum() == len(live), theme
    assert not after.equals(before)


def test_every_write_shows_in_the_next_read_whoever_made_it(sample_db):
    target = first_id(sample_db)
    f = Filters(relevant_only=False, study_types=["rct"])
    before = queries.count_records(sample_db, f)  # by path: cached for this data version
    assert queries.count_records(sample_db, f) == before
    other = open_db(sample_db)  # another connection commits
    save_correction(other, target, study_type="rct")
    assert queries.count_records(sample_db, f) == before + 1
    other.conn.execute("DELETE FROM corrections")  # uncommitted: seen by this connection only
    assert queries.count_records(other, f) == before
    assert queries.count_records(sample_db, f) == before + 1
    other.conn.rollback()
    assert queries.count_records(other, f) == before + 1


def test_an_edited_theme_query_is_matched_live(sample_db_master, tmp_path):
    spec = tmp_path / "tracked.toml"
    spec.write_text(
        '[themes.endocrine_prolactin]\nquery = "prolactin"\n'
        '[themes.withdrawal_dependence]\nquery = "withdrawal NOT prolactin"\n'
        '[questions.p]\nquestion = "P?"\nquery = "prolactin AND kratom"\n'
    )
    f = Filters(relevant_only=False)
    gap = queries.gap_map(sample_db_master, f, path=spec)
    tracked = queries.tracked_questions(sample_db_master, f, path=spec)
    for theme, text in (("endocrine_prolactin", "prolactin"),
                        ("withdrawal_dependence", "withdrawal NOT prolactin")):  # fmt: skip
        live = queries.count_records(sample_db_master, f.replace(search=text))
        assert gap.loc[gap.theme == theme, "n"].sum() == live > 0
    assert tracked["records"].sum() == queries.count_records(
        sample_db_master, f.replace(search="prolactin AND kratom")
    )


def test_a_changed_threshold_applies_at_once(sample_db, monkeypatch):
    import analysis

    db = open_db(sample_db)
    db.execute("UPDATE article_topics SET relevance = 0.7 WHERE rowid % 3 = 0")
    db.conn.commit()
    before = queries.count_records(db, Filters())
    monkeypatch.setattr(analysis, "RELEVANCE_THRESHOLD", 0.8)
    for f in FILTER_CASES:
        assert queries.count_records(db, f) == exact_count(db, f), f
    assert queries.count_records(db, Filters()) < before


def test_evidence_counts_give_the_gap_map_and_tracked_questions(sample_db_master):
    f = Filters(relevant_only=False)
    evidence = queries.evidence_counts(sample_db_master, f)
    spec = queries.load_tracked_questions()
    gap = queries.gap_grid(evidence, spec["themes"])
    assert gap.equals(queries.gap_map(sample_db_master, f))
    table = queries.question_table(evidence, spec["questions"])
    assert table.equals(queries.tracked_questions(sample_db_master, f))


def test_clock_dependent_results_are_cached_per_hour(monkeypatch):
    import datetime as dt

    from dashboard import data

    keys = []
    monkeypatch.setattr(data, "cached", lambda name, path, key, args, kwargs: keys.append(key))
    monkeypatch.setattr(data, "context", lambda: data.Context("x.db", ("db-state",), Filters()))
    before = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H")
    data.q("count_new_since", 7)
    data.q("count_records")
    after = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H")
    assert keys[0] in (("db-state", before), ("db-state", after))  # a new hour, a new entry
    assert keys[1] == ("db-state",)
