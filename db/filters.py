"""A selection of records (:class:`Filters`) and the one place it becomes SQL (:func:`where`).

The read queries (``db.queries``, ``db.aggregates``, ``db.matches``) and the digest narrow
their rows with ``where()``; every name here can be imported from ``db.queries`` too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, fields

import analysis
from db import facts
from db.facts import Layout
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
    """

    topics: tuple[str, ...] = ()
    year_min: int | None = None
    year_max: int | None = None
    study_types: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    relevant_only: bool = True
    search: str | None = None

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


def relevance_sql(f: Filters, a: str, layout: Layout | None) -> tuple[str, list]:
    """The relevance rule as SQL: from article_facts' masks when they are current, else
    the exact subquery per record (on the articles view, or on an unmigrated database)."""
    usable = layout is not None and layout.threshold == threshold()
    mask = layout.topics_mask(f.topics) if usable and f.topics else None
    if usable and not f.topics and layout.all_topics_masked:
        # No topic filter: records without links stay; linked ones need a relevant link.
        return (
            f"{a}.off_topic IS NOT 1 AND ({a}.off_topic IS 0 OR {a}.topics = 0 "
            f"OR {a}.relevant_topics != 0)"
        ), []
    if mask is not None:
        return (
            f"{a}.off_topic IS NOT 1 AND (({a}.relevant_topics & {mask}) != 0 "
            f"OR ({a}.off_topic IS 0 AND ({a}.topics & {mask}) != 0))"
        ), []
    topic_sql = f" AND t.topic IN ({marks(f.topics)})" if f.topics else ""
    links = f"FROM article_topics t WHERE t.article_id = {a}.article_id{topic_sql}"
    verdict = f"max({a}.off_topic IS 0 OR coalesce(t.relevance, 1) >= ?)"
    return (
        f"{a}.off_topic IS NOT 1 AND coalesce((SELECT {verdict} {links}), {0 if f.topics else 1})"
    ), [threshold(), *f.topics]


def where(
    filters: Filters, alias: str = "a", *, search: bool = True, layout: Layout | None = None
) -> tuple[str, list]:
    """The one place filters become SQL: a WHERE body and its params.

    `alias` names article_facts or the articles view. With the `layout` of article_facts'
    masks (db.facts.layout; only for article_facts), topics and relevance are read from
    the masks; without it, from article_topics, one index-only subquery per record.
    """
    f, a = filters, alias
    clauses: list[str] = []
    params: list = []
    if f.year_min is not None:
        clauses.append(f"{a}.year >= ?")
        params.append(f.year_min)
    if f.year_max is not None:
        clauses.append(f"{a}.year <= ?")
        params.append(f.year_max)
    if f.study_types:
        clauses.append(f"{a}.study_type IN ({marks(f.study_types)})")
        params += f.study_types
    if f.subjects:
        clauses.append(f"{a}.subjects IN ({marks(f.subjects)})")
        params += f.subjects
    if f.relevant_only:
        sql, extra = relevance_sql(f, a, layout)
        clauses.append(sql)
        params += extra
    elif f.topics:
        mask = layout.topics_mask(f.topics) if layout is not None else None
        if mask is not None:
            clauses.append(f"({a}.topics & {mask}) != 0")
        else:
            clauses.append(
                f"EXISTS (SELECT 1 FROM article_topics t WHERE t.article_id = {a}.article_id "
                f"AND t.topic IN ({marks(f.topics)}))"
            )
            params += f.topics
    if search and f.search:
        expr, _ = fts_expression(f.search)
        if expr is None:
            clauses.append("0")
        else:
            clauses.append(
                f"{a}.article_id IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)"
            )
            params.append(expr)
    return (" AND ".join(clauses) or "1"), params


def facts_where(
    conn: sqlite3.Connection, filters: Filters | None, *, search: bool = True
) -> tuple[str, list]:
    """where() over `article_facts a`, using its masks when they are current."""
    return where(filters or Filters(), search=search, layout=facts.layout(conn))
