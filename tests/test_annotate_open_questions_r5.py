"""Open questions, round 5: a slot's synonyms count in every family that has the slot.

Every probe is our own wording (see docs/ANNOTATION.md, "Open questions, round 5"); the
negatives are look-alike findings, clinical advice and imaging descriptions.
"""

from __future__ import annotations

import pytest

from analysis.open_questions import find_open_questions, is_gap_statement


@pytest.mark.parametrize(
    "sentence",
    [
        # unknown states, after "remains", "is/are", "as yet" or "the"
        "The mechanisms behind kratom-induced seizures are obscure.",
        "Why some users escalate their dose remains unexplained.",
        "The cause of these deaths has remained obscure until now.",
        "How mitragynine is cleared in the newborn remains undetermined.",
        "The epidemiology of kratom use outside the United States is largely undocumented.",
        "An as yet unidentified metabolite may explain the effect.",
        "The unexplored role of speciociliatine in analgesia is discussed.",
        "Kratom's place in pain management is far from settled.",
        "The pharmacology of minor alkaloids remains a mystery.",
        # knowledge nouns with a limited quantity or state
        "There is limited understanding of kratom use among older adults.",
        "Kratom is a botanical with little understanding of its interactions with antidepressants.",
        "Knowledge about kratom withdrawal in adolescents is fragmentary.",
        "Understanding of kratom's abuse potential is incomplete.",
        "Research into the abuse liability of kratom is in its early stages.",
        "The evidence base for kratom is thin.",
        "Knowledge on kratom toxicology is scant.",
        "Guidance for clinicians treating kratom dependence is lacking.",
        "Reliable prevalence estimates of kratom use are unavailable.",
        "There is as yet insufficient evidence to recommend kratom for pain.",
        "There have been few reports of kratom use in pregnancy.",
        "Little empirical evidence supports the therapeutic use of kratom.",
        "The literature on kratom and the liver consists mainly of case reports.",
        "Current evidence does not allow conclusions about kratom's benefits.",
        "Conclusions are still difficult to reach because the studies differ so much.",
        "Our limited understanding of withdrawal in infants complicates care.",
        # disagreement
        "There is still controversy about the scheduling of kratom.",
        "There is an ongoing debate on whether kratom helps or harms.",
        "Disagreement persists over the best taper for kratom dependence.",
        "The value of kratom as a substitute has been called into question.",
        "It seems questionable, however, whether these doses are typical.",
        "The prolactin response to kratom has been controversial.",
        # absence, "too few", "not possible", "not yet available"
        "Too few users have been studied to estimate the risk of seizures.",
        "To date, there is no specific medicine for kratom dependence.",
        "To our knowledge, no randomised trial of kratom has been conducted.",
        "Adequate studies of kratom in older adults have not been conducted.",
        "It has so far not been possible to measure mitragynine in hair.",
        "Safe dosing guidance for kratom is not yet available.",
        "Few investigators have examined kratom use among veterans.",
        "None of the reviewed studies examined long-term outcomes.",
        "Clinicians have few evidence-based treatment options for kratom withdrawal.",
        "The abuse potential of kratom has not been well defined.",
        "The toxicology of its metabolites is not yet sufficiently known.",
        "Its stimulant properties have still to be established.",
        "Reports on kratom hepatotoxicity have largely lacked causality assessment.",
        "Definitive evidence of benefit has so far proved elusive.",
        "It is too early to say whether kratom reduces opioid deaths.",
        "These possibilities have been explored only minimally.",
        # research still to do, with the needs that only mean research after a study noun
        "Further clinical investigation of kratom in pregnancy is indicated.",
        "Further study of kratom tapering is desirable.",
        "Long-term follow-up is needed to judge the safety of kratom.",
        "Further pharmacological and clinical studies of kratom may clarify its risks.",
        "Studies of kratom for opioid withdrawal seem warranted.",
        "Other alkaloids of the leaf also deserve investigation.",
        "This problem needs deeper scrutiny.",
        "Its clinical value will await controlled trials.",
        "Whether kratom is safe will have to be determined in larger samples.",
        "These findings should encourage further research on kratom in Europe.",
        "Replication in independent cohorts is necessary.",
        "These hypotheses require testing in controlled studies.",
        "Gaps remain in our understanding of kratom withdrawal.",
        "Key questions about kratom pharmacokinetics remain open.",
        "There are many questions regarding the safety of kratom.",
        "Until there are controlled studies, case reports remain the main source.",
        "This small series supports the need for a randomised study of kratom.",
        # "poorly defined" outside imaging
        "The molecular targets of paynantheine are poorly defined.",
        # research held back or still to do, said in other ways
        "Kratom research has been hindered by regulatory barriers.",
        "Researchers have yet to identify the receptor responsible for this effect.",
        "Kratom-drug interactions are an understudied area.",
        "These questions should be addressed in future trials.",
        "Evidence-based recommendations for kratom use disorder do not exist.",
        "Scientific understanding of kratom lags behind its popularity.",
        "Information about kratom is largely derived from self-report surveys.",
        "The findings highlight the need for standardized kratom products and further research.",
        "Standardized reporting of kratom exposures is needed.",
        "More documented cases are needed before the risk can be estimated.",
        "A direct comparison of kratom and methadone seems indicated.",
        "Tapering from kratom is an area worthy of research effort.",
        "The question remains of how kratom affects the newborn.",
        "Better methods for measuring kratom in blood will have to be developed.",
    ],
)
def test_round5_gap_wording_is_detected(sentence):
    assert is_gap_statement(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # imaging and clinical descriptions
        "The margins of the liver mass are poorly defined on CT.",
        "The lesion is ill-defined on ultrasound.",
        "Kratom use is under-recognized by emergency physicians.",
        "A fever of unknown origin resolved after the patient stopped kratom.",
        # findings of this study, in the past tense or with "has been no evidence of"
        "There has been no evidence of recurrence since kratom was stopped.",
        "There was no agreement between the two raters.",
        "The maturation of the enamel was far from complete.",
        "The biopsy was inconclusive.",
        "Kratom was detected in its early stages of use.",
        # interactions and processes that are not gaps
        "There is no drug-drug interaction between kratom and paracetamol.",
        "There is no drug interaction with paracetamol.",
        "Axon wrapping is a process that is crucial for normal neuronal function.",
        "Avenues are being explored to treat kratom withdrawal at home.",
        "Surgery is indicated when the abscess does not drain.",
        "Data are missing for twelve participants.",
        "Most studies to date have relied on convenience samples.",
        "These data should be interpreted with caution given the small sample.",
        "Warming of the patient remains the best remedy.",
        "The wound remains open after surgery.",
        "Kratom was compared directly with placebo in a randomised trial.",
    ],
)
def test_round5_look_alikes_are_not_gaps(sentence):
    assert not is_gap_statement(sentence)


def test_imaging_wording_only_blocks_poorly_defined_not_other_gaps_in_the_abstract():
    abstract = (
        "The margins of the mass were poorly defined and are poorly defined on MRI. "
        "The molecular basis of kratom hepatotoxicity is poorly defined."
    )
    found = [q["text"] for q in find_open_questions(abstract)]
    assert found == ["The molecular basis of kratom hepatotoxicity is poorly defined."]


@pytest.mark.parametrize(
    ("sentence", "gap"),
    [
        ("Clinicians have no evidence-based guidance on managing kratom withdrawal.", True),
        ("Prescribers have little guidance on tapering kratom in pregnancy.", True),
        ("Only animal data exist on the abuse liability of 7-hydroxymitragynine.", True),
        ("Only preclinical studies are available on mitragynine and prolactin.", True),
        # data missing for some of this study's own participants is no gap in the field
        ("We have no evidence for 14 of the enrolled infants, whose charts were lost.", False),
        ("Only animal cages with two occupants were used.", False),
    ],
)
def test_guidance_people_lack_and_evidence_only_in_animals(sentence, gap):
    assert is_gap_statement(sentence) is gap
