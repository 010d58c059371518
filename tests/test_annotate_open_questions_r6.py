"""Open questions, round 6 (topic batches K, W, P): gaps said as "not yet shown", as a design
that "could assess", as weak evidence that limits conclusions, and false hits on rarity,
"Limitation:" headings, practice needs and drug withdrawal themes.

Every probe is our own wording (see docs/ANNOTATION.md, "Open questions, round 6").
"""

from __future__ import annotations

import pytest

from analysis.open_questions import find_open_questions, is_gap_statement
from analysis.oq_themes import theme_counts


@pytest.mark.parametrize(
    "sentence",
    [
        # not yet shown
        "So far, claims that kratom relieves anxiety are unsubstantiated.",
        "Vendor statements about strain potency remain unvalidated.",
        "The benefit of kratom for chronic pain is not scientifically evaluated.",
        "Its value as an opioid substitute is not yet demonstrated.",
        "The effect of kratom on sleep is still not studied.",
        "Such use of kratom needs to be substantiated in controlled trials.",
        "Users consume it daily, with largely unknown effects on the liver.",
        # a design with a modal and no "needed"
        "Randomized, placebo-controlled trials could establish whether kratom eases withdrawal.",
        "Prospective cohort studies will clarify how long the hormonal changes last.",
        "Larger studies may confirm the link between kratom and seizures.",
        # weak or missing evidence
        "There is not enough evidence to recommend kratom for opioid tapering.",
        "Not enough data exist to compare the two tapering schedules.",
        "Low certainty evidence limits firm conclusions about the best dose.",
        "Sparse data preclude any recommendations on kratom in pregnancy.",
        # inverted unknown, recommended research, a need before a list
        "Also unknown is whether the changes reverse after stopping.",
        "Equally unclear are the long-term effects on fertility.",
        "We recommend future research to examine kratom use among veterans.",
        "The authors suggest that larger trials compare kratom with buprenorphine.",
        "Safe prescribing requires clear labels, dose limits and further controlled research.",
    ],
)
def test_round6_gap_wording_is_detected(sentence):
    assert is_gap_statement(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # rarity of an event is a finding (rarity of reports on a topic still counts: round 4)
        "Reports of kidney failure after kratom use remain rare.",
        "Reports of seizures in kratom users are rare.",
        # practice needs, not research needs
        "There is a need to ensure safe storage of kratom at home.",
        "There is a need to reduce unnecessary testing and treatment.",
        # findings and plans that look like the new wordings
        "The drug is not approved for any indication.",
        "Prolactin is not tested in routine care.",
        "The trial will assess pain scores at six weeks.",
        "Patients required further treatment after discharge.",
        "Her symptoms required more frequent dosing.",
        "Enough evidence exists to recommend buprenorphine.",
        "The unknown sample was analysed twice.",
        "We recommend that clinicians ask about kratom use.",
    ],
)
def test_round6_look_alikes_are_not_gaps(sentence):
    assert not is_gap_statement(sentence)


def test_rarity_of_reports_on_a_topic_still_counts():
    assert is_gap_statement("Reports on kratom use in teenagers are rare.")


def test_a_limitation_heading_lists_own_weak_points_unless_it_names_future_work():
    abstract = (
        "Limitation: A short follow-up, missing data and no information on costs. "
        "Limitations: a small sample; future studies should include older users."
    )
    found = [q["text"] for q in find_open_questions(abstract)]
    assert found == ["Limitations: a small sample; future studies should include older users."]


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("How best to manage cabergoline withdrawal is unclear.", False),
        ("The timing of withdrawal of dopamine agonists remains uncertain.", False),
        ("Steroid treatment and withdrawal outcomes are poorly described.", False),
        ("Opioid withdrawal after therapy withdrawal is poorly described.", True),
        ("The course of kratom withdrawal is unknown.", True),
    ],
)
def test_stopping_a_non_opioid_drug_is_not_a_withdrawal_theme(text, counted):
    assert ("withdrawal_dependence" in theme_counts(text)) is counted


def test_cost_and_developmental_outcome_words_have_themes():
    assert "epidemiology_policy" in theme_counts(
        "Few studies address the costs of treating prolactinomas."
    )
    assert "long_term_safety" in theme_counts(
        "Neurodevelopmental outcomes of exposed infants are unknown."
    )
    assert "endocrine_prolactin" in theme_counts("Management of microprolactinomas is debated.")
