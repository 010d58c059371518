"""Fetch one topic from PubMed: date-sliced esearch, batched efetch, gaps the next run fills.

A first run (or a changed query) searches the whole query and downloads only the records
the database lacks; ``--full`` downloads every record again. A nightly run asks for
records entered (edat) since the last success, minus a few days of overlap, downloads
those it lacks, then downloads the ones revised (mdat) in that window. PubMed's esearch
returns at most 9,999 ids, so a search with more hits is bisected by entry date until
every slice fits. A batch or search that still fails after retries is written to
``fetch_gaps`` and retried first thing next run.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlite_utils import Database

from db.pipeline import store_records
from db.store import StoreCounts, chunked, now_iso, write_transaction
from db.writes import link_topic
from fetchers.eutils import SEARCH_CAP, Client, FetchError, QueryError
from fetchers.topics import Topic

log = logging.getLogger(__name__)

SOURCE = "pubmed"
OVERLAP = dt.timedelta(days=3)  # PubMed indexes late; re-ask for the last few days
EARLIEST = dt.date(1800, 1, 1)


def today() -> dt.date:
    """Today in UTC, the calendar PubMed's dates are compared in."""
    return dt.datetime.now(dt.UTC).date()


@dataclass(frozen=True)
class Slice:
    """One esearch: the query, optionally limited to a date range of one date type."""

    term: str
    datetype: str | None = None  # edat (entered) or mdat (modified)
    mindate: dt.date | None = None
    maxdate: dt.date | None = None

    def params(self) -> dict:
        """esearch parameters for the date limits (PubMed wants both ends)."""
        if self.datetype is None:
            return {}
        return {
            "datetype": self.datetype,
            "mindate": self.mindate.strftime("%Y/%m/%d"),
            "maxdate": self.maxdate.strftime("%Y/%m/%d"),
        }

    def halves(self) -> tuple[Slice, Slice] | None:
        """Two slices splitting the date range, or None when it is a single day."""
        low = self.mindate or EARLIEST
        high = self.maxdate or today() + dt.timedelta(days=2)
        if low >= high:
            return None
        mid = low + (high - low) // 2
        kind = self.datetype or "edat"
        return (
            Slice(self.term, kind, low, mid),
            Slice(self.term, kind, mid + dt.timedelta(days=1), high),
        )

    def describe(self) -> str:
        """Short text for logs: the date range, not the (long) query."""
        if self.datetype is None:
            return "all dates"
        return f"{self.datetype} {self.mindate}..{self.maxdate}"

    def detail(self, refetch: bool) -> dict:
        """JSON for a 'slice' gap, enough to run this search again."""
        return {
            "term": self.term,
            "datetype": self.datetype,
            "mindate": self.mindate.isoformat() if self.mindate else None,
            "maxdate": self.maxdate.isoformat() if self.maxdate else None,
            "refetch": refetch,
        }

    @classmethod
    def from_detail(cls, detail: dict) -> Slice:
        """The slice a gap row describes."""
        day = dt.date.fromisoformat
        return cls(
            detail["term"],
            detail.get("datetype"),
            day(detail["mindate"]) if detail.get("mindate") else None,
            day(detail["maxdate"]) if detail.get("maxdate") else None,
        )


def no_progress(_: int) -> None:
    """Default progress callback."""


@dataclass
class TopicFetch:
    """One topic's fetch within one run: what was found, stored and left behind."""

    db: Database
    topic: Topic
    client: Client
    run_id: int
    batch_size: int = 500
    progress: Callable[[int], None] = no_progress
    planned: Callable[[int], None] = no_progress
    counts: StoreCounts = field(default_factory=StoreCounts)
    hits: set[int] = field(default_factory=set)
    fetched: set[int] = field(default_factory=set)
    failed: int = 0
    open_gaps: int = 0
    warned_phrases: bool = False

    def sync(self, part: Slice, refetch: bool) -> None:
        """Search one slice and download what it needs; a failed search becomes a gap."""
        try:
            reply = self.esearch(part)
        except QueryError:
            raise
        except FetchError as exc:
            self.add_gap("slice", part.detail(refetch), exc)
            self.failed += 1
            return
        self.sync_reply(part, reply, refetch)

    def esearch(self, part: Slice) -> dict:
        """One esearch with as many ids as PubMed hands out; unknown phrases are reported."""
        reply = self.client.esearch(part.term, retmax=SEARCH_CAP, **part.params())
        missing = reply["phrases_not_found"]
        if missing and reply["count"] == 0 and part.datetype is None:
            raise QueryError(f"PubMed found nothing; phrases not found: {', '.join(missing)}")
        if missing and not self.warned_phrases:
            self.warned_phrases = True
            log.warning("pubmed %s: PubMed ignored unknown phrases %s", self.topic.slug, missing)
        log.debug("pubmed %s: %s: %d hits", self.topic.slug, part.describe(), reply["count"])
        return reply

    def sync_reply(self, part: Slice, reply: dict, refetch: bool) -> None:
        """Bisect a slice over the cap; otherwise download its records."""
        if reply["count"] > SEARCH_CAP:
            halves = part.halves()
            if halves is not None:
                for half in halves:
                    self.sync(half, refetch)
                return
            message = f"{reply['count']} records on one day ({part.describe()}); over the cap"
            self.add_gap("slice", part.detail(refetch), message)
            self.failed += reply["count"] - len(reply["ids"])
        ids = [i for i in reply["ids"] if i not in self.fetched]
        self.hits.update(reply["ids"])
        if not refetch:
            known = stored_ids(self.db, ids)
            self.link_known(known)
            ids = [i for i in ids if i not in known]
        self.download(ids, reply)

    def link_known(self, ids: set[int]) -> None:
        """Records already stored (from another topic or an import) join this topic too."""
        self.counts.unchanged += len(ids)
        for batch in chunked(sorted(ids), 500):
            rows = fetch_rows(self.db, batch)
            with write_transaction(self.db):
                link_topic(self.db, rows, self.topic.slug, now_iso(), refresh=set())

    def download(self, ids: list[int], reply: dict) -> None:
        """efetch in batches: from the history server when the whole slice is wanted."""
        self.planned(len(ids))
        whole = ids and ids == reply["ids"] and reply.get("webenv")
        for start in range(0, len(ids), self.batch_size):
            batch = ids[start : start + self.batch_size]
            if whole:
                error = self.fetch_batch(
                    batch,
                    lambda s=start: self.client.efetch_history(
                        reply["webenv"], reply["query_key"], s, self.batch_size
                    ),
                )
            else:
                error = self.fetch_batch(batch, lambda b=batch: self.client.efetch_ids(b))
            if error is not None:
                self.add_gap("ids", {"ids": batch}, error)
                self.failed += len(batch)

    def fetch_batch(self, ids: list[int], fetch: Callable[[], list[dict]]) -> FetchError | None:
        """Download and store one batch in one transaction; return the error if it failed."""
        try:
            records = fetch()
        except FetchError as exc:
            log.error("pubmed %s: %d records not fetched: %s", self.topic.slug, len(ids), exc)
            return exc
        store_records(
            self.db,
            records,
            [self.topic.slug],
            source=SOURCE,
            batch_size=max(len(records), 1),
            counts=self.counts,
        )
        missing = set(ids) - {r["id"] for r in records}
        if missing:
            log.warning(
                "pubmed %s: %d requested records were not in the reply (withdrawn?): %s",
                self.topic.slug,
                len(missing),
                sorted(missing)[:10],
            )
        self.fetched.update(ids)
        self.progress(len(ids))
        log.info("pubmed %s: stored %d records", self.topic.slug, len(records))
        return None

    def add_gap(self, kind: str, detail: dict, error: object) -> None:
        """Remember what could not be fetched, for the next run to fill."""
        self.open_gaps += 1
        self.db["fetch_gaps"].insert(
            {
                "source": SOURCE,
                "topic": self.topic.slug,
                "kind": kind,
                "detail": json.dumps(detail),
                "error": self.client.scrub(error),
                "created_run_id": self.run_id,
                "created_at": now_iso(),
            }
        )

    def retry_gaps(self) -> None:
        """Fill what earlier runs left behind, before anything new."""
        for gap in open_gaps(self.db, self.topic.slug):
            detail = json.loads(gap["detail"])
            if gap["kind"] == "ids":
                left, error = self.refetch_ids(detail["ids"])
                detail, missing = {"ids": left}, len(left)
            else:
                error, missing = self.resync(Slice.from_detail(detail), detail["refetch"]), 1
            if error is None:
                resolve_gaps(self.db, [gap["id"]], self.run_id)
            else:
                self.open_gaps += 1
                self.failed += missing
                update_gap(self.db, gap["id"], detail, self.client.scrub(error))

    def refetch_ids(self, ids: list[int]) -> tuple[list[int], FetchError | None]:
        """Fetch a gap's ids again; return those that still fail, and the last error."""
        left, error = [], None
        self.planned(len(ids))
        for batch in chunked(ids, self.batch_size):
            failure = self.fetch_batch(batch, lambda b=batch: self.client.efetch_ids(b))
            if failure is not None:
                left, error = left + batch, failure
        return left, error

    def resync(self, part: Slice, refetch: bool) -> FetchError | None:
        """Run a failed search again; what fails below it becomes new gaps."""
        try:
            reply = self.esearch(part)
        except QueryError:
            raise
        except FetchError as exc:
            return exc
        self.sync_reply(part, reply, refetch)
        return None


def fetch_topic(
    db: Database,
    topic: Topic,
    *,
    since: str | None,
    full: bool,
    run_id: int,
    client: Client,
    batch_size: int = 500,
    progress: Callable[[int], None] = no_progress,
    planned: Callable[[int], None] = no_progress,
) -> dict:
    """Bring one topic up to date; never raises for fetch failures, only reports them."""
    job = TopicFetch(db, topic, client, run_id, batch_size, progress, planned)
    requests_before = client.requests
    error = None
    try:
        run_plan(job, since, full)
    except QueryError as exc:
        error = f"bad query for topic {topic.slug!r}: {client.scrub(exc)}"
        log.error("pubmed %s: %s", topic.slug, error)
    return {
        "hits": len(job.hits),
        "new": job.counts.new,
        "updated": job.counts.updated,
        "unchanged": job.counts.unchanged,
        "failed": job.failed,
        "requests": client.requests - requests_before,
        "error": error,
        "bad_query": error is not None,
    }


def run_plan(job: TopicFetch, since: str | None, full: bool) -> None:
    """The steps of one topic's fetch, in order."""
    query, slug = job.topic.query, job.topic.slug
    if full:
        earlier = [g["id"] for g in open_gaps(job.db, slug)]
        log.info("pubmed %s: full re-sync", slug)
        job.sync(Slice(query), refetch=True)
        if job.open_gaps == 0:
            resolve_gaps(job.db, earlier, job.run_id)
        return
    job.retry_gaps()
    if since is None:
        log.info("pubmed %s: first run: searching all dates", slug)
        job.sync(Slice(query), refetch=False)
        return
    start = dt.date.fromisoformat(since[:10]) - OVERLAP
    end = today() + dt.timedelta(days=2)
    log.info("pubmed %s: new and revised since %s", slug, start)
    job.sync(Slice(query, "edat", start, end), refetch=False)
    job.sync(Slice(query, "mdat", start, end), refetch=True)


def stored_ids(db: Database, ids: list[int]) -> set[int]:
    """The ids among `ids` that the database already holds."""
    found: set[int] = set()
    for batch in chunked(ids, 900):
        marks = ",".join("?" * len(batch))
        found.update(
            r[0] for r in db.execute(f"SELECT id FROM records WHERE id IN ({marks})", batch)
        )
    return found


def fetch_rows(db: Database, ids: list[int]) -> list[dict]:
    """Stored records as dicts, for relevance scoring."""
    marks = ",".join("?" * len(ids))
    return [dict(r) for r in db.query(f"SELECT * FROM records WHERE id IN ({marks})", ids)]


def open_gaps(db: Database, topic: str, source: str = SOURCE) -> list[dict]:
    """Gaps of one topic that no run has filled yet, oldest first."""
    return list(
        db.query(
            "SELECT id, kind, detail FROM fetch_gaps WHERE source = ? AND topic = ? "
            "AND resolved_run_id IS NULL ORDER BY id",
            [source, topic],
        )
    )


def resolve_gaps(db: Database, ids: list[int], run_id: int) -> None:
    """Mark gaps filled by this run."""
    stamp = now_iso()
    for gap_id in ids:
        db.execute(
            "UPDATE fetch_gaps SET resolved_run_id = ?, resolved_at = ? WHERE id = ?",
            [run_id, stamp, gap_id],
        )
    db.conn.commit()


def update_gap(db: Database, gap_id: int, detail: dict, error: str) -> None:
    """Keep a gap open with what is still missing and the latest error."""
    db.execute(
        "UPDATE fetch_gaps SET detail = ?, error = ? WHERE id = ?",
        [json.dumps(detail), error, gap_id],
    )
    db.conn.commit()
