"""Sample size, round 4: wording families found on real PubMed text nobody here had labelled
(docs/ANNOTATION.md "Sample size, round 4"). Every phrase is our own wording of the family, not
a sentence from an abstract."""

from __future__ import annotations

import pytest

from analysis.sample_size import extract_sample_size


def size(abstract: str, study_type: str = "cohort", title: str = "") -> int | None:
    """Sample size for an abstract under a given design."""
    cand = extract_sample_size(abstract, study_type, title=title)
    return cand.value if cand else None


# The study's own action on its sample, in the passive: "was studied in N patients".
ACTION_ON_THE_SAMPLE = [
    ("Tolerance to the new inhaler was examined in 14 adults with mild asthma.", "review", 14),
    ("The gel was applied to 36 outpatients with chronic eczema for six weeks.", "review", 36),
    ("Serial liver tests were undertaken in 27 women after delivery.", "review", 27),
    (
        "Blood lead was measured retrospectively in 58 children living near the smelter.",
        "review",
        58,
    ),
]


@pytest.mark.parametrize(("abstract", "design", "expected"), ACTION_ON_THE_SAMPLE)
def test_a_count_the_study_acted_on_is_the_sample_even_when_the_design_was_read_as_review(
    abstract, design, expected
):
    assert size(abstract, design) == expected


def test_a_review_still_gives_no_size_for_a_bare_count():
    text = (
        "Eleven patients in one earlier series relapsed. We discuss what this implies for dosing."
    )
    assert size(text, "review") is None


# A single described patient, in wordings round 3 did not know.
SINGLE_CASE_WORDINGS = [
    "The authors describe the case history of a woman of 51 years with recurrent fainting.",
    "An uncommon case of pancreatic lipomatosis is reported. Surgery was not needed.",
    "The case presented here is a cardiac tumour found during a routine scan.",
    "The case is described of a nurse who developed contact dermatitis at work.",
    "A lesion of the scalp was removed from a 9-mo-old boy. Histology showed a naevus.",
    "The patient was given steroids and recovered within a month.",
]


@pytest.mark.parametrize("abstract", SINGLE_CASE_WORDINGS)
def test_single_case_wordings_give_one(abstract):
    assert size(abstract, "case_report") == 1


def test_an_age_written_without_hyphens_is_not_a_count():
    text = "We saw a 45 year old patient with chest pain after a long flight."
    assert size(text, "case_report") == 1


def test_cases_described_together_are_counted_over_the_families_they_came_from():
    text = (
        "Four cases of the syndrome from three families are described. Two sisters were affected."
    )
    assert size(text, "case_report") == 4


# Groups added from elsewhere in the abstract.
FURTHER_GROUPS = [
    (
        "Gastric emptying was studied in nine healthy women. In seven other women the test was "
        "repeated after a fatty meal.",
        "nonrandomized_trial",
        16,
    ),
    (
        "Bone density was followed in 64 smokers for two years. No such loss occurred in 58 men of "
        "a comparison group.",
        "cohort",
        122,
    ),
    (
        "Lung function was recorded in 45 smokers. Thirty non-smokers served as controls.",
        "cross_sectional",
        75,
    ),
]


@pytest.mark.parametrize(("abstract", "design", "expected"), FURTHER_GROUPS)
def test_further_and_comparison_groups_named_after_their_count_add_up(abstract, design, expected):
    assert size(abstract, design) == expected


def test_a_further_group_that_is_part_of_the_first_does_not_add():
    text = (
        "Sleep was recorded in 20 shift workers. Eleven out of 20 slept less than six hours and "
        "three additional workers reported naps."
    )
    assert size(text, "cross_sectional") == 20


def test_further_cases_after_cases_from_the_literature_are_the_sample():
    text = "Only 12 cases have been published. This paper reports 3 further cases seen in our unit."
    assert size(text, "case_report") == 3


def test_a_further_count_never_stands_for_the_sample_after_a_kept_one():
    text = "We enrolled 80 adults with gout; 2 other adults with gout were seen only once."
    assert size(text, "cohort") == 80


def test_a_further_group_joining_later_adds_to_the_first():
    text = "We enrolled 80 adults with gout. Two more adults joined after the first visit."
    assert size(text, "cohort") == 82


def test_parts_stated_later_are_not_an_extra_control_group():
    text = (
        "Prophylaxis was tested in 60 patients after surgery. There were no infections in 25 "
        "treated patients. Six infections occurred among the 35 controls."
    )
    assert size(text, "rct") == 60


# Counts that are not the sample.
NOT_THE_SAMPLE = [
    (
        "Patients were allocated to the drug or placebo. Five patients on the drug, however, had "
        "to be withdrawn because of nausea.",
        "rct",
        None,
    ),
    (
        "Twenty-two pharmacists dispensed the tablets to 418 patients over one year.",
        "cohort",
        418,
    ),
    ("Cortisol was assayed in 85 hair samples from 61 donors.", "cross_sectional", 61),
    ("Outcomes were graded for 212 biopsies in 150 patients.", "cohort", 150),
    ("Five mouse strains were compared for their response to the toxin.", "animal", None),
    (
        "We identified 300 eligible women at the clinic; 240 women consented and were enrolled.",
        "cohort",
        240,
    ),
    (
        "RESULTS: Of 900 patients screened, 610 patients qualified for the analysis.",
        "cohort",
        610,
    ),
]


@pytest.mark.parametrize(("abstract", "design", "expected"), NOT_THE_SAMPLE)
def test_dropouts_providers_specimens_strains_and_pools_are_not_the_sample(
    abstract, design, expected
):
    assert size(abstract, design) == expected


# Less common nouns and lists.
NOUNS_AND_LISTS = [
    ("Nine probands took part in a crossover comparison of two anaesthetics.", "rct", 9),
    ("The vaccine was tested in 46 travellers to West Africa.", "rct", 46),
    ("Fourteen ewes received the implant before mating.", "animal", 14),
    (
        "Two patients with lupus, three patients with scleroderma and one patient with myositis "
        "were followed for a year.",
        "cohort",
        6,
    ),
]


@pytest.mark.parametrize(("abstract", "design", "expected"), NOUNS_AND_LISTS)
def test_less_common_nouns_and_lists_ending_in_one_are_counted(abstract, design, expected):
    assert size(abstract, design) == expected


def test_a_count_the_title_names_wins_over_a_subgroup_in_the_abstract():
    text = (
        "Survival was analysed for 99 women with the tumour. Of the 64 women given "
        "chemotherapy, 38 had a partial remission."
    )
    assert size(text, "cohort") == 64  # without the title, the subgroup wins by "of the"
    assert size(text, "cohort", title="Survival in 99 women with ovarian cancer") == 99


# Round 4, second batch (recent structured abstracts).
PARTS_AND_MEASURES = [
    (
        "Volunteers (34 nurses and 29 midwives) with night shifts were enrolled in the study.",
        "cross_sectional",
        63,
    ),
    ("We analysed 640 glucose readings from 52 adolescents wearing sensors.", "cohort", 52),
    (
        "The study included 38 adults with psoriasis (12 on biologics) who had phototherapy and 31 "
        "adults with psoriasis who used creams only as a comparison group.",
        "cohort",
        69,
    ),
]


@pytest.mark.parametrize(("abstract", "design", "expected"), PARTS_AND_MEASURES)
def test_parts_without_a_total_measures_from_people_and_a_control_group_in_one_sentence(
    abstract, design, expected
):
    assert size(abstract, design) == expected


def test_a_group_named_as_comparison_inside_a_stated_total_does_not_add():
    text = "A total of 90 adults took part: 50 had asthma and 40 served as controls."
    assert size(text, "case_control") == 90


def test_controls_listed_after_a_long_qualifier_add_to_the_cases():
    text = (
        "We followed 61 women aged 40-55 years with migraine diagnosed by a neurologist at the "
        "university headache clinic and 58 age-matched controls for two years."
    )
    assert size(text, "case_control") == 119


def test_the_denominator_of_a_part_is_not_the_subject_of_its_verb():
    text = (
        "Bone scans were performed on 140 runners. Of the nine with stress fractures, three of the "
        "nine were treated surgically; another two were treated with casts."
    )
    assert size(text, "cohort") == 140


def test_arms_each_introduced_as_a_group_of_add_up():
    text = (
        "The formula was checked in a group of 120 women (aged 20-60) and in a group of 75 "
        "schoolchildren (aged 6-12)."
    )
    assert size(text, "cross_sectional") == 195


NOT_THE_SAMPLE_EITHER = [
    (
        "Only 14 cases of this tumour in the hand have been reported in the English literature. We "
        "describe a further case in a 52-year-old carpenter.",
        "case_report",
        1,
    ),
    (
        "Twenty-two studies (nine cohorts, eight trials, five case series) with 5120 participants "
        "were included in the synthesis.",
        "rct",
        None,
    ),
    (
        "The twins scored 7/20 and 9/20 on the motor scale, and their father scored 12/20.",
        "case_report",
        None,
    ),
    ("A 34-year-old woman with lupus had flares during 3 pregnancies.", "case_report", 1),
    ("The family 2 proband had milder disease than his cousin.", "case_report", None),
]


@pytest.mark.parametrize(("abstract", "design", "expected"), NOT_THE_SAMPLE_EITHER)
def test_literature_pooled_lists_scale_scores_and_labels_are_not_the_sample(
    abstract, design, expected
):
    assert size(abstract, design) == expected


def test_a_case_report_introduced_as_a_woman_without_an_age_gives_one():
    text = "A pregnant woman with lupus had three flares. Steroids were tapered after delivery."
    assert size(text, "case_report") == 1


def test_a_lab_study_keeps_no_size_for_its_donors_but_a_misread_clinical_series_keeps_its_count():
    assert size("Monocytes from 12 healthy donors were exposed to the extract.", "in_vitro") is None
    text = "Preoperative irradiation was given to 47 patients with laryngeal cancer."
    assert size(text, "in_vitro") == 47


def test_comparisons_and_examinations_of_a_group_back_its_count():
    text = "Two inhaler devices were compared in 18 adults with chronic bronchitis."
    assert size(text, "review") == 18
    text = "We summarise yearly examinations of 230 miners exposed to silica dust."
    assert size(text, "review") == 230


LAST_BATCH = [
    ("About 2,400 adults were vaccinated against influenza in the first season.", "cohort", 2400),
    ("The stent was used in 31 elderly patients with biliary strictures.", "review", 31),
    ("Lithium was given to 14 patients with mania and to 1 patient with depression.", "cohort", 15),
    (
        "Two of 30 patients with the syndrome had the rash, and in one patient it came first.",
        "cohort",
        30,
    ),
]


@pytest.mark.parametrize(("abstract", "design", "expected"), LAST_BATCH)
def test_vaccinated_used_in_repeated_prepositions_and_denominators(abstract, design, expected):
    assert size(abstract, design) == expected


def test_patients_from_published_case_reports_are_not_a_reviews_sample():
    text = "Drawing on the case reports of 31 patients, we discuss how the rash is treated."
    assert size(text, "review") is None


def test_people_who_had_the_implants_are_counted_not_the_implants():
    text = "We followed 140 hip prostheses in 121 patients for five years after surgery."
    assert size(text, "cohort") == 121
