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


# One slip in a common people noun still counts; real words one slip away do not.
MISSPELT_NOUNS = [
    ("The trial was run in 62 patinets with gout at four clinics.", 62),
    ("We enrolled 140 particpants from two needle-exchange sites.", 140),
    ("Thirty-one voluntears took a single oral dose of the extract.", 31),
]


@pytest.mark.parametrize(("abstract", "expected"), MISSPELT_NOUNS)
def test_a_misspelt_people_noun_still_counts(abstract, expected):
    assert size(abstract, "cohort") == expected


def test_a_real_word_one_letter_from_patients_is_not_a_count():
    assert size("The firm filed 12 patents on the extraction process in 2019.", "cohort") is None


# People named by their condition.
CONDITION_NOUNS = [
    ("Lung function was recorded in 18 adult asthmatics before and after salbutamol.", 18),
    ("Insulin doses were reviewed for 45 diabetics attending the clinic.", 45),
]


@pytest.mark.parametrize(("abstract", "expected"), CONDITION_NOUNS)
def test_people_named_by_their_condition_are_counted(abstract, expected):
    assert size(abstract, "cohort") == expected


def test_have_been_treated_marks_the_sample_over_a_later_subgroup():
    text = (
        "In a crossover trial, 30 adults with hay fever have been treated with the spray. "
        "18 adults preferred the spray to placebo."
    )
    assert size(text, "rct") == 30


# Modifiers listed with commas and a final "and", or with a bracketed aside holding numbers.
MODIFIERS_AND_ASIDES = [
    ("A total of 64 fasted, restrained, and unsedated rats were dosed by gavage.", "animal", 64),
    (
        "Forty-two mostly male, older (mean 61 ± 7 years), treated hypertensive patients.",
        "cohort",
        42,
    ),
]


@pytest.mark.parametrize(("abstract", "design", "expected"), MODIFIERS_AND_ASIDES)
def test_a_count_reaches_its_noun_over_listed_modifiers_and_an_aside(abstract, design, expected):
    assert size(abstract, design) == expected


def test_a_share_in_brackets_still_stops_the_count_reaching_a_noun():
    text = "Of the cohort, 54 (67%) treated patients relapsed within a year."
    assert size(text, "cohort") != 54


def test_a_bracketed_name_without_numbers_does_not_join_a_count_to_a_noun():
    text = "Leaf chewing was common; 12 elderly (Orang Asli) villagers described it as daily."
    assert size(text, "cross_sectional") is None


def test_an_n_that_sizes_a_share_named_in_words_is_a_subgroup():
    text = (
        "Sixty-six regular kratom users completed the battery. The half of users with the "
        "highest daily intake (n = 33) was compared with the half with the lowest (n = 33)."
    )
    assert size(text, "cross_sectional") == 66


def test_an_n_after_a_plain_group_name_is_not_taken_for_a_share():
    text = "Daily users (n = 41) and weekly users (n = 25) were compared."
    assert size(text, "cross_sectional") == 66


def test_a_denominator_shared_by_three_results_outranks_a_total_of_one_result():
    text = (
        "We reviewed 212 poison-centre records. Seizures occurred in 14/212 (6.6%), "
        "tachycardia in 51/212 (24%), and a total of 97/212 (46%) cases needed admission."
    )
    assert size(text, "cross_sectional") == 212


def test_a_total_of_with_its_own_denominator_still_counts_the_numerator():
    text = "A total of 412/950 invited users returned the questionnaire in 2021."
    assert size(text, "cross_sectional") == 412


# A trial that states both counts is sized by the randomised one (STUDY_TYPES.md).
RANDOMISED_AND_ANALYSED = [
    (
        "Overall, 96 adults who met the criteria were randomly allocated to drug or placebo; "
        "four withdrew before dosing, leaving 92 for analysis.",
        96,
    ),
    (
        "We randomised 120 outpatients with opioid withdrawal. Of these, 111 patients were "
        "analysed per protocol.",
        120,
    ),
]


@pytest.mark.parametrize(("abstract", "expected"), RANDOMISED_AND_ANALYSED)
def test_a_trial_is_sized_by_its_randomised_count_over_the_analysed_remainder(abstract, expected):
    assert size(abstract, "rct") == expected


def test_a_much_smaller_analysed_subset_of_a_trial_is_not_replaced():
    text = (
        "In the parent trial 1,480 smokers were randomized. This secondary analysis included "
        "a total of 402 smokers who completed the 12-month visit."
    )
    assert size(text, "rct") == 402


def test_outside_trials_the_analysed_count_still_wins():
    text = "We recruited 96 adults; four withdrew, leaving 92 for analysis."
    assert size(text, "cohort") == 92
    assert size(text, "rct") == 92  # recruited is not randomised


def test_a_control_group_named_after_a_stated_total_of_cases_is_added():
    text = (
        "In total 64 adults admitted with kratom withdrawal were included. Seventy adults "
        "admitted for elective surgery formed a comparison group. Cortisol was higher in cases."
    )
    assert size(text, "cross_sectional") == 134


def test_a_stated_total_that_already_names_its_controls_is_kept():
    text = (
        "In total 134 adults were included, among them healthy controls. Seventy adults "
        "admitted for elective surgery formed a comparison group."
    )
    assert size(text, "cross_sectional") == 134


# Survey starters and completers: the completers are the analysed sample (STUDY_TYPES.md).
STARTERS_AND_COMPLETERS = [
    "Of the 1,640 adults who opened the online survey, 1,203 completed it.",
    "Of 1,640 people who began the questionnaire, 1,203 finished all sections.",
    "The questionnaire was opened by 1,640 kratom users; 1,203 completed it.",
]


@pytest.mark.parametrize("abstract", STARTERS_AND_COMPLETERS)
def test_survey_completers_outrank_the_starters(abstract):
    assert size(abstract, "cross_sectional") == 1203


def test_completing_a_treatment_is_not_completing_the_survey():
    assert size("Of 518 patients, 402 completed treatment.", "cohort") == 518


# Cohorts that give enrolled and analysed counts: the analysed set (STUDY_TYPES.md).
ENROLLED_AND_ANALYSED = [
    ("We followed 930 people on methadone for a year; 812 had complete data.", 812),
    ("The cohort enrolled 410 adults, and 366 were retained at the 6-month visit.", 366),
]


@pytest.mark.parametrize(("abstract", "expected"), ENROLLED_AND_ANALYSED)
def test_a_cohort_is_sized_by_those_with_complete_data(abstract, expected):
    assert size(abstract, "cohort") == expected


def test_complete_data_said_of_a_subset_stays_a_subset():
    text = "We enrolled 410 adults. Of these, 366 had complete data on sleep."
    assert size(text, "cohort") == 410


# Responders out of an invited pool are the sample; responders to a treatment are not.
RESPONDERS_OF_A_POOL = [
    ("Forty-one of the 95 invited pharmacists responded to the online questionnaire.", 41),
    ("In all, 318 of the 700 eligible harm-reduction clients took part in the survey.", 318),
]


@pytest.mark.parametrize(("abstract", "expected"), RESPONDERS_OF_A_POOL)
def test_responders_out_of_an_invited_pool_are_the_sample(abstract, expected):
    assert size(abstract, "cross_sectional") == expected


def test_responders_to_a_treatment_are_a_subgroup():
    assert size("Seven of the 31 patients responded to the taper.", "cohort") == 31


# A registry or database that "contained" or "listed" its records: the records are the sample.
REGISTRY_RECORDS = [
    ("The national adverse event database contained 148 reports that named kratom.", 148),
    ("The state poison centre listed 612 exposures to kratom between 2015 and 2020.", 612),
]


@pytest.mark.parametrize(("abstract", "expected"), REGISTRY_RECORDS)
def test_records_a_registry_contained_are_the_sample(abstract, expected):
    assert size(abstract, "cross_sectional") == expected


def test_what_a_product_contained_is_not_a_sample():
    assert size("Each tablet contained 3 alkaloids above the limit.", "in_vitro") is None


def test_a_total_of_participants_keeps_its_control_group_inside():
    text = (
        "In total 150 participants were enrolled. The comparison group consisted of 50 adults "
        "who had never used kratom."
    )
    assert size(text, "cross_sectional") == 150


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("Thirtyfour outpatients were given the patch for a month.", 34),
        ("Fortyone women were interviewed at the clinic.", 41),
    ],
)
def test_a_tens_word_glued_to_its_unit_is_one_number(abstract, expected):
    assert size(abstract, "cohort") == expected


# Arms told by one verb each, a comparison "with" a control group, per-group sizes with modifiers.
ARMS_AND_GROUPS = [
    ("Eighteen adults received kratom tea and 18 received a matched placebo.", "rct", 36),
    ("Twelve mice were given 10 mg/kg mitragynine and 12 were given saline.", "animal", 24),
    ("We compared 64 regular kratom users with 51 non-using controls.", "cross_sectional", 115),
    ("Ten adult male Swiss mice per group were tested in three groups.", "animal", 30),
]


@pytest.mark.parametrize(("abstract", "design", "expected"), ARMS_AND_GROUPS)
def test_arms_comparisons_and_groups_add_up(abstract, design, expected):
    assert size(abstract, design) == expected


ARMS_LOOK_ALIKES = [
    ("Of the 36 adults, 18 received kratom tea and 18 received placebo.", "rct", 36),
    ("Forty patients received naloxone and 12 received it a second time.", "cohort", 40),
    ("We studied 58 patients with 2 or more earlier overdoses.", "cohort", 58),
    ("Drug A or drug B was given to two groups of 45 patients each.", "rct", 90),
]


@pytest.mark.parametrize(("abstract", "design", "expected"), ARMS_LOOK_ALIKES)
def test_subsets_repeats_and_counts_of_events_are_not_added_as_arms(abstract, design, expected):
    assert size(abstract, design) == expected
