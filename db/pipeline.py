"""Bulk storing: batches read ahead, parsed and annotated on other cores, committed in order.

The importing process reads the stream and writes; with worker processes, each batch's
items go to them as soon as they are read: they map deferred articles (ArticleXML) to
records, fingerprint them, and annotate the ones the database does not hold in that version
yet. Every batch still commits in stream order, in one transaction, with the same rows as
storing it in one process gives: results are keyed by content, and anything the workers did
not cover (a failed pool, a record changed meanwhile) is done inline at commit.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from analysis.parallel import AnnotatorPool, Result, annotate_chunk
from db.bulk import bulk_writes, initial_load
from db.store import StoreCounts, content_hash, store_batch
from db.writes import annotation_input, storable

#: Batches read ahead while worker processes parse and annotate (memory stays a few batches).
READ_AHEAD = 2

#: What a worker gives back per item: the record in its stored form (storable()), its
#: fingerprint and its annotation (None when already stored); or the exception that parsing
#: the item raised.
Entry = tuple[dict, str, Result | None] | BaseException

ErrorHook = Callable[[str], None] | None


@dataclass
class Prepared:
    """A batch read from the stream, its parsing and annotation maybe under way elsewhere."""

    items: list
    tickets: list = field(default_factory=list)


def store_records(
    db: Database,
    records: Iterable,
    topics: Iterable[str] = (),
    *,
    source: str = "pubmed",
    batch_size: int = 500,
    counts: StoreCounts | None = None,
    workers: int = 0,
    on_error: ErrorHook = None,
    bulk: bool = False,
) -> StoreCounts:
    """Upsert records, link them to topics and annotate the new or changed ones.

    Items are parsed records (dicts) or deferred ones with a parse() method (ArticleXML);
    a deferred item whose parse raises one of its `rejects` errors is reported through
    `on_error` and skipped (without on_error, the error stops the stream there).
    Pass `counts` to keep the tally of the batches already committed when the stream
    raises part-way (a truncated file keeps what came before).
    With `workers` >= 1 and more than one batch, parsing and annotation run in that many
    worker processes while the next batches are read; each batch still commits in order,
    in its own transaction, with the same rows as doing everything here gives.
    `bulk` (a file import) builds the dashboard's read indexes once at the end when the
    database starts (nearly) empty (db.bulk.initial_load); a fetch's batches keep them.
    """
    topics = list(topics)
    total = counts if counts is not None else StoreCounts()
    stream = iter(records)
    pending: deque[Prepared] = deque()

    def commit_oldest() -> None:
        total.add(commit_prepared(db, pending.popleft(), topics, source, pool, on_error))

    with (
        AnnotatorPool(workers) as pool,
        contextlib.closing(_READER),
        bulk_writes(db),
        initial_load(db, enabled=bulk),
    ):
        db_path = database_file(db) if pool.enabled else None
        while True:
            batch, failure = next_batch(stream, batch_size)
            if batch:
                prepared = Prepared(batch)
                if pool.enabled and (pending or len(batch) >= batch_size):
                    prepared.tickets = pool.submit(prepare_chunk, batch, tuple(topics), db_path)
                pending.append(prepared)
                while len(pending) > (READ_AHEAD if pool.enabled else 0):
                    commit_oldest()
            if failure is not None or len(batch) < batch_size:
                while pending:  # the batches read before a failure are kept
                    commit_oldest()
                if failure is not None:
                    raise failure
                return total


def next_batch(stream: Iterator, size: int) -> tuple[list, Exception | None]:
    """Up to size items, and the error that stopped the stream early (if any)."""
    batch: list = []
    try:
        for record in stream:
            batch.append(record)
            if len(batch) >= size:
                break
    except Exception as exc:  # noqa: BLE001 - re-raised once the records before it are safe
        return batch, exc
    return batch, None


def parse_items(items: list) -> list[dict | BaseException]:
    """Each item as a record, or the exception its parse raised (in its place)."""
    out: list[dict | BaseException] = []
    for item in items:
        if isinstance(item, dict):
            out.append(item)
            continue
        try:
            out.append(item.parse())
        except Exception as exc:  # noqa: BLE001 - the committing side decides: skip or stop
            out.append(exc)
    return out


def prepare_chunk(items: list, topics: tuple[str, ...], db_path: str | None) -> list[Entry]:
    """Worker side: parse, fingerprint, and annotate what the database lacks in this version."""
    parsed = parse_items(items)
    records = [p for p in parsed if isinstance(p, dict)]
    digests = [content_hash(r) for r in records]
    known = stored_hashes(db_path, [r["id"] for r in records])
    fresh = [r for r, d in zip(records, digests, strict=True) if known.get(r["id"]) != d]
    results = annotate_chunk([annotation_input(r) for r in fresh], topics)
    done = {id(r): result for r, result in zip(fresh, results, strict=True)}
    found = iter(zip(records, digests, strict=True))
    entries: list[Entry] = []
    for outcome in parsed:
        if isinstance(outcome, BaseException):
            entries.append(outcome)
            continue
        record, digest = next(found)
        entries.append((storable(record), digest, done.get(id(record))))
    return entries


class _Reader(dict):
    """One cached read-only connection, by file (the importer's closes when its import ends)."""

    def close(self) -> None:
        """Close the connection, so no handle on the file outlives the import."""
        for conn in self.values():
            conn.close()
        self.clear()


_READER = _Reader()


def stored_hashes(db_path: str | None, ids: list[int]) -> dict[int, str]:
    """Fingerprints already stored for these ids, read-only; {} when the file is unreadable
    (the worker then annotates everything, and the commit still decides what changed)."""
    if not db_path or not ids:
        return {}
    try:
        conn = _READER.get(db_path)
        if conn is None:
            _READER.close()
            uri = f"{Path(db_path).as_uri()}?mode=ro"
            conn = _READER[db_path] = sqlite3.connect(uri, uri=True, timeout=1)
        marks = ",".join("?" * len(ids))
        sql = f"SELECT id, content_hash FROM records WHERE id IN ({marks})"
        return dict(conn.execute(sql, ids).fetchall())
    except sqlite3.Error:
        return {}


def database_file(db: Database) -> str | None:
    """The main database's file, for worker processes to read; None when in memory."""
    for _seq, name, path in db.conn.execute("PRAGMA database_list"):
        if name == "main":
            return path or None
    return None  # pragma: no cover - SQLite always lists main


def commit_prepared(
    db: Database,
    prepared: Prepared,
    topics: list[str],
    source: str,
    pool: AnnotatorPool,
    on_error: ErrorHook,
) -> StoreCounts:
    """Write a prepared batch with its workers' results, or do their work here if they failed.

    An item whose parse failed is reported and skipped, or, if it must stop the stream,
    raised once the records before it in the batch are stored."""
    entries = pool.results(prepared.tickets) if prepared.tickets else None
    if entries is None:
        parsed = parse_items(prepared.items)
        entries = [p if isinstance(p, BaseException) else (p, "", None) for p in parsed]
    records: list[dict] = []
    digests: dict[int, str] = {}
    ready: dict[int, Result] = {}
    failure: BaseException | None = None
    for item, entry in zip(prepared.items, entries, strict=True):
        if isinstance(entry, BaseException):
            if on_error is not None and isinstance(entry, getattr(item, "rejects", ())):
                on_error(str(entry))
                continue
            failure = entry
            break
        record, digest, result = entry
        records.append(record)
        if digest:
            digests[record["id"]] = digest
        if result is not None:
            ready[record["id"]] = result
        else:
            ready.pop(record["id"], None)  # a later version of the id wins, unannotated
    counts = StoreCounts()
    if records:
        counts = store_batch(db, records, topics, source=source, digests=digests, ready=ready)
    if failure is not None:
        raise failure
    return counts
