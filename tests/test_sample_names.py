"""build-sample splits the source's whole author names into PubMed's name parts (nameparser)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from dashboard import export
from fetchers.sample import SAMPLE_DIR, SHARED_SAMPLE, build_sample, split_name

pytest_plugins = ["dashboard_support"]


@pytest.mark.parametrize(
    ("whole", "parts"),
    [
        ("Mengzi Zhang", {"LastName": "Zhang", "ForeName": "Mengzi", "Initials": "M"}),
        (
            "Joseph V. Pergolizzi, Jr",
            {"LastName": "Pergolizzi", "ForeName": "Joseph V.", "Initials": "JV", "Suffix": "Jr"},
        ),
        (
            "Michael Krupp II",
            {"LastName": "Krupp", "ForeName": "Michael", "Initials": "M", "Suffix": "II"},
        ),
        (
            "Richard M. van Rijn",
            {"LastName": "van Rijn", "ForeName": "Richard M.", "Initials": "RM"},
        ),
        ("Jih-Heng Li", {"LastName": "Li", "ForeName": "Jih-Heng", "Initials": "JH"}),
        # nameparser reads "Md." as a title; it stays in the given names, nothing is dropped.
        ("Md. Towhid Salam", {"LastName": "Salam", "ForeName": "Md. Towhid", "Initials": "MT"}),
    ],
)
def test_real_sample_names_split_into_family_given_and_suffix(whole, parts):
    assert split_name(whole) == parts


def test_a_list_written_as_family_name_and_initials_keeps_that_reading():
    # PMID 36249618's authors are given as "Martin G", "Collins DP", "Valenzuela H".
    assert split_name("Collins DP", vancouver=True) == {"LastName": "Collins", "Initials": "DP"}
    assert split_name("Martin G", vancouver=True) == {"LastName": "Martin", "Initials": "G"}


def authors_of(db_path, title_start: str) -> list[dict]:
    """The stored authors JSON of the sample record whose title starts so."""
    conn = sqlite3.connect(db_path)
    try:
        row = conn.execute(
            "SELECT authors FROM records WHERE title LIKE ? || '%'", [title_start]
        ).fetchone()
    finally:
        conn.close()
    return json.loads(row[0])


def test_the_loaded_sample_stores_split_names_and_exports_family_names_first(sample_db_master):
    authors = authors_of(sample_db_master, "Healthcare Provider")
    assert authors[0] == {"name": "Pergolizzi JV Jr", "last_name": "Pergolizzi",
                          "fore_name": "Joseph V.", "initials": "JV", "suffix": "Jr"}  # fmt: skip
    row = {"authors": json.dumps(authors)}
    assert export.author_names(row)[:2] == ["Pergolizzi, Joseph V., Jr", "Taylor, Robert, Jr"]
    assert export.bibtex_authors(row, ascii=False).startswith("Pergolizzi, Jr, Joseph V. and")
    vancouver = authors_of(sample_db_master, "Life-Threatening Hyponatremia")
    assert [export.author_names({"authors": json.dumps(vancouver)})] == [
        ["Martin, G", "Collins, DP", "Valenzuela, H"]
    ]


@pytest.mark.skipif(not SHARED_SAMPLE.exists(), reason="needs shared/data beside the checkout")
def test_build_sample_reproduces_the_committed_files(tmp_path):
    counts = build_sample(out_dir=tmp_path)
    assert counts == {"mitragynine": 42, "prolactin": 10, "withdrawal": 35}
    for name in ("mitragynine.xml", "prolactin.xml", "withdrawal.xml", "ATTRIBUTION.md"):
        assert (tmp_path / name).read_bytes() == (SAMPLE_DIR / name).read_bytes(), name
