"""Hypothesis fuzzing of the parsers and the search box: odd input gives records or a clear
ParseError (the search box: a result), never any other exception."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from db.store import content_hash
from fetchers.medline import iter_medline
from fetchers.pubmed_xml import ParseError, iter_articles

FIXTURES = Path(__file__).parent / "fixtures"
XML_FIXTURES = sorted((FIXTURES / "entrez").glob("pubmed*.xml"))
MEDLINE_FIXTURES = sorted((FIXTURES / "medline").glob("*.txt"))
FUZZ = settings(  # FUZZ_EXAMPLES=5000 for a longer hunt
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)
xml_text = text.map(lambda s: "".join(c for c in s if c in "\t\n\r" or ord(c) >= 0x20))
digits = st.text("0123456789", min_size=0, max_size=10)
leaf_value = st.one_of(xml_text, digits, st.sampled_from(["Jan", "Spring", "2021", "-1", "0"]))


def assert_valid_record(record: dict) -> None:
    """What every consumer of a parsed record relies on."""
    assert isinstance(record, dict)
    assert isinstance(record["id"], int) and record["id"] != 0
    assert record["pmid"] is None or (isinstance(record["pmid"], int) and record["pmid"] > 0)
    if record["pmid"]:
        assert record["id"] == record["pmid"]
    assert isinstance(record["title"], str) and record["title"]
    assert record["year"] is None or isinstance(record["year"], int)
    assert record["month"] is None or 1 <= record["month"] <= 12
    for key in ("authors", "mesh", "grants"):
        value = record[key]
        assert value is None or (isinstance(value, list) and value)
        assert all(isinstance(item, dict) for item in value or [])
    for author in record["authors"] or []:
        assert isinstance(author["name"], str) and author["name"]
    for key in ("publication_types", "keywords", "languages"):
        assert record[key] is None or all(isinstance(v, str) for v in record[key])
    json.dumps(record)  # storable as JSON columns
    content_hash(record)


def parse_all(source, **kwargs) -> list[dict]:
    """Parse everything, letting only ParseError out; check every record."""
    try:
        records = list(iter_articles(source, **kwargs))
    except ParseError:
        return []
    for record in records:
        assert_valid_record(record)
    return records


def leaf(tag: str) -> st.SearchStrategy:
    """An element with a text value."""
    return leaf_value.map(lambda v: (tag, {}, v, []))


def node(tag: str, children: st.SearchStrategy, attrs: dict | None = None) -> st.SearchStrategy:
    """An element with generated children, and optional generated attributes."""
    attr_strategy = st.fixed_dictionaries({}, optional={k: v for k, v in (attrs or {}).items()})
    return st.tuples(st.just(tag), attr_strategy, st.just(None), children)


def many(*options: st.SearchStrategy, size: int = 3) -> st.SearchStrategy:
    """Up to `size` children, each one of `options`."""
    return st.lists(st.one_of(*options), max_size=size)


def leaves(names: str) -> list[st.SearchStrategy]:
    """Text elements for each space-separated tag name."""
    return [leaf(name) for name in names.split()]


date = many(*leaves("Year Month Day Season MedlineDate"), size=4)
author = node(
    "Author",
    many(
        *leaves("LastName ForeName Initials CollectiveName Suffix"),
        node("AffiliationInfo", many(leaf("Affiliation"), size=2)),
        node("Identifier", st.just([]), {"Source": st.sampled_from(["ORCID", "x"])}),
        size=5,
    ),
)
abstract_text = node(
    "AbstractText",
    many(*leaves("i sup b"), size=2),
    {"Label": xml_text, "NlmCategory": st.sampled_from(["BACKGROUND", "METHODS", ""])},
)
descriptor = node("DescriptorName", st.just([]), {"MajorTopicYN": st.sampled_from("YN")})
mesh_heading = node("MeshHeading", many(descriptor, *leaves("DescriptorName QualifierName")))
journal_issue = node("JournalIssue", many(*leaves("Volume Issue"), node("PubDate", date)))
article = node(
    "Article",
    many(
        node("Journal", many(*leaves("Title ISOAbbreviation"), journal_issue)),
        *leaves("ArticleTitle VernacularTitle ELocationID Language"),
        node("Abstract", many(abstract_text)),
        node("AuthorList", many(author)),
        node("Pagination", many(*leaves("MedlinePgn StartPage EndPage"))),
        node("ELocationID", st.just([]), {"EIdType": st.sampled_from(["doi", "pii"])}),
        node("PublicationTypeList", many(leaf("PublicationType"), size=2)),
        node("GrantList", many(node("Grant", many(*leaves("GrantID Agency Country"))), size=2)),
        node("ArticleDate", date),
        size=8,
    ),
)
citation = node(
    "MedlineCitation",
    many(
        leaf("PMID"),
        article,
        node("DateRevised", date),
        node("MeshHeadingList", many(mesh_heading)),
        node("KeywordList", many(leaf("Keyword"))),
        node("OtherID", st.just([]), {"Source": st.sampled_from(["NLM", "license"])}),
        size=6,
    ),
    {"Status": st.sampled_from(["MEDLINE", "Publisher", ""])},
)
article_id = node(
    "ArticleId", st.just([]), {"IdType": st.sampled_from(["pubmed", "doi", "pmc", "pii"])}
).map(lambda t: (t[0], t[1], "12345", t[3]))
history_date = node("PubMedPubDate", date, {"PubStatus": st.sampled_from(["entrez", "pubmed"])})
pubmed_data = node(
    "PubmedData",
    many(
        node("ArticleIdList", many(article_id, leaf("ArticleId"))),
        node("History", many(history_date, size=2)),
        leaf("PublicationStatus"),
    ),
)
book_document = node(
    "BookDocument",
    many(
        *leaves("PMID ArticleTitle"),
        node("Book", many(leaf("BookTitle"), node("PubDate", date), size=2)),
        node("AuthorList", many(author, size=2)),
        size=4,
    ),
)
book = node(
    "PubmedBookArticle",
    many(
        book_document,
        node("PubmedBookData", many(node("ArticleIdList", many(article_id, size=2)), size=1)),
        size=2,
    ),
)
pubmed_article = node("PubmedArticle", st.lists(st.one_of(citation, pubmed_data), max_size=3))


SUPERSCRIPT_DIGITS = ("PubmedArticle", {}, None, [("MedlineCitation", {}, None, [
    ("PMID", {}, "\u00b2", []),
    ("DateRevised", {}, None, [("Year", {}, "\u00b2", [])]),
])])  # fmt: skip


def build(spec: tuple) -> etree._Element:
    """An lxml element from a (tag, attrs, text, children) tuple."""
    tag, attrs, value, children = spec
    element = etree.Element(tag, {k: v for k, v in attrs.items()})
    element.text = value
    for child in children:
        element.append(build(child))
    return element


@FUZZ
@given(st.lists(st.one_of(pubmed_article, book), max_size=4))
@example([SUPERSCRIPT_DIGITS])  # isdigit() said yes to "²", then int() raised ValueError
def test_generated_articles_give_records_or_parse_error(specs):
    """Any arrangement of PubMed elements and values parses to valid records or ParseError."""
    root = etree.Element("PubmedArticleSet")
    for spec in specs:
        root.append(build(spec))
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    parse_all(blob)
    skipped: list[str] = []
    parse_all(blob, on_error=skipped.append)
    assert all(isinstance(message, str) and message for message in skipped)


def mutate(data: bytes, draw) -> bytes:
    """Truncate, cut, duplicate, overwrite or insert bytes at drawn positions."""
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        span = draw(st.integers(1, 64))
        kind = draw(st.sampled_from(["truncate", "cut", "repeat", "overwrite", "insert"]))
        if kind == "truncate":
            data = data[:at]
        elif kind == "cut":
            data = data[:at] + data[at + span :]
        elif kind == "repeat":
            data = data[:at] + data[at : at + span] * 3 + data[at:]
        elif kind == "overwrite":
            data = data[:at] + draw(st.binary(min_size=1, max_size=span)) + data[at + span :]
        else:
            piece = draw(
                st.sampled_from(
                    [
                        b"<",
                        b">",
                        b"&",
                        b"&amp;",
                        b"</PMID>",
                        b"<PMID>",
                        b"\xff\xfe",
                        b"]]>",
                        b"<![CDATA[",
                        b"<!--",
                        b"\x00",
                        b"<PubmedArticle>",
                    ]
                )
            )
            data = data[:at] + piece + data[at:]
    return data


@FUZZ
@given(st.sampled_from(XML_FIXTURES), st.data(), st.booleans())
def test_mutated_real_xml_gives_records_or_parse_error(path, data, recover):
    """Real efetch replies with damaged bytes never raise anything but ParseError."""
    blob = mutate(path.read_bytes(), data.draw)
    parse_all(blob, on_error=lambda message: None, recover=recover)
    parse_all(blob)


@FUZZ
@given(st.sampled_from(MEDLINE_FIXTURES), st.data())
def test_mutated_real_medline_gives_records_or_parse_error(path, data):
    """Real MEDLINE exports with damaged bytes never raise anything but ParseError."""
    blob = mutate(path.read_bytes(), data.draw)
    check_medline(blob)


MEDLINE_TAGS = (
    "PMID TI AB FAU AU AD DP EDAT LR AID LID PMC LA PT MH OT GR STAT PST CI JT TA VI IP PG CN"
).split()
medline_line = st.tuples(st.sampled_from(MEDLINE_TAGS), xml_text).map(
    lambda tv: f"{tv[0]:<4}- {tv[1]}"
)
medline_record = st.lists(
    st.one_of(medline_line, xml_text.map(lambda v: "      " + v)), min_size=1, max_size=12
).map("\n".join)


@FUZZ
@given(st.lists(medline_record, max_size=4))
@example(["      an indented line before any tag"])  # Bio.Medline raised KeyError
@example(["PMID- \u2074"])  # a superscript digit passed isdigit(), then int() failed
@example(["TI  - 0\nCN  - ", "FAU - Doe, Jane\nAU  - "])  # nameless authors
def test_generated_medline_gives_records_or_parse_error(records):
    """Any arrangement of MEDLINE tags and values parses to valid records or ParseError."""
    check_medline("\n\n".join(records).encode("utf-8"))


def check_medline(blob: bytes) -> None:
    """iter_medline over bytes: only valid records, or ParseError."""
    for on_error in (None, lambda message: None):
        try:
            records = list(iter_medline(blob, on_error=on_error))
        except ParseError:
            continue
        for record in records:
            assert_valid_record(record)


@pytest.fixture(scope="module")
def search_db(tmp_path_factory):
    """A database holding the real fixture records, for the search box."""
    queries = pytest.importorskip("db.queries", reason="db.queries not written yet")
    from db import open_db
    from fetchers.importer import import_file

    path = tmp_path_factory.mktemp("search") / "search.db"
    db = open_db(path)
    for fixture in XML_FIXTURES:
        import_file(db, fixture, ["withdrawal"])
    db.conn.close()
    return queries, path


search_text = st.one_of(
    text,
    st.lists(
        st.sampled_from(
            [
                '"',
                "(",
                ")",
                "*",
                "-",
                "AND",
                "OR",
                "NOT",
                "NEAR",
                ":",
                "^",
                "+",
                "kratom",
                "title:",
                "opioid",
                "'",
                ";",
                "--",
                "%",
                "_",
                "\\",
                "{",
            ]
        ),
        max_size=8,
    ).map(" ".join),
)


@FUZZ
@given(search_text)
def test_search_box_never_raises(search_db, query):
    """Whatever a researcher types, the search returns a frame (maybe with a note)."""
    queries, path = search_db
    frame = queries.search(path, query, limit=20)
    assert len(frame) <= 20
