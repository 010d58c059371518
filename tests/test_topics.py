"""The topics file: defaults load, and every kind of bad file gets an error naming file and topic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fetchers.topics import DEFAULT_TOPICS, TopicsError, load_topics

ROOT = Path(__file__).resolve().parents[1]


def test_default_topics_cover_the_three_tracked_subjects():
    topics = {t.slug: t for t in load_topics()}
    assert set(topics) == {"mitragynine", "prolactin", "withdrawal"}
    assert "Mitragyna[MeSH]" in topics["mitragynine"].query.replace('"', "")
    assert "7-hydroxymitragynine" in topics["mitragynine"].query
    assert "Hyperprolactinemia" in topics["prolactin"].query
    assert "kratom" in topics["prolactin"].query and "opioid" in topics["prolactin"].query
    assert "Substance Withdrawal Syndrome" in topics["withdrawal"].query
    assert all(t.trials_query for t in topics.values())
    assert all("\n" not in t.query for t in topics.values())


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[topics.kratom\nquery = 'x'", "not valid TOML"),
        ("[topics.kratom]\nlabel = 'Kratom'\n", "topic 'kratom': has no query"),
        ("[topics.kratom]\nquery = 'kratom'\nqeury = 'typo'\n", "unknown keys ['qeury']"),
        ("[topics.kratom]\nquery = '(kratom'\n", "unbalanced"),
        ("[topics.Kratom]\nquery = 'kratom'\n", "topic 'Kratom'"),
        ("[topics.kratom]\nquery = 3\n", "query must be a string"),
        ("[other]\nx = 1\n", "unknown top-level keys"),
        ("", "no topics"),
    ],
)
def test_bad_topics_file_names_file_and_problem(tmp_path, body, message):
    path = tmp_path / "topics.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(TopicsError) as err:
        load_topics(path)
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_missing_topics_file_is_a_clear_error(tmp_path):
    with pytest.raises(TopicsError, match="no such topics file"):
        load_topics(tmp_path / "absent.toml")


def test_cli_reports_bad_topics_file_with_exit_status_2(tmp_path):
    path = tmp_path / "topics.toml"
    path.write_text("[topics.kratom]\nlabel = 'no query'\n", encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "fetchers",
            "run",
            "--db",
            str(tmp_path / "x.db"),
            "--topics",
            str(path),
            "--sources",
            "pubmed",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "NCBI_EMAIL": "t@example.org"},
    )
    assert proc.returncode == 2, proc.stderr
    assert "has no query" in proc.stderr and str(path) in proc.stderr
    assert "Traceback" not in proc.stderr


def test_default_topics_path_is_the_shipped_file():
    assert DEFAULT_TOPICS == ROOT / "fetchers" / "topics.toml"
