"""Nightly operation: `status` (is the last fetch fresh?) and `digest` (what arrived lately).

The data functions (`status_report`, `digest_data`) return plain dicts, so the
command line, tests and anything else can use them; the renderers turn a digest
into Markdown or HTML, escaping every string that came from a record.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
import tempfile
from pathlib import Path

from sqlite_utils import Database

from db import db_path, open_db
from db.relations import newly_retracted
from fetchers.clock import (  # noqa: F401  (re-exported for the tests)
    UNITS,
    format_max_age,
    humanize_age,
    iso,
    parse_duration,
    parse_since,
    parse_stamp,
    utcnow,
)

log = logging.getLogger(__name__)
EXIT_OK, EXIT_STALE = 0, 1
RECENT_RUNS = 10
SAMPLE_DB = Path(tempfile.gettempdir()) / "kratom-evidence-sample.db"


# ---------------------------------------------------------------- status


def rows(db: Database, sql: str, params: list | tuple = ()) -> list[dict]:
    """Query results as plain dicts."""
    return [dict(row) for row in db.query(sql, params)]


def run_summary(run: dict) -> dict:
    """A fetch_runs row with its JSON columns decoded."""
    out = dict(run)
    for key in ("counts", "errors"):
        try:
            out[key] = json.loads(run[key]) if run.get(key) else None
        except (TypeError, ValueError):
            out[key] = run.get(key)
    return out


def topic_rows(db: Database) -> list[dict]:
    """Per source and topic: the last successful start, the last run's outcome, open gaps."""
    keys = rows(
        db,
        "SELECT source, topic FROM fetch_state UNION SELECT source, topic FROM fetch_run_topics "
        "ORDER BY source, topic",
    )
    result = []
    for key in keys:
        params = [key["source"], key["topic"]]
        state = rows(
            db,
            "SELECT last_success_started_at, last_success_run_id FROM fetch_state "
            "WHERE source = ? AND topic = ?",
            params,
        )
        last = rows(
            db,
            "SELECT t.run_id, t.status, t.hits, t.new, t.updated, t.unchanged, t.failed, t.error, "
            "r.started_at FROM fetch_run_topics t LEFT JOIN fetch_runs r ON r.id = t.run_id "
            "WHERE t.source = ? AND t.topic = ? ORDER BY t.run_id DESC LIMIT 1",
            params,
        )
        gaps = db.execute(
            "SELECT count(*) FROM fetch_gaps WHERE source = ? AND topic = ? "
            "AND resolved_run_id IS NULL",
            params,
        ).fetchone()[0]
        result.append(
            {
                **key,
                "last_success_started_at": state[0]["last_success_started_at"] if state else None,
                "last_success_run_id": state[0]["last_success_run_id"] if state else None,
                "last_run": last[0] if last else None,
                "open_gaps": gaps,
            }
        )
    return result


def status_report(
    db: Database, max_age: dt.timedelta = dt.timedelta(hours=48), now: dt.datetime | None = None
) -> dict:
    """Everything `status` shows, and whether the last successful run is fresh enough."""
    now = now or utcnow()
    runs = [
        run_summary(r)
        for r in rows(db, "SELECT * FROM fetch_runs ORDER BY id DESC LIMIT ?", [RECENT_RUNS])
    ]
    ok = rows(
        db,
        "SELECT * FROM fetch_runs WHERE status = 'ok' "
        "ORDER BY COALESCE(finished_at, started_at) DESC, id DESC LIMIT 1",
    )
    last_ok = run_summary(ok[0]) if ok else None
    report = {
        "now": iso(now),
        "max_age_hours": max_age.total_seconds() / 3600,
        "records": db.execute("SELECT count(*) FROM records").fetchone()[0],
        "trials": db.execute("SELECT count(*) FROM trials").fetchone()[0],
        "last_run": runs[0] if runs else None,
        "last_success": last_ok,
        "last_success_age_hours": None,
        "runs": runs,
        "topics": topic_rows(db),
        "open_gaps": db.execute(
            "SELECT count(*) FROM fetch_gaps WHERE resolved_run_id IS NULL"
        ).fetchone()[0],
        "newly_retracted": newly_retracted(db, runs[0]["started_at"] if runs else ""),
    }
    if last_ok is None:
        report["fresh"] = False
        report["verdict"] = "no successful fetch run recorded yet"
        return report
    finished = parse_stamp(last_ok["finished_at"]) or parse_stamp(last_ok["started_at"])
    age = now - finished if finished else None
    report["last_success_age_hours"] = round(age.total_seconds() / 3600, 2) if age else None
    report["fresh"] = age is not None and age <= max_age
    report["verdict"] = (
        (
            f"last successful run #{last_ok['id']} finished {humanize_age(age)} ago"
            if age is not None
            else f"last successful run #{last_ok['id']} has no usable timestamp"
        )
        + (" (within " if report["fresh"] else " (older than ")
        + f"{format_max_age(max_age)})"
    )
    return report


def format_table(headers: list[str], body: list[list]) -> str:
    """A plain fixed-width text table."""
    cells = [[("" if v is None else str(v)) for v in row] for row in body]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, cells)])


def run_new_count(run: dict) -> tuple[int | None, int | None, int | None]:
    """new, updated, failed summed over a run's counts JSON ({source: {topic: {...}}})."""
    counts = run.get("counts")
    if not isinstance(counts, dict):
        return None, None, None
    totals = [0, 0, 0]
    for per_topic in counts.values():
        for numbers in (per_topic or {}).values() if isinstance(per_topic, dict) else ():
            if isinstance(numbers, dict):
                for i, key in enumerate(("new", "updated", "failed")):
                    totals[i] += int(numbers.get(key) or 0)
    return tuple(totals)


def render_status(report: dict, path: str) -> str:
    """The human-readable status: verdict, recent runs, per-topic table."""
    out = [
        f"Database: {path} ({report['records']} records, {report['trials']} trials, "
        f"{report['open_gaps']} open gaps)",
        ("OK: " if report["fresh"] else "STALE: ") + report["verdict"],
        "",
    ]
    if report["runs"]:
        body = []
        for run in report["runs"]:
            new, updated, failed = run_new_count(run)
            errors = run.get("errors") or []
            body.append(
                [
                    run["id"],
                    run["status"],
                    run["started_at"],
                    run["finished_at"] or "-",
                    run["sources"],
                    new,
                    updated,
                    failed,
                    len(errors) if isinstance(errors, list) else errors,
                ]
            )
        heads = ["run", "status", "started", "finished", "sources", "new", "upd", "fail", "errors"]
        out += ["Recent runs", format_table(heads, body), ""]
    else:
        out += ["No fetch runs recorded.", ""]
    if report["topics"]:
        body = []
        for t in report["topics"]:
            last = t["last_run"] or {}
            body.append(
                [
                    t["source"],
                    t["topic"],
                    t["last_success_started_at"] or "never",
                    last.get("run_id"),
                    last.get("status"),
                    last.get("hits"),
                    last.get("new"),
                    last.get("updated"),
                    last.get("failed"),
                    t["open_gaps"],
                ]
            )
        heads = ["source", "topic", "last success (start)", "run", "status", "hits", "new"]
        heads += ["upd", "fail", "gaps"]
        out += ["Per source and topic", format_table(heads, body), ""]
    if report.get("newly_retracted"):
        body = [[r["pmid"], r["notices"] or "-", r["noticed_at"], r["title"][:70]]
                for r in report["newly_retracted"]]  # fmt: skip
        heads = ["PMID", "notice", "noticed", "title"]
        out += ["Newly retracted since the last run", format_table(heads, body), ""]
    return "\n".join(out).rstrip() + "\n"


def cmd_status(args: argparse.Namespace) -> int:
    """Print the status; exit 1 when the last successful run is too old or never happened."""
    max_age = parse_duration(args.max_age)
    path = db_path(args.db)
    if not path.exists():
        message = f"no database at {path}: nothing has been fetched yet"
        if args.json:
            print(json.dumps({"fresh": False, "verdict": message, "database": str(path)}))
        else:
            print(f"STALE: {message}")
        log.error("%s", message)
        return EXIT_STALE
    db = open_db(path, readonly=True, check=True)  # a health check should notice damage
    if "fetch_runs" not in db.table_names():
        db.close()
        db = open_db(path)  # an empty or older file: bring its schema up to date
    try:
        report = status_report(db, max_age)
    finally:
        db.close()
    report["database"] = str(path)
    if args.json:
        print(json.dumps(report, indent=2, default=str))
    else:
        print(render_status(report, str(path)), end="")
    if not report["fresh"]:
        log.error("stale: %s", report["verdict"])  # stderr (cron mail) and the --log-file
        return EXIT_STALE
    return EXIT_OK


# ---------------------------------------------------------------- digest


def digest_target(output: str | None, fmt: str, day: dt.date, name: str = "digest") -> Path | None:
    """None for stdout; a folder gets <name>-YYYY-MM-DD.<fmt> inside it."""
    if not output:
        return None
    target = Path(output)
    if target.is_dir() or output.endswith(("/", "\\")):
        target.mkdir(parents=True, exist_ok=True)
        return target / f"{name}-{day.isoformat()}.{fmt}"
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def cmd_digest(args: argparse.Namespace) -> int:
    """Write what arrived since --since as Markdown (default, stdout) or HTML; with --claims,
    the claim cards as Markdown."""
    claims = getattr(args, "claims", False)
    if claims and args.format == "html":
        raise ValueError("digest --claims writes Markdown only: leave out --format html")
    now = utcnow()
    since = parse_since(args.since, now)
    db = open_db(args.db, readonly=True)
    if "records" not in db.table_names():
        db.close()
        db = open_db(args.db)
    if claims:
        return write_digest(claims_text(db, now.date()), args, now, "claims")
    from fetchers.digest import digest_data, render_html, render_markdown

    try:
        data = digest_data(db, since, now)
    finally:
        db.close()
    text = render_html(data) if args.format == "html" else render_markdown(data)
    return write_digest(text, args, now, "digest")


def claims_text(db: Database, day: dt.date) -> str:
    """The claim cards of the default selection as Markdown (`digest --claims`)."""
    from db.claims import claim_cards
    from fetchers.digest import render_claims_markdown

    try:
        return render_claims_markdown(claim_cards(db), day)
    finally:
        db.close()


def write_digest(text: str, args: argparse.Namespace, now: dt.datetime, name: str) -> int:
    """Write to stdout, or atomically to --output (a folder gets <name>-YYYY-MM-DD.<fmt>)."""
    fmt = "md" if name == "claims" else args.format
    target = digest_target(args.output, fmt, now.date(), name)
    if target is None:
        sys.stdout.write(text)
        return EXIT_OK
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)  # readers of the folder never see half a digest
    log.info("%s written to %s", name, target)
    return EXIT_OK


# ---------------------------------------------------------------- the bundled sample


def ensure_sample_db(path: str | Path | None = None) -> Path:
    """A database of the bundled sample, built once; rebuilt when the sample or annotator change.

    Never replaces a database that holds anything besides the bundled sample.
    """
    import analysis
    from fetchers.importer import import_file
    from fetchers.sample import SAMPLE_DIR

    path = Path(path) if path else SAMPLE_DB
    files = sorted(SAMPLE_DIR.glob("*.xml"))
    if path.exists():
        db = open_db(path)
        try:
            sources = {r[0] for r in db.execute("SELECT DISTINCT source FROM records")}
            versions = {r[0] for r in db.execute("SELECT annotator_version FROM annotations")}
        finally:
            db.close()
        if sources - {f"import:{f.name}" for f in files}:
            raise ValueError(f"{path} holds more than the bundled sample; not replacing it")
        newest = max(f.stat().st_mtime for f in files)
        if versions == {analysis.ANNOTATOR_VERSION} and path.stat().st_mtime >= newest:
            return path
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
    db = open_db(path)
    try:
        for xml in files:
            result = import_file(db, xml, [xml.stem])
            if result.error:
                raise RuntimeError(f"bundled sample failed to import: {result.error}")
    finally:
        db.close()
    return path


def __getattr__(name: str):
    """The digest's data and renderers live in fetchers.digest; reachable from here too."""
    if name in ("digest_data", "render_html", "render_markdown"):
        from fetchers import digest

        return getattr(digest, name)
    raise AttributeError(f"module 'fetchers.ops' has no attribute {name!r}")
