"""Writes: idempotent, transactional upserts of parsed records and their annotations."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from sqlite_utils import Database

import analysis
from analysis import Result
from db.audit import LOCAL, Editor, audited, row_reader
from db.relations import (
    notice_retractions,
    retracted_among,
    retraction_targets,
    revive_deleted,
    write_relations,
)
from db.review import LABELLED
from db.trial_links import replace_record_links
from db.writes import (  # noqa: F401  (now_iso, write_transaction re-exported)
    RECORD_COLUMNS,
    link_topic,
    now_iso,
    rescore_topics,
    upsert_records,
    write_annotations,
    write_transaction,
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


def content_hash(record: dict) -> str:
    """Fingerprint of what PubMed says about a record, to tell a revision from a repeat."""
    payload = {k: record.get(k) for k in RECORD_COLUMNS}
    if record.get("relations"):  # only when present: older fingerprints stay valid
        payload["relations"] = record["relations"]
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def chunked(items: Iterable, size: int) -> Iterator[list]:
    """Yield lists of at most `size` items without materialising the iterable."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


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
        known = existing_hashes(db, [r["id"] for r in batch])
        changed, linked = [], []
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
            linked.append(record)
        # Records go in last: their insert trigger then writes each new record's
        # article_facts row once, complete, instead of once per annotation and correction.
        if changed:
            write_annotations(db, changed, stamp, ready)
        for topic in topics:
            link_topic(db, batch, topic, stamp, {r["id"] for r in changed}, ready)
        if changed:
            stored = [r["id"] for r in changed if r["id"] in known]
            revised = [*stored, *retraction_targets(db, linked)]  # a notice names them
            was_retracted = retracted_among(db, revised)
            write_relations(db, linked)
            upsert_records(db, changed)
            notice_retractions(db, retracted_among(db, revised) - was_retracted, stamp)
        replace_record_links(db, batch)
        revive_deleted(db, [r.get("pmid") for r in batch], source)  # unchanged ones too
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
    return {"reannotated": done, "annotator_version": analysis.ANNOTATOR_VERSION}


CORRECTABLE = ("study_type", "sample_size", "sample_unit", "off_topic", "reason")


def save_correction(
    db: Database, article_id: int, *, editor: Editor | None = LOCAL, **changes
) -> None:
    """Record a researcher's correction; it wins over the annotators everywhere.

    `editor` is who makes it (the OS user by default); db.audit refuses anyone not allowed
    and logs the row before and after. `corrected_by` is always the editor's name.
    """
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
    if changes.get("study_type") is not None or "sample_size_set" in row:
        row["decision"] = "corrected"  # a decision on the labels: the record leaves the queue
    row["pmid"] = record_pmid(db, article_id)
    action = "off_topic" if set(changes) - {"reason"} == {"off_topic"} else "correct"
    read = row_reader("corrections", "article_id", article_id)
    with audited(db, editor, action, article_id, read) as who:
        db["corrections"].upsert(dict(row, corrected_by=who.user), pk="article_id")


def confirm(db: Database, article_id: int, *, editor: Editor | None = LOCAL) -> None:
    """Accept the labels shown for a record (the machine's, unless corrected) as a
    researcher's decision in one click: copied into corrections, so they win from now on."""
    read = row_reader("corrections", "article_id", article_id)
    with audited(db, editor, "confirm", article_id, read) as who:
        row = db.execute(
            "SELECT v.pmid, v.study_type, v.sample_size, v.sample_unit, c.decision = 'corrected' "
            f"OR (c.decision IS NULL AND {LABELLED}) "
            "FROM articles v LEFT JOIN corrections c ON c.article_id = v.article_id "
            "WHERE v.article_id = ?",
            [article_id],
        ).fetchone()
        if row is None:
            raise ValueError(f"no record with id {article_id}")
        pmid, study_type, size, unit, corrected = row
        if study_type is None:
            raise ValueError(f"record {article_id} has no labels to confirm (not annotated yet)")
        db["corrections"].upsert(
            {
                "article_id": article_id,
                "pmid": pmid,
                "study_type": study_type,
                "sample_size": size,
                "sample_unit": unit,
                "sample_size_set": 1,
                "decision": "corrected" if corrected else "confirmed",
                "corrected_by": who.user,
                "updated_at": now_iso(),
            },
            pk="article_id",
        )


def clear_correction(db: Database, article_id: int, *, editor: Editor | None = LOCAL) -> None:
    """Go back to the annotators' values for one record (the audit keeps what it was)."""
    read = row_reader("corrections", "article_id", article_id)
    with audited(db, editor, "clear_correction", article_id, read):
        db.execute("DELETE FROM corrections WHERE article_id = ?", [article_id])


def add_note(db: Database, article_id: int, text: str, *, editor: Editor | None = LOCAL) -> int:
    """Attach a researcher's free-text note to a record; its author is the editor."""
    if not text or not text.strip():
        raise ValueError("a note needs some text")
    pmid = record_pmid(db, article_id)
    ids: list[int] = []

    def read(db: Database) -> object:
        """The new note (nothing before it)."""
        return row_reader("notes", "id", ids[0])(db) if ids else None

    with audited(db, editor, "note", article_id, read) as who:
        table = db["notes"].insert(
            {
                "article_id": article_id,
                "pmid": pmid,
                "text": text.strip(),
                "author": who.user,
                "created_at": now_iso(),
            }
        )
        ids.append(table.last_pk)
    return ids[0]


def record_pmid(db: Database, article_id: int) -> int | None:
    """The record's PMID, or ValueError when there is no such record."""
    pmid = db.execute("SELECT pmid FROM records WHERE id = ?", [article_id]).fetchone()
    if pmid is None:
        raise ValueError(f"no record with id {article_id}")
    return pmid[0]
