"""`python -m fetchers status`: is last night's fetch fresh, and what did each topic get?

Database states are built directly (fetch_runs rows with chosen timestamps), so the
tests do not depend on the network fetcher.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from db import open_db
from fetchers.__main__ import main
from fetchers.ops import parse_duration, parse_since, status_report

NOW = dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC)


def stamp(hours_ago: float) -> str:
    """A stored-format UTC timestamp this many hours before the real now."""
    moment = dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours_ago)
    return moment.replace(microsecond=0).isoformat()


def add_run(db, run_id: int, status: str, hours_ago: float, **extra) -> None:
    """One fetch_runs row that finished `hours_ago` (ten minutes after it started)."""
    db["fetch_runs"].insert(
        {
            "id": run_id,
            "started_at": stamp(hours_ago + 1 / 6),
            "finished_at": stamp(hours_ago),
            "status": status,
            "sources": "pubmed,clinicaltrials",
            "full": 0,
            "counts": json.dumps({"pubmed": {"mitragynine": {"hits": 5, "new": 2, "updated": 1}}}),
            "errors": json.dumps(extra.pop("errors", [])),
            "pid": 4242,
            "hostname": "test-host",
            "command": "python -m fetchers run --quiet",
            **extra,
        }
    )


@pytest.fixture
def db_file(tmp_path):
    """An empty, migrated database file."""
    path = tmp_path / "literature.db"
    open_db(path).close()
    return path


def status(db_file, *args: str) -> int:
    return main(["status", "--db", str(db_file), *args])


def test_status_without_a_database_exits_1_and_creates_nothing(tmp_path, capsys):
    path = tmp_path / "missing" / "literature.db"
    assert status(path) == 1
    out, err = capsys.readouterr()
    assert "nothing has been fetched yet" in out
    assert "nothing has been fetched yet" in err
    assert not path.exists() and not path.parent.exists()


def test_status_with_no_successful_run_exits_1_with_message(db_file, capsys):
    db = open_db(db_file)
    add_run(db, 1, "failed", 2, errors=["esearch: HTTP 500"])
    add_run(db, 2, "partial", 1)
    db.close()
    assert status(db_file) == 1
    out, err = capsys.readouterr()
    assert "STALE: no successful fetch run recorded yet" in out
    assert "no successful fetch run" in err


def test_status_after_a_recent_ok_run_exits_0(db_file, capsys):
    db = open_db(db_file)
    add_run(db, 1, "ok", 3)
    db.close()
    assert status(db_file) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Database: ")
    assert "OK: last successful run #1 finished 3h" in out
    assert err == ""


def test_status_after_an_old_ok_run_exits_1_even_if_a_partial_run_followed(db_file, capsys):
    db = open_db(db_file)
    add_run(db, 1, "ok", 72)
    add_run(db, 2, "partial", 1, errors=["efetch batch 3: timed out"])
    db.close()
    assert status(db_file) == 1
    out, err = capsys.readouterr()
    assert "STALE: last successful run #1 finished" in out
    assert "ago (older than 48h)" in out
    assert "stale" in err


def test_status_max_age_moves_the_threshold(db_file):
    db = open_db(db_file)
    add_run(db, 1, "ok", 72)
    db.close()
    assert status(db_file, "--max-age", "4d") == 0
    assert status(db_file, "--max-age", "90m") == 1


def test_status_json_is_a_valid_document(db_file, capsys):
    db = open_db(db_file)
    add_run(db, 1, "ok", 5)
    db["fetch_state"].insert(
        {
            "source": "pubmed",
            "topic": "mitragynine",
            "query": "kratom[tiab]",
            "last_success_started_at": stamp(5.2),
            "last_success_run_id": 1,
        }
    )
    db["fetch_run_topics"].insert(
        {
            "run_id": 1,
            "source": "pubmed",
            "topic": "mitragynine",
            "hits": 5,
            "new": 2,
            "updated": 1,
            "unchanged": 2,
            "failed": 0,
            "requests": 3,
            "status": "ok",
        }
    )
    db["fetch_gaps"].insert(
        {
            "source": "pubmed",
            "topic": "mitragynine",
            "kind": "ids",
            "detail": "[1, 2]",
            "error": "timeout",
            "created_run_id": 1,
            "created_at": stamp(5),
        }
    )
    db.close()
    assert status(db_file, "--json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["fresh"] is True
    assert doc["last_success"]["id"] == 1
    assert doc["last_success"]["counts"]["pubmed"]["mitragynine"]["new"] == 2
    assert 4.9 < doc["last_success_age_hours"] < 5.1
    assert doc["open_gaps"] == 1
    (topic,) = doc["topics"]
    assert topic["topic"] == "mitragynine" and topic["open_gaps"] == 1
    assert topic["last_run"]["hits"] == 5 and topic["last_success_run_id"] == 1


def test_status_json_when_stale_still_parses_and_exits_1(tmp_path, capsys):
    assert status(tmp_path / "none.db", "--json") == 1
    assert json.loads(capsys.readouterr().out)["fresh"] is False


def test_status_table_lists_each_source_and_topic(db_file, capsys):
    db = open_db(db_file)
    add_run(db, 7, "partial", 1)
    for source, topic, failed in (("pubmed", "prolactin", 2), ("clinicaltrials", "withdrawal", 0)):
        db["fetch_run_topics"].insert(
            {
                "run_id": 7,
                "source": source,
                "topic": topic,
                "hits": 9,
                "new": 1,
                "updated": 0,
                "unchanged": 8,
                "failed": failed,
                "requests": 2,
                "status": "partial" if failed else "ok",
            }
        )
    db.close()
    status(db_file)
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines()]
    assert ["pubmed", "prolactin", "never", "7", "partial", "9", "1", "0", "2", "0"] in rows
    assert ["clinicaltrials", "withdrawal", "never", "7", "ok", "9", "1", "0", "0", "0"] in rows


def test_status_report_age_is_measured_from_the_finish(db_file):
    db = open_db(db_file)
    db["fetch_runs"].insert(
        {
            "id": 1,
            "status": "ok",
            "started_at": "2025-03-07T11:00:00+00:00",
            "finished_at": "2025-03-08T13:00:00+00:00",
        }
    )
    report = status_report(db, dt.timedelta(hours=48), now=NOW)
    assert report["fresh"] is True and report["last_success_age_hours"] == 47.0


def test_status_log_file_records_a_stale_verdict(db_file, tmp_path, capsys):
    log = tmp_path / "logs.txt"
    assert main(["--log-file", str(log), "status", "--db", str(db_file)]) == 1
    assert "no successful fetch run recorded yet" in log.read_text()


def test_status_bad_max_age_is_a_usage_error(db_file, capsys):
    assert status(db_file, "--max-age", "two days") == 2
    assert "bad duration" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("48h", dt.timedelta(hours=48)),
        ("2d", dt.timedelta(days=2)),
        ("90m", dt.timedelta(minutes=90)),
        ("1w", dt.timedelta(weeks=1)),
        (" 7D ", dt.timedelta(days=7)),
    ],
)
def test_parse_duration_accepts_minutes_hours_days_weeks(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "48", "h", "0h", "-2d", "1.5h", "3 months"])
def test_parse_duration_rejects_anything_else(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_parse_since_takes_durations_and_iso_dates():
    assert parse_since("7d", NOW) == NOW - dt.timedelta(days=7)
    assert parse_since("36h", NOW) == NOW - dt.timedelta(hours=36)
    assert parse_since("2025-03-01", NOW) == dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    assert parse_since("2025-03-01T06:00:00+02:00", NOW) == dt.datetime(
        2025, 3, 1, 4, tzinfo=dt.UTC
    )
    with pytest.raises(ValueError, match="bad --since"):
        parse_since("last week", NOW)
