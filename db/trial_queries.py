"""Reads of the trial links (``db.trial_links``): a record's registrations, a trial's papers,
and the publication gap (completed trials with neither a linked paper nor posted results).

Re-exported by ``db.queries``, so the dashboard's ``q("publication_gaps", topics)`` and
notebooks reach them the same way as every other read.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from db.aggregates import trials_clause
from db.facts import DbLike, frame

__all__ = ["gap_summary", "publication_gaps", "record_trials", "trial_papers", "trials_with_papers"]


def record_trials(db: DbLike, pmid: int | None) -> pd.DataFrame:
    """The registrations one record is linked to, with how each link was found."""
    sql = (
        "SELECT l.nct_id, group_concat(l.source, ', ') AS found_by, t.title, t.status, "
        "t.completion_date, t.has_results, "
        "coalesce(t.url, 'https://clinicaltrials.gov/study/' || l.nct_id) AS url "
        "FROM article_trials l LEFT JOIN trials t ON t.nct_id = l.nct_id "
        "WHERE l.pmid = ? GROUP BY l.nct_id ORDER BY l.nct_id"
    )
    return frame(db, sql, [int(pmid) if pmid else 0])


def trial_papers(db: DbLike, topics: Iterable[str] | None = None) -> pd.DataFrame:
    """Each stored trial's linked papers: PMID, title when stored, and how the link was found."""
    body, params = trials_clause(topics)
    sql = (
        "SELECT l.nct_id, l.pmid, r.title, r.year, group_concat(l.source, ', ') AS found_by "
        "FROM article_trials l LEFT JOIN records r ON r.pmid = l.pmid "
        f"WHERE l.nct_id IN (SELECT nct_id FROM trials WHERE {body}) "
        "GROUP BY l.nct_id, l.pmid ORDER BY l.nct_id, r.year DESC, l.pmid"
    )
    return frame(db, sql, params)


def trials_with_papers(db: DbLike, topics: Iterable[str] | None = None) -> pd.DataFrame:
    """Stored trials with their linked PMIDs ("papers"), most recently updated first."""
    body, params = trials_clause(topics)
    sql = (
        "SELECT t.nct_id, t.title, t.status, t.phase, t.enrollment, t.sponsor, "
        "t.completion_date, t.has_results, "
        "(SELECT group_concat(DISTINCT l.pmid) FROM article_trials l "
        " WHERE l.nct_id = t.nct_id) AS papers, t.url "
        f"FROM trials t WHERE {body} ORDER BY t.last_update DESC NULLS LAST, t.nct_id"
    )
    return frame(db, sql, params)


def end_of_period(date: str | None) -> str | None:
    """The last possible day of a registry date ("2020-06" → "2020-06-31", as text order)."""
    if not date:
        return None
    return {4: date + "-12-31", 7: date + "-31"}.get(len(date), date)


def publication_gaps(
    db: DbLike, topics: Iterable[str] | None = None, today: str | None = None, months: int = 12
) -> pd.DataFrame:
    """Per topic, completed trials by outcome, months after completion.

    One row per (topic, trial) completed before the cutoff, with `papers` (linked PMIDs),
    `has_results` and `gap` (1: no linked paper, and the registry says no results are
    posted; a trial whose results flag is not known is not counted). A month-only
    completion date counts from the month's end, so no trial is called late too early.
    """
    topics = list(topics or ())
    body = f"tt.topic IN ({','.join('?' * len(topics))})" if topics else "1"
    sql = (
        "SELECT tt.topic, t.nct_id, t.title, t.sponsor, t.enrollment, t.completion_date, "
        "t.has_results, t.url, (SELECT count(DISTINCT l.pmid) FROM article_trials l "
        " WHERE l.nct_id = t.nct_id) AS papers "
        "FROM trials t JOIN trial_topics tt ON tt.nct_id = t.nct_id "
        f"WHERE t.status = 'COMPLETED' AND {body} "
        "ORDER BY tt.topic, t.completion_date, t.nct_id"
    )
    rows = frame(db, sql, topics)
    now = pd.Timestamp(today) if today else pd.Timestamp.now(tz="UTC").tz_localize(None)
    cutoff = (now - pd.DateOffset(months=months)).date().isoformat()
    ends = rows["completion_date"].map(end_of_period)
    rows = rows[ends.notna() & (ends < cutoff)].reset_index(drop=True)
    rows["gap"] = ((rows["papers"] == 0) & (rows["has_results"] == 0)).astype(int)
    return rows


def gap_summary(gaps: pd.DataFrame) -> pd.DataFrame:
    """topic, outcome, n: what became of completed trials (for the chart)."""
    if gaps.empty:
        return pd.DataFrame({"topic": [], "outcome": [], "n": []})
    outcome = pd.Series("no paper, results not known", index=gaps.index)  # stored before m010
    outcome[gaps["has_results"] == 1] = "results posted only"
    outcome[gaps["gap"] == 1] = "no paper, no results"
    outcome[gaps["papers"] > 0] = "linked paper"
    out = gaps.assign(outcome=outcome).groupby(["topic", "outcome"], as_index=False).size()
    return out.rename(columns={"size": "n"})
