"""The pipeline's row writers: records, annotations, open questions and topic links."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator

from sqlite_utils import Database
from sqlite_utils.db import jsonify_if_needed

import analysis
from analysis import Result, annotation_input

# Parsed-record keys stored as columns of `records` (everything the parser yields).
RECORD_COLUMNS = (
    "pmid title abstract abstract_sections authors journal journal_iso volume issue pages "
    "pub_date year month entrez_date date_revised doi pmcid languages publication_types "
    "mesh keywords grants status publication_status copyright license source_url"
).split()
ANNOTATION_COLUMNS = (
    "study_type study_type_confidence study_type_signal subjects sample_size sample_unit "
    "sample_size_evidence sample_size_start sample_size_end needs_review review_reasons"
).split()
MAX_QUESTIONS = 99  # open-question ids are article_id * 100 + position


def now_iso() -> str:
    """UTC timestamp with seconds, the one format every table uses."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A transaction that takes the write lock first (BEGIN IMMEDIATE).

    A plain BEGIN that reads and then writes fails at once with "database is locked" when
    another connection (a researcher saving a correction) committed in between; with the
    lock taken up front, a concurrent writer just waits for busy_timeout instead.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


#: jsonify_if_needed's encoding of lists and dicts, built once (json.dumps with these options
#: builds an encoder on every call; a record has about eight such fields).
_AS_JSON = json.JSONEncoder(default=repr, ensure_ascii=False).encode


def storable(record: dict) -> dict:
    """The record as `records` stores it: lists and dicts already JSON text, as sqlite-utils
    writes them (its own encoding, so the bytes are the same). Worker processes send this form:
    strings cost the importing process little to unpickle and nothing to encode again."""
    out = {}
    for key in RECORD_COLUMNS:
        value = record.get(key)
        kind = type(value)
        if kind is list or kind is dict:
            value = _AS_JSON(value)
        elif value is not None and kind is not str and kind is not int:
            value = jsonify_if_needed(value)  # tuples, dates, decimals: as sqlite-utils does
        out[key] = value
    out["id"] = record["id"]
    if record.get("trial_ids"):  # registry links (db.trial_links), not a records column
        out["trial_ids"] = list(record["trial_ids"])
    if record.get("relations"):  # not a records column: db.relations stores them
        out["relations"] = record["relations"]
    return out


def upsert_records(db: Database, rows: list[dict]) -> None:
    """Insert new rows and update changed ones, keeping first_seen of existing ones."""
    new = [r for r in rows if "first_seen" in r]
    old = [r for r in rows if "first_seen" not in r]
    if new:
        db["records"].insert_all(new, pk="id", replace=True)
    if old:
        db["records"].upsert_all(old, pk="id")


def write_annotations(
    db: Database, rows: list[dict], stamp: str, ready: dict[int, Result] | None = None
) -> None:
    """Replace machine annotations of these records; never touches corrections.

    `ready` holds results already computed (by worker processes) for some of the rows.
    """
    ann_rows, questions, theme_rows = [], [], []
    ready = ready or {}
    for row in rows:
        done = ready.get(row["id"])
        result = done[0] if done else analysis.annotate(annotation_input(row))
        ann_rows.append(annotation_row(row["id"], result, stamp))
        for position, q in enumerate(result["open_questions"][:MAX_QUESTIONS]):
            qid = row["id"] * 100 + position if row["id"] > 0 else row["id"] * 100 - position
            questions.append(
                {
                    "id": qid,
                    "article_id": row["id"],
                    "pmid": row.get("pmid"),
                    "position": position,
                    "text": q["text"],
                    "themes": q["themes"],
                    "start": q.get("start"),
                    "end": q.get("end"),
                }
            )
            theme_rows += [
                {"question_id": qid, "article_id": row["id"], "theme": t} for t in q["themes"]
            ]
    ids = [r["id"] for r in rows]
    marks = ",".join("?" * len(ids))
    db.execute(f"DELETE FROM open_question_themes WHERE article_id IN ({marks})", ids)
    db.execute(f"DELETE FROM open_questions WHERE article_id IN ({marks})", ids)
    db["annotations"].insert_all(ann_rows, pk="article_id", replace=True)
    if questions:
        db["open_questions"].insert_all(questions, pk="id", replace=True)
        db["open_question_themes"].insert_all(theme_rows, pk=("question_id", "theme"), replace=True)


def annotation_row(article_id: int, result: dict, stamp: str) -> dict:
    """Flatten an annotator result into an `annotations` row."""
    row = {k: result.get(k) for k in ANNOTATION_COLUMNS}
    row.update(
        article_id=article_id, annotator_version=analysis.ANNOTATOR_VERSION, annotated_at=stamp
    )
    return row


def link_topic(
    db: Database,
    batch: list[dict],
    topic: str,
    stamp: str,
    refresh: set[int],
    ready: dict[int, Result] | None = None,
) -> None:
    """Attach records to a topic, scoring relevance for new links and changed records."""
    ready = ready or {}
    ids = [r["id"] for r in batch]
    marks = ",".join("?" * len(ids))
    linked = {
        row[0]
        for row in db.execute(
            f"SELECT article_id FROM article_topics WHERE topic = ? AND article_id IN ({marks})",
            [topic, *ids],
        )
    }
    rows = []
    for record in batch:
        if record["id"] in linked and record["id"] not in refresh:
            continue
        done = ready.get(record["id"])
        if done and topic in done[1]:
            score, reason = done[1][topic]
        else:
            score, reason = analysis.relevance(annotation_input(record), topic)
        row = {
            "article_id": record["id"],
            "pmid": record.get("pmid"),
            "topic": topic,
            "relevance": score,
            "relevance_reason": reason,
        }
        if record["id"] not in linked:
            row["first_seen"] = stamp
        rows.append(row)
    if rows:
        db["article_topics"].upsert_all(rows, pk=("article_id", "topic"))


def rescore_topics(db: Database, rows: list[dict]) -> None:
    """Recompute relevance for every topic link of these records."""
    by_id = {r["id"]: r for r in rows}
    marks = ",".join("?" * len(by_id))
    links = db.execute(
        f"SELECT article_id, topic FROM article_topics WHERE article_id IN ({marks})",
        list(by_id),
    ).fetchall()
    for article_id, topic in links:
        score, reason = analysis.relevance(annotation_input(by_id[article_id]), topic)
        db.execute(
            "UPDATE article_topics SET relevance = ?, relevance_reason = ? "
            "WHERE article_id = ? AND topic = ?",
            [score, reason, article_id, topic],
        )
