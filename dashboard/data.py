"""The dashboard's door to the database: cached db.queries calls, and researchers' writes.

Every read goes through :func:`q`, which calls a db.queries function through
st.cache_data with a key that changes whenever the database file changes (see
db.queries.cache_key), so a nightly fetch or a correction shows up on the next rerun.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard import access
from db import db_path, open_db, queries, store
from db.queries import Filters

log = logging.getLogger(__name__)

CONTEXT = "_dashboard_context"
WARM_EVERY = 5.0  # seconds between the warmer's looks at the database
# Results that depend on the clock as well as on the data ("new in the last 7 days").
CLOCK_DEPENDENT = {"count_new_since", "new_since", "publication_gaps"}


@dataclass(frozen=True)
class Context:
    """What every page needs: the database, its current cache key and the sidebar filters."""

    path: str
    key: tuple
    filters: Filters
    topic_labels: tuple[tuple[str, str], ...] = ()

    @property
    def labels(self) -> dict[str, str]:
        """Topic slug → label."""
        return dict(self.topic_labels)


def database_path() -> str:
    """The database the dashboard shows: $LITERATURE_DB or data/literature.db."""
    return str(db_path())


@st.cache_resource(show_spinner=False)
def migrated(path: str) -> bool:
    """Bring an existing database's schema up to date once per server process."""
    open_db(path).conn.close()
    return True


def warm(path: str) -> None:
    """Read what the first page after a write would: db.facts' frames (records, links),
    the statements per theme and the gap map's and tracked questions' full-text matches."""
    queries.evidence_counts(path, Filters())
    queries.question_counts(path, Filters())


@st.cache_resource(show_spinner=False)
def warmer(path: str) -> threading.Thread:
    """One thread per server process that re-reads the frames soon after any write (the
    nightly fetch, another process's import), so the next visitor does not wait for them.
    It waits until the database has been still for WARM_EVERY, so a fetch's batches are
    not each read while it runs.

    It touches no Streamlit state: db.facts' cache is shared and locked, and a visitor who
    comes first reads the frames as usual."""

    def run() -> None:
        seen = warmed = None
        while True:
            try:
                key = queries.cache_key(path)
                if key == seen and key != warmed:  # still for WARM_EVERY: the fetch is done
                    warm(path)
                    warmed = key
                seen = key
            except Exception:  # a moved or broken file: the page itself says what is wrong
                log.debug("warming %s failed", path, exc_info=True)
            time.sleep(WARM_EVERY)

    thread = threading.Thread(target=run, name=f"warm {path}", daemon=True)
    thread.start()
    return thread


def database_state(path: str) -> tuple[str, str | None]:
    """('missing' | 'error' | 'empty' | 'ok', message) for the database at `path`."""
    if not Path(path).exists():
        return "missing", None
    try:
        migrated(path)
        options = cached("filter_options", path, queries.cache_key(path), (), {})
    except Exception as exc:  # DatabaseError or anything else unreadable: same advice
        migrated.clear()
        return "error", str(exc)
    return ("ok" if options["has_records"] else "empty"), None


@st.cache_data(show_spinner=False, max_entries=2000)
def cached(name: str, path: str, key: tuple, args: tuple, kwargs: dict):
    """Run db.queries.<name> on `path`; `key` invalidates on any change."""
    return getattr(queries, name)(path, *args, **kwargs)


def set_context(ctx: Context) -> None:
    """Called by app.py before the page runs."""
    st.session_state[CONTEXT] = ctx


def context() -> Context:
    """The current database and filters (a page run on its own gets the defaults)."""
    ctx = st.session_state.get(CONTEXT)
    if ctx is None:
        path = database_path()
        ctx = Context(path, queries.cache_key(path), Filters())
        set_context(ctx)
    return ctx


def q(name: str, *args, **kwargs):
    """A cached db.queries call on the current database: q("records", filters, limit=10)."""
    ctx = context()
    key = ctx.key
    if name in CLOCK_DEPENDENT:  # else "new in 7 days" would keep counting from day one
        key = (*key, dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H"))
    return cached(name, ctx.path, key, args, kwargs)


def write(action: str, *args, **kwargs):
    """Run a db.store write (save_correction, confirm, clear_correction, add_note) as this
    visitor, then refresh; db.audit refuses it (WriteRefused) unless the visitor may write."""
    ctx = context()
    editor = access.current().editor  # decided now, never taken from the form
    db = open_db(ctx.path)
    try:
        result = getattr(store, action)(db, *args, editor=editor, **kwargs)
    finally:
        db.conn.close()
    set_context(Context(ctx.path, queries.cache_key(ctx.path), ctx.filters, ctx.topic_labels))
    return result
