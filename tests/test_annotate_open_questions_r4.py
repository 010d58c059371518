"""Open questions, round 4: gap wording families found on real unlabelled PubMed text.

Every probe is our own wording of a family seen on silver abstracts (see docs/ANNOTATION.md,
"Open questions, round 4"); the negatives are look-alike results and clinical advice.
"""

from __future__ import annotations

import pytest

from analysis.open_questions import find_open_questions, is_gap_statement


@pytest.mark.parametrize(
    "sentence",
    [
        # absence stated in the present tense, or "so far"
        "No satisfactory explanation is available for the rise in kratom poisonings.",
        "No trials of kratom for opioid withdrawal have been published to date.",
        "To our knowledge, no previous report exists describing kratom use in twins.",
        "There are no validated screening or diagnostic instruments for kratom use disorder.",
        "Kratom dependence is a condition with no specific treatment available.",
        "Validated measures of kratom dose are still lacking.",
        "Limited information was available on how kratom is dosed at home.",
        # "unproven", "controversial", "questionable", "mostly unknown", "less well studied"
        "Claims that kratom eases opioid withdrawal are still unproven.",
        "Whether kratom helps people stop opioids is controversial.",
        "The clinical relevance of this prolactin change remains questionable.",
        "The receptors behind the stimulant effect of kratom are mostly unknown.",
        "The unclear role of 7-hydroxymitragynine in dependence is discussed.",
        "Kratom use among older women is less well studied.",
        "Seizures after kratom use are poorly documented.",
        "Its importance for liver injury is not yet as clearly defined as that of dose.",
        "The dispute over kratom scheduling has never been resolved.",
        # research still to do, said with a modal, "awaits", "yet to be", "until", "premature"
        "Further research on tapering regimens might show which schedule works best.",
        "Future studies of kratom users in Europe will change how we counsel patients.",
        "Further exploration of these alkaloids will give new insight into analgesia.",
        "Studies of kratom dependence should include standardised withdrawal scales.",
        "This hypothesis awaits confirmation in human studies.",
        "The finding warrants replication in another cohort.",
        "Kratom's effect on hearing is a question yet to be explored.",
        "Until more data are available, kratom should be avoided in pregnancy.",
        "It is premature to recommend kratom for chronic pain.",
        "The published cases are too few to permit firm conclusions about dosing.",
        "No firm conclusions can be drawn about the safety of kratom in adolescents.",
        "These results should be confirmed in larger cohorts.",
        # studies not designed to answer, and needs phrased with a stronger subject
        "The included trials were not designed to measure prolactin.",
        "Stronger studies of kratom in pregnancy are required.",
        "Improved understanding of kratom metabolism is needed to predict interactions.",
        "Data on kratom in pregnancy, especially in the first trimester, are limited.",
        "Investigating treatment options for kratom withdrawal is essential.",
        "Refining dose estimates for kratom products is a research priority.",
        "There is a growing need for harm reduction services for people who use kratom.",
        # review wording: uncertainty, trials that did not report, too little data to judge
        "There is still considerable uncertainty about the benefits of kratom for pain.",
        "Several kratom products reached the market with unknown long-term safety.",
        "We found no randomised trials of kratom for alcohol withdrawal.",
        "None of the included studies measured prolactin.",
        "The single trial gave insufficient data to judge withdrawal severity.",
        "The search provided only limited evidence on kratom dosing.",
        "Reports on kratom use in (older) adults are rare.",
        "Findings from kratom research in women are inconsistent.",
        "Much work remains to describe how kratom alkaloids reach the brain.",
        "Less attention has been paid to kratom use in rural areas.",
        "This case raises the question of whether kratom lowers the seizure threshold.",
        "Kratom pharmacology in children has not been analysed in detail.",
        "We are very uncertain about the effect of kratom on sleep.",
        "We were unable to find any trials that reported prolactin.",
        "Kratom hepatotoxicity is a poorly understood reaction.",
        "How best to taper kratom is still a subject of discussion.",
        "Experts are in dispute about kratom scheduling.",
        "No link between kratom and seizures has been described in the literature.",
        "Surveys of kratom users report conflicting findings on dependence.",
        "The evidence is very uncertain about kratom for opioid withdrawal.",
        "Evidence is not sufficiently strong to recommend kratom for pain.",
        "Risk factors for kratom overdose have not been well ascertained.",
        "Prolactin was not reported in most of the included trials.",
        "Liver tests were described in only four studies.",
        "As yet, no study has looked at kratom use after bariatric surgery.",
        "We have not found any data on kratom use by pilots.",
        "Current guidelines give little direction on kratom tapering.",
        "There is a mounting need for guidance on kratom in primary care.",
        "So far, no curative therapy has been found for kratom dependence.",
        "The benefits of kratom for pain are, however, questioned.",
        "There are few reports of kratom use in pregnancy.",
        "Kratom tapering requires a prospective study in adolescents.",
        "This case shows the need for further clinical studies of kratom in the elderly.",
        "The cardiac effects of kratom remain under investigation.",
        "No randomised trials were identified for kratom tapering.",
        "It is timely to investigate kratom dosing in pain clinics.",
    ],
)
def test_round4_gap_families_are_detected(sentence):
    assert is_gap_statement(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "There was no evidence of liver injury on biopsy.",
        "He was discharged with no evidence of relapse.",
        "No adverse events were reported during the taper.",
        "No association was found between dose and prolactin.",
        "The diagnosis was unconfirmed at discharge.",
        "Further analysis of the subgroups showed no difference.",
        "Patients were not able to attend follow-up visits.",
        "Patients lacking insurance were excluded.",
        "The patient's fever warrants investigation.",
        "The tablets were too small to split.",
        "Premature infants were excluded from the cohort.",
        "Investigating a fever in a kratom user is essential.",
        "Pain relief is a priority for these patients.",
        "The urgent need to pay attention to hydration was stressed.",
        "A CT scan showed an obstruction of unclear cause.",
        "The diagnosis should be confirmed with a urine test.",
        "There is no significant difference between the cure rates of the two treatments.",
        "Limited follow-up data were available for 12 patients.",
        "Patients in both studies should avoid alcohol.",
        "Improved pain control is required after surgery.",
        "The drug was less well tolerated than placebo.",
        "We found no evidence of liver injury in the ten users.",
        "None of the patients reported nausea.",
        "A woman with unknown medical history was admitted.",
        "Serious side effects of the drug are rare.",
        "Much more work was done by the night shift.",
        "The patient raised a question about the cost of the test.",
        "The patient gave conflicting answers about her kratom use.",
        "The topic of discussion at the clinic was kratom.",
        "Only one patient was enrolled in four centres.",
        "Histology showed evidence of infection but culture confirmation was lacking.",
        "There were no reports of serious adverse events.",
        "Patients are questioned about their kratom use at each visit.",
        "The patient remains under observation in the ward.",
        "The carcinogenicity of the drug is under investigation in three monkey species.",
    ],
)
def test_round4_look_alike_results_and_advice_are_not_gaps(sentence):
    assert not is_gap_statement(sentence)


def test_finding_of_no_evidence_is_dropped_but_a_present_gap_in_the_same_abstract_is_kept():
    abstract = (
        "There was no evidence of liver injury on biopsy. "
        "There is no evidence that kratom is safe in pregnancy."
    )
    found = [q["text"] for q in find_open_questions(abstract)]
    assert found == ["There is no evidence that kratom is safe in pregnancy."]


@pytest.mark.parametrize(
    "sentence",
    [
        "These preliminary observations should be confirmed.",
        "The product was sold with no evidence to support its safety.",
    ],
)
def test_confirmation_of_findings_and_missing_supporting_evidence_are_gaps(sentence):
    assert is_gap_statement(sentence)
