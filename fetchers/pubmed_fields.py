"""Field extractors for PubMed XML elements: text, identifiers, authors, dates, MeSH, grants.

Each takes an lxml element (or None) and returns plain Python values, so the streaming
parser in `fetchers.pubmed_xml` stays a short loop and each field can be tested alone.
"""

from __future__ import annotations

import re

from lxml import etree

MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
WHITESPACE = re.compile(r"\s+")


def text_of(element: etree._Element | None) -> str | None:
    """All text inside an element, inline markup (<i>, <sup>) included, trimmed."""
    if element is None:
        return None
    # No children (the common case): the element's own text is all of it, and cheaper.
    text = (element.text or "") if len(element) == 0 else "".join(element.itertext())
    return WHITESPACE.sub(" ", text.strip()) or None


def texts(parent: etree._Element | None, path: str) -> list[str]:
    """Non-empty texts of every element at `path`."""
    if parent is None:
        return []
    return [t for t in (text_of(e) for e in parent.iterfind(path)) if t]


def article_ids(data: etree._Element | None) -> dict[str, str]:
    """The record's own identifiers (not those of its references)."""
    if data is None:
        return {}
    found = {}
    for node in data.iterfind("ArticleIdList/ArticleId"):
        kind, value = (node.get("IdType") or "").lower(), text_of(node)
        if value and kind not in found:
            found[kind] = value
    return found


def first_doi(article: etree._Element | None) -> str | None:
    """A DOI from ELocationID when PubmedData lists none."""
    if article is None:
        return None
    for node in article.iterfind("ELocationID"):
        if node.get("EIdType") == "doi" and node.get("ValidYN", "Y") == "Y":
            return text_of(node)
    return None


def abstract_sections(abstract: etree._Element | None) -> list[dict]:
    """Abstract paragraphs with their labels, as structured abstracts print them."""
    if abstract is None:
        return []
    sections = []
    for node in abstract.iterfind("AbstractText"):
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
    authors = []
    for node in author_list.iterfind("Author"):
        last, fore = text_of(node.find("LastName")), text_of(node.find("ForeName"))
        initials, collective = text_of(node.find("Initials")), text_of(node.find("CollectiveName"))
        suffix = text_of(node.find("Suffix"))
        name = collective or " ".join(p for p in (last, initials, suffix) if p)
        if not name:
            continue
        author = {"name": name, "last_name": last, "fore_name": fore, "initials": initials}
        if collective:
            author["collective"] = True
        affiliations = texts(node, "AffiliationInfo/Affiliation")
        if affiliations:
            author["affiliations"] = affiliations
        for ident in node.iterfind("Identifier"):
            if (ident.get("Source") or "").upper() == "ORCID" and text_of(ident):
                author["orcid"] = text_of(ident)
        authors.append(author)
    return authors or None


def parse_pages(pagination: etree._Element | None) -> str | None:
    """MedlinePgn, or StartPage-EndPage."""
    if pagination is None:
        return None
    pgn = text_of(pagination.find("MedlinePgn"))
    if pgn:
        return pgn
    start, end = text_of(pagination.find("StartPage")), text_of(pagination.find("EndPage"))
    return "-".join(p for p in (start, end) if p) or None


def parse_pub_date(node: etree._Element | None) -> tuple[str | None, int | None, int | None]:
    """Printed date, year and month from Year/Month/Day, Season or MedlineDate."""
    if node is None:
        return None, None, None
    medline = text_of(node.find("MedlineDate"))
    if medline:
        return medline, *year_month(medline)
    parts = [text_of(node.find(t)) for t in ("Year", "Season", "Month", "Day")]
    printed = " ".join(p for p in parts if p) or None
    if printed is None:
        return None, None, None
    year, month = year_month(printed)
    return printed, year, month


def year_month(text: str) -> tuple[int | None, int | None]:
    """First year and first month (name, number or season) named in a date string."""
    year_match = re.search(r"\b(1[89]\d\d|20\d\d|21\d\d)\b", text)
    year = int(year_match.group(1)) if year_match else None
    month = None
    rest = text[year_match.end() :] if year_match else text
    for token in re.findall(r"[A-Za-z]+|\d{1,2}\b", rest):
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
    year, month, day = (text_of(node.find(t)) for t in ("Year", "Month", "Day"))
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
    for node in data.iterfind("History/PubMedPubDate"):
        if node.get("PubStatus") == status:
            return ymd(node)
    return None


def parse_mesh(mesh_list: etree._Element | None) -> list[dict] | None:
    """MeSH headings with their qualifiers and major-topic flags."""
    if mesh_list is None:
        return None
    headings = []
    for heading in mesh_list.iterfind("MeshHeading"):
        descriptor = heading.find("DescriptorName")
        if descriptor is None or not text_of(descriptor):
            continue
        headings.append(
            {
                "descriptor": text_of(descriptor),
                "ui": descriptor.get("UI"),
                "major": descriptor.get("MajorTopicYN") == "Y",
                "qualifiers": [
                    {"name": text_of(q), "major": q.get("MajorTopicYN") == "Y"}
                    for q in heading.iterfind("QualifierName")
                    if text_of(q)
                ],
            }
        )
    return headings or None


def parse_grants(grant_list: etree._Element | None) -> list[dict] | None:
    """Funding: grant id, acronym, agency, country."""
    if grant_list is None:
        return None
    grants = []
    for grant in grant_list.iterfind("Grant"):
        item = {
            key: text_of(grant.find(tag))
            for key, tag in (
                ("id", "GrantID"),
                ("acronym", "Acronym"),
                ("agency", "Agency"),
                ("country", "Country"),
            )
        }
        if any(item.values()):
            grants.append({k: v for k, v in item.items() if v})
    return grants or None
