"""Command line: `python -m fetchers run|import|parse|reannotate|load-sample|status|digest|
build-sample`.

Exit status: 0 all done; 1 something was left unfetched or a file failed (the
next run fills the gap); 2 bad usage or configuration; 3 another run holds the lock;
4 the database cannot be used.
"""

from __future__ import annotations

import argparse
import json
import logging
import logging.handlers
import sqlite3
import sys

from fetchers import hidden_modules

# sqlite-utils would import pandas and numpy for their column types only: half a second and
# ~85 MB of every cron run. The commands never hand it such values; the ones that build
# frames (db.queries) import pandas themselves, later.
with hidden_modules():
    import sqlite_utils  # noqa: F401

from db import DatabaseError, db_path, open_db  # noqa: E402
from fetchers.pubmed_xml import ParseError  # noqa: E402
from fetchers.topics import TopicsError  # noqa: E402

EXIT_OK, EXIT_INCOMPLETE, EXIT_USAGE, EXIT_LOCKED, EXIT_DB = 0, 1, 2, 3, 4


def setup_logging(quiet: bool = False, log_file: str | None = None, verbose: bool = False) -> None:
    """Line-oriented log lines on stderr (and optionally a rotating file) that cron can mail."""
    level = logging.DEBUG if verbose else logging.INFO
    fmt = logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S%z"
    )
    root = logging.getLogger()
    root.handlers.clear()
    root.setLevel(level)
    stream = logging.StreamHandler(sys.stderr)
    stream.setFormatter(fmt)
    stream.setLevel(logging.WARNING if quiet else level)
    root.addHandler(stream)
    if log_file:
        handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(fmt)
        root.addHandler(handler)
    for noisy in ("urllib3", "filelock"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def build_parser() -> argparse.ArgumentParser:
    """All subcommands and their options."""
    parser = argparse.ArgumentParser(
        prog="python -m fetchers",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--log-file", help="also write the log to this file, rotated at 5 MB")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="fetch new and revised records for every topic")
    run.add_argument("--db", help="database path (default: $LITERATURE_DB or data/literature.db)")
    run.add_argument("--topics", help="topics TOML file (default: fetchers/topics.toml)")
    run.add_argument(
        "--sources",
        default="pubmed,clinicaltrials",
        help="comma-separated: pubmed, clinicaltrials (default: both)",
    )
    run.add_argument(
        "--topic", action="append", dest="only", help="fetch only this topic slug (repeatable)"
    )
    run.add_argument("--full", action="store_true", help="re-sync every topic completely")
    run.add_argument(
        "--quiet", action="store_true", help="no progress bar; warnings and the summary only"
    )
    run.add_argument("--batch-size", type=int, default=500, help="records per efetch (default 500)")
    run.add_argument("--log-file", dest="run_log_file", help=argparse.SUPPRESS)

    imp = sub.add_parser(
        "import", help="import PubMed XML (.xml, .xml.gz) or MEDLINE (.txt, .nbib) files"
    )
    imp.add_argument("paths", nargs="+", metavar="PATH")
    imp.add_argument("--db", help="database path")
    imp.add_argument(
        "--topic",
        action="append",
        dest="topics",
        default=[],
        help="link the records to this topic slug (repeatable)",
    )
    imp.add_argument("--quiet", action="store_true")
    imp.add_argument(
        "--workers",
        type=int,
        help="processes that parse and annotate big files beside this one (default: "
        "$KRATOM_WORKERS, else one fewer than the cores, at most 4; 0: all in this process)",
    )

    parse = sub.add_parser(
        "parse", help="print the records of PubMed XML or MEDLINE files as JSON Lines"
    )
    parse.add_argument("paths", nargs="+", metavar="PATH")

    again = sub.add_parser(
        "reannotate", help="re-run the annotators over every stored record (after a rules change)"
    )
    again.add_argument("--db", help="database path")

    status = sub.add_parser("status", help="last runs per topic and source; non-zero when stale")
    status.add_argument("--db", help="database path")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.add_argument("--max-age", default="48h", help="stale after this long (default 48h)")

    digest = sub.add_parser("digest", help="what arrived recently, as Markdown or HTML")
    digest.add_argument("--db", help="database path")
    digest.add_argument("--since", default="7d", help="e.g. 7d, 36h, or an ISO date (default 7d)")
    digest.add_argument("--format", choices=("md", "html"), default="md")
    digest.add_argument(
        "--claims", action="store_true", help="the claim cards instead, as Markdown (weekly mail)"
    )
    digest.add_argument(
        "--output", help="write to this file (or into this folder) instead of stdout"
    )

    load = sub.add_parser("load-sample", help="import the bundled sample into an empty database")
    load.add_argument("--db", help="database path")
    load.add_argument(
        "--force", action="store_true", help="import even if the database has records"
    )

    sample = sub.add_parser("build-sample", help="rebuild data/sample/ from shared/data")
    sample.add_argument(
        "--source", help="open-access JSONL (default: ../shared/data/sample_open_access.jsonl)"
    )
    return parser


def cmd_import(args: argparse.Namespace) -> int:
    """Import files; non-zero if any file failed or had bad records."""
    from fetchers.importer import import_file
    from fetchers.workers import default_workers

    db = open_db(args.db, check=True)
    workers = default_workers() if args.workers is None else args.workers
    status = EXIT_OK
    for path in args.paths:
        result = import_file(db, path, args.topics, workers=workers)
        line = (
            f"{path}: {result.new} new, {result.updated} updated, {result.unchanged} unchanged"
            + (f", {result.deleted} PMIDs marked deleted" if result.deleted else "")
            + (f", {len(result.skipped)} bad records skipped" if result.skipped else "")
        )
        print(line if not result.error else f"{line}; stopped: {result.error}", file=sys.stderr)
        if result.error or result.skipped:
            status = EXIT_INCOMPLETE
    return status


def cmd_parse(args: argparse.Namespace) -> int:
    """Print each file's records, one JSON object a line; non-zero if a record was bad."""
    from pathlib import Path

    from fetchers.importer import iter_file

    status = EXIT_OK
    for name in args.paths:
        path, skipped = Path(name), []
        if not path.is_file():
            raise ParseError(f"{path}: no such file")
        for record in iter_file(path, skipped):
            sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        for message in skipped:
            print(f"{path}: bad record skipped: {message}", file=sys.stderr)
            status = EXIT_INCOMPLETE
    return status


def cmd_reannotate(args: argparse.Namespace) -> int:
    """Recompute every record's annotations and relevance; print the summary as JSON."""
    from db.store import reannotate_all

    print(json.dumps(reannotate_all(args.db), indent=2, default=str))
    return EXIT_OK


def cmd_load_sample(args: argparse.Namespace) -> int:
    """Import data/sample/<topic>.xml, each linked to its topic, into an empty database."""
    from fetchers.importer import import_file
    from fetchers.sample import SAMPLE_DIR, load_sample_trials

    db = open_db(args.db, check=True)
    have = db.execute("SELECT count(*) FROM records").fetchone()[0]
    if have and not args.force:
        print(
            f"{db_path(args.db)} already holds {have} records; sample not loaded", file=sys.stderr
        )
        return EXIT_OK
    status = EXIT_OK
    for path in sorted(SAMPLE_DIR.glob("*.xml")):
        result = import_file(db, path, [path.stem])
        print(f"sample {path.stem}: {result.new} new, {result.updated} updated", file=sys.stderr)
        if result.error or result.skipped:
            print(f"error: {result.error or result.skipped}", file=sys.stderr)
            status = EXIT_INCOMPLETE
    for topic, n in load_sample_trials(db).items():
        print(f"sample {topic}: {n} registered trials", file=sys.stderr)
    return status


def cmd_build_sample(args: argparse.Namespace) -> int:
    """Regenerate the bundled sample XML."""
    from pathlib import Path

    from fetchers.sample import SHARED_SAMPLE, build_sample

    counts = build_sample(Path(args.source) if args.source else SHARED_SAMPLE)
    for topic, n in sorted(counts.items()):
        print(f"{topic}: {n} records")
    return EXIT_OK


def dispatch(args: argparse.Namespace) -> int:
    """Run one subcommand and map failures to exit statuses."""
    if args.command == "run":
        from fetchers.run import cmd_run

        return cmd_run(args)
    if args.command == "import":
        return cmd_import(args)
    if args.command in ("status", "digest"):
        from fetchers import ops

        return ops.cmd_status(args) if args.command == "status" else ops.cmd_digest(args)
    if args.command == "parse":
        return cmd_parse(args)
    if args.command == "reannotate":
        return cmd_reannotate(args)
    if args.command == "load-sample":
        return cmd_load_sample(args)
    return cmd_build_sample(args)


def main(argv: list[str] | None = None) -> int:
    """Entry point; every expected failure ends in one clear line and a distinct status."""
    args = build_parser().parse_args(argv)
    setup_logging(getattr(args, "quiet", False), args.log_file, args.verbose)
    try:
        return dispatch(args)
    except (TopicsError, ParseError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DatabaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_DB
    except sqlite3.DatabaseError as exc:  # damage that only shows once a page is read
        where = db_path(getattr(args, "db", None))
        print(
            f"error: {where}: the database is damaged ({exc}); stopped. Restore it from a "
            "backup, or move it aside and run the fetcher again to rebuild it.",
            file=sys.stderr,
        )
        return EXIT_DB
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
