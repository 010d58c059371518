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
from analysis import Result
from db import facts
from db.writes import (
    RECORD_COLUMNS,
    link_topic,
    rescore_topics,
    upsert_records,
    write_annotations,
)


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


def store_batch(
    db: Database,
    batch: list[dict],
    topics: list[str],
    *,
    source: str = "pubmed",
    digests: dict[int, str] | None = None,
    ready: dict[int, Result] | None = None,
) -> StoreCounts:
    """Write one batch in one transaction, so a crash leaves all of it or none.

    `ready` holds annotations already computed (by worker processes) for some records.
    """
    counts = StoreCounts()
    stamp = now_iso()
    batch = list({r["id"]: r for r in batch}.values())  # last version of a repeated id wins
    digests = digests or {}
    ready = ready or {}
    with write_transaction(db):
        facts.sync_threshold(db)
        facts.sync_theme_slots(db)
        known = existing_hashes(db, [r["id"] for r in batch])
        changed = []
        for record in batch:
            digest = digests.get(record["id"]) or content_hash(record)
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
        # Records go in last: their insert trigger then writes each new record's
        # article_facts row once, complete, instead of once per table and again for each
        # link (every write of that row moves its entries in three covering indexes).
        if changed:
            write_annotations(db, changed, stamp, ready)
        for topic in topics:
            link_topic(db, batch, topic, stamp, {r["id"] for r in changed}, ready)
        if changed:
            upsert_records(db, changed)
            facts.refresh_matches(db)  # the new or revised records' theme/question bits
    return counts


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
        facts.sync_theme_slots(db)
        facts.refresh_matches(db)
    return {"reannotated": done, "annotator_version": analysis.ANNOTATOR_VERSION}


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
