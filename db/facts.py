"""The bitmasks on article_facts that make dashboard aggregates one index scan (m003).

``topics`` / ``relevant_topics`` have one bit per topic (``topic_bits``) for the record's
links and for its links scored at or above the relevance threshold stored in
``fact_settings``; triggers keep both current on every write, corrections included.
``matches`` has one bit per tracked-question and gap-map theme FTS query (``match_keys``);
it is NULL until :func:`refresh_matches` fills it, which ``db.store`` calls on every write
batch. Readers check :func:`layout` and fall back to the exact slow SQL whenever a stored
mask does not match the current threshold or query, so a stale mask is never wrong.
"""

from __future__ import annotations

import sqlite3
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from db.fts import fts_expression, memory_fts
from db.schema import MASK_BITS, THEME_SLOTS, theme_pack, topic_mask

TRACKED_QUESTIONS = Path(__file__).resolve().parents[1] / "dashboard" / "tracked_questions.toml"
BULK = 2000  # more pending rows than this: match on records_fts itself, not a probe copy


@dataclass(frozen=True)
class Layout:
    """What the stored masks mean in one database: bits, threshold, match queries."""

    topic_bits: dict[str, int] = field(default_factory=dict)
    threshold: float | None = None
    match_keys: dict[str, tuple[int, str]] = field(default_factory=dict)

    def topics_mask(self, topics) -> int | None:
        """The bitmask of these topics, or None if one has no usable bit."""
        mask = 0
        for topic in topics:
            bit = self.topic_bits.get(topic)
            if bit is None:
                continue  # never linked: no record has it, so it adds nothing
            if bit >= MASK_BITS:
                return None
            mask |= 1 << bit
        return mask

    @property
    def all_topics_masked(self) -> bool:
        """Whether every topic ever linked has a bit in the masks."""
        return all(bit < MASK_BITS for bit in self.topic_bits.values())


def layout(conn: sqlite3.Connection) -> Layout:
    """Read the mask layout; an older schema (no m003) gives an empty, unusable layout."""
    try:
        bits = dict(conn.execute("SELECT topic, bit FROM topic_bits"))
        row = conn.execute(
            "SELECT value FROM fact_settings WHERE key = 'relevance_threshold'"
        ).fetchone()
        keys = {k: (b, q) for k, b, q in conn.execute("SELECT key, bit, query FROM match_keys")}
    except sqlite3.OperationalError:
        return Layout()
    return Layout(bits, None if row is None else float(row[0]), keys)


def theme_slots(conn: sqlite3.Connection) -> dict[str, int]:
    """{theme: slot} of the packed theme counts; empty before m004."""
    try:
        return dict(conn.execute("SELECT theme, slot FROM theme_slots ORDER BY slot"))
    except sqlite3.OperationalError:
        return {}


def load_tracked_questions(path: str | Path | None = None) -> dict:
    """The tracked-questions file: {"themes": {slug: {label, query}}, "questions": [...]}."""
    with open(path or TRACKED_QUESTIONS, "rb") as handle:
        data = tomllib.load(handle)
    questions = []
    for key, q in (data.get("questions") or {}).items():
        if not q.get("query"):
            raise ValueError(f"tracked question {key!r} needs a query")
        questions.append({"id": key, "topics": [], "theme": None, **q})
    return {"themes": data.get("themes") or {}, "questions": questions}


def theme_queries(themes: dict) -> dict[str, str]:
    """{"theme:<slug>": FTS expression} for the themes whose query can be searched."""
    out = {}
    for slug, spec in themes.items():
        expr, _ = fts_expression(spec.get("query") or "")
        if expr is not None:
            out[f"theme:{slug}"] = expr
    return out


def match_specs() -> dict[str, str]:
    """Every FTS query the dashboard counts with: {"theme:<slug>" | "question:<id>": expr}."""
    try:
        spec = load_tracked_questions()
    except (OSError, ValueError):
        return {}
    out = theme_queries(spec["themes"])
    for q in spec["questions"]:
        expr, _ = fts_expression(q["query"])
        if expr is not None:
            out[f"question:{q['id']}"] = expr
    return out


def sync_threshold(db: Database) -> None:
    """Store the current relevance threshold, recomputing relevant_topics if it changed."""
    from db.filters import threshold  # db.filters imports this module

    current = threshold()
    if layout(db.conn).threshold == current:
        return
    db.execute("UPDATE fact_settings SET value = ? WHERE key = 'relevance_threshold'", [current])
    db.execute(
        f"UPDATE article_facts SET relevant_topics = {topic_mask('article_facts.article_id', True)}"
    )


def sync_theme_slots(db: Database) -> int:
    """Give the annotators' themes a packing slot while slots last (a new theme appears with
    a new annotator version); records that held it unpacked are packed again."""
    import analysis

    slots = theme_slots(db.conn)
    if not slots:
        return 0  # before m004
    first = max(slots.values()) + 1
    new = [t for t in analysis.THEMES if t not in slots][: max(0, THEME_SLOTS - first)]
    if not new:
        return 0
    db.conn.executemany(
        "INSERT INTO theme_slots (theme, slot) VALUES (?, ?)",
        [(theme, first + i) for i, theme in enumerate(new)],
    )
    db.execute(
        f"UPDATE article_facts SET theme_counts = {theme_pack('article_facts.article_id')} "
        "WHERE theme_counts IS NULL"
    )
    return len(new)


def sync_match_keys(db: Database, specs: dict[str, str]) -> dict[str, int]:
    """Make match_keys hold `specs`; when any query changed, every record is re-matched."""
    stored = layout(db.conn).match_keys
    wanted = list(specs)[:MASK_BITS]
    if {k: q for k, (_, q) in stored.items()} != {k: specs[k] for k in wanted}:
        db.execute("DELETE FROM match_keys")
        db.conn.executemany(
            "INSERT INTO match_keys (key, bit, query) VALUES (?, ?, ?)",
            [(k, bit, specs[k]) for bit, k in enumerate(wanted)],
        )
        db.execute("UPDATE article_facts SET matches = NULL WHERE matches IS NOT NULL")
        return {k: bit for bit, k in enumerate(wanted)}
    return {k: bit for k, (bit, _) in stored.items()}


def refresh_matches(db: Database) -> int:
    """Fill `matches` for every record that has none yet; returns how many were filled."""
    bits = sync_match_keys(db, match_specs())
    specs = {k: q for k, (_, q) in layout(db.conn).match_keys.items()}
    pending = [
        r[0] for r in db.execute("SELECT article_id FROM article_facts WHERE matches IS NULL")
    ]
    if not pending:
        return 0
    if len(pending) > BULK:
        found = bulk_matches(db.conn, specs)
    else:
        found = probe_matches(db.conn, pending, specs)
    rows = []
    for article_id in pending:
        mask = 0
        for key in found.get(article_id, ()):
            mask |= 1 << bits[key]
        rows.append((mask, article_id))
    db.conn.executemany("UPDATE article_facts SET matches = ? WHERE article_id = ?", rows)
    return len(rows)


def bulk_matches(conn: sqlite3.Connection, specs: dict[str, str]) -> dict[int, list[str]]:
    """Which records each query matches, straight from records_fts (one query per key)."""
    found: dict[int, list[str]] = {}
    for key, expr in specs.items():
        sql = "SELECT rowid FROM records_fts WHERE records_fts MATCH ?"
        for (rowid,) in conn.execute(sql, [expr]):
            found.setdefault(rowid, []).append(key)
    return found


def probe_matches(
    conn: sqlite3.Connection, ids: list[int], specs: dict[str, str]
) -> dict[int, list[str]]:
    """Match a few records on an in-memory copy of their records_fts text (same tokenizer),
    so a write batch costs in proportion to its size, not to the whole database."""
    probe = memory_fts()
    try:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = conn.execute(
                f"SELECT id, title, abstract, keywords FROM records WHERE id IN ({marks})", chunk
            ).fetchall()
            probe.executemany("INSERT INTO records_fts (rowid, title, abstract, keywords) "
                              "VALUES (?, ?, ?, ?)", rows)  # fmt: skip
        return bulk_matches(probe, specs)
    finally:
        probe.close()
