"""Records linked to their ClinicalTrials.gov registrations: ``article_trials`` (m010).

A link is (pmid, nct_id, source), one row per way we learned of it:

* ``abstract``: the record's abstract names the NCT number;
* ``databank``: PubMed's ``DataBankList`` (MEDLINE: ``SI``) lists it under ClinicalTrials.gov;
* ``registry``: the registration's ``referencesModule`` lists the PMID as a RESULT or DERIVED
  reference (BACKGROUND references cite earlier work, not the trial's own papers).

Links are rewritten from what each record or study says whenever it is stored, so
re-running a fetch or an import converges on the same rows. Records without a PMID are
not linked (the table is keyed by PMID, as the registry's references are).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlite_utils import Database

from db.schema import migrations

# "NCT01234567", "NCT 01234567", "NCT-01234567": the registry's numbers are NCT + 8 digits.
NCT = re.compile(r"\bNCT[\s-]?(\d{8})\b")
RECORD_SOURCES = ("abstract", "databank")
PAPER_TYPES = {"RESULT", "DERIVED", None}  # a reference without a type is kept


def nct_ids(text: str | None) -> list[str]:
    """The NCT numbers a text names, normalised ("NCT01234567"), in order, once each."""
    return list(dict.fromkeys("NCT" + m for m in NCT.findall(text or "")))


def record_links(record: dict) -> set[tuple[str, str]]:
    """(nct_id, source) pairs a parsed record (or `records` row) names."""
    links = {(n, "abstract") for n in nct_ids(record.get("abstract"))}
    links |= {(n, "databank") for n in record.get("trial_ids") or () if NCT.fullmatch(n)}
    return links


def replace_record_links(db: Database, records: Iterable[dict]) -> None:
    """Rewrite the abstract and databank links of these records (call inside a transaction)."""
    rows, pmids = [], []
    for record in records:
        if not record.get("pmid"):
            continue
        pmids.append(int(record["pmid"]))
        rows += [
            {"pmid": int(record["pmid"]), "nct_id": nct, "source": source}
            for nct, source in sorted(record_links(record))
        ]
    if not pmids:
        return
    marks = ",".join("?" * len(pmids))
    db.execute(
        f"DELETE FROM article_trials WHERE source IN ('abstract', 'databank') "
        f"AND pmid IN ({marks})",
        pmids,
    )
    if rows:
        db["article_trials"].insert_all(rows, pk=("pmid", "nct_id", "source"), ignore=True)


def replace_registry_links(db: Database, papers: dict[str, list[int]]) -> None:
    """Rewrite the registry links of these studies: nct_id → the PMIDs it lists as its papers."""
    if not papers:
        return
    ids = list(papers)
    db.execute(
        f"DELETE FROM article_trials WHERE source = 'registry' "
        f"AND nct_id IN ({','.join('?' * len(ids))})",
        ids,
    )
    rows = [
        {"pmid": pmid, "nct_id": nct, "source": "registry"}
        for nct, pmids in papers.items()
        for pmid in pmids
    ]
    if rows:
        db["article_trials"].insert_all(rows, pk=("pmid", "nct_id", "source"), ignore=True)


@migrations()
def m010_article_trials(db: Database) -> None:
    """Create article_trials and trials.has_results, and link stored abstracts that name NCTs."""
    db["article_trials"].create(
        {"pmid": int, "nct_id": str, "source": str},
        pk=("pmid", "nct_id", "source"),
        not_null={"pmid", "nct_id", "source"},
        if_not_exists=True,
    )
    db["article_trials"].create_index(["nct_id"], if_not_exists=True)
    if "has_results" not in db["trials"].columns_dict:
        db["trials"].add_column("has_results", int)
    stored = db.execute(
        "SELECT pmid, abstract FROM records WHERE pmid IS NOT NULL AND abstract LIKE '%NCT%'"
    ).fetchall()
    replace_record_links(db, [{"pmid": p, "abstract": a} for p, a in stored])
