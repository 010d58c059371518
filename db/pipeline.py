"""Bulk storing: batches read ahead, parsed and annotated on other cores, committed in order.

The importing process reads the stream and writes; given a process pool (any
concurrent.futures executor), each batch's items go to it in chunks as soon as they are
read: workers map deferred articles (ArticleXML) to records, fingerprint them, and annotate
the ones the database does not hold in that version yet. Every batch still commits in stream
order, in one transaction, with the same rows as storing it in one process gives: results
are keyed by content, and anything the workers did not cover (a crashed or hung pool, a
record changed meanwhile) is done here at commit.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from analysis import Result, annotate_batch, annotation_input
from db.bulk import bulk_writes, initial_load
from db.store import StoreCounts, content_hash, store_batch
from db.writes import storable

log = logging.getLogger(__name__)

#: Batches read ahead while worker processes parse and annotate (memory stays a few batches).
READ_AHEAD = 2
#: Items per task sent to the pool: small enough to spread a batch over the workers.
CHUNK = 100
#: Seconds to wait for a task's result with nothing left to do meanwhile (a task takes about
#: 0.1 s) before the pool counts as hung; the import then goes on here, never waits forever.
STALL_SECONDS = 120.0

#: What a worker gives back per item: the record in its stored form (storable()), its
#: fingerprint and its annotation (None when already stored); or the exception that parsing
#: the item raised.
Entry = tuple[dict, str, Result | None] | BaseException

ErrorHook = Callable[[str], None] | None


@dataclass
class Chunk:
    """A slice of a batch sent to the pool; `entries` once its worker or the importer did it."""

    items: list
    future: Future
    entries: list[Entry] | None = None


@dataclass
class Prepared:
    """A batch read from the stream, its parsing and annotation maybe under way elsewhere."""

    items: list
    chunks: list[Chunk] = field(default_factory=list)


class Offload:
    """Chunks sent to a pool. While the importer waits for the oldest, it takes back the
    newest that no worker has started (so it never idles while there is work); a crashed or
    hung pool is given up, and the importer does the rest."""

    def __init__(self, pool: Executor | None, topics: list[str], db_path: str | None) -> None:
        self.pool = pool
        self.args = (tuple(topics), db_path)
        self.sent: deque[Chunk] = deque()

    def submit(self, items: list) -> list[Chunk]:
        """Send the items to the pool in chunks; [] when there is no pool (any more)."""
        if self.pool is None:
            return []
        try:
            chunks = [
                Chunk(part, self.pool.submit(prepare_chunk, part, *self.args))
                for part in (items[i : i + CHUNK] for i in range(0, len(items), CHUNK))
            ]
        except RuntimeError as exc:  # BrokenProcessPool, or a pool already shut down
            self.give_up(exc)
            return []
        self.sent.extend(chunks)
        return chunks

    def entries(self, chunks: list[Chunk]) -> list[Entry] | None:
        """The chunks' entries in order, or None once the pool is given up."""
        out: list[Entry] = []
        for chunk in chunks:
            while chunk.entries is None and self.pool is not None:
                if chunk.future.done() or not self.take_back(chunk):
                    chunk.entries = self.result(chunk.future)
            if chunk.entries is None:
                return None
            out.extend(chunk.entries)
        while self.sent and self.sent[0].entries is not None:
            self.sent.popleft()  # done with: its items are not held any longer
        return out

    def take_back(self, wanted: Chunk) -> bool:
        """Prepare a chunk here that no worker has started, wanted first, else the newest."""
        for chunk in (wanted, *reversed(self.sent)):
            if chunk.entries is None and chunk.future.cancel():
                chunk.entries = prepare_chunk(chunk.items, *self.args)
                return True
        return False

    def result(self, future: Future) -> list[Entry] | None:
        """A worker's entries, waiting STALL_SECONDS at most; None if the pool failed."""
        try:
            return future.result(timeout=STALL_SECONDS)
        except TimeoutError:
            self.give_up(f"no result for {STALL_SECONDS:g} s")
        except Exception as exc:  # noqa: BLE001 - a crashed worker, or one that raised
            self.give_up(exc)
        return None

    def give_up(self, reason: object) -> None:
        """Stop using the pool for the rest of this import (its owner stops its workers)."""
        log.warning("import worker failed (%s); finishing the import in this process", reason)
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def store_records(
    db: Database,
    records: Iterable,
    topics: Iterable[str] = (),
    *,
    source: str = "pubmed",
    batch_size: int = 500,
    counts: StoreCounts | None = None,
    pool: Executor | None = None,
    on_error: ErrorHook = None,
    bulk: bool = False,
) -> StoreCounts:
    """Upsert records, link them to topics and annotate the new or changed ones.

    Items are parsed records (dicts) or deferred ones with a parse() method (ArticleXML);
    a deferred item whose parse raises one of its `rejects` errors is reported through
    `on_error` and skipped (without on_error, the error stops the stream there).
    Pass `counts` to keep the tally of the batches already committed when the stream
    raises part-way (a truncated file keeps what came before).
    With a `pool` (fetchers.workers.worker_pool) and more than one batch, parsing and
    annotation run in its workers while the next batches are read; each batch still
    commits in order, in its own transaction, with the same rows as doing everything here.
    `bulk` (a file import) builds the dashboard's read indexes once at the end when the
    database starts (nearly) empty (db.bulk.initial_load); a fetch's batches keep them.
    """
    topics = list(topics)
    total = counts if counts is not None else StoreCounts()
    stream = iter(records)
    pending: deque[Prepared] = deque()
    offload = Offload(pool, topics, database_file(db) if pool is not None else None)

    def commit_oldest() -> None:
        total.add(commit_prepared(db, pending.popleft(), topics, source, offload, on_error))

    with contextlib.closing(_READER), bulk_writes(db), initial_load(db, enabled=bulk):
        while True:
            batch, failure = next_batch(stream, batch_size)
            if batch:
                prepared = Prepared(batch)
                if offload.pool is not None and (pending or len(batch) >= batch_size):
                    prepared.chunks = offload.submit(batch)
                pending.append(prepared)
                while len(pending) > (READ_AHEAD if offload.pool is not None else 0):
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
    results = annotate_batch([annotation_input(r) for r in fresh], topics)
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
    offload: Offload,
    on_error: ErrorHook,
) -> StoreCounts:
    """Write a prepared batch with its workers' results, or do their work here if they failed.

    An item whose parse failed is reported and skipped, or, if it must stop the stream,
    raised once the records before it in the batch are stored."""
    entries = offload.entries(prepared.chunks) if prepared.chunks else None
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
