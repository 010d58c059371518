"""Browse: full-text search, sorting, a linked table, and the record view with corrections."""

import streamlit as st

from dashboard import record_view
from dashboard.data import context, q
from dashboard.ui import record_table, selection_caption
from db.queries import fts_expression

PAGE_SIZE = 500
SORTS = {"rank": "Best match", "newest": "Newest", "oldest": "Oldest",
         "recently_added": "Recently added", "sample_size": "Largest N", "title": "Title"}  # fmt: skip

ctx = context()
f = ctx.filters
st.title("Browse")
selection_caption(f, ctx.labels)

if "b_q" not in st.session_state:
    st.session_state["b_q"] = st.query_params.get("q", "")
text = st.text_input(
    "Full-text search (title, abstract, keywords)", key="b_q",
    placeholder='e.g. kratom withdrawal · "opioid use disorder" · mitragyn* · prolactin NOT rat',
)  # fmt: skip
if text.strip():
    st.query_params["q"] = text
elif "q" in st.query_params:
    del st.query_params["q"]
expr, note = fts_expression(text)
if note:
    (st.warning if expr is None else st.info)(note)

left, right = st.columns([1, 1])
sorts = list(SORTS) if expr else list(SORTS)[1:]
order = left.selectbox("Sort by", sorts, format_func=SORTS.get, key="b_sort")
search = f.replace(search=text) if expr else f
total = q("count_records", search) if expr or not note else 0
pages = max(1, -(-total // PAGE_SIZE))
page = right.number_input(f"Page (of {pages})", 1, pages, 1, key="b_page") if pages > 1 else 1
rows = (
    q("records", search, limit=PAGE_SIZE, order_by=order, offset=(page - 1) * PAGE_SIZE)
    if total
    else None
)
st.caption(
    f"{total:,} records" + (f", showing {PAGE_SIZE:,} per page" if total > PAGE_SIZE else "")
)

selected = None
if rows is not None and len(rows):
    event = record_table(
        rows, f, ["title", "year", "study_type", "subjects", "sample_size", "journal", "topics"],
        key="browse_table", on_select="rerun", selection_mode="single-row",
    )  # fmt: skip
    picked = event.selection.rows if event else []
    if picked:
        selected = int(rows.iloc[picked[0]]["article_id"])
elif expr or not text.strip():
    st.info("No records match. Try other words or widen the filters in the sidebar.")

if selected is None:
    try:
        selected = int(st.query_params.get("record", ""))
    except ValueError:
        selected = None
if selected is not None:
    st.query_params["record"] = str(selected)
    st.divider()
    record_view.show(selected)
else:
    st.caption("Select a row to see the record, its annotations and the correction form.")
