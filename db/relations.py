"""Retractions, errata, expressions of concern and withdrawn citations (m009).

PubMed links a record to its notices in ``CommentsCorrectionsList`` (MEDLINE: RIN, EIN,
ECI, ...); ``article_relations`` keeps every such link. The ``articles`` view derives
``retracted``, ``concern`` and ``deleted`` (1 or 0) from them, from the publication type
"Retracted Publication", and from ``deleted_citations`` (the PMIDs of PubMed update files'
``<DeleteCitation>``, until a later file or fetch stores the record again: the latest word
wins); ``article_facts`` carries ``retracted`` and ``deleted`` so every
count can leave those records out (db.filters). ``retractions_noticed`` names the stored
records that became retracted, and when, for the digest and ``fetchers status``.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from db.schema import ARTICLES_VIEW, FACT_COLUMNS, fact_triggers, migrations, upsert_fact

#: Links that say "this record is retracted" (on the record) or "retracts that one" (on the
#: notice); partial retractions and retract-and-replace corrections are not retractions.
RETRACTED_IN = ("RetractionIn", "RetractedandRepublishedIn")
RETRACTION_OF = ("RetractionOf", "RetractedandRepublishedFrom")
CONCERN_IN, CONCERN_FOR = ("ExpressionOfConcernIn",), ("ExpressionOfConcernFor",)
FLAGGING = (*RETRACTED_IN, *RETRACTION_OF, *CONCERN_IN, *CONCERN_FOR)
LIVE_FACT_COLUMNS = (*FACT_COLUMNS, "retracted", "deleted")


def quoted(values: Iterable[str]) -> str:
    """An SQL IN list of constant names (never user input)."""
    return ", ".join(f"'{v}'" for v in values)


def flag(own: tuple[str, ...], theirs: tuple[str, ...], pub_type: str | None = None) -> str:
    """SQL for a 1/0 flag: a link of type `own` on the record, a notice's `theirs` link
    naming its PMID, or (if given) the publication type."""
    parts = [
        f"EXISTS (SELECT 1 FROM article_relations x WHERE x.article_id = r.id "
        f"AND x.ref_type IN ({quoted(own)}))",
        f"EXISTS (SELECT 1 FROM article_relations x WHERE x.other_pmid = r.pmid "
        f"AND x.ref_type IN ({quoted(theirs)}))",
    ]
    if pub_type:
        parts.append(f"r.publication_types LIKE '%\"{pub_type}\"%'")
    return f"CASE WHEN {' OR '.join(parts)} THEN 1 ELSE 0 END"


#: SQL: a record's links other than its reference list, for the record view.
LINKS_SQL = (
    "SELECT ref_type, other_pmid, ref_source FROM article_relations WHERE article_id = ? "
    "AND ref_type != 'Cites' ORDER BY ref_type, other_pmid"
)


def notice_sql(own: tuple[str, ...], theirs: tuple[str, ...]) -> str:
    """SQL (over the articles view as `a`): the PMID of a record's notice, from its own `own`
    link or from a stored notice whose `theirs` link names it."""
    return (
        "COALESCE((SELECT min(x.other_pmid) FROM article_relations x WHERE x.article_id = "
        f"a.article_id AND x.ref_type IN ({quoted(own)})), (SELECT min(x.pmid) FROM "
        f"article_relations x WHERE x.other_pmid = a.pmid AND x.ref_type IN ({quoted(theirs)})))"
    )


#: SQL: the PMID of a retracted record's retraction notice, and of a concern's notice.
NOTICE_PMID = notice_sql(RETRACTED_IN, RETRACTION_OF)
CONCERN_PMID = notice_sql(CONCERN_IN, CONCERN_FOR)

VIEW_FLAGS = f""",
    {flag(RETRACTED_IN, RETRACTION_OF, "Retracted Publication")} AS retracted,
    {flag(CONCERN_IN, CONCERN_FOR)} AS concern,
    CASE WHEN EXISTS (SELECT 1 FROM deleted_citations d WHERE d.pmid = r.pmid)
        THEN 1 ELSE 0 END AS deleted
FROM records r
"""


@migrations()
def m009_relations(db: Database) -> None:
    """article_relations, deleted_citations and retractions_noticed; the articles view and
    article_facts gain the retracted/concern/deleted flags."""
    relations = db["article_relations"]
    relations.create(
        {"article_id": int, "pmid": int, "ref_type": str, "other_pmid": int, "ref_source": str},
        if_not_exists=True,
    )
    relations.create_index(["article_id"], if_not_exists=True)
    relations.create_index(["other_pmid", "ref_type"], if_not_exists=True)
    db["deleted_citations"].create(
        {"pmid": int, "source": str, "deleted_at": str}, pk="pmid", if_not_exists=True
    )
    db["retractions_noticed"].create(
        {"article_id": int, "pmid": int, "noticed_at": str}, pk="article_id", if_not_exists=True
    )
    db.execute("DROP VIEW IF EXISTS articles")
    db.execute(ARTICLES_VIEW.replace("\nFROM records r\n", VIEW_FLAGS))
    # Re-runnable: m005 run again (an old file's upgrade) rebuilds article_facts without these.
    for column in ("retracted", "deleted"):
        if column not in db["article_facts"].columns_dict:
            db.execute(f"ALTER TABLE article_facts ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0")
    db.execute("UPDATE article_facts SET (retracted, deleted) = (SELECT retracted, deleted "
               "FROM articles WHERE articles.article_id = article_facts.article_id)")  # fmt: skip
    fact_triggers(db, LIVE_FACT_COLUMNS)
    # A notice stored before or after the record it names still flags it (WHEN: only the
    # links that change a flag cost a trigger; "Cites" rows are most of the table).
    by_pmid = "(SELECT id FROM records WHERE pmid = {})"
    # These writes change article_facts rows without writing records: counted as records
    # writes (m008), so db.facts reads its cached records frame again.
    bump = "UPDATE table_changes SET n = n + 1 WHERE name = 'records';"
    for op, row in (("INSERT", "NEW"), ("DELETE", "OLD")):
        for table in ("article_relations", "deleted_citations"):
            db.execute(f"DROP TRIGGER IF EXISTS {table}_facts_{op.lower()}")
        db.execute(
            f"CREATE TRIGGER article_relations_facts_{op.lower()} AFTER {op} ON "
            f"article_relations WHEN {row}.ref_type IN ({quoted(FLAGGING)}) BEGIN "
            f"{upsert_fact(f'{row}.article_id', columns=LIVE_FACT_COLUMNS)} "
            f"{upsert_fact(by_pmid.format(f'{row}.other_pmid'), columns=LIVE_FACT_COLUMNS)} "
            f"{bump} END"
        )
        db.execute(
            f"CREATE TRIGGER deleted_citations_facts_{op.lower()} AFTER {op} ON "
            f"deleted_citations BEGIN "
            f"{upsert_fact(by_pmid.format(f'{row}.pmid'), columns=LIVE_FACT_COLUMNS)} {bump} END"
        )


def relation_rows(records: list[dict]) -> list[dict]:
    """`article_relations` rows for parsed records (their `relations` key)."""
    return [
        {
            "article_id": record["id"],
            "pmid": record.get("pmid"),
            "ref_type": link["ref_type"],
            "other_pmid": link.get("pmid"),
            "ref_source": link.get("ref_source"),
        }
        for record in records
        for link in record.get("relations") or ()
    ]


def write_relations(db: Database, records: list[dict]) -> None:
    """Replace the relations of these (new or revised) records with what PubMed lists now."""
    ids = [r["id"] for r in records]
    marks = ",".join("?" * len(ids))
    db.execute(f"DELETE FROM article_relations WHERE article_id IN ({marks})", ids)
    rows = relation_rows(records)
    if rows:
        db["article_relations"].insert_all(rows)


def retracted_among(db: Database, ids: list[int]) -> set[int]:
    """Which of these records article_facts holds as retracted now."""
    if not ids:
        return set()
    marks = ",".join("?" * len(ids))
    sql = f"SELECT article_id FROM article_facts WHERE retracted = 1 AND article_id IN ({marks})"
    return {r[0] for r in db.execute(sql, ids)}


def retraction_targets(db: Database, records: list[dict]) -> list[int]:
    """Stored records that these records' RetractionOf links name (a notice arriving)."""
    pmids = [
        link["pmid"]
        for record in records
        for link in record.get("relations") or ()
        if link["ref_type"] in RETRACTION_OF and link.get("pmid")
    ]
    if not pmids:
        return []
    marks = ",".join("?" * len(pmids))
    return [r[0] for r in db.execute(f"SELECT id FROM records WHERE pmid IN ({marks})", pmids)]


def notice_retractions(db: Database, ids: Iterable[int], stamp: str) -> None:
    """Remember when stored records became retracted (a revision brought the notice)."""
    rows = [{"article_id": i, "noticed_at": stamp} for i in ids]
    if rows:
        db["retractions_noticed"].insert_all(rows, pk="article_id", ignore=True)
        db.execute(
            "UPDATE retractions_noticed SET pmid = (SELECT pmid FROM records WHERE id = "
            "article_id) WHERE pmid IS NULL"
        )


def mark_deleted(db: Database, pmids: Iterable[int], source: str, stamp: str) -> int:
    """Mark PMIDs PubMed withdrew (kept, shown as deleted, left out of counts); how many new."""
    rows = [{"pmid": p, "source": source, "deleted_at": stamp} for p in dict.fromkeys(pmids)]
    if not rows:
        return 0
    before = db["deleted_citations"].count
    db["deleted_citations"].insert_all(rows, pk="pmid", ignore=True)
    return db["deleted_citations"].count - before


def revive_deleted(db: Database, pmids: Iterable[int], source: str) -> None:
    """PMIDs stored again by a later file or a fetch are live again: the latest word wins.

    A file's own <DeleteCitation> (`source` is the same) still stands: it comes after the
    file's records, so re-importing that file changes nothing."""
    pmids = list(dict.fromkeys(int(p) for p in pmids if p))
    if pmids:
        marks = ",".join("?" * len(pmids))
        db.execute(
            f"DELETE FROM deleted_citations WHERE pmid IN ({marks}) AND source != ?",
            [*pmids, source],
        )


def newly_retracted(db: Database, since: str) -> list[dict]:
    """Stored records that became retracted since `since`, with their notices' PMIDs
    ([] on a file opened read-only before m009 made the table)."""
    if "retractions_noticed" not in db.table_names():
        return []
    sql = (
        "SELECT n.article_id, n.pmid, r.title, n.noticed_at, (SELECT group_concat(x.other_pmid) "
        f"FROM article_relations x WHERE x.article_id = n.article_id AND x.ref_type IN "
        f"({quoted(RETRACTED_IN)})) AS notices FROM retractions_noticed n "
        "JOIN records r ON r.id = n.article_id WHERE n.noticed_at >= ? ORDER BY n.noticed_at, 1"
    )
    return [dict(r) for r in db.query(sql, [since])]
