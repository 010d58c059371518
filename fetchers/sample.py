"""Build the bundled sample: real open-access records written as PubMed XML, one file per topic.

Source: ``../shared/data/sample_open_access.jsonl`` (records whose abstracts carry CC BY
or public-domain licences). Nothing is invented: a field the source lacks is left out
of the XML. Each record keeps its licence (``<OtherID Source="license">``, with the
licence statement as ``<CopyrightInformation>``) and its source page
(``<OtherID Source="source_url">``). Records without a PMID carry no ``<PMID>``; the
importer keys them by PMCID or DOI. Author names, given whole in the source, are split
into LastName, ForeName, Initials and Suffix by ``nameparser`` (see :func:`split_name`).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from lxml import etree
from nameparser import HumanName

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample"
SHARED_SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "sample_open_access.jsonl"


def sub(parent: etree._Element, tag: str, text: object = None, **attrs: str) -> etree._Element:
    """Append a child element; lxml escapes the text, so titles can't inject markup."""
    node = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        node.text = str(text)
    return node


def mesh_heading(parent: etree._Element, term: str) -> None:
    """'Liver / drug effects*' → DescriptorName + QualifierName with major-topic flags."""
    parts = [p.strip() for p in term.split("/")]
    heading = sub(parent, "MeshHeading")
    for i, part in enumerate(parts):
        major = "Y" if part.endswith("*") else "N"
        sub(
            heading,
            "DescriptorName" if i == 0 else "QualifierName",
            part.rstrip("*").strip(),
            MajorTopicYN=major,
        )


# "Collins DP": a name already in PubMed's (Vancouver) order, family name then initials.
VANCOUVER = re.compile(r"(?P<last>.+) (?P<initials>[A-Z]{1,3})")


def initials_of(given: str) -> str:
    """PubMed's Initials of given names: 'Joseph V.' → 'JV', 'Jih-Heng' → 'JH'."""
    return "".join(part[0].upper() for part in re.split(r"[\s.\-]+", given) if part)


def split_name(name: str, vancouver: bool = False) -> dict[str, str]:
    """PubMed's Author fields of one whole name: LastName, ForeName, Initials, Suffix.

    nameparser splits "Joseph V. Pergolizzi, Jr" into family name, given names and suffix;
    a title it recognises ("Md." for Muhammad) stays part of the given names, so no word
    is lost. With `vancouver` the name is "Family INITIALS" and is split as such.
    """
    match = VANCOUVER.fullmatch(name.strip()) if vancouver else None
    if match:
        return {"LastName": match["last"], "Initials": match["initials"]}
    parsed = HumanName(name)
    if not parsed.last:  # one word: nothing to split
        return {"LastName": name.strip()}
    given = " ".join(p for p in (parsed.title, parsed.first, parsed.middle) if p)
    parts = {"LastName": parsed.last, "ForeName": given, "Initials": initials_of(given),
             "Suffix": parsed.suffix}  # fmt: skip
    return {tag: text for tag, text in parts.items() if text}


def author_list(parent: etree._Element, names: list[str]) -> None:
    """AuthorList with each name split; a list written wholly as "Family INITIALS" keeps
    that reading (nameparser would take "Martin G" for given name Martin)."""
    vancouver = all(VANCOUVER.fullmatch(n.strip()) for n in names)
    authors = sub(parent, "AuthorList", CompleteYN="Y")
    for name in names:
        author = sub(authors, "Author", ValidYN="Y")
        for tag, text in split_name(name, vancouver).items():
            sub(author, tag, text)


def article_element(rec: dict) -> etree._Element:
    """One PubmedArticle from one open-access record."""
    root = etree.Element("PubmedArticle")
    citation = sub(root, "MedlineCitation", Status="Publisher", Owner="NLM")
    if rec.get("pmid"):
        sub(citation, "PMID", rec["pmid"], Version="1")
    article = sub(citation, "Article", PubModel="Print")
    journal = sub(article, "Journal")
    issue = sub(journal, "JournalIssue", CitedMedium="Internet")
    pub_date = sub(issue, "PubDate")
    if rec.get("year"):
        sub(pub_date, "Year", rec["year"])
    if rec.get("journal"):
        sub(journal, "Title", rec["journal"])
    sub(article, "ArticleTitle", rec["title"])
    if rec.get("doi"):
        sub(article, "ELocationID", rec["doi"], EIdType="doi", ValidYN="Y")
    if rec.get("abstract"):
        abstract = sub(article, "Abstract")
        sub(abstract, "AbstractText", rec["abstract"])
        if rec.get("license_evidence"):
            sub(abstract, "CopyrightInformation", rec["license_evidence"])
    if rec.get("authors"):
        author_list(article, rec["authors"])
    if rec.get("publication_types"):
        types = sub(article, "PublicationTypeList")
        for value in rec["publication_types"]:
            sub(types, "PublicationType", value)
    sub(citation, "OtherID", rec["license"], Source="license")
    sub(citation, "OtherID", rec["source_url"], Source="source_url")
    if rec.get("mesh_terms"):
        mesh = sub(citation, "MeshHeadingList")
        for term in rec["mesh_terms"]:
            mesh_heading(mesh, term)
    if rec.get("keywords"):
        keywords = sub(citation, "KeywordList", Owner="NOTNLM")
        for word in rec["keywords"]:
            sub(keywords, "Keyword", word, MajorTopicYN="N")
    data = sub(root, "PubmedData")
    ids = sub(data, "ArticleIdList")
    for kind, key in (("pubmed", "pmid"), ("doi", "doi"), ("pmc", "pmcid")):
        if rec.get(key):
            sub(ids, "ArticleId", rec[key], IdType=kind)
    return root


def build_sample(source: Path = SHARED_SAMPLE, out_dir: Path = SAMPLE_DIR) -> dict[str, int]:
    """Write data/sample/<topic>.xml from the open-access JSONL; returns records per topic."""
    by_topic: dict[str, list[dict]] = defaultdict(list)
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                rec = json.loads(line)
                topics = rec["topic"] if isinstance(rec["topic"], list) else [rec["topic"]]
                for topic in topics:
                    by_topic[topic].append(rec)
    out_dir.mkdir(parents=True, exist_ok=True)
    for topic, recs in sorted(by_topic.items()):
        root = etree.Element("PubmedArticleSet")
        root.append(
            etree.Comment(
                f" Bundled sample, topic {topic}: {len(recs)} real open-access records "
                "(CC BY or public domain) from shared/data/sample_open_access.jsonl; see README. "
            )
        )
        for rec in recs:
            root.append(article_element(rec))
        tree = etree.ElementTree(root)
        tree.write(
            str(out_dir / f"{topic}.xml"),
            encoding="UTF-8",
            xml_declaration=True,
            pretty_print=True,
            doctype="<!DOCTYPE PubmedArticleSet PUBLIC "
            '"-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
            '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">',
        )
    write_attribution(source, out_dir)
    return {topic: len(recs) for topic, recs in by_topic.items()}


TRIALS_NOTE = (
    "",
    "## Registered trials",
    "",
    "`trials/<topic>.json` holds real ClinicalTrials.gov registrations for each topic,",
    "transcribed field by field from pages that republish the registry record; every",
    "study's sources are listed in `trials/README.md`. Registry records are U.S. government",
    "works in the public domain.",
)


def load_sample_trials(db, trials_dir: Path = SAMPLE_DIR / "trials") -> dict[str, int]:
    """Store trials/<topic>.json (API v2 replies) for their topics: {topic: studies}."""
    from fetchers.clinicaltrials_rows import store_studies

    loaded = {}
    for path in sorted(trials_dir.glob("*.json")):
        studies = json.loads(path.read_text(encoding="utf-8"))["studies"]
        store_studies(db, studies, path.stem)
        loaded[path.stem] = len(studies)
    return loaded


def write_attribution(source: Path, out_dir: Path) -> None:
    """ATTRIBUTION.md: every bundled record with its authors, source and licence."""
    lines = [
        "# Bundled sample: attribution",
        "",
        "Real records with openly licensed abstracts, from `shared/data/sample_open_access.jsonl`,",
        "converted to PubMed XML by `python -m fetchers build-sample`. Each abstract is reproduced",
        "under the licence named here; the source is the page the text was read from.",
        "",
        "| record | authors | licence | source |",
        "|---|---|---|---|",
    ]
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            rec = json.loads(line)
            ident = (
                f"PMID {rec['pmid']}"
                if rec.get("pmid")
                else (rec.get("pmcid") or f"doi:{rec.get('doi')}")
            )
            authors = ", ".join(rec.get("authors") or [])
            cells = [
                f"{ident}: {rec['title']} ({rec.get('journal')}, {rec.get('year')})",
                authors,
                rec["license"],
                rec["source_url"],
            ]
            lines.append(
                "| "
                + " | ".join(re.sub(r"\s+", " ", c or "").replace("|", "/") for c in cells)
                + " |"
            )
    lines += TRIALS_NOTE
    (out_dir / "ATTRIBUTION.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
