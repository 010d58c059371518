"""`python -m fetchers run`: one locked, recorded fetch of every topic from every source.

Each run is a `fetch_runs` row (status running → ok | partial | failed), one
`fetch_run_topics` row per source and topic, and `fetch_state` moves forward only for a
topic that finished with nothing left behind, so the next run's window starts from a
run that is known to be complete.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout
from sqlite_utils import Database

from db import db_path, open_db
from db.store import now_iso
from fetchers.eutils import Client, ConfigError, scrub
from fetchers.topics import Topic, load_topics

log = logging.getLogger(__name__)

SOURCES = ("pubmed", "clinicaltrials")
EXIT_OK, EXIT_INCOMPLETE, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3
RESULT_KEYS = ("hits", "new", "updated", "unchanged", "failed", "requests")


def cmd_run(args: argparse.Namespace, client: Client | None = None) -> int:
    """Check the configuration, take the lock, fetch, and say how it went."""
    try:
        sources = parse_sources(args.sources)
        topics = select_topics(load_topics(args.topics), args.only)
        if "pubmed" in sources and client is None:
            client = Client.from_env()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    path = db_path(args.db)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(f"{path}.lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        print(f"error: another fetch run holds {path}.lock; {holder(path)}", file=sys.stderr)
        return EXIT_LOCKED
    try:
        with sigterm_as_exit():
            return locked_run(open_db(path, check=True), args, sources, topics, client)
    finally:
        lock.release()


@contextlib.contextmanager
def sigterm_as_exit() -> Iterator[None]:
    """A cron timeout's SIGTERM closes the run row as interrupted instead of leaving it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def parse_sources(text: str) -> list[str]:
    """The --sources list, in the order given; an unknown name is a usage error."""
    names = [s.strip().lower() for s in (text or "").split(",") if s.strip()]
    unknown = [n for n in names if n not in SOURCES]
    if unknown or not names:
        raise ConfigError(
            f"unknown source(s) {unknown or [text]}; choose from {', '.join(SOURCES)}"
        )
    return list(dict.fromkeys(names))


def select_topics(topics: list[Topic], only: list[str] | None) -> list[Topic]:
    """All topics, or the ones named with --topic."""
    if not only:
        return topics
    slugs = {t.slug for t in topics}
    unknown = sorted(set(only) - slugs)
    if unknown:
        raise ConfigError(f"unknown topic(s) {unknown}; known: {', '.join(sorted(slugs))}")
    return [t for t in topics if t.slug in only]


def holder(path: Path) -> str:
    """Who holds the lock, from the running row of fetch_runs, for the error message."""
    with contextlib.suppress(Exception):
        db = open_db(path, readonly=True)
        row = db.execute(
            "SELECT id, pid, hostname, started_at FROM fetch_runs WHERE status = 'running' "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row:
            return f"run {row[0]} (pid {row[1]} on {row[2]}) started at {row[3]}"
    return "try again when it has finished"


def locked_run(
    db: Database, args: argparse.Namespace, sources: list[str], topics: list[Topic], client
) -> int:
    """The run proper, under the lock."""
    mark_interrupted(db)
    started = now_iso()
    run_id = start_run(db, started, sources, args.full)
    results: dict[str, dict[str, dict]] = {}
    errors: list[str] = []
    clock = time.monotonic()
    status = "failed"
    try:
        for source in sources:
            fetch = source_fetcher(source, client, args.batch_size)
            if fetch is None:
                errors.append(f"{source}: fetcher not available")
                continue
            for topic in topics:
                if source == "clinicaltrials" and not topic.trials_query:
                    continue
                result = fetch_one(db, source, fetch, topic, run_id, started, args)
                results.setdefault(source, {})[topic.slug] = result
                if result.get("error"):
                    errors.append(f"{source} {topic.slug}: {result['error']}")
        status = run_status(results, errors)
    except BaseException as exc:
        stopped = isinstance(exc, (KeyboardInterrupt, SystemExit))
        status = "interrupted" if stopped else "failed"
        errors.append(scrub(f"{type(exc).__name__}: {exc}"))
        raise
    finally:
        finish_run(db, run_id, status, results, errors)
    print_summary(run_id, status, results, errors, time.monotonic() - clock)
    return exit_status(results, errors)


def mark_interrupted(db: Database) -> None:
    """Runs left 'running' by a killed process: we hold the lock, so none is alive."""
    stale = db.execute("SELECT id, pid, hostname FROM fetch_runs WHERE status = 'running'")
    for run_id, pid, host in stale.fetchall():
        here = host == socket.gethostname()
        state = "is gone" if here and not pid_alive(pid) else "no longer holds the lock"
        message = f"run {run_id} never finished: process {pid} on {host} {state}"
        log.warning("%s; marking it interrupted", message)
        db.execute(
            "UPDATE fetch_runs SET status = 'interrupted', finished_at = ?, errors = ? WHERE id = ?",
            [now_iso(), json.dumps([message]), run_id],
        )
    db.conn.commit()


def pid_alive(pid: int | None) -> bool:
    """Whether a process id is running on this host."""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start_run(db: Database, started: str, sources: list[str], full: bool) -> int:
    """The fetch_runs row that says a run is under way."""
    table = db["fetch_runs"].insert(
        {
            "started_at": started,
            "status": "running",
            "sources": ",".join(sources),
            "full": int(bool(full)),
            "pid": os.getpid(),
            "hostname": socket.gethostname(),
            "command": scrub(" ".join(["python -m fetchers", *sys.argv[1:]])),
        }
    )
    return table.last_pk


def source_fetcher(source: str, client: Client | None, batch_size: int) -> Callable | None:
    """A uniform `fetch(db, topic, since=, full=, run_id=, progress=, planned=)` per source."""
    if source == "pubmed":
        from fetchers import pubmed

        def fetch(db, topic, **kw):
            return pubmed.fetch_topic(db, topic, client=client, batch_size=batch_size, **kw)

        return fetch
    try:
        module = importlib.import_module("fetchers.clinicaltrials")
        trials = module.fetch_topic
    except (ImportError, AttributeError) as exc:
        log.warning("clinicaltrials: fetcher not available (%s); skipping", exc)
        return None

    def fetch(db, topic, *, progress, planned, **kw):
        return trials(db, topic, **kw)

    return fetch


def fetch_one(
    db: Database, source: str, fetch: Callable, topic: Topic, run_id: int, started: str, args
) -> dict:
    """Fetch one topic from one source, record it, and move its state on if it completed."""
    query = topic.query if source == "pubmed" else topic.trials_query
    since = None if args.full else last_success(db, source, topic.slug, query)
    log.info("%s %s: starting (%s)", source, topic.slug, f"since {since}" if since else "all")
    with progress_bar(f"{source} {topic.slug}", quiet=args.quiet) as (advance, planned):
        try:
            result = fetch(
                db,
                topic,
                since=since,
                full=args.full,
                run_id=run_id,
                progress=advance,
                planned=planned,
            )
        except Exception as exc:  # noqa: BLE001 - one broken topic must not stop the others
            log.exception("%s %s: failed", source, topic.slug)
            result = {"error": scrub(f"{type(exc).__name__}: {exc}")}
    result = {**{k: int(result.get(k) or 0) for k in RESULT_KEYS}, **result}
    result["error"] = scrub(result["error"]) if result.get("error") else None
    complete = (
        not result["error"] and not result["failed"] and not gaps_left(db, source, topic.slug)
    )
    result["status"] = "ok" if complete else ("failed" if result["error"] else "partial")
    db["fetch_run_topics"].insert(
        {
            "run_id": run_id,
            "source": source,
            "topic": topic.slug,
            "status": result["status"],
            "error": result["error"],
            **{k: result[k] for k in RESULT_KEYS},
        },
        replace=True,
    )
    if complete:
        db["fetch_state"].upsert(
            {
                "source": source,
                "topic": topic.slug,
                "query": query,
                "last_success_started_at": started,
                "last_success_run_id": run_id,
            },
            pk=("source", "topic"),
        )
    log.info(
        "%s %s: %s: %d hits, %d new, %d updated, %d failed, %d requests",
        source,
        topic.slug,
        result["status"],
        result["hits"],
        result["new"],
        result["updated"],
        result["failed"],
        result["requests"],
    )
    return result


def last_success(db: Database, source: str, topic: str, query: str | None) -> str | None:
    """Start of the last complete run of this topic; None if never, or if the query changed."""
    row = db.execute(
        "SELECT query, last_success_started_at FROM fetch_state WHERE source = ? AND topic = ?",
        [source, topic],
    ).fetchone()
    if row is None:
        return None
    if row[0] != query:
        log.info("%s %s: the query changed since the last run; searching all dates", source, topic)
        return None
    return row[1]


def gaps_left(db: Database, source: str, topic: str) -> int:
    """Open gaps of one topic, whichever run left them."""
    return db.execute(
        "SELECT count(*) FROM fetch_gaps WHERE source = ? AND topic = ? AND resolved_run_id IS NULL",
        [source, topic],
    ).fetchone()[0]


@contextlib.contextmanager
def progress_bar(label: str, *, quiet: bool) -> Iterator[tuple[Callable, Callable]]:
    """A tqdm bar on a terminal; nothing (the log lines suffice) under cron or --quiet."""
    if quiet or not sys.stderr.isatty():
        yield (lambda n: None), (lambda n: None)
        return
    from tqdm import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    with logging_redirect_tqdm(), tqdm(total=0, desc=label, unit="rec", file=sys.stderr) as bar:

        def planned(n: int) -> None:
            bar.total += n
            bar.refresh()

        yield bar.update, planned


def run_status(results: dict, errors: list[str]) -> str:
    """ok when every topic completed; failed when none did; partial in between."""
    statuses = [r["status"] for per in results.values() for r in per.values()]
    if not statuses:
        return "failed" if errors else "ok"
    if all(s == "ok" for s in statuses) and not errors:
        return "ok"
    return "failed" if all(s == "failed" for s in statuses) else "partial"


def finish_run(db: Database, run_id: int, status: str, results: dict, errors: list[str]) -> None:
    """Close the run's row with its status, counts and (scrubbed) errors."""
    counts = {
        source: {
            slug: {k: r[k] for k in ("hits", "new", "updated", "failed")} for slug, r in per.items()
        }
        for source, per in results.items()
    }
    db["fetch_runs"].update(
        run_id,
        {
            "finished_at": now_iso(),
            "status": status,
            "counts": json.dumps(counts),
            "errors": json.dumps([scrub(e) for e in errors]),
        },
    )


def print_summary(
    run_id: int, status: str, results: dict, errors: list[str], seconds: float
) -> None:
    """Per source and topic: hits, new, updated, failed; then the errors, on stdout."""
    print(f"fetch run {run_id}: {status} in {seconds:.0f}s")
    header = (
        f"{'source':<15} {'topic':<20} {'hits':>7} {'new':>6} {'updated':>7} {'failed':>6}  status"
    )
    print(header)
    for source, per in results.items():
        for slug, r in per.items():
            print(
                f"{source:<15} {slug:<20} {r['hits']:>7} {r['new']:>6} {r['updated']:>7} "
                f"{r['failed']:>6}  {r['status']}"
            )
    for error in errors:
        print(f"error: {error}")


def exit_status(results: dict, errors: list[str]) -> int:
    """0 complete; 2 a topic's query was rejected; 1 anything else left unfetched."""
    every = [r for per in results.values() for r in per.values()]
    if any(r.get("bad_query") for r in every):
        return EXIT_USAGE
    if errors or any(r["status"] != "ok" for r in every):
        return EXIT_INCOMPLETE
    return EXIT_OK
