"""Full-text search input: whatever a person types becomes a valid FTS5 query, or a message.

Valid FTS5 is used as typed; anything else is re-read as quoted words, so the search box
never raises. The dashboard's Browse page and `db.queries.search` share this.
"""

from __future__ import annotations

import functools
import re
import sqlite3

# The tokenizer of records_fts (migration m001); in-memory copies must use the same one.
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"


def memory_fts(*, check_same_thread: bool = True) -> sqlite3.Connection:
    """An in-memory FTS5 table shaped and tokenized like records_fts."""
    conn = sqlite3.connect(":memory:", check_same_thread=check_same_thread)
    conn.execute(
        "CREATE VIRTUAL TABLE records_fts USING fts5(title, abstract, keywords, "
        f"tokenize='{FTS_TOKENIZE}')"
    )
    return conn


@functools.lru_cache(maxsize=1)
def _fts_probe() -> sqlite3.Connection:
    """An empty copy of records_fts, to check query syntax."""
    return memory_fts(check_same_thread=False)


def fts_valid(expr: str) -> bool:
    """Whether SQLite's FTS5 accepts `expr` as a query for records_fts."""
    try:
        _fts_probe().execute("SELECT 1 FROM records_fts WHERE records_fts MATCH ?", [expr])
    except sqlite3.Error:
        return False
    return True


def quote_token(token: str) -> str:
    """An FTS5 phrase that matches `token` literally (double quotes doubled)."""
    return '"' + token.replace('"', '""') + '"'


@functools.lru_cache(maxsize=512)
def fts_expression(text: str) -> tuple[str | None, str | None]:
    """A valid FTS5 expression for what a person typed, and a note when it was re-read.

    Valid FTS5 (phrases, AND/OR/NOT, NEAR, prefix*, title:) is used as typed. Anything
    else is read as plain words, each quoted as a phrase; `-word` becomes NOT "word".
    """
    text = (text or "").strip()
    if not text:
        return None, None
    if fts_valid(text):
        return text, None
    tokens = [t for t in re.split(r"\s+", text) if re.search(r"\w", t)]
    include = [quote_token(t) for t in tokens if not t.startswith("-")]
    exclude = [quote_token(t.lstrip("-")) for t in tokens if t.startswith("-")]
    if not include:
        include, exclude = exclude, []
    if not include:
        return None, f"Nothing to search for in {text!r}: type a word."
    expr = " ".join(include) + "".join(f" NOT {t}" for t in exclude)
    if not fts_valid(expr):  # pragma: no cover - quoted phrases are always valid
        return None, f"Could not read {text!r} as a search."
    return expr, f"Not valid full-text syntax, so searched for the words: {expr}"
