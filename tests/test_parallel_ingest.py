"""Parsing and annotation in worker processes: the same database as one process, and safe
when a worker crashes, hangs or outlives a killed import."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import fetchers.workers
from db import open_db, pipeline
from db.pipeline import store_records
from fetchers.importer import import_file
from fetchers.pubmed_xml import ArticleXML, iter_articles
from fetchers.workers import worker_pool

pytestmark = pytest.mark.usefixtures("plain_main")  # workers must not run app.py again
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
PUBMED = ROOT / "tests" / "fixtures" / "entrez"
TIMESTAMPS = {"updated_at", "first_seen", "annotated_at"}


def real_records() -> list[dict]:
    """The bundled sample and the Biopython fixtures: about a hundred real records."""
    files = [*sorted(SAMPLE.glob("*.xml")), *sorted(PUBMED.glob("pubmed*.xml"))]
    return [record for path in files for record in iter_articles(path)]


def contents(path: Path) -> dict[str, list]:
    """Every row of the pipeline's tables, without the write timestamps."""
    conn = sqlite3.connect(path)
    out = {}
    for table in ("records", "annotations", "open_questions", "open_question_themes",
                  "article_topics", "article_facts"):  # fmt: skip
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        keep = ", ".join(f'"{c}"' for c in columns if c not in TIMESTAMPS)
        out[table] = sorted(map(repr, conn.execute(f"SELECT {keep} FROM {table}")))
    conn.close()
    return out


def ingest(path: Path, workers: int, records: list) -> dict[str, list]:
    """Store the records in small batches (so there are many) and read everything back."""
    db = open_db(path)
    with worker_pool(workers) as pool:
        counts = store_records(db, records, ["mitragynine", "withdrawal"], batch_size=16, pool=pool)
        assert counts.new == len({parsed(r)["id"] for r in records})
    db.conn.close()
    return contents(path)


def parsed(item) -> dict:
    """A record, or the record a deferred item stands for."""
    return item if isinstance(item, dict) else item.record


def in_worker() -> bool:
    """True inside a pool's worker process (its parent is the importer)."""
    return multiprocessing.parent_process() is not None


class CrashInWorker:
    """A deferred item whose parse kills the worker process that tries it (as a segfault or
    the OOM killer would); parsed in the importing process, it is the record it wraps."""

    rejects = ()

    def __init__(self, record: dict) -> None:
        self.record = record

    def parse(self) -> dict:
        if in_worker():
            os._exit(70)
        return self.record


class HangInWorker(CrashInWorker):
    """A deferred item whose parse never returns in a worker (stopped, deadlocked)."""

    def parse(self) -> dict:
        while in_worker():
            time.sleep(60)
        return self.record


def modules_loaded_by_sqlite_utils() -> list[str]:
    """Which of pandas and numpy a worker holds once sqlite-utils is imported there."""
    import sqlite_utils  # noqa: F401

    return [name for name in ("pandas", "numpy") if sys.modules.get(name) is not None]


def test_worker_processes_store_exactly_what_one_process_stores(tmp_path, caplog):
    records = real_records()
    assert len(records) > 3 * 16  # several batches, so the pool really starts
    inline = ingest(tmp_path / "inline.db", 0, records)
    pooled = ingest(tmp_path / "pooled.db", 2, records)
    assert "import worker failed" not in caplog.text
    assert pooled == inline
    assert len(inline["annotations"]) == len({r["id"] for r in records})


def test_the_importer_does_the_chunks_no_worker_has_started(tmp_path):
    # a pool whose only worker is busy elsewhere: the importer takes every chunk back
    records = real_records()
    inline = ingest(tmp_path / "inline.db", 0, records)
    db = open_db(tmp_path / "taken.db")
    release = threading.Event()
    with ThreadPoolExecutor(1) as pool:
        pool.submit(release.wait)
        store_records(db, records, ["mitragynine", "withdrawal"], batch_size=16, pool=pool)
        release.set()
    db.conn.close()
    assert contents(tmp_path / "taken.db") == inline


@pytest.mark.parametrize(
    ("item", "workers", "stall", "reason"),
    [
        (CrashInWorker, 2, 50.0, "terminated abruptly"),
        (HangInWorker, 1, 1.5, "no result for 1.5 s"),
    ],
)
def test_a_crashed_or_hung_worker_loses_nothing_warns_once_and_is_stopped(
    tmp_path, monkeypatch, caplog, item, workers, stall, reason
):
    # neither may hang a nightly run or change what it stores
    monkeypatch.setattr(pipeline, "STALL_SECONDS", stall)
    monkeypatch.setattr(fetchers.workers, "EXIT_GRACE", 0.5)
    records = real_records()
    inline = ingest(tmp_path / "inline.db", 0, records)
    started = time.monotonic()
    pooled = ingest(tmp_path / "pooled.db", workers, [item(r) for r in records])
    assert time.monotonic() - started < 60
    assert pooled == inline
    assert caplog.text.count("import worker failed") == 1
    assert reason in caplog.text and "finishing the import in this process" in caplog.text
    assert multiprocessing.active_children() == []  # no worker left behind


def test_one_batch_never_starts_workers(tmp_path):
    db = open_db(tmp_path / "small.db")
    with worker_pool(4) as pool:
        store_records(db, real_records()[:10], ["withdrawal"], batch_size=16, pool=pool)
        assert multiprocessing.active_children() == []


def test_workers_load_sqlite_utils_without_pandas():
    with worker_pool(1) as pool:
        assert pool.submit(modules_loaded_by_sqlite_utils).result(timeout=60) == []


def test_default_workers_follows_the_environment(monkeypatch):
    monkeypatch.setenv(fetchers.workers.WORKERS_ENV, "3")
    assert fetchers.workers.default_workers() == 3
    monkeypatch.setenv(fetchers.workers.WORKERS_ENV, "many")
    assert 0 <= fetchers.workers.default_workers() <= 4


def sample_head_and_body() -> tuple[str, str]:
    """The real mitragynine sample split into what precedes its articles and the articles."""
    text = (SAMPLE / "mitragynine.xml").read_text(encoding="utf-8")
    head, _, rest = text.partition("<PubmedArticle>")
    return head, "<PubmedArticle>" + rest.rsplit("</PubmedArticleSet>", 1)[0]


def children_of(pid: int) -> set[int]:
    """Live child processes of pid (Linux /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def descendants_of(pid: int) -> set[int]:
    """Live children of pid, their children, and so on."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        kids = children_of(todo.pop()) - found
        found |= kids
        todo.extend(kids)
    return found


def alive(pid: int) -> bool:
    """True while pid runs (a zombie counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc")
def test_workers_exit_when_the_import_is_killed(tmp_path):
    source = tmp_path / "big.xml"
    head, body = sample_head_and_body()
    # the same real records many times over; repeated ids make the file take a while
    source.write_text(head + body * 60 + "</PubmedArticleSet>\n", encoding="utf-8")
    env = dict(os.environ, KRATOM_WORKERS="2", PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "fetchers", "import", str(source), "--db", str(tmp_path / "k.db")]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    spawned: set[int] = set()  # the workers come from a forkserver: grandchildren
    while time.monotonic() < deadline and len(spawned) < 2 and proc.poll() is None:
        family = descendants_of(proc.pid)
        spawned = family - children_of(proc.pid)
        time.sleep(0.05)
    assert len(spawned) == 2, "the import never started its workers"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(alive(pid) for pid in family):
        time.sleep(0.1)
    assert not any(alive(pid) for pid in family)  # workers, forkserver and all
    conn = sqlite3.connect(tmp_path / "k.db")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def repeated_sample(path: Path, copies: int, tail: str = "</PubmedArticleSet>\n") -> Path:
    """The real sample articles `copies` times over (so the file spans several batches), with
    one record's PMID broken in the second copy; repeated ids must converge, not duplicate."""
    head, body = sample_head_and_body()
    first_pmid = body.split('<PMID Version="1">', 1)[1].split("<", 1)[0]
    broken = body.replace(f'<PMID Version="1">{first_pmid}<', '<PMID Version="1">not-a-pmid<', 1)
    path.write_text(head + body + broken + body * (copies - 2) + tail, encoding="utf-8")
    return path


def imported(path: Path, source: Path, workers: int) -> tuple[dict, tuple]:
    """Import a file with this many workers; the tables and what the import reported."""
    db = open_db(path)
    result = import_file(db, source, ["mitragynine"], workers=workers)
    db.conn.close()
    return contents(path), (result.new, result.updated, result.unchanged, result.skipped)


def test_workers_parsing_articles_store_what_one_process_stores(tmp_path, caplog):
    source = repeated_sample(tmp_path / "repeated.xml", copies=14)  # 14 * 42 > 500
    inline, inline_report = imported(tmp_path / "inline.db", source, 0)
    pooled, pooled_report = imported(tmp_path / "pooled.db", source, 2)
    assert "worker failed" not in caplog.text  # the workers did their share, no fallback
    assert pooled == inline
    assert pooled_report == inline_report
    assert not pipeline._READER  # the importer's read-only connection closed with the import
    assert len(inline_report[3]) == 1 and "not-a-pmid" in inline_report[3][0]
    assert inline_report[0] == len(inline["records"]) == 42


def test_workers_keep_the_records_before_a_truncation(tmp_path):
    source = repeated_sample(tmp_path / "cut.xml", copies=14, tail="<PubmedArticle><Medl")
    db = open_db(tmp_path / "cut.db")
    result = import_file(db, source, ["mitragynine"], workers=2)
    assert "truncated" in result.error
    assert db.execute("SELECT count(*) FROM records").fetchone()[0] == 42
    assert db.execute("SELECT count(*) FROM annotations").fetchone()[0] == 42


def test_articles_are_parsed_here_when_the_document_declares_entities(tmp_path):
    head = b'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [<!ENTITY x "kratom">]>\n'
    text = (SAMPLE / "mitragynine.xml").read_bytes()
    body = text[text.index(b"<PubmedArticleSet") :]
    path = tmp_path / "entities.xml"
    path.write_bytes(head + body)
    items = list(iter_articles(path, deferred=True))
    assert items and all(isinstance(item, dict) for item in items)
    plain = list(iter_articles(SAMPLE / "mitragynine.xml", deferred=True))
    assert plain and all(isinstance(item, ArticleXML) for item in plain)
    assert [item.parse() for item in plain] == items
