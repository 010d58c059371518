"""Sample sizes: N per design on a log axis, median and IQR, the largest human studies."""

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.data import context, q
from dashboard.highlight import md_literal
from dashboard.ui import PAGES, plot, record_table, selection_caption

POINTS = 3000

ctx = context()
f = ctx.filters
st.title("Sample sizes")
selection_caption(f, ctx.labels)

summary = q("sample_size_summary", f)
records, with_n = int(summary["records"].sum()), int(summary["with_n"].sum())
c1, c2, c3 = st.columns(3)
c1.metric("Records", f"{records:,}")
c2.metric("With an extracted N", f"{with_n:,}")
c3.metric("Coverage", f"{with_n / records:.0%}" if records else "–")
if not with_n:
    st.info("No record in this selection has an extracted sample size.")
    st.stop()

st.subheader("Sample size per study type")
points = q("sample_sizes", f, limit=POINTS)
if points.attrs.get("total", len(points)) > len(points):
    st.caption(f"Showing {len(points):,} of {points.attrs['total']:,} records with an N, "
               "spread evenly over the selection.")  # fmt: skip
event = plot(charts.sample_size_strip(points), "strip", on_select="rerun", selection_mode="points")
st.caption("Hover a point for its title, year, N and PMID; click it to open the record.")
chosen = [p.get("customdata", [None])[0] for p in (event.selection.points if event else [])]
for article_id in [a for a in chosen if a is not None][:10]:
    row = points.loc[points["article_id"] == article_id]
    title = row["title"].iloc[0] if len(row) else str(article_id)
    st.page_link(PAGES["browse"], label=f"Open: {md_literal(title[:100])}", icon=":material/open_in_new:",
                 query_params={"record": str(int(article_id))})  # fmt: skip

left, right = st.columns([3, 2])
with left:
    st.subheader("Median and interquartile range per design")
    table = summary.assign(design=summary["study_type"].map(charts.type_label))
    st.dataframe(
        table[["design", "records", "with_n", "coverage", "median", "q1", "q3", "max_n", "total_n"]],
        hide_index=True,
        column_config={
            "design": "Study type", "records": "Records", "with_n": "With N",
            "coverage": st.column_config.ProgressColumn("Coverage", format="percent", min_value=0,
                                                        max_value=1),
            "median": st.column_config.NumberColumn("Median N", format="%.0f"),
            "q1": st.column_config.NumberColumn("Q1", format="%.0f"),
            "q3": st.column_config.NumberColumn("Q3", format="%.0f"),
            "max_n": "Largest N", "total_n": "Total N",
        },
    )  # fmt: skip
with right:
    plot(charts.sample_size_box(summary), "box")

st.subheader("Largest human studies")
largest = q("records", f.replace(subjects=("human",)), limit=25, order_by="sample_size")
largest = largest[pd.notna(largest["sample_size"])]
if largest.empty:
    st.caption("No human study in this selection has an extracted N.")
else:
    record_table(largest, f, ["title", "year", "study_type", "sample_size", "sample_unit"],
                 key="largest")  # fmt: skip
