"""Labelled sets for `evaluate`: dev-format JSON Lines, or labels joined with PubMed XML.

The sample labels (tests/fixtures/sample_labels.jsonl) carry identifiers and labels but no
abstract text; the text comes from the bundled data/sample/*.xml at run time, so no
abstract is copied twice into the repository. The XML is read by the repository's own
parser through `python -m fetchers parse`, in a child process: the annotators sit below
the fetchers and import nothing from them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import annotation_input

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_XML_DIR = REPO_ROOT / "data" / "sample"
SAMPLE_LABELS = REPO_ROOT / "tests" / "fixtures" / "sample_labels.jsonl"


class LabelJoinError(ValueError):
    """A label that matches no record in the XML (ids or title changed)."""


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Load a labelled JSON Lines file, failing with the line number of a bad line."""
    records = []
    with Path(path).open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except ValueError as exc:
                    raise ValueError(f"{path}: line {line_number}: invalid JSON: {exc}") from None
    return records


def _norm_title(title: Any) -> str:
    """Title reduced to lower-case letters and digits, so quotes and spacing do not matter."""
    return re.sub(r"[\W_]+", "", str(title or "")).lower()


def _keys(record: dict[str, Any]) -> list[tuple[str, str]]:
    """Every identifier a record can be matched by, strongest first."""
    keys = []
    for field in ("pmid", "pmcid", "doi"):
        value = record.get(field)
        if value not in (None, ""):
            keys.append((field, str(value).strip().lower()))
    if record.get("title"):
        keys.append(("title", _norm_title(record["title"])))
    return keys


def join_labels(
    labels: Iterable[dict[str, Any]], articles: Iterable[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Labels with the text of the article each names; raises LabelJoinError on no match."""
    index: dict[tuple[str, str], dict[str, Any]] = {}
    for article in articles:
        for key in _keys(article):
            index.setdefault(key, article)
    joined = []
    for label in labels:
        article = next((index[k] for k in _keys(label) if k in index), None)
        if article is None:
            raise LabelJoinError(f"no record for label {label.get('title')!r}")
        joined.append({**annotation_input(article), **label, "title": article.get("title")})
    return joined


def fetchers_command(*args: str, **run: Any) -> subprocess.CompletedProcess:
    """`python -m fetchers ARGS` in a child process (that layer owns the parser and the
    database; this one only calls its command line)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "fetchers", *args], env=env, check=False, **run)


def parse_xml(paths: list[Path]) -> list[dict[str, Any]]:
    """The records of these PubMed XML files, as the repository's own parser reads them."""
    if not paths:
        return []
    done = fetchers_command("parse", *map(str, paths), capture_output=True, text=True)
    if done.returncode != 0:
        raise ValueError(f"reading {', '.join(map(str, paths))} failed: {done.stderr.strip()}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def load_sample_set(
    labels_path: Path = SAMPLE_LABELS, xml_dir: Path = SAMPLE_XML_DIR
) -> list[dict[str, Any]]:
    """The sample labels joined with data/sample/*.xml, ready for evaluate_records."""
    articles = parse_xml(sorted(Path(xml_dir).glob("*.xml")))
    return join_labels(read_jsonl(labels_path), articles)


def load_labelled(path: Path, xml_dir: Path | None = None) -> list[dict[str, Any]]:
    """A labelled file as records with text: as is when it has abstracts, else joined with XML."""
    records = read_jsonl(path)
    if records and all("abstract" not in r for r in records):
        return load_sample_set(path, xml_dir or SAMPLE_XML_DIR)
    return records
