"""Open questions, round 7 (topic batch V): a gap said inverted ("lacking is ..."), questions
raised concerning a topic, a pointer to future work with no "needed", a need for better
treatments; themes of care delivery, treatment duration, bone and mineral metabolism, and
drug treatment said as "pharmacologic".

Every probe is our own wording (see docs/ANNOTATION.md, "Open questions, round 7").
"""

from __future__ import annotations

import pytest

from analysis.open_questions import find_open_questions, is_gap_statement
from analysis.oq_themes import theme_counts


@pytest.mark.parametrize(
    "sentence",
    [
        # a gap said inverted: the missing thing after "is / are"
        "Although kratom is sold widely, lacking is any trial of its use for pain.",
        "Lacking, however, are data on how kratom affects prolactin in women.",
        "What is still missing is a head-to-head comparison of two tapering schedules.",
        "Still needed are long-term studies of liver function in daily users.",
        "Many case reports exist; missing are controlled comparisons of doses.",
        # questions raised concerning a topic
        "The absent prolactin response raises questions concerning the role of dopamine.",
        "These results pose questions regarding the safety of daily kratom use.",
        "Such cases raise doubts over the value of routine screening.",
        "The finding leaves open the question of whether tolerance develops.",
        # a pointer to future work with no "needed"
        "We offer tentative hypotheses for future testing in randomised trials.",
        "The interviews point to areas for further study of recovery after birth.",
        "Our data suggest several directions for future research on kratom dependence.",
        "The survey identifies targets for future work on prolactin regulation.",
        "Open topics for subsequent investigation include dosing in older users.",
        # a need for better treatments (the labellers count it; see ANNOTATION.md)
        "Better agents are needed to reverse the brain changes of dependence.",
        "Safer medications for neonatal withdrawal are urgently needed.",
        "Novel pharmacotherapies for kratom dependence are still required.",
        "The case underlines the need for new drugs against resistant prolactinomas.",
    ],
)
def test_round7_gap_wording_is_detected(sentence):
    assert is_gap_statement(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # "needed / required / missing is" as a plain quantity or a finding
        "The time needed is about two hours per session.",
        "The dose required is a function of body weight.",
        "Data missing at follow-up were imputed by chained equations.",
        "Patients lacking a fixed address were excluded.",
        "The item most often missing was household income.",
        # questions in an interview, concerns, past events
        "Participants raised questions during the group sessions.",
        "Clinicians raise concerns about kratom sold in petrol stations.",
        "The nurse posed questions to each mother in turn.",
        "A fever after travel should raise questions about malaria.",
        # storage, plans and reuse, not research still to do
        "Blood was stored for future analysis.",
        "Samples were kept frozen for further testing.",
        "Participants were asked about plans for future use of kratom.",
        # the paper's own outline lists topics; it states no gap
        "We conclude by outlining directions for future research.",
        "Avenues for further study are discussed.",
        "This review also identifies priorities for future work.",
        # drug needs in care, not better treatments
        "Higher doses were needed in two patients.",
        "Additional drugs were needed to control agitation.",
        "Dose adjustment is needed in renal failure.",
        "Two agents are needed to achieve full blockade.",
    ],
)
def test_round7_look_alikes_are_not_gaps(sentence):
    assert not is_gap_statement(sentence)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        # care delivery is epidemiology and policy (health services)
        (
            "Care models for pregnant women with opioid use disorder are lacking.",
            "epidemiology_policy",
        ),
        (
            "Little is known about family-centred care after neonatal withdrawal.",
            "epidemiology_policy",
        ),
        # maintenance is treatment; its duration is dosing
        ("How long buprenorphine maintenance should last is unclear.", "therapeutic_efficacy"),
        ("The optimal duration of maintenance is unclear.", "dosing_pharmacokinetics"),
        ("The best length of treatment remains unknown.", "dosing_pharmacokinetics"),
        # bone and mineral metabolism is endocrine
        ("Data on the skeletal effects of methadone are limited.", "endocrine_prolactin"),
        ("Little is known about bone turnover in kratom users.", "endocrine_prolactin"),
        ("Its effects on mineral metabolism are unknown.", "endocrine_prolactin"),
        ("Whether opioids cause osteopenia in young men is unclear.", "endocrine_prolactin"),
        # drug treatment said as "pharmacologic" is treatment
        ("Comparative pharmacologic trials are lacking.", "therapeutic_efficacy"),
        ("Placebo-controlled studies of lofexidine are needed.", "therapeutic_efficacy"),
        (
            "Better agents are needed to reverse the brain changes of dependence.",
            "therapeutic_efficacy",
        ),
    ],
)
def test_round7_theme_words(text, theme):
    assert theme in theme_counts(text)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        # the body's own metabolism is not drug metabolism
        ("Its effects on mineral metabolism are unknown.", "dosing_pharmacokinetics"),
        ("Bone and calcium metabolism in users is poorly studied.", "dosing_pharmacokinetics"),
        # pharmacologic treatment is not a mechanism
        ("Comparative pharmacologic trials are lacking.", "mechanism_receptors"),
        ("Non-pharmacological management of withdrawal is understudied.", "mechanism_receptors"),
    ],
)
def test_round7_theme_words_that_no_longer_count(text, theme):
    assert theme not in theme_counts(text)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("How kratom is metabolised in the liver is unknown.", "dosing_pharmacokinetics"),
        (
            "The pharmacology of mitragynine at opioid receptors is poorly understood.",
            "mechanism_receptors",
        ),
    ],
)
def test_round7_theme_words_that_still_count(text, theme):
    assert theme in theme_counts(text)


def test_an_inverted_gap_in_an_abstract_keeps_its_sentence():
    abstract = (
        "Several opioids induce acute dependence in volunteers. "
        "Although many schedules exist, lacking is a direct comparison of them. "
        "We compared three schedules in four men."
    )
    found = [q["text"] for q in find_open_questions(abstract)]
    assert found == ["Although many schedules exist, lacking is a direct comparison of them."]
