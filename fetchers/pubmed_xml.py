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
from dataclasses import dataclass
from typing import IO, ClassVar

from lxml import etree

from fetchers.pubmed_fields import (  # noqa: F401  (re-exported for importers)
    abstract_sections,
    article_ids,
    first_children,
    first_doi,
    history_date,
    join_sections,
    parse_authors,
    parse_grants,
    parse_mesh,
    parse_pages,
    parse_pub_date,
    parse_relations,
    registry_ids,
    text_of,
    texts,
    year_month,
    ymd,
)

ARTICLE_TAGS = ("PubmedArticle", "PubmedBookArticle")
# The largest real PubMed records (thousands of authors and references) are a few MB.
MAX_RECORD_BYTES = 16 * 1024 * 1024


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


# Re-reads one article that iterparse already checked; entities stay unexpanded as there.
_FRAGMENT_PARSER = etree.XMLParser(
    resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False,
    remove_comments=True,
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ArticleXML:
    """One article's XML, to be mapped to a record where a core is free (an import worker)."""

    xml: bytes
    #: The errors that mean "skip this record, report it" rather than "stop the import".
    rejects: ClassVar[type[Exception]] = ParseError

    def parse(self) -> dict:
        """The record, as iter_articles would have yielded it; ParseError if unusable."""
        try:
            element = etree.fromstring(self.xml, _FRAGMENT_PARSER)
        except etree.XMLSyntaxError as exc:  # pragma: no cover - iterparse read it already
            raise ParseError(f"an unreadable article was skipped: {exc}") from exc
        return parse_article(element)


def declares_entities(element: etree._Element) -> bool:
    """True when the document's DTD declares its own entities (articles then hold references
    only this document can resolve, so they are parsed where the document is read)."""
    dtd = element.getroottree().docinfo.internalDTD
    return dtd is not None and bool(dtd.entities())


def iter_articles(
    source: str | os.PathLike | bytes | IO[bytes],
    *,
    on_error: Callable[[str], None] | None = None,
    recover: bool = False,
    deferred: bool = False,
    on_delete: Callable[[list[int]], None] | None = None,
) -> Iterator[dict | ArticleXML]:
    """Yield one parsed record per article; a bad article is reported, not fatal.

    With `deferred`, yield each article as ArticleXML instead, so a worker process can do
    the mapping; whoever calls its parse() then reports (or raises) its ParseError.
    `on_delete` receives the PMIDs of each <DeleteCitation> (PubMed's update files list the
    records PubMed withdrew there); without it they are skipped.
    """
    stream = open_source(source)
    guard = SizeGuard(stream, MAX_RECORD_BYTES)
    context = etree.iterparse(
        guard,
        events=("end",),
        tag=(*ARTICLE_TAGS, "DeleteCitation"),
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
            if not seen_root:
                deferred = deferred and not declares_entities(element)
            seen_root = True
            guard.mark = guard.total
            try:
                if element.tag == "DeleteCitation":
                    if on_delete is not None:
                        on_delete(deleted_pmids(element))
                elif deferred:
                    yield ArticleXML(etree.tostring(element, with_tail=False))
                else:
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


def deleted_pmids(element: etree._Element) -> list[int]:
    """The PMIDs a <DeleteCitation> withdraws (non-numeric ones are not PMIDs: dropped)."""
    return [int(t) for t in texts(element, "PMID") if t.isascii() and t.isdigit()]


def parse_article(element: etree._Element) -> dict:
    """Map one PubmedArticle (or PubmedBookArticle) element to a record dict."""
    if element.tag == "PubmedBookArticle":
        return parse_book(element)
    top = first_children(element)
    citation = top.get("MedlineCitation")
    if citation is None:
        raise ParseError("a PubmedArticle without MedlineCitation was skipped")
    cited = first_children(citation)
    article = cited.get("Article")
    art = first_children(article) if article is not None else {}
    data = top.get("PubmedData")
    ids = article_ids(data)
    pmid = parse_pmid(text_of(cited.get("PMID")), ids)
    other = {(o.get("Source") or "").lower(): text_of(o) for o in citation.iterchildren("OtherID")}
    journal = art.get("Journal")
    jour = first_children(journal) if journal is not None else {}
    issue = jour.get("JournalIssue")
    iss = first_children(issue) if issue is not None else {}
    pub_date, year, month = parse_pub_date(iss.get("PubDate"))
    if year is None and article is not None:
        _, year, month = parse_pub_date(art.get("ArticleDate"))
    title = text_of(art.get("ArticleTitle")) or text_of(art.get("VernacularTitle"))
    sections = abstract_sections(art.get("Abstract"))
    doi = ids.get("doi") or first_doi(article)
    record = {
        "pmid": pmid,
        "title": title or "[no title]",
        "abstract": join_sections(sections),
        "abstract_sections": sections or None,
        "authors": parse_authors(art.get("AuthorList")),
        "journal": text_of(jour.get("Title")),
        "journal_iso": text_of(jour.get("ISOAbbreviation")),
        "volume": text_of(iss.get("Volume")),
        "issue": text_of(iss.get("Issue")),
        "pages": parse_pages(art.get("Pagination")),
        "pub_date": pub_date,
        "year": year,
        "month": month,
        "entrez_date": history_date(data, "entrez") or history_date(data, "pubmed"),
        "date_revised": ymd(cited.get("DateRevised")),
        "doi": doi,
        "pmcid": ids.get("pmc") or pmc_from_other(other.get("nlm")),
        "languages": texts(article, "Language") or None,
        "publication_types": texts(article, "PublicationTypeList/PublicationType") or None,
        "mesh": parse_mesh(cited.get("MeshHeadingList")),
        "keywords": texts(citation, "KeywordList/Keyword") or None,
        "grants": parse_grants(art.get("GrantList")),
        "status": citation.get("Status"),
        "publication_status": text_of(data.find("PublicationStatus")) if data is not None else None,
        "copyright": text_of(article.find("Abstract/CopyrightInformation"))
        if article is not None
        else None,
        "license": other.get("license"),
        "source_url": other.get("source_url"),
        "trial_ids": registry_ids(article) or None,  # not a column: db.trial_links keeps it
        "relations": parse_relations(cited.get("CommentsCorrectionsList")),
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
    title = text_of(doc.find("ArticleTitle")) or text_of(
        book.find("BookTitle") if book is not None else None
    )
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
