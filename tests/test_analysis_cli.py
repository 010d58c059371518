"""python -m analysis: annotate, evaluate and reannotate subcommands."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from analysis import ANNOTATOR_VERSION
from db import open_db
from db.pipeline import store_records
from fetchers.pubmed_xml import iter_articles

REPO = Path(__file__).resolve().parents[1]


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """Run the CLI as a subprocess from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


def test_annotate_writes_one_json_line_per_record():
    lines = [
        {
            "pmid": "1",
            "title": "Kratom survey",
            "abstract": "An online survey was completed by 2,001 kratom users.",
        },
        {
            "pmid": "2",
            "title": "Rats",
            "abstract": "Mitragynine was given to rats.",
            "mesh_terms": ["Animals", "Rats"],
        },
    ]
    result = run_cli("annotate", stdin="\n".join(json.dumps(line) for line in lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["pmid"] for o in out] == ["1", "2"]
    assert out[0]["study_type"] == "cross_sectional"
    assert out[0]["sample_size"] == 2001
    assert out[0]["sample_size_evidence"] == "2,001 kratom users"
    assert out[1]["subjects"] == "animal"
    for key in ("study_type_confidence", "study_type_signal", "sample_unit", "open_questions"):
        assert key in out[0]


def test_annotate_reports_bad_lines_by_number_and_exits_1_after_finishing():
    stdin = '{"pmid": "1", "title": "ok", "abstract": "Further research is needed."}\nnot json\n[1, 2]\n{"pmid": "4"}\n'
    result = run_cli("annotate", stdin=stdin)
    assert result.returncode == 1
    assert "line 2" in result.stderr and "line 3" in result.stderr
    pmids = [json.loads(line)["pmid"] for line in result.stdout.splitlines()]
    assert pmids == ["1", "4"]
    first = json.loads(result.stdout.splitlines()[0])
    assert first["open_questions"][0]["text"] == "Further research is needed."
    assert first["open_questions"][0]["themes"]


def _write_labelled(path: Path) -> Path:
    """A tiny labelled file in the dev format (synthetic text)."""
    records = [
        {"pmid": "11", "title": "Trial", "abstract": "In this double-blind trial, 60 adults were randomly assigned.",
         "study_type": "rct", "sample_size": 60},
        {"pmid": "12", "title": "Review", "abstract": "This narrative review summarizes kratom pharmacology.",
         "study_type": "review", "sample_size": None},
        {"pmid": "13", "title": "Mislabelled", "abstract": "We report a 33-year-old man with seizures.",
         "study_type": "cohort", "sample_size": 1},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_evaluate_prints_accuracy_confusion_and_misses(tmp_path):
    result = run_cli("evaluate", str(_write_labelled(tmp_path / "labelled.jsonl")))
    assert result.returncode == 0, result.stderr
    assert "study type accuracy: 0.667" in result.stdout
    assert "confusion matrix" in result.stdout
    assert "sample size exact match: 1.000" in result.stdout
    assert "sample size false-positive rate: 0.000" in result.stdout
    assert "[study_type] 13: expected 'cohort', got 'case_report'" in result.stdout


def test_evaluate_json_prints_the_metrics(tmp_path):
    result = run_cli("evaluate", "--json", str(_write_labelled(tmp_path / "labelled.jsonl")))
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert metrics["study_type_accuracy"] == 0.6667
    assert metrics["per_type"]["rct"]["accuracy"] == 1.0
    assert metrics["sample_size_false_positive_rate"] == 0.0
    assert len(metrics["misses"]) == 1


def test_evaluate_joins_labels_without_abstracts_with_the_bundled_sample_xml():
    result = run_cli("evaluate", "--json", "tests/fixtures/sample_labels.jsonl")
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert metrics["n"] == 80
    assert metrics["study_type_accuracy"] >= 0.95


def test_evaluate_reports_a_label_that_matches_no_record(tmp_path):
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps({"pmid": "999999999", "title": "No such record"}) + "\n")
    result = run_cli("evaluate", str(labels))
    assert result.returncode == 2
    assert "no record for label" in result.stderr


def test_evaluate_missing_file_fails_cleanly(tmp_path):
    result = run_cli("evaluate", str(tmp_path / "absent.jsonl"))
    assert result.returncode == 2
    assert "no such file" in result.stderr


def test_reannotate_subcommand_exists():
    result = run_cli("reannotate", "--help")
    assert result.returncode == 0
    assert "--db" in result.stdout


def test_reannotate_runs_the_fetchers_command_over_the_stored_records(tmp_path):
    # the annotators' CLI imports no database code: `python -m fetchers reannotate` does it
    path = tmp_path / "tracker.db"
    db = open_db(path)
    store_records(db, list(iter_articles(REPO / "data" / "sample" / "prolactin.xml"))[:3], [])
    db.execute("UPDATE annotations SET study_type = 'other', annotator_version = 'old'")
    db.conn.commit()
    db.conn.close()
    result = run_cli("reannotate", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"reannotated": 3, "annotator_version": ANNOTATOR_VERSION}
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT DISTINCT annotator_version FROM annotations").fetchall() == [
        (ANNOTATOR_VERSION,)
    ]
    assert (
        conn.execute("SELECT count(*) FROM annotations WHERE study_type = 'other'").fetchone()[0]
        < 3
    )


def test_reannotate_passes_on_the_database_error_and_its_status(tmp_path):
    bad = tmp_path / "not.db"
    bad.write_bytes(b"this is not a database" * 100)
    result = run_cli("reannotate", "--db", str(bad))
    assert result.returncode == 4
    assert result.stderr.startswith("error:") and "Traceback" not in result.stderr
