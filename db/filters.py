"""A selection of records (:class:`Filters`) and the one place it is applied (:func:`chosen`).

Every read query, and through :func:`where` the digest's SQL, narrows its rows with
``chosen()`` over the cached frames of ``db.facts``; every name here can be imported from
``db.queries`` too.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

import analysis
from db.facts import Facts, facts
from db.fts import fts_expression

SUBJECTS = ("human", "animal", "in_vitro")


def as_tuple(value: Iterable[str] | str | None) -> tuple[str, ...]:
    """Accept a list, a tuple, one string or None for a multi-valued filter."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@dataclass(frozen=True)
class Filters:
    """What the dashboard's sidebar selects; empty means no restriction.

    relevant_only hides records scored below analysis.RELEVANCE_THRESHOLD for every selected
    topic (unless a correction confirms them on-topic) and records marked off-topic.
    Retracted records count only with include_retracted; deleted citations never do.
    """

    topics: tuple[str, ...] = ()
    year_min: int | None = None
    year_max: int | None = None
    study_types: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    relevant_only: bool = True
    search: str | None = None
    include_retracted: bool = False

    def __post_init__(self) -> None:
        """Normalise lists to tuples so a Filters is hashable (a cache key)."""
        for name in ("topics", "study_types", "subjects"):
            object.__setattr__(self, name, as_tuple(getattr(self, name)))
        for name in ("year_min", "year_max"):
            value = getattr(self, name)
            object.__setattr__(self, name, None if value is None else int(value))
        object.__setattr__(self, "search", (self.search or "").strip() or None)

    def replace(self, **changes) -> Filters:
        """A copy with some fields changed."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Filters(**values)


def marks(values: Iterable) -> str:
    """`?, ?, ?` for an IN list."""
    return ", ".join("?" for _ in values)


def threshold() -> float:
    """The relevance score below which a record counts as off-topic."""
    return float(getattr(analysis, "RELEVANCE_THRESHOLD", 0.5))


def link_mask(data: Facts, topics: tuple[str, ...], relevant: bool) -> np.ndarray:
    """Which topic links count: to one of `topics` (any topic if none), scored at or above
    the threshold if `relevant`, or any link of a record confirmed on-topic."""
    links = data.links
    pos = links["pos"].to_numpy()
    keep = links["topic"].isin(topics).to_numpy() if topics else pos >= 0
    if relevant:
        confirmed = data.records["off_topic"].to_numpy()[pos] == 0
        keep = keep & ((links["relevance"].to_numpy() >= threshold()) | confirmed)
    return keep


def linked(data: Facts, topics: tuple[str, ...], relevant: bool) -> np.ndarray:
    """Records with a link that counts (link_mask)."""
    pos = data.links["pos"].to_numpy()
    out = np.zeros(len(data.records), dtype=bool)
    out[pos[link_mask(data, topics, relevant) & (pos >= 0)]] = True
    return out


def chosen(data: Facts, filters: Filters | None, conn: sqlite3.Connection) -> np.ndarray:
    """The selection as a boolean array over data.records (the one filter rule).

    Never a deleted citation, nor a retracted record unless include_retracted.
    With relevant_only: never a record marked off-topic; with topics, only records with a
    relevant link to one of them (any link if confirmed on-topic); without topics, records
    with no link at all or a relevant one. A search keeps the records its FTS5 query matches.
    """
    f = filters or Filters()
    return data.selection((f, threshold()), lambda: choose(data, f, conn))


def choose(data: Facts, f: Filters, conn: sqlite3.Connection) -> np.ndarray:
    """chosen(), computed."""
    df = data.records
    keep = (df["deleted"] != 1).to_numpy(copy=True)  # PubMed withdrew them: never counted
    if not f.include_retracted:
        keep &= (df["retracted"] != 1).to_numpy()
    if f.year_min is not None:
        keep &= (df["year"] >= f.year_min).to_numpy()
    if f.year_max is not None:
        keep &= (df["year"] <= f.year_max).to_numpy()
    if f.study_types:
        keep &= df["study_type"].isin(f.study_types).to_numpy()
    if f.subjects:
        keep &= df["subjects"].isin(f.subjects).to_numpy()
    if f.relevant_only:
        keep &= (df["off_topic"] != 1).to_numpy()
        hit = linked(data, f.topics, relevant=True)
        if not f.topics:
            hit |= ~linked(data, (), relevant=False)
        keep &= hit
    elif f.topics:
        keep &= linked(data, f.topics, relevant=False)
    if f.search:
        expr, _ = fts_expression(f.search)
        keep &= data.matches(conn, expr) if expr else False
    return keep


def in_selection(keep: np.ndarray, pos: pd.Series) -> np.ndarray:
    """Which rows of another frame belong to selected records (pos: their record's row)."""
    pos = pos.to_numpy()
    return (pos >= 0) & keep[np.maximum(pos, 0)]


def select(data: Facts, filters: Filters | None, conn: sqlite3.Connection) -> pd.DataFrame:
    """The rows of data.records in the selection."""
    return data.records[chosen(data, filters, conn)]


def selection(conn: sqlite3.Connection, filters: Filters | None) -> pd.DataFrame:
    """select() on the current frames of `conn`'s database."""
    return select(facts(conn), filters, conn)


def where(conn: sqlite3.Connection, filters: Filters, alias: str = "a") -> tuple[str, list]:
    """SQL for other queries (the digest's): `alias.article_id IN (the selection)`."""
    ids = selection(conn, filters)["article_id"].tolist()
    sql = f"{alias}.article_id IN (SELECT value FROM json_each(?))"
    return sql, [json.dumps(ids)]
