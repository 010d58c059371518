"""Open questions: gap statements found verbatim with offsets and tagged with research themes."""

from __future__ import annotations

import pytest

from analysis import THEMES, annotate
from analysis.open_questions import find_open_questions, is_gap_statement


def test_theme_slugs_and_labels_are_exactly_the_dashboard_ones():
    assert THEMES == {
        "withdrawal_dependence": "Withdrawal & dependence",
        "dosing_pharmacokinetics": "Dosing & pharmacokinetics",
        "long_term_safety": "Long-term safety & toxicity",
        "drug_interactions": "Drug interactions",
        "endocrine_prolactin": "Endocrine & prolactin",
        "mechanism_receptors": "Mechanism & receptors",
        "product_quality": "Product quality & contamination",
        "therapeutic_efficacy": "Therapeutic efficacy",
        "epidemiology_policy": "Epidemiology & policy",
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "Further research is needed to establish safe dosing of kratom.",
        "Whether chronic kratom use alters prolactin secretion remains unclear.",
        "Little is known about how long kratom withdrawal lasts.",
        "No studies have examined interactions between kratom and methadone.",
        "These findings warrant further investigation in larger samples.",
        "The long-term hepatic safety of mitragynine has not been established.",
        "Data on contamination of commercial kratom products are scarce.",
        "There is a paucity of evidence on receptor mechanisms in humans.",
        "Well-designed trials are required before kratom can be recommended for pain.",
        "It is unknown whether tolerance develops to the analgesic effect.",
    ],
)
def test_gap_statements_are_detected(sentence):
    assert is_gap_statement(sentence)


# Gaps said in the background or in passing (issue 14); probe phrases in our own words.
@pytest.mark.parametrize(
    "sentence",
    [
        "Kratom is sold in gas stations, yet we know very little about who buys it.",
        "Little information is known about sleep in people who stop kratom.",
        "Little literature exists on tapering schedules for kratom.",
        "The effects of kratom in older adults remain largely unstudied.",
        "Liver injury from kratom is seldom reported in Europe.",
        "This reaction has not previously been described in an adolescent.",
        "Its metabolism was studied only in rodents, and there is no such study in people.",
        "There is an urgent need to adapt detoxification protocols for fentanyl.",
        "At present there is no approved treatment for kratom use disorder.",
        "There are no formal guidelines for managing kratom withdrawal.",
        "Few studies have compared home and inpatient withdrawal management.",
        "Few trials in primary care have evaluated kratom tapering.",
        "Future work needs to establish normal prolactin ranges in kratom users.",
        "Trials with longer follow-up should be conducted before kratom is recommended.",
        "These associations, if replicated in other countries, would support screening.",
        "Choosing a taper is not possible based on the current evidence.",
        "Despite limited knowledge of its pharmacology, kratom is widely sold.",
        "The claim merits serious scientific investigation.",
        "Evidence about sleep quality and mood in long-term kratom consumers is also limited.",
        "The mechanisms underlying this effect are poorly understood.",
        "Little research has addressed withdrawal in older adults.",
        "Questions remain about the safety of long-term use.",
        "We need to better understand why people switch from opioids to kratom.",
        "Evidence for its efficacy is largely anecdotal.",
        "The safety of kratom is still debated.",
        "Hepatotoxicity is rarely reported with kratom.",
        # round 3 (our wording): absent guidance, a handful of reports, trials lacking
        "No formal guidance exists for tapering kratom.",
        "No approved treatment has been identified for kratom dependence.",
        "Only a handful of reports have looked at neonatal effects of kratom.",
        "There are only a small number of studies on prolactin in opioid users.",
        "Clinicians have little evidence to guide them when patients ask about kratom.",
        "Controlled trials in humans are lacking.",
        "Randomised trials of kratom for withdrawal remain scarce.",
    ],
)
def test_gaps_stated_in_passing_are_detected(sentence):
    assert is_gap_statement(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Serum prolactin was higher in users than in controls (p = 0.01).",
        "Caution is needed when prescribing buprenorphine to older adults.",
        "Patients who needed rescue medication were excluded.",
        "Kratom is widely available in the United States.",
        "The research team collected data between 2018 and 2020.",
        "There was no treatment effect on withdrawal scores.",
        "There is no treatment difference between the two arms at week 4.",
        "Few patients needed rescue doses of clonidine.",
        "Participants knew the dose they received.",
        "Hospital stays were rarely longer than three days.",
        "Side effects were rarely reported during the trial.",
        "Participants knew little English.",
        "Little change was observed in withdrawal scores.",
        "There is no need for dose adjustment in mild hepatic impairment.",
        "Patients in urgent need of treatment were transferred.",
        "Trials in the placebo arm are mixed with those of the active arm.",
        "Only a few patients reported nausea.",
        "Participants with no formal education were excluded.",
    ],
)
def test_results_and_clinical_advice_are_not_open_questions(sentence):
    assert not is_gap_statement(sentence)


def test_open_questions_are_verbatim_sentences_with_offsets():
    abstract = (
        "Background: Kratom is used to self-treat opioid withdrawal. Methods: We surveyed 300 users. "
        "Results: Most reported benefit. Conclusions: The safety of long-term use remains unknown, and "
        "further studies of drug interactions are warranted."
    )
    questions = find_open_questions(abstract)
    assert len(questions) == 1
    q = questions[0]
    assert abstract[q["start"] : q["end"]] == q["text"]
    # round 8: the leading section heading ("Conclusions:") is not part of the statement
    assert q["text"].startswith("The safety of long-term use remains unknown")
    assert {"long_term_safety", "drug_interactions"} <= set(q["themes"])


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        (
            "How opioids suppress prolactin release remains poorly understood.",
            "endocrine_prolactin",
        ),
        (
            "The time course of kratom withdrawal is not well characterized.",
            "withdrawal_dependence",
        ),
        (
            "Little is known about the half-life of mitragynine after repeated dosing.",
            "dosing_pharmacokinetics",
        ),
        ("Interactions with CYP2D6 substrates have not been studied.", "drug_interactions"),
        ("Adulteration of retail products remains largely unexplored.", "product_quality"),
        ("The receptor mechanisms behind these effects remain unclear.", "mechanism_receptors"),
        ("Whether kratom is effective for chronic pain is unknown.", "therapeutic_efficacy"),
        ("The prevalence of kratom use in Europe is unknown.", "epidemiology_policy"),
        ("Whether methadone causes hypothyroidism is unknown.", "endocrine_prolactin"),
        (
            "The reproductive health of women on buprenorphine is understudied.",
            "endocrine_prolactin",
        ),
        ("The health consequences of daily kratom use remain unclear.", "long_term_safety"),
        ("The social impact of kratom bans is unknown.", "epidemiology_policy"),
        ("Long-term toxicity in regular users remains unknown.", "long_term_safety"),
    ],
)
def test_theme_keywords_map_to_their_theme(sentence, theme):
    (question,) = find_open_questions(sentence)
    assert theme in question["themes"]
    assert len(question["themes"]) <= 3


def test_statement_without_theme_words_still_gets_a_theme_from_the_record():
    abstract = "Kratom withdrawal was common among daily users. More research is needed."
    (question,) = find_open_questions(abstract, title="Kratom withdrawal in daily users")
    assert question["text"] == "More research is needed."
    assert question["themes"] == ["withdrawal_dependence"]


def test_statement_without_any_theme_words_falls_back_to_the_topic():
    (question,) = find_open_questions("More research is needed.", title="", topic="prolactin")
    assert question["themes"] == ["endocrine_prolactin"]
    (question,) = find_open_questions("More research is needed.", title="", topic=None)
    assert question["themes"] == ["epidemiology_policy"]


def test_annotate_returns_open_questions_with_all_keys():
    ann = annotate(
        {
            "title": "Kratom",
            "abstract": "Its abuse potential remains unclear.",
            "topic": "mitragynine",
        }
    )
    assert ann["open_questions"] == [
        {
            "text": "Its abuse potential remains unclear.",
            "themes": ["withdrawal_dependence"],
            "start": 0,
            "end": 36,
        }
    ]


def test_abstract_without_gap_statements_has_no_open_questions():
    assert find_open_questions("Twelve rats received mitragynine. Locomotion decreased.") == []
