"""The versioned schema: sqlite-utils migrations, applied in order on every open.

Tables that form the public contract for notebooks and other tools:
``articles`` (a view: records + machine annotations + researchers' corrections),
``article_topics``, ``fetch_runs``. Everything else may change between versions.
``db.migrations`` lists the modules whose migrations apply, in order.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from db.fts import FTS_TOKENIZE

migrations = Migrations("kratom_evidence_tracker")

ARTICLES_VIEW = """
CREATE VIEW articles AS
SELECT
    r.id AS article_id,
    r.pmid,
    r.title,
    r.abstract,
    r.journal,
    r.journal_iso,
    r.year,
    r.pub_date,
    r.volume,
    r.issue,
    r.pages,
    r.doi,
    r.pmcid,
    r.authors,
    r.keywords,
    r.publication_types,
    r.mesh,
    r.languages,
    r.entrez_date,
    r.date_revised,
    r.status,
    r.license,
    r.source_url,
    r.first_seen,
    r.updated_at,
    COALESCE(c.study_type, a.study_type) AS study_type,
    CASE WHEN c.sample_size_set = 1 THEN c.sample_size ELSE a.sample_size END
        AS sample_size,
    CASE WHEN c.sample_size_set = 1 THEN c.sample_unit ELSE a.sample_unit END
        AS sample_unit,
    CASE WHEN c.sample_size_set = 1 THEN NULL ELSE a.sample_size_evidence END
        AS sample_size_evidence,
    COALESCE(
        CASE c.study_type
            WHEN 'animal' THEN 'animal'
            WHEN 'in_vitro' THEN 'in_vitro'
            WHEN 'review' THEN NULL
            WHEN 'systematic_review' THEN NULL
            WHEN 'other' THEN NULL
            ELSE CASE WHEN c.study_type IS NOT NULL THEN 'human' END
        END,
        CASE WHEN c.study_type IS NULL THEN a.subjects END
    ) AS subjects,
    a.study_type AS machine_study_type,
    a.study_type_confidence,
    a.study_type_signal,
    a.sample_size AS machine_sample_size,
    a.annotator_version,
    c.off_topic,
    CASE WHEN c.article_id IS NOT NULL THEN 1 ELSE 0 END AS corrected
FROM records r
LEFT JOIN annotations a ON a.article_id = r.id
LEFT JOIN corrections c ON c.article_id = r.id
"""


@migrations()
def m001_initial(db: Database) -> None:
    """Create every table of schema version 1."""
    db["records"].create(
        {
            "id": int,  # the PMID, or a negative key for records PubMed has not indexed
            "pmid": int,
            "title": str,
            "abstract": str,
            "abstract_sections": str,  # JSON [{label, category, text}]
            "authors": str,  # JSON [{last_name, fore_name, initials, name, affiliations}]
            "journal": str,
            "journal_iso": str,
            "volume": str,
            "issue": str,
            "pages": str,
            "pub_date": str,  # as printed: "2019 Jan-Feb", "2020 Spring", "2021 Mar 4"
            "year": int,
            "month": int,
            "entrez_date": str,  # ISO date PubMed first listed the record
            "date_revised": str,
            "doi": str,
            "pmcid": str,
            "languages": str,  # JSON list
            "publication_types": str,  # JSON list
            "mesh": str,  # JSON [{descriptor, ui, major, qualifiers: [{name, major}]}]
            "keywords": str,  # JSON list
            "grants": str,  # JSON [{id, agency, country, acronym}]
            "status": str,  # MedlineCitation/@Status
            "publication_status": str,
            "copyright": str,
            "license": str,
            "source_url": str,
            "source": str,  # pubmed | import:<file name>
            "content_hash": str,
            "first_seen": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"title"},
    )
    db["records"].create_index(["pmid"], unique=True)
    db["records"].create_index(["year"])
    db["records"].create_index(["entrez_date"])
    db["records"].create_index(["first_seen"])
    db["records"].enable_fts(
        ["title", "abstract", "keywords"],
        fts_version="FTS5",
        create_triggers=True,
        tokenize=FTS_TOKENIZE,
    )

    db["article_topics"].create(
        {
            "article_id": int,
            "pmid": int,
            "topic": str,
            "first_seen": str,
            "relevance": float,
            "relevance_reason": str,
        },
        pk=("article_id", "topic"),
        foreign_keys=[("article_id", "records", "id")],
    )
    db["article_topics"].create_index(["topic", "relevance"])
    db["article_topics"].create_index(["pmid"])

    db["annotations"].create(
        {
            "article_id": int,
            "study_type": str,
            "study_type_confidence": float,
            "study_type_signal": str,
            "subjects": str,
            "sample_size": int,
            "sample_unit": str,
            "sample_size_evidence": str,
            "sample_size_start": int,
            "sample_size_end": int,
            "annotator_version": str,
            "annotated_at": str,
        },
        pk="article_id",
        foreign_keys=[("article_id", "records", "id")],
    )
    db["annotations"].create_index(["study_type"])

    db["open_questions"].create(
        {
            "id": int,
            "article_id": int,
            "pmid": int,
            "position": int,
            "text": str,
            "themes": str,  # JSON list of theme slugs
            "start": int,
            "end": int,
        },
        pk="id",
        foreign_keys=[("article_id", "records", "id")],
    )
    db["open_questions"].create_index(["article_id"])
    db["open_question_themes"].create(
        {"question_id": int, "article_id": int, "theme": str},
        pk=("question_id", "theme"),
    )
    db["open_question_themes"].create_index(["theme"])
    db["open_question_themes"].create_index(["article_id"])

    # What researchers enter by hand: no fetch or re-annotation ever writes here.
    db["corrections"].create(
        {
            "article_id": int,
            "pmid": int,
            "study_type": str,
            "sample_size": int,
            "sample_unit": str,
            "sample_size_set": int,  # 1: sample_size/unit override the machine's (even null)
            "off_topic": int,  # 1: off-topic, 0: confirmed on-topic, null: no verdict
            "reason": str,
            "corrected_by": str,
            "updated_at": str,
        },
        pk="article_id",
    )
    db["notes"].create(
        {
            "id": int,
            "article_id": int,
            "pmid": int,
            "text": str,
            "author": str,
            "created_at": str,
        },
        pk="id",
    )
    db["notes"].create_index(["article_id"])

    db["fetch_runs"].create(
        {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "status": str,  # running | ok | partial | failed | interrupted
            "sources": str,
            "full": int,
            "counts": str,  # JSON {source: {topic: {hits, new, updated, failed}}}
            "errors": str,  # JSON list of strings
            "pid": int,
            "hostname": str,
            "command": str,
        },
        pk="id",
    )
    db["fetch_run_topics"].create(
        {
            "run_id": int,
            "source": str,
            "topic": str,
            "hits": int,
            "new": int,
            "updated": int,
            "unchanged": int,
            "failed": int,
            "requests": int,
            "status": str,
            "error": str,
        },
        pk=("run_id", "source", "topic"),
    )
    db["fetch_state"].create(
        {
            "source": str,
            "topic": str,
            "query": str,
            "last_success_started_at": str,
            "last_success_run_id": int,
        },
        pk=("source", "topic"),
    )
    db["fetch_gaps"].create(
        {
            "id": int,
            "source": str,
            "topic": str,
            "kind": str,  # ids | slice
            "detail": str,  # JSON: the ids or the query slice still to fetch
            "error": str,
            "created_run_id": int,
            "created_at": str,
            "resolved_run_id": int,
            "resolved_at": str,
        },
        pk="id",
    )
    db["fetch_gaps"].create_index(["source", "topic", "resolved_run_id"])

    db["trials"].create(
        {
            "nct_id": str,
            "title": str,
            "official_title": str,
            "status": str,
            "phase": str,
            "study_type": str,
            "enrollment": int,
            "enrollment_type": str,
            "conditions": str,  # JSON list
            "interventions": str,  # JSON list
            "sponsor": str,
            "start_date": str,
            "completion_date": str,
            "last_update": str,
            "url": str,
            "content_hash": str,
            "first_seen": str,
            "updated_at": str,
        },
        pk="nct_id",
    )
    db["trial_topics"].create(
        {"nct_id": str, "topic": str, "first_seen": str}, pk=("nct_id", "topic")
    )
    db.execute(ARTICLES_VIEW)


# m002-m004 (until session 12) kept topic, relevance and full-text-match bitmasks and packed
# theme counts on article_facts, with fallbacks for stale masks. m005 replaces all of that
# with the plain columns below; the dashboard aggregates them in pandas (db.facts).
FACT_COLUMNS = ("year", "first_seen", "study_type", "subjects", "sample_size", "off_topic")
OLD_FACT_TABLES = ("article_facts", "topic_bits", "match_keys", "fact_settings", "theme_slots")
FACT_SOURCES = (("records", "id"), ("annotations", "article_id"), ("corrections", "article_id"))


def upsert_fact(ref: str, when: str = "1", columns: tuple[str, ...] = FACT_COLUMNS) -> str:
    """Trigger statement: write one record's article_facts row from the articles view."""
    cols = ", ".join(columns)
    sets = ", ".join(f"{c} = excluded.{c}" for c in columns)
    return (
        f"INSERT INTO article_facts (article_id, {cols}) SELECT article_id, {cols} FROM "
        f"articles WHERE article_id = {ref} AND {when} ON CONFLICT (article_id) DO UPDATE SET "
        f"{sets};"
    )


@migrations()
def m005_plain_facts(db: Database) -> None:
    """article_facts as plain columns: one narrow row per record, written by triggers in the
    transaction that writes records, annotations or corrections (no masks, no fallbacks)."""
    for table in (*[t for t, _ in FACT_SOURCES], "article_topics", "open_question_themes"):
        for suffix in ("ai", "au", "ad"):
            db.execute(f"DROP TRIGGER IF EXISTS {table}_facts_{suffix}")
    db.execute("DROP TRIGGER IF EXISTS records_matches_au")
    for table in OLD_FACT_TABLES:
        db.execute(f"DROP TABLE IF EXISTS {table}")
    if db["_deferred_indexes"].exists():  # a killed load's indexes on the old columns
        db.execute("DELETE FROM _deferred_indexes WHERE name LIKE 'idx_article_facts%'")
    db.execute(
        "CREATE TABLE article_facts (article_id INTEGER PRIMARY KEY, year INTEGER, "
        "first_seen TEXT, study_type TEXT, subjects TEXT, sample_size INTEGER, off_topic INTEGER)"
    )
    db.execute(f"INSERT INTO article_facts SELECT article_id, {', '.join(FACT_COLUMNS)} "
               "FROM articles")  # fmt: skip
    # Covering indexes for the frames db.facts reads (m002/m003 made them on older files).
    db.execute("CREATE INDEX IF NOT EXISTS idx_article_topics_relevance "
               "ON article_topics (article_id, topic, relevance)")  # fmt: skip
    db.execute("DROP INDEX IF EXISTS idx_open_question_themes_theme")
    db.execute("CREATE INDEX idx_open_question_themes_theme ON open_question_themes "
               "(theme, article_id)")  # fmt: skip
    fact_triggers(db, FACT_COLUMNS)


def fact_triggers(db: Database, columns: tuple[str, ...]) -> None:
    """(Re)create the triggers that keep article_facts' `columns` equal to the view's."""
    for table, key in FACT_SOURCES:
        gone = (  # a record's row goes with it; a correction's or annotation's is rewritten
            "DELETE FROM article_facts WHERE article_id = OLD.id;"
            if table == "records"
            else upsert_fact(f"OLD.{key}", columns=columns)
        )
        moved = (  # ids never change in practice; if one did, the old row must follow
            "DELETE FROM article_facts WHERE article_id = OLD.id AND OLD.id IS NOT NEW.id;"
            if table == "records"
            else upsert_fact(f"OLD.{key}", when=f"OLD.{key} IS NOT NEW.{key}", columns=columns)
        )
        fresh = upsert_fact("NEW." + key, columns=columns)
        for suffix in ("ai", "au", "ad"):
            db.execute(f"DROP TRIGGER IF EXISTS {table}_facts_{suffix}")
        db.execute(f"CREATE TRIGGER {table}_facts_ai AFTER INSERT ON {table} BEGIN {fresh} END")
        db.execute(f"CREATE TRIGGER {table}_facts_au AFTER UPDATE ON {table} "
                   f"BEGIN {moved} {fresh} END")  # fmt: skip
        db.execute(f"CREATE TRIGGER {table}_facts_ad AFTER DELETE ON {table} BEGIN {gone} END")
