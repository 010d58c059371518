"""The review queue and researchers' decisions: stored flags, Confirm, and what survives."""

from __future__ import annotations

import json

import pytest
from dashboard_support import import_sample

import analysis
from db import open_db, review_queue
from db.audit import Editor
from db.filters import Filters
from db.schema import migrations
from db.store import confirm, reannotate_all, save_correction
from db.writes import annotation_input

pytest_plugins = ["dashboard_support"]
ALL = Filters(relevant_only=False)


def waiting(db) -> list[int]:
    """Ids in the queue, in queue order (every record, whatever its relevance)."""
    return [int(i) for i in review_queue.queue(db, ALL, limit=1000)["article_id"]]


def machine(db, article_id: int) -> tuple:
    """The stored annotation's study type, sample size and unit."""
    sql = "SELECT study_type, sample_size, sample_unit FROM annotations WHERE article_id = ?"
    return db.execute(sql, [article_id]).fetchone()


def shown(db, article_id: int) -> tuple:
    """What the articles view shows (corrections win)."""
    sql = "SELECT study_type, sample_size, sample_unit FROM articles WHERE article_id = ?"
    return db.execute(sql, [article_id]).fetchone()


@pytest.fixture
def db(sample_db):
    conn = open_db(sample_db)
    yield conn
    conn.conn.close()


def test_stored_flags_are_what_annotate_says(db):
    rows = db.execute(
        "SELECT r.title, r.abstract, r.publication_types, r.mesh, r.keywords, n.needs_review, "
        "n.review_reasons FROM records r JOIN annotations n ON n.article_id = r.id"
    ).fetchall()
    assert rows and any(r[5] for r in rows) and not all(r[5] for r in rows)
    for title, abstract, types, mesh, keywords, flag, reasons in rows:
        ann = analysis.annotate(annotation_input({"title": title, "abstract": abstract,
                                "publication_types": types, "mesh": mesh, "keywords": keywords}))  # fmt: skip
        assert (bool(flag), json.loads(reasons)) == (ann["needs_review"], ann["review_reasons"])


def test_queue_lists_flagged_records_lowest_confidence_first(db):
    ids = waiting(db)
    flagged = db.execute("SELECT count(*) FROM annotations WHERE needs_review = 1").fetchone()[0]
    assert len(ids) == flagged == review_queue.queue_size(db, ALL)["waiting"] > 1
    confidences = [
        db.execute(
            "SELECT study_type_confidence FROM annotations WHERE article_id = ?", [i]
        ).fetchone()[0]
        for i in ids
    ]
    assert confidences == sorted(confidences)
    rct_only = Filters(relevant_only=False, study_types=["rct"])
    assert review_queue.queue_size(db, rct_only)["waiting"] == sum(
        machine(db, i)[0] == "rct" for i in ids
    )


def test_confirm_copies_the_shown_labels_and_the_record_leaves_the_queue(db):
    target = waiting(db)[0]
    before = machine(db, target)
    confirm(db, target, editor=Editor("reviewer@example.org"))
    row = db.execute(
        "SELECT study_type, sample_size, sample_unit, sample_size_set, decision, corrected_by "
        "FROM corrections WHERE article_id = ?",
        [target],
    ).fetchone()
    assert row == (*before, 1, "confirmed", "reviewer@example.org")
    assert target not in waiting(db)
    assert review_queue.agreement(db) == {"checked": 1, "agreed": 1, "confirmed": 1}


def test_confirmation_wins_over_new_rules_and_survives_reimport(db, sample_db, monkeypatch):
    target = waiting(db)[0]
    labels = machine(db, target)
    confirm(db, target)
    # New rules that see every record differently (a stand-in for a rule change).
    real = analysis.annotate
    monkeypatch.setattr(analysis, "annotate", lambda r: {**real(r), "study_type": "in_vitro",
                                                         "sample_size": 7, "needs_review": True})  # fmt: skip
    reannotate_all(sample_db)
    assert machine(db, target)[:2] == ("in_vitro", 7)
    assert shown(db, target) == labels and target not in waiting(db)
    assert review_queue.agreement(db)["agreed"] == (labels[0] == "in_vitro" and labels[1] == 7)
    monkeypatch.setattr(analysis, "annotate", real)
    import_sample(db)  # a re-fetch of the same records
    reannotate_all(sample_db)
    assert shown(db, target) == labels and target not in waiting(db)
    assert review_queue.decision(db, target)["decision"] == "confirmed"


def test_a_corrected_label_is_a_decision_a_topic_verdict_alone_is_not(db):
    first, second, third = waiting(db)[:3]
    save_correction(db, first, off_topic=0, editor=Editor("a"))  # on-topic, labels unchecked
    save_correction(db, second, study_type="cohort", editor=Editor("b"))
    save_correction(db, third, sample_size=12, sample_unit="participants")
    assert first in waiting(db) and second not in waiting(db) and third not in waiting(db)
    confirm(db, second)  # Confirm after a correction keeps it a correction
    assert review_queue.decision(db, second)["decision"] == "corrected"
    assert shown(db, second)[0] == "cohort"


def test_a_label_written_by_hand_without_a_decision_counts_as_corrected(db):
    target = waiting(db)[0]
    with db.conn:  # as a notebook or SQL tool might write it
        db.execute(
            "INSERT INTO corrections (article_id, study_type) VALUES (?, 'cohort')", [target]
        )
    assert target not in waiting(db) and review_queue.agreement(db)["checked"] == 1
    confirm(db, target)
    assert review_queue.decision(db, target)["decision"] == "corrected"
    assert shown(db, target)[0] == "cohort"


def test_confirm_refuses_what_it_cannot_confirm(db):
    with pytest.raises(ValueError, match="no record"):
        confirm(db, 1)
    target = waiting(db)[0]
    db.execute("DELETE FROM annotations WHERE article_id = ?", [target])
    with pytest.raises(ValueError, match="no labels"):
        confirm(db, target)
    assert review_queue.decision(db, target)["decision"] is None


def test_reannotate_refreshes_the_stored_flags(db, sample_db):
    db.execute("UPDATE annotations SET needs_review = NULL, review_reasons = NULL")
    db.conn.commit()
    assert review_queue.queue_size(db, ALL) == {"waiting": 0, "unflagged": 80}
    reannotate_all(sample_db)
    size = review_queue.queue_size(db, ALL)
    assert size["unflagged"] == 0 and size["waiting"] > 1


def test_m006_turns_earlier_label_corrections_into_decisions(tmp_path):
    db = open_db(tmp_path / "old.db", migrate=False)
    migrations.apply(db, stop_before="m006_review")
    db["records"].insert_all([{"id": i, "pmid": i, "title": f"t{i}"} for i in (1, 2, 3)])
    db["corrections"].insert_all(
        [{"article_id": 1, "study_type": "rct"}, {"article_id": 2, "sample_size_set": 1},
         {"article_id": 3, "off_topic": 1}], pk="article_id",
    )  # fmt: skip
    migrations.apply(db)
    got = dict(db.execute("SELECT article_id, decision FROM corrections").fetchall())
    assert got == {1: "corrected", 2: "corrected", 3: None}
    with pytest.raises(Exception, match="CHECK"):
        db.execute("UPDATE corrections SET decision = 'maybe' WHERE article_id = 3")
