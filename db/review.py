"""Researchers' review: the queue of records the annotators are unsure of, and decisions.

Migration m006 stores each annotation's ``needs_review`` flag and ``review_reasons`` and
gives ``corrections`` a ``decision`` column: ``confirmed`` (a researcher accepted the labels
shown, copied in by ``db.store.confirm``) or ``corrected`` (``db.store.save_correction``
changed the study type or sample size). Decisions are corrections rows, so they win in
``articles`` and survive re-fetch and ``reannotate`` like every correction. Registered on
``db.schema.migrations``; its readers are in db/review_queue.py.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.schema import migrations

DECISIONS = ("confirmed", "corrected")

# A researcher's labels in a corrections row `c` (every confirmed or corrected row has them;
# rows written by hand without a decision count as corrected).
LABELLED = "(c.study_type IS NOT NULL OR c.sample_size_set = 1)"
# A record leaves the queue once a researcher decided its labels or marked it off-topic.
DECIDED = (
    "EXISTS (SELECT 1 FROM corrections c WHERE c.article_id = n.article_id "
    f"AND ({LABELLED} OR c.off_topic = 1))"
)


@migrations()
def m006_review(db: Database) -> None:
    """Review flags on annotations and a decision on corrections (the review queue)."""
    db.execute("ALTER TABLE annotations ADD COLUMN needs_review INTEGER")
    db.execute("ALTER TABLE annotations ADD COLUMN review_reasons TEXT")  # JSON list of codes
    db.execute(
        "ALTER TABLE corrections ADD COLUMN decision TEXT "
        f"CHECK (decision IN ({', '.join(repr(d) for d in DECISIONS)}))"
    )
    db.execute(f"UPDATE corrections AS c SET decision = 'corrected' WHERE {LABELLED}")
    # The queue reads the flagged records lowest confidence first, a small partial index.
    db.execute(
        "CREATE INDEX idx_annotations_review ON annotations "
        "(study_type_confidence, article_id) WHERE needs_review = 1"
    )
    # Records annotated before this migration, until `reannotate` flags them.
    db.execute(
        "CREATE INDEX idx_annotations_unflagged ON annotations (article_id) "
        "WHERE needs_review IS NULL"
    )
