"""Open questions, round 9 (held-out topic batches Z and Z2): a need said as a noun ("the need
of trials", "a need to develop and test"), a field studied mostly one way and little another,
earlier attempts with mixed success, a literature search that finds only a few reports, weak
or conflicting evidence said with "there is", future studies with a clause before the modal,
and a method "useful for studies to uncover" a mechanism; themes of opioid induction, agonists
written with their receptor letter, and the outcomes of a care model.

Every probe is our own wording (see docs/ANNOTATION.md, "Open questions, round 9").
"""

from __future__ import annotations

import pytest

from analysis.open_questions import find_open_questions, is_gap_statement
from analysis.oq_themes import theme_counts


@pytest.mark.parametrize(
    "sentence",
    [
        # a need said as a noun, after a verb of showing or with "of"
        "Our survey supports the need of controlled trials of kratom for chronic pain.",
        "Taken together, the reports underline the necessity of larger studies in older users.",
        "These observations stress the importance of further research on kratom in pregnancy.",
        "The results indicate a need to study how long withdrawal lasts after daily use.",
        "There is a clear need to develop and test the efficacy of tapering aids.",
        "Our experience shows the need to determine whether kratom alters the QT interval.",
        # studied mostly one way, little another
        "The alkaloids have been tested mainly as analgesics and far less for their effects on mood.",
        "Research on kratom has concentrated almost entirely on adults, with little on adolescents.",
        "Withdrawal has been studied chiefly in men, and rarely in women.",
        "Opioid effects on bone have so far been examined largely in rodents rather than in people.",
        # earlier attempts with mixed success
        "Earlier efforts to model kratom withdrawal in mice have had limited success.",
        "Past attempts to replace methadone with kratom have met with variable results.",
        "Prior studies of prolactin in kratom users have given mixed results.",
        "Findings of earlier lofexidine trials in adolescents have been inconsistent.",
        # a literature search that finds only a few reports
        "A MEDLINE search up to 2020 found only three case reports of kratom-induced seizures.",
        "Our review of the literature identified just one study on kratom in pregnancy.",
        "Searching Embase and Scopus yielded no trials of lofexidine in adolescents.",
        "To date only two case series describing this complication have been published.",
        # weak or conflicting evidence said with "there is"
        "There is inadequate evidence that kratom relieves chronic pain.",
        "There are conflicting data on the effect of opioids on bone density.",
        "There is only weak evidence for the use of clonidine in neonates.",
        "At present there is low-quality evidence on tapering schedules.",
        "There remains scarce literature about kratom in breastfeeding mothers.",
        # future studies with a clause before the modal
        "Future trials comparing lofexidine with clonidine should report withdrawal scores daily.",
        "Further studies that follow infants beyond the first year must measure school outcomes.",
        "Future research examining kratom in older adults, especially those on many drugs, could "
        "clarify its risks.",
        "Future investigations aimed at the kidney would complete this picture.",
        # a method useful for studies that would uncover a mechanism
        "Pairing this withdrawal score with binding experiments could prove valuable for work "
        "aimed at clarifying how tolerance develops.",
        "The model may be useful in future investigations designed to identify the pathways "
        "involved.",
        "Such a cell line would be helpful in studies to unravel the basic mechanism of kratom "
        "hepatotoxicity.",
    ],
)
def test_round9_gap_wording_is_detected(sentence):
    assert is_gap_statement(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # a need of care or awareness, not of research
        "The case illustrates the need for clinicians to be aware of kratom use.",
        "Our team stressed the need to establish a diagnosis before starting opioids.",
        "The need for rescue doses fell after the protocol changed.",
        "Doctors stressed the need to assess patients for withdrawal every shift.",
        "Guidelines stress the need for evidence-based care of pregnant women.",
        "Doctors are in great need of better options for pain.",
        # what was done or used, not what was studied
        "Patients were evaluated mainly at baseline but less often at follow-up.",
        "Kratom has been used mainly for pain but less for opioid withdrawal.",
        "The drug is cleared mostly by the liver and little by the kidney.",
        "Liver injury has been reported mainly in men and less often in women.",
        # an attempt of this study, or a patient's
        "Our attempt to culture the organism met with success.",
        "Attempts at cessation resulted in severe withdrawal symptoms.",
        "Two attempts at tapering were made before discharge.",
        "The first attempts at dose reduction had little success in this patient.",
        # a search that found what it looked for
        "This search yielded 3 relevant cases of patients treated with buprenorphine.",
        "The search identified 18 withdrawal scales in use since 1940.",
        "No information about harm was found through our search of social media.",
        "Our search of the clinic records found only two patients with both conditions.",
        # findings and strong evidence
        "There was poor knowledge of kratom among the pharmacists surveyed.",
        "There is growing evidence of harm from long-term use.",
        "There is strong evidence that methadone reduces mortality.",
        "There were mixed reports from the two sites about staffing.",
        # a graded finding of a review: weak evidence "that" something works
        "There is low-certainty evidence that warm compresses may shorten the pain.",
        "There is weak evidence that the scale predicts relapse.",
        # a relative clause with its own modal; a requirement imposed by a regulator
        "Our results can inform future research that will help nurses in crises.",
        "The safety signal prompted the requirement for outcome trials of new drugs.",
        # a finding of further experiments, not future work
        "Further experiments using naloxone could not reproduce the effect.",
        # a method that may be useful, with no study to uncover anything
        "Nalmefene may prove useful for exploring the neuroendocrine control of prolactin.",
        "The score may be useful in clinical practice to identify infants at risk.",
        "The score proved useful in our study to identify patients at risk.",
        "The genome assembly will be useful for future studies on alkaloid biosynthesis.",
    ],
)
def test_round9_look_alikes_are_not_gaps(sentence):
    assert not is_gap_statement(sentence)


def test_a_need_to_test_counts_next_to_a_call_for_policy():
    abstract = (
        "We interviewed 40 patients. These results suggest a need to build and evaluate the "
        "effectiveness of supports for tapering, and of local prescribing policies."
    )
    assert len(find_open_questions(abstract)) == 1


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        # starting buprenorphine or methadone is a matter of dosing
        (
            "Little is known about buprenorphine initiation in people who use fentanyl.",
            "dosing_pharmacokinetics",
        ),
        ("Micro-induction regimens have not been compared in trials.", "dosing_pharmacokinetics"),
        ("The best induction protocol for these patients is unknown.", "dosing_pharmacokinetics"),
        # agonists written with their receptor letter
        ("The action of the μagonists on the pituitary remains unclear.", "mechanism_receptors"),
        ("Why the kappaagonist lowered GH is unexplained.", "mechanism_receptors"),
        # the outcomes of a care model or programme are its efficacy
        (
            "Later studies should assess a wider set of outcomes of the home-visit programme.",
            "therapeutic_efficacy",
        ),
        ("Outcomes for this rooming-in model have not been measured.", "therapeutic_efficacy"),
    ],
)
def test_round9_theme_words(text, theme):
    assert theme in theme_counts(text)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        # induction of an enzyme or of labour is no dose
        ("Enzyme induction by kratom alkaloids is poorly studied.", "dosing_pharmacokinetics"),
        ("Induction of labour in these women has not been studied.", "dosing_pharmacokinetics"),
        # outcomes after an exposure are not a treatment's efficacy
        ("Neonatal outcomes after prenatal kratom exposure are unknown.", "therapeutic_efficacy"),
        # a misspelt "diagnosed" holds no agonist
        ("Why the syndrome was diagonised so late is unclear.", "mechanism_receptors"),
    ],
)
def test_round9_words_that_stay_out_of_a_theme(text, theme):
    assert theme not in theme_counts(text)
