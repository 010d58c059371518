"""Every kind of E-utilities misbehaviour: each run either completes, or exits 1 with what it
missed recorded, and the next run fills it, ending in the state of a run that saw no faults.

Corpus: the real recorded records plus 120 SYNTHETIC ones (bench/synthetic.py), served by
the loopback fake E-utilities (tests/fake_eutils.py), which injects the faults.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fake_eutils import FakeEutils, Fault
from test_crash_safety import snapshot, synthetic_entries

from fetchers.__main__ import build_parser
from fetchers.run import cmd_run

SYNTHETIC = 120
FAULTS = {
    "429 with Retry-After": Fault("status", status=429, retry_after=0.05),
    "500": Fault("status", status=500),
    "502": Fault("status", status=502),
    "503": Fault("status", status=503),
    "connection reset": Fault("reset"),
    "connection closed": Fault("close"),
    "slower than the timeout": Fault("slow", delay=1.5),
    "truncated body": Fault("truncate"),
    "body shorter than Content-Length": Fault("short"),
    "<ERROR> reply": Fault("error", message="Search Backend failed: simulated"),
}
TOPICS = {"alpha": "faults alpha", "beta": "faults beta"}


@pytest.fixture(scope="module")
def server():
    """One fake server for the module: real records plus a few synthetic ones, two topics."""
    fake = FakeEutils().start()
    real = fake.corpus.add_real()
    synthetic = fake.corpus.add(synthetic_entries(SYNTHETIC, first=92_000_000))
    fake.corpus.match("faults alpha", real + synthetic[:80])
    fake.corpus.match("faults beta", real[::3] + synthetic[60:])
    yield fake
    fake.stop()


@pytest.fixture
def fetch_env(monkeypatch, server, tmp_path):
    """Environment for in-process runs: short timeout, three attempts, quick backoff."""
    for key, value in {
        "NCBI_EMAIL": "tests@example.org",
        "NCBI_API_KEY": "dummy-key-for-the-loopback-fake",  # 10 requests/s against the fake
        "EUTILS_BASE_URL": server.base_url,
        "FETCH_TIMEOUT": "0.5",
        "FETCH_MAX_ATTEMPTS": "3",
        "FETCH_BACKOFF_SCALE": "0.01",
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("LITERATURE_DB", raising=False)
    topics = tmp_path / "topics.toml"
    topics.write_text("".join(f'[topics.{s}]\nquery = "{q}"\n\n' for s, q in TOPICS.items()))
    server.faults.clear()
    server.chaos(0, [])
    server.reset_log()
    yield server, topics
    server.faults.clear()
    server.chaos(0, [])


def run(db: Path, topics: Path) -> int:
    """One `python -m fetchers run` in-process (small batches, so faults hit mid-topic)."""
    argv = ["run", "--db", str(db), "--topics", str(topics), "--sources", "pubmed", "--quiet",
            "--batch-size", "40"]  # fmt: skip
    return cmd_run(build_parser().parse_args(argv))


def comparable(path: Path) -> dict:
    """The stored state that must not depend on the faults met on the way."""
    state = snapshot(path)
    return {k: state[k] for k in ("records", "topics", "annotations", "questions")}


def left_behind(path: Path) -> tuple[int, int]:
    """Open gaps, and topics of the last run that did not finish cleanly."""
    conn = sqlite3.connect(path)
    try:
        gaps = conn.execute(
            "SELECT count(*) FROM fetch_gaps WHERE resolved_run_id IS NULL"
        ).fetchone()[0]
        unfinished = conn.execute(
            "SELECT count(*) FROM fetch_run_topics WHERE run_id = (SELECT max(id) FROM fetch_runs)"
            " AND (status != 'ok' OR error IS NOT NULL OR failed > 0)"
        ).fetchone()[0]
        return gaps, unfinished
    finally:
        conn.close()


@pytest.fixture(scope="module")
def reference(server, tmp_path_factory):
    """The state after one run that met no faults."""
    path = tmp_path_factory.mktemp("reference") / "reference.db"
    with pytest.MonkeyPatch.context() as mp:
        topics = path.parent / "topics.toml"
        topics.write_text("".join(f'[topics.{s}]\nquery = "{q}"\n\n' for s, q in TOPICS.items()))
        for key, value in {"NCBI_EMAIL": "tests@example.org", "NCBI_API_KEY": "dummy",
                           "EUTILS_BASE_URL": server.base_url}.items():  # fmt: skip
            mp.setenv(key, value)
        assert run(path, topics) == 0
    state = comparable(path)
    assert len(state["records"]) > SYNTHETIC
    return state


def check_run(db: Path, status: int, expected: dict) -> None:
    """A run completes (and then holds everything) or exits 1 with what it missed recorded."""
    assert status in (0, 1), f"exit status {status}"
    gaps, unfinished = left_behind(db)
    if status == 0:
        assert gaps == 0 and unfinished == 0
        assert comparable(db) == expected
    else:
        assert gaps + unfinished > 0, "a run exited 1 without recording what it missed"


@pytest.mark.slow
@pytest.mark.parametrize("cgi", ["esearch", "efetch"])
@pytest.mark.parametrize("name", list(FAULTS))
def test_fault_is_survived_and_the_next_run_fills_the_gap(
    fetch_env, reference, tmp_path, name, cgi
):
    """A fault that outlasts the retries costs one run a gap; the next run fills it."""
    server, topics = fetch_env
    fault = FAULTS[name]
    server.faults.append(Fault(**{**fault.__dict__, "times": 4, "cgi": cgi}))
    db = tmp_path / "faulty.db"
    first = run(db, topics)
    check_run(db, first, reference)
    assert any(r.fault == fault.kind for r in server.calls(cgi)), "the fault was never served"
    server.faults.clear()
    assert run(db, topics) == 0
    check_run(db, 0, reference)


@pytest.mark.slow
def test_runs_under_constant_chaos_converge_to_the_fault_free_state(fetch_env, reference, tmp_path):
    """Every other request fails in a rotating way; repeated runs still converge."""
    server, topics = fetch_env
    server.chaos(2, list(FAULTS.values()))
    kinds = {f.kind for f in FAULTS.values()}
    for attempt in range(6):  # fresh databases until every kind of fault has been served
        db = tmp_path / f"chaos{attempt}.db"
        statuses = [run(db, topics)]
        check_run(db, statuses[-1], reference)
        while statuses[-1] != 0 and len(statuses) < 8:
            statuses.append(run(db, topics))
            check_run(db, statuses[-1], reference)
        assert statuses[-1] == 0, f"no convergence under chaos: {statuses}"
        if kinds <= {r.fault for r in server.requests}:
            break
    assert kinds <= {r.fault for r in server.requests}
