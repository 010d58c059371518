"""Tracked topics: loaded from TOML and validated, with errors that name file and topic."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_TOPICS = Path(__file__).with_name("topics.toml")
KNOWN_KEYS = {"query", "label", "description", "trials_query"}
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class TopicsError(ValueError):
    """A topics file that cannot be used; the message names the file and the topic."""


@dataclass(frozen=True)
class Topic:
    """One tracked topic: its PubMed query and, optionally, its ClinicalTrials.gov terms."""

    slug: str
    query: str
    label: str
    description: str = ""
    trials_query: str | None = None


def load_topics(path: str | Path | None = None) -> list[Topic]:
    """Read and check a topics file; the default is the one shipped with the fetcher."""
    path = Path(path) if path else DEFAULT_TOPICS
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TopicsError(f"{path}: no such topics file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TopicsError(f"{path}: not valid TOML: {exc}") from None
    extra = set(data) - {"topics"}
    if extra:
        raise TopicsError(
            f"{path}: unknown top-level keys {sorted(extra)}; expected [topics.<slug>]"
        )
    tables = data.get("topics")
    if not isinstance(tables, dict) or not tables:
        raise TopicsError(f"{path}: no topics; add a [topics.<slug>] table with a query")
    return [check_topic(path, slug, body) for slug, body in tables.items()]


def check_topic(path: Path, slug: str, body: object) -> Topic:
    """Validate one [topics.<slug>] table."""
    where = f"{path}: topic {slug!r}"
    if not SLUG.match(slug):
        raise TopicsError(f"{where}: a slug takes lower-case letters, digits, '-' and '_'")
    if not isinstance(body, dict):
        raise TopicsError(f"{where}: must be a table with a query")
    unknown = set(body) - KNOWN_KEYS
    if unknown:
        raise TopicsError(f"{where}: unknown keys {sorted(unknown)}; allowed: {sorted(KNOWN_KEYS)}")
    for key, value in body.items():
        if not isinstance(value, str):
            raise TopicsError(f"{where}: {key} must be a string")
    query = " ".join(body.get("query", "").split())
    if not query:
        raise TopicsError(f"{where}: has no query")
    if query.count("(") != query.count(")") or query.count('"') % 2:
        raise TopicsError(f"{where}: unbalanced parentheses or quotes in the query")
    trials = " ".join(body.get("trials_query", "").split()) or None
    return Topic(
        slug=slug,
        query=query,
        label=body.get("label") or slug,
        description=body.get("description", ""),
        trials_query=trials,
    )
