"""Citation exports: RIS round-trips through rispy, BibTeX escapes and keys, CSV columns."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
import rispy

from dashboard import export
from db import open_db, queries
from db.facts import frame
from db.queries import Filters
from fetchers.importer import import_file

# SYNTHETIC rows for escaping tests: LaTeX specials, accents, markup; not real records.
TRICKY = pd.DataFrame([
    {"article_id": 1, "pmid": 90000001, "title": "[SYNTHETIC] 50% of {users} & $cost #1 in R_x ~ ^ \\ <b>",
     "authors": json.dumps([{"last_name": "Müller", "fore_name": "José"},
                            {"name": "Kratom Research Group"}]),
     "journal": "J_Synth & Co", "year": 2021, "volume": "12", "issue": "3", "pages": "123-9",
     "doi": "10.99999/syn_{1}", "pmcid": "PMC1", "abstract": "SYNTHETIC abstract: 100% {braces}",
     "keywords": json.dumps(["kratom", "opioid"]), "study_type": "rct"},
    {"article_id": 2, "pmid": 90000002, "title": "[SYNTHETIC] Second", "authors": json.dumps(
        [{"last_name": "Müller", "fore_name": "Ana"}]), "journal": "J", "year": 2021,
     "doi": None, "pmcid": None, "abstract": None, "keywords": None, "study_type": None},
])  # fmt: skip

pytest_plugins = ["dashboard_support"]


def sample_records(path):
    """The whole bundled sample with citation columns."""
    return queries.records(path, Filters(relevant_only=False), columns="full")


def test_ris_round_trips_titles_authors_and_dois(sample_db_master):
    df = sample_records(sample_db_master)
    entries = rispy.loads(export.to_ris(df))
    assert len(entries) == len(df)
    for entry, row in zip(entries, df.to_dict(orient="records"), strict=True):
        assert entry["type_of_reference"] == "JOUR"
        assert entry["title"] == row["title"].strip()
        assert entry.get("authors", []) == export.author_names(row)
        assert entry.get("doi") == export.value(row, "doi")


def test_ris_keeps_specials_and_page_ranges():
    entry = rispy.loads(export.to_ris(TRICKY))[0]
    assert entry["title"] == TRICKY.title[0]
    assert entry["start_page"] == "123" and entry["end_page"] == "129"
    assert entry["authors"] == ["Müller, José", "Kratom Research Group"]
    assert "https://pubmed.ncbi.nlm.nih.gov/90000001/" in entry["urls"]


def unescape(text: str) -> str:
    """Undo bibtex_escape (for round-trip checks)."""
    for char, escaped in export.BIBTEX_SPECIAL.items():
        text = text.replace(escaped, "\0" + char)
    return text.replace("\0", "")


def parse_bibtex(text: str) -> list[dict]:
    """A strict mini parser: entries, keys and brace-delimited fields, braces balanced."""
    entries = []
    for match in re.finditer(r"@article\{([^,]+),\n(.*?)\n\}\n", text, re.S):
        fields, body = {}, match.group(2)
        for line in body.split(",\n"):
            name, _, value = line.strip().partition(" = ")
            assert value.startswith("{") and value.endswith("}"), line
            depth = 0
            for i, char in enumerate(value):
                if char in "{}" and (i == 0 or value[i - 1] != "\\"):
                    depth += 1 if char == "{" else -1
                    assert depth > 0 or i == len(value) - 1, f"unbalanced: {line}"
            fields[name] = value[1:-1]
        entries.append({"key": match.group(1), **fields})
    return entries


def test_bibtex_escapes_specials_and_round_trips():
    entries = parse_bibtex(export.to_bibtex(TRICKY))
    assert len(entries) == 2
    first = entries[0]
    assert r"50\% of \{users\} \& \$cost \#1 in R\_x" in first["title"]
    assert unescape(first["title"][1:-1]) == TRICKY.title[0]
    assert first["author"] == "Müller, José and {Kratom Research Group}"
    assert first["pages"] == "123--129"
    assert first["doi"] == "10.99999/syn_%7B1%7D"
    assert first["journal"] == r"J\_Synth \& Co"


def test_bibtex_keys_are_unique_ascii():
    df = pd.concat([TRICKY, TRICKY, TRICKY], ignore_index=True)
    keys = [e["key"] for e in parse_bibtex(export.to_bibtex(df))]
    assert len(keys) == len(set(keys)) == 6
    assert all(re.fullmatch(r"[a-z][a-z0-9]*", k) for k in keys)
    assert keys[0] == "muller2021synthetic" and keys[2] == "muller2021syntheticb"


def test_bibtex_ascii_mode_writes_latex_accents():
    text = export.to_bibtex(TRICKY, ascii=True)
    assert r"M{\"u}ller, Jos{\'e}" in text
    assert export.latex_accents("çß") == r"{\c c}{\ss}"


def test_bibtex_of_the_sample_parses(sample_db_master):
    df = sample_records(sample_db_master)
    entries = parse_bibtex(export.to_bibtex(df))
    assert len(entries) == len(df) and len({e["key"] for e in entries}) == len(df)


def test_csv_has_links_and_joined_authors(sample_db_master):
    df = sample_records(sample_db_master)
    back = pd.read_csv(io.StringIO(export.to_csv(df)))
    assert list(back.columns) == export.CSV_COLUMNS and len(back) == len(df)
    with_pmid = back[back.pmid.notna()]
    assert (with_pmid.pubmed_url.str.startswith("https://pubmed.ncbi.nlm.nih.gov/")).all()


# --- identifiers and counts stay integers, read back by a second parser -------------------

PMID = "38268564"  # a real sample record (Torrico et al. 2024) with a PMID and an N


def test_sample_frame_has_gaps_that_pandas_turns_to_float(sample_db_master):
    df = sample_records(sample_db_master)  # the condition the exports must survive
    assert df["pmid"].isna().any() and df["pmid"].dtype.kind == "f"
    assert df["sample_size"].isna().any() and df["sample_size"].dtype.kind == "f"


def test_csv_writes_identifiers_and_counts_as_integers(sample_db_master):
    df = sample_records(sample_db_master)
    rows = list(csv.DictReader(io.StringIO(export.to_csv(df))))
    assert len(rows) == len(df)
    for column in ("article_id", "pmid", "year", "sample_size"):
        values = [r[column] for r in rows if r[column]]
        assert values and all(re.fullmatch(r"-?\d+", v) for v in values), column
    record = next(r for r in rows if r["pmid"] == PMID)
    assert record["pubmed_url"] == f"https://pubmed.ncbi.nlm.nih.gov/{PMID}/"
    assert re.fullmatch(r"\d+", record["sample_size"])
    back = pd.read_csv(io.StringIO(export.to_csv(df)), dtype=str)
    assert not back[["pmid", "sample_size"]].stack().str.contains(r"\.").any()


def test_ris_writes_the_pmid_as_an_integer_in_an_url_and_in_a_note(sample_db_master):
    df = sample_records(sample_db_master)
    entries = rispy.loads(export.to_ris(df))
    with_pmid = [e for e in entries if "accession_number" in e]
    assert len(with_pmid) == df["pmid"].notna().sum() > 0
    for entry in with_pmid:
        pmid = entry["accession_number"]
        assert re.fullmatch(r"\d+", pmid) and re.fullmatch(r"\d{4}", entry["year"])
        # citation-js and Zotero-like readers drop AN: the PMID is in UR and N1 too.
        assert f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" in entry["urls"]
        assert f"PMID: {pmid}" in entry["notes"]
    assert not [e for e in entries if "accession_number" not in e and "notes" in e
                and any(n.startswith("PMID") for n in e["notes"])]  # fmt: skip


def test_bibtex_writes_integers_and_suffixes_that_bibtexparser_reads(sample_db_master):
    bibtexparser = pytest.importorskip("bibtexparser")  # requirements-dev.txt
    from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts

    df = sample_records(sample_db_master)
    library = bibtexparser.parse_string(
        export.to_bibtex(df), append_middleware=[SeparateCoAuthors(), SplitNameParts()]
    )
    assert not library.failed_blocks and len(library.entries) == len(df)
    pmids = [e["pmid"] for e in library.entries if "pmid" in e]
    assert len(pmids) == df["pmid"].notna().sum() and all(re.fullmatch(r"\d+", p) for p in pmids)
    assert all(re.fullmatch(r"\d{4}", e["year"]) for e in library.entries)
    entry = next(e for e in library.entries if e["title"].startswith("{Healthcare Provider"))
    first = entry["author"][0]
    assert (first.last, first.jr, first.first) == (["Pergolizzi"], ["Jr"], ["Joseph", "V."])


# --- retracted, concern-flagged and deleted records say so -------------------------------

PUBMED_FIXTURES = Path(__file__).parent / "fixtures" / "pubmed"  # real PubMed XML, see README
RETRACTED = {33104149: "34095918", 423962: "7350521"}  # record → its retraction notice
CONCERN = (32090497, "34096680")  # record under an expression of concern → its notice
WITH_RETRACTED = Filters(relevant_only=False, include_retracted=True)


@pytest.fixture
def sample_with_notices(sample_db):
    """The sample plus the real retracted, concern-flagged and notice records."""
    db = open_db(sample_db)
    for name in ("pubmed21n1298_relations.xml", "pubmed20n0014_retraction.xml"):
        assert import_file(db, PUBMED_FIXTURES / name, workers=0).error is None
    yield db
    db.close()


def by_pmid(entries: list, field: str = "accession_number") -> dict[int, dict]:
    """Parsed entries (rispy's dicts, bibtexparser's entries) keyed by their PMID."""
    return {int(e[field]): e for e in entries if field in e}


def test_exports_leave_retracted_records_out_by_default(sample_with_notices):
    df = queries.records(sample_with_notices, Filters(relevant_only=False), columns="full")
    assert not set(RETRACTED) & set(df["pmid"].dropna().astype(int))
    text = export.to_ris(df)
    assert "Retracted publication" not in text and CONCERN[1] in text  # concern still counts
    rows = list(csv.DictReader(io.StringIO(export.to_csv(df))))
    assert {r["retracted"] for r in rows} == {"0"} and {r["deleted"] for r in rows} == {"0"}


def test_ris_says_retracted_in_a_note_and_keeps_the_title(sample_with_notices):
    df = queries.records(sample_with_notices, WITH_RETRACTED, columns="full")
    entries = by_pmid(rispy.loads(export.to_ris(df)))
    for pmid, notice in RETRACTED.items():
        entry = entries[pmid]
        assert entry["notes"][0] == f"Retracted publication. Retraction notice: PMID {notice}"
        assert entry["title"] == queries.record(sample_with_notices, pmid)["title"].strip()
    assert entries[CONCERN[0]]["notes"][0] == f"Expression of concern. Notice: PMID {CONCERN[1]}"
    unflagged = [e for p, e in entries.items() if p not in RETRACTED and p != CONCERN[0]]
    assert all(e["notes"][0].startswith("PMID: ") for e in unflagged)


def test_bibtex_says_retracted_in_a_note_that_bibtexparser_reads(sample_with_notices):
    bibtexparser = pytest.importorskip("bibtexparser")  # requirements-dev.txt
    df = queries.records(sample_with_notices, WITH_RETRACTED, columns="full")
    library = bibtexparser.parse_string(export.to_bibtex(df))
    assert not library.failed_blocks and len(library.entries) == len(df)
    entries = by_pmid(library.entries, "pmid")
    for pmid, notice in RETRACTED.items():
        assert entries[pmid]["note"] == f"Retracted publication. Retraction notice: PMID {notice}"
    assert entries[CONCERN[0]]["note"] == f"Expression of concern. Notice: PMID {CONCERN[1]}"
    assert sum("note" in e for e in entries.values()) == len(RETRACTED) + 1


def test_csv_flags_and_notice_pmids_are_integers(sample_with_notices):
    df = queries.records(sample_with_notices, WITH_RETRACTED, columns="full")
    rows = {r["pmid"]: r for r in csv.DictReader(io.StringIO(export.to_csv(df)))}
    for pmid, notice in RETRACTED.items():
        assert (rows[str(pmid)]["retracted"], rows[str(pmid)]["retraction_notice_pmid"]) == (
            "1", notice)  # fmt: skip
    assert (rows[str(CONCERN[0])]["concern"], rows[str(CONCERN[0])]["concern_notice_pmid"]) == (
        "1", CONCERN[1])  # fmt: skip
    for column in ("retracted", "concern", "deleted", "retraction_notice_pmid",
                   "concern_notice_pmid"):  # fmt: skip
        assert all(re.fullmatch(r"\d*", r[column]) for r in rows.values()), column


def test_a_deleted_record_a_caller_exports_says_deleted_from_pubmed(sample_with_notices, tmp_path):
    db = sample_with_notices
    update = tmp_path / "update.xml"  # <DeleteCitation> as the DTD defines it, a real PMID
    update.write_text(
        '<?xml version="1.0"?>\n<PubmedArticleSet><DeleteCitation>'
        '<PMID Version="1">34086515</PMID></DeleteCitation></PubmedArticleSet>\n'
    )
    assert import_file(db, update, workers=0).deleted == 1
    assert 34086515 not in set(queries.records(db, WITH_RETRACTED)["pmid"])  # never exported
    # A caller (a notebook) that selects it itself gets it marked.
    df = frame(db, f"SELECT {queries.FULL_COLUMNS} FROM articles a WHERE a.pmid = 34086515")
    assert rispy.loads(export.to_ris(df))[0]["notes"][0] == "Deleted from PubMed"
    assert "  note = {Deleted from PubMed}," in export.to_bibtex(df)
    assert next(csv.DictReader(io.StringIO(export.to_csv(df))))["deleted"] == "1"
