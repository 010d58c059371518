"""Writes: idempotent, transactional upserts of parsed records and their annotations."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from sqlite_utils import Database

import analysis
from db import facts

# Parsed-record keys stored as columns of `records` (everything the parser yields).
RECORD_COLUMNS = (
    "pmid title abstract abstract_sections authors journal journal_iso volume issue pages "
    "pub_date year month entrez_date date_revised doi pmcid languages publication_types "
    "mesh keywords grants status publication_status copyright license source_url"
).split()


MAX_QUESTIONS = 99  # open-question ids are article_id * 100 + position


@dataclass
class StoreCounts:
    """What one batch or one topic's storing did, for the run summary."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    ids: list[int] = field(default_factory=list)

    def add(self, other: StoreCounts) -> None:
        """Accumulate another batch's counts."""
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.ids.extend(other.ids)


def now_iso() -> str:
    """UTC timestamp with seconds, the one format every table uses."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def content_hash(record: dict) -> str:
    """Fingerprint of what PubMed says about a record, to tell a revision from a repeat."""
    payload = {k: record.get(k) for k in RECORD_COLUMNS}
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def chunked(items: Iterable, size: int) -> Iterator[list]:
    """Yield lists of at most `size` items without materialising the iterable."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def annotation_input(record: dict) -> dict:
    """The fields the annotators read, from a parsed record or a `records` row."""

    def as_list(value):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return None
        return value

    mesh = as_list(record.get("mesh")) or []
    return {
        "title": record.get("title"),
        "abstract": record.get("abstract"),
        "publication_types": as_list(record.get("publication_types")),
        "mesh_terms": [m.get("descriptor") for m in mesh if isinstance(m, dict)] or None,
        "keywords": as_list(record.get("keywords")),
    }


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


def existing_hashes(db: Database, ids: list[int]) -> dict[int, str]:
    """Content hashes of the records among `ids` that are already stored."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    sql = f"SELECT id, content_hash FROM records WHERE id IN ({marks})"
    return dict(db.execute(sql, ids).fetchall())


def store_records(
    db: Database,
    records: Iterable[dict],
    topics: Iterable[str] = (),
    *,
    source: str = "pubmed",
    batch_size: int = 500,
    counts: StoreCounts | None = None,
) -> StoreCounts:
    """Upsert records, link them to topics and annotate the new or changed ones.

    Pass `counts` to keep the tally of the batches already committed when the
    record stream raises part-way (a truncated file keeps what came before).
    """
    topics = list(topics)
    total = counts if counts is not None else StoreCounts()
    stream = iter(records)
    while True:
        batch, failure = [], None
        try:
            for record in stream:
                batch.append(record)
                if len(batch) >= batch_size:
                    break
        except Exception as exc:  # noqa: BLE001 - re-raised once the records before it are safe
            failure = exc
        if batch:
            total.add(store_batch(db, batch, topics, source=source))
        if failure is not None:
            raise failure
        if len(batch) < batch_size:
            return total


def store_batch(
    db: Database, batch: list[dict], topics: list[str], *, source: str = "pubmed"
) -> StoreCounts:
    """Write one batch in one transaction, so a crash leaves all of it or none."""
    counts = StoreCounts()
    stamp = now_iso()
    batch = list({r["id"]: r for r in batch}.values())  # last version of a repeated id wins
    with write_transaction(db):
        facts.sync_threshold(db)
        known = existing_hashes(db, [r["id"] for r in batch])
        changed = []
        for record in batch:
            digest = content_hash(record)
            old = known.get(record["id"])
            counts.ids.append(record["id"])
            if old == digest:
                counts.unchanged += 1
                continue
            if old is None:
                counts.new += 1
            else:
                counts.updated += 1
            row = {k: record.get(k) for k in RECORD_COLUMNS}
            row.update(id=record["id"], source=source, content_hash=digest, updated_at=stamp)
            if old is None:
                row["first_seen"] = stamp
            changed.append(row)
        if changed:
            upsert_rows(db, changed)
            write_annotations(db, changed, stamp)
        for topic in topics:
            link_topic(db, batch, topic, stamp, refresh={r["id"] for r in changed})
        if changed:
            facts.refresh_matches(db)  # the new or revised records' theme/question bits
    return counts


def upsert_rows(db: Database, rows: list[dict]) -> None:
    """Insert new rows and update changed ones, keeping first_seen of existing ones."""
    new = [r for r in rows if "first_seen" in r]
    old = [r for r in rows if "first_seen" not in r]
    if new:
        db["records"].insert_all(new, pk="id", replace=True)
    if old:
        db["records"].upsert_all(old, pk="id")


def write_annotations(db: Database, rows: list[dict], stamp: str) -> None:
    """Replace machine annotations of these records; never touches corrections."""
    ann_rows, questions, theme_rows = [], [], []
    for row in rows:
        result = analysis.annotate(annotation_input(row))
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
    keys = (
        "study_type study_type_confidence study_type_signal subjects sample_size sample_unit "
        "sample_size_evidence sample_size_start sample_size_end"
    ).split()
    row = {k: result.get(k) for k in keys}
    row.update(
        article_id=article_id, annotator_version=analysis.ANNOTATOR_VERSION, annotated_at=stamp
    )
    return row


def link_topic(db: Database, batch: list[dict], topic: str, stamp: str, refresh: set[int]) -> None:
    """Attach records to a topic, scoring relevance for new links and changed records."""
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


def reannotate_all(path=None, *, batch_size: int = 1000) -> dict:
    """Recompute every machine annotation and relevance score after the rules change."""
    from db import open_db

    db = open_db(path, check=True)
    stamp = now_iso()
    done = 0
    last = None
    while True:
        where, params = ("WHERE id > ?", [last]) if last is not None else ("", [])
        rows = [
            dict(r)
            for r in db.query(
                f"SELECT * FROM records {where} ORDER BY id LIMIT ?", [*params, batch_size]
            )
        ]
        if not rows:
            break
        with write_transaction(db):
            write_annotations(db, rows, stamp)
            rescore_topics(db, rows)
        done += len(rows)
        last = rows[-1]["id"]
    with write_transaction(db):
        facts.sync_threshold(db)
        facts.refresh_matches(db)
    return {"reannotated": done, "annotator_version": analysis.ANNOTATOR_VERSION}


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


CORRECTABLE = ("study_type", "sample_size", "sample_unit", "off_topic", "reason", "corrected_by")


def save_correction(db: Database, article_id: int, **changes) -> None:
    """Record a researcher's correction; it wins over the annotators everywhere."""
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"cannot correct {sorted(unknown)}; correctable: {CORRECTABLE}")
    if "study_type" in changes and changes["study_type"] not in (None, *analysis.STUDY_TYPES):
        raise ValueError(f"unknown study type {changes['study_type']!r}")
    row = dict(changes, article_id=article_id, updated_at=now_iso())
    if "sample_size" in changes or "sample_unit" in changes:
        size = changes.get("sample_size")
        if size is not None and (int(size) != size or size < 0):
            raise ValueError(f"sample size must be a whole number >= 0, not {size!r}")
        row["sample_size_set"] = 1
    pmid = db.execute("SELECT pmid FROM records WHERE id = ?", [article_id]).fetchone()
    if pmid is None:
        raise ValueError(f"no record with id {article_id}")
    row["pmid"] = pmid[0]
    with write_transaction(db):
        db["corrections"].upsert(row, pk="article_id")


def clear_correction(db: Database, article_id: int) -> None:
    """Go back to the annotators' values for one record."""
    with write_transaction(db):
        db.execute("DELETE FROM corrections WHERE article_id = ?", [article_id])


def add_note(db: Database, article_id: int, text: str, author: str | None = None) -> int:
    """Attach a researcher's free-text note to a record."""
    if not text or not text.strip():
        raise ValueError("a note needs some text")
    pmid = db.execute("SELECT pmid FROM records WHERE id = ?", [article_id]).fetchone()
    if pmid is None:
        raise ValueError(f"no record with id {article_id}")
    with write_transaction(db):
        table = db["notes"].insert(
            {
                "article_id": article_id,
                "pmid": pmid[0],
                "text": text.strip(),
                "author": author,
                "created_at": now_iso(),
            }
        )
    return table.last_pk
