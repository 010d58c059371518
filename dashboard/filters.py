"""The sidebar's global filters, kept in the URL query string so a view can be shared.

URL form: ?topic=prolactin&topic=withdrawal&from=2010&to=2024&type=rct&subject=human&relevant=0
(repeat a key for several values; `relevant=0` turns the relevance filter off,
`retracted=1` counts retracted records too).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from dashboard.charts import SUBJECT_LABELS, study_types, type_label
from db.queries import SUBJECTS, Filters

KEYS = {"topics": "f_topics", "years": "f_years", "types": "f_types", "subjects": "f_subjects",
        "relevant": "f_relevant", "retracted": "f_retracted"}  # fmt: skip
URL_KEYS = ("topic", "from", "to", "type", "subject", "relevant", "retracted")


def to_int(text: str | None) -> int | None:
    """An integer from a URL value, or None."""
    try:
        return int(str(text).strip())
    except (TypeError, ValueError):
        return None


def filters_from_params(params: Mapping[str, Sequence[str]], options: dict) -> Filters:
    """Filters from URL values ({key: [values]}); unknown or malformed values are dropped."""
    types = set(study_types()[:-1])
    low, high = options.get("year_min"), options.get("year_max")
    year_min, year_max = to_int(first(params, "from")), to_int(first(params, "to"))
    if low is not None and high is not None:
        year_min = None if year_min is None else min(max(year_min, low), high)
        year_max = None if year_max is None else min(max(year_max, low), high)
        if year_min is not None and year_max is not None and year_min > year_max:
            year_min, year_max = year_max, year_min
        year_min = None if year_min == low else year_min
        year_max = None if year_max == high else year_max
    return Filters(
        topics=[t for t in params.get("topic", []) if t in options.get("topics", [])],
        year_min=year_min,
        year_max=year_max,
        study_types=[t for t in params.get("type", []) if t in types],
        subjects=[s for s in params.get("subject", []) if s in SUBJECTS],
        relevant_only=first(params, "relevant") != "0",
        include_retracted=first(params, "retracted") == "1",
    )


def params_from_filters(filters: Filters) -> dict[str, list[str]]:
    """URL values for the filters; defaults are left out to keep links short."""
    params = {
        "topic": list(filters.topics),
        "from": [] if filters.year_min is None else [str(filters.year_min)],
        "to": [] if filters.year_max is None else [str(filters.year_max)],
        "type": list(filters.study_types),
        "subject": list(filters.subjects),
        "relevant": [] if filters.relevant_only else ["0"],
        "retracted": ["1"] if filters.include_retracted else [],
    }
    return {k: v for k, v in params.items() if v}


def first(params: Mapping[str, Sequence[str]], key: str) -> str | None:
    """The first value of a URL key."""
    values = params.get(key) or []
    return values[0] if values else None


def url_params() -> dict[str, list[str]]:
    """The current query string as {key: [values]}."""
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def init_state(filters: Filters, options: dict) -> None:
    """Seed the sidebar widgets from the URL on a session's first run."""
    state = st.session_state
    low, high = options.get("year_min"), options.get("year_max")
    state.setdefault(KEYS["topics"], list(filters.topics))
    state.setdefault(KEYS["types"], list(filters.study_types))
    state.setdefault(KEYS["subjects"], list(filters.subjects))
    state.setdefault(KEYS["relevant"], filters.relevant_only)
    state.setdefault(KEYS["retracted"], filters.include_retracted)
    if low is not None and high is not None and low < high:
        years = state.get(KEYS["years"])
        if not years or not (low <= years[0] <= years[1] <= high):
            state[KEYS["years"]] = (filters.year_min or low, filters.year_max or high)
    for key, allowed in ((KEYS["topics"], options.get("topics", [])),
                         (KEYS["types"], study_types()[:-1]), (KEYS["subjects"], SUBJECTS)):  # fmt: skip
        state[key] = [v for v in state[key] if v in allowed]


def sidebar(options: dict, labels: dict[str, str]) -> Filters:
    """Draw the global filters and return them; the URL follows every change."""
    init_state(filters_from_params(url_params(), options), options)
    bar = st.sidebar
    bar.header("Filters")
    bar.multiselect(
        "Topics", options.get("topics", []), key=KEYS["topics"],
        format_func=lambda t: labels.get(t, t), placeholder="All topics",
    )  # fmt: skip
    low, high = options.get("year_min"), options.get("year_max")
    year_min = year_max = None
    if low is not None and high is not None and low < high:
        chosen = bar.slider("Publication years", int(low), int(high), key=KEYS["years"])
        year_min = None if chosen[0] == low else chosen[0]
        year_max = None if chosen[1] == high else chosen[1]
    bar.multiselect("Study types", study_types()[:-1], key=KEYS["types"], format_func=type_label,
                    placeholder="All study types")  # fmt: skip
    bar.multiselect("Subjects", list(SUBJECTS), key=KEYS["subjects"],
                    format_func=lambda s: SUBJECT_LABELS.get(s, s), placeholder="All subjects")  # fmt: skip
    bar.toggle(
        "Relevant records only", key=KEYS["relevant"],
        help="Hide records scored below the relevance threshold for the selected topics, "
        "and records a researcher marked off-topic.",
    )  # fmt: skip
    bar.toggle(
        "Include retracted", key=KEYS["retracted"],
        help="Retracted records are left out of every count, chart and export unless this is "
        "on. Records PubMed deleted are never counted.",
    )  # fmt: skip
    state = st.session_state
    filters = Filters(
        topics=state[KEYS["topics"]], year_min=year_min, year_max=year_max,
        study_types=state[KEYS["types"]], subjects=state[KEYS["subjects"]],
        relevant_only=state[KEYS["relevant"]], include_retracted=state[KEYS["retracted"]],
    )  # fmt: skip
    sync_url(filters)
    return filters


def sync_url(filters: Filters) -> None:
    """Write the filters into the query string, leaving page-specific keys alone."""
    wanted = params_from_filters(filters)
    for key in URL_KEYS:
        values = wanted.get(key, [])
        if st.query_params.get_all(key) != values:
            if values:
                st.query_params[key] = values
            else:
                del st.query_params[key]
