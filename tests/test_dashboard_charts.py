"""Pure chart builders and safe highlighting, called directly without Streamlit."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts
from dashboard.highlight import Span, highlight_html, md_literal, record_spans
from db import queries
from db.queries import Filters

F = Filters(relevant_only=False)

pytest_plugins = ["dashboard_support"]


def test_every_builder_draws_the_sample(sample_db_master):
    db = sample_db_master
    by_year = queries.counts_by_year_type(db, F)
    figures = [
        charts.year_type_bar(by_year),
        charts.topic_bar(queries.counts_by_topic(db, F), {"prolactin": "Prolactin"}),
        charts.topic_type_bar(queries.counts_by_topic_type(db, F)),
        charts.type_trend(by_year),
        charts.evidence_pyramid(
            by_year.groupby("study_type", dropna=False, as_index=False)["n"].sum()
        ),
        charts.human_share(queries.counts_by_subjects(db, F)),
        charts.sample_size_strip(queries.sample_sizes(db, F)),
        charts.sample_size_box(queries.sample_size_summary(db, F)),
        charts.gap_map(queries.gap_map(db, F)),
        charts.questions_by_theme(queries.question_counts(db, F)),
        charts.questions_over_time(queries.question_counts(db, F)),
        charts.tracked_question_bar(queries.tracked_questions(db, F)),
    ]
    for fig in figures:
        assert isinstance(fig, go.Figure) and fig.data and not fig.layout.annotations


def test_builders_explain_empty_input():
    empty = pd.DataFrame(columns=["year", "study_type", "subjects", "n", "topic", "status"])
    for build in (charts.year_type_bar, charts.type_trend, charts.evidence_pyramid,
                  charts.human_share, charts.trials_status_bar, charts.topic_bar):  # fmt: skip
        fig = build(empty)
        assert fig.layout.annotations and fig.layout.annotations[0].text


def test_evidence_pyramid_puts_systematic_reviews_and_rcts_on_top():
    df = pd.DataFrame(
        {"study_type": ["review", "rct", "systematic_review", "animal"], "n": [9, 2, 1, 5]}
    )
    labels = list(charts.evidence_pyramid(df).data[0].y)
    assert labels[:2] == [charts.type_label("systematic_review"), charts.type_label("rct")]
    assert labels[-1] == charts.type_label("review")


def test_sample_size_strip_is_log_scaled_and_escapes_titles():
    df = pd.DataFrame({"article_id": [1, 2], "pmid": [90000001, None], "year": [2020, None],
                       "title": ["[SYNTHETIC] <img src=x onerror=alert(1)>", "[SYNTHETIC] b"],
                       "study_type": ["rct", "cohort"], "sample_size": [40, 1200]})  # fmt: skip
    fig = charts.sample_size_strip(df)
    assert fig.layout.yaxis.type == "log"
    custom = [tuple(c) for trace in fig.data for c in trace.customdata]
    assert any("&lt;img" in c[1] for c in custom) and not any("<img" in c[1] for c in custom)
    assert "PMID" in fig.data[0].hovertemplate and "N =" in fig.data[0].hovertemplate


def test_gap_map_marks_empty_cells_as_gaps():
    df = pd.DataFrame({"theme": ["endocrine_prolactin", "endocrine_prolactin"],
                       "study_type": ["rct", "animal"], "n": [0, 4]})  # fmt: skip
    fig = charts.gap_map(df)
    gaps = next(t for t in fig.data if t.name.startswith("No records"))
    assert list(gaps.x) == [charts.type_label("rct")]


def test_highlight_escapes_record_text_and_marks_spans():
    text = (
        "[SYNTHETIC] <script>alert(1)</script> **bold** We enrolled 40 adults. More work is needed."
    )
    start = text.index("We enrolled")
    out = highlight_html(text, [Span(start, start + 20, "sample_size")])
    assert "<script>" not in out and "&lt;script&gt;" in out and "**bold**" in out
    assert out.count("<mark") == 1 and "We enrolled 40 adult" in out


def test_record_spans_trust_offsets_only_when_they_fit():
    abstract = "[SYNTHETIC] We enrolled 40 adults. Further trials are needed."
    questions = pd.DataFrame([{"text": "Further trials are needed.", "start": 999, "end": 1200}])
    spans = record_spans({"abstract": abstract, "sample_size_evidence": "enrolled 40 adults",
                          "sample_size_start": 15, "sample_size_end": 33, "questions": questions})  # fmt: skip
    found = {s.kind: abstract[s.start : s.end] for s in spans}
    assert found == {"sample_size": "enrolled 40 adults", "question": "Further trials are needed."}


def test_md_literal_neutralises_markdown():
    assert md_literal("**x** [a](javascript:1) <b>") == r"\*\*x\*\* \[a\]\(javascript\:1\) \<b\>"
