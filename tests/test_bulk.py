"""Bulk loads: a connection tuned while they run, and read indexes built once at the end."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from db import bulk, open_db
from db.pipeline import store_records
from fetchers.pubmed_xml import iter_articles
from fetchers.workers import worker_pool

pytestmark = pytest.mark.usefixtures("plain_main")  # workers must not run app.py again
ROOT = Path(__file__).resolve().parents[1]
FILES = [*sorted((ROOT / "data" / "sample").glob("*.xml")),
         *sorted((ROOT / "tests" / "fixtures" / "entrez").glob("pubmed*.xml"))]  # fmt: skip


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "lit.db")


def real_records() -> list[dict]:
    """About a hundred real records: the bundled sample and Biopython's PubMed fixtures."""
    return [record for path in FILES for record in iter_articles(path)]


def read_indexes(db) -> dict[str, str]:
    """{name: CREATE INDEX sql} of the dashboard's read indexes that exist now."""
    marks = ", ".join("?" for _ in bulk.READ_INDEXES)
    sql = f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ({marks})"
    return dict(db.execute(sql, list(bulk.READ_INDEXES)).fetchall())


def watched(db, records: list[dict], seen: list) -> object:
    """The records, noting which read indexes exist as each one is taken."""
    for record in records:
        seen.append(frozenset(read_indexes(db)))
        yield record


def test_bulk_storing_uses_a_big_cache_and_restores_the_connection(db):
    pragmas = ("cache_size", "wal_autocheckpoint")
    before = [db.execute(f"PRAGMA {p}").fetchone()[0] for p in pragmas]
    during = []

    def records():
        for record in real_records():
            during.append(db.execute("PRAGMA cache_size").fetchone()[0])
            yield record

    store_records(db, records(), ["withdrawal"])
    assert set(during) == {-bulk.BULK_CACHE_KIB}
    assert [db.execute(f"PRAGMA {p}").fetchone()[0] for p in pragmas] == before


@pytest.mark.parametrize("workers", [1, 0])
def test_an_initial_load_builds_the_read_indexes_at_the_end(db, workers):
    schema = read_indexes(db)
    assert set(schema) == set(bulk.READ_INDEXES)
    seen: list = []
    with worker_pool(workers) as pool:
        store_records(db, watched(db, real_records(), seen), ["withdrawal"], batch_size=16,
                      pool=pool, bulk=True)  # fmt: skip
    assert seen and all(not names for names in seen)  # absent while the load ran
    assert read_indexes(db) == schema  # back, exactly as the migrations define them
    assert db.execute("SELECT count(*) FROM _deferred_indexes").fetchone()[0] == 0
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    plan = db.execute("EXPLAIN QUERY PLAN SELECT min(year), max(year) FROM records").fetchall()
    assert any("idx_records_year" in row[-1] for row in plan)


def test_fetch_batches_into_an_empty_database_keep_their_indexes(db):
    seen: list = []
    store_records(db, watched(db, real_records(), seen), ["withdrawal"], batch_size=16)
    assert seen and all(names == set(bulk.READ_INDEXES) for names in seen)


def test_a_load_into_a_populated_database_keeps_its_indexes(db, monkeypatch):
    records = real_records()
    store_records(db, records[:20], ["withdrawal"])
    monkeypatch.setattr(bulk, "DEFER_UP_TO", 10)
    seen: list = []
    with worker_pool(1) as pool:
        store_records(
            db, watched(db, records[20:], seen), ["withdrawal"], batch_size=16, pool=pool, bulk=True
        )
    assert seen and all(names == set(bulk.READ_INDEXES) for names in seen)


KILLED_LOAD = """
import os, signal, sys
sys.path.insert(0, sys.argv[2])
from db import open_db
from db.pipeline import store_records
from fetchers.pubmed_xml import iter_articles
from fetchers.workers import worker_pool

def records():
    for n, record in enumerate(r for f in sys.argv[3:] for r in iter_articles(f)):
        if n == 80:  # a few batches of 16 committed, more read ahead
            os.kill(os.getpid(), signal.SIGKILL)
        yield record

with worker_pool(1) as pool:
    store_records(open_db(sys.argv[1]), records(), ["withdrawal"], batch_size=16, pool=pool, bulk=True)
"""


def test_indexes_a_killed_load_deferred_are_built_by_the_next_write(db, tmp_path):
    schema = read_indexes(db)
    path = tmp_path / "lit.db"
    args = [sys.executable, "-c", KILLED_LOAD, str(path), str(ROOT), *map(str, FILES)]
    done = subprocess.run(args, capture_output=True, timeout=120, check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert 0 < db.execute("SELECT count(*) FROM records").fetchone()[0] < 80
    assert read_indexes(db) == {}  # the dashboard still answers, from the tables
    assert db.execute("SELECT count(*) FROM _deferred_indexes").fetchone()[0] == len(schema)
    store_records(db, real_records()[:50], ["withdrawal"])  # e.g. the nightly fetch
    assert read_indexes(db) == schema
    assert db.execute("SELECT count(*) FROM _deferred_indexes").fetchone()[0] == 0
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_load_that_fails_part_way_still_builds_its_indexes(db):
    schema = read_indexes(db)

    def failing():
        yield from real_records()[:40]
        raise OSError("disk went away")

    with pytest.raises(OSError), worker_pool(1) as pool:
        store_records(db, failing(), ["withdrawal"], batch_size=16, pool=pool, bulk=True)
    assert read_indexes(db) == schema
    assert db.execute("SELECT count(*) FROM records").fetchone()[0] == 40


def test_a_file_import_is_a_bulk_load_with_or_without_workers(db, caplog):
    from fetchers.importer import import_file

    caplog.set_level("INFO", logger="db.bulk")
    assert import_file(db, FILES[0], ["withdrawal"], workers=0).error is None
    built = [r.getMessage() for r in caplog.records if "deferred by a bulk load" in r.getMessage()]
    assert built == [f"built {len(bulk.READ_INDEXES)} index(es) deferred by a bulk load"]
    assert len(read_indexes(db)) == len(bulk.READ_INDEXES)
