"""Researchers' decisions as labelled records: what `evaluate --db PATH` scores.

Every record a researcher confirmed or corrected (a ``corrections`` row with a study type
or sample size; ``decision`` says which) is a labelled record, read from the tracker's
public tables with the stdlib alone, read-only (the annotators never import the storage
package). Only labels a researcher decided count:
records whose study type was decided are scored on study type, those whose sample size was
decided on sample size; a correction that left a label to the machine says nothing of it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from . import annotation_input
from .evaluate import evaluate_records

DECISIONS_SQL = """
SELECT r.pmid, r.title, r.abstract, r.publication_types, r.mesh, r.keywords,
       c.study_type, c.sample_size_set, c.sample_size, coalesce(c.decision, 'corrected'),
       c.corrected_by
FROM corrections c JOIN records r ON r.id = c.article_id
WHERE (c.study_type IS NOT NULL OR c.sample_size_set = 1) {who}
ORDER BY r.id
"""


class DecisionsError(ValueError):
    """A database the decisions cannot be read from (missing, not SQLite, too old)."""


def load_decisions(path: str | Path, user: str | None = None) -> list[dict[str, Any]]:
    """Decided records with their text and the labels researchers gave (by `user` only if set)."""
    target = Path(path)
    if not target.is_file():
        raise DecisionsError(f"{target}: no database here")
    conn = sqlite3.connect(target.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        who = "AND c.corrected_by = ?" if user else ""
        rows = conn.execute(DECISIONS_SQL.format(who=who), [user] if user else []).fetchall()
    except sqlite3.Error as exc:
        hint = (
            " (the database predates review decisions: open it once with the dashboard or "
            "`python -m fetchers status` to migrate it)"
            if "no such column: c.decision" in str(exc)
            else ""
        )
        raise DecisionsError(f"{target}: cannot read researchers' decisions: {exc}{hint}") from exc
    finally:
        conn.close()
    records = []
    for pmid, title, abstract, types, mesh, keywords, *labels in rows:
        study_type, size_set, size, decision, who = labels
        fields = {
            "title": title,
            "abstract": abstract,
            "publication_types": types,
            "mesh": mesh,
            "keywords": keywords,
        }  # fmt: skip  (JSON columns: read as lists)
        records.append(
            {
                **annotation_input(fields),
                "pmid": pmid,
                "study_type": study_type,
                "sample_size": size,
                "size_decided": size_set == 1,
                "decision": decision,
                "decided_by": who,
            }
        )
    return records


def evaluate_decisions(records: list[dict[str, Any]]) -> dict[str, Any]:
    """evaluate_records on the decided labels: study-type figures from the records whose type
    was decided, sample-size figures from those whose N was, and each disagreement."""
    typed = evaluate_records([r for r in records if r["study_type"] is not None])
    sized = evaluate_records([r for r in records if r["size_decided"]])
    size_keys = {k: v for k, v in sized.items() if k.startswith("sample_size")}
    misses = [m for m in typed["misses"] if m["field"] == "study_type"]
    misses += [m for m in sized["misses"] if m["field"] == "sample_size"]
    return {
        **typed,
        **size_keys,
        "misses": misses,
        "decisions": {
            "records": len(records),
            "confirmed": sum(r["decision"] == "confirmed" for r in records),
            "corrected": sum(r["decision"] == "corrected" for r in records),
            "study_type_decided": typed["n"],
            "sample_size_decided": sized["n"],
        },
    }


def describe(counts: dict[str, int], path: str | Path, user: str | None) -> str:
    """The report's first lines: whose decisions, how many, and what each figure is over."""
    by = f" by {user}" if user else ""
    return (
        f"researchers' decisions in {path}{by}: {counts['records']} records "
        f"({counts['confirmed']} confirmed, {counts['corrected']} corrected)\n"
        f"study type scored on the {counts['study_type_decided']} records whose type was "
        f"decided; sample size on the {counts['sample_size_decided']} whose N was decided"
    )
