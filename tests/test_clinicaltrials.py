"""The ClinicalTrials.gov fetcher against a loopback fake of API v2, serving real studies."""

from __future__ import annotations

import copy
import json
import time

import pytest
from fake_ctgov import FakeCtGov, real_studies

from db import open_db
from fetchers.clinicaltrials import Settings, fetch_topic, parse_study
from fetchers.eutils import ConfigError
from fetchers.topics import Topic

KRATOM = Topic(
    slug="mitragynine",
    query="kratom[tiab]",
    label="Kratom",
    trials_query="kratom OR mitragynine OR Mitragyna speciosa",
)
WITHDRAWAL = Topic(
    slug="withdrawal",
    query="withdrawal[tiab]",
    label="Withdrawal",
    trials_query="opioid withdrawal",
)
IDS = ["NCT03722472", "NCT06323538", "NCT07062965"]  # fixture order; last updates below
# NCT03722472: 2023-06-01, NCT06323538: 2025-02-14, NCT07062965: none (a sparse reply)


@pytest.fixture
def studies() -> dict[str, dict]:
    """The recorded studies by NCT ID."""
    return {s["protocolSection"]["identificationModule"]["nctId"]: s for s in real_studies()}


@pytest.fixture
def fake(studies, monkeypatch):
    """A running fake with one study per page, and the fetcher pointed at it with fast retries."""
    with FakeCtGov(list(studies.values())) as server:
        monkeypatch.setenv("CTGOV_BASE_URL", server.base_url)
        monkeypatch.setenv("CTGOV_PAGE_SIZE", "1")
        monkeypatch.setenv("CTGOV_MAX_RPS", "1000")
        monkeypatch.setenv("FETCH_BACKOFF_SCALE", "0.001")
        monkeypatch.setenv("FETCH_MAX_ATTEMPTS", "4")
        monkeypatch.setenv("FETCH_TIMEOUT", "5")
        yield server


@pytest.fixture
def trials_db(tmp_path):
    """An empty, migrated database."""
    return open_db(tmp_path / "trials.db")


def fetch(db, topic=KRATOM, since=None, full=False):
    """One fetch_topic call as the run orchestrator makes it."""
    return fetch_topic(db, topic, since=since, full=full, run_id=1)


def stored_ids(db) -> list[str]:
    """NCT IDs in `trials`."""
    return [r[0] for r in db.execute("SELECT nct_id FROM trials ORDER BY nct_id")]


# --- parse_study ------------------------------------------------------------------------


def test_parse_study_reads_every_column_of_a_full_record(studies):
    row = parse_study(studies["NCT03722472"])
    assert row == {
        "nct_id": "NCT03722472",
        "title": "Phase 1 Clinical Trial of Single-Vial ID93 + GLA-SE in Healthy Adults",
        "official_title": studies["NCT03722472"]["protocolSection"]["identificationModule"][
            "officialTitle"
        ],
        "status": "COMPLETED",
        "phase": "PHASE1",
        "study_type": "INTERVENTIONAL",
        "enrollment": 48,
        "enrollment_type": "ACTUAL",
        "conditions": '["Pulmonary TB"]',
        "interventions": '[{"type": "BIOLOGICAL", "name": "ID93 + GLA-SE"}]',
        "sponsor": "Access to Advanced Health Institute (AAHI)",
        "start_date": "2018-10-02",
        "completion_date": "2020-06-15",
        "last_update": "2023-06-01",
        "url": "https://clinicaltrials.gov/study/NCT03722472",
        "has_results": 1,
    }


def test_parse_study_leaves_fields_absent_from_a_sparse_reply_none(studies):
    row = parse_study(studies["NCT07062965"])
    assert row["nct_id"] == "NCT07062965" and row["sponsor"] == "Pfizer"
    assert row["phase"] == "PHASE3" and row["enrollment"] == 400
    for absent in ("official_title", "study_type", "enrollment_type", "start_date", "last_update"):
        assert row[absent] is None, absent
    assert json.loads(row["interventions"])[0] == {"type": None, "name": "PF-07248144"}


def test_parse_study_of_an_observational_study_has_no_phase_or_interventions(studies):
    row = parse_study(studies["NCT06323538"])
    assert row["study_type"] == "OBSERVATIONAL"
    assert row["phase"] is None and row["interventions"] is None
    assert len(json.loads(row["conditions"])) == 9


def test_parse_study_joins_several_phases(studies):
    study = copy.deepcopy(studies["NCT07062965"])
    study["protocolSection"]["designModule"]["phases"] = ["PHASE2", "PHASE3"]
    assert parse_study(study)["phase"] == "PHASE2/PHASE3"


@pytest.mark.parametrize(
    "study",
    [
        {},
        {"protocolSection": []},
        {"protocolSection": {}},
        {"protocolSection": {"identificationModule": None, "statusModule": "x"}},
        {
            "protocolSection": {
                "designModule": {"phases": "PHASE1", "enrollmentInfo": {"count": "48"}},
                "armsInterventionsModule": {"interventions": ["x", {"type": "DRUG"}]},
                "conditionsModule": {"conditions": [None, ""]},
            }
        },
    ],
    ids=["empty", "protocol-a-list", "no-modules", "modules-wrong-type", "fields-wrong-type"],
)
def test_parse_study_tolerates_missing_and_malformed_modules(study):
    row = parse_study(study)
    assert row["nct_id"] is None and row["url"] is None
    assert row["phase"] is None and row["enrollment"] is None and row["conditions"] is None


# --- paging, filters, storage ------------------------------------------------------------


@pytest.mark.parametrize("page_size, pages", [(1, 3), (2, 2), (1000, 1)])
def test_fetch_pages_through_every_study_and_links_the_topic(
    fake, trials_db, monkeypatch, page_size, pages
):
    monkeypatch.setenv("CTGOV_PAGE_SIZE", str(page_size))
    result = fetch(trials_db)
    assert result == {
        "hits": 3, "new": 3, "updated": 0, "unchanged": 0, "failed": 0, "requests": pages,
        "error": None,
    }  # fmt: skip
    assert stored_ids(trials_db) == IDS
    links = trials_db.execute("SELECT nct_id, topic FROM trial_topics ORDER BY nct_id").fetchall()
    assert links == [(i, "mitragynine") for i in IDS]
    first, *later = [r["params"] for r in fake.requests]
    assert first["query.term"] == KRATOM.trials_query and first["format"] == "json"
    assert first["countTotal"] == "true" and "pageToken" not in first
    assert "protocolSection.armsInterventionsModule" in first["fields"].split(",")
    assert all("pageToken" in p and "countTotal" not in p for p in later)
    row = trials_db["trials"].get("NCT06323538")
    assert row["first_seen"] and row["updated_at"] and len(row["content_hash"]) == 64


def test_incremental_fetch_asks_only_for_studies_posted_since_the_day_before(fake, trials_db):
    result = fetch(trials_db, since="2025-02-01T02:30:00+00:00")
    assert fake.requests[0]["params"]["filter.advanced"] == (
        "AREA[LastUpdatePostDate]RANGE[2025-01-31,MAX]"
    )
    assert result["hits"] == 1 and result["new"] == 1
    assert stored_ids(trials_db) == ["NCT06323538"]


def test_full_fetch_ignores_since(fake, trials_db):
    result = fetch(trials_db, since="2025-02-01T02:30:00+00:00", full=True)
    assert "filter.advanced" not in fake.requests[0]["params"]
    assert result["new"] == 3


def test_rerun_is_idempotent(fake, trials_db):
    fetch(trials_db)
    before = {r["nct_id"]: r for r in trials_db["trials"].rows}
    again = fetch(trials_db)
    assert (again["new"], again["updated"], again["unchanged"], again["failed"]) == (0, 0, 3, 0)
    assert {r["nct_id"]: r for r in trials_db["trials"].rows} == before
    assert trials_db["trial_topics"].count == 3


def test_changed_study_is_counted_as_updated_and_keeps_first_seen(fake, trials_db):
    fetch(trials_db)
    first_seen = trials_db["trials"].get("NCT06323538")["first_seen"]
    status = fake.studies[1]["protocolSection"]["statusModule"]
    status["overallStatus"] = "ACTIVE_NOT_RECRUITING"  # as a registry revision would
    status["lastUpdatePostDateStruct"]["date"] = "2025-06-02"
    result = fetch(trials_db)
    assert (result["new"], result["updated"], result["unchanged"]) == (0, 1, 2)
    row = trials_db["trials"].get("NCT06323538")
    assert row["status"] == "ACTIVE_NOT_RECRUITING" and row["last_update"] == "2025-06-02"
    assert row["first_seen"] == first_seen


def test_a_study_in_two_topics_is_stored_once_and_linked_twice(fake, trials_db):
    fetch(trials_db, KRATOM)
    second = fetch(trials_db, WITHDRAWAL)
    assert (second["new"], second["unchanged"]) == (0, 3)
    assert trials_db["trials"].count == 3 and trials_db["trial_topics"].count == 6


def test_study_without_an_nct_id_is_counted_as_failed_and_the_rest_stored(fake, trials_db):
    del fake.studies[0]["protocolSection"]["identificationModule"]
    result = fetch(trials_db)
    assert (result["new"], result["failed"]) == (2, 1)
    assert "without an NCT ID" in result["error"]
    assert stored_ids(trials_db) == IDS[1:]


def test_topic_without_trials_terms_is_skipped(fake, trials_db):
    topic = Topic(slug="pubmed-only", query="x[tiab]", label="x")
    assert fetch(trials_db, topic) == {
        "hits": 0, "new": 0, "updated": 0, "unchanged": 0, "failed": 0, "requests": 0, "error": None
    }  # fmt: skip
    assert fake.requests == []


# --- faults ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fault", ["429", "500", "503", "reset", "truncate", "badjson", "notapage", "slow"]
)
def test_transient_fault_is_retried_and_nothing_is_lost(fake, trials_db, monkeypatch, fault):
    monkeypatch.setenv("FETCH_TIMEOUT", "0.3")
    fake.slow_seconds = 0.6
    fake.faults[2] = [fault, fault]
    result = fetch(trials_db)
    assert result["failed"] == 0 and result["error"] is None
    assert result["new"] == 3 and result["requests"] == 5
    assert stored_ids(trials_db) == IDS
    assert [r["page"] for r in fake.requests] == [1, 2, 2, 2, 3]


def test_retry_after_is_honoured(fake, trials_db, monkeypatch):
    monkeypatch.setenv("FETCH_BACKOFF_SCALE", "0.05")  # backoff 1 s -> 0.05 s; Retry-After 6 -> 0.3
    fake.retry_after = "6"
    fake.faults[1] = ["429"]
    assert fetch(trials_db)["failed"] == 0
    gap = fake.requests[1]["time"] - fake.requests[0]["time"]
    assert gap >= 0.28


def test_page_that_keeps_failing_is_reported_and_earlier_pages_are_kept(fake, trials_db):
    fake.faults[3] = ["500*"]
    result = fetch(trials_db)
    assert result["failed"] == 1 and result["new"] == 2 and result["hits"] == 3
    assert result["requests"] == 2 + 4  # two good pages, then FETCH_MAX_ATTEMPTS tries
    assert "page 3" in result["error"] and "HTTP 500" in result["error"]
    assert stored_ids(trials_db) == IDS[:2]


def test_first_page_failing_stores_nothing_and_reports_failure(fake, trials_db):
    fake.faults[1] = ["reset*"]
    result = fetch(trials_db)
    assert result["failed"] == 1 and result["hits"] == 0 and result["new"] == 0
    assert "connection failed" in result["error"]
    assert stored_ids(trials_db) == []


def test_rejected_request_is_not_retried(fake, trials_db):
    fake.faults[1] = ["400"]
    result = fetch(trials_db)
    assert result["requests"] == 1 and result["failed"] == 1
    assert "HTTP 400" in result["error"] and "fault 400" in result["error"]


def test_rerun_after_a_failed_page_fills_the_gap(fake, trials_db):
    fake.faults[3] = ["503*"]
    fetch(trials_db)
    fake.faults.clear()
    result = fetch(trials_db)
    assert (result["new"], result["unchanged"], result["failed"]) == (1, 2, 0)
    assert stored_ids(trials_db) == IDS


def test_requests_are_spaced_by_the_rate_limit(fake, trials_db, monkeypatch):
    monkeypatch.setenv("CTGOV_MAX_RPS", "20")
    started = time.monotonic()
    fetch(trials_db)
    assert len(fake.requests) == 3
    assert time.monotonic() - started >= 0.095  # three starts at least 0.05 s apart


@pytest.mark.parametrize(
    "name, value",
    [("CTGOV_PAGE_SIZE", "lots"), ("CTGOV_PAGE_SIZE", "5000"), ("CTGOV_MAX_RPS", "0")],
)
def test_bad_settings_are_a_config_error(name, value):
    with pytest.raises(ConfigError, match="CTGOV_"):
        Settings.from_env({name: value})


def test_default_settings_point_at_the_real_api_politely():
    settings = Settings.from_env({})
    assert settings.base_url == "https://clinicaltrials.gov/api/v2/"
    assert settings.max_rps <= 5 and settings.max_attempts >= 2
