"""Study type, issue 14 round 2: wording families for one-time versus repeated measurement and
for doses the investigators give, each with probe phrases in our own words (not abstract text)."""

from __future__ import annotations

import pytest

from analysis import annotate


def classify(abstract: str, title: str = "") -> dict:
    """Annotate a record built from a probe phrase."""
    return annotate({"title": title, "abstract": abstract})


# (probe, expected design). Each family has more than one phrasing.
ROUND_2_FAMILIES = [
    # the same people measured again after a stretch of abstinence or treatment: cohort
    ("Thyroid hormones of 30 inpatients and 30 healthy controls were compared on admission; TSH "
     "was measured again after 30 days of abstinence.", "cohort"),
    ("Cortisol of detoxified men, compared with healthy controls, was sampled at regular intervals "
     "and again after six months of abstinence.", "cohort"),
    ("Mood of 60 adolescents treated for withdrawal was rated at admission and at discharge, and "
     "again three months post-discharge.", "cohort"),
    ("Relapse in 200 patients leaving detoxification was analysed with Cox regression.", "cohort"),
    ("Outcomes of 90 mothers on methadone were assessed at 3, 6 and 12 months.", "cohort"),
    # people recruited and asked once; instruments validated on one sample: cross-sectional
    ("Two hundred people who use heroin were recruited at needle exchanges and interviewed about "
     "withdrawal and overdose.", "cross_sectional"),
    ("Eighty men on maintenance treatment completed two questionnaires on sexual function.",
     "cross_sectional"),
    ("Internal consistency of the translated withdrawal scale was good (Cronbach's alpha 0.81) in "
     "120 inpatients.", "cross_sectional"),
    ("Using respondent-driven sampling, 400 adults who use opioids reported their withdrawal "
     "symptoms.", "cross_sectional"),
    ("Clinic patients were asked whether they had ever used kratom to manage withdrawal.",
     "cross_sectional"),
    # doses the investigators gave, with samples or sessions timed from them: non-randomised trial
    ("Hormones were measured 30 minutes after naloxone injection in twelve patients.",
     "nonrandomized_trial"),
    ("An ACTH stimulation testing protocol was applied to 18 patients on long-term opioids.",
     "nonrandomized_trial"),
    ("The team gave increasing doses of the tea to ten regular users and measured plasma levels.",
     "nonrandomized_trial"),
    ("Cmax and the terminal half-life of the alkaloid were estimated in eight users.",
     "nonrandomized_trial"),
    ("Across four experimental sessions, drug liking was rated by non-dependent opioid users.",
     "nonrandomized_trial"),
    ("Each volunteer received the leaf extract on two mornings and heart rate was recorded.",
     "nonrandomized_trial"),
    ("A first-in-human study of the alkaloid in 24 healthy adults.", "nonrandomized_trial"),
    ("We assessed the safety, tolerability and pharmacokinetics of oral doses in 16 adults.",
     "nonrandomized_trial"),
    # trajectories need the same people over time: cohort
    ("Trajectories of kratom use among 700 adults were modelled from three annual waves.",
     "cohort"),
    ("A household panel study of 5,000 adults tracked opioid prescriptions.", "cohort"),
    # survey panels and past-year use: cross-sectional
    ("Adults recruited through Amazon Mechanical Turk reported how they use kratom.",
     "cross_sectional"),
    ("Past-year kratom use and lifetime opioid use were compared between 2,000 young adults.",
     "cross_sectional"),
    # groups defined by an exposure and compared on later outcomes: cohort
    ("Infants exposed and unexposed to opioids in utero were compared on growth at two years.",
     "cohort"),
    # one occasion, stated or implied by a representative sample: cross-sectional
    ("Urine drug screens were taken at a single visit from 250 people on methadone.",
     "cross_sectional"),
    ("In a nationally representative sample of 30,000 adults, 0.7% reported past-year kratom use.",
     "cross_sectional"),
    ("Point prevalence of hypogonadism among men on opioid maintenance was 45%.",
     "cross_sectional"),
]  # fmt: skip


@pytest.mark.parametrize(("abstract", "expected"), ROUND_2_FAMILIES)
def test_round_2_design_families_give_their_design(abstract, expected):
    assert classify(abstract)["study_type"] == expected


# Look-alikes: the new wording in a paper of another design must not take it over.
ROUND_2_GUARDS = [
    # a trial that lists its assessment times is still a trial
    ("Patients were randomly assigned to two tapers and assessed at 4, 8 and 12 weeks.", "rct"),
    # animals dosed in sessions are an animal study
    ("Rats self-administered the drug in daily test sessions; Cmax was higher in females.",
     "animal"),
    # an analytical method's linearity is chemistry, not pharmacokinetics
    ("An LC-MS/MS method was validated for the alkaloid in leaf powder: linearity, limits of "
     "detection and recovery were acceptable.", "in_vitro"),
    # outcomes such as retention in treatment do not make a trial a cohort
    ("Patients were randomised to two detoxification regimens; retention in treatment was the "
     "main outcome.", "rct"),
    # a questionnaire each participant received is not a dose
    ("In an online survey, each participant received a questionnaire on sleep and kratom use.",
     "cross_sectional"),
    # a prospective cohort that also compares with healthy controls stays a cohort
    ("In this prospective cohort, 50 patients and 50 healthy controls were followed for a year.",
     "cohort"),
]  # fmt: skip


@pytest.mark.parametrize(("abstract", "expected"), ROUND_2_GUARDS)
def test_round_2_wording_does_not_take_over_other_designs(abstract, expected):
    assert classify(abstract)["study_type"] == expected


def test_comparison_with_healthy_controls_only_tips_a_close_call():
    # controls alone do not outweigh a stated time course: one comparison says nothing of timing
    ann = classify(
        "The time course of prolactin was studied in 25 patients and 25 healthy controls; values "
        "were lower than in the control group and lower than healthy controls."
    )
    assert ann["study_type"] == "cohort"


def test_pharmacokinetic_linearity_is_not_read_as_an_analytical_method():
    ann = classify(
        "We gave three oral doses of the tea to ten volunteers to test linearity in "
        "pharmacokinetics; blood was sampled at 15 time points."
    )
    assert ann["study_type"] == "nonrandomized_trial"
    assert "in_vitro" not in ann["study_type_signal"]


# A one-time analysis that names the cohort its data come from (our own wording).
CROSS_SECTIONS_OF_COHORTS = [
    ("Kratom use among adults who use opioids",
     "A cross-sectional analysis of baseline data from a community cohort of 900 adults who use "
     "opioids: kratom use was reported by 12%."),
    ("Thyroid function in opium users: a cross-sectional study on the Eastern Villages cohort",
     "We measured TSH in 5,000 adults of the cohort at enrolment."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "abstract"), CROSS_SECTIONS_OF_COHORTS)
def test_a_cross_section_of_a_named_cohort_is_cross_sectional_without_a_conflict(title, abstract):
    ann = classify(abstract, title)
    assert ann["study_type"] == "cross_sectional"
    assert "conflicting_design_cues" not in ann["review_reasons"]


def test_a_cohort_followed_over_time_with_a_cross_sectional_part_stays_a_cohort():
    ann = classify(
        "A prospective cohort of 400 patients was followed for two years; a cross-sectional "
        "comparison at entry is also reported."
    )
    assert ann["study_type"] == "cohort"


def test_a_questionnaire_each_participant_received_is_not_a_dose():
    ann = classify("Each participant received a questionnaire on sleep and kratom use.")
    assert ann["study_type"] != "nonrandomized_trial"
