"""Pure chart builders: a small aggregated DataFrame in, a plotly Figure out.

No Streamlit and no database here, so tests call them directly. Record text shown in
hover labels is HTML-escaped, because plotly renders a few tags in hover text.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

import analysis

UNKNOWN = "unclassified"
SUBJECT_LABELS = {"human": "Human", "animal": "Animal", "in_vitro": "In vitro", None: "Not stated"}


def study_types() -> list[str]:
    """Study types in evidence order: systematic reviews and RCTs first."""
    return list(getattr(analysis, "STUDY_TYPES", ())) + [UNKNOWN]


def type_label(code) -> str:
    """A study type's human name."""
    labels = getattr(analysis, "STUDY_TYPE_LABELS", {})
    if code is None or (isinstance(code, float) and code != code) or code == UNKNOWN:
        return "Unclassified"
    return labels.get(code, str(code))


def theme_label(slug: str) -> str:
    """A theme's human name."""
    return getattr(analysis, "THEMES", {}).get(slug, str(slug).replace("_", " ").capitalize())


def type_colors() -> dict[str, str]:
    """One fixed colour per study type label, the same on every chart."""
    palette = px.colors.qualitative.Safe + px.colors.qualitative.Pastel
    return {type_label(c): palette[i % len(palette)] for i, c in enumerate(study_types())}


def with_type_labels(df: pd.DataFrame, column: str = "study_type") -> pd.DataFrame:
    """Add a 'design' column with study type labels, ordered by evidence level."""
    out = df.copy()
    out[column] = out[column].where(out[column].notna(), UNKNOWN)
    out["design"] = out[column].map(type_label)
    return out


def design_order() -> list[str]:
    """Labels in evidence order, for category_orders."""
    return [type_label(c) for c in study_types()]


def empty_figure(message: str) -> go.Figure:
    """A blank figure that says why it is blank."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_layout(xaxis_visible=False, yaxis_visible=False, height=250)
    return fig


def year_type_bar(df: pd.DataFrame) -> go.Figure:
    """Records per year, stacked by study type (df: year, study_type, n)."""
    df = df[df["year"].notna()] if len(df) else df
    if df.empty:
        return empty_figure("No records with a publication year in this selection")
    df = with_type_labels(df)
    fig = px.bar(
        df, x="year", y="n", color="design", color_discrete_map=type_colors(),
        category_orders={"design": design_order()},
        labels={"n": "Records", "year": "Publication year", "design": "Study type"},
    )  # fmt: skip
    fig.update_layout(barmode="stack", legend_title_text="Study type", bargap=0.1)
    return fig


def topic_bar(df: pd.DataFrame, labels: dict[str, str] | None = None) -> go.Figure:
    """Records per topic (df: topic, n)."""
    if df.empty:
        return empty_figure("No records in this selection")
    df = df.assign(label=df["topic"].map(lambda t: (labels or {}).get(t, t)))
    fig = px.bar(df, x="n", y="label", orientation="h", labels={"n": "Records", "label": ""},
                 text="n")  # fmt: skip
    fig.update_layout(height=120 + 40 * len(df), yaxis={"categoryorder": "total ascending"})
    return fig


def topic_type_bar(df: pd.DataFrame, labels: dict[str, str] | None = None) -> go.Figure:
    """Study type distribution per topic, as shares (df: topic, study_type, n)."""
    if df.empty:
        return empty_figure("No records in this selection")
    df = with_type_labels(df).assign(label=df["topic"].map(lambda t: (labels or {}).get(t, t)))
    df["share"] = df["n"] / df.groupby("topic")["n"].transform("sum")
    fig = px.bar(
        df, x="share", y="label", color="design", orientation="h", custom_data=["n"],
        color_discrete_map=type_colors(), category_orders={"design": design_order()},
        labels={"share": "Share of the topic's records", "label": "", "design": "Study type"},
    )  # fmt: skip
    fig.update_traces(hovertemplate="%{fullData.name}: %{customdata[0]} records (%{x:.0%})")
    fig.update_layout(
        barmode="stack", xaxis_tickformat=".0%", height=160 + 50 * df["topic"].nunique()
    )
    return fig


def type_trend(df: pd.DataFrame) -> go.Figure:
    """Share of each study type per year (df: year, study_type, n)."""
    df = df[df["year"].notna()] if len(df) else df
    if df.empty:
        return empty_figure("No records with a publication year in this selection")
    df = with_type_labels(df)
    df["share"] = df["n"] / df.groupby("year")["n"].transform("sum")
    fig = px.area(
        df.sort_values("year"), x="year", y="share", color="design", custom_data=["n"],
        color_discrete_map=type_colors(), category_orders={"design": design_order()},
        labels={"share": "Share of the year's records", "year": "Publication year",
                "design": "Study type"},
    )  # fmt: skip
    fig.update_traces(hovertemplate="%{x}: %{customdata[0]} records (%{y:.0%})")
    fig.update_layout(yaxis_tickformat=".0%")
    return fig


def evidence_pyramid(df: pd.DataFrame) -> go.Figure:
    """Records per design as a pyramid, strongest evidence on top (df: study_type, n)."""
    if df.empty:
        return empty_figure("No records in this selection")
    counts = with_type_labels(df).groupby("design", as_index=False)["n"].sum()
    order = [d for d in design_order() if d in set(counts["design"])]
    counts = counts.set_index("design").loc[order].reset_index()
    fig = go.Figure(
        go.Funnel(
            y=counts["design"],
            x=counts["n"],
            textinfo="value",
            marker={"color": [type_colors()[d] for d in counts["design"]]},
        )  # fmt: skip
    )
    fig.update_layout(height=140 + 36 * len(counts), yaxis_title=None)
    return fig


def human_share(df: pd.DataFrame) -> go.Figure:
    """Records per year by subjects, showing the human share (df: year, subjects, n)."""
    df = df[df["year"].notna()] if len(df) else df
    if df.empty:
        return empty_figure("No records with a publication year in this selection")
    df = df.assign(who=df["subjects"].map(lambda s: SUBJECT_LABELS.get(s, str(s))))
    fig = px.bar(
        df, x="year", y="n", color="who", labels={"n": "Records", "year": "Publication year",
                                                  "who": "Subjects"},
        category_orders={"who": list(SUBJECT_LABELS.values())},
    )  # fmt: skip
    fig.update_layout(barmode="stack")
    return fig


def sample_size_strip(df: pd.DataFrame) -> go.Figure:
    """N per study type on a log axis; hover shows title, year, N and PMID.

    df: article_id, pmid, title, year, study_type, sample_size (customdata[0] = article_id).
    """
    df = df[df["sample_size"].fillna(0) > 0] if len(df) else df
    if df.empty:
        return empty_figure("No extracted sample sizes in this selection")
    df = with_type_labels(df)
    df["hover_title"] = df["title"].fillna("").map(lambda t: html.escape(t[:120]))
    df["pmid_text"] = df["pmid"].map(lambda p: "none" if pd.isna(p) else str(int(p)))
    df["year_text"] = df["year"].map(lambda y: "?" if pd.isna(y) else str(int(y)))
    fig = px.strip(
        df, x="design", y="sample_size", color="design", log_y=True,
        custom_data=["article_id", "hover_title", "year_text", "pmid_text"],
        color_discrete_map=type_colors(),
        category_orders={"design": [d for d in design_order() if d in set(df["design"])]},
        labels={"sample_size": "Sample size (N, log scale)", "design": ""},
    )  # fmt: skip
    fig.update_traces(
        hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[2]} · N = %{y:,}"
        "<br>PMID %{customdata[3]}<extra></extra>",
        marker={"size": 7, "opacity": 0.7},
    )
    fig.update_layout(showlegend=False, height=480)
    return fig


def sample_size_box(df: pd.DataFrame) -> go.Figure:
    """Median and IQR per design from sample_size_summary (no raw rows needed)."""
    df = df[df["median"].notna()] if len(df) else df
    if df.empty:
        return empty_figure("No extracted sample sizes in this selection")
    df = with_type_labels(df)
    fig = go.Figure()
    for row in df.itertuples():
        fig.add_trace(
            go.Box(
                name=row.design,
                q1=[row.q1],
                median=[row.median],
                q3=[row.q3],
                lowerfence=[row.min_n],
                upperfence=[row.max_n],
                marker_color=type_colors().get(row.design),
            )  # fmt: skip
        )
    fig.update_layout(yaxis_type="log", yaxis_title="Sample size (N, log scale)", showlegend=False)
    return fig


def gap_map(df: pd.DataFrame) -> go.Figure:
    """Themes × study types; bubble area = records, hollow grey rings mark the gaps."""
    if df.empty:
        return empty_figure("No themes configured")
    df = with_type_labels(df).assign(theme_name=df["theme"].map(theme_label))
    order = [d for d in design_order() if d in set(df["design"])]
    filled, gaps = df[df["n"] > 0], df[df["n"] == 0]
    size_ref = 2.0 * max(filled["n"].max() if len(filled) else 1, 1) / 40**2
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=gaps["design"],
            y=gaps["theme_name"],
            mode="markers",
            name="No records (gap)",
            marker={"size": 10, "symbol": "circle-open", "color": "#adb5bd"},
            hovertemplate="%{y} × %{x}: no records<extra></extra>",
        )  # fmt: skip
    )
    fig.add_trace(
        go.Scatter(
            x=filled["design"],
            y=filled["theme_name"],
            mode="markers",
            name="Records",
            text=filled["n"],
            marker={
                "size": filled["n"],
                "sizemode": "area",
                "sizeref": size_ref,
                "sizemin": 5,
                "color": "#1c7ed6",
                "opacity": 0.75,
            },
            hovertemplate="%{y} × %{x}: %{text} records<extra></extra>",
        )  # fmt: skip
    )
    fig.update_layout(
        xaxis={"categoryorder": "array", "categoryarray": order, "tickangle": -35},
        yaxis={"categoryorder": "category descending"},
        height=140 + 45 * df["theme"].nunique(), legend_orientation="h", legend_y=1.08,
    )  # fmt: skip
    return fig


def questions_by_theme(df: pd.DataFrame) -> go.Figure:
    """Open-question statements per theme (df: theme, year, statements)."""
    if df.empty:
        return empty_figure("No open-question statements in this selection")
    totals = df.groupby("theme", as_index=False)["statements"].sum()
    totals["theme_name"] = totals["theme"].map(theme_label)
    fig = px.bar(
        totals, x="statements", y="theme_name", orientation="h", text="statements",
        labels={"statements": "Open-question statements", "theme_name": ""},
    )  # fmt: skip
    fig.update_layout(yaxis={"categoryorder": "total ascending"}, height=140 + 35 * len(totals))
    return fig


def questions_over_time(df: pd.DataFrame) -> go.Figure:
    """Open-question statements per year and theme (df: theme, year, statements)."""
    df = df[df["year"].notna()] if len(df) else df
    if df.empty:
        return empty_figure("No dated open-question statements in this selection")
    df = df.assign(theme_name=df["theme"].map(theme_label)).sort_values("year")
    return px.line(
        df, x="year", y="statements", color="theme_name", markers=True,
        labels={"statements": "Statements", "year": "Publication year", "theme_name": "Theme"},
    )  # fmt: skip


def tracked_question_bar(df: pd.DataFrame) -> go.Figure:
    """Evidence per tracked question, stacked by design (df: question, study_type, records)."""
    if df.empty:
        return empty_figure("No evidence found for the tracked questions in this selection")
    df = with_type_labels(df)
    fig = px.bar(
        df, x="records", y="question", color="design", orientation="h",
        color_discrete_map=type_colors(), category_orders={"design": design_order()},
        custom_data=["total_n"],
        labels={"records": "Records", "question": "", "design": "Study type"},
    )  # fmt: skip
    fig.update_traces(hovertemplate="%{fullData.name}: %{x} records, total N %{customdata[0]:,}")
    fig.update_layout(barmode="stack", height=160 + 45 * df["question"].nunique())
    return fig


def trials_status_bar(df: pd.DataFrame) -> go.Figure:
    """Registered trials per status (df: status, n)."""
    if df.empty:
        return empty_figure("No registered trials stored yet")
    df = df.assign(label=df["status"].str.replace("_", " ").str.capitalize())
    fig = px.bar(df, x="n", y="label", orientation="h", text="n",
                 labels={"n": "Trials", "label": "Status"})  # fmt: skip
    fig.update_layout(yaxis={"categoryorder": "total ascending"}, height=140 + 35 * len(df))
    return fig


def fetch_runs_chart(df: pd.DataFrame) -> go.Figure:
    """New and updated records per fetch run (df: id, started_at, status, new, updated)."""
    if df.empty:
        return empty_figure("No fetch runs recorded yet")
    long = df.melt(id_vars=["id", "started_at", "status"], value_vars=["new", "updated"],
                   var_name="kind", value_name="records").fillna({"records": 0})  # fmt: skip
    return px.bar(
        long, x="started_at", y="records", color="kind", hover_data=["id", "status"],
        labels={"started_at": "Run started", "records": "Records", "kind": ""},
    )  # fmt: skip
