"""The Review queue page through AppTest: Confirm, Correct, the sidebar count, agreement."""

from __future__ import annotations

from dashboard_support import app_test, import_sample, no_exceptions

from db import open_db, review_queue
from db.filters import Filters
from db.pipeline import store_records
from db.store import confirm, reannotate_all, save_correction

pytest_plugins = ["dashboard_support"]
ALL = {"relevant": "0"}  # every record, whatever its relevance, as Filters(relevant_only=False)


def queued(at) -> list[int]:
    """Record ids the page offers to confirm, in page order."""
    return [int(b.key.removeprefix("rq_confirm_")) for b in at.button if b.key.startswith("rq_confirm_")]  # fmt: skip


def sidebar_count(at) -> str:
    """The sidebar's link to the queue, with its count."""
    return next(p.label for p in at.sidebar.get("page_link") if "wait for review" in p.label)


def test_confirm_from_the_queue_takes_the_record_out_for_good(monkeypatch, sample_db):
    at = app_test(monkeypatch, sample_db, "review", query=ALL)
    no_exceptions(at)
    before = queued(at)
    total = review_queue.queue_size(sample_db, Filters(relevant_only=False))["waiting"]
    assert before and sidebar_count(at) == f"{total:,} records wait for review"
    target = before[0]
    at.button(key=f"rq_confirm_{target}").click().run()
    no_exceptions(at)
    assert any(s.value.startswith("Confirmed:") for s in at.success)
    assert queued(at) == before[1:]
    assert sidebar_count(at) == f"{total - 1:,} records wait for review"

    reannotate_all(sample_db)
    db = open_db(sample_db)
    import_sample(db)  # a re-fetch of the same records
    record = dict(next(db.query("SELECT * FROM records WHERE id = ?", [target])))
    record["title"] += " (revised)"  # a revision: stored again and re-annotated
    record.pop("content_hash")
    assert store_records(db, [record], ["withdrawal"]).updated == 1
    db.conn.close()
    at = app_test(monkeypatch, sample_db, "review", query=ALL)
    no_exceptions(at)
    assert target not in queued(at) and queued(at) == before[1:]
    assert review_queue.decision(sample_db, target)["decision"] == "confirmed"


def test_correct_opens_the_correction_form_and_saving_leaves_the_queue(monkeypatch, sample_db):
    at = app_test(monkeypatch, sample_db, "review", query=ALL)
    target = queued(at)[0]
    at.button(key=f"rq_correct_{target}").click().run()
    no_exceptions(at)
    at.selectbox(key=f"fc_type_{target}").set_value("case_report")
    at.form_submit_button[0].click().run()
    no_exceptions(at)
    assert any("Saved" in s.value for s in at.success)
    assert target not in queued(at)
    assert review_queue.decision(sample_db, target)["decision"] == "corrected"


def test_study_types_page_says_how_often_the_annotator_agrees(monkeypatch, sample_db):
    at = app_test(monkeypatch, sample_db, "study_types", query=ALL)
    assert "No researcher has checked a record yet" in str([c.value for c in at.caption])
    first, second = review_queue.queue(sample_db, Filters(relevant_only=False))["article_id"][:2]
    db = open_db(sample_db)
    save_correction(db, int(first), study_type="case_report")  # disagrees with the machine
    confirm(db, int(second))
    db.conn.close()
    at = app_test(monkeypatch, sample_db, "study_types", query=ALL)
    no_exceptions(at)
    text = " ".join(i.value for i in at.info)
    assert "The annotator agrees with **1** of the **2** records researchers checked" in text


def test_queue_shows_record_markup_literally(monkeypatch, sample_db):
    hostile = {  # a SYNTHETIC record whose text carries HTML (an XSS fault test)
        "id": 99_000_002, "pmid": 99_000_002, "year": 2024,
        "title": "[SYNTHETIC] <script>alert('t')</script> kratom",
        "abstract": "[SYNTHETIC] <img src=x onerror=alert(1)> kratom.",
    }  # fmt: skip
    db = open_db(sample_db)
    store_records(db, [hostile], ["mitragynine"])
    db.execute(
        "UPDATE annotations SET needs_review = 1, study_type_confidence = 0, "
        "study_type_signal = '<b>signal</b>', review_reasons = '[\"<i>why</i>\"]', "
        "sample_size_evidence = '<img src=y onerror=alert(2)>' WHERE article_id = 99000002"
    )
    db.conn.commit()
    db.conn.close()
    at = app_test(monkeypatch, sample_db, "review", query=ALL)
    no_exceptions(at)
    html = "\n".join(str(h.value) for h in at.get("html"))
    assert "&lt;script&gt;" in html and "&lt;b&gt;signal&lt;/b&gt;" in html
    assert "&lt;i&gt;why&lt;/i&gt;" in html and "&lt;img src=y onerror=alert(2)&gt;" in html
    assert "<script" not in html and "<img" not in html and "<b>" not in html
