"""The PubMed fetcher against the loopback fake: splitting, incremental runs, revisions."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3

import pytest
from fake_eutils import Fault

from db import open_db
from fetchers import TOOL_NAME
from fetchers.eutils import SEARCH_CAP

KRATOM, PROLACTIN = "kratom[tiab]", "prolactin[tiab]"


def ids_in(db_path) -> set[int]:
    """Ids of the stored records."""
    with sqlite3.connect(db_path) as conn:
        return {r[0] for r in conn.execute("SELECT id FROM records")}


def links(db_path) -> set[tuple[int, str]]:
    """(article_id, topic) pairs."""
    with sqlite3.connect(db_path) as conn:
        return set(conn.execute("SELECT article_id, topic FROM article_topics"))


def efetched(fake) -> list[int]:
    """Every PMID the fetcher downloaded, by id list or from the history server."""
    out = []
    for call in fake.calls("efetch"):
        if "id" in call.params:
            out += [int(i) for i in call.params["id"].split(",")]
        else:
            ids = fake.histories[call.params["WebEnv"]]
            start = int(call.params["retstart"])
            out += ids[start : start + int(call.params["retmax"])]
    return out


@pytest.fixture
def real(eutils_env):
    """The fake holding the recorded real records; kratom matches 20 of them, prolactin 18."""
    pmids = sorted(eutils_env.corpus.add_real())
    eutils_env.corpus.match(KRATOM, pmids[:20])
    eutils_env.corpus.match(PROLACTIN, pmids[-18:])
    return eutils_env, pmids


@pytest.mark.slow
def test_topics_over_12000_records_arrive_complete_through_faults_and_rerun_downloads_nothing(
    eutils_env, write_topics, run_fetch, tmp_db_path, monkeypatch, caplog
):
    fake = eutils_env
    big = fake.corpus.add_synthetic(12_500) + fake.corpus.add_real()
    fake.corpus.match(KRATOM, big)
    fake.corpus.match(PROLACTIN, big[:300])
    fake.chaos(
        every=3,
        faults=[
            Fault("status", status=503),
            Fault("status", status=429, retry_after=1),
            Fault("truncate"),
            Fault("reset"),
            Fault("error"),
            Fault("status", status=502),
        ],
    )
    monkeypatch.setenv("NCBI_API_KEY", "secret-test-key-0123")
    topics = write_topics({"kratom": KRATOM, "prolactin": PROLACTIN})
    caplog.set_level(logging.DEBUG)

    assert run_fetch(topics, "--batch-size", "1000") == 0

    assert ids_in(tmp_db_path) == set(big)
    assert {a for a, t in links(tmp_db_path) if t == "kratom"} == set(big)
    searches = fake.calls("esearch")
    assert any(c.params.get("datetype") == "edat" for c in searches)  # it had to split
    assert all(c.params["retmax"] == str(SEARCH_CAP) for c in searches)
    assert {c.fault for c in fake.requests} >= {"status", "truncate", "reset", "error"}
    db = open_db(tmp_db_path)
    assert db.execute("SELECT count(*) FROM fetch_gaps").fetchone()[0] == 0
    assert {r["topic"]: r["status"] for r in db["fetch_run_topics"].rows} == {
        "kratom": "ok",
        "prolactin": "ok",
    }

    fake.chaos(0, [])
    fake.reset_log()
    assert run_fetch(topics) == 0
    per_topic = [(c.params["term"], c.params.get("datetype")) for c in fake.calls("esearch")]
    assert sorted(per_topic) == sorted(
        [(KRATOM, "edat"), (KRATOM, "mdat"), (PROLACTIN, "edat"), (PROLACTIN, "mdat")]
    )
    assert fake.calls("efetch") == []

    dump = "\n".join(db.conn.iterdump())
    assert "secret-test-key-0123" not in dump
    assert "secret-test-key-0123" not in caplog.text


def test_first_run_stores_each_topic_and_links_shared_records_to_both(
    real, write_topics, run_fetch, tmp_db_path
):
    fake, pmids = real
    topics = write_topics({"kratom": KRATOM, "prolactin": PROLACTIN})

    assert run_fetch(topics) == 0

    assert ids_in(tmp_db_path) == set(pmids)
    shared = set(pmids[:20]) & set(pmids[-18:])
    assert shared and all((p, "prolactin") in links(tmp_db_path) for p in shared)
    assert len(efetched(fake)) == len(pmids)  # shared records downloaded once
    first = fake.requests[0].params
    assert first["tool"] == TOOL_NAME and first["email"] == "tests@example.org"
    assert first["usehistory"] == "y"


def test_rerun_on_unchanged_data_makes_two_searches_per_topic_and_downloads_nothing(
    real, write_topics, run_fetch, tmp_db_path
):
    fake, _ = real
    topics = write_topics({"kratom": KRATOM})
    run_fetch(topics)
    with sqlite3.connect(tmp_db_path) as conn:
        before = conn.execute("SELECT id, content_hash, updated_at FROM records").fetchall()
    fake.reset_log()

    assert run_fetch(topics) == 0

    assert [c.cgi for c in fake.requests] == ["esearch", "esearch"]
    with sqlite3.connect(tmp_db_path) as conn:
        assert conn.execute("SELECT id, content_hash, updated_at FROM records").fetchall() == before


def test_nightly_run_downloads_only_records_entered_since_the_last_run(
    real, write_topics, run_fetch, tmp_db_path
):
    fake, pmids = real
    topics = write_topics({"kratom": KRATOM})
    run_fetch(topics)
    today = dt.datetime.now(dt.UTC).date()
    fresh = fake.corpus.add_synthetic(3, start=today, end=today)
    fake.corpus.match(KRATOM, fresh)
    fake.reset_log()

    assert run_fetch(topics) == 0

    edat = next(c for c in fake.calls("esearch") if c.params["datetype"] == "edat")
    assert edat.params["mindate"] == (today - dt.timedelta(days=3)).strftime("%Y/%m/%d")
    assert sorted(efetched(fake)) == sorted(fresh)
    assert set(fresh) <= ids_in(tmp_db_path)


def test_revised_record_is_downloaded_again_and_updated_in_place(
    real, write_topics, run_fetch, tmp_db_path
):
    fake, pmids = real
    topics = write_topics({"kratom": KRATOM})
    run_fetch(topics)
    target = pmids[0]
    with sqlite3.connect(tmp_db_path) as conn:
        first_seen = conn.execute(
            "SELECT first_seen FROM records WHERE id = ?", [target]
        ).fetchone()
    today = dt.datetime.now(dt.UTC).date()
    fake.corpus.revise(target, today)
    fake.reset_log()

    assert run_fetch(topics) == 0

    assert efetched(fake) == [target]
    db = open_db(tmp_db_path)
    row = db["records"].get(target)
    assert row["date_revised"] == today.isoformat()
    assert (row["first_seen"],) == first_seen
    latest = db.execute(
        "SELECT new, updated FROM fetch_run_topics ORDER BY run_id DESC LIMIT 1"
    ).fetchone()
    assert latest == (0, 1)


def test_record_stored_by_another_topic_joins_a_new_topic_without_a_download(
    real, write_topics, run_fetch, tmp_db_path
):
    fake, pmids = real
    run_fetch(write_topics({"kratom": KRATOM}, "one.toml"))
    fake.reset_log()

    assert run_fetch(write_topics({"kratom": KRATOM, "prolactin": PROLACTIN}, "two.toml")) == 0

    shared = set(pmids[:20]) & set(pmids[-18:])
    assert not shared & set(efetched(fake))
    assert {(p, "prolactin") for p in pmids[-18:]} <= links(tmp_db_path)


def test_full_run_downloads_every_record_again_from_the_history_server(
    real, write_topics, run_fetch, tmp_db_path
):
    fake, pmids = real
    topics = write_topics({"kratom": KRATOM})
    run_fetch(topics)
    fake.reset_log()

    assert run_fetch(topics, "--full") == 0

    assert sorted(efetched(fake)) == sorted(pmids[:20])
    assert all("WebEnv" in c.params for c in fake.calls("efetch"))
    assert [c.params.get("datetype") for c in fake.calls("esearch")] == [None]


def test_changed_query_searches_all_dates_again(real, write_topics, run_fetch, tmp_db_path):
    fake, pmids = real
    run_fetch(write_topics({"kratom": KRATOM}))
    fake.corpus.match("kratom[tiab] OR mitragynine[tiab]", pmids[:25])
    fake.reset_log()

    assert run_fetch(write_topics({"kratom": "kratom[tiab] OR mitragynine[tiab]"})) == 0

    assert [c.params.get("datetype") for c in fake.calls("esearch")] == [None]
    assert sorted(efetched(fake)) == sorted(pmids[20:25])


def test_every_run_is_recorded_with_counts_and_topic_state(
    real, write_topics, run_fetch, tmp_db_path, capsys
):
    topics = write_topics({"kratom": KRATOM, "prolactin": PROLACTIN})
    run_fetch(topics)
    db = open_db(tmp_db_path)
    run = db["fetch_runs"].get(1)

    assert run["status"] == "ok" and run["finished_at"] >= run["started_at"]
    assert run["sources"] == "pubmed" and run["full"] == 0 and run["pid"]
    assert json.loads(run["counts"])["pubmed"]["kratom"] == {
        "hits": 20,
        "new": 20,
        "updated": 0,
        "failed": 0,
    }
    assert json.loads(run["errors"]) == []
    states = {r["topic"]: r for r in db["fetch_state"].rows}
    assert states["kratom"]["last_success_started_at"] == run["started_at"]
    assert states["kratom"]["query"] == KRATOM
    out = capsys.readouterr().out
    assert "fetch run 1: ok" in out
    assert any(line.split()[:3] == ["pubmed", "kratom", "20"] for line in out.splitlines())


def test_bad_query_fails_its_topic_clearly_while_others_complete(
    real, write_topics, run_fetch, tmp_db_path, capsys
):
    fake, pmids = real
    topics = write_topics({"broken": "kratom[nosuchfield", "kratom": KRATOM})

    assert run_fetch(topics) == 2

    db = open_db(tmp_db_path)
    rows = {r["topic"]: r for r in db["fetch_run_topics"].rows}
    assert rows["broken"]["status"] == "failed"
    assert (
        "bad query" in rows["broken"]["error"] and "kratom[nosuchfield" in rows["broken"]["error"]
    )
    assert rows["kratom"]["status"] == "ok"
    assert db["fetch_runs"].get(1)["status"] == "partial"
    assert "bad query for topic 'broken'" in capsys.readouterr().out
    assert len([c for c in fake.calls("esearch") if c.params["term"] != KRATOM]) == 1


def test_query_rejected_with_an_error_reply_is_not_retried(
    real, write_topics, run_fetch, tmp_db_path
):
    fake, _ = real
    fake.inject("error", cgi="esearch", message="Invalid query")

    assert run_fetch(write_topics({"kratom": KRATOM})) == 2

    assert len(fake.calls("esearch")) == 1
    assert open_db(tmp_db_path)["fetch_state"].count == 0


@pytest.mark.parametrize(
    "env, args, message",
    [
        ({"NCBI_EMAIL": ""}, [], "NCBI_EMAIL is not set"),
        ({}, ["--sources", "pubmed,medrxiv"], "unknown source"),
        ({}, ["--topic", "nosuch"], "unknown topic"),
    ],
)
def test_configuration_errors_exit_2_before_touching_anything(
    eutils_env, write_topics, tmp_db_path, monkeypatch, capsys, env, args, message
):
    from fetchers.__main__ import main

    monkeypatch.setattr("fetchers.__main__.setup_logging", lambda *a, **k: None)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    topics = write_topics({"kratom": KRATOM})
    argv = ["run", "--db", str(tmp_db_path), "--topics", str(topics), "--sources", "pubmed"]

    assert main(argv + args) == 2

    assert message in capsys.readouterr().err
    assert eutils_env.requests == []
    assert not tmp_db_path.exists()


def test_trials_source_runs_for_topics_with_trials_terms_and_is_recorded(
    real, tmp_path, run_fetch, tmp_db_path, monkeypatch
):
    import fetchers.clinicaltrials as trials

    calls = []

    def fake_trials(db, topic, *, since, full, run_id):
        calls.append((topic.slug, since))
        return {"hits": 2, "new": 2, "updated": 0, "unchanged": 0, "failed": 0, "requests": 1}

    monkeypatch.setattr(trials, "fetch_topic", fake_trials)
    topics = tmp_path / "t.toml"
    topics.write_text(
        f'[topics.kratom]\nquery = "{KRATOM}"\ntrials_query = "kratom"\n'
        f'[topics.prolactin]\nquery = "{PROLACTIN}"\n',
        encoding="utf-8",
    )

    assert run_fetch(topics, "--sources", "pubmed,clinicaltrials") == 0
    assert run_fetch(topics, "--sources", "clinicaltrials") == 0

    db = open_db(tmp_db_path)
    first_start = db["fetch_runs"].get(1)["started_at"]
    assert calls == [("kratom", None), ("kratom", first_start)]
    state = db["fetch_state"].get(("clinicaltrials", "kratom"))
    assert state["query"] == "kratom" and state["last_success_run_id"] == 2
    assert db["fetch_run_topics"].get((1, "clinicaltrials", "kratom"))["new"] == 2
