"""Build the bundled sample: real open-access records written as PubMed XML, one file per topic.

Source: ``../shared/data/sample_open_access.jsonl`` (records whose abstracts carry CC BY
or public-domain licences). Nothing is invented: a field the source lacks is left out
of the XML. Each record keeps its licence (``<OtherID Source="license">``, with the
licence statement as ``<CopyrightInformation>``) and its source page
(``<OtherID Source="source_url">``). Records without a PMID carry no ``<PMID>``; the
importer keys them by PMCID or DOI.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from lxml import etree

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
        authors = sub(article, "AuthorList", CompleteYN="Y")
        for name in rec["authors"]:
            # Names are given whole; splitting them into last and fore names would be a guess.
            sub(sub(authors, "Author", ValidYN="Y"), "LastName", name)
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
    (out_dir / "ATTRIBUTION.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
