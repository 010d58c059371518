"""Open questions: evidence gap map, open-question statements, tracked questions, trials."""

import streamlit as st

from dashboard import charts, trials_view
from dashboard.claims_view import show_claim_cards
from dashboard.data import context, q
from dashboard.ui import plot, record_table, selection_caption
from db.aggregates import gap_grid, load_tracked_questions, question_table

ctx = context()
f = ctx.filters
spec = load_tracked_questions()
evidence = q("evidence_counts", f)  # one scan: gap map and tracked questions
st.title("Open questions")
selection_caption(f, ctx.labels)

st.subheader("Evidence gap map")
st.caption("Records per theme and study design; hollow rings are gaps with no records at all. "
           "Theme queries are in dashboard/tracked_questions.toml.")  # fmt: skip
plot(charts.gap_map(gap_grid(evidence, spec["themes"])), "gap_map")

st.subheader("What authors say is still unknown")
counts = q("question_counts", f)
left, right = st.columns(2)
with left:
    plot(charts.questions_by_theme(counts), "q_theme")
with right:
    plot(charts.questions_over_time(counts), "q_time")
themes = sorted(counts["theme"].unique()) if len(counts) else []
theme = st.selectbox("Statements about", [None, *themes], key="oq_theme",
                     format_func=lambda t: "all themes" if t is None else charts.theme_label(t))  # fmt: skip
statements = q("open_questions", f, theme=theme, limit=200)
if statements.empty:
    st.caption("No open-question statements in this selection.")
else:
    st.caption(f"{len(statements):,} statements shown (newest records first, at most 200).")
    record_table(statements.rename(columns={"text": "statement"}), f,
                 ["statement", "title", "year", "study_type"], key="statements")  # fmt: skip

st.subheader("Tracked questions")
st.caption("Claims popular articles make, and the evidence found so far (by design and total N).")
tracked = question_table(evidence, spec["questions"])
plot(charts.tracked_question_bar(tracked), "tracked")
for question in spec["questions"]:
    rows = tracked[tracked["question_id"] == question["id"]]
    n, total_n = int(rows["records"].sum()), int(rows["total_n"].sum())
    with st.expander(
        f"{question.get('question', question['id'])} · {n:,} records · total N {total_n:,}"
    ):
        st.caption(f"Claim: {question.get('claim', '')}")
        st.code(question["query"], language=None)
        if n:
            table = rows.assign(design=rows["study_type"].map(charts.type_label))
            st.dataframe(
                table[["design", "records", "with_n", "total_n", "human"]], hide_index=True
            )
            found = q("tracked_question_records", question["id"], f, limit=50)
            record_table(found, f, ["title", "year", "study_type", "sample_size"],
                         key=f"tq_{question['id']}")  # fmt: skip
        else:
            st.caption("No records in this selection yet: an evidence gap.")

show_claim_cards(f)

trials_view.show(f)
