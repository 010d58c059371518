"""Sample size, round 9: wording families found on the blind topic batches Z and Z2 (docs/
ANNOTATION.md "Sample size, round 9"). Every phrase is our own wording of the family, not a
sentence from an abstract; most are deliberately unlike the record that showed the family."""

from __future__ import annotations

import pytest

from analysis.sample_size import extract_sample_size


def size(abstract: str, study_type: str = "cohort"):
    """Sample size for an abstract under a given design."""
    cand = extract_sample_size(abstract, study_type)
    return cand.value if cand else None


# Several groups listed in their own sentence as the controls add to the main count.
LISTED_CONTROLS = [
    (
        "Serum cortisol was measured in 24 women taking methadone. Twelve men and 15 women "
        "with no opioid exposure acted as controls.",
        51,
    ),
    (
        "Bone density was assessed in 33 regular kratom users. The control group comprised 16 "
        "men and 14 women of similar age.",
        63,
    ),
    (
        "Fifty adolescents with opioid use disorder were interviewed. Twenty-one siblings and "
        "19 students who never used drugs served as the comparison group.",
        90,
    ),
    (
        "Hormone profiles were obtained from 18 women maintained on buprenorphine. Ten pregnant "
        "and 12 non-pregnant women without opioid use formed the control group.",
        40,
    ),
]


@pytest.mark.parametrize(("abstract", "expected"), LISTED_CONTROLS)
def test_groups_listed_as_controls_add_to_the_main_count(abstract, expected):
    assert size(abstract, "cross_sectional") == expected


LISTED_CONTROLS_INSIDE = [
    ("Sixty adults took part: 30 received the drug and 30 acted as controls.", 60),
    (
        "We enrolled 48 participants. Of these, 24 smokers and 24 non-smokers served as "
        "controls for the assays.",
        48,
    ),
]


@pytest.mark.parametrize(("abstract", "expected"), LISTED_CONTROLS_INSIDE)
def test_controls_inside_the_main_count_do_not_add(abstract, expected):
    assert size(abstract, "cross_sectional") == expected


# Two counted groups joined by "and" across a relative clause or a participle qualifier.
QUALIFIED_GROUPS = [
    (
        "We reviewed the charts of 41 newborns whose mothers used methadone and 37 newborns "
        "whose mothers used buprenorphine.",
        78,
    ),
    (
        "The sample comprised 120 adults living in rural counties and 95 adults living in cities.",
        215,
    ),
    (
        "Outcomes were compared for 64 infants exposed to buprenorphine in utero and 70 infants "
        "born to mothers on methadone.",
        134,
    ),
    (
        "Records of 52 veterans admitted for detoxification and 47 veterans admitted for "
        "surgery were analysed.",
        99,
    ),
]


@pytest.mark.parametrize(("abstract", "expected"), QUALIFIED_GROUPS)
def test_groups_with_relative_or_participle_qualifiers_add_up(abstract, expected):
    assert size(abstract, "cohort") == expected


def test_a_relative_clause_before_the_main_verb_joins_no_later_count():
    text = (
        "In 2019, 120 adults who were daily users were randomly assigned to two doses, two "
        "adults were excluded afterwards."
    )
    assert size(text, "rct") == 120


def test_a_pool_with_a_relative_clause_is_not_an_arm():
    text = "Of the 90 infants whose mothers used opioids, 28 infants whose scores exceeded 8 were treated."
    assert size(text, "cohort") != 118


# "(n = N)" closing a methods sentence that identified, found or included its people.
IDENTIFIED_PEOPLE = [
    (
        "Claims were used to select pregnant women with at least one methadone or buprenorphine "
        "claim during the whole of 2018 (n = 2,044).",
        2044,
    ),
    (
        "Methods: Statewide pharmacy records were searched to identify adolescents who filled "
        "a prescription for buprenorphine between 2015 and 2019 (n = 1,204).",
        1204,
    ),
    (
        "We linked hospital discharge data with birth records to find every newborn diagnosed "
        "with withdrawal at the two units (n = 812).",
        812,
    ),
    (
        "The analysis included all women with a delivery hospitalisation and a recorded opioid "
        "use disorder in the state database (n = 4310).",
        4310,
    ),
]


@pytest.mark.parametrize(("abstract", "expected"), IDENTIFIED_PEOPLE)
def test_an_n_closing_the_sentence_that_identified_the_people(abstract, expected):
    assert size(abstract, "cross_sectional") == expected


IDENTIFIED_NOT_SIZED = [
    "We identified infants with withdrawal; those treated with morphine stayed longer (n = 45).",
    "We identified risk factors for readmission in a national database (n = 45).",
    "We identified infants with withdrawal, of whom those given morphine stayed longer (n = 45).",
]


@pytest.mark.parametrize("abstract", IDENTIFIED_NOT_SIZED)
def test_an_n_after_a_subgroup_or_no_people_is_not_the_sample(abstract):
    assert size(abstract, "cross_sectional") is None


# A case report of two or three patients told apart without a numeral.
FEW_CASES = [
    (
        "We describe galactorrhoea in women taking kratom. One of our patients stopped the "
        "product and recovered. The other patient continued to use it.",
        2,
    ),
    (
        "The first patient, a 34-year-old man, developed seizures after kratom use. The second "
        "patient, a 28-year-old woman, presented with hepatitis.",
        2,
    ),
    (
        "We report hepatitis in a mother and her son who drank the same tea. Both patients "
        "recovered after stopping it.",
        2,
    ),
    (
        "In the first case, jaundice followed a month of use. In the second case, the liver "
        "tests were normal. In the third case, a rash appeared.",
        3,
    ),
]


@pytest.mark.parametrize(("abstract", "expected"), FEW_CASES)
def test_a_few_patients_told_apart_without_a_numeral(abstract, expected):
    assert size(abstract, "case_report") == expected


SINGLE_CASES = [
    "The first case of kratom liver injury was reported in 2011. We report the second case, a "
    "40-year-old man with jaundice.",
    "We report a 52-year-old man with hepatitis. Both liver enzymes normalised after withdrawal.",
    "We present a 30-year-old woman with seizures; the second patient of this kind in our unit.",
    "We report a 45-year-old woman who used kratom with alcohol. In both cases, her liver enzymes "
    "rose within a week.",
]


@pytest.mark.parametrize("abstract", SINGLE_CASES)
def test_a_single_case_stays_one(abstract):
    assert size(abstract, "case_report") == 1


# Completers of a follow-up visit or assessment are the analysed set of a cohort.
VISIT_COMPLETERS = [
    ("Of 310 enrolled adults, 262 completed the 6-month visit.", 262),
    (
        "A cohort of 480 women was enrolled at delivery. In all, 371 women completed the final "
        "follow-up visit.",
        371,
    ),
    ("Of the 95 patients who started buprenorphine, 80 completed the 24-week assessment.", 80),
]


@pytest.mark.parametrize(("abstract", "expected"), VISIT_COMPLETERS)
def test_follow_up_completers_are_the_analysed_set(abstract, expected):
    assert size(abstract, "cohort") == expected


TRIAL_COMPLETERS = [
    "A total of 200 adults were randomised to kratom or placebo. Of these, 150 completed the "
    "12-week visit.",
    "In all, 200 participants were randomly assigned to two arms, and 120 participants "
    "completed the 6-month follow-up.",
    "Of 200 participants who were randomised, 130 completed the final assessment.",
]


def test_completers_of_a_later_wave_are_not_the_sample():
    text = (
        "Of 64 eligible mothers, 40 completed the first questionnaire, and 29 completed the "
        "six-month follow-up."
    )
    assert size(text, "cohort") == 40


@pytest.mark.parametrize("abstract", TRIAL_COMPLETERS)
def test_a_trial_keeps_its_randomised_count_over_visit_completers(abstract):
    assert size(abstract, "rct") == 200


# "In one study / cohort / site (n = A) ... in the other (n = B)": two samples of one analysis.
ONE_AND_THE_OTHER = [
    (
        "Data came from two earlier trials at the same clinic. In one trial (n = 210), patients "
        "received a 7-day taper. In the other trial (n = 95), the taper lasted 28 days.",
        305,
    ),
    (
        "The first cohort (n = 140) was recruited in 2015. The second cohort (n = 160) followed "
        "three years later.",
        300,
    ),
    (
        "Hormone levels rose in the first group (12 patients) after one dose, in the second group "
        "(9 patients) after two doses and in the third group (7 patients) not at all.",
        28,
    ),
    (
        "At one site, 45 patients were enrolled; at the other site, 52 patients were enrolled.",
        97,
    ),
]


@pytest.mark.parametrize(("abstract", "expected"), ONE_AND_THE_OTHER)
def test_one_and_the_other_sample_add_up(abstract, expected):
    assert size(abstract, "nonrandomized_trial") == expected


def test_one_and_the_other_study_in_a_review_is_no_sample():
    text = "One study (n = 20) reported benefit, while the other study (n = 35) found none."
    assert size(text, "review") is None


# A single fraction over the study's whole group: its denominator is the sample.
WHOLE_GROUP_FRACTIONS = [
    ("Neonatal withdrawal was diagnosed in 41% (n = 37/90) of our study cohort.", 90),
    ("In our series, the overall complication rate was 12.5% (5/40).", 40),
    ("Across the entire cohort, 22/150 infants (14.7%) needed treatment.", 150),
]


@pytest.mark.parametrize(("abstract", "expected"), WHOLE_GROUP_FRACTIONS)
def test_a_fraction_of_the_whole_cohort_gives_its_denominator(abstract, expected):
    assert size(abstract, "cohort") == expected


def test_a_score_out_of_a_maximum_is_no_fraction_of_the_cohort():
    assert size("In the whole cohort, the median pain score was 6/10.", "cohort") is None


def test_a_fraction_of_a_subgroup_gives_nothing():
    text = "Withdrawal was diagnosed in 41% (37/90) of infants exposed to methadone."
    assert size(text, "cohort") is None


# How animals were housed or paired is no sample size.
GROUP_MAKE_UP = [
    "Rats were housed in groups of four animals with free access to food.",
    "Social play was scored in pairs of two unfamiliar juvenile rats.",
    "Mice were kept five animals per cage on a 12-hour light cycle.",
    "Aggression was recorded in triads of three male mice.",
]


@pytest.mark.parametrize("abstract", GROUP_MAKE_UP)
def test_the_make_up_of_a_cage_or_pair_is_no_sample(abstract):
    assert size(abstract, "animal") is None


ANIMALS_COUNTED = [
    ("Twenty-four rats were housed in groups of three.", 24),
    ("The blood groups of 57 adult macaques were typed by agglutination.", 57),
    ("Five groups of 6 rats received the extract.", 30),
]


@pytest.mark.parametrize(("abstract", "expected"), ANIMALS_COUNTED)
def test_animals_counted_beside_their_housing_still_count(abstract, expected):
    assert size(abstract, "animal") == expected


def test_data_sets_of_people_are_not_a_grouping():
    text = "Methods: National survey data sets of 4,100 children were analysed."
    assert size(text, "cross_sectional") == 4100
