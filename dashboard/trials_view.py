"""Registered trials and their papers: the Open questions page's trials section, the
publication-gap view, and a record's registrations in the record view."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts
from dashboard.data import context, q
from dashboard.export import PUBMED_URL
from dashboard.ui import plot
from db.filters import Filters
from db.trial_queries import gap_summary

GAP_MONTHS = 12
OUTCOME_COLOURS = {
    "no paper, no results": "#d62728",
    "no paper, results not known": "#bbbbbb",
    "results posted only": "#ff7f0e",
    "linked paper": "#2ca02c",
}
REGISTRY_LINK = st.column_config.LinkColumn("Registry", display_text="open")
NO_PAPER = "No linked paper among stored records or registry references"
NO_PAPERS_WHY = (
    "No stored trial is linked to a paper: no stored record names one of these NCT numbers "
    "(in its abstract or PubMed's data-bank list), and no registration lists a paper among "
    "its results. On the bundled sample this is expected: none of its records names these "
    "trials (see data/sample/trials/README.md). A fetch adds the links it finds."
)


def gap_chart(summary: pd.DataFrame, labels: dict[str, str] | None = None) -> go.Figure:
    """Completed trials per topic by what became of them (summary: topic, outcome, n)."""
    if summary.empty:
        return charts.empty_figure(f"No trials completed more than {GAP_MONTHS} months ago")
    summary = summary.assign(topic=summary["topic"].map(lambda t: (labels or {}).get(t, t)))
    fig = px.bar(
        summary, x="n", y="topic", color="outcome", orientation="h", text="n",
        color_discrete_map=OUTCOME_COLOURS, category_orders={"outcome": list(OUTCOME_COLOURS)},
        labels={"n": "Completed trials", "topic": "Topic", "outcome": ""},
    )  # fmt: skip
    fig.update_layout(barmode="stack", height=160 + 45 * summary["topic"].nunique())
    fig.update_xaxes(dtick=1 if summary.groupby("topic")["n"].sum().max() <= 10 else None)
    return fig


def with_pubmed_links(papers: pd.DataFrame) -> pd.DataFrame:
    """Add a PubMed URL per PMID, for a link column."""
    return papers.assign(pubmed=papers["pmid"].map(lambda p: PUBMED_URL.format(int(p))))


def trial_list(f: Filters) -> None:
    """Every stored trial with its linked papers, and the papers themselves."""
    trials = q("trials_with_papers", f.topics)
    st.dataframe(
        trials.assign(papers=trials["papers"].fillna(NO_PAPER)), hide_index=True,
        column_config={"url": REGISTRY_LINK,
                       "title": st.column_config.TextColumn("Title", width="large"),
                       "papers": st.column_config.TextColumn("Linked PMIDs"),
                       "has_results": st.column_config.CheckboxColumn("Results posted")},
    )  # fmt: skip
    papers = q("trial_papers", f.topics)
    if papers.empty:
        st.caption(NO_PAPERS_WHY)
        return
    st.markdown("**Papers of these trials**")
    st.caption(
        "Found by: `abstract` (the paper names the NCT number), `databank` (PubMed lists the "
        "registration), `registry` (the registration lists the paper as a result)."
    )
    st.dataframe(
        with_pubmed_links(papers), hide_index=True,
        column_config={"pubmed": st.column_config.LinkColumn("PubMed", display_text="open"),
                       "title": st.column_config.TextColumn("Title", width="large")},
    )  # fmt: skip


def publication_gap(f: Filters) -> None:
    """Completed trials with neither a linked paper nor posted results, per topic."""
    st.markdown(f"**Publication gap: trials completed more than {GAP_MONTHS} months ago**")
    st.caption(
        "A trial is in the gap when ClinicalTrials.gov says it completed over "
        f"{GAP_MONTHS} months ago, it has posted no results, and no stored record links to it "
        "(by NCT number in the abstract, PubMed's data-bank list, or the registry's references)."
    )
    gaps = q("publication_gaps", f.topics, months=GAP_MONTHS)
    plot(gap_chart(gap_summary(gaps), context().labels), "trial_gap")
    unpublished = gaps[gaps["gap"] == 1]
    if unpublished.empty:
        st.caption("No trial in this selection is in the publication gap.")
        return
    st.dataframe(
        unpublished[["topic", "nct_id", "title", "sponsor", "enrollment", "completion_date",
                     "url"]],
        hide_index=True, key="trial_gap_list",
        column_config={"url": REGISTRY_LINK,
                       "title": st.column_config.TextColumn("Title", width="large")},
    )  # fmt: skip


def show(f: Filters) -> None:
    """The Open questions page's section on registered trials."""
    st.subheader("Registered clinical trials (ClinicalTrials.gov)")
    by_status = q("trials_by_status", f.topics)
    plot(charts.trials_status_bar(by_status), "trials")
    if len(by_status):
        trial_list(f)
        publication_gap(f)


def registrations(rec: dict) -> None:
    """The record's trial registrations for the record view, or why it has none."""
    st.markdown("**Trial registration**")
    pmid = rec.get("pmid")
    if pmid is None or pmid != pmid:  # no PMID (or NaN): the links are keyed by PMID
        st.caption("None linked: this record has no PMID, and links to ClinicalTrials.gov are "
                   "made by PMID.")  # fmt: skip
        return
    found = q("record_trials", int(pmid))
    if found.empty:
        st.caption("No registration named by this record: its abstract and PubMed's data-bank "
                   "list name no NCT number, and no stored registration lists it among its papers.")  # fmt: skip
        return
    st.dataframe(
        found, hide_index=True,
        column_config={"url": REGISTRY_LINK,
                       "has_results": st.column_config.CheckboxColumn("Results posted")},
    )  # fmt: skip
