"""Fetch log: recent runs with their counts and errors, per-topic detail, open gaps."""

import json

import streamlit as st

from dashboard import charts
from dashboard.data import context, q
from dashboard.ui import plot

ctx = context()
st.title("Fetch log")

runs = q("fetch_log", limit=50)
if runs.empty:
    st.info("No fetch has run on this database yet. Run `python -m fetchers run`.")
    st.stop()

plot(charts.fetch_runs_chart(runs), "runs")


def error_text(raw) -> str:
    """A run's JSON error list as one line."""
    try:
        errors = json.loads(raw) if raw else []
    except (TypeError, ValueError):
        return str(raw)
    return "; ".join(str(e) for e in errors) if isinstance(errors, list) else str(errors)


table = runs.assign(errors=runs["errors"].map(error_text)).drop(columns=["counts"])
st.dataframe(
    table, hide_index=True,
    column_config={"id": "Run", "errors": st.column_config.TextColumn("Errors", width="large")},
)  # fmt: skip

run_id = st.selectbox("Details of run", runs["id"].tolist(), key="fl_run")
st.dataframe(q("fetch_run_topics", [int(run_id)]), hide_index=True)

st.subheader("Open gaps")
gaps = q("open_gaps")
if gaps.empty:
    st.caption("None: every batch was fetched.")
else:
    st.caption("Batches a run could not fetch; the next run retries them.")
    st.dataframe(gaps, hide_index=True)
