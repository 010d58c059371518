"""Sample size, round 8: wording families found on the blind topic batches U and T (docs/
ANNOTATION.md "Sample size, round 8"). Every phrase is our own wording of the family, not a
sentence from an abstract."""

from __future__ import annotations

import pytest

from analysis.sample_size import extract_sample_size


def size(abstract: str, study_type: str = "cohort"):
    """Sample size for an abstract under a given design."""
    cand = extract_sample_size(abstract, study_type)
    return cand.value if cand else None


# A comparison of groups ("lower in N A than in M B and K C"): every compared group counts.
COMPARED_GROUPS = [
    (
        "The cortisol rise after the injection was smaller in 20 patients with chronic pain than "
        "in 12 healthy volunteers and 9 abstinent former users.",
        41,
    ),
    ("Craving fell faster among 31 women on the patch than among 28 men on the patch.", 59),
]


@pytest.mark.parametrize(("abstract", "expected"), COMPARED_GROUPS)
def test_groups_compared_with_than_add_up(abstract, expected):
    assert size(abstract, "nonrandomized_trial") == expected


def test_bracketed_groups_compared_with_than_add_up():
    assert size("Levels were lower in users (n = 15) than in controls (n = 12).", "cohort") == 27


def test_groups_of_a_stated_count_compared_later_are_its_parts():
    text = (
        "Basal levels were higher in 75 patients with cirrhosis than in 50 healthy controls. The "
        "rise was larger in 48 patients with alcoholic cirrhosis than in 27 patients with other causes."
    )
    assert size(text, "cross_sectional") == 125


def test_a_threshold_after_than_is_no_group():
    text = "Pain was worse in 40 patients with more than 3 admissions in the last year."
    assert size(text, "cohort") == 40


# "compared N A (qualifier) with M B": both groups of the comparison.
COMPARED_WITH = [
    (
        "This open study compared 12 inpatients receiving clonidine 0.1-0.3 mg twice daily with "
        "12 inpatients receiving lofexidine.",
        24,
    ),
    ("We compared 25 smokers attending the clinic to 18 smokers from the community.", 43),
    ("The trial compared 20 adults given the tea to 20 adults given hot water.", 40),
]


@pytest.mark.parametrize(("abstract", "expected"), COMPARED_WITH)
def test_compared_groups_add_up(abstract, expected):
    assert size(abstract, "nonrandomized_trial") == expected


def test_one_group_compared_with_itself_stays_one():
    text = "We compared 30 patients before and after two weeks of treatment."
    assert size(text, "nonrandomized_trial") == 30


# The analysed respondents of a follow-up survey outrank the parent study's N.
def test_people_successfully_surveyed_outrank_the_parent_n():
    text = (
        "Methods: Chart review and follow-up telephone survey among adults (N=240) treated at "
        "the clinic in 2016. Results: 88 former patients were successfully surveyed."
    )
    assert size(text, "cohort") == 88


def test_a_parent_n_alone_still_counts():
    text = "Methods: Chart review and follow-up survey among adults (N=240) treated in 2016."
    assert size(text, "cohort") == 240


# The primary measure's count ("N patients had X scores recorded") over a secondary subset.
def test_patients_with_the_primary_scores_recorded_outrank_a_secondary_subset():
    text = (
        "The primary outcome was the change in pain score. Forty-two patients had pain scores "
        "recorded before and after the dose. Of the 48 patients with sleep diaries, 60% slept "
        "longer."
    )
    assert size(text, "nonrandomized_trial") == 42


# In a trial, one arm's count ("N participants ... in the X arm") never sizes the whole trial.
def test_one_arms_count_does_not_outrank_the_trial():
    text = (
        "Methods: This was a multicentre, double-blind randomised trial, with 180 participants "
        "with alcohol dependence. Results: A total of 61 participants (ITT: 67.8%) in the "
        "naltrexone arm and 52 participants (ITT: 57.8%) in the placebo arm stayed in treatment."
    )
    assert size(text, "rct") == 180


def test_arms_listed_by_group_still_add_up():
    text = "We randomised 60 patients in the treatment group and 58 patients in the control group."
    assert size(text, "rct") == 118


# Several surveys, each with its own sample, in one sentence: the respondents add up.
def test_the_samples_of_separate_surveys_add_up():
    text = (
        "Household surveys with 350 farmers, 90 teachers and web surveys carried out among 600 "
        "consumers in the capital were analysed."
    )
    assert size(text, "cross_sectional") == 1040


def test_interviews_with_some_survey_respondents_do_not_add():
    text = "A survey of 500 adults was followed by interviews with 20 adults who use kratom daily."
    assert size(text, "cross_sectional") == 500


# "a total of N samples" in a survey of people: the people sampled.
def test_a_total_of_samples_in_a_survey_counts_people():
    text = (
        "A cross-sectional questionnaire study. Cluster sampling chose five schools, giving a "
        "total of 515 samples. Data were collected online."
    )
    assert size(text, "cross_sectional") == 515


SPECIMEN_SAMPLES = [
    ("Responses: a total of 240 samples were collected from 80 donors.", "cross_sectional", 240),
    ("A total of 310 samples were obtained, 41 of them positive.", "cohort", 310),
    ("A total of 96 samples of commercial kratom were assayed.", "in_vitro", 96),
    ("Urine was tested in the survey: a total of 150 samples.", "cross_sectional", 150),
]


@pytest.mark.parametrize(("abstract", "design", "samples"), SPECIMEN_SAMPLES)
def test_specimen_samples_are_not_people(abstract, design, samples):
    assert size(abstract, design) != samples


# "this Case Report" names a paper, not a patient.
def test_a_letter_about_a_case_report_has_no_single_case():
    text = (
        "This letter answers Lee and colleagues, who recently published a Case Report on 12 "
        "patients treated with buprenorphine. We found errors in this Case Report and in others."
    )
    assert size(text, "case_report") is None


SINGLE_CASES = [
    "This case shows that a high dose may cause seizures.",
    "In this case report we describe a woman with hyperprolactinaemia.",
]


@pytest.mark.parametrize("abstract", SINGLE_CASES)
def test_a_single_described_case_still_counts_one(abstract):
    assert size(abstract, "case_report") == 1
