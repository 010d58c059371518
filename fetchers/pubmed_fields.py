"""Field extractors for PubMed XML elements: text, identifiers, authors, dates, MeSH, grants.

Each takes an lxml element (or None) and returns plain Python values, so the streaming
parser in `fetchers.pubmed_xml` stays a short loop and each field can be tested alone.
Lookups go through `first_children` and `iterchildren(tag)` rather than find()/iterfind():
they select the same elements, but ElementPath's per-call generators cost more than the
fields themselves when a record needs a hundred of them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from lxml import etree

MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d|21\d\d)\b")
MONTH_TOKEN = re.compile(r"[A-Za-z]+|\d{1,2}\b")
PLAIN_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*(/[A-Za-z_][A-Za-z0-9_-]*)?")
GRANT_FIELDS = (
    ("id", "GrantID"),
    ("acronym", "Acronym"),
    ("agency", "Agency"),
    ("country", "Country"),
)


def text_of(element: etree._Element | None) -> str | None:
    """All text inside an element, inline markup (<i>, <sup>) included, trimmed."""
    if element is None:
        return None
    if len(element):
        text = "".join(element.itertext())
    else:  # no children (the common case): the element's own text is all of it, and cheaper
        text = element.text
        if not text:
            return None
    # split() and strip() use the same whitespace as the regex \s, so this equals
    # re.sub(r"\s+", " ", text.strip()) for every character, at a fraction of the cost.
    return " ".join(text.split()) or None


def first_children(element: etree._Element) -> dict:
    """Each child tag's first element, from one pass (find() rescans for every field)."""
    return {child.tag: child for child in reversed(element)}  # reversed: the first one wins


def iter_path(parent: etree._Element, path: str) -> Iterator[etree._Element]:
    """The elements iterfind(path) yields, in its order, for a plain "A" or "A/B" path."""
    steps = path_steps(path)
    if steps is None:
        return parent.iterfind(path)
    first, second = steps
    if second is None:
        return parent.iterchildren(first)
    return (node for outer in parent.iterchildren(first) for node in outer.iterchildren(second))


@functools.lru_cache(maxsize=64)
def path_steps(path: str) -> tuple[str, str | None] | None:
    """A plain "A" or "A/B" path's tags; None for anything ElementPath must interpret."""
    if PLAIN_PATH.fullmatch(path) is None:
        return None
    first, _, second = path.partition("/")
    return first, second or None


def texts(parent: etree._Element | None, path: str) -> list[str]:
    """Non-empty texts of every element at `path`."""
    if parent is None:
        return []
    return [t for t in map(text_of, iter_path(parent, path)) if t]


def article_ids(data: etree._Element | None) -> dict[str, str]:
    """The record's own identifiers (not those of its references)."""
    if data is None:
        return {}
    found = {}
    for node in iter_path(data, "ArticleIdList/ArticleId"):
        kind, value = (node.get("IdType") or "").lower(), text_of(node)
        if value and kind not in found:
            found[kind] = value
    return found


def first_doi(article: etree._Element | None) -> str | None:
    """A DOI from ELocationID when PubmedData lists none."""
    if article is None:
        return None
    for node in article.iterchildren("ELocationID"):
        if node.get("EIdType") == "doi" and node.get("ValidYN", "Y") == "Y":
            return text_of(node)
    return None


def registry_ids(article: etree._Element | None, bank: str = "ClinicalTrials.gov") -> list[str]:
    """Accession numbers the record's DataBankList gives for one registry (NCT numbers)."""
    if article is None:
        return []
    found = []
    for node in iter_path(article, "DataBankList/DataBank"):
        if (text_of(node.find("DataBankName")) or "").lower() == bank.lower():
            found += [n.strip().upper() for n in texts(node, "AccessionNumberList/AccessionNumber")]
    return list(dict.fromkeys(found))


def abstract_sections(abstract: etree._Element | None) -> list[dict]:
    """Abstract paragraphs with their labels, as structured abstracts print them."""
    if abstract is None:
        return []
    sections = []
    for node in abstract.iterchildren("AbstractText"):
        body = text_of(node)
        if body:
            sections.append(
                {"label": node.get("Label"), "category": node.get("NlmCategory"), "text": body}
            )
    return sections


def join_sections(sections: list[dict]) -> str | None:
    """The abstract as one text, each labelled section on its own line."""
    if not sections:
        return None
    lines = [f"{s['label']}: {s['text']}" if s.get("label") else s["text"] for s in sections]
    return "\n".join(lines)


def parse_authors(author_list: etree._Element | None) -> list[dict] | None:
    """Authors in order, with affiliations and ORCID where given."""
    if author_list is None:
        return None
    authors = [a for a in map(parse_author, author_list.iterchildren("Author")) if a]
    return authors or None


def parse_author(node: etree._Element) -> dict | None:
    """One Author; None when it names no one (no name parts, no collective name)."""
    kids = first_children(node)
    last, fore = text_of(kids.get("LastName")), text_of(kids.get("ForeName"))
    initials, collective = text_of(kids.get("Initials")), text_of(kids.get("CollectiveName"))
    suffix = text_of(kids.get("Suffix"))
    name = collective or " ".join([p for p in (last, initials, suffix) if p])
    if not name:
        return None
    author = {"name": name, "last_name": last, "fore_name": fore, "initials": initials}
    if suffix:
        author["suffix"] = suffix
    if collective:
        author["collective"] = True
    if "AffiliationInfo" in kids:
        affiliations = texts(node, "AffiliationInfo/Affiliation")
        if affiliations:
            author["affiliations"] = affiliations
    if "Identifier" in kids:
        for ident in node.iterchildren("Identifier"):
            if (ident.get("Source") or "").upper() == "ORCID":
                orcid = text_of(ident)
                if orcid:
                    author["orcid"] = orcid
    return author


def parse_pages(pagination: etree._Element | None) -> str | None:
    """MedlinePgn, or StartPage-EndPage."""
    if pagination is None:
        return None
    kids = first_children(pagination)
    pgn = text_of(kids.get("MedlinePgn"))
    if pgn:
        return pgn
    start, end = text_of(kids.get("StartPage")), text_of(kids.get("EndPage"))
    return "-".join([p for p in (start, end) if p]) or None


def parse_pub_date(node: etree._Element | None) -> tuple[str | None, int | None, int | None]:
    """Printed date, year and month from Year/Month/Day, Season or MedlineDate."""
    if node is None:
        return None, None, None
    kids = first_children(node)
    medline = text_of(kids.get("MedlineDate"))
    if medline:
        return medline, *year_month(medline)
    parts = [text_of(kids.get(t)) for t in ("Year", "Season", "Month", "Day")]
    printed = " ".join([p for p in parts if p]) or None
    if printed is None:
        return None, None, None
    year, month = year_month(printed)
    return printed, year, month


def year_month(text: str) -> tuple[int | None, int | None]:
    """First year and first month (name, number or season) named in a date string."""
    year_match = YEAR.search(text)
    year = int(year_match.group(1)) if year_match else None
    month = None
    rest = text[year_match.end() :] if year_match else text
    for token in MONTH_TOKEN.findall(rest):
        low = token.lower()
        if low[:3] in MONTHS:
            month = MONTHS[low[:3]]
        elif low in SEASONS:
            month = SEASONS[low]
        elif token.isdigit() and 1 <= int(token) <= 12:
            month = int(token)
        if month:
            break
    return year, month


def ymd(node: etree._Element | None) -> str | None:
    """ISO date from a Year/Month/Day element."""
    if node is None:
        return None
    kids = first_children(node)
    year, month, day = (text_of(kids.get(t)) for t in ("Year", "Month", "Day"))
    if not year or not year.isdecimal():
        return None
    month_num = MONTHS.get((month or "")[:3].lower()) or (
        int(month) if month and month.isdecimal() else 1
    )
    day_num = int(day) if day and day.isdecimal() else 1
    return f"{int(year):04d}-{month_num:02d}-{day_num:02d}"


def history_date(data: etree._Element | None, status: str) -> str | None:
    """The date of one PubMedPubDate status (entrez: when PubMed listed the record)."""
    if data is None:
        return None
    for node in iter_path(data, "History/PubMedPubDate"):
        if node.get("PubStatus") == status:
            return ymd(node)
    return None


def parse_mesh(mesh_list: etree._Element | None) -> list[dict] | None:
    """MeSH headings with their qualifiers and major-topic flags."""
    if mesh_list is None:
        return None
    headings = []
    for heading in mesh_list.iterchildren("MeshHeading"):
        descriptor, qualifiers = None, []
        for child in heading:  # one pass: the first DescriptorName, every QualifierName
            tag = child.tag
            if tag == "QualifierName":
                name = text_of(child)
                if name:
                    qualifiers.append({"name": name, "major": child.get("MajorTopicYN") == "Y"})
            elif tag == "DescriptorName" and descriptor is None:
                descriptor = child
        text = text_of(descriptor)
        if not text:
            continue
        headings.append(
            {
                "descriptor": text,
                "ui": descriptor.get("UI"),
                "major": descriptor.get("MajorTopicYN") == "Y",
                "qualifiers": qualifiers,
            }
        )
    return headings or None


def parse_grants(grant_list: etree._Element | None) -> list[dict] | None:
    """Funding: grant id, acronym, agency, country."""
    if grant_list is None:
        return None
    grants = []
    for grant in grant_list.iterchildren("Grant"):
        kids = first_children(grant)
        item = {key: text_of(kids.get(tag)) for key, tag in GRANT_FIELDS}
        if any(item.values()):
            grants.append({k: v for k, v in item.items() if v})
    return grants or None


def parse_relations(comments: etree._Element | None) -> list[dict] | None:
    """CommentsCorrections: retraction, erratum, concern, update and comment links, as
    {ref_type, pmid, ref_source} (pmid None when PubMed names only the citation)."""
    if comments is None:
        return None
    found = []
    for node in comments.iterchildren("CommentsCorrections"):
        kids = first_children(node)
        pmid = text_of(kids.get("PMID"))
        found.append(
            {
                "ref_type": node.get("RefType"),
                "pmid": int(pmid) if pmid and pmid.isascii() and pmid.isdigit() else None,
                "ref_source": text_of(kids.get("RefSource")),
            }
        )
    return [r for r in found if r["ref_type"]] or None
