"""Streamlit entry point: `streamlit run app.py` (pages in dashboard/pages/).

Shows the database at $LITERATURE_DB (default data/literature.db). The sidebar's filters
live in the URL, so a view can be shared; every page reads through dashboard.data.q.
"""

from __future__ import annotations

import streamlit as st

from dashboard import access, data
from dashboard.filters import sidebar
from dashboard.ui import PAGES
from db import queries

st.set_page_config(page_title="Kratom Evidence Tracker", page_icon="🌿", layout="wide")

PAGE_TITLES = {
    "overview": ("Overview", ":material/dashboard:"),
    "study_types": ("Study types", ":material/category:"),
    "sample_sizes": ("Sample sizes", ":material/groups:"),
    "open_questions": ("Open questions", ":material/help:"),
    "browse": ("Browse", ":material/search:"),
    "review": ("Review queue", ":material/fact_check:"),
    "export": ("Export", ":material/download:"),
    "fetch_log": ("Fetch log", ":material/history:"),
    "changes": ("Changes", ":material/edit_note:"),
}


@st.cache_data(show_spinner=False)
def topic_labels() -> dict[str, str]:
    """Topic slug → label from fetchers/topics.toml (slugs alone if it cannot be read)."""
    try:
        from fetchers.topics import load_topics

        return {t.slug: t.label or t.slug for t in load_topics()}
    except Exception:  # a broken topics file must not take the dashboard down
        return {}


def main() -> None:
    """Pick the pages for the database's state and run the chosen one."""
    rights = access.current()
    if rights.banner:
        st.warning(rights.notice, icon=":material/lock:")
    access.sidebar(rights)
    path = data.database_path()
    state, message = data.database_state(path)
    if state != "ok":
        st.session_state["_db_state"] = (state, message, path)
        st.navigation(
            [st.Page("dashboard/pages/empty.py", title="Get started", default=True)]
        ).run()
        return
    data.warmer(path)
    labels = topic_labels()
    key = queries.cache_key(path)
    options = data.cached("filter_options", path, key, (), {})
    pages = [
        st.Page(PAGES[name], title=title, icon=icon, url_path=name.replace("_", "-"),
                default=name == "overview")
        for name, (title, icon) in PAGE_TITLES.items()
    ]  # fmt: skip
    nav = st.navigation(pages)
    filters = sidebar(options, labels)
    data.set_context(data.Context(path, key, filters, tuple(labels.items())))
    waiting = data.q("queue_size", filters)["waiting"]
    st.sidebar.page_link(pages[list(PAGE_TITLES).index("review")], icon=":material/fact_check:",
                         label=f"{waiting:,} records wait for review")  # fmt: skip
    st.sidebar.caption(f"Database: `{path}`")
    nav.run()


main()
