"""The dashboard reads (threads and processes) and saves corrections while an import writes:
nobody sees "database is locked", and every write lands.

The import is 1,500 SYNTHETIC records (bench/synthetic.py) on top of the real sample.
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

import pytest

from bench.synthetic import generate
from db import open_db
from db.store import add_note, save_correction
from fetchers.importer import import_file

ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC = 1500


def dashboard_calls(path: str) -> list:
    """What the dashboard pages run: db.queries when it exists, else the SQL they stand for."""
    try:
        from db import queries as Q
    except ImportError:
        return [lambda: representative_sql(path)]
    f = Q.Filters()
    return [
        lambda: Q.count_records(path, f),
        lambda: Q.records(path, f, limit=500),
        lambda: Q.search(path, "kratom withdrawal", f, limit=200),
        lambda: Q.counts_by_year_type(path, f),
        lambda: Q.sample_size_summary(path, f),
        lambda: Q.new_since(path, 30, f, limit=50),
        lambda: Q.gap_map(path, f),
        lambda: Q.fetch_log(path, 20),
    ]


def representative_sql(path: str) -> None:
    """A browse page's query on the articles view, as plain SQL."""
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        conn.execute(
            "SELECT article_id, title, year, study_type FROM articles ORDER BY year DESC LIMIT 500"
        ).fetchall()
    finally:
        conn.close()


def read_until(path: str, stop: str) -> tuple[int, list[str]]:
    """Run the dashboard's queries round and round until the stop file appears."""
    calls, done, errors = dashboard_calls(path), 0, []
    while not Path(stop).exists() and len(errors) < 5:
        for call in calls:
            try:
                call()
                done += 1
            except Exception:  # noqa: BLE001 - every failure is the finding
                errors.append(traceback.format_exc(limit=3))
    return done, errors


def reader_process(path: str, stop: str, results) -> None:
    """read_until in a separate process (the notebooks, a second dashboard)."""
    results.put(read_until(path, stop))


@pytest.fixture
def sample_db(tmp_path) -> Path:
    """The real bundled sample, each file linked to its topic."""
    path = tmp_path / "concurrent.db"
    db = open_db(path)
    for xml in sorted((ROOT / "data" / "sample").glob("*.xml")):
        assert import_file(db, xml, [xml.stem]).error is None
    db.conn.close()
    return path


@pytest.mark.slow
def test_dashboard_reads_and_corrections_never_see_a_locked_database(sample_db, tmp_path):
    """Readers in threads and processes, plus a correcting researcher, during an import."""
    synthetic = generate(tmp_path / "synthetic.xml", SYNTHETIC, first_pmid=93_000_000)
    stop = tmp_path / "stop"
    path = str(sample_db)
    spawn = multiprocessing.get_context("spawn")
    queue = spawn.Queue()
    processes = [spawn.Process(target=reader_process, args=(path, str(stop), queue))
                 for _ in range(2)]  # fmt: skip
    thread_results: list[tuple[int, list[str]]] = []
    threads = [
        threading.Thread(target=lambda: thread_results.append(read_until(path, str(stop))))
        for _ in range(2)
    ]
    corrections: list[str] = []
    writes = [0]

    def researcher() -> None:
        """Save corrections and notes as fast as a keen researcher could click."""
        db = open_db(path, migrate=False)
        ids = [r[0] for r in db.execute("SELECT id FROM records ORDER BY id LIMIT 20")]
        while not stop.exists():
            for article_id in ids:
                try:
                    save_correction(db, article_id, off_topic=writes[0] % 2)
                    add_note(db, article_id, f"note {writes[0]}")
                    writes[0] += 1
                except Exception:  # noqa: BLE001
                    corrections.append(traceback.format_exc(limit=3))
                    return
                time.sleep(0.02)
        db.conn.close()

    threads.append(threading.Thread(target=researcher))
    for worker in [*processes, *threads]:
        worker.start()
    import_cmd = [sys.executable, "-m", "fetchers", "import", str(synthetic), "--db", path,
                  "--topic", "mitragynine"]  # fmt: skip
    try:
        writer = subprocess.run(import_cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    finally:
        stop.touch()
        for thread in threads:
            thread.join(60)
        process_results = [queue.get(timeout=60) for _ in processes]
        for process in processes:
            process.join(30)

    assert writer.returncode == 0, writer.stderr[-2000:]
    assert "locked" not in writer.stderr
    assert corrections == []
    for done, errors in [*thread_results, *process_results]:
        assert errors == []
        assert done > 0
    assert writes[0] > 0
    db = open_db(path, readonly=True)
    synthetic_count = db.execute("SELECT count(*) FROM records WHERE id >= 93000000").fetchone()
    notes = db.execute("SELECT count(*) FROM notes").fetchone()[0]
    assert synthetic_count[0] == SYNTHETIC
    assert notes == writes[0]
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
