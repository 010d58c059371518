"""The PubMed XML parser on real recorded efetch replies (tests/fixtures/entrez)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from fetchers.pubmed_xml import ParseError, iter_articles, parse_pub_date

ENTREZ = Path(__file__).parent / "fixtures" / "entrez"


def record(name: str, pmid: int | None = None) -> dict:
    """One parsed record of a fixture file (the first, or the one with this PMID)."""
    records = list(iter_articles(ENTREZ / name))
    return next(r for r in records if pmid is None or r["pmid"] == pmid)


def test_identifiers_dates_and_status_of_a_medline_record():
    r = record("pubmed4.xml")
    assert (r["id"], r["pmid"]) == (27797938, 27797938)
    assert r["doi"] == "10.1136/gutjnl-2016-312510" and r["pmcid"] == "PMC5442267"
    assert r["entrez_date"] == "2016-11-01" and r["date_revised"] == "2018-04-17"
    assert r["status"] == "MEDLINE" and r["publication_status"] == "ppublish"
    assert r["languages"] == ["eng"]


def test_structured_abstract_keeps_its_labels():
    r = record("pubmed4.xml")
    assert r["abstract_sections"][0]["label"] == "OBJECTIVE"
    assert r["abstract"].startswith("OBJECTIVE: Telomere shortening occurs")
    assert len(r["abstract"].splitlines()) == len(r["abstract_sections"])
    labelled = record("pubmed5.xml")["abstract_sections"][0]
    assert (labelled["label"], labelled["category"]) == ("OBJECTIVES", "OBJECTIVE")


def test_journal_volume_issue_pages():
    r = record("pubmed2.xml", 11748933)
    assert (r["journal"], r["journal_iso"]) == ("Cryobiology", "Cryobiology")
    assert (r["volume"], r["issue"], r["pages"]) == ("42", "4", "244-55")
    assert (r["pub_date"], r["year"], r["month"]) == ("2001 Jun", 2001, 6)


def test_authors_with_affiliations_and_unicode_intact():
    r = record("pubmed2.xml", 11748933)
    first = r["authors"][0]
    assert first["name"] == "Taddei AR" and first["fore_name"] == "A R"
    assert first["affiliations"] == [
        "Dipartimento di Scienze Ambientali, Università degli Studi della Tuscia, 01100 Viterbo, Italy."
    ]
    assert len(r["authors"]) == 8 and "affiliations" not in r["authors"][1]


def test_season_dates_map_to_a_month():
    r = record("pubmed1.xml", 12091962)
    assert (r["pub_date"], r["year"], r["month"]) == ("1990 Spring", 1990, 3)


@pytest.mark.parametrize(
    "xml, expected",
    [
        (
            "<PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate></PubDate>",
            ("1998 Dec-1999 Jan", 1998, 12),
        ),
        (
            "<PubDate><MedlineDate>2000 Spring-Summer</MedlineDate></PubDate>",
            ("2000 Spring-Summer", 2000, 3),
        ),
        ("<PubDate><Year>2017</Year><Month>06</Month></PubDate>", ("2017 06", 2017, 6)),
        ("<PubDate><Year>2018</Year></PubDate>", ("2018", 2018, None)),
    ],
)
def test_medline_dates_and_partial_dates(xml, expected):
    assert parse_pub_date(etree.fromstring(xml)) == expected


def test_publication_types_mesh_with_qualifiers_and_major_topics():
    r = record("pubmed4.xml")
    assert "Observational Study" in r["publication_types"]
    adeno = next(m for m in r["mesh"] if m["descriptor"] == "Adenocarcinoma")
    assert adeno["ui"] == "D000230" and adeno["major"] is False
    assert {"name": "epidemiology", "major": True} in adeno["qualifiers"]
    sperm = record("pubmed2.xml", 11748933)["mesh"]
    assert next(m for m in sperm if m["descriptor"] == "Sperm Motility")["major"] is True


def test_keywords_and_grants():
    r = record("pubmed4.xml")
    assert r["keywords"] == ["PANCREATIC CANCER"]
    assert r["grants"][0] == {
        "id": "KL2 TR001100",
        "acronym": "TR",
        "agency": "NCATS NIH HHS",
        "country": "United States",
    }
    assert record("pubmed5.xml")["keywords"][:2] == ["agriculture", "hypothyroidism"]


def test_record_without_mesh_or_issue_parses_with_nones():
    r = record("pubmed6.xml")
    assert r["mesh"] is None and r["issue"] is None and r["month"] is None
    assert r["status"] == "PubMed-not-MEDLINE" and r["publication_status"] == "epublish"


def test_pmc_reply_is_rejected_clearly():
    with pytest.raises(ParseError, match="not PubMed XML"):
        list(iter_articles(ENTREZ / "efetch_pmc.xml"))
