"""Sample size, round 6: wording families found on the blind topic batches K, W and P (docs/
ANNOTATION.md "Sample size, round 6"). Every phrase is our own wording of the family, not a
sentence from an abstract."""

from __future__ import annotations

import pytest

from analysis.sample_size import extract_sample_size


def size(abstract: str, study_type: str = "cohort", guessed: bool = False):
    """Sample size for an abstract under a given design."""
    cand = extract_sample_size(abstract, study_type, design_guessed=guessed)
    return cand.value if cand else None


# Clinicians as the studied people, and a count word repeated in digits in brackets.
WORD_COUNTS = [
    ("We held focus groups with twelve rural GPs about tapering.", "qualitative", 12),
    ("Interviews were done with nine hospital dentists in Lyon.", "qualitative", 9),
    ("Twenty-two (22) toddlers who met the criteria were followed for a year.", "cohort", 22),
    ("Thirty (30) adult volunteers were enrolled at one site.", "nonrandomized_trial", 30),
]


@pytest.mark.parametrize(("abstract", "design", "expected"), WORD_COUNTS)
def test_counts_written_as_words_before_people_nouns(abstract, design, expected):
    assert size(abstract, design) == expected


# The count inside a design clause ("a trial of N adults"), also when the trial was reported before.
DESIGN_CLAUSE = [
    (
        "Design: an economic evaluation beside a previously reported open-label randomised trial of 412 smokers.",
        412,
    ),
    ("Setting: an open-label trial of 88 women at two hospitals.", 88),
]


@pytest.mark.parametrize(("abstract", "expected"), DESIGN_CLAUSE)
def test_a_count_inside_the_design_clause(abstract, expected):
    assert size(abstract, "rct") == expected


def test_literature_cases_still_are_not_the_sample():
    text = "We describe one man. A search of previously reported cases found 31 published cases."
    assert size(text, "cohort") != 31


# A total given only in brackets after "the total sample".
def test_a_total_given_only_in_brackets():
    text = "Of the whole sample (12,340), 610 (4.9%) reported any use. Most were men."
    assert size(text, "cross_sectional") == 12340


def test_a_bracketed_number_after_another_word_is_not_a_total():
    assert size("Of the visits (12,340), most were brief.", "cross_sectional") is None


# A rate's denominator is never a sample.
RATES = [
    "The rate rose from 2.1 per 1,000 live births to 7.9 per 1,000 live births over a decade.",
    "Mortality was 14 per 100,000 persons in the region.",
]


@pytest.mark.parametrize("abstract", RATES)
def test_a_rate_denominator_is_not_a_sample(abstract):
    assert size(abstract, "cross_sectional") is None


# A total with its parts in brackets straight after it: the total, not total plus a part.
def test_a_total_then_its_parts_in_brackets_is_the_total():
    text = "Fifty-one outpatients (23 on methadone and 28 controls not on opioids) were included."
    assert size(text, "cross_sectional") == 51


# Two counts that share one noun, the second with only its qualifier.
def test_two_counts_with_one_noun_and_two_qualifiers_add_up():
    text = "Two hundred and ten patients with low and 95 with high ferritin were included in the study."
    assert size(text, "cross_sectional") == 305


def test_a_denominator_with_qualified_parts_does_not_add():
    text = "Three of 40 patients with fever and 2 with rash needed admission."
    assert size(text, "cross_sectional") != 42


# Cases and controls told apart by a subset clause ("N of whom ..."): the controls still add.
def test_controls_after_a_subset_of_the_cases_add():
    text = (
        "Cortisol was measured in 30 methadone patients, 11 of whom were also smoking, "
        "and in 15 controls."
    )
    assert size(text, "cross_sectional") == 45


def test_controls_that_are_a_part_of_the_total_do_not_add():
    text = "We included 60 adults, 35 of whom were users, and 25 controls."
    assert size(text, "cross_sectional") == 60


# A trial: the randomised arms, not the run-in sample before randomisation.
def test_a_trial_counts_the_randomised_not_the_run_in():
    text = (
        "After a two-week run-in, 48 of 55 patients tolerated the drug. "
        "They were randomly assigned to the active group (n=24) or placebo group (n=24). "
        "Pain scores fell in both groups."
    )
    assert size(text, "rct") == 48


# The people who presented to a clinic are the sample, not a later "Six patients with X".
def test_the_clinic_population_outranks_a_later_subgroup():
    text = (
        "Results: Fifty-five men presented with gynaecomastia to the clinic during the year. "
        "Seven patients with drug-induced disease had received spironolactone and seven patients "
        "had also undergone imaging."
    )
    assert size(text, "cross_sectional") == 55


# Farm animals counted even when the design was read as a human one.
FARM_ANIMALS = [
    ("Eight lactating dairy ewes were used in a crossover design to test the infusion.", 8),
    ("Twelve nonpregnant Holstein heifers were allotted to two treatments.", 12),
]


@pytest.mark.parametrize(("abstract", "expected"), FARM_ANIMALS)
def test_farm_animals_are_counted(abstract, expected):
    assert size(abstract, "animal") == expected
    assert size(abstract, "nonrandomized_trial") == expected
    assert size(abstract, "other") == expected


def test_animals_beside_people_in_a_human_study_are_not_the_sample():
    text = "We enrolled 40 patients. Earlier work had used 12 dogs."
    assert size(text, "rct") == 40
    assert size("Prior work in 12 dogs showed the effect.", "rct") is None


def test_lab_animals_under_a_human_design_stay_uncounted():
    assert size("Ten male rats were used in a crossover design.", "nonrandomized_trial") is None


def test_a_trial_randomised_in_the_same_sentence_keeps_its_total():
    text = (
        "Adults (n = 180) who wished to cut down on drinking were randomised to a waiting list "
        "(n = 45) or one of three apps: basic (n = 44), full (n = 46) or coached (n = 45)."
    )
    assert size(text, "rct") == 180


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        (
            "A questionnaire was mailed to plastic surgeons; it was returned by 565 of 1,750 of them.",
            565,
        ),
        ("The survey was completed by 212 of the 900 pharmacists contacted.", 212),
        ("Forms were filled in by 48 of 60 midwives on the ward.", 48),
    ],
)
def test_responders_named_in_the_passive_are_the_sample_not_the_pool(abstract, expected):
    assert size(abstract, "cross_sectional") == expected
