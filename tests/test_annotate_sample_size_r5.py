"""Sample size, round 5: wording families found on real PubMed text labelled blind (docs/
ANNOTATION.md "Sample size, round 5"). Every phrase is our own wording of the family, not a
sentence from an abstract."""

from __future__ import annotations

import pytest

from analysis import annotate
from analysis.sample_size import extract_sample_size


def size(abstract: str, study_type: str = "cohort", title: str = "", guessed: bool = False):
    """Sample size for an abstract under a given design (guessed: decide() fell back)."""
    cand = extract_sample_size(abstract, study_type, title=title, design_guessed=guessed)
    return cand.value if cand else None


# A design that decide() only guessed (no design wording at all) is no evidence against a count:
# old clinical reports with no design words fall back to "review".
GUESSED_DESIGN = [
    ("Serum zinc fell in 23 elderly patients on the ward during the winter months.", 23),
    ("Nine children with the rash recovered without sequelae after the change of soap.", 9),
]


@pytest.mark.parametrize(("abstract", "expected"), GUESSED_DESIGN)
def test_a_plain_count_stands_when_the_review_design_was_only_a_fallback(abstract, expected):
    assert size(abstract, "review", guessed=True) == expected
    assert size(abstract, "review") is None  # a review named by its wording keeps the bar


def test_annotate_keeps_a_plain_count_under_a_fallback_design():
    record = {"title": "Zinc in the winter", "abstract": GUESSED_DESIGN[0][0]}
    result = annotate(record)
    assert "fallback" in result["study_type_signal"]
    assert result["sample_size"] == 23


def test_annotate_gives_a_worded_review_no_size_from_a_plain_count():
    record = {
        "title": "Zinc and the elderly: a narrative review",
        "abstract": "This review discusses zinc status in old age. "
        "Serum zinc fell in 23 elderly patients in one earlier ward study.",
    }
    result = annotate(record)
    assert result["study_type"] == "review"
    assert "fallback" not in result["study_type_signal"]
    assert result["sample_size"] is None
