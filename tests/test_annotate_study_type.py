"""Study-type classifier: design vocabulary, metadata signals and precedence (issue #3)."""

from __future__ import annotations

import pytest

from analysis import STUDY_TYPE_LABELS, STUDY_TYPES, annotate
from analysis.text import normalise_mesh


def classify(title: str = "", abstract: str = "", **meta) -> dict:
    """Annotate a record built from short phrases."""
    return annotate({"title": title, "abstract": abstract, **meta})


def test_study_types_are_in_precedence_order_with_labels():
    assert STUDY_TYPES == (
        "systematic_review",
        "rct",
        "nonrandomized_trial",
        "cohort",
        "case_control",
        "cross_sectional",
        "case_report",
        "qualitative",
        "animal",
        "in_vitro",
        "review",
        "other",
    )
    assert set(STUDY_TYPE_LABELS) == set(STUDY_TYPES)
    assert STUDY_TYPE_LABELS["systematic_review"] == "Systematic review / meta-analysis"
    assert STUDY_TYPE_LABELS["rct"] == "Randomized controlled trial"


def test_randomized_double_blind_wording_gives_rct():
    ann = classify(
        "Clonidine for opioid detoxification",
        "In this double-blind trial, 84 inpatients were randomly assigned to clonidine or placebo. "
        "Withdrawal scores were lower with clonidine (p = 0.02).",
    )
    assert ann["study_type"] == "rct"
    assert ann["subjects"] == "human"
    assert "randomly assigned" in ann["study_type_signal"]


def test_double_blind_crossover_with_placebo_counts_as_rct_without_the_word_random():
    ann = classify(
        "Morphine and prolactin",
        "Eight healthy men received morphine and placebo in a double-blind crossover design; "
        "plasma prolactin was sampled hourly.",
    )
    assert ann["study_type"] == "rct"


def test_animals_randomly_divided_into_groups_are_animal_not_rct():
    ann = classify(
        "Kratom leaf extract and liver enzymes",
        "Forty mice were randomly divided into four groups and given kratom extract by gavage for 21 days. "
        "Liver histology was examined.",
    )
    assert ann["study_type"] == "animal"
    assert ann["subjects"] == "animal"


def test_trials_called_for_in_conclusions_do_not_make_an_rct():
    ann = classify(
        "Kratom use among veterans",
        "We conducted an anonymous online survey of 412 veterans about kratom use. "
        "Randomized controlled trials are needed to test kratom for pain.",
    )
    assert ann["study_type"] == "cross_sectional"


def test_systematic_search_gives_systematic_review_even_with_trial_words():
    ann = classify(
        "Lofexidine versus clonidine",
        "MEDLINE, Embase and CENTRAL were searched systematically for randomized trials comparing "
        "lofexidine with clonidine. Nine trials met the inclusion criteria and were pooled.",
    )
    assert ann["study_type"] == "systematic_review"
    assert ann["subjects"] is None


def test_narrative_review_that_names_databases_stays_review():
    ann = classify(
        "Kratom alkaloids: a narrative review",
        "A literature search was performed in PubMed and Google Scholar. This narrative review covers "
        "the chemistry, pharmacology and toxicology of the main alkaloids.",
    )
    assert ann["study_type"] == "review"


def test_case_report_indexed_as_review_is_classified_by_its_text():
    ann = classify(
        "Kratom and cholestasis",
        "We report a 52-year-old man who developed jaundice after six weeks of daily kratom use. "
        "Symptoms resolved after cessation.",
        publication_types=["Review"],
    )
    assert ann["study_type"] == "case_report"
    assert ann["study_type_signal"].startswith("text:")
    assert ann["sample_size"] == 1


def test_survey_indexed_as_clinical_trial_is_classified_by_its_text():
    ann = classify(
        "Withdrawal among people who inject drugs",
        "A cross-sectional survey of 320 respondents recruited at syringe services programs asked about "
        "withdrawal frequency.",
        publication_types=["Clinical Trial"],
    )
    assert ann["study_type"] == "cross_sectional"


def test_strong_publication_type_decides_when_there_is_no_abstract():
    ann = classify(
        "Buprenorphine induction strategies", "", publication_types=["Randomized Controlled Trial"]
    )
    assert ann["study_type"] == "rct"
    assert ann["study_type_confidence"] >= 0.9
    assert ann["study_type_signal"] == "publication type: Randomized Controlled Trial"


def test_mesh_animals_without_humans_gives_animal_after_normalising_qualifiers():
    mesh = ["Animals", "Rats, Sprague-Dawley", "Mitragyna / chemistry*", "Liver / drug effects*"]
    ann = classify("Alkaloid extract and hepatic enzymes", "", mesh_terms=mesh)
    assert ann["study_type"] == "animal"


def test_mesh_check_tag_gives_cross_sectional():
    ann = classify(
        "Kratom and sleep",
        "",
        mesh_terms=["Humans", "Cross-Sectional Studies", "Sleep / drug effects"],
    )
    assert ann["study_type"] == "cross_sectional"
    assert ann["study_type_signal"] == "MeSH: Cross-Sectional Studies"


def test_mesh_as_topic_terms_do_not_name_the_design():
    ann = classify(
        "Opioid tapering: a perspective",
        "We discuss how tapering guidance has changed and what clinicians should consider.",
        mesh_terms=["Humans", "Randomized Controlled Trials as Topic"],
    )
    assert ann["study_type"] == "review"


def test_normalise_mesh_strips_qualifiers_and_major_markers():
    assert normalise_mesh("Liver / drug effects*") == ("liver", False)
    assert normalise_mesh("Cohort Studies*") == ("cohort studies", False)
    assert normalise_mesh("Clinical Trials as Topic") == ("clinical trials as topic", True)


def test_animal_and_in_vitro_work_together_is_animal():
    ann = classify(
        "A new mitragynine analogue",
        "In vitro, the analogue was a potent agonist in GTPgammaS assays. In vivo, it produced "
        "antinociception in mice in the tail-flick test.",
    )
    assert ann["study_type"] == "animal"


def test_cell_assays_alone_give_in_vitro_and_no_sample_size():
    ann = classify(
        "Mitragynine and hERG",
        "Mitragynine inhibited hERG current in HEK293 cells with an IC50 of 1.2 μM in patch-clamp assays "
        "(n = 6 cells).",
    )
    assert ann["study_type"] == "in_vitro"
    assert ann["subjects"] == "in_vitro"
    assert ann["sample_size"] is None


def test_human_study_that_measures_blood_levels_in_the_lab_stays_human():
    ann = classify(
        "Serum mitragynine in regular users",
        "Serum mitragynine was quantified by LC-MS/MS in 40 regular kratom users and 40 healthy controls, "
        "who were recruited from the community. Levels correlated with daily intake (p < 0.01).",
    )
    assert ann["subjects"] == "human"
    assert ann["study_type"] == "cross_sectional"


def test_open_label_single_arm_gives_nonrandomized_trial():
    ann = classify(
        "Extended-release naltrexone after detoxification",
        "In this open-label, single-arm study, 30 participants received extended-release naltrexone after "
        "inpatient detoxification.",
    )
    assert ann["study_type"] == "nonrandomized_trial"


def test_retrospective_chart_review_with_follow_up_gives_cohort():
    ann = classify(
        "Outcomes after inpatient opioid withdrawal",
        "We performed a retrospective chart review of admissions for opioid withdrawal; patients were "
        "followed up for 90 days after discharge.",
    )
    assert ann["study_type"] == "cohort"


def test_poison_centre_data_give_cross_sectional():
    ann = classify(
        "Kratom exposures",
        "Kratom exposures reported to the National Poison Data System between 2014 and 2019 were described.",
    )
    assert ann["study_type"] == "cross_sectional"


def test_case_control_wording_gives_case_control():
    ann = classify(
        "Opioid use and hyperprolactinaemia",
        "In this case-control study, women with hyperprolactinaemia were compared with controls without it "
        "on prior opioid exposure.",
    )
    assert ann["study_type"] == "case_control"


def test_semi_structured_interviews_give_qualitative():
    ann = classify(
        "Living with withdrawal",
        "Semi-structured interviews with people who use fentanyl were analysed with thematic analysis.",
    )
    assert ann["study_type"] == "qualitative"


def test_commentary_without_data_is_review_with_no_subjects():
    ann = classify(
        "Should kratom be scheduled?",
        "In this commentary we argue that scheduling kratom could push consumers toward riskier opioids.",
    )
    assert ann["study_type"] == "review"
    assert ann["subjects"] is None
    assert ann["sample_size"] is None


def test_empty_record_is_other_with_zero_confidence():
    ann = annotate({"title": None, "abstract": None})
    assert ann["study_type"] == "other"
    assert ann["study_type_confidence"] == 0.0
    assert ann["subjects"] is None


@pytest.mark.parametrize(
    "abstract",
    [
        "We report a case of a 30-year-old woman with kratom-associated seizures.",
        "Rats received mitragynine intraperitoneally before the hot-plate test.",
        "A cross-sectional survey of 500 adults was conducted.",
    ],
)
def test_confidence_is_a_probability_and_signal_is_readable(abstract):
    ann = classify("", abstract)
    assert 0.0 <= ann["study_type_confidence"] <= 1.0
    assert ann["study_type_signal"] and not ann["study_type_signal"].startswith("annotator error")


# Common design phrasings of the biomedical literature, in probe wording of our own (not abstract
# text): each names the design the way many abstracts do, without the words the dev set used.
DESIGN_PHRASINGS = [
    ("Using data from a statewide registry, we identified 1,274 exposures to kratom.", "cross_sectional"),
    ("We analysed the National Inpatient Sample for hospitalizations with opioid withdrawal (n = 52,310).",
     "cross_sectional"),
    ("We used data from the National Survey on Drug Use and Health to estimate kratom use.", "cross_sectional"),
    ("This ecological study compared overdose deaths across counties.", "cross_sectional"),
    ("Using electronic health records, we identified 640 patients on long-term opioids and followed them "
     "for 2 years.", "cohort"),
    ("Using commercial claims data, we identified 45,000 patients who started opioids and followed them "
     "for 12 months.", "cohort"),
    ("We conducted a series of n-of-1 trials in 8 patients with chronic pain.", "rct"),
    ("Each participant received kratom and placebo periods in a randomly ordered sequence; 12 adults "
     "took part.", "rct"),
    ("We evaluated a quality improvement intervention using a pre-post design in 214 infants.",
     "nonrandomized_trial"),
    ("A three-round Delphi process with 35 addiction experts was used to reach agreement.", "other"),
    ("An interrupted time series analysis of monthly opioid prescriptions was conducted.", "other"),
    ("We reviewed state legislation on kratom and coded the regulatory approach of each state.", "other"),
    ("We built a Markov model to estimate the cost-effectiveness of buprenorphine.", "other"),
    ("We conducted a scoping review; PubMed and Embase were searched and 42 articles met inclusion "
     "criteria.", "review"),
    ("This umbrella review summarises systematic reviews of opioid tapering.", "systematic_review"),
    ("We pooled 14 randomized trials (2,310 participants) in a random-effects meta-analysis.",
     "systematic_review"),
    ("This rapid review summarises the evidence on kratom and liver injury.", "review"),
]  # fmt: skip


@pytest.mark.parametrize(("abstract", "expected"), DESIGN_PHRASINGS)
def test_common_design_phrasings_give_their_design(abstract, expected):
    assert classify("", abstract)["study_type"] == expected


# Issue 14: families of wording that went wrong on unseen abstracts, each said in our own words
# (no abstract text). Each family has more than one phrasing, so a rule written for one abstract
# fails here.
FAMILY_PHRASINGS = [
    # Cochrane-form systematic reviews: headings and pooled counts, with trial words throughout
    ("Search methods: CENTRAL, MEDLINE and Embase were searched to March 2019. Selection criteria: "
     "randomised trials comparing lofexidine with methadone. Main results: 11 trials (940 people).",
     "systematic_review"),
    ("Selection criteria: Randomized controlled trials of naltrexone in adolescents. Data collection and "
     "analysis: two review authors extracted data. We included 9 trials with 812 participants.",
     "systematic_review"),
    ("We included 14 randomised trials; most were at high risk of bias, and the certainty of the "
     "evidence was low. Review authors assessed each trial independently.", "systematic_review"),
    # non-randomised human experiments: investigator-given drugs, challenges, fixed order
    ("Clonidine was administered to twelve detoxified heroin users and cortisol was sampled hourly.",
     "nonrandomized_trial"),
    ("Subjects were challenged with intravenous naloxone and growth hormone was measured.",
     "nonrandomized_trial"),
    ("Ten normal volunteers received saline, then morphine, then naltrexone in a fixed order on "
     "consecutive mornings.", "nonrandomized_trial"),
    ("A corticotropin stimulation test was performed in 20 methadone-maintained patients.",
     "nonrandomized_trial"),
    ("Methadone was given in ascending doses over three weeks to men dependent on opioids, and "
     "testosterone was measured before and after.", "nonrandomized_trial"),
    ("A single-blind, placebo-controlled, within-subject study: healthy volunteers received placebo "
     "and two doses of the alkaloid in a sequential dosing scheme.", "nonrandomized_trial"),
    ("This open-label extension followed a double-blind placebo-controlled phase; all 30 patients "
     "took the drug for 8 weeks.", "nonrandomized_trial"),
    # economic evaluations and simulation models that name a (simulated) cohort
    ("We used a decision tree with a hypothetical cohort of 10,000 pregnant women to compare costs "
     "per QALY of two treatment strategies.", "other"),
    ("A Monte Carlo simulation estimated incremental costs of naloxone distribution; model inputs "
     "came from the literature and hospital claims.", "other"),
    ("We evaluated 60 online vendors' websites with the DISCERN instrument for the quality of health "
     "information.", "other"),
    # analytical chemistry of products
    ("Extracts of eight commercial powders had qualitatively similar alkaloid profiles by HPLC.",
     "in_vitro"),
    ("A portable Raman spectroscopy method has been developed to detect the alkaloid in seized "
     "leaf material.", "in_vitro"),
    ("Binding assays in transfected cells gave an EC50 Mouse of 120 nM and an EC50 Human of 95 nM at "
     "the receptor, with no activity at rat receptors.", "in_vitro"),
    # forensic and neonatal case reports
    ("Three fatalities are reported in which the herbal product was detected in postmortem blood.",
     "case_report"),
    ("We describe the cases reported here: two young men found dead at home after heavy use of the "
     "powder.", "case_report"),
    ("We report a newborn whose mother used the herb daily; the infant required morphine for "
     "withdrawal.", "case_report"),
    ("A narrative review of the literature found 15 published cases. Also presented is a case of a "
     "31-year-old woman with a severe abstinence syndrome.", "case_report"),
    # cohorts and case-control studies
    ("Hormone levels of 40 abstinent patients were measured at four time points over six months.",
     "cohort"),
    ("A nested case-control study within a prescription database; each case was matched to up to five "
     "controls. A cohort analysis was also performed.", "case_control"),
    ("Genotype frequencies of the receptor variant were compared between 150 dependent patients and "
     "150 controls without drug use.", "case_control"),
    # qualitative study about patients' views (a topic, not an essay form)
    ("Patient perspectives on tapering: 25 qualitative interviews were analysed; this paper "
     "highlights three themes.", "qualitative"),
    # surveys named as others' work do not make a review a survey
    ("According to national surveys, use is rising. This review summarises chemistry and "
     "toxicology.", "review"),
    # the same families in other words
    ("Study selection: trials comparing two detoxification regimens. Data synthesis: risk ratios were "
     "pooled across 8 trials with 600 patients randomised.", "systematic_review"),
    ("Two reviewers independently screened records; we included 19 studies with 2,400 participants, "
     "most of them randomized trials.", "systematic_review"),
    ("In an uncontrolled pilot study, 14 outpatients took lofexidine for ten days.",
     "nonrandomized_trial"),
    ("Prolactin rose after a single intravenous dose of morphine in eight men with opioid dependence.",
     "nonrandomized_trial"),
    ("We present three fatal intoxications in which the alkaloid was found in femoral blood.",
     "case_report"),
    ("Depression scores were recorded at baseline and after 12 weeks of methadone maintenance in 150 "
     "outpatients.", "cohort"),
    ("Interviews were transcribed verbatim and examined with framework analysis; 18 carers took part.",
     "qualitative"),
    ("We describe the quantification of seven alkaloids in leaf powders bought from online shops.",
     "in_vitro"),
    ("To the Editor: the recent call to schedule kratom overlooks its use as a substitute for opioids.",
     "review"),
    # older endocrine experiments that never name a design; questionnaires named as the method
    ("Morphine was injected intravenously in six healthy men and plasma prolactin was followed for "
     "two hours.", "nonrandomized_trial"),
    ("Growth hormone was measured before and 60 minutes after the infusion of methadone in eight "
     "addicts.", "nonrandomized_trial"),
    ("Naloxone 0.4 mg intravenously raised cortisol in seven normal men.", "nonrandomized_trial"),
    ("A 45-year-old man took 50 mg orally each day and presented with seizures.", "case_report"),
    ("An anonymous questionnaire on kratom use was completed by 512 students.", "cross_sectional"),
    ("Patients treated with buprenorphine in routine care were followed for one year.", "cohort"),
    # a need is stated with "is needed" or "a need for", not with a past "required"
    ("An online survey of 300 adults found frequent use. There is a need for randomized trials of "
     "kratom.", "cross_sectional"),
    ("We describe a preterm infant who required methadone for withdrawal after birth.",
     "case_report"),
    # guards: wording these rules must not take over
    ("In this randomised, open-label trial, 120 patients were allocated to buprenorphine or "
     "methadone.", "rct"),
    ("In a placebo-controlled study, 40 patients with chronic pain took the drug or placebo for four "
     "weeks.", "rct"),
    ("Seventy-two patients with chronic pain were surveyed once about kratom use.",
     "cross_sectional"),
]  # fmt: skip


@pytest.mark.parametrize(("abstract", "expected"), FAMILY_PHRASINGS)
def test_issue_14_design_families_give_their_design(abstract, expected):
    assert classify("", abstract)["study_type"] == expected


# Wording that resembles a new family but is not it (our own phrasing): the design must not be it.
NOT_THE_FAMILY = [
    ("A questionnaire was administered to 300 adult kratom users at three clinics.",
     "nonrandomized_trial"),
    ("Informed consent was given to all participants before the interview.", "nonrandomized_trial"),
    ("We reviewed the autopsy reports of 12 decedents in whom the alkaloid was detected.", "review"),
    ("The time course of receptor internalization was measured after agonist exposure.", "cohort"),
    ("Binding was measured at five time points with and without naloxone.", "cohort"),
    ("Plasma prolactin was followed for two hours after the dose.", "cohort"),
    ("Participants rated the quality of life information on a visual scale.", "other"),
]  # fmt: skip


@pytest.mark.parametrize(("abstract", "not_expected"), NOT_THE_FAMILY)
def test_look_alikes_of_the_issue_14_families_are_not_taken_for_them(abstract, not_expected):
    assert classify("", abstract)["study_type"] != not_expected
