"""`python -m fetchers digest`: what arrived since a moment, as safe Markdown or HTML.

Records are the real bundled sample; trials are real recorded ClinicalTrials.gov
studies (tests/fixtures/ctgov). Timestamps are moved back in time to stage "old" rows.
The two hostile titles below are synthetic edits of a real record, made to attack the
renderers.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from db import open_db
from fetchers.__main__ import main
from fetchers.clinicaltrials import parse_study, store_trials
from fetchers.ops import (
    digest_data,
    ensure_sample_db,
    parse_since,
    render_html,
    render_markdown,
    utcnow,
)

CTGOV = Path(__file__).parent / "fixtures" / "ctgov"
OLD = "2020-01-01T00:00:00+00:00"
SECTIONS = [
    "## New records by topic and study type",
    "## Largest new human studies",
    "## New open-question statements",
    "## New and changed registered trials",
]


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory) -> Path:
    """The bundled sample imported once, with the recorded trials stored too."""
    path = ensure_sample_db(tmp_path_factory.mktemp("digest") / "sample.db")
    db = open_db(path)
    studies = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(CTGOV.glob("NCT*.json"))]
    store_trials(db, [parse_study(s) for s in studies], "withdrawal")
    db.close()
    return path


@pytest.fixture
def db_file(sample_file, tmp_path) -> Path:
    """A private copy of the sample database for one test to change."""
    return Path(shutil.copy(sample_file, tmp_path / "literature.db"))


def age_everything(db) -> None:
    """Make every record, topic link and trial look as if it arrived in 2020."""
    db.execute("UPDATE records SET first_seen = ?, updated_at = ?", [OLD, OLD])
    db.execute("UPDATE article_topics SET first_seen = ?", [OLD])
    db.execute("UPDATE trials SET first_seen = ?, updated_at = ?", [OLD, OLD])
    db.conn.commit()


def week(db) -> dict:
    return digest_data(db, utcnow() - dt.timedelta(days=7))


def test_digest_markdown_on_stdout_starts_with_a_heading_and_has_every_section(db_file, capsys):
    assert main(["digest", "--db", str(db_file), "--since", "7d"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Kratom Evidence Tracker digest: ")
    positions = [out.index(section) for section in SECTIONS]
    assert positions == sorted(positions)


def test_digest_counts_new_records_per_topic_and_study_type(db_file):
    db = open_db(db_file)
    data = week(db)
    total = db.execute("SELECT count(*) FROM records").fetchone()[0]
    assert data["new_records"] == total > 0
    per_topic: dict[str, int] = {}
    for row in data["by_topic"]:
        per_topic[row["topic"]] = per_topic.get(row["topic"], 0) + row["n"]
    assert set(per_topic) == {"mitragynine", "prolactin", "withdrawal"}
    for topic, n in per_topic.items():
        linked = db.execute(
            "SELECT count(*) FROM article_topics WHERE topic = ?", [topic]
        ).fetchone()[0]
        assert 0 < n <= linked
    assert all(row["study_type_label"] for row in data["by_topic"])


def test_digest_leaves_out_what_arrived_before_since(db_file):
    db = open_db(db_file)
    age_everything(db)
    fresh_id = db.execute("SELECT id FROM records ORDER BY id DESC LIMIT 1").fetchone()[0]
    now = utcnow().isoformat()
    db.execute(
        "UPDATE records SET first_seen = ?, updated_at = ? WHERE id = ?", [now, now, fresh_id]
    )
    db.execute("UPDATE article_topics SET first_seen = ? WHERE article_id = ?", [now, fresh_id])
    db.conn.commit()
    data = week(db)
    assert data["new_records"] == 1 and data["revised_records"] == 0
    assert sum(row["n"] for row in data["by_topic"]) <= 1
    assert {q["article_id"] for q in data["questions"]} <= {fresh_id}
    assert data["trials"] == []
    assert "Nothing new in this period." in render_markdown(data)


def test_digest_reports_revised_records_apart_from_new_ones(db_file):
    db = open_db(db_file)
    age_everything(db)
    db.execute(
        "UPDATE records SET updated_at = ? WHERE id IN (SELECT id FROM records LIMIT 2)",
        [utcnow().isoformat()],
    )
    db.conn.commit()
    data = week(db)
    assert (data["new_records"], data["revised_records"]) == (0, 2)


def test_digest_largest_human_studies_come_first_with_record_links(db_file):
    db = open_db(db_file)
    rows = week(db)["largest_human"]
    assert rows, "the sample has human studies with a sample size"
    sizes = [r["sample_size"] for r in rows]
    assert sizes == sorted(sizes, reverse=True)
    subjects = {
        db.execute(
            "SELECT subjects FROM articles WHERE article_id = ?", [r["article_id"]]
        ).fetchone()[0]
        for r in rows
    }
    assert subjects == {"human"}
    md = render_markdown(week(db))
    largest = md.split(SECTIONS[1])[1].split("## ")[0]
    assert f"| {sizes[0]} |" in largest
    assert re.search(
        r"\]\(https://(pubmed\.ncbi\.nlm\.nih\.gov/\d+/|pmc\.ncbi\.nlm\.nih\.gov/"
        r"articles/PMC\d+/|doi\.org/\S+)\)",
        largest,
    )


def test_digest_lists_new_open_questions_with_themes_and_source(db_file):
    db = open_db(db_file)
    data = week(db)
    stored = db.execute("SELECT count(*) FROM open_questions").fetchone()[0]
    assert 0 < len(data["questions"]) <= stored
    question = data["questions"][0]
    assert question["text"] and question["title"]
    assert isinstance(question["themes"], list)
    assert md_escape_free(question["text"])[:30] in md_escape_free(render_markdown(data))


def md_escape_free(text: str) -> str:
    """Text with Markdown backslash escapes and whitespace runs removed, for comparison."""
    return re.sub(r"\s+", " ", re.sub(r"\\(.)", r"\1", text))


def test_digest_separates_new_and_changed_trials(db_file):
    db = open_db(db_file)
    age_everything(db)
    now = utcnow().isoformat()
    ids = [r[0] for r in db.execute("SELECT nct_id FROM trials ORDER BY nct_id")]
    assert len(ids) == 3
    db.execute(
        "UPDATE trials SET first_seen = ?, updated_at = ? WHERE nct_id = ?", [now, now, ids[0]]
    )
    db.execute("UPDATE trials SET updated_at = ? WHERE nct_id = ?", [now, ids[1]])
    db.conn.commit()
    trials = {t["nct_id"]: t["change"] for t in week(db)["trials"]}
    assert trials == {ids[0]: "new", ids[1]: "changed"}
    md = render_markdown(week(db))
    assert f"[{ids[0]}](https://clinicaltrials.gov/study/{ids[0]})" in md


def hostile_title(db, title: str) -> int:
    """Give the largest new human study a synthetic hostile title; returns its id."""
    article_id = week(db)["largest_human"][0]["article_id"]
    db.execute("UPDATE records SET title = ? WHERE id = ?", [title, article_id])
    db.conn.commit()
    return article_id


def test_html_digest_escapes_every_record_string(db_file):
    db = open_db(db_file)
    hostile_title(db, 'Kratom <script>alert("x")</script> & <img src=x onerror=alert(1)>')
    page = render_html(week(db))
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img" in page
    assert all(h in page for h in ("<h2>New records by topic", "<h2>Largest new human studies"))


def test_markdown_digest_keeps_tables_whole_when_a_title_has_pipes_and_newlines(db_file):
    db = open_db(db_file)
    hostile_title(db, "Kratom | withdrawal\n| --- | injected row |\r\n<b>bold</b>")
    md = render_markdown(week(db))
    table = md.split(SECTIONS[1])[1].split("## ")[0].strip().splitlines()
    header_cells = len(re.split(r"(?<!\\)\|", table[0]))
    for line in table:
        assert len(re.split(r"(?<!\\)\|", line)) == header_cells, line
    assert "Kratom \\| withdrawal \\| --- \\| injected row \\| \\<b\\>bold\\</b\\>" in md
    assert "<b>" not in md


def test_digest_to_a_folder_writes_a_dated_file(db_file, tmp_path, capsys):
    folder = tmp_path / "digests"
    folder.mkdir()
    assert main(["digest", "--db", str(db_file), "--format", "html", "--output", str(folder)]) == 0
    (written,) = folder.iterdir()
    assert re.fullmatch(r"digest-\d{4}-\d{2}-\d{2}\.html", written.name)
    assert written.read_text().startswith("<!DOCTYPE html>")
    assert capsys.readouterr().out == ""


def test_digest_to_a_file_path(db_file, tmp_path):
    target = tmp_path / "out" / "weekly.md"
    assert main(["digest", "--db", str(db_file), "--since", "36h", "--output", str(target)]) == 0
    assert target.read_text().startswith("# ")


def test_digest_rejects_a_bad_since(db_file, capsys):
    assert main(["digest", "--db", str(db_file), "--since", "last tuesday"]) == 2
    assert "bad --since" in capsys.readouterr().err


def test_digest_since_an_iso_date(db_file):
    db = open_db(db_file)
    since = parse_since("2020-06-01")
    data = digest_data(db, since)
    assert data["since"] == "2020-06-01T00:00:00+00:00"
    assert data["new_records"] > 0
