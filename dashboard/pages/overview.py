"""Overview: totals, what is new, records per year and topic, and the last fetch."""

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.data import context, q
from dashboard.ui import plot, record_table, selection_caption
from db.aggregates import rollup, topic_totals

STALE_AFTER = dt.timedelta(days=2)

ctx = context()
f = ctx.filters
st.title("Overview")
selection_caption(f, ctx.labels)


def parse_time(text) -> dt.datetime | None:
    """An ISO timestamp from fetch_runs as an aware datetime."""
    try:
        stamp = dt.datetime.fromisoformat(str(text))
    except (TypeError, ValueError):
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


summary = q("facts_summary", f)  # year × type × subjects: one query for totals and charts
total = int(summary["n"].sum())
with_n = int(summary["with_n"].sum())
human = int(summary.loc[summary["subjects"] == "human", "n"].sum())
cols = st.columns(5)
cols[0].metric("Records", f"{total:,}")
cols[1].metric("New in 7 days", f"{q('count_new_since', 7, f):,}")
cols[2].metric("New in 30 days", f"{q('count_new_since', 30, f):,}")
cols[3].metric("With a sample size", f"{with_n:,}", f"{with_n / total:.0%} coverage" if total else None,
               delta_color="off")  # fmt: skip
cols[4].metric("Human studies", f"{human:,}", f"{human / total:.0%} of records" if total else None,
               delta_color="off")  # fmt: skip
st.caption(
    "New means new to PubMed: counted from the date PubMed first listed the record (its "
    "entry date). Records from sources without an entry date (the bundled sample, some "
    "imports) count from the day this database first stored them, but no later than the "
    "end of their publication year."
)

runs = q("last_fetch")
last, last_ok = runs["last"], runs["last_ok"]
if last is None:
    st.info(
        "No fetch has run on this database yet (it was loaded from files or the sample). "
        "Run `python -m fetchers run` to fetch from PubMed."
    )
else:
    started = parse_time(last["started_at"])
    st.markdown(
        f"**Last fetch:** run {int(last['id'])}, started {last['started_at']} UTC, "
        f"status **{last['status']}**"
    )
    ok_time = parse_time(last_ok["started_at"]) if last_ok else None
    if ok_time is None:
        st.warning("No fetch has ever finished successfully on this database.")
    elif dt.datetime.now(dt.UTC) - ok_time > STALE_AFTER:
        st.warning(
            f"The last successful fetch started {last_ok['started_at']}, more than two days ago. "
            "Check the nightly job (`python -m fetchers status`)."
        )

left, right = st.columns([2, 1])
with left:
    st.subheader("Records per year, by study type")
    plot(charts.year_type_bar(rollup(summary, ["year", "study_type"])), "year_type")
with right:
    st.subheader("Records per topic")
    plot(charts.topic_bar(topic_totals(q("counts_by_topic_type", f)), ctx.labels), "topics")

st.subheader("New in the last 30 days")
new = q("new_since", 30, f, limit=50)
if new.empty:
    st.caption("Nothing new to PubMed in the last 30 days.")
else:
    new["entered"] = pd.to_datetime(new["entered"], errors="coerce")
    record_table(new, f, ["entered", "title", "year", "study_type", "sample_size", "topics"],
                 key="new_table")  # fmt: skip
