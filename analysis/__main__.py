"""Command line: python -m analysis {annotate,evaluate,reannotate}."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from . import ANNOTATOR_VERSION, annotate
from .decisions import DecisionsError, describe, evaluate_decisions, load_decisions
from .evaluate import evaluate_records, format_report
from .labelled import LabelJoinError, fetchers_command, load_labelled


def _annotate_stream(source: TextIO, sink: TextIO, errors: TextIO) -> int:
    """Annotate JSON Lines from source to sink; report bad lines on errors and keep going."""
    status = 0
    for line_number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("expected a JSON object")
        except ValueError as exc:
            print(f"line {line_number}: invalid record: {exc}", file=errors)
            status = 1
            continue
        ann = annotate(record)
        ann["open_questions"] = [
            {"text": q["text"], "themes": q["themes"], "start": q["start"], "end": q["end"]}
            for q in ann["open_questions"]
        ]
        sink.write(
            json.dumps({"pmid": record.get("pmid"), **ann, "annotator_version": ANNOTATOR_VERSION})
        )
        sink.write("\n")
    return status


def cmd_annotate(args: argparse.Namespace) -> int:
    """annotate: JSON Lines in on stdin, one annotation per line out on stdout."""
    return _annotate_stream(sys.stdin, sys.stdout, sys.stderr)


def cmd_evaluate(args: argparse.Namespace) -> int:
    """evaluate FILE: score against labelled records and print the report (or JSON)."""
    if args.db:
        return evaluate_db(args)
    if not args.file:
        print("evaluate needs a labelled FILE or --db PATH", file=sys.stderr)
        return 2
    path = Path(args.file)
    if not path.exists():
        print(f"no such file: {path}", file=sys.stderr)
        return 2
    try:
        records = load_labelled(path, Path(args.xml) if args.xml else None)
    except (ValueError, LabelJoinError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    records = select_part(records, args.part)
    metrics = evaluate_records(records)
    if args.part == "heldout":
        metrics["misses"] = []  # the held-out part is scored, never read
    if args.json:
        print(json.dumps({**metrics, "annotator_version": ANNOTATOR_VERSION}, indent=2))
    else:
        print(f"annotator version: {ANNOTATOR_VERSION}")
        print(format_report(metrics))
    return 0


def evaluate_db(args: argparse.Namespace) -> int:
    """evaluate --db PATH: score the current annotators against researchers' decisions."""
    try:
        records = load_decisions(args.db, args.user)
    except DecisionsError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    metrics = evaluate_decisions(records)
    if args.json:
        print(json.dumps({**metrics, "annotator_version": ANNOTATOR_VERSION}, indent=2))
        return 0
    print(f"annotator version: {ANNOTATOR_VERSION}")
    print(describe(metrics["decisions"], args.db, args.user))
    if records:
        print(format_report(metrics))
    return 0


def select_part(records: list[dict], part: str) -> list[dict]:
    """Every third record (line index i % 3 == 2) is held out, so rule work can keep it unread."""
    if part == "all":
        return records
    heldout = part == "heldout"
    return [r for i, r in enumerate(records) if (i % 3 == 2) == heldout]


def cmd_reannotate(args: argparse.Namespace) -> int:
    """reannotate: runs `python -m fetchers reannotate`, which owns the database."""
    return fetchers_command("reannotate", *(["--db", args.db] if args.db else [])).returncode


def build_parser() -> argparse.ArgumentParser:
    """The argparse tree for the three subcommands."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    parser.add_argument("--version", action="version", version=ANNOTATOR_VERSION)
    sub = parser.add_subparsers(dest="command", required=True)
    p_annotate = sub.add_parser("annotate", help="annotate JSON Lines from stdin")
    p_annotate.set_defaults(func=cmd_annotate)
    p_eval = sub.add_parser("evaluate", help="score against a labelled JSON Lines file")
    p_eval.add_argument(
        "file", nargs="?", help="labelled JSON Lines (dev format, or sample_labels.jsonl format)"
    )
    p_eval.add_argument(
        "--db",
        default=None,
        help="score against every record researchers confirmed or corrected in this tracker "
        "database (read-only) instead of a file",
    )
    p_eval.add_argument("--user", default=None, help="with --db: only this researcher's decisions")
    p_eval.add_argument("--json", action="store_true", help="print metrics as JSON")
    p_eval.add_argument(
        "--xml",
        default=None,
        help="folder of PubMed XML to join with labels that carry no abstracts "
        "(default: data/sample)",
    )
    p_eval.add_argument(
        "--part",
        choices=["all", "work", "heldout"],
        default="all",
        help="score every record, the two thirds rule work may read (work), or every third "
        "record kept unread (heldout: figures only, misses are not shown)",
    )
    p_eval.set_defaults(func=cmd_evaluate)
    p_re = sub.add_parser("reannotate", help="re-annotate every record in the database")
    p_re.add_argument(
        "--db", default=None, help="database path (default: $LITERATURE_DB or data/literature.db)"
    )
    p_re.set_defaults(func=cmd_reannotate)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit status."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
