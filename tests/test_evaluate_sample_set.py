"""The bar on a second labelled set: 80 real open-access records bundled in data/sample/*.xml.

Labels (tests/fixtures/sample_labels.jsonl) were made by hand from ../shared/STUDY_TYPES.md and
carry identifiers only; the abstracts come from the bundled XML, parsed with the repository's own
PubMed parser, so this test runs on every checkout without the shared data.
"""

from __future__ import annotations

import json

import pytest

from analysis.evaluate import evaluate_records, format_report
from analysis.labelled import SAMPLE_LABELS, LabelJoinError, join_labels, load_sample_set


@pytest.fixture(scope="module")
def sample_records() -> list[dict]:
    """Every label joined with its abstract."""
    return load_sample_set()


@pytest.fixture(scope="module")
def sample_metrics(sample_records) -> dict:
    """Metrics over the labelled sample set."""
    return evaluate_records(sample_records)


def test_every_sample_label_joins_to_one_distinct_bundled_abstract(sample_records):
    labels = [json.loads(line) for line in SAMPLE_LABELS.read_text(encoding="utf-8").splitlines()]
    assert len(sample_records) == len(labels) == 80
    assert all(r["abstract"] for r in sample_records)
    assert len({r["abstract"] for r in sample_records}) == 80
    assert all(r["label_note"] for r in labels)


def test_sample_set_study_type_accuracy_is_at_least_0_95(sample_metrics):
    assert sample_metrics["study_type_accuracy"] >= 0.95, format_report(sample_metrics)


def test_sample_set_sample_size_exact_match_is_at_least_0_95(sample_metrics):
    assert sample_metrics["sample_size_exact"] >= 0.95, format_report(sample_metrics)


def test_sample_set_sample_size_false_positive_rate_is_at_most_0_05(sample_metrics):
    assert sample_metrics["sample_size_false_positive_rate"] <= 0.05, format_report(sample_metrics)


def test_join_matches_by_doi_or_title_when_there_is_no_pmid():
    articles = [
        {"pmid": None, "doi": "10.1/ABC", "title": "A", "abstract": "first"},
        {"pmid": None, "doi": None, "title": "Kratom: “a” case", "abstract": "second"},
    ]
    labels = [
        {"pmid": None, "doi": "10.1/abc", "title": "x", "study_type": "review"},
        {"pmid": None, "doi": None, "title": 'Kratom: "a" case', "study_type": "case_report"},
    ]
    assert [r["abstract"] for r in join_labels(labels, articles)] == ["first", "second"]


def test_join_fails_loudly_for_a_label_with_no_record():
    with pytest.raises(LabelJoinError):
        join_labels([{"pmid": "1", "title": "missing"}], [{"pmid": 2, "title": "other"}])
