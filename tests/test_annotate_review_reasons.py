"""Review reasons for the design call (issue 14 item 2): the codes say why, and only when it matters."""

from __future__ import annotations

import pytest

from analysis import REVIEW_CONFIDENCE, annotate
from analysis.design_decision import decide, design_review_reasons
from analysis.study_type import collect_evidence


def reasons_for(abstract: str, title: str = "", **meta) -> dict:
    """The annotation of a probe record (our own wording, not abstract text)."""
    return annotate({"title": title, "abstract": abstract, **meta})


# (probe abstract, expected study type, expected design reasons)
REASON_PROBES = [
    # a design named plainly and nothing against it: confident
    ("In this randomised, double-blind trial, 120 adults with opioid use disorder were randomly "
     "assigned to buprenorphine or methadone; retention was higher with buprenorphine (p = 0.01).",
     "rct", []),
    ("We built a Markov model of take-home naloxone with a hypothetical cohort, costs and QALYs.",
     "other", []),
    # no design wording at all: whatever the fallback says is a guess
    ("Kratom is a tree of Southeast Asia whose leaves are chewed or brewed as tea.",
     "review", ["fallback_design"]),
    ("Kratom users and non-users were compared on sleep quality.", "cross_sectional",
     ["fallback_design"]),
    # strong wording for two designs that exclude each other
    ("We conducted a cross-sectional survey of 300 kratom users and then followed a cohort of 120 "
     "respondents for two years with follow-up interviews.", "cross_sectional",
     ["conflicting_design_cues"]),
    # two designs nearly level: the winner's confidence falls under the review line as well
    ("Semi-structured interviews with 20 kratom users were analysed thematically, and a "
     "cross-sectional survey of 500 respondents followed.", "qualitative",
     ["conflicting_design_cues", "low_design_confidence"]),
    # blinding and placebo imply random allocation, but the paper never says so
    ("In a double-blind, placebo-controlled crossover study, 12 healthy volunteers received the "
     "alkaloid and placebo.", "rct", ["random_allocation_not_stated"]),
    # one weak cue decided
    ("The outcomes of 80 people treated for withdrawal were analysed retrospectively.", "cohort",
     ["weak_design_evidence"]),
]  # fmt: skip


@pytest.mark.parametrize(("abstract", "study_type", "reasons"), REASON_PROBES)
def test_design_reasons_name_what_makes_a_call_doubtful(abstract, study_type, reasons):
    ann = reasons_for(abstract)
    assert ann["study_type"] == study_type
    assert ann["review_reasons"] == reasons
    assert ann["needs_review"] is bool(reasons)
    # the confidence stays a probability, and a confident call is above the review line
    assert 0.0 <= ann["study_type_confidence"] <= 1.0
    if not ann["needs_review"]:
        assert ann["study_type_confidence"] >= REVIEW_CONFIDENCE
    if "low_design_confidence" in ann["review_reasons"]:
        assert ann["study_type_confidence"] < REVIEW_CONFIDENCE


def test_a_strong_publication_type_is_not_weak_evidence_even_without_text():
    ann = reasons_for("", title="Kratom and the liver", publication_types=["Meta-Analysis"])
    assert ann["study_type"] == "systematic_review"
    assert ann["review_reasons"] == []


def test_a_systematic_review_that_names_the_trials_it_pooled_is_not_a_conflict():
    ann = reasons_for(
        "We searched MEDLINE and Embase and included 12 randomised controlled trials in a "
        "random-effects meta-analysis (PRISMA)."
    )
    assert ann["study_type"] == "systematic_review"
    assert "conflicting_design_cues" not in ann["review_reasons"]


def test_design_review_reasons_is_a_fresh_list_other_annotators_can_append_to():
    ev = collect_evidence("", "Kratom is a tree whose leaves are chewed.", [], [], [])
    code, confidence, _signal = decide(ev)
    first = design_review_reasons(ev, code, confidence)
    first.append("several_candidate_sample_sizes")
    assert design_review_reasons(ev, code, confidence) == ["fallback_design"]


def test_an_empty_record_needs_review():
    ann = annotate({"title": None, "abstract": None})
    assert ann["needs_review"] is True
    assert ann["review_reasons"] == ["fallback_design"]
