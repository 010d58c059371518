"""`python -m analysis evaluate --db`: researchers' decisions scored as living test data."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from db import open_db
from db.audit import Editor
from db.schema import migrations
from db.store import confirm, save_correction

pytest_plugins = ["dashboard_support"]
REPO = Path(__file__).resolve().parents[1]
ANN, BOB = "ann@example.org", "bob@example.org"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """The CLI in a fresh interpreter, from the repository root."""
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=300)  # fmt: skip


@pytest.fixture
def decided(sample_db) -> tuple[Path, dict]:
    """The real sample with two confirmations and two corrections, one of each per person."""
    db = open_db(sample_db)
    rows = db.execute(
        "SELECT article_id, pmid, study_type, sample_size FROM articles "
        "WHERE pmid IS NOT NULL ORDER BY sample_size IS NULL, article_id LIMIT 4"
    ).fetchall()
    (a, _, _, _), (b, _, _, _), (c, c_pmid, c_type, _), (d, d_pmid, _, d_size) = rows
    assert d_size is not None
    confirm(db, a, editor=Editor(ANN))
    confirm(db, b, editor=Editor(BOB))
    wrong = "case_report" if c_type != "case_report" else "cohort"
    save_correction(db, c, study_type=wrong, editor=Editor(ANN))
    save_correction(db, d, sample_size=d_size + 5, sample_unit="participants", editor=Editor(BOB))
    db.conn.close()
    facts = {"c": (c_pmid, wrong, c_type), "d": (d_pmid, d_size + 5, d_size)}
    return sample_db, facts


def test_evaluate_db_scores_every_decision_and_lists_each_disagreement(decided):
    path, facts = decided
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = run_cli("evaluate", "--db", str(path), "--json")
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert metrics["decisions"] == {"records": 4, "confirmed": 2, "corrected": 2,
                                    "study_type_decided": 3, "sample_size_decided": 3}  # fmt: skip
    assert metrics["study_type_accuracy"] == round(2 / 3, 4)
    assert metrics["sample_size_exact"] == round(2 / 3, 4)
    misses = {(m["field"], m["pmid"], m["expected"], m["got"]) for m in metrics["misses"]}
    (c_pmid, c_want, c_got), (d_pmid, d_want, d_got) = facts["c"], facts["d"]
    assert misses == {("study_type", c_pmid, c_want, c_got), ("sample_size", d_pmid, d_want, d_got)}
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # read-only


def test_evaluate_db_text_report_and_one_researchers_decisions(decided):
    path, facts = decided
    result = run_cli("evaluate", "--db", str(path), "--user", ANN)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"researchers' decisions in {path} by {ANN}: 2 records (1 confirmed, 1 corrected)" in out
    pmid, want, got = facts["c"]
    assert f"- [study_type] {pmid}: expected {want!r}, got {got!r}" in out
    assert "[sample_size]" not in out  # that disagreement was Bob's


def test_evaluate_db_never_imports_the_storage_or_fetch_packages(decided):
    path, _ = decided
    code = (
        "import sys; from analysis.__main__ import main; "
        f"assert main(['evaluate', '--db', {str(path)!r}, '--json']) == 0; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('db', 'fetchers')]; "
        "assert not bad, bad"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_evaluate_db_explains_a_database_it_cannot_read(tmp_path):
    old = tmp_path / "old.db"
    db = open_db(old, migrate=False)
    migrations.apply(db, stop_before="m006_review")
    db.conn.close()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite at all" * 64)
    for path, words in ((old, "predates review decisions"), (junk, "cannot read"),
                        (tmp_path / "absent.db", "no database here")):  # fmt: skip
        result = run_cli("evaluate", "--db", str(path))
        assert result.returncode == 2 and words in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
