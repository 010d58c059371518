"""One run at a time, and a killed run leaves nothing the next run cannot finish."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock

from db import open_db

ROOT = Path(__file__).resolve().parents[1]
KRATOM = "kratom[tiab]"


@pytest.fixture
def real(eutils_env):
    """The fake holding the recorded real records, all matching the kratom query."""
    pmids = eutils_env.corpus.add_real()
    eutils_env.corpus.match(KRATOM, pmids)
    return eutils_env


def test_second_run_exits_3_while_another_holds_the_lock(
    real, write_topics, run_fetch, tmp_db_path, capsys
):
    topics = write_topics({"kratom": KRATOM})
    holder = FileLock(f"{tmp_db_path}.lock")
    with holder:
        assert run_fetch(topics) == 3
    assert "another fetch run holds" in capsys.readouterr().err
    assert real.requests == []

    assert run_fetch(topics) == 0  # released: the next run goes ahead


def test_run_left_running_by_a_dead_process_is_marked_interrupted(
    real, write_topics, run_fetch, tmp_db_path
):
    db = open_db(tmp_db_path)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True
    )
    db["fetch_runs"].insert(
        {"started_at": "2025-01-01T00:00:00+00:00", "status": "running", "pid": int(dead.stdout)}
    )

    assert run_fetch(write_topics({"kratom": KRATOM})) == 0

    stale, fresh = list(db.query("SELECT status, errors FROM fetch_runs ORDER BY id"))
    assert stale["status"] == "interrupted" and "never finished" in stale["errors"]
    assert fresh["status"] == "ok"


def state(db_path: Path) -> dict:
    """What a fetch leaves behind that must not depend on how the run went."""
    with sqlite3.connect(db_path) as conn:
        q = lambda sql: sorted(conn.execute(sql).fetchall())  # noqa: E731
        return {
            "records": q("SELECT id, content_hash, title FROM records"),
            "links": q("SELECT article_id, topic, relevance, relevance_reason FROM article_topics"),
            "annotations": q(
                "SELECT article_id, study_type, sample_size, subjects FROM annotations"
            ),
            "questions": q("SELECT id, text, themes FROM open_questions"),
            "open_gaps": q("SELECT id FROM fetch_gaps WHERE resolved_run_id IS NULL"),
            "state": q("SELECT source, topic, query FROM fetch_state"),
        }


def fetch_process(db: Path, topics: Path, fake) -> subprocess.Popen:
    """`python -m fetchers run` in a child process, pointed at the fake."""
    env = dict(
        os.environ,
        NCBI_EMAIL="tests@example.org",
        NCBI_API_KEY="test-key",
        EUTILS_BASE_URL=fake.base_url,
        FETCH_BACKOFF_SCALE="0.01",
        PYTHONPATH=str(ROOT),
    )
    argv = ["run", "--db", str(db), "--topics", str(topics), "--sources", "pubmed"]
    return subprocess.Popen(
        [sys.executable, "-m", "fetchers", *argv, "--quiet", "--batch-size", "100"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_fetch_resumes_after_crash_and_converges_to_an_uninterrupted_run(
    eutils_env, write_topics, tmp_path
):
    fake = eutils_env
    pmids = fake.corpus.add_synthetic(1500) + fake.corpus.add_real()
    fake.corpus.match(KRATOM, pmids)
    fake.corpus.match("prolactin[tiab]", pmids[-40:])
    topics = write_topics({"kratom": KRATOM, "prolactin": "prolactin[tiab]"})
    killed_db, clean_db = tmp_path / "killed.db", tmp_path / "clean.db"

    child = fetch_process(killed_db, topics, fake)
    deadline = time.monotonic() + 60
    while len(fake.calls("efetch")) < 5 and time.monotonic() < deadline:
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    with sqlite3.connect(killed_db) as conn:
        partial = conn.execute("SELECT count(*) FROM records").fetchone()[0]
        assert conn.execute("SELECT status FROM fetch_runs").fetchall() == [("running",)]
    assert 0 < partial < len(pmids)

    rerun = fetch_process(killed_db, topics, fake)
    assert rerun.wait(timeout=120) == 0, rerun.stderr.read().decode()
    clean = fetch_process(clean_db, topics, fake)
    assert clean.wait(timeout=120) == 0, clean.stderr.read().decode()

    assert state(killed_db) == state(clean_db)
    assert len(state(clean_db)["records"]) == len(pmids)
    with sqlite3.connect(killed_db) as conn:
        statuses = [r[0] for r in conn.execute("SELECT status FROM fetch_runs ORDER BY id")]
    assert statuses == ["interrupted", "ok"]
