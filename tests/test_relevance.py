"""Topic relevance: on-topic records score high, look-alike off-topic records fall below the threshold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis import RELEVANCE_THRESHOLD, relevance
from analysis.relevance import relevance_many

DEV_FILE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev_labelled.jsonl"


def rec(title: str = "", abstract: str = "", **extra) -> dict:
    """A record from short phrases."""
    return {"title": title, "abstract": abstract, **extra}


def test_threshold_is_one_half():
    assert RELEVANCE_THRESHOLD == 0.5


def test_kratom_in_the_title_is_fully_relevant_to_mitragynine():
    score, reason = relevance(
        rec("Kratom use among veterans", "A survey of veterans."), "mitragynine"
    )
    assert score == 1.0
    assert "title" in reason


def test_repeated_alkaloid_mentions_are_relevant_to_mitragynine():
    abstract = "Mitragynine and 7-hydroxymitragynine were measured. Mitragynine levels were higher."
    score, _ = relevance(rec("Alkaloids in urine", abstract), "mitragynine")
    assert score >= RELEVANCE_THRESHOLD


def test_a_single_passing_kratom_mention_falls_below_the_threshold():
    abstract = "Participants reported using alcohol, cannabis, kratom and other substances to manage withdrawal."
    score, _ = relevance(rec("Self-treatment of fentanyl withdrawal", abstract), "mitragynine")
    assert score < RELEVANCE_THRESHOLD


def test_no_kratom_mention_scores_zero_for_mitragynine():
    score, reason = relevance(
        rec("Methadone dosing", "Methadone doses were titrated."), "mitragynine"
    )
    assert score == 0.0
    assert "no mention" in reason


def test_opioid_withdrawal_is_relevant_to_withdrawal():
    score, _ = relevance(
        rec("Lofexidine for opioid withdrawal", "Opioid withdrawal symptoms fell."), "withdrawal"
    )
    assert score >= 0.9


def test_kratom_withdrawal_is_relevant_to_withdrawal():
    score, _ = relevance(
        rec("Kratom withdrawal symptoms", "Withdrawal began within 12 hours."), "withdrawal"
    )
    assert score >= RELEVANCE_THRESHOLD


def test_alcohol_withdrawal_without_opioids_is_off_topic():
    abstract = "Patients with alcohol withdrawal were treated with diazepam; withdrawal severity was scored."
    score, reason = relevance(rec("Benzodiazepines for alcohol withdrawal", abstract), "withdrawal")
    assert score < RELEVANCE_THRESHOLD
    assert "alcohol" in reason or "benzodiazepine" in reason


def test_nicotine_withdrawal_without_opioids_is_off_topic():
    score, _ = relevance(
        rec("Nicotine withdrawal and sleep", "Smokers reported withdrawal."), "withdrawal"
    )
    assert score < RELEVANCE_THRESHOLD


def test_drug_withdrawn_from_the_market_is_not_withdrawal():
    abstract = "Propoxyphene was withdrawn from the market in 2010 because of cardiac toxicity."
    score, reason = relevance(rec("Analgesic safety regulation", abstract), "withdrawal")
    assert score < RELEVANCE_THRESHOLD
    assert "withdrawn from the market" in reason


def test_paw_withdrawal_latency_is_not_a_withdrawal_syndrome():
    abstract = "Morphine increased paw withdrawal latency in the hot-plate test."
    score, _ = relevance(rec("Antinociception in mice", abstract), "withdrawal")
    assert score < RELEVANCE_THRESHOLD


def test_prolactin_with_an_opioid_link_is_relevant():
    score, _ = relevance(
        rec("Prolactin response to morphine", "Morphine raised prolactin."), "prolactin"
    )
    assert score >= 0.9


def test_prolactin_without_an_opioid_or_kratom_link_is_off_topic():
    abstract = (
        "Prolactin was elevated in patients taking risperidone; prolactin fell after switching."
    )
    score, reason = relevance(
        rec("Antipsychotic-induced hyperprolactinaemia", abstract), "prolactin"
    )
    assert score < RELEVANCE_THRESHOLD
    assert "without" in reason


def test_opioid_endocrine_paper_without_prolactin_is_borderline_visible():
    abstract = "Testosterone and LH were low in men on methadone; hypogonadism was common."
    score, _ = relevance(rec("Hypogonadism in methadone maintenance", abstract), "prolactin")
    assert RELEVANCE_THRESHOLD <= score < 0.9


def test_unknown_topic_scores_from_its_own_words():
    good, reason = relevance(
        rec("Kratom and liver injury", "Liver injury was cholestatic."), "liver_injury"
    )
    bad, _ = relevance(rec("Kratom and sleep", "Sleep improved."), "liver_injury")
    assert good >= RELEVANCE_THRESHOLD > bad
    assert "liver" in reason


def test_topic_without_words_has_no_rule_and_scores_one():
    assert relevance(rec("Anything"), "") == (1.0, "no relevance rule for this topic")


@pytest.mark.parametrize(
    "record", [{}, {"title": None, "abstract": None}, {"title": 5, "keywords": "x"}]
)
def test_relevance_never_raises_on_odd_records(record):
    for topic in ("mitragynine", "prolactin", "withdrawal", "other topic"):
        score, reason = relevance(record, topic)
        assert 0.0 <= score <= 1.0 and isinstance(reason, str)


def test_relevance_many_scores_each_topic_as_relevance_does():
    topics = ["mitragynine", "prolactin", "withdrawal", "liver injury"]
    for record in (
        rec("Kratom withdrawal", "Opioid users reported withdrawal and raised prolactin."),
        rec("Liver injury after kratom", keywords=["hepatotoxicity"], mesh_terms=["Liver"]),
        rec(),
    ):
        assert relevance_many(record, topics) == {t: relevance(record, t) for t in topics}


def test_every_dev_record_is_relevant_to_its_own_topic():
    if not DEV_FILE.exists():
        pytest.skip(f"dev set not found at {DEV_FILE}")
    records = [
        json.loads(line)
        for line in DEV_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    low = [
        (r["title"][:60], r["topic"])
        for r in records
        if relevance(r, r["topic"])[0] < RELEVANCE_THRESHOLD
    ]
    assert not low, low
