"""Importing files: PubMed XML (plain and .gz), MEDLINE text, broken files, the sample."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from db import open_db
from fetchers.importer import import_file, iter_file
from fetchers.pubmed_xml import iter_articles

FIXTURES = Path(__file__).parent / "fixtures"
ENTREZ, MEDLINE = FIXTURES / "entrez", FIXTURES / "medline"
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.fixture
def db(tmp_db_path):
    """An empty, migrated database."""
    return open_db(tmp_db_path)


def ids(db) -> set[int]:
    """Stored record ids."""
    return {r[0] for r in db.execute("SELECT id FROM records")}


def test_xml_import_stores_records_links_topic_and_annotates(db):
    result = import_file(db, ENTREZ / "pubmed2.xml", ["withdrawal"])
    assert (result.new, result.error, result.skipped) == (2, None, [])
    assert ids(db) == {11748933, 11700088}
    assert {r["topic"] for r in db["article_topics"].rows} == {"withdrawal"}
    assert db["annotations"].count == 2
    row = db["records"].get(11748933)
    assert row["source"] == "import:pubmed2.xml"


def test_unicode_survives_the_round_trip_to_the_database(db):
    import_file(db, ENTREZ / "pubmed2.xml")
    authors = db.execute("SELECT authors FROM records WHERE id = 11748933").fetchone()[0]
    assert "Università degli Studi della Tuscia" in authors
    hit = db.execute("SELECT rowid FROM records_fts WHERE records_fts MATCH 'cryopreservation'")
    assert hit.fetchone() is not None


def test_gzipped_xml_imports_like_plain(db, tmp_path):
    packed = tmp_path / "pubmed4.xml.gz"
    packed.write_bytes(gzip.compress((ENTREZ / "pubmed4.xml").read_bytes()))
    result = import_file(db, packed)
    assert (result.new, result.error) == (1, None)
    assert db["records"].get(27797938)["pmcid"] == "PMC5442267"


def test_medline_text_export_imports_every_record(db):
    result = import_file(db, MEDLINE / "pubmed_result2.txt", ["mitragynine"])
    assert (result.new, result.error, result.skipped) == (4, None, [])
    row = db["records"].get(16403221)
    assert row["title"] == "A high level interface to SCOP and ASTRAL implemented in python."
    assert row["entrez_date"] == "2006-01-13"
    assert row["source"] == "import:pubmed_result2.txt"


def test_one_malformed_record_is_skipped_and_its_neighbours_kept(db, tmp_path):
    body = (ENTREZ / "pubmed2.xml").read_text(encoding="utf-8")
    body = body.replace('<PMID Version="1">11748933</PMID>', '<PMID Version="1">not-a-pmid</PMID>')
    extra = (ENTREZ / "pubmed4.xml").read_text(encoding="utf-8")
    article = extra[extra.index("<PubmedArticle>") : extra.rindex("</PubmedArticle>") + 16]
    body = body.replace("</PubmedArticleSet>", article + "</PubmedArticleSet>")
    broken = tmp_path / "one-bad.xml"
    broken.write_text(body, encoding="utf-8")

    result = import_file(db, broken)

    assert ids(db) == {11700088, 27797938}
    assert result.error is None and len(result.skipped) == 1
    assert "not-a-pmid" in result.skipped[0]


def test_truncated_file_keeps_earlier_records_and_says_where_it_stopped(db, tmp_path):
    data = (ENTREZ / "pubmed2.xml").read_bytes()
    cut = tmp_path / "cut.xml"
    cut.write_bytes(data[: data.index(b"Proton MRI")])

    result = import_file(db, cut)

    assert ids(db) == {11748933}
    assert result.new == 1
    assert str(cut) in result.error and "truncated" in result.error


def test_truncated_gzip_is_a_clear_error(db, tmp_path):
    packed = gzip.compress((ENTREZ / "pubmed2.xml").read_bytes())
    cut = tmp_path / "cut.xml.gz"
    cut.write_bytes(packed[: len(packed) // 2])
    result = import_file(db, cut)
    assert result.error and str(cut) in result.error


def test_reimport_is_idempotent(db):
    import_file(db, ENTREZ / "pubmed4.xml", ["prolactin"])
    before = list(db.query("SELECT id, content_hash, updated_at, first_seen FROM records"))
    links = list(db.query("SELECT * FROM article_topics"))

    again = import_file(db, ENTREZ / "pubmed4.xml", ["prolactin"])

    assert (again.new, again.updated, again.unchanged) == (0, 0, 1)
    assert list(db.query("SELECT id, content_hash, updated_at, first_seen FROM records")) == before
    assert list(db.query("SELECT * FROM article_topics")) == links


def test_load_sample_fills_an_empty_database_once(tmp_db_path, monkeypatch):
    from fetchers.__main__ import main

    monkeypatch.setattr("fetchers.__main__.setup_logging", lambda *a, **k: None)
    expected = {r["id"] for path in SAMPLE.glob("*.xml") for r in iter_articles(path)}

    assert main(["load-sample", "--db", str(tmp_db_path)]) == 0
    db = open_db(tmp_db_path)
    assert ids(db) == expected
    topics = {r[0] for r in db.execute("SELECT DISTINCT topic FROM article_topics")}
    assert topics == {p.stem for p in SAMPLE.glob("*.xml")}
    stamp = db.execute("SELECT max(updated_at) FROM records").fetchone()[0]

    assert main(["load-sample", "--db", str(tmp_db_path)]) == 0  # not again
    assert db.execute("SELECT max(updated_at) FROM records").fetchone()[0] == stamp


def run_python(code: str) -> list[str]:
    """What a fresh interpreter in the checkout prints for code, split into words."""
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_import_command_never_loads_pandas(tmp_path):
    # sqlite-utils imports pandas and numpy when installed: half a second and ~85 MB of every
    # cron run, for column types the fetcher never needs
    argv = ["import", str(SAMPLE / "prolactin.xml"), "--db", str(tmp_path / "t.db"), "--quiet"]
    code = (
        "import sys\nfrom fetchers.__main__ import main\n"
        f"status = main({argv!r} + ['--topic', 'prolactin', '--workers', '0'])\n"
        "import sqlite3\n"
        f"count = sqlite3.connect({str(tmp_path / 't.db')!r}).execute("
        "'SELECT count(*) FROM annotations').fetchone()[0]\n"
        "print(status, count, 'pandas' in sys.modules, 'numpy' in sys.modules)\n"
    )
    assert run_python(code) == ["0", "10", "False", "False"]


def test_hidden_modules_import_again_after_the_block():
    code = (
        "from fetchers import hidden_modules\n"
        "with hidden_modules(['csv']):\n"
        "    try:\n        import csv\n        print('visible')\n"
        "    except ImportError:\n        print('hidden')\n"
        "import csv\nprint(csv.__name__)\n"
    )
    assert run_python(code) == ["hidden", "csv"]


def test_the_cli_starts_without_loading_the_annotators_or_pandas():
    # `status` and `--help` never annotate: the annotators' tables cost ~0.35 s to build
    code = (
        "import sys\nimport fetchers.__main__\n"
        "print('analysis' in sys.modules, 'pandas' in sys.modules)\n"
    )
    assert run_python(code) == ["False", "False"]


def test_parse_command_prints_each_record_as_one_json_line_and_reports_bad_ones(tmp_path):
    source = tmp_path / "mixed.xml"
    text = (ENTREZ / "pubmed2.xml").read_text(encoding="utf-8")
    source.write_text(
        text.replace('<PMID Version="1">11748933<', '<PMID Version="1">not-a-pmid<', 1)
    )
    done = subprocess.run(
        [sys.executable, "-m", "fetchers", "parse", str(source), str(MEDLINE / "pubmed_result1.txt")],
        capture_output=True, text=True, cwd=SAMPLE.parents[1], check=False,
    )  # fmt: skip
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    expected = [r for p in (source, MEDLINE / "pubmed_result1.txt") for r in iter_file(p, [])]
    assert lines == json.loads(json.dumps(expected))  # every good record, in order, as parsed
    assert 11700088 in [r["id"] for r in lines] and 11748933 not in [r["id"] for r in lines]
    assert done.returncode == 1 and "bad record skipped" in done.stderr
