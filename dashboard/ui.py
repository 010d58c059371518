"""Small Streamlit helpers the pages share: record tables with links, charts, captions."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pandas as pd
import streamlit as st

from dashboard.charts import type_label
from dashboard.export import PMC_URL, PUBMED_URL
from dashboard.filters import params_from_filters
from db.queries import Filters

PAGES = {
    "overview": "dashboard/pages/overview.py",
    "study_types": "dashboard/pages/study_types.py",
    "sample_sizes": "dashboard/pages/sample_sizes.py",
    "open_questions": "dashboard/pages/open_questions.py",
    "browse": "dashboard/pages/browse.py",
    "review": "dashboard/pages/review.py",
    "export": "dashboard/pages/export.py",
    "fetch_log": "dashboard/pages/fetch_log.py",
    "changes": "dashboard/pages/changes.py",
}
PLOTLY_CONFIG = {"displaylogo": False}


def record_href(article_id: int, filters: Filters) -> str:
    """A relative link to the record view on the Browse page, keeping the filters."""
    params = [(k, v) for k, values in params_from_filters(filters).items() for v in values]
    return "browse?" + urlencode([*params, ("record", str(int(article_id)))])


def with_links(df: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Add record, PubMed, DOI and PMC link columns and readable study types."""
    out = df.copy()
    if out.empty:
        return out.assign(record=None, pubmed=None, doi_link=None, pmc=None)
    out["record"] = [record_href(i, filters) for i in out["article_id"]]
    out["pubmed"] = [None if pd.isna(p) else PUBMED_URL.format(int(p)) for p in out["pmid"]]
    if "doi" in out:
        out["doi_link"] = [
            None if pd.isna(d) or not d else "https://doi.org/" + quote(str(d), safe="/:;()._-")
            for d in out["doi"]
        ]
    if "pmcid" in out:
        out["pmc"] = [None if pd.isna(p) or not p else PMC_URL.format(p) for p in out["pmcid"]]
    if "study_type" in out:
        out["study_type"] = out["study_type"].map(type_label)
    if "retracted" in out:
        out["flag"] = [badge(r) for r in out.to_dict("records")]
        out["notice"] = [None if pd.isna(p) else PUBMED_URL.format(int(p))
                         for p in out["notice_pmid"]]  # fmt: skip
    return out


def badge(row: dict) -> str | None:
    """The warning a listed record carries: retracted, deleted from PubMed, or under concern."""
    if row.get("deleted") == 1:
        return "DELETED from PubMed"
    if row.get("retracted") == 1:
        return "RETRACTED"
    if row.get("concern") == 1:
        return "Expression of concern"
    return None


LINK_CONFIG = {
    "record": st.column_config.LinkColumn("Record", display_text="open", width="small"),
    "pubmed": st.column_config.LinkColumn(
        "PubMed", display_text=r"pubmed\.ncbi\.nlm\.nih\.gov/(\d+)"
    ),
    "doi_link": st.column_config.LinkColumn("DOI", display_text=r"https://doi\.org/(.*)"),
    "pmc": st.column_config.LinkColumn("PMC", display_text=r"/articles/(PMC\d+)"),
    "title": st.column_config.TextColumn("Title", width="large"),
    "year": st.column_config.NumberColumn("Year", format="%d"),
    "pmid": st.column_config.NumberColumn("PMID", format="%d"),
    "sample_size": st.column_config.NumberColumn("N", format="%d"),
    "study_type": st.column_config.TextColumn("Study type"),
    "flag": st.column_config.TextColumn("⚠", help="Retracted, deleted, or under concern"),
    "notice": st.column_config.LinkColumn(
        "Notice", display_text=r"pubmed\.ncbi\.nlm\.nih\.gov/(\d+)", help="Retraction notice"
    ),
}


def record_table(df: pd.DataFrame, filters: Filters, columns: list[str], **kwargs):
    """A record table with link columns (record view, PubMed, DOI, PMC)."""
    shown = with_links(df, filters)
    flags = ["flag", "notice"] if "flag" in shown and shown["flag"].notna().any() else []
    order = [c for c in ["record", *flags, *columns, "pubmed", "doi_link", "pmc"] if c in shown]
    return st.dataframe(
        shown, column_order=order, column_config=LINK_CONFIG, hide_index=True, **kwargs
    )


def plot(fig, key: str, **kwargs):
    """Show a plotly figure full width."""
    return st.plotly_chart(fig, key=key, width="stretch", config=PLOTLY_CONFIG, **kwargs)


def selection_caption(filters: Filters, labels: dict[str, str]) -> None:
    """One line saying what the sidebar currently selects."""
    parts = [", ".join(labels.get(t, t) for t in filters.topics) or "all topics"]
    if filters.year_min or filters.year_max:
        parts.append(f"{filters.year_min or '…'}–{filters.year_max or '…'}")
    if filters.study_types:
        parts.append(", ".join(type_label(t) for t in filters.study_types))
    if filters.subjects:
        parts.append(", ".join(filters.subjects))
    parts.append("relevant records only" if filters.relevant_only else "all records")
    parts.append("retracted included" if filters.include_retracted else "retracted left out")
    st.caption("Selection: " + " · ".join(parts))
