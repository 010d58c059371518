"""SIGKILL the fetcher at random moments, 20+ times, then let it finish: the database must be
intact and hold exactly what an uninterrupted run stores; researchers' work is untouched.

The corpus is the real recorded records plus 2,000 SYNTHETIC ones (bench/synthetic.py:
titles "[SYNTHETIC] …", PMIDs from 91,000,000), served by the loopback fake E-utilities.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fake_eutils import Entry, FakeEutils

from bench.synthetic import article_xml
from db import open_db
from db.store import add_note, save_correction

ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC = 2000
FIRST_PMID = 91_000_000
KILLS = 22
SEED = int(os.environ.get("CRASH_SEED", "20261121"))


def synthetic_entries(count: int, first: int = FIRST_PMID) -> list[Entry]:
    """Rich SYNTHETIC records with entry dates spread over 2000-2024."""
    rng = random.Random(7)
    start = dt.date(2000, 1, 1)
    return [
        Entry(pmid, article_xml(pmid, rng).encode(), day, day, synthetic=True)
        for i, pmid in enumerate(range(first, first + count))
        for day in [start + dt.timedelta(days=i * 4)]
    ]


def load_corpus(fake: FakeEutils) -> None:
    """Three overlapping topics: real only, real + synthetic, synthetic only."""
    real = fake.corpus.add_real()
    synthetic = fake.corpus.add(synthetic_entries(SYNTHETIC))
    fake.corpus.match("crash real", real)
    fake.corpus.match("crash mixed", real[::2] + synthetic[: SYNTHETIC * 2 // 3])
    fake.corpus.match("crash synthetic", synthetic[SYNTHETIC // 3 :])


@pytest.fixture
def server():
    """The fake E-utilities with the crash corpus."""
    fake = FakeEutils().start()
    load_corpus(fake)
    yield fake
    fake.stop()


def fetch_env(fake: FakeEutils) -> dict[str, str]:
    """The subprocess's environment: the fake server, a dummy key for the 10/s rate."""
    env = {k: v for k, v in os.environ.items() if k != "LITERATURE_DB"}
    env.update(
        NCBI_EMAIL="tests@example.org",
        NCBI_API_KEY="dummy-key-for-the-loopback-fake",
        EUTILS_BASE_URL=fake.base_url,
        FETCH_BACKOFF_SCALE="0.01",
        FETCH_TIMEOUT="5",
        PYTHONPATH=str(ROOT),
    )
    return env


def fetch(db: Path, topics: Path, fake: FakeEutils, *extra: str) -> subprocess.Popen:
    """Start `python -m fetchers run` as a separate process that can be killed."""
    cmd = [sys.executable, "-m", "fetchers", "run", "--db", str(db), "--topics", str(topics),
           "--sources", "pubmed", "--batch-size", "100", "--quiet", *extra]  # fmt: skip
    return subprocess.Popen(
        cmd, cwd=ROOT, env=fetch_env(fake), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def run_to_end(db: Path, topics: Path, fake: FakeEutils, *extra: str) -> int:
    """A run left alone until it exits."""
    proc = fetch(db, topics, fake, *extra)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()[-2000:]
    return proc.returncode


def snapshot(path: Path) -> dict:
    """Everything a run stores that must not depend on how often it was interrupted."""
    conn = sqlite3.connect(path)
    try:

        def rows(sql: str) -> list:
            return conn.execute(sql).fetchall()

        return {
            "records": dict(rows("SELECT id, content_hash FROM records")),
            "topics": set(rows("SELECT article_id, topic, relevance FROM article_topics")),
            "annotations": set(
                rows(
                    "SELECT article_id, study_type, study_type_confidence, subjects, sample_size,"
                    " sample_unit, sample_size_start, sample_size_end, annotator_version "
                    "FROM annotations"
                )
            ),
            "questions": set(rows("SELECT id, article_id, text, themes FROM open_questions")),
            "corrections": set(rows("SELECT * FROM corrections")),
            "notes": set(rows("SELECT id, article_id, text, author, created_at FROM notes")),
        }
    finally:
        conn.close()


def write_topics(path: Path) -> Path:
    """The topics file: each query is one the fake corpus declares."""
    body = "".join(
        f'[topics.{slug}]\nquery = "{query}"\n\n'
        for slug, query in (
            ("real", "crash real"),
            ("mixed", "crash mixed"),
            ("synthetic", "crash synthetic"),
        )  # fmt: skip
    )
    path.write_text(body, encoding="utf-8")
    return path


def researchers_work(db_path: Path) -> None:
    """Corrections and notes made on the real records before the crashes begin."""
    db = open_db(db_path)
    ids = [r[0] for r in db.execute("SELECT id FROM records ORDER BY id LIMIT 3")]
    save_correction(db, ids[0], study_type="rct", reason="read the full text")
    save_correction(db, ids[1], off_topic=1, reason="not about opioids")
    save_correction(db, ids[2], sample_size=42, sample_unit="participants")
    add_note(db, ids[0], "check the dosing table")
    db.conn.close()


def prepare(db: Path, topics: Path, fake: FakeEutils) -> None:
    """A first complete run of the real topic, then the researchers' work."""
    run_to_end(db, topics, fake, "--topic", "real")
    researchers_work(db)


def stored(path: Path) -> int:
    """Records committed so far, read beside the running fetcher (-1 if not readable yet)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM records").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return -1


def wait_for_progress(
    proc: subprocess.Popen, path: Path, rng: random.Random, timeout: float
) -> None:
    """Return a random moment (0-0.6 s) after the run commits new records, or when it ends."""
    start, deadline = stored(path), time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if stored(path) > start:
            time.sleep(rng.uniform(0.0, 0.6))
            return
        time.sleep(0.02)


def integrity(path: Path) -> str:
    """PRAGMA integrity_check's verdict."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.slow
def test_fetch_survives_sigkill_at_random_points(tmp_path, server):
    """22 SIGKILLs mid-run, then one full run: same state as never interrupted, nothing lost."""
    topics = write_topics(tmp_path / "topics.toml")
    reference, crashed = tmp_path / "reference.db", tmp_path / "crashed.db"
    prepare(reference, topics, server)
    started = time.monotonic()
    run_to_end(reference, topics, server)
    full_run = time.monotonic() - started
    expected = snapshot(reference)
    assert len(expected["records"]) > SYNTHETIC
    started = time.monotonic()
    run_to_end(reference, topics, server, "--full")
    resync = time.monotonic() - started
    assert snapshot(reference) == expected  # re-syncing a complete database changes nothing

    prepare(crashed, topics, server)
    before = snapshot(crashed)
    rng = random.Random(SEED)
    stored_after_kill, killed = [], 0
    for attempt in range(3 * KILLS):
        complete = stored(crashed) == len(expected["records"])
        proc = fetch(crashed, topics, server, *(("--full",) if complete else ()))
        # Half the kills land in start-up (imports, migrations, searches), half in downloads:
        # a random moment after the run stored something new, so they hit mid-download
        # however fast this machine parses and annotates. Once every record is stored a
        # new run has little left to do, so the kills go to full re-syncs instead, at a
        # random moment within the time one takes.
        if complete:
            time.sleep(rng.uniform(0.05, 0.8 * resync))
        elif attempt % 2:
            time.sleep(rng.uniform(0.05, 1.5))
        else:
            wait_for_progress(proc, crashed, rng, timeout=max(30.0, 3 * full_run))
        if proc.poll() is None:  # still running: kill it (a run that ended is not counted)
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.communicate()
        assert integrity(crashed) == "ok", f"after kill {killed} (seed {SEED})"
        stored_after_kill.append(len(snapshot(crashed)["records"]))
        if killed == KILLS:
            break
    assert killed == KILLS, f"only {killed} runs were still running when killed"
    # Kills landed mid-download (partial states), not all before or after it.
    partial = {
        n for n in stored_after_kill if len(before["records"]) < n < len(expected["records"])
    }
    assert len(partial) >= 3, stored_after_kill
    run_to_end(crashed, topics, server)

    assert integrity(crashed) == "ok"
    after = snapshot(crashed)
    assert after["records"] == expected["records"]
    assert after["topics"] == expected["topics"]
    assert after["annotations"] == expected["annotations"]
    assert after["questions"] == expected["questions"]
    assert after["corrections"] == before["corrections"] and len(before["corrections"]) == 3
    assert after["notes"] == before["notes"] and len(before["notes"]) == 1
    conn = sqlite3.connect(crashed)
    statuses = dict(conn.execute("SELECT status, count(*) FROM fetch_runs GROUP BY status"))
    open_gaps = conn.execute(
        "SELECT count(*) FROM fetch_gaps WHERE resolved_run_id IS NULL"
    ).fetchone()[0]
    distinct = conn.execute("SELECT count(*), count(DISTINCT pmid) FROM records").fetchone()
    conn.close()
    assert "running" not in statuses, statuses
    assert statuses.get("interrupted", 0) >= 1, statuses
    assert open_gaps == 0
    assert distinct[0] == distinct[1] == len(expected["records"])
