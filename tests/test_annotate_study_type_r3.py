"""Study type, issue 14 round 3: case reports in older and terser forms, found by scoring the
text-only annotator against NLM's own indexing (publication type "Case Reports") on the two real
baseline files. Every probe below is our own wording, not text from those records."""

from __future__ import annotations

import pytest

from analysis import annotate


def classify(abstract: str, title: str = "") -> dict:
    """Annotate a record built from a probe phrase."""
    return annotate({"title": title, "abstract": abstract})


CASE_REPORT_PROBES = [
    # "report of a case", in a title or in the text
    ("Recurrent hypoglycaemia after kratom tea", "Report of a case. Glucose fell twice overnight."),
    ("", "We give a description of two siblings whose prolactin stayed high after weaning."),
    # "in a case of ..." and "a case of X is reported"
    ("", "In a case of neonatal abstinence, morphine was tapered over nine days."),
    ("", "A case of galactorrhoea after long-term methadone use is described here."),
    ("", "We report the case of a farmer who chewed leaves daily for twenty years."),
    # a patient presented "herein", an instance, "experience with three cases"
    ("", "A man with seizures after a large kratom dose is presented herein."),
    ("", "We describe an instance of liver injury in an adult who used leaf powder."),
    ("", "Our experience with three cases of withdrawal in infants is summarised."),
    ("", "This report documents two further patients with a pituitary tumour."),
    # ages written the older way
    ("", "A 34-yr-old nurse developed hyperprolactinaemia while taking an antipsychotic."),
    ("", "Withdrawal signs appeared in a 3-year-old boy after his fentanyl patch was removed."),
]


@pytest.mark.parametrize(("title", "abstract"), CASE_REPORT_PROBES)
def test_older_and_terser_case_wording_reads_as_case_report(title: str, abstract: str) -> None:
    assert classify(abstract, title)["study_type"] == "case_report"


CASE_WITH_LITERATURE = [
    ("Opioid withdrawal in a newborn: case report and review of the literature", ""),
    ("", "Two cases of kratom-related liver injury, with a brief review of the literature."),
    ("", "We present one patient with a macroprolactinoma and a literature review."),
    # the literature consulted inside a case report ("a review of the literature found ...")
    (
        "",
        "A woman aged 41 with a prolactinoma is reported here. A review of the literature "
        "showed four similar cases.",
    ),
]


@pytest.mark.parametrize(("title", "abstract"), CASE_WITH_LITERATURE)
def test_case_report_that_reviews_the_literature_stays_a_case_report(
    title: str, abstract: str
) -> None:
    result = classify(abstract, title)
    assert result["study_type"] == "case_report"


REVIEWS_THAT_MENTION_CASES = [
    (
        "",
        "A review of the literature on kratom dependence. Published case reports and surveys "
        "are summarised, and we discuss treatment.",
    ),
    (
        "A narrative review of prolactin and opioids",
        "We review the literature on how opioids raise prolactin.",
    ),
]


@pytest.mark.parametrize(("title", "abstract"), REVIEWS_THAT_MENTION_CASES)
def test_review_that_only_mentions_case_reports_stays_a_review(title: str, abstract: str) -> None:
    assert classify(abstract, title)["study_type"] == "review"


def test_a_child_in_the_text_counts_as_people_for_a_case() -> None:
    # "child" alone, with an age, used to leave the record without human evidence
    result = classify("Successful repair in a 6-year-old child is reported.")
    assert result["study_type"] == "case_report"
