"""ClinicalTrials.gov API v2 studies as `trials` rows: parsing, the content hash, storing.

`fetchers.clinicaltrials` walks the API's pages and hands each page to `store_trials`;
`parse_study` and `store_trials` can be imported from there too.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlite_utils import Database

from db.store import now_iso, write_transaction
from db.trial_links import PAPER_TYPES, replace_registry_links

STUDY_URL = "https://clinicaltrials.gov/study/{}"
MODULES = (
    "identificationModule statusModule sponsorCollaboratorsModule conditionsModule designModule "
    "armsInterventionsModule referencesModule"
).split()
# Only what parse_study and study_papers read.
FIELDS = ",".join([*(f"protocolSection.{m}" for m in MODULES), "hasResults"])
# Columns parse_study fills; the content hash covers exactly these.
TRIAL_COLUMNS = (
    "nct_id title official_title status phase study_type enrollment enrollment_type "
    "conditions interventions sponsor start_date completion_date last_update url has_results"
).split()


# --- parsing -----------------------------------------------------------------------------


def section(parent: Any, key: str) -> dict:
    """A nested object, or {} when the record lacks it or holds something else there."""
    value = parent.get(key) if isinstance(parent, dict) else None
    return value if isinstance(value, dict) else {}


def text(value: Any) -> str | None:
    """A non-empty string, else None."""
    return value if isinstance(value, str) and value.strip() else None


def strings(value: Any) -> list[str]:
    """The non-empty strings of a list (anything else: none)."""
    return [v for v in value if text(v)] if isinstance(value, list) else []


def parse_study(study: dict) -> dict:
    """One API v2 study as a `trials` row; absent modules and fields stay None.

    `phase` joins the API's phase codes with "/" ("PHASE2/PHASE3"); `conditions` is a
    JSON list of names and `interventions` a JSON list of {type, name}. No content
    hash or timestamps: storing adds those.
    """
    protocol = section(study, "protocolSection")
    ident = section(protocol, "identificationModule")
    status = section(protocol, "statusModule")
    design = section(protocol, "designModule")
    enrollment = section(design, "enrollmentInfo")
    count = enrollment.get("count")
    conditions = strings(section(protocol, "conditionsModule").get("conditions"))
    interventions = [
        {"type": text(i.get("type")), "name": text(i.get("name"))}
        for i in section(protocol, "armsInterventionsModule").get("interventions") or []
        if isinstance(i, dict) and (text(i.get("name")) or text(i.get("type")))
    ]
    nct_id = text(ident.get("nctId"))
    nct_id = nct_id.strip().upper() if nct_id else None
    phases = strings(design.get("phases"))
    return {
        "nct_id": nct_id,
        "title": text(ident.get("briefTitle")),
        "official_title": text(ident.get("officialTitle")),
        "status": text(status.get("overallStatus")),
        "phase": "/".join(phases) or None,
        "study_type": text(design.get("studyType")),
        "enrollment": count if isinstance(count, int) and not isinstance(count, bool) else None,
        "enrollment_type": text(enrollment.get("type")),
        "conditions": json.dumps(conditions, ensure_ascii=False) if conditions else None,
        "interventions": json.dumps(interventions, ensure_ascii=False) if interventions else None,
        "sponsor": text(
            section(section(protocol, "sponsorCollaboratorsModule"), "leadSponsor").get("name")
        ),
        "start_date": text(section(status, "startDateStruct").get("date")),
        "completion_date": text(section(status, "completionDateStruct").get("date")),
        "last_update": text(section(status, "lastUpdatePostDateStruct").get("date")),
        "url": STUDY_URL.format(nct_id) if nct_id else None,
        "has_results": int(study["hasResults"])
        if isinstance(study.get("hasResults"), bool)
        else None,
    }


def study_papers(study: dict) -> list[int]:
    """PMIDs the registration lists as its own papers (RESULT or DERIVED references)."""
    references = section(section(study, "protocolSection"), "referencesModule").get("references")
    pmids = []
    for ref in references if isinstance(references, list) else []:
        pmid = str(ref.get("pmid") or "").strip() if isinstance(ref, dict) else ""
        if pmid.isascii() and pmid.isdigit() and int(pmid) > 0 and ref.get("type") in PAPER_TYPES:
            pmids.append(int(pmid))
    return list(dict.fromkeys(pmids))


def trial_hash(row: dict) -> str:
    """Fingerprint of what the registry says about a study, to tell a revision from a repeat."""
    blob = json.dumps({k: row.get(k) for k in TRIAL_COLUMNS}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


# --- storing -----------------------------------------------------------------------------


def store_trials(
    db: Database, rows: list[dict], topic: str, papers: dict[str, list[int]] | None = None
) -> tuple[int, int, int]:
    """Upsert one page of parsed studies and link them to the topic, in one transaction.

    Returns (new, updated, unchanged). Unchanged rows are not written; changed rows keep
    their first_seen; a study already linked to the topic keeps its link's first_seen.
    `papers` (nct_id → PMIDs of study_papers) replaces those studies' registry links.
    """
    rows = list({r["nct_id"]: r for r in rows}.values())  # a repeated id: the last wins
    if not rows:
        return 0, 0, 0
    stamp = now_iso()
    ids = [r["nct_id"] for r in rows]
    marks = ",".join("?" * len(ids))
    new, changed, unchanged = [], [], 0
    with write_transaction(db):
        known = dict(
            db.execute(f"SELECT nct_id, content_hash FROM trials WHERE nct_id IN ({marks})", ids)
        )
        for row in rows:
            digest = trial_hash(row)
            if known.get(row["nct_id"]) == digest:
                unchanged += 1
                continue
            full = dict(row, content_hash=digest, updated_at=stamp)
            if row["nct_id"] in known:
                changed.append(full)
            else:
                new.append(dict(full, first_seen=stamp))
        if new:
            db["trials"].insert_all(new, pk="nct_id")
        if changed:
            db["trials"].upsert_all(changed, pk="nct_id")
        db["trial_topics"].insert_all(
            [{"nct_id": i, "topic": topic, "first_seen": stamp} for i in ids],
            pk=("nct_id", "topic"),
            ignore=True,
        )
        replace_registry_links(db, papers or {})
    return len(new), len(changed), unchanged


def store_studies(db: Database, studies: list, topic: str) -> tuple[int, int, int, int]:
    """Parse API v2 studies and store them with their registry links: (new, updated,
    unchanged, skipped); a study without an NCT ID cannot be stored and is skipped."""
    studies = [s for s in studies if isinstance(s, dict)]
    rows = [parse_study(s) for s in studies]
    papers = {r["nct_id"]: study_papers(s) for r, s in zip(rows, studies, strict=True)}
    good = [r for r in rows if r["nct_id"]]
    papers.pop(None, None)
    new, updated, unchanged = store_trials(db, good, topic, papers)
    return new, updated, unchanged, len(rows) - len(good)
