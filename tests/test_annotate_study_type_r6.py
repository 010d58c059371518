"""Study type, round 6: families found by scoring the annotator blind on topic batches K, W and P
(99 real kratom, withdrawal and prolactin abstracts that helpers collected and labelled by hand,
kept outside the repository). Every probe below is our own wording, not text from those records."""

from __future__ import annotations

import pytest

from analysis import annotate


def study_type(abstract: str, title: str = "") -> str:
    """The design the annotator gives a record built from a probe phrase."""
    return annotate({"title": title, "abstract": abstract})["study_type"]


@pytest.mark.parametrize(
    "abstract",
    [
        "Receptor binding assays were undertaken to compare the two opioids. Dissociation was slow.",
        "Competition binding experiments showed the alkaloid displaced the tracer at micromolar levels.",
        "Saturation binding studies gave a single site for the ligand in brain membranes.",
    ],
)
def test_binding_work_named_by_its_kind_is_in_vitro(abstract: str) -> None:
    assert study_type(abstract) == "in_vitro"


@pytest.mark.parametrize(
    "abstract",
    [
        "Intravenous infusion of the peptide in man raised plasma prolactin. Pretreatment blocked it.",
        "Naloxone injection in healthy men lowered cortisol. Prolactin rose.",
        "Oral administration of the extract to healthy volunteers slowed gastric emptying.",
    ],
)
def test_a_drug_given_to_people_said_the_old_way_is_a_nonrandomised_trial(abstract: str) -> None:
    assert study_type(abstract) == "nonrandomized_trial"


@pytest.mark.parametrize(
    "abstract",
    [
        "Eight lactating dairy cows were assigned to two diets. Prolactin rose in the treated group.",
        "Twelve ewes received the hormone or saline in a crossover. Milk yield rose.",
        "Goats were milked twice daily and given the dopamine antagonist. Prolactin doubled.",
        "Weaned pigs were fed the additive for three weeks. Growth improved.",
    ],
)
def test_farm_animals_are_animal_studies(abstract: str) -> None:
    assert study_type(abstract) == "animal"


def test_withdrawal_scales_named_cows_and_sows_are_not_animals() -> None:
    abstract = (
        "Opioid-dependent inpatients were rated with the COWS and the SOWS before and after "
        "a first dose of buprenorphine given by the investigators. Scores fell."
    )
    assert study_type(abstract) != "animal"


@pytest.mark.parametrize(
    "abstract",
    [
        "Serum cortisol and prolactin were measured in 22 inpatients on admission and again before discharge.",
        "Withdrawal scores were recorded at admission, weekly, and at discharge in 40 adolescents.",
        "Thirty newborns exposed to methadone in utero were followed from birth until discharge.",
    ],
)
def test_the_same_patients_measured_through_a_stay_are_a_cohort(abstract: str) -> None:
    assert study_type(abstract) == "cohort"


@pytest.mark.parametrize(
    "abstract",
    [
        "We analysed hospital discharge data from 28 states to estimate the incidence rate of the syndrome.",
        "Using the Kids' Inpatient Database, we counted neonatal withdrawal diagnoses by year.",
        "Records from the Healthcare Cost and Utilization Project gave the number of stays per year.",
    ],
)
def test_administrative_hospital_data_counted_once_are_cross_sectional(abstract: str) -> None:
    assert study_type(abstract) == "cross_sectional"


def test_a_semi_structured_assessment_instrument_is_not_a_qualitative_design() -> None:
    abstract = (
        "Kratom users in treatment were assessed with the Semi-Structured Assessment for the "
        "Genetics of Alcoholism and a self-report survey. Most were men."
    )
    assert study_type(abstract) != "qualitative"


@pytest.mark.parametrize(
    "abstract",
    [
        "Body dissatisfaction and self-image were evaluated in 80 women with prolactinoma. Most were overweight.",
        "Sexual function was evaluated in 45 men on methadone with a questionnaire. Half had dysfunction.",
    ],
)
def test_a_measured_attribute_evaluated_in_people_is_not_a_tested_treatment(abstract: str) -> None:
    assert study_type(abstract) != "nonrandomized_trial"


def test_a_treatment_evaluated_in_people_is_still_a_tested_treatment() -> None:
    abstract = (
        "The combination of bromocriptine and diet was evaluated in 14 women with amenorrhoea."
    )
    assert study_type(abstract) == "nonrandomized_trial"


@pytest.mark.parametrize(
    "abstract",
    [
        "Fourteen clients on methadone were withdrawn with a naltrexone protocol over six days. All completed.",
        "Nine outpatients were tapered off methadone using lofexidine. Six stayed abstinent.",
        "Eleven inpatients were switched from morphine to buprenorphine under a low-dose protocol.",
    ],
)
def test_a_counted_group_taken_through_a_withdrawal_protocol_is_a_nonrandomised_trial(
    abstract: str,
) -> None:
    assert study_type(abstract) == "nonrandomized_trial"


@pytest.mark.parametrize(
    "closing",
    [
        "Its place needs further clarification through well-designed randomized clinical trials.",
        "Whether this holds deserves further study in randomised, placebo-controlled trials.",
        "Controlled trials could establish whether the benefit is real.",
    ],
)
def test_a_call_for_trials_without_needed_does_not_make_the_study_a_trial(closing: str) -> None:
    abstract = (
        "Fourteen clients on methadone were withdrawn with a naltrexone protocol over six days. "
        "All completed. " + closing
    )
    assert study_type(abstract) == "nonrandomized_trial"


@pytest.mark.parametrize(
    "abstract",
    [
        "Pituitary cells obtained from adult female rats were kept in primary culture and exposed to the drug.",
        "Hippocampal slices of young mice were perfused with the alkaloid. Synaptic currents fell.",
        "Hepatocytes isolated from male rats were incubated with mitragynine for four hours.",
    ],
)
def test_animals_named_only_as_a_source_of_cells_or_tissue_make_in_vitro_work(
    abstract: str,
) -> None:
    assert study_type(abstract) == "in_vitro"


def test_living_animals_treated_before_their_tissue_was_taken_stay_an_animal_study() -> None:
    abstract = (
        "Rats were injected with the alkaloid daily for a week; hippocampal slices of the treated "
        "rats were then recorded. Currents fell."
    )
    assert study_type(abstract) == "animal"


@pytest.mark.parametrize(
    "abstract",
    [
        "The drug caused quantitative but not qualitative differences in receptor responses of cultured cells.",
        "Qualitative and quantitative analysis of alkaloids in 12 kratom products was done by LC-MS.",
        "We measured the levels of heavy metals in 30 commercial kratom powders bought online.",
    ],
)
def test_qualitative_chemistry_and_product_content_are_in_vitro(abstract: str) -> None:
    assert study_type(abstract) == "in_vitro"


def test_people_who_met_inclusion_criteria_do_not_make_a_systematic_review() -> None:
    abstract = (
        "Nineteen newborns who met inclusion criteria were followed from birth until discharge; "
        "cord blood levels were measured by LC-MS."
    )
    assert study_type(abstract) == "cohort"


@pytest.mark.parametrize(
    ("abstract", "title"),
    [
        (
            "The alkaloid inhibited CYP3A in human liver microsomes with an IC50 of 3 uM; a static model "
            "then predicted a five-fold rise in midazolam exposure.",
            "Pharmacokinetic interaction potential of a kratom alkaloid",
        ),
        (
            "Inhibition constants were determined in pooled human liver microsomes and recombinant "
            "enzymes in vitro, and clearance was predicted.",
            "Predicting pharmacokinetic drug interactions of mitragynine",
        ),
    ],
)
def test_a_human_design_word_with_no_people_and_lab_work_is_in_vitro(
    abstract: str, title: str
) -> None:
    assert study_type(abstract, title) == "in_vitro"


@pytest.mark.parametrize(
    "abstract",
    [
        "This in vitro work shows the metabolite is stable in rodent and monkey plasma but not in human plasma.",
        "Mitragynine was incubated with rat liver microsomes and with dog plasma. Clearance differed.",
    ],
)
def test_animal_plasma_or_microsomes_as_material_is_in_vitro(abstract: str) -> None:
    assert study_type(abstract) == "in_vitro"


def test_plasma_of_dosed_animals_stays_an_animal_study() -> None:
    abstract = "Rat plasma concentrations of mitragynine were measured after oral administration of 20 mg/kg."
    assert study_type(abstract) == "animal"


@pytest.mark.parametrize(
    "methods",
    [
        "We conducted a PubMed search for articles on opioids and testosterone.",
        "We performed an electronic database search of MEDLINE and Embase for reports on the question.",
    ],
)
def test_a_database_search_said_as_a_noun_with_criteria_is_a_systematic_review(
    methods: str,
) -> None:
    abstract = (
        "Objective: We review the data on opioid effects on hormones. Methods: "
        + methods
        + " Articles were included if they were published in English."
    )
    assert study_type(abstract) == "systematic_review"


@pytest.mark.parametrize(
    "abstract",
    [
        "Thiamin-deficient rats and their controls were killed; liver microsomes of both groups were assayed.",
        "Plasma of castrated rats was collected and rat plasma prolactin was measured by radioimmunoassay.",
    ],
)
def test_animals_changed_in_life_before_their_tissue_was_taken_stay_an_animal_study(
    abstract: str,
) -> None:
    assert study_type(abstract) == "animal"


def test_rabbit_serum_as_a_reagent_does_not_undo_an_animal_study() -> None:
    abstract = (
        "Mice were immunised with the antigen, and normal rabbit serum served as the control reagent. "
        "Antibody titres rose in the immunised mice."
    )
    assert study_type(abstract) == "animal"


@pytest.mark.parametrize(
    "abstract",
    [
        "A questionnaire was mailed to plastic surgeons; it was returned by 565 of them.",
        "The survey was completed by 212 of the 900 pharmacists contacted. Few stocked naloxone.",
        "Questionnaires were distributed to general practitioners in two regions. Most prescribed opioids.",
    ],
)
def test_a_questionnaire_sent_out_and_returned_is_cross_sectional(abstract: str) -> None:
    assert study_type(abstract) == "cross_sectional"


@pytest.mark.parametrize(
    "abstract",
    [
        "In an open clinical trial, the alpha-2 agonist was given to 24 opiate-dependent outpatients after methadone stopped.",
        "The drug was administered to 18 heroin-dependent, treatment-seeking volunteers for ten days.",
        "Using a crossover design, we compared withdrawal in five healthy male subjects pretreated with two opioids.",
        "We gave a single 10-mg i.v. dose of the opioid in 8 male volunteers and sampled blood for six hours.",
        "In this double-blind, within-subject, inpatient study, heroin effects were measured at three doses.",
        "Participants were maintained on 30, 60 and 120 mg methadone for three weeks at each dose.",
    ],
)
def test_human_laboratory_wording_without_a_design_name_is_a_nonrandomised_trial(
    abstract: str,
) -> None:
    assert study_type(abstract) == "nonrandomized_trial"


def test_in_addition_to_is_not_a_secondary_part_of_the_paper() -> None:
    abstract = (
        "The purpose of this double-blind, within-subject study was to find whether larger doses give "
        "longer blockade in addition to withdrawal suppression."
    )
    assert study_type(abstract) == "nonrandomized_trial"


def test_a_randomised_crossover_stays_a_trial() -> None:
    abstract = "Using a randomised crossover design, 12 volunteers received the drug and placebo."
    assert study_type(abstract) == "rct"


def test_a_self_named_cross_sectional_study_calling_its_population_a_cohort_is_cross_sectional() -> (
    None
):
    abstract = (
        "We conducted a retrospective, population-based, cross-sectional study of births drawn "
        "from provincial records. Among women in this cohort, 2% had an opioid prescription."
    )
    assert study_type(abstract) == "cross_sectional"


@pytest.mark.parametrize(
    "abstract",
    [
        "Rates of the syndrome per 1,000 live births were computed by region from hospital admissions data.",
        "Using administrative health data, we counted opioid-related admissions per 100,000 residents by year.",
        "The development of a short withdrawal checklist is described; an exploratory factor analysis of answers from 120 inpatients kept ten items.",
    ],
)
def test_population_rates_and_scales_built_on_one_sample_are_cross_sectional(abstract: str) -> None:
    assert study_type(abstract) == "cross_sectional"


def test_a_sampling_time_course_within_one_session_is_no_follow_up() -> None:
    abstract = (
        "We describe the 24-hour time course of plasma cortisol in abstinent heroin users compared "
        "with matched healthy controls, using samples collected every 3 hours."
    )
    assert study_type(abstract) != "cohort"


def test_the_same_patients_compared_with_their_own_baseline_are_a_cohort() -> None:
    abstract = (
        "We recruited 150 men starting methadone and measured erectile function again after six "
        "months of methadone maintenance therapy, compared with baseline."
    )
    assert study_type(abstract) == "cohort"


@pytest.mark.parametrize(
    "abstract",
    [
        "The prolactin rise following administration of morphine sulfate, 5 mg, i.v., was lower in 15 depressed inpatients than in 8 controls.",
        "Infusion of naloxone 0.4 mg intravenously raised cortisol in 12 abstinent users and 10 controls.",
    ],
)
def test_a_dose_given_by_vein_to_people_is_a_nonrandomised_trial(abstract: str) -> None:
    assert study_type(abstract) == "nonrandomized_trial"


def test_glands_of_an_animal_incubated_in_vitro_are_in_vitro_work() -> None:
    abstract = (
        "Prolactin secretion from rat anterior pituitary glands was studied by static incubation "
        "of hemipituitary glands and perifusion of whole glands."
    )
    assert study_type(abstract) == "in_vitro"


def test_a_risk_factor_analysis_is_not_a_scale_study() -> None:
    abstract = "Risk factor analysis in 400 patients followed for ten years found age predicted recurrence."
    assert study_type(abstract) == "cohort"


def test_a_named_cohort_followed_for_years_is_cohort_wording() -> None:
    abstract = "We followed a cohort of 120 former users for two years after discharge."
    assert study_type(abstract) == "cohort"


@pytest.mark.parametrize(
    "abstract",
    [
        "This review summarizes previous studies of kratom in opioid withdrawal, and the published reports of its harms.",
        "This commentary responds to earlier trials that have been reported on lofexidine.",
    ],
)
def test_a_paper_naming_itself_a_review_in_a_sentence_about_other_work_is_a_confident_review(
    abstract: str,
) -> None:
    ann = annotate({"title": "", "abstract": abstract})
    assert ann["study_type"] == "review"
    assert not ann["needs_review"]


@pytest.mark.parametrize(
    ("abstract", "title"),
    [
        (
            "Six healthy adults inhaled a single high dose of the vaporised extract; blood was drawn at 13 time points.",
            "Time course of pharmacokinetic and hormonal effects of an inhaled kappa agonist in humans",
        ),
        (
            "Sublingual doses up to 4 mg were given to eight experienced users in an ascending-dose design.",
            "",
        ),
    ],
)
def test_a_drug_effect_time_course_and_ascending_doses_are_a_nonrandomised_trial(
    abstract: str, title: str
) -> None:
    assert study_type(abstract, title) == "nonrandomized_trial"


@pytest.mark.parametrize(
    "abstract",
    [
        "This Primer focuses on withdrawal in newborns after opioid exposure in pregnancy. Care varies.",
        "The current article presents the literature on tramadol for opioid use disorder and makes recommendations.",
        "This update summarises what is known of kratom's effects on hormones.",
    ],
)
def test_an_article_saying_what_it_covers_is_a_confident_review(abstract: str) -> None:
    ann = annotate({"title": "", "abstract": abstract})
    assert (ann["study_type"], ann["needs_review"]) == ("review", False)


def test_an_article_presenting_its_own_survey_results_is_not_a_review() -> None:
    abstract = (
        "This paper presents the results of a survey of 300 pharmacists. Most stocked naloxone."
    )
    assert study_type(abstract) == "cross_sectional"


@pytest.mark.parametrize(
    "abstract",
    [
        "Orexin knock-out mice showed milder antagonist-precipitated withdrawal; orexin cells expressed c-Fos.",
        "Transgenic rats lacking the receptor and their wild-type littermates were compared; neurons were counted.",
    ],
)
def test_genetically_altered_animals_make_an_animal_study_even_when_cells_are_counted(
    abstract: str,
) -> None:
    assert study_type(abstract) == "animal"


@pytest.mark.parametrize(
    "abstract",
    [
        "Chronic morphine followed by naloxone produced jumping, wet-dog shakes and teeth chattering; prolactin did not.",
        "Morphine raised serum prolactin and lowered dopamine turnover in the median eminence; haloperidol added to it.",
    ],
)
def test_rodent_withdrawal_signs_and_brain_neurochemistry_make_an_animal_study(
    abstract: str,
) -> None:
    assert study_type(abstract) == "animal"


def test_ptosis_is_a_clinical_sign_not_an_animal_one() -> None:
    abstract = "We describe a 60-year-old man with ptosis of the left eyelid after a fall."
    assert study_type(abstract) == "case_report"


@pytest.mark.parametrize(
    "abstract",
    [
        "Prolactin was measured after the acute administration of an enkephalin analogue and of placebo in 9 women.",
        "The effects of naloxone infusion (1.6 mg/h for 4 h) on cortisol were studied in 5 postmenopausal women.",
        "Naloxone infusions were performed at baseline and after three weeks of oestrogen in 7 volunteers.",
    ],
)
def test_a_response_measured_after_a_dose_given_to_people_is_a_nonrandomised_trial(
    abstract: str,
) -> None:
    assert study_type(abstract) == "nonrandomized_trial"


def test_infants_whose_mothers_were_treated_are_no_treated_group() -> None:
    abstract = (
        "This is a retrospective review of clinical information on 58 infants whose mothers were treated "
        "with buprenorphine and 92 infants whose mothers were treated with methadone."
    )
    assert study_type(abstract) == "cohort"


@pytest.mark.parametrize(
    "abstract",
    [
        "The opiate raised serum prolactin within two hours; prior administration of a dopamine agonist blocked the rise in man.",
        "Pretreatment with the antagonist abolished the cortisol response to the opioid in healthy men.",
    ],
)
def test_one_drug_given_before_another_to_block_it_is_a_nonrandomised_trial(abstract: str) -> None:
    assert study_type(abstract) == "nonrandomized_trial"
