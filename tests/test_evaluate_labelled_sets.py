"""Issue 14 bars on the labelled sets: study type, the selective (confident) calls, sample
size and open questions.

The sets are read from ../shared/data at test time and never copied into the repository; the
test skips where they are absent. Failure messages give figures only, never the misses, so a
run does not show the text of the held-out third.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.evaluate import evaluate_records
from analysis.labelled import read_jsonl

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SETS = ("dev_labelled.jsonl", "labelled_r2.jsonl", "labelled_r3.jsonl")
QUESTION_SETS = ("labelled_r2.jsonl", "labelled_r3.jsonl")  # checked for open questions


def _metrics(names: tuple[str, ...]) -> dict:
    """Metrics over every record of the named sets, or skip when one is missing."""
    missing = [name for name in names if not (DATA / name).exists()]
    if missing:
        pytest.skip(f"labelled sets not found in {DATA}: {', '.join(missing)}")
    return evaluate_records([r for name in names for r in read_jsonl(DATA / name)])


@pytest.fixture(scope="module")
def union_metrics() -> dict:
    """Metrics over the union of the development sets (dev, r2, r3)."""
    return _metrics(SETS)


@pytest.fixture(scope="module")
def question_metrics() -> dict:
    """Metrics over the sets whose records were checked for open questions."""
    return _metrics(QUESTION_SETS)


def _figures(metrics: dict) -> str:
    """The aggregate figures for a failure message, without any per-record misses."""
    return json.dumps({k: v for k, v in metrics.items() if k not in {"misses", "confusion"}})


def test_labelled_sets_study_type_accuracy_is_at_least_0_92(union_metrics):
    assert union_metrics["study_type_accuracy"] >= 0.92, _figures(union_metrics)


def test_labelled_sets_confident_calls_are_at_least_0_97_right(union_metrics):
    assert union_metrics["confident_accuracy"] >= 0.97, _figures(union_metrics)


def test_labelled_sets_confident_calls_cover_at_least_85_percent(union_metrics):
    assert union_metrics["confident_share"] >= 0.85, _figures(union_metrics)


def test_sample_size_is_exact_for_at_least_90_percent_of_records_with_an_n(union_metrics):
    assert union_metrics["sample_size_recall"] >= 0.90, _figures(union_metrics)


def test_sample_size_is_given_for_at_most_5_percent_of_records_labelled_null(union_metrics):
    assert union_metrics["sample_size_false_positive_rate"] <= 0.05, _figures(union_metrics)


def test_open_question_precision_is_at_least_0_90(question_metrics):
    assert question_metrics["open_questions_precision"] >= 0.90, _figures(question_metrics)


def test_open_question_recall_is_at_least_0_80(question_metrics):
    assert question_metrics["open_questions_recall"] >= 0.80, _figures(question_metrics)


def test_open_question_themes_agree_for_at_least_85_percent(question_metrics):
    assert question_metrics["open_question_themes_agreeing"] >= 0.85, _figures(question_metrics)
