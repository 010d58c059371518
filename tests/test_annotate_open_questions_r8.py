"""Open questions, round 8 (topic batches U and T): a literature that is absent or thin, an
unknown said in passing ("for unknown reasons", "only beginning to be understood"), a need for
quality evidence, current uncertainties, future work as a condition or a necessity; negative
findings, measured unmet need and calls for action are no gaps; a leading section heading is
not part of a returned sentence; themes of attitudes, practices and correlates of use.

Every probe is our own wording (see docs/ANNOTATION.md, "Open questions, round 8").
"""

from __future__ import annotations

import pytest

from analysis.open_questions import find_open_questions, is_gap_statement
from analysis.oq_themes import theme_counts


@pytest.mark.parametrize(
    "sentence",
    [
        # the literature is absent or thin
        "There is a lack of validations of this scale for use in adolescents.",
        "For older users there is a lack of adaptations of the craving questionnaire.",
        "No published study has systematically mapped the regulation of kratom across states.",
        "To our knowledge, no study has identified the predictors of relapse after tapering.",
        "Long-term kratom use has gotten little attention from researchers.",
        "Protracted withdrawal has seen less research than the acute phase.",
        "Accounts of kratom psychosis are common online but sparse in the medical literature.",
        "Descriptions of withdrawal in infants are few in the scientific literature.",
        # an unknown said in passing
        "Some infants, for unknown reasons, develop no withdrawal signs at all.",
        "Tolerance to the analgesic effect develops for unclear reasons in a few users.",
        "Mitragynine raises prolactin through an unknown mechanism.",
        "The effects of prenatal exposure on later learning are only beginning to be understood.",
        "We are only now beginning to understand how kratom alkaloids act on the gut.",
        "Its risks to the kidney are just starting to be explored.",
        # a need for quality evidence
        "The case shows the need for high-quality evidence on tapering regimens.",
        "These gaps highlight the need for better data on kratom use in pregnancy.",
        # current uncertainties
        "The case highlights current uncertainties about how to diagnose kratom use disorder.",
        "Key uncertainties remain regarding the safety of long-term use.",
        "Many uncertainties surround the dosing of kratom in older adults.",
        # future work as a necessity or a condition
        "It will be necessary to study the effects of kratom in people with liver disease.",
        "Studies in women will be required to resolve this question.",
        "Kratom could become a useful treatment, but only after its dosing is further studied.",
        "Routine use should wait until its safety is better understood.",
        "In vivo studies could give insight into the analgesic potential of these analogues.",
        "Follow-up experiments in rats might shed light on the mechanism of tolerance.",
        "Future regulatory decisions should be guided by rigorous research.",
        "Local bans should be informed by further studies of harms.",
        # a call on reporting that would improve the evidence
        "Routine assays of the product would improve the quality of future case reports.",
    ],
)
def test_round8_gap_wording_is_detected(sentence):
    assert is_gap_statement(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # a rare event in the literature is a rarity, not a gap (round 6)
        "Such cases are rare in the literature.",
        "Cases like this are scarce in the literature.",
        # a patient's story, not an open question
        "For unknown reasons, the patient stopped her medication two weeks before admission.",
        "She left the ward for unknown reasons on the third day.",
        # a need for quality control or for better symptom control is care, not evidence
        "The need for quality control of kratom products is obvious.",
        "The need for better pain control was evident.",
        # uncertainty of a measurement or a model
        "Measurement uncertainties were estimated by bootstrapping.",
        "Key uncertainties in the model were the discount rate and the price.",
        # clinical work-up and advice, not research
        "Patients with abnormal results are further investigated with MRI.",
        "Treatment decisions should be based on the available evidence.",
        "The estimate was based on additional data from two trials.",
        "It is recommended to measure serum prolactin before treatment.",
        "Animal studies can provide insight into mechanisms of addiction.",
        # a negative finding
        "Clinically relevant adrenal insufficiency has not been identified in these users.",
        "Liver toxicity has not been identified in any of the included trials.",
        "Serious adverse events have not been observed with this dose.",
        # unmet need as a measured variable
        "Unmet need for treatment was associated with higher overdose rates.",
        "Results: Unmet need for treatment services correlated with county poverty.",
        # action and service work, not research
        "Programs to curb and prevent kratom misuse are needed in schools.",
        "Measures to reduce overdose deaths are urgently needed.",
        "More work is needed to expand access to naloxone and treatment services.",
        "Efforts are required to continue to improve the uptake of buprenorphine.",
    ],
)
def test_round8_look_alikes_are_not_gaps(sentence):
    assert not is_gap_statement(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # gaps next to the look-alikes above keep counting
        "The receptor responsible for this effect has not been identified.",
        "A safe dose for pregnant women has not yet been identified.",
        "There is an unmet need for effective treatments for kratom dependence.",
        "There remains an unmet need for validated screening tools.",
        "More work is needed to improve our understanding of kratom tolerance.",
        "Further research is needed to improve access to care.",
        "New interventions to reduce kratom dependence are needed.",
        "Programs to curb misuse are needed, and further studies should test them.",
    ],
)
def test_round8_gaps_next_to_look_alikes_still_count(sentence):
    assert is_gap_statement(sentence)


@pytest.mark.parametrize(
    ("abstract", "text"),
    [
        (
            "BACKGROUND: Little is known about kratom use in Canada. METHODS: We surveyed users.",
            "Little is known about kratom use in Canada.",
        ),
        (
            "We studied ten users. CONCLUSIONS AND RELEVANCE: Larger trials are needed.",
            "Larger trials are needed.",
        ),
        (
            "We studied ten users. Conclusions: The long-term risks remain unclear.",
            "The long-term risks remain unclear.",
        ),
    ],
)
def test_a_leading_section_heading_is_not_part_of_the_sentence(abstract, text):
    found = find_open_questions(abstract)
    assert [q["text"] for q in found] == [text]
    assert abstract[found[0]["start"] : found[0]["end"]] == text


def test_a_colon_that_is_no_heading_stays():
    abstract = (
        "We studied ten users. Two questions remain: how long tolerance lasts and why it fades."
    )
    assert [q["text"] for q in find_open_questions(abstract)] == [
        "Two questions remain: how long tolerance lasts and why it fades."
    ]


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        # attitudes, beliefs and practices of clinicians or users are epidemiology and policy
        (
            "Little is known about nurses' attitudes and beliefs regarding kratom.",
            "epidemiology_policy",
        ),
        ("The prescribing practices of hospitalists are poorly described.", "epidemiology_policy"),
        # correlates of use
        (
            "Further data on the psychosocial factors associated with use are needed.",
            "epidemiology_policy",
        ),
        ("The correlates of kratom use in rural areas are unknown.", "epidemiology_policy"),
        # randomised and blinded designs test efficacy
        (
            "Larger randomised, blinded studies would be needed to confirm this.",
            "therapeutic_efficacy",
        ),
        ("Double-blind trials of kratom are lacking.", "therapeutic_efficacy"),
    ],
)
def test_round8_theme_words(text, theme):
    assert theme in theme_counts(text)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        # a single perception or belief is not an attitude survey
        ("Pain perception in daily users is poorly studied.", "epidemiology_policy"),
        ("The belief that kratom is safe has not been tested.", "epidemiology_policy"),
        # the neural correlates of a state are a mechanism
        ("The neural correlates of kratom craving are unknown.", "epidemiology_policy"),
    ],
)
def test_round8_words_that_stay_out_of_a_theme(text, theme):
    assert theme not in theme_counts(text)
