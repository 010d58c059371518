"""Rule-based annotators for the Kratom Evidence Tracker (issue #3).

`annotate(record)` gives study type, subjects, sample size with its evidence span and
the open questions an abstract states; `relevance(record, topic)` scores topic fit.
Pure functions, no I/O; the rules are described in docs/ANNOTATION.md.
"""

from __future__ import annotations

import json
from typing import Any

from .design_decision import REVIEW_CONFIDENCE, decide, design_review_reasons
from .open_questions import find_open_questions
from .oq_themes import THEMES
from .relevance import RELEVANCE_THRESHOLD, relevance, relevance_many
from .sample_size import extract_sample_size, sample_size_review_reasons
from .study_type import STUDY_TYPE_LABELS, STUDY_TYPES, collect_evidence, subjects_for
from .text import MAX_SCAN_CHARS, clean, clean_list, sentence_spans

ANNOTATOR_VERSION = "2026.12.7"

__all__ = [
    "ANNOTATOR_VERSION",
    "RELEVANCE_THRESHOLD",
    "REVIEW_CONFIDENCE",
    "STUDY_TYPES",
    "STUDY_TYPE_LABELS",
    "THEMES",
    "annotate",
    "relevance",
]


def _topic(record: dict) -> str | None:
    """The record's first topic slug, used only to pick a fallback theme."""
    topic = record.get("topic")
    if isinstance(topic, (list, tuple)):
        topic = topic[0] if topic else None
    return topic if isinstance(topic, str) else None


def annotate(record: dict[str, Any]) -> dict[str, Any]:
    """Annotate one record; never raises, so one odd record cannot stop a batch of thousands."""
    try:
        return _annotate(record)
    except Exception as exc:  # noqa: BLE001 - last-resort guard; tests assert it is never reached
        return {**_EMPTY, "study_type_signal": f"annotator error: {type(exc).__name__}"}


_EMPTY: dict[str, Any] = {
    "study_type": "other",
    "study_type_confidence": 0.0,
    "study_type_signal": "",
    "subjects": None,
    "sample_size": None,
    "sample_unit": None,
    "sample_size_evidence": None,
    "sample_size_start": None,
    "sample_size_end": None,
    "open_questions": [],
    "needs_review": True,
    "review_reasons": ["annotator_error"],
}


def _annotate(record: dict[str, Any]) -> dict[str, Any]:
    """The annotation itself (see annotate)."""
    if not isinstance(record, dict):
        record = {}
    title = clean(record.get("title"))
    abstract = clean(record.get("abstract"))
    scan = abstract[:MAX_SCAN_CHARS]
    spans = sentence_spans(scan)  # found once, shared by the three annotators
    evidence = collect_evidence(
        title,
        scan,
        clean_list(record.get("publication_types")),
        clean_list(record.get("mesh_terms")),
        clean_list(record.get("keywords")),
        lazy=True,  # primary data is only looked for when decide() falls back
        spans=spans,
    )
    study_type, confidence, signal = decide(evidence)
    sample = extract_sample_size(
        scan, study_type, spans, evidence.background, title, evidence.fallback
    )
    return {
        "study_type": study_type,
        "study_type_confidence": confidence,
        "study_type_signal": signal,
        "subjects": subjects_for(study_type, evidence.human),
        "sample_size": sample.value if sample else None,
        "sample_unit": sample.unit if sample else None,
        "sample_size_evidence": abstract[sample.start : sample.end] if sample else None,
        "sample_size_start": sample.start if sample else None,
        "sample_size_end": sample.end if sample else None,
        "open_questions": find_open_questions(scan, title, _topic(record), spans),
        # sample-size doubts (issue 14 item 2): several candidate sizes, N outside methods/results
        "needs_review": bool(
            reasons := design_review_reasons(evidence, study_type, confidence)
            + sample_size_review_reasons(sample)
        ),
        "review_reasons": reasons,
    }


def _as_list(value: Any) -> Any:
    """A stored JSON column as its value (None when not JSON); parsed values pass through."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value


def annotation_input(record: dict) -> dict:
    """The fields the annotators read, from a parsed record or a stored row (lists as JSON)."""
    mesh = _as_list(record.get("mesh")) or []
    return {
        "title": record.get("title"),
        "abstract": record.get("abstract"),
        "publication_types": _as_list(record.get("publication_types")),
        "mesh_terms": [m.get("descriptor") for m in mesh if isinstance(m, dict)] or None,
        "keywords": _as_list(record.get("keywords")),
    }


#: What annotating one record for storage gives: its annotation, and per topic the relevance
#: score and reason. Worker processes send it back; db.store writes it.
Result = tuple[dict[str, Any], dict[str, tuple[float, str]]]


def annotate_batch(inputs: list[dict], topics: tuple[str, ...]) -> list[Result]:
    """Annotation and per-topic relevance for each input, in order."""
    return [(annotate(item), relevance_many(item, topics)) for item in inputs]
