"""Sample size, round 7: wording families found on the blind topic batch V (docs/ANNOTATION.md
"Sample size, round 7"). Every phrase is our own wording of the family, not a sentence from an
abstract."""

from __future__ import annotations

import pytest

from analysis.sample_size import extract_sample_size


def size(abstract: str, study_type: str = "cohort"):
    """Sample size for an abstract under a given design."""
    cand = extract_sample_size(abstract, study_type)
    return cand.value if cand else None


# A design word right before the count ("In a randomised trial 64 adults ..."): the study named, not
# a numbered one, so the count stands, however long the modifier before its verb.
DESIGN_THEN_COUNT = [
    (
        "In a double-blind randomised trial 64 heroin-dependent adults meeting the criteria of the "
        "fifth revision of the manual were allocated to two arms.",
        "rct",
        64,
    ),
    ("In this study 45 women with migraine were enrolled at two clinics.", "cross_sectional", 45),
    ("In our pilot trial 30 smokers took part over six weeks.", "nonrandomized_trial", 30),
]


@pytest.mark.parametrize(("abstract", "design", "expected"), DESIGN_THEN_COUNT)
def test_a_count_right_after_the_named_design(abstract, design, expected):
    assert size(abstract, design) == expected


def test_a_numbered_design_is_not_a_count():
    assert size("In trial 2 patients received the higher dose.", "rct") != 2


# A suspended hyphen ("age- and sex-matched") is one modifier: the count keeps its noun.
SUSPENDED_HYPHEN = [
    ("Bone density was compared between 40 users and 22 healthy, age- and sex-matched control "
     "subjects.", 62),
    ("We recruited 90 men on buprenorphine. Thirty healthy age- and weight-matched men served as "
     "the control group.", 120),
]  # fmt: skip


@pytest.mark.parametrize(("abstract", "expected"), SUSPENDED_HYPHEN)
def test_a_suspended_hyphen_keeps_the_counted_noun(abstract, expected):
    assert size(abstract, "cross_sectional") == expected


# Groups each described, then labelled ("(group A)"), then listed on: all of them add up.
def test_labelled_groups_listed_one_after_another_add_up():
    text = (
        "Markers were measured in 12 current users, seen one day after the last dose (group A), "
        "15 former users, seen months after stopping (group B), and 20 healthy controls."
    )
    assert size(text, "cross_sectional") == 47


# A comparison group in a later sentence, "included for comparison", adds to the main count.
def test_a_group_included_for_comparison_adds():
    text = (
        "Eighteen patients with the dystrophy underwent strength testing and an MRI scan. "
        "Fourteen age- and weight-matched healthy men were included for comparison."
    )
    assert size(text, "cross_sectional") == 32


# The authors' own perfect ("We have examined ...") is their study, not background.
def test_we_have_examined_is_the_studys_own_work():
    assert size("We have examined hormone levels in 20 male users after a week without use.") == 20


def test_others_who_have_examined_stay_background():
    assert size("Earlier studies have examined hormone levels in 20 male users.") is None


# A matching ratio (controls per case) is never a sample size.
MATCHING_RATIOS = [
    "Among adults with a first hip fracture, up to 4 controls, matched by age, sex and practice, "
    "were randomly selected for each case.",
    "For every case, five controls matched on birth year were drawn from the registry.",
    "Each case was matched with up to ten controls by age and region.",
    "Ten controls per case were selected at random from the same practice.",
    "Cases were matched to 2 controls each on sex and age.",
]


@pytest.mark.parametrize("abstract", MATCHING_RATIOS)
def test_a_matching_ratio_is_not_a_sample(abstract):
    assert size(abstract, "case_control") is None


def test_counted_cases_and_controls_still_add():
    text = "We enrolled 120 cases and 240 controls matched by age; each participant gave blood."
    assert size(text, "case_control") == 360
