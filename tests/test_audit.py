"""Who may write, and the append-only audit trail of every researcher write (db.audit)."""

from __future__ import annotations

import getpass
import json
import sqlite3

import pytest

from db import open_db
from db.audit import Editor, WriteRefused, audited, load_policy, recent_changes, row_reader
from db.store import add_note, clear_correction, save_correction

ALLOWED = Editor("reviewer@lab.example.org", signed_in=True)
STRANGER = Editor("stranger@elsewhere.example.com", signed_in=True)

pytest_plugins = ["dashboard_support"]


@pytest.fixture
def access(tmp_path, monkeypatch):
    """An access file allowing one email and one domain."""
    path = tmp_path / "access.toml"
    path.write_text(
        '[write]\nemails = ["Reviewer@Lab.example.org"]\ndomains = ["team.example.net"]\n'
    )
    monkeypatch.setenv("KRATOM_ACCESS", str(path))
    return path


@pytest.fixture
def db(sample_db):
    db = open_db(sample_db)
    yield db
    db.conn.close()


def first_id(db) -> int:
    return db.execute("SELECT id FROM records WHERE pmid IS NOT NULL ORDER BY id").fetchone()[0]


def counts(db) -> tuple[int, int, int]:
    return tuple(
        db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("corrections", "notes", "audit_log")
    )


def test_every_write_is_logged_with_who_and_the_values_before_and_after(db, access):
    target = first_id(db)
    save_correction(db, target, study_type="rct", sample_size=42, editor=ALLOWED)
    save_correction(db, target, off_topic=1, reason="about betel", editor=ALLOWED)
    add_note(db, target, "[SYNTHETIC] checked the full text", editor=ALLOWED)
    clear_correction(db, target, editor=ALLOWED)
    rows = recent_changes(db, article_id=target)
    assert [r["action"] for r in rows] == ["clear_correction", "note", "off_topic", "correct"]
    assert {r["user"] for r in rows} == {ALLOWED.user} and all(r["signed_in"] for r in rows)
    clear, note, mark, correct = rows
    assert json.loads(correct["before"]) is None
    assert json.loads(correct["after"])["study_type"] == "rct"
    assert json.loads(correct["after"])["corrected_by"] == ALLOWED.user
    assert (
        json.loads(mark["before"])["off_topic"] is None
        and json.loads(mark["after"])["off_topic"] == 1
    )
    assert json.loads(note["after"])["text"] == "[SYNTHETIC] checked the full text"
    # clearing keeps the history: the cleared values are in the log, the table row is gone
    assert json.loads(clear["before"])["study_type"] == "rct" and json.loads(clear["after"]) is None
    assert db.execute("SELECT count(*) FROM corrections").fetchone()[0] == 0


def test_the_audit_log_refuses_updates_and_deletes(db, access):
    save_correction(db, first_id(db), study_type="rct", editor=ALLOWED)
    for sql in ("UPDATE audit_log SET user = 'someone else'", "DELETE FROM audit_log"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute(sql)
    assert [r["user"] for r in recent_changes(db)] == [ALLOWED.user]


@pytest.mark.parametrize("editor", [STRANGER, None], ids=["not-allowed", "nobody"])
def test_a_write_without_an_allowed_user_is_refused_and_stores_nothing(db, access, editor):
    target = first_id(db)
    add_note(db, target, "[SYNTHETIC] before", editor=ALLOWED)
    save_correction(db, target, study_type="rct", editor=ALLOWED)
    before = counts(db)
    row = list(db.query("SELECT * FROM corrections"))
    with pytest.raises(WriteRefused):
        save_correction(db, target, study_type="cohort", editor=editor)
    with pytest.raises(WriteRefused):
        clear_correction(db, target, editor=editor)
    with pytest.raises(WriteRefused):
        add_note(db, target, "[SYNTHETIC] sneaked in", editor=editor)
    assert counts(db) == before and list(db.query("SELECT * FROM corrections")) == row
    assert not db.conn.in_transaction


def test_who_may_write_is_a_list_of_emails_or_domains(access):
    policy = load_policy()
    assert policy.allows("reviewer@lab.example.org") and policy.allows(" REVIEWER@lab.example.org")
    assert policy.allows("anyone@team.example.net")
    assert not policy.allows("reviewer@lab.example.org.evil.example")
    assert not policy.allows("anyone@sub.team.example.net") and not policy.allows("")


def test_a_broken_access_file_is_an_error_not_an_open_door(access, db):
    access.write_text('[write]\nemails = "everyone"\n')
    with pytest.raises(ValueError, match="access.toml"):
        load_policy()
    with pytest.raises(ValueError):
        save_correction(db, first_id(db), study_type="rct", editor=ALLOWED)
    assert counts(db)[2] == 0


def test_a_local_write_is_recorded_as_the_os_user(db):
    target = first_id(db)
    save_correction(db, target, sample_size=12, sample_unit="participants")
    add_note(db, target, "[SYNTHETIC] local note")
    rows = recent_changes(db)
    assert {r["user"] for r in rows} == {getpass.getuser()} and not any(
        r["signed_in"] for r in rows
    )
    assert db.execute("SELECT author FROM notes").fetchone()[0] == getpass.getuser()


def test_a_write_that_fails_halfway_leaves_neither_the_write_nor_its_audit_row(db, access):
    target = first_id(db)
    with pytest.raises(RuntimeError):
        with audited(db, ALLOWED, "note", target, row_reader("notes", "article_id", target)):
            db["notes"].insert({"article_id": target, "text": "[SYNTHETIC] half-written"})
            raise RuntimeError("disk full")
    with pytest.raises(ValueError):
        save_correction(db, target, sample_size=-3, editor=ALLOWED)
    assert counts(db) == (0, 0, 0)


def test_recent_changes_filter_by_user_and_record_newest_first(db, access):
    ids = [r[0] for r in db.execute("SELECT id FROM records ORDER BY id LIMIT 2")]
    other = Editor("someone@team.example.net", signed_in=True)
    save_correction(db, ids[0], study_type="rct", editor=ALLOWED)
    save_correction(db, ids[1], study_type="cohort", editor=other)
    add_note(db, ids[0], "[SYNTHETIC] second look", editor=other)
    assert [r["action"] for r in recent_changes(db, user=other.user)] == ["note", "correct"]
    assert [r["user"] for r in recent_changes(db, article_id=ids[0])] == [other.user, ALLOWED.user]
    assert [r["article_id"] for r in recent_changes(db, user=other.user, article_id=ids[1])] == [
        ids[1]
    ]
