"""Hostile and broken input: entity bombs, oversized records, damaged database files.

Each is refused with a clear message, in bounded memory (peak RSS of a subprocess, from
ru_maxrss), and leaves nothing damaged behind.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import fetchers.pubmed_xml as pubmed_xml
from bench.synthetic import document, generate, iter_articles_xml
from db import DatabaseError, open_db
from fetchers.pubmed_xml import ParseError, iter_articles

ROOT = Path(__file__).resolve().parents[1]
HEAD = b'<?xml version="1.0"?>\n'
ARTICLE_OPEN = (
    b'<PubmedArticleSet><PubmedArticle><MedlineCitation Status="MEDLINE">'
    b'<PMID Version="1">1</PMID><Article><ArticleTitle>'
)
ARTICLE_CLOSE = b"</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"
PARSE_IN_CHILD = """
import json, resource, sys
from fetchers.pubmed_xml import ParseError, iter_articles
try:
    titles = [r["title"][:200] for r in iter_articles(sys.argv[1])]
    outcome = {"records": len(titles), "titles": titles}
except ParseError as exc:
    outcome = {"error": str(exc)}
outcome["ru_maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM")]
outcome["peak_mb"] = int(hwm[0].split()[1]) / 1024 if hwm else outcome["ru_maxrss_mb"]
print(json.dumps(outcome))
"""


def parse_in_subprocess(path: Path) -> dict:
    """Parse a file in a fresh interpreter; what came out, and that process's peak RSS.

    Peak RSS is VmHWM: Linux carries the parent's high-water mark into a child's ru_maxrss
    across fork and exec, so under a big pytest process ru_maxrss overstates the child.
    """
    done = subprocess.run(
        [sys.executable, "-c", PARSE_IN_CHILD, str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def billion_laughs(path: Path, levels: int = 10) -> Path:
    """The classic nested entity bomb: 10**levels copies of "lol" if expanded."""
    lines = [b"<!DOCTYPE PubmedArticleSet [", b'<!ENTITY lol0 "lol">']
    for i in range(1, levels):
        lines.append(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10))
    lines.append(b"]>")
    path.write_bytes(HEAD + b"\n".join(lines) + ARTICLE_OPEN + b"&lol%d;" % (levels - 1)
                     + ARTICLE_CLOSE)  # fmt: skip
    return path


def quadratic_blowup(path: Path) -> Path:
    """One 100 kB entity referenced 20,000 times: 2 GB if expanded."""
    entity = b"A" * 100_000
    path.write_bytes(HEAD + b'<!DOCTYPE PubmedArticleSet [<!ENTITY a "' + entity + b'">]>'
                     + ARTICLE_OPEN + b"&a;" * 20_000 + ARTICLE_CLOSE)  # fmt: skip
    return path


@pytest.mark.parametrize("bomb", [billion_laughs, quadratic_blowup])
def test_entity_bomb_is_refused_in_bounded_memory(tmp_path, bomb):
    """An entity-expansion bomb ends in ParseError (or stays unexpanded) under 200 MB."""
    outcome = parse_in_subprocess(bomb(tmp_path / "bomb.xml"))
    assert outcome["peak_mb"] < 200, outcome["peak_mb"]
    if "error" not in outcome:  # left unexpanded: the title is not a gigabyte of text
        assert all(len(t) < 200 for t in outcome["titles"])
    else:
        assert outcome["error"]


def test_external_entity_is_never_read(tmp_path):
    """A SYSTEM entity pointing at a local file does not pull the file into a record."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    path = tmp_path / "xxe.xml"
    path.write_bytes(HEAD + b'<!DOCTYPE PubmedArticleSet [<!ENTITY x SYSTEM "file://'
                     + str(secret).encode() + b'">]>' + ARTICLE_OPEN + b"&x;" + ARTICLE_CLOSE)  # fmt: skip
    outcome = parse_in_subprocess(path)
    assert "TOP-SECRET-CONTENT" not in json.dumps(outcome)


def oversized_record(path: Path, megabytes: int) -> Path:
    """One PubmedArticle made of `megabytes` MB of small elements (no huge text node)."""
    keyword = b"<Keyword>x</Keyword>"
    with open(path, "wb") as out:
        out.write(HEAD + ARTICLE_OPEN.replace(b"<Article><ArticleTitle>", b"<KeywordList>"))
        for _ in range(megabytes):
            out.write(keyword * (2**20 // len(keyword)))
        out.write(b"</KeywordList></MedlineCitation></PubmedArticle></PubmedArticleSet>")
    return path


def test_oversized_record_is_refused_before_it_fills_memory(tmp_path):
    """A 48 MB record is refused at the 16 MB limit; unguarded it would take ~600 MB."""
    outcome = parse_in_subprocess(oversized_record(tmp_path / "big.xml", 48))
    assert "larger than 16 MB" in outcome["error"]
    assert outcome["peak_mb"] < 350, outcome["peak_mb"]


def test_oversized_record_inside_gzip_is_refused(tmp_path):
    """A gzip bomb (a tiny .gz that inflates to one 64 MB record) meets the same limit."""
    path = tmp_path / "bomb.xml.gz"
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write(oversized_record(tmp_path / "raw.xml", 64).read_bytes())
    (tmp_path / "raw.xml").unlink()
    assert path.stat().st_size < 2**20
    outcome = parse_in_subprocess(path)
    assert "larger than 16 MB" in outcome["error"]
    assert outcome["peak_mb"] < 350, outcome["peak_mb"]


def test_text_node_over_ten_megabytes_is_refused(tmp_path):
    """libxml2's 10 MB text-node limit stays on (no huge_tree): a clear ParseError."""
    path = tmp_path / "text.xml"
    path.write_bytes(HEAD + ARTICLE_OPEN + b"word " * (11 * 2**20 // 5) + ARTICLE_CLOSE)
    with pytest.raises(ParseError, match="malformed or truncated XML"):
        list(iter_articles(path))


def test_size_limit_is_per_record_so_many_records_stream(monkeypatch, tmp_path):
    """A file many times the limit parses when each record is under it; one big one fails."""
    monkeypatch.setattr(pubmed_xml, "MAX_RECORD_BYTES", 64 * 1024)
    path = generate(tmp_path / "many.xml", 300, first_pmid=94_000_000)
    assert path.stat().st_size > 10 * pubmed_xml.MAX_RECORD_BYTES
    assert len(list(iter_articles(path))) == 300
    big = next(iter_articles_xml(1, 94_001_000)).replace(
        "<Language>", "<Language>" + "x" * 100_000 + "</Language><Language>"
    )
    with pytest.raises(ParseError, match="larger than"):
        list(iter_articles(document([big])))


def test_import_of_a_bomb_exits_1_with_one_line_and_stores_nothing(tmp_path):
    """The CLI reports the refused file in one line, no traceback, and stores nothing."""
    db = tmp_path / "bomb.db"
    done = subprocess.run(
        [sys.executable, "-m", "fetchers", "import", str(billion_laughs(tmp_path / "b.xml")),
         "--db", str(db)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "stopped:" in done.stderr
    assert open_db(db).execute("SELECT count(*) FROM records").fetchone()[0] == 0


@pytest.fixture(scope="module")
def healthy_db(tmp_path_factory) -> Path:
    """A checkpointed database holding the real fixture records, to damage in copies."""
    from fetchers.importer import import_file

    path = tmp_path_factory.mktemp("healthy") / "healthy.db"
    db = open_db(path)
    for xml in sorted((ROOT / "tests" / "fixtures" / "entrez").glob("pubmed*.xml")):
        import_file(db, xml, ["withdrawal"])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the file, still WAL mode
    db.conn.close()
    return path


def damage_header(data: bytes) -> bytes:
    """The 100-byte header overwritten."""
    return b"garbage!" * 13 + data[104:]


def truncate_half(data: bytes) -> bytes:
    """The file cut in half, as by a full disk or an interrupted copy."""
    return data[: len(data) // 2]


def not_sqlite(data: bytes) -> bytes:
    """Something else entirely at the database path."""
    return b"PMID- 12345\nTI  - a MEDLINE export saved under the wrong name\n" * 50


def damage_schema(data: bytes) -> bytes:
    """Page 2 onwards scrambled."""
    return data[:4096] + bytes(reversed(data[4096:12288])) + data[12288:]


DAMAGE = [damage_header, truncate_half, not_sqlite, damage_schema]


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__)
def test_damaged_database_gets_one_clear_line_and_is_not_touched(healthy_db, tmp_path, damage):
    """Every command exits 4 with one line saying what to do; the file's bytes stay as they were."""
    path = tmp_path / "damaged.db"
    path.write_bytes(damage(healthy_db.read_bytes()))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    commands = [["import", str(ROOT / "tests/fixtures/entrez/pubmed1.xml")],
                ["load-sample", "--force"]]  # fmt: skip
    for command in commands:
        done = subprocess.run(
            [sys.executable, "-m", "fetchers", *command, "--db", str(path)],
            cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 4, (command, done.stderr[-1500:])
        lines = [line for line in done.stderr.splitlines() if line.startswith("error:")]
        assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr[-1500:]
        assert "backup" in lines[0]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    with pytest.raises(DatabaseError, match="corrupt|not SQLite|malformed"):
        open_db(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_damaged_rollback_journal_database_is_not_touched(healthy_db, tmp_path):
    """A database copied out in rollback-journal mode, then damaged, keeps its bytes too."""
    path = tmp_path / "damaged.db"
    shutil.copy(healthy_db, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    path.write_bytes(damage_schema(path.read_bytes()))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseError):
        open_db(path, check=True)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def scramble_data_pages(path: Path) -> None:
    """Overwrite some pages in the middle of the file, where the records live."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size // 2 // 4096 * 4096)
        handle.write(os.urandom(3 * 4096))


def test_import_into_damaged_database_exits_4_with_one_line(healthy_db, tmp_path):
    """Damaged data pages are found before the import writes: exit 4, one line, no traceback."""
    path = tmp_path / "damaged.db"
    shutil.copy(healthy_db, path)
    scramble_data_pages(path)
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError):
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    conn.close()
    done = subprocess.run(
        [sys.executable, "-m", "fetchers", "load-sample", "--force", "--db", str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 4, done.stderr[-1500:]
    assert "Traceback" not in done.stderr, done.stderr[-1500:]
    assert "corrupt" in done.stderr


def test_batch_writer_refuses_damaged_data_pages_before_any_write(healthy_db, tmp_path):
    """Damage anywhere means the fetcher and importer write nothing at all."""
    path = tmp_path / "damaged.db"
    shutil.copy(healthy_db, path)
    scramble_data_pages(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseError, match="corrupt"):
        db = open_db(path, check=True)
        from fetchers.importer import import_file

        import_file(db, ROOT / "data" / "sample" / "prolactin.xml", ["prolactin"])
        db.conn.close()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_status_reports_a_damaged_database_with_exit_4(healthy_db, tmp_path):
    """The operator's health check notices damage that the dashboard's queries may not touch."""
    path = tmp_path / "damaged.db"
    shutil.copy(healthy_db, path)
    scramble_data_pages(path)
    done = subprocess.run(
        [sys.executable, "-m", "fetchers", "status", "--db", str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 4, done.stdout + done.stderr
    assert "corrupt" in done.stderr and "Traceback" not in done.stderr
