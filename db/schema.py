"""The versioned schema: sqlite-utils migrations, applied in order on every open.

Tables that form the public contract for notebooks and other tools:
``articles`` (a view: records + machine annotations + researchers' corrections),
``article_topics``, ``fetch_runs``. Everything else may change between versions.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

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
        tokenize="porter unicode61 remove_diacritics 2",
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


FACT_COLUMNS = "article_id, year, first_seen, study_type, subjects, sample_size, off_topic"


def refresh_fact(ref: str) -> str:
    """Trigger body: recompute one article_facts row from the articles view."""
    return (
        f"DELETE FROM article_facts WHERE article_id = {ref}; "
        f"INSERT INTO article_facts SELECT {FACT_COLUMNS} FROM articles WHERE article_id = {ref};"
    )


@migrations()
def m002_article_facts(db: Database) -> None:
    """article_facts: the view's filter columns, one narrow row per record, kept in sync by
    triggers, so dashboard aggregates over 100k records scan one small table instead of
    joining records, annotations and corrections (see docs/DASHBOARD.md)."""
    db.execute(
        "CREATE TABLE article_facts (article_id INTEGER PRIMARY KEY, year INTEGER, "
        "first_seen TEXT, study_type TEXT, subjects TEXT, sample_size INTEGER, off_topic INTEGER)"
    )
    db.execute(f"INSERT INTO article_facts SELECT {FACT_COLUMNS} FROM articles")
    db.execute("CREATE INDEX idx_article_facts_first_seen ON article_facts (first_seen)")
    db.execute("CREATE INDEX idx_article_facts_sample_size ON article_facts (sample_size)")
    db.execute(
        "CREATE INDEX idx_article_topics_relevance ON article_topics (article_id, topic, relevance)"
    )
    for table, key in (
        ("records", "id"),
        ("annotations", "article_id"),
        ("corrections", "article_id"),
    ):
        db.execute(
            f"CREATE TRIGGER {table}_facts_ai AFTER INSERT ON {table} "
            f"BEGIN {refresh_fact('NEW.' + key)} END"
        )
        db.execute(
            f"CREATE TRIGGER {table}_facts_au AFTER UPDATE ON {table} "
            f"BEGIN {refresh_fact('OLD.' + key)} {refresh_fact('NEW.' + key)} END"
        )
        db.execute(
            f"CREATE TRIGGER {table}_facts_ad AFTER DELETE ON {table} "
            f"BEGIN {refresh_fact('OLD.' + key)} END"
        )


# m003: article_facts gains per-record bitmasks, so every dashboard aggregate is one scan
# of one covering index (docs/DASHBOARD.md): `topics` (bit per linked topic, bits from
# topic_bits), `relevant_topics` (the links scored >= the threshold in fact_settings) and
# `matches` (bit per tracked-question/theme FTS query in match_keys; NULL = not computed
# yet, filled by db.facts.refresh_matches on write, read through a live FTS fallback).
MASK_BITS = 62  # topics and match keys beyond this many are read the slow, exact way
VIEW_FACTS = ("year", "first_seen", "study_type", "subjects", "sample_size", "off_topic")


def topic_mask(ref: str, relevant: bool) -> str:
    """SQL: the bitmask of a record's topic links (only the relevant ones if `relevant`)."""
    cond = (
        " AND coalesce(t.relevance, 1) >= "
        "(SELECT value FROM fact_settings WHERE key = 'relevance_threshold')"
        if relevant
        else ""
    )
    return (
        "(SELECT coalesce(sum(1 << b.bit), 0) FROM article_topics t JOIN topic_bits b "
        f"ON b.topic = t.topic WHERE t.article_id = {ref} AND b.bit < {MASK_BITS}{cond})"
    )


def upsert_fact(ref: str, reset_matches: bool = False, when: str = "1") -> str:
    """Trigger statement: write one record's article_facts row from the articles view,
    keeping its masks (and its match bits unless the record's text may have changed)."""
    cols = ", ".join(VIEW_FACTS)
    sets = ", ".join(f"{c} = excluded.{c}" for c in VIEW_FACTS)
    if reset_matches:
        sets += ", matches = NULL"
    return (
        f"INSERT INTO article_facts (article_id, {cols}, topics, relevant_topics) "
        f"SELECT v.article_id, {', '.join('v.' + c for c in VIEW_FACTS)}, "
        f"{topic_mask('v.article_id', False)}, {topic_mask('v.article_id', True)} "
        f"FROM articles v WHERE v.article_id = {ref} AND {when} "
        f"ON CONFLICT (article_id) DO UPDATE SET {sets};"
    )


def update_masks(ref: str) -> str:
    """Trigger statement: recompute one record's topic masks from its links."""
    return (
        f"UPDATE article_facts SET topics = {topic_mask(ref, False)}, "
        f"relevant_topics = {topic_mask(ref, True)} WHERE article_id = {ref};"
    )


@migrations()
def m003_fact_masks(db: Database) -> None:
    """Topic, relevance and FTS-match bitmasks on article_facts with a covering index, and
    triggers that update rows in place instead of deleting and re-reading them."""
    import analysis

    for table in ("records", "annotations", "corrections"):
        for suffix in ("ai", "au", "ad"):
            db.execute(f"DROP TRIGGER IF EXISTS {table}_facts_{suffix}")
    db.execute("ALTER TABLE article_facts ADD COLUMN topics INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE article_facts ADD COLUMN relevant_topics INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE article_facts ADD COLUMN matches INTEGER")
    db.execute("CREATE TABLE fact_settings (key TEXT PRIMARY KEY, value)")
    db.execute(
        "INSERT INTO fact_settings VALUES ('relevance_threshold', ?)",
        [float(analysis.RELEVANCE_THRESHOLD)],
    )
    db.execute("CREATE TABLE topic_bits (topic TEXT PRIMARY KEY, bit INTEGER NOT NULL UNIQUE)")
    db.execute(
        "INSERT INTO topic_bits SELECT topic, row_number() OVER (ORDER BY topic) - 1 "
        "FROM (SELECT DISTINCT topic FROM article_topics)"
    )
    db.execute(
        "CREATE TABLE match_keys (key TEXT PRIMARY KEY, bit INTEGER NOT NULL UNIQUE, query TEXT)"
    )
    db.execute(
        f"UPDATE article_facts SET topics = {topic_mask('article_facts.article_id', False)}, "
        f"relevant_topics = {topic_mask('article_facts.article_id', True)}"
    )
    # Covering indexes: GROUP BY study type (and year, subjects, masks) streams in index
    # order; sample-size orders, quantiles and "largest N first" read the second one.
    facts = "off_topic, topics, relevant_topics, matches"
    db.execute(
        "CREATE INDEX idx_article_facts_groups ON article_facts "
        f"(study_type, year, subjects, {facts}, sample_size)"
    )
    db.execute(
        "CREATE INDEX idx_article_facts_sizes ON article_facts "
        f"(sample_size, year, study_type, subjects, {facts})"
    )
    db.execute(
        "CREATE INDEX idx_article_facts_matches ON article_facts "
        "(study_type, matches, subjects, sample_size, year, off_topic, topics, relevant_topics)"
    )
    db.execute("DROP INDEX idx_article_facts_sample_size")  # idx_article_facts_sizes covers it
    db.execute("DROP INDEX idx_open_question_themes_theme")  # covered by the next one
    db.execute(
        "CREATE INDEX idx_open_question_themes_theme ON open_question_themes (theme, article_id)"
    )
    db.execute("CREATE INDEX idx_article_facts_year ON article_facts (year)")
    db.execute(
        "CREATE INDEX idx_article_facts_unmatched ON article_facts (article_id) WHERE matches IS NULL"
    )
    for table, key in (
        ("records", "id"),
        ("annotations", "article_id"),
        ("corrections", "article_id"),
    ):
        reset = table == "records"
        moved = (  # ids never change in practice; if one did, the old row must go
            "DELETE FROM article_facts WHERE article_id = OLD.id AND OLD.id IS NOT NEW.id;"
            if reset
            else upsert_fact(f"OLD.{key}", when=f"OLD.{key} IS NOT NEW.{key}")
        )
        db.execute(
            f"CREATE TRIGGER {table}_facts_ai AFTER INSERT ON {table} "
            f"BEGIN {upsert_fact('NEW.' + key, reset)} END"
        )
        db.execute(
            f"CREATE TRIGGER {table}_facts_au AFTER UPDATE ON {table} "
            f"BEGIN {moved} {upsert_fact('NEW.' + key)} END"
        )
        gone = (
            "DELETE FROM article_facts WHERE article_id = OLD.id;"
            if table == "records"
            else upsert_fact("OLD." + key)
        )
        db.execute(f"CREATE TRIGGER {table}_facts_ad AFTER DELETE ON {table} BEGIN {gone} END")
    db.execute(
        "CREATE TRIGGER records_matches_au AFTER UPDATE OF title, abstract, keywords ON records "
        "WHEN OLD.title IS NOT NEW.title OR OLD.abstract IS NOT NEW.abstract "
        "OR OLD.keywords IS NOT NEW.keywords "
        "BEGIN UPDATE article_facts SET matches = NULL WHERE article_id = NEW.id; END"
    )
    new_bit = (  # no OR IGNORE: in a trigger the outer statement's conflict policy wins
        "INSERT INTO topic_bits (topic, bit) "
        "SELECT NEW.topic, (SELECT coalesce(max(bit) + 1, 0) FROM topic_bits) "
        "WHERE NOT EXISTS (SELECT 1 FROM topic_bits WHERE topic = NEW.topic);"
    )
    db.execute(
        "CREATE TRIGGER article_topics_facts_ai AFTER INSERT ON article_topics "
        f"BEGIN {new_bit} {update_masks('NEW.article_id')} END"
    )
    db.execute(
        "CREATE TRIGGER article_topics_facts_au AFTER UPDATE ON article_topics "
        f"BEGIN {new_bit} {update_masks('OLD.article_id')} {update_masks('NEW.article_id')} END"
    )
    db.execute(
        "CREATE TRIGGER article_topics_facts_ad AFTER DELETE ON article_topics "
        f"BEGIN {update_masks('OLD.article_id')} END"
    )
    from db.facts import refresh_matches

    refresh_matches(db)
