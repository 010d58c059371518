"""Schema migrations m002 and m003: the narrow, trigger-maintained `article_facts` table.

The dashboard's aggregates read this table instead of joining records, annotations and
corrections for 100,000 rows; per-topic relevance and stored theme/question matches are
kept as bitmasks (see docs/DASHBOARD.md). Registered on `db.schema.migrations`.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.schema import migrations

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


# m004: `theme_counts` packs a record's open-question statements per theme, SLOT_BITS bits
# per theme at the theme's slot in `theme_slots`, so statements and records per theme and
# year come from one covering-index scan instead of a join of every statement-theme row.
# NULL when the record has a theme without a slot or more statements on one theme than a
# field holds; readers count those records from open_question_themes (db.aggregates).
SLOT_BITS = 6
THEME_SLOTS = 10  # 60 bits: theme_counts stays a positive 64-bit integer


def theme_pack(ref: str) -> str:
    """SQL: one record's packed statement counts per theme, or NULL if they may not fit.

    Fewer than 2**SLOT_BITS theme rows in all cannot overflow a field, so no GROUP BY is
    needed (this runs for every record written)."""
    return (
        "(SELECT CASE WHEN count(*) = count(s.slot) AND count(*) < "
        f"{1 << SLOT_BITS} THEN coalesce(sum(1 << ({SLOT_BITS} * s.slot)), 0) END "
        "FROM open_question_themes qt LEFT JOIN theme_slots s ON s.theme = qt.theme "
        f"WHERE qt.article_id = {ref})"
    )


def upsert_fact(
    ref: str, reset_matches: bool = False, when: str = "1", themes: bool = False
) -> str:
    """Trigger statement: write one record's article_facts row from the articles view,
    keeping its masks (and its match bits unless the record's text may have changed);
    with `themes` (m004 on), its packed open-question counts too."""
    cols = ", ".join(VIEW_FACTS)
    sets = ", ".join(f"{c} = excluded.{c}" for c in VIEW_FACTS)
    extra_col = extra_val = ""
    if themes:
        extra_col, extra_val = ", theme_counts", f", {theme_pack('v.article_id')}"
        sets += ", theme_counts = excluded.theme_counts"
    if reset_matches:
        sets += ", matches = NULL"
    return (
        f"INSERT INTO article_facts (article_id, {cols}, topics, relevant_topics{extra_col}) "
        f"SELECT v.article_id, {', '.join('v.' + c for c in VIEW_FACTS)}, "
        f"{topic_mask('v.article_id', False)}, {topic_mask('v.article_id', True)}{extra_val} "
        f"FROM articles v WHERE v.article_id = {ref} AND {when} "
        f"ON CONFLICT (article_id) DO UPDATE SET {sets};"
    )


def update_masks(ref: str) -> str:
    """Trigger statement: recompute one record's topic masks from its links."""
    return (
        f"UPDATE article_facts SET topics = {topic_mask(ref, False)}, "
        f"relevant_topics = {topic_mask(ref, True)} WHERE article_id = {ref};"
    )


def create_fact_triggers(db: Database, themes: bool) -> None:
    """(Re)create the triggers that keep article_facts in step with records, annotations
    and corrections (m003; m004 adds the packed theme counts to what they write)."""
    for table, key in (
        ("records", "id"),
        ("annotations", "article_id"),
        ("corrections", "article_id"),
    ):
        for suffix in ("ai", "au", "ad"):
            db.execute(f"DROP TRIGGER IF EXISTS {table}_facts_{suffix}")
        reset = table == "records"
        moved = (  # ids never change in practice; if one did, the old row must go
            "DELETE FROM article_facts WHERE article_id = OLD.id AND OLD.id IS NOT NEW.id;"
            if reset
            else upsert_fact(f"OLD.{key}", when=f"OLD.{key} IS NOT NEW.{key}", themes=themes)
        )
        db.execute(
            f"CREATE TRIGGER {table}_facts_ai AFTER INSERT ON {table} "
            f"BEGIN {upsert_fact('NEW.' + key, reset, themes=themes)} END"
        )
        db.execute(
            f"CREATE TRIGGER {table}_facts_au AFTER UPDATE ON {table} "
            f"BEGIN {moved} {upsert_fact('NEW.' + key, themes=themes)} END"
        )
        gone = (
            "DELETE FROM article_facts WHERE article_id = OLD.id;"
            if table == "records"
            else upsert_fact("OLD." + key, themes=themes)
        )
        db.execute(f"CREATE TRIGGER {table}_facts_ad AFTER DELETE ON {table} BEGIN {gone} END")


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
    create_fact_triggers(db, themes=False)
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


def recount_themes(ref: str) -> str:
    """Trigger statement: repack one record's theme counts after its theme rows changed."""
    return f"UPDATE article_facts SET theme_counts = {theme_pack(ref)} WHERE article_id = {ref};"


@migrations()
def m004_theme_counts(db: Database) -> None:
    """Packed per-theme statement counts on article_facts with a covering index, so the
    Open questions page counts 100,000 records' statements in tens of milliseconds."""
    import analysis

    db.execute(
        "CREATE TABLE theme_slots (theme TEXT PRIMARY KEY, "
        f"slot INTEGER NOT NULL UNIQUE CHECK (slot >= 0 AND slot < {THEME_SLOTS}))"
    )
    known = list(analysis.THEMES)
    known += [r[0] for r in db.execute("SELECT DISTINCT theme FROM open_question_themes ORDER "
                                       "BY theme") if r[0] not in analysis.THEMES]  # fmt: skip
    db.conn.executemany(
        "INSERT INTO theme_slots (theme, slot) VALUES (?, ?)",
        [(theme, slot) for slot, theme in enumerate(known[:THEME_SLOTS])],
    )
    db.execute("ALTER TABLE article_facts ADD COLUMN theme_counts INTEGER")
    db.execute(f"UPDATE article_facts SET theme_counts = {theme_pack('article_facts.article_id')}")
    db.execute(
        "CREATE INDEX idx_article_facts_themes ON article_facts (theme_counts, year, "
        "study_type, subjects, off_topic, topics, relevant_topics, matches)"
    )
    create_fact_triggers(db, themes=True)
    # A new record's theme rows are written before its records row (db.store), so these
    # find no article_facts row yet and cost one lookup; re-annotations repack the row.
    db.execute(
        "CREATE TRIGGER open_question_themes_facts_ai AFTER INSERT ON open_question_themes "
        "WHEN EXISTS (SELECT 1 FROM article_facts WHERE article_id = NEW.article_id) "
        f"BEGIN {recount_themes('NEW.article_id')} END"
    )
    db.execute(
        "CREATE TRIGGER open_question_themes_facts_au AFTER UPDATE ON open_question_themes "
        f"BEGIN {recount_themes('OLD.article_id')} {recount_themes('NEW.article_id')} END"
    )
    db.execute(
        "CREATE TRIGGER open_question_themes_facts_ad AFTER DELETE ON open_question_themes "
        f"BEGIN {recount_themes('OLD.article_id')} END"
    )
