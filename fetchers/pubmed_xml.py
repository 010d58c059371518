"""Streaming parser for PubMed XML (efetch replies and PubMed's "Save as XML" files).

lxml's iterparse reads one ``PubmedArticle`` at a time and frees it, so a file of any
size parses in bounded memory. Entities are never expanded beyond XML's own five and
no DTD is fetched, so an entity bomb or an external entity cannot blow up or leak.
Size policy: a file or reply may hold any number of records, but one text node may not
pass 10 MB (libxml2 without huge_tree) and one record may not pass MAX_RECORD_BYTES,
because a record is built whole in memory before it is parsed.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import re
from collections.abc import Callable, Iterator
from typing import IO

from lxml import etree

ARTICLE_TAGS = ("PubmedArticle", "PubmedBookArticle")
MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
# The largest real PubMed records (thousands of authors and references) are a few MB.
MAX_RECORD_BYTES = 16 * 1024 * 1024
WHITESPACE = re.compile(r"\s+")


class ParseError(ValueError):
    """A reply or file that is not usable PubMed XML; the message says where and why."""


def open_source(source: str | os.PathLike | bytes | IO[bytes]) -> IO[bytes]:
    """A binary stream over a path (plain or .gz), raw bytes, or an open file."""
    if isinstance(source, bytes):
        return io.BytesIO(source)
    if isinstance(source, (str, os.PathLike)):
        handle = open(source, "rb")
        if handle.peek(2)[:2] == b"\x1f\x8b":
            return gzip.GzipFile(fileobj=handle)  # type: ignore[return-value]
        return handle
    return source


class SizeGuard:
    """A read-through stream that refuses to feed the parser one oversized record."""

    def __init__(self, stream: IO[bytes], limit: int = MAX_RECORD_BYTES) -> None:
        self.stream, self.limit = stream, limit
        self.total = self.mark = 0

    def read(self, size: int = -1) -> bytes:
        """Read on, failing once `limit` bytes pass without a record ending."""
        data = self.stream.read(size)
        self.total += len(data)
        if self.total - self.mark > self.limit:
            raise ParseError(
                f"a single record (or the XML before it) is larger than "
                f"{self.limit // 2**20} MB; refusing to load it into memory"
            )
        return data


def iter_articles(
    source: str | os.PathLike | bytes | IO[bytes],
    *,
    on_error: Callable[[str], None] | None = None,
    recover: bool = False,
) -> Iterator[dict]:
    """Yield one parsed record per article; a bad article is reported, not fatal."""
    stream = open_source(source)
    guard = SizeGuard(stream, MAX_RECORD_BYTES)
    context = etree.iterparse(
        guard,
        events=("end",),
        tag=ARTICLE_TAGS,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        recover=recover,
        remove_comments=True,
    )
    seen_root = False
    try:
        for _, element in context:
            seen_root = True
            guard.mark = guard.total
            try:
                yield parse_article(element)
            except ParseError as exc:
                if on_error is None:
                    raise
                on_error(str(exc))
            finally:
                element.clear(keep_tail=False)
                parent = element.getparent()
                if parent is not None:
                    while element.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"malformed or truncated XML: {exc}") from exc
    except (OSError, EOFError) as exc:  # a truncated .gz
        raise ParseError(f"unreadable file: {exc}") from exc
    finally:
        if stream is not source:
            stream.close()
    root = getattr(context, "root", None)
    if not seen_root and root is not None and root.tag not in ("PubmedArticleSet",):
        raise ParseError(f"not PubMed XML: the root element is <{root.tag}>")


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


def parse_article(element: etree._Element) -> dict:
    """Map one PubmedArticle (or PubmedBookArticle) element to a record dict."""
    if element.tag == "PubmedBookArticle":
        return parse_book(element)
    citation = element.find("MedlineCitation")
    if citation is None:
        raise ParseError("a PubmedArticle without MedlineCitation was skipped")
    article = citation.find("Article")
    data = element.find("PubmedData")
    ids = article_ids(data)
    pmid = parse_pmid(text_of(citation.find("PMID")), ids)
    other = {
        (o.get("Source") or "").lower(): text_of(o) for o in citation.iterfind("OtherID")
    }
    journal = article.find("Journal") if article is not None else None
    issue = journal.find("JournalIssue") if journal is not None else None
    pub_date, year, month = parse_pub_date(issue.find("PubDate") if issue is not None else None)
    if year is None and article is not None:
        _, year, month = parse_pub_date(article.find("ArticleDate"))
    title = None
    if article is not None:
        title = text_of(article.find("ArticleTitle")) or text_of(article.find("VernacularTitle"))
    sections = abstract_sections(article.find("Abstract") if article is not None else None)
    doi = ids.get("doi") or first_doi(article)
    record = {
        "pmid": pmid,
        "title": title or "[no title]",
        "abstract": join_sections(sections),
        "abstract_sections": sections or None,
        "authors": parse_authors(article.find("AuthorList") if article is not None else None),
        "journal": text_of(journal.find("Title")) if journal is not None else None,
        "journal_iso": text_of(journal.find("ISOAbbreviation")) if journal is not None else None,
        "volume": text_of(issue.find("Volume")) if issue is not None else None,
        "issue": text_of(issue.find("Issue")) if issue is not None else None,
        "pages": parse_pages(article.find("Pagination") if article is not None else None),
        "pub_date": pub_date,
        "year": year,
        "month": month,
        "entrez_date": history_date(data, "entrez") or history_date(data, "pubmed"),
        "date_revised": ymd(citation.find("DateRevised")),
        "doi": doi,
        "pmcid": ids.get("pmc") or pmc_from_other(other.get("nlm")),
        "languages": texts(article, "Language") or None,
        "publication_types": texts(article, "PublicationTypeList/PublicationType") or None,
        "mesh": parse_mesh(citation.find("MeshHeadingList")),
        "keywords": texts(citation, "KeywordList/Keyword") or None,
        "grants": parse_grants(article.find("GrantList") if article is not None else None),
        "status": citation.get("Status"),
        "publication_status": text_of(data.find("PublicationStatus")) if data is not None else None,
        "copyright": text_of(article.find("Abstract/CopyrightInformation"))
        if article is not None
        else None,
        "license": other.get("license"),
        "source_url": other.get("source_url"),
    }
    record["id"] = record_key(record)
    return record


def parse_book(element: etree._Element) -> dict:
    """Books and chapters (StatPearls, NCBI Bookshelf) carry fewer fields."""
    doc = element.find("BookDocument")
    if doc is None:
        raise ParseError("a PubmedBookArticle without BookDocument was skipped")
    data = element.find("PubmedBookData")
    ids = article_ids(data)
    book = doc.find("Book")
    pub_date, year, month = parse_pub_date(book.find("PubDate") if book is not None else None)
    sections = abstract_sections(doc.find("Abstract"))
    title = text_of(doc.find("ArticleTitle")) or text_of(book.find("BookTitle") if book is not None else None)
    record = {
        "pmid": parse_pmid(text_of(doc.find("PMID")), ids),
        "title": title or "[no title]",
        "abstract": join_sections(sections),
        "abstract_sections": sections or None,
        "authors": parse_authors(doc.find("AuthorList")),
        "journal": text_of(book.find("BookTitle")) if book is not None else None,
        "journal_iso": None,
        "volume": None,
        "issue": None,
        "pages": None,
        "pub_date": pub_date,
        "year": year,
        "month": month,
        "entrez_date": history_date(data, "entrez") or history_date(data, "pubmed"),
        "date_revised": ymd(doc.find("DateRevised")),
        "doi": ids.get("doi"),
        "pmcid": ids.get("pmc"),
        "languages": texts(doc, "Language") or None,
        "publication_types": texts(doc, "PublicationType") or ["Book Chapter"],
        "mesh": None,
        "keywords": texts(doc, "KeywordList/Keyword") or None,
        "grants": parse_grants(doc.find("GrantList")),
        "status": "Book",
        "publication_status": text_of(data.find("PublicationStatus")) if data is not None else None,
        "copyright": text_of(doc.find("Abstract/CopyrightInformation")),
        "license": None,
        "source_url": None,
    }
    record["id"] = record_key(record)
    return record


def pmc_from_other(value: str | None) -> str | None:
    """Older records carry the PMCID only as <OtherID Source="NLM">PMC…</OtherID>."""
    return value.split()[0] if value and value.startswith("PMC") else None


def parse_pmid(text: str | None, ids: dict[str, str]) -> int | None:
    """The PMID as an integer; a non-numeric one makes the record unusable."""
    value = text or ids.get("pubmed")
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()) or int(value) <= 0:
        raise ParseError(f"a record with an invalid PMID {value!r} was skipped")
    return int(value)


def record_key(record: dict) -> int:
    """The storage key: the PMID, or a stable negative number from PMCID, DOI or title."""
    if record["pmid"]:
        return record["pmid"]
    basis = None
    if record.get("pmcid"):
        basis = "pmc:" + record["pmcid"].upper()
    elif record.get("doi"):
        basis = "doi:" + record["doi"].lower()
    elif record.get("title") and record["title"] != "[no title]":
        basis = "title:" + re.sub(r"\W+", " ", record["title"].lower()).strip()
    if basis is None:
        raise ParseError("a record with no PMID, PMCID, DOI or title was skipped")
    return -int(hashlib.sha1(basis.encode("utf-8")).hexdigest()[:12], 16)


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
    rest = text[year_match.end():] if year_match else text
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
    month_num = MONTHS.get((month or "")[:3].lower()) or (int(month) if month and month.isdecimal() else 1)
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
