"""Claim cards: the authors' conclusion (labelled or found by rule), strongest evidence first,
records per design level, on the bundled sample, the Open questions page and `digest --claims`.

The rule probes are short phrases written for these tests, not abstracts; labelled sections
come from Biopython's recorded PubMed replies (tests/fixtures/entrez).
"""

from __future__ import annotations

import datetime as dt
import html
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from dashboard_support import app_test, no_exceptions

import analysis
from analysis.conclusions import concluding_sentence, conclusion, labelled_conclusion
from dashboard.claims_view import card_html
from db import open_db
from db.claims import claim_cards, strongest
from db.queries import Filters, tracked_questions
from fetchers.__main__ import main
from fetchers.digest import render_claims_markdown
from fetchers.importer import import_file
from fetchers.pubmed_xml import iter_articles

pytest_plugins = ["dashboard_support"]
ENTREZ = Path(__file__).parent / "fixtures" / "entrez"
RANK = {code: i for i, code in enumerate(analysis.STUDY_TYPES)}


def parsed(name: str) -> dict:
    """The first record of a recorded efetch reply."""
    return next(iter(iter_articles(ENTREZ / name)))


# ---------------------------------------------------------------- the conclusion sentence


@pytest.mark.parametrize("name", ["pubmed4.xml", "pubmed5.xml"])
def test_labelled_conclusions_section_is_quoted_whole(name):
    record = parsed(name)
    section = next(s["text"] for s in record["abstract_sections"] if s["label"] == "CONCLUSIONS")
    assert labelled_conclusion(record["abstract_sections"]) == section
    assert conclusion(None, record["abstract_sections"]) == section  # no rule needed


def test_labelled_section_wins_over_a_cue_phrase_in_the_text():
    sections = [{"label": "RESULTS", "text": "In conclusion of the titration, doses rose."},
                {"label": "Conclusion", "category": None, "text": "The tea was safe."}]  # fmt: skip
    assert conclusion("In conclusion, this text is not read.", sections) == "The tea was safe."


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("We followed forty users. In conclusion, craving fell over time. More work is planned.",
         "In conclusion, craving fell over time."),
        ("Rats got the extract. We conclude that the extract blocks pain. Funding was public.",
         "We conclude that the extract blocks pain."),
        ("We surveyed users. These findings suggest daily use is common. Limits apply.",
         "These findings suggest daily use is common."),
        ("Our data suggest a small effect. Taken together, the leaf is not inert. Caveats follow.",
         "Taken together, the leaf is not inert."),  # the stronger cue wins over a later weak one
        ("We tested cells. Binding was weak. Affinity was in the micromolar range.",
         "Affinity was in the micromolar range."),  # no cue: the last sentence
        ("Levels were higher (p = 0.02). Conclusions: Use raises the hormone. It may matter. "
         "Trial registration: NCT00000000.", "Use raises the hormone. It may matter."),
        ("Doses varied.\nCONCLUSION: Dosing is unclear.", "Dosing is unclear."),
        ("Methods: We timed the assay. Results: Binding took an hour.", "Binding took an hour."),
    ],
)  # fmt: skip
def test_concluding_sentence_found_by_rule(abstract, expected):
    assert concluding_sentence(abstract) == expected


@pytest.mark.parametrize("sections", [None, [], "not a list of dicts", [{"label": None}], [42]])
def test_missing_or_odd_sections_fall_back_to_the_rule(sections):
    assert conclusion("First point. Last point.", sections) == "Last point."
    assert conclusion("", sections) is None and conclusion(None, sections) is None


# ---------------------------------------------------------------- the cards' data


@pytest.fixture(scope="module")
def cards(sample_db_master) -> list[dict]:
    return claim_cards(sample_db_master, Filters())


def test_a_card_per_tracked_question_with_its_claim(cards):
    from db.queries import load_tracked_questions

    spec = load_tracked_questions()["questions"]
    assert [c["id"] for c in cards] == [q["id"] for q in spec]
    assert all(c["claim"] == q["claim"] for c, q in zip(cards, spec, strict=True))
    assert any(c["records"] for c in cards) and any(not c["records"] for c in cards)


def test_studies_come_strongest_design_first_then_largest_n(cards):
    seen = 0
    for card in cards:
        keys = [(RANK.get(s["study_type"], len(RANK)), -(s["sample_size"] or 0))
                for s in card["studies"]]  # fmt: skip
        assert keys == sorted(keys), card["id"]
        if card["studies"]:  # the first study has the strongest design the question has
            best = min(RANK.get(d["study_type"], len(RANK)) for d in card["designs"])
            assert keys[0][0] == best
            seen += len({k[0] for k in keys}) > 1
    assert seen  # the sample has cards that mix designs, so the order is tested


def test_within_a_design_larger_n_then_newer_comes_first():
    # a frame of ids and numbers only (no record text): the sort rule alone
    records = pd.DataFrame({"article_id": [1, 2, 3, 4, 5],
                            "study_type": pd.Categorical(["cohort", "rct", "cohort", "animal", "rct"]),
                            "sample_size": [50.0, 12.0, 900.0, None, None],
                            "year": [2020, 2019, 2010, 2024, 2024]})  # fmt: skip
    assert strongest(records, 10) == [2, 5, 3, 1, 4]


def test_per_design_counts_match_the_tracked_questions_table(cards, sample_db_master):
    table = tracked_questions(sample_db_master, Filters())
    for card in cards:
        rows = table[table["question_id"] == card["id"]]
        expected = {(t if isinstance(t, str) else "unclassified"): int(n)
                    for t, n in zip(rows["study_type"], rows["records"], strict=True)}  # fmt: skip
        assert {d["study_type"]: d["records"] for d in card["designs"]} == expected
        assert sum(expected.values()) == card["records"]
        assert set(card["missing"]) == set(analysis.STUDY_TYPES) - set(expected)
        ranks = [RANK.get(d["study_type"], len(RANK)) for d in card["designs"]]
        assert ranks == sorted(ranks)


def test_every_quoted_conclusion_is_the_authors_own_words(cards, sample_db_master):
    with sqlite3.connect(sample_db_master) as conn:
        for card in cards:
            for study in card["studies"]:
                abstract = conn.execute("SELECT abstract FROM records WHERE id = ?",
                                        [study["article_id"]]).fetchone()[0]  # fmt: skip
                assert study["conclusion"] and study["conclusion"] in abstract


def test_inline_conclusions_label_in_the_sample_is_quoted_without_it(sample_db_master):
    with sqlite3.connect(sample_db_master) as conn:
        rows = conn.execute("SELECT abstract FROM records WHERE abstract GLOB '*. Conclusions: *'")
        abstracts = [r[0] for r in rows]
    assert abstracts
    for abstract in abstracts:
        said = conclusion(abstract)
        assert not said.lower().startswith("conclusion")
        assert abstract.split("Conclusions: ", 1)[1].startswith(said.split(". ")[0])


def test_a_labelled_section_reaches_the_card_through_the_database(tmp_path):
    db = open_db(tmp_path / "labelled.db")
    assert import_file(db, ENTREZ / "pubmed5.xml", ["thyroid"]).error is None
    db.conn.close()
    spec = tmp_path / "questions.toml"
    spec.write_text('[questions.thyroid]\nquestion = "Do pesticides alter thyroid function?"\n'
                    'claim = "Pesticides alter the thyroid."\nquery = "pendimethalin"\n')  # fmt: skip
    (card,) = claim_cards(tmp_path / "labelled.db", Filters(relevant_only=False), spec)
    section = labelled_conclusion(parsed("pubmed5.xml")["abstract_sections"])
    assert card["records"] == 1 and card["studies"][0]["conclusion"] == section


# ---------------------------------------------------------------- rendering


def hostile_card() -> dict:
    """A SYNTHETIC card whose strings carry HTML and Markdown (an XSS fault test)."""
    study = {"article_id": 1, "pmid": 1, "doi": None, "pmcid": None, "year": 2024,
             "title": "[SYNTHETIC] <script>alert(1)</script> | **bold**",
             "study_type": "rct", "sample_size": 40, "sample_unit": "participants",
             "conclusion": "[SYNTHETIC] <img src=x onerror=alert(1)> [x](javascript:alert(1))"}  # fmt: skip
    return {"id": "x", "question": "Q?", "claim": "<b>claim</b>", "records": 1,
            "designs": [{"study_type": "rct", "records": 1}], "missing": ["cohort"],
            "studies": [study],
            "open_questions": [{"text": "<i>why</i>", "title": "<u>t</u>", "year": 2024}]}  # fmt: skip


def test_card_html_escapes_every_record_string():
    out = card_html(hostile_card(), Filters())
    assert "<script" not in out and "<img" not in out and "<b>claim" not in out
    assert "<i>why" not in out and "<u>t" not in out
    assert html.escape("<img src=x onerror=alert(1)>") in out
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/1/"' in out


def test_claims_markdown_escapes_markup_and_keeps_lines_whole():
    out = render_claims_markdown([hostile_card()], dt.date(2026, 1, 5))
    assert out.startswith("# Kratom Evidence Tracker claim cards, 2026-01-05")
    assert "\\<script\\>" in out and "\\*\\*bold\\*\\*" in out and "\\[x\\](javascript" in out
    assert "[PMID 1](https://pubmed.ncbi.nlm.nih.gov/1/)" in out


def test_open_questions_page_shows_a_claim_card_per_question(monkeypatch, sample_db_master, cards):
    at = app_test(monkeypatch, sample_db_master, "open_questions")
    no_exceptions(at)
    labels = [e.label for e in at.expander]
    for card in cards:
        assert f"{card['question']} · {card['records']:,} records" in labels
    page = "\n".join(str(h.value) for h in at.get("html"))
    first = next(c for c in cards if c["studies"])
    assert html.escape(first["studies"][0]["conclusion"]) in page
    assert "Strongest evidence first" in page and "Records at each design level" in page


# ---------------------------------------------------------------- digest --claims


def test_digest_claims_writes_the_cards_as_markdown(sample_db_master, cards, capsys):
    assert main(["digest", "--claims", "--db", str(sample_db_master)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Kratom Evidence Tracker claim cards")
    for card in cards:
        assert f"## {card['question']}" in out
        for d in card["designs"]:
            assert f"| {analysis.STUDY_TYPE_LABELS.get(d['study_type'], 'Unclassified')} " \
                   f"| {d['records']} |" in out  # fmt: skip
    first = next(c for c in cards if c["studies"])["studies"][0]
    assert out.index("### Strongest evidence first") < out.index(first["title"].split(" ")[0])


def test_digest_claims_to_a_folder_and_no_html(sample_db_master, tmp_path, capsys):
    folder = tmp_path / "mail"
    assert (
        main(["digest", "--claims", "--db", str(sample_db_master), "--output", f"{folder}/"]) == 0
    )
    (written,) = folder.iterdir()
    assert written.name.startswith("claims-") and written.suffix == ".md"
    assert main(["digest", "--claims", "--format", "html", "--db", str(sample_db_master)]) == 2
    assert "Markdown only" in capsys.readouterr().err
