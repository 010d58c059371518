"""Study types: distribution per topic, trend over time, evidence pyramid, human share."""

import streamlit as st

from dashboard import charts
from dashboard.data import context, q
from dashboard.ui import plot, selection_caption
from db.aggregates import rollup

ctx = context()
f = ctx.filters
st.title("Study types")
selection_caption(f, ctx.labels)
checked = q("agreement")
if checked["checked"]:
    st.info(
        f"The annotator agrees with **{checked['agreed']:,}** of the **{checked['checked']:,}** "
        "records researchers checked (confirmed or corrected, whatever the selection; "
        "`python -m analysis evaluate --db` lists each disagreement)."
    )
else:
    st.caption(
        "No researcher has checked a record yet: confirm or correct some in the Review queue."
    )

summary = q("facts_summary", f)  # the same cached query as the Overview's
by_year = rollup(summary, ["year", "study_type"])
if by_year.empty:
    st.info("No records match this selection. Widen the filters in the sidebar.")
    st.stop()

left, right = st.columns(2)
with left:
    st.subheader("Evidence pyramid")
    st.caption(
        "Systematic reviews and randomized trials on top; reviews without primary data last."
    )
    plot(charts.evidence_pyramid(by_year.groupby("study_type", dropna=False, as_index=False)["n"].sum()),
         "pyramid")  # fmt: skip
with right:
    st.subheader("Distribution per topic")
    plot(charts.topic_type_bar(q("counts_by_topic_type", f), ctx.labels), "topic_types")

st.subheader("Study designs over time")
plot(charts.type_trend(by_year), "trend")

st.subheader("Share of human evidence")
subjects = rollup(summary, ["year", "subjects"])
total = int(subjects["n"].sum())
human = int(subjects.loc[subjects["subjects"] == "human", "n"].sum())
st.metric("Records on human subjects", f"{human:,} of {total:,}", f"{human / total:.0%}" if total else None,
          delta_color="off")  # fmt: skip
plot(charts.human_share(subjects), "human_share")
