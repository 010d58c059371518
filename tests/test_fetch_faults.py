"""Faults: retries with backoff, the request rate, gaps that the next run fills, secrets."""

from __future__ import annotations

import json
import logging
import sqlite3

import pytest
from fake_eutils import Fault

from db import open_db
from fetchers.eutils import Client, QueryError, RateLimiter, TransientError, scrub

KRATOM = "kratom[tiab]"


@pytest.fixture
def real(eutils_env):
    """The fake holding the real recorded records, all matching the kratom query."""
    pmids = sorted(eutils_env.corpus.add_real())
    eutils_env.corpus.match(KRATOM, pmids)
    return eutils_env, pmids


def stored(db_path) -> set[int]:
    """Ids of the stored records."""
    with sqlite3.connect(db_path) as conn:
        return {r[0] for r in conn.execute("SELECT id FROM records")}


def max_in_window(times: list[float], window: float = 1.0) -> int:
    """The most requests that arrived within any `window` seconds."""
    times = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


@pytest.mark.parametrize(
    "fault",
    [
        Fault("status", status=429, retry_after=1),
        Fault("status", status=500),
        Fault("status", status=502),
        Fault("status", status=503),
        Fault("reset"),
        Fault("close"),
        Fault("slow", delay=1.5),
        Fault("truncate"),
        Fault("short"),
        Fault("error"),
    ],
    ids=lambda f: f"{f.kind}-{f.status}" if f.kind == "status" else f.kind,
)
@pytest.mark.parametrize("cgi", ["esearch", "efetch"])
def test_transient_fault_is_retried_and_nothing_is_lost(
    real, write_topics, run_fetch, tmp_db_path, monkeypatch, fault, cgi
):
    fake, pmids = real
    monkeypatch.setenv("FETCH_TIMEOUT", "0.5")
    fault.cgi, fault.times = cgi, 2
    fake.faults.append(fault)

    assert run_fetch(write_topics({"kratom": KRATOM})) == 0

    assert stored(tmp_db_path) == set(pmids)
    calls = fake.calls(cgi)
    assert [c.fault for c in calls[:3]] == [fault.kind, fault.kind, None]


def test_retry_after_is_honoured_and_backoff_grows():
    waits = []
    client = Client("t@example.org", base_url="http://127.0.0.1:9/", sleep=waits.append)
    attempts = iter(
        [TransientError("429", retry_after=7), TransientError("503"), TransientError("503")]
    )

    def flaky(cgi, params, parse):
        error = next(attempts, None)
        if error:
            raise error
        return "done"

    client.attempt = flaky
    assert client.call("efetch.fcgi", {}, bytes) == "done"
    assert waits[0] == 7
    assert 1.5 <= waits[1] <= 2.5 and 3 <= waits[2] <= 5  # doubling, with jitter


def test_without_api_key_no_second_sees_more_than_three_requests_retries_included(
    real, write_topics, run_fetch
):
    fake, _ = real
    fake.enforce_rate = 3  # the fake answers 429 as NCBI would if the client sped up
    fake.inject("status", status=503, times=3, cgi="efetch")
    topics = write_topics({f"t{i}": KRATOM for i in range(3)})

    assert run_fetch(topics, "--batch-size", "10", "--full") == 0

    times = [r.at for r in fake.requests]
    assert len(times) >= 15
    assert max_in_window(times) <= 3
    assert not [r for r in fake.requests if r.fault == "rate"]


def test_with_api_key_up_to_ten_requests_a_second(real, write_topics, run_fetch, monkeypatch):
    fake, _ = real
    monkeypatch.setenv("NCBI_API_KEY", "k" * 20)
    fake.enforce_rate = 10
    topics = write_topics({f"t{i}": KRATOM for i in range(5)})

    assert run_fetch(topics, "--batch-size", "10", "--full") == 0

    times = [r.at for r in fake.requests]
    assert len(times) >= 20
    assert 3 < max_in_window(times) <= 10


def test_rate_limiter_counts_a_sliding_window():
    now = [0.0]
    limiter = RateLimiter(
        3, 1.0, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s)
    )
    starts = []
    for _ in range(7):
        limiter.acquire()
        starts.append(now[0])
    assert starts == [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 2.0]


def test_batch_that_keeps_failing_becomes_a_gap_the_next_run_fills(
    real, write_topics, run_fetch, tmp_db_path, capsys
):
    fake, pmids = real
    topics = write_topics({"kratom": KRATOM})
    fake.inject("status", status=500, times=5, cgi="efetch")  # every attempt of batch one

    assert run_fetch(topics, "--batch-size", "10") == 1

    db = open_db(tmp_db_path)
    gap = next(db["fetch_gaps"].rows)
    first_batch = json.loads(gap["detail"])["ids"]
    assert gap["kind"] == "ids" and len(first_batch) == 10 and "HTTP 500" in gap["error"]
    assert stored(tmp_db_path) == set(pmids) - set(first_batch)
    assert db["fetch_runs"].get(1)["status"] == "partial"
    assert db["fetch_state"].count == 0  # the window must not move past the hole
    assert "partial" in capsys.readouterr().out
    fake.reset_log()

    assert run_fetch(topics, "--batch-size", "10") == 0

    assert stored(tmp_db_path) == set(pmids)
    assert db["fetch_gaps"].get(gap["id"])["resolved_run_id"] == 2
    first = fake.requests[0]
    assert first.cgi == "efetch" and sorted(map(int, first.params["id"].split(","))) == sorted(
        first_batch
    )
    assert db["fetch_state"].get(("pubmed", "kratom"))["last_success_run_id"] == 2


def test_search_that_keeps_failing_becomes_a_slice_gap_the_next_run_fills(
    real, write_topics, run_fetch, tmp_db_path
):
    fake, pmids = real
    topics = write_topics({"kratom": KRATOM})
    run_fetch(topics)
    fresh = fake.corpus.add_synthetic(2, start=fake_today(), end=fake_today())
    fake.corpus.match(KRATOM, fresh)
    fake.inject("status", status=503, times=10, cgi="esearch")  # both edat and mdat searches

    assert run_fetch(topics) == 1

    db = open_db(tmp_db_path)
    gaps = list(db["fetch_gaps"].rows)
    assert [(g["kind"], json.loads(g["detail"])["datetype"]) for g in gaps] == [
        ("slice", "edat"),
        ("slice", "mdat"),
    ]
    assert not set(fresh) & stored(tmp_db_path)

    assert run_fetch(topics) == 0
    assert set(fresh) <= stored(tmp_db_path)
    assert [db["fetch_gaps"].get(g["id"])["resolved_run_id"] for g in gaps] == [3, 3]


def fake_today():
    """Today in UTC, as the fetcher sees it."""
    from fetchers.pubmed import today

    return today()


def test_api_key_never_reaches_logs_database_or_output(
    real, write_topics, run_fetch, tmp_db_path, monkeypatch, caplog, capsys
):
    fake, _ = real
    key = "ncbi-secret-9f8e7d6c"
    monkeypatch.setenv("NCBI_API_KEY", key)
    caplog.set_level(logging.DEBUG)
    fake.inject("status", status=500, times=5, cgi="efetch")
    fake.inject("reset", times=5, cgi="efetch")

    assert run_fetch(write_topics({"kratom": KRATOM}), "--batch-size", "10") == 1

    assert fake.requests[0].params["api_key"] == key  # it was sent...
    db = open_db(tmp_db_path)
    everything = "\n".join(db.conn.iterdump()) + caplog.text + str(capsys.readouterr())
    assert key not in everything  # ...and never written down
    assert "api_key=***" in caplog.text


def test_scrub_masks_the_key_in_urls_and_prose():
    text = "GET https://x/efetch.fcgi?db=pubmed&api_key=abc123&id=1 failed for abc123"
    assert (
        scrub(text, "abc123")
        == "GET https://x/efetch.fcgi?db=pubmed&api_key=***&id=1 failed for ***"
    )


def test_bad_request_on_search_is_a_query_error_not_retried(eutils_env):
    eutils_env.inject("status", status=400, cgi="esearch")
    client = Client.from_env()
    with pytest.raises(QueryError, match="HTTP 400"):
        client.esearch(KRATOM)
    assert len(eutils_env.requests) == 1
