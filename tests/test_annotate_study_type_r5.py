"""Study type, round 5: human studies in older clinical abstracts that name no design (a case
series "described", a treated group, a follow-up study), found by scoring the text-only annotator
against NLM's indexing on the read part of the real baseline file and against a blind batch we
labelled by hand. Every probe below is our own wording, not text from those records."""

from __future__ import annotations

import pytest

from analysis import annotate


def study_type(abstract: str, title: str = "") -> str:
    """The design the annotator gives a record built from a probe phrase."""
    return annotate({"title": title, "abstract": abstract})["study_type"]


HANDFUL_DESCRIBED = [
    "Three adolescents with seizures after heavy kratom use are described.",
    "Two sisters with hyperprolactinaemia and galactorrhoea were presented at the clinic.",
    "Withdrawal after abrupt cessation is documented in four patients.",
    "Liver injury appeared within weeks in both patients and resolved after the product was stopped.",
    "A family with inherited prolactinoma is presented; the index case was a 30-year-old woman.",
    "The first case was a man using kratom daily; the second case was a woman taking it for pain.",
]


@pytest.mark.parametrize("abstract", HANDFUL_DESCRIBED)
def test_a_handful_of_people_described_one_by_one_is_a_case_report(abstract: str) -> None:
    assert study_type(abstract) == "case_report"


@pytest.mark.parametrize(
    "abstract",
    [
        "This report concerns a boy with neonatal abstinence syndrome after maternal kratom use.",
        "A full-term infant became irritable and fed poorly on the second day of life.",
        "We describe the ocular findings of a newborn infant with opioid withdrawal.",
        "An adult with chronic kratom use was admitted with jaundice and pruritus.",
    ],
)
def test_one_person_named_as_the_subject_is_a_case_report(abstract: str) -> None:
    assert study_type(abstract) == "case_report"


def test_apropos_of_a_few_cases_in_a_title_is_a_case_report() -> None:
    title = "Cholestatic hepatitis after kratom: apropos of two cases"
    assert study_type("Liver tests returned to normal after withdrawal.", title) == "case_report"


def test_apropos_of_hundreds_of_patients_is_not_a_case_report() -> None:
    title = "Survival after valve surgery: apropos of 345 operated patients"
    text = "The patients were followed for five years after the operation and late deaths recorded."
    assert study_type(text, title) == "cohort"


def test_poison_centre_cases_reported_to_a_system_stay_cross_sectional() -> None:
    text = "Five cases of kratom exposure were reported to the National Poison Data System in 2016."
    assert study_type(text) == "cross_sectional"


def test_both_patients_and_clinicians_in_a_survey_is_no_case_report() -> None:
    text = "An online survey asked both patients and clinicians about buprenorphine induction."
    assert study_type(text) == "cross_sectional"


@pytest.mark.parametrize(
    "abstract",
    [
        "A follow-up study of 60 outpatients treated for opioid dependence at one clinic.",
        "Forty women with prolactinoma were observed for 2 to 6 years after surgery.",
        "Of 120 patients operated on, the operative mortality was 4% and nine late deaths followed.",
        "The charts of 46 patients admitted for kratom withdrawal are reviewed.",
    ],
)
def test_people_seen_again_over_years_are_a_cohort(abstract: str) -> None:
    assert study_type(abstract) == "cohort"


def test_observed_for_hours_after_a_dose_is_not_a_cohort() -> None:
    text = (
        "Twelve healthy volunteers took a single dose of the extract and were observed for 8 hours."
    )
    assert study_type(text) == "nonrandomized_trial"


@pytest.mark.parametrize(
    "abstract",
    [
        "Twelve patients with opioid withdrawal were treated with clonidine for ten days.",
        "Eight epileptic outpatients received the new anticonvulsant for three months.",
        "The combination of bromocriptine and diet was evaluated in 14 women with amenorrhoea.",
        "Hyposensitisation was attempted in ten women, each serving as her own control.",
        "In a double blind and open clinical study, 30 patients took the extract for a month.",
    ],
)
def test_a_treatment_given_to_a_counted_group_is_a_nonrandomised_trial(abstract: str) -> None:
    assert study_type(abstract) == "nonrandomized_trial"


def test_people_who_were_treated_in_a_record_review_are_a_cohort() -> None:
    text = (
        "The records of 300 patients who were treated with buprenorphine were reviewed "
        "retrospectively and relapse within a year was recorded."
    )
    assert study_type(text) == "cohort"


def test_students_who_received_a_questionnaire_are_no_trial() -> None:
    text = "Three hundred students received an anonymous questionnaire on kratom use in the past month."
    assert study_type(text) == "cross_sectional"


@pytest.mark.parametrize(
    "abstract",
    [
        "Volunteers smoked the active or the placebo cigarette and were randomly subdivided into four groups.",
        "In a double-masked trial, one eye of each child was treated with the drops, the other with placebo.",
    ],
)
def test_random_subdivision_or_masking_with_placebo_is_an_rct(abstract: str) -> None:
    assert study_type(abstract) == "rct"


def test_sheep_red_blood_cells_as_a_reagent_do_not_make_an_animal_study() -> None:
    text = (
        "A case of leukaemia with cold agglutinins is presented. The patient's lymphocytes formed "
        "rosettes with sheep red blood cells."
    )
    assert study_type(text) == "case_report"


@pytest.mark.parametrize(
    "abstract",
    [
        "Two case histories of prolactinoma in men who used kratom are presented.",
        "A case that developed seizures after kratom and loperamide is presented.",
        "A forty-two year old woman had taken kratom powder for three years.",
        "A 30-year-old man was found dead at home. At autopsy the lungs were congested and heavy.",
    ],
)
def test_case_histories_and_a_single_narrated_case_are_case_reports(abstract: str) -> None:
    assert study_type(abstract) == "case_report"


@pytest.mark.parametrize(
    "abstract",
    [
        "Sixty patients treated for opioid dependence were assessed; the follow-up interval averaged 4 years.",
        "Ninety patients admitted for detoxification between 1998 and 2004 were traced through registers.",
        "The long-term outcome of 50 women with prolactinoma treated with bromocriptine is reported.",
    ],
)
def test_outcomes_of_a_treated_series_over_years_are_a_cohort(abstract: str) -> None:
    assert study_type(abstract) == "cohort"


@pytest.mark.parametrize(
    "abstract",
    [
        "CT gives cross-sectional images that guide the needle into the renal pelvis in every case.",
        "We give a survey of the literature on kratom and the arguments for regulation.",
    ],
)
def test_cross_sectional_images_and_a_survey_of_the_literature_are_no_survey_design(
    abstract: str,
) -> None:
    assert study_type(abstract) != "cross_sectional"


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        (
            "Kratom tea was compared with placebo tea in 38 outpatients. The study was double-blind.",
            "rct",
        ),
        (
            "In an uncontrolled double blind test, the lozenge was given to 50 smokers for two months.",
            "nonrandomized_trial",
        ),
        (
            "We treated 120 inpatients with tapering doses of tramadol during opioid withdrawal.",
            "nonrandomized_trial",
        ),
    ],
)
def test_a_masked_study_or_a_group_the_authors_treated_is_a_trial(
    abstract: str, expected: str
) -> None:
    assert study_type(abstract) == expected


def test_patients_who_underwent_surgery_between_two_years_are_a_cohort() -> None:
    text = "Of 800 patients who underwent pituitary surgery between 1990 and 2005, 40 had prolactinomas."
    assert study_type(text) == "cohort"


def test_longitudinal_scans_are_imaging_not_a_cohort() -> None:
    text = "A 50-year-old man with one kidney was examined; longitudinal scans showed a mass in the fossa."
    assert study_type(text) == "case_report"


def test_autopsy_findings_of_one_case_are_no_forensic_series() -> None:
    text = "Another fatal case of kratom use is reported. Autopsy revealed pulmonary oedema."
    assert study_type(text) == "case_report"


@pytest.mark.parametrize(
    "abstract",
    [
        "Between March 2012 and May 2016, 48 infants with neonatal abstinence were treated on the unit.",
        "Nineteen patients were assessed on average three years following completion of treatment.",
    ],
)
def test_a_treated_series_dated_or_seen_years_after_treatment_is_a_cohort(abstract: str) -> None:
    assert study_type(abstract) == "cohort"
