"""Citation exports of a selection, as pure functions of a records() DataFrame (columns="full").

CSV for spreadsheets, RIS for Zotero and EndNote (written by rispy), BibTeX (a small
writer: one @article per record, unique ASCII keys, LaTeX special characters escaped).
"""

from __future__ import annotations

import json
import re
import unicodedata

import pandas as pd
import rispy

PUBMED_URL = "https://pubmed.ncbi.nlm.nih.gov/{}/"
PMC_URL = "https://www.ncbi.nlm.nih.gov/pmc/articles/{}/"
DOI_URL = "https://doi.org/{}"

CSV_COLUMNS = [
    "article_id", "pmid", "title", "authors", "journal", "year", "volume", "issue", "pages",
    "doi", "pmcid", "study_type", "subjects", "sample_size", "sample_unit", "topics",
    "pubmed_url", "abstract", "retracted", "retraction_notice_pmid", "concern",
    "concern_notice_pmid", "deleted",
]  # fmt: skip
CSV_NAMES = {"notice_pmid": "retraction_notice_pmid", "concern_pmid": "concern_notice_pmid"}
INTEGER_COLUMNS = ["article_id", "pmid", "year", "sample_size", "retracted",
                   "retraction_notice_pmid", "concern", "concern_notice_pmid", "deleted"]  # fmt: skip


def value(row: dict, key: str) -> str | None:
    """A field as clean text, or None when missing (None, NaN, empty)."""
    v = row.get(key)
    if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    text = str(v).strip()
    return text or None


def json_list(raw) -> list:
    """A JSON list column as a list ([] when missing or malformed)."""
    if isinstance(raw, list):
        return raw
    try:
        parsed = json.loads(raw) if isinstance(raw, str) and raw else []
    except ValueError:
        return []
    return parsed if isinstance(parsed, list) else []


def author_parts(author: dict | str) -> tuple[str | None, str | None, str | None, str | None]:
    """(last, fore, suffix, whole) for one author; whole is set when only a printed name is
    known."""
    if isinstance(author, str):
        return None, None, None, author.strip() or None
    last = (author.get("last_name") or "").strip() or None
    fore = (author.get("fore_name") or author.get("initials") or "").strip() or None
    suffix = (author.get("suffix") or "").strip() or None
    whole = (author.get("name") or author.get("collective_name") or "").strip() or None
    if last and fore:
        return last, fore, suffix, None
    return None, None, None, whole or last


def author_names(row: dict) -> list[str]:
    """'Last, Fore[, Suffix]' (RIS's form) for each author, or the name as printed when it
    was not split."""
    names = []
    for author in json_list(row.get("authors")):
        last, fore, suffix, whole = author_parts(author)
        if last:
            names.append(", ".join(p for p in (last, fore, suffix) if p))
        elif whole:
            names.append(whole)
    return names


def page_range(pages: str | None) -> tuple[str | None, str | None]:
    """'123-9' → ('123', '129'), as MEDLINE abbreviates the last page."""
    if not pages:
        return None, None
    start, _, end = pages.partition("-")
    start, end = start.strip(), end.strip()
    if start.isdigit() and end.isdigit() and len(end) < len(start):
        end = start[: len(start) - len(end)] + end
    return start or None, end or None


def links(row: dict) -> list[str]:
    """PubMed, PMC and DOI addresses of a record."""
    out = []
    if value(row, "pmid"):
        out.append(PUBMED_URL.format(value(row, "pmid")))
    if value(row, "pmcid"):
        out.append(PMC_URL.format(value(row, "pmcid")))
    if value(row, "doi"):
        out.append(DOI_URL.format(value(row, "doi")))
    return out


def integrity_notes(row: dict) -> list[str]:
    """What a reader must know before citing: deleted, retracted (with its notice's PMID),
    under an expression of concern. The title stays as stored, as PubMed's own exports do."""
    notes = ["Deleted from PubMed"] if value(row, "deleted") == "1" else []
    for flag, words, notice, label in (
        ("retracted", "Retracted publication", "notice_pmid", "Retraction notice"),
        ("concern", "Expression of concern", "concern_pmid", "Notice"),
    ):
        if value(row, flag) == "1":
            pmid = value(row, notice)
            notes.append(f"{words}. {label}: PMID {pmid}" if pmid else words)
    return notes


def rows(df: pd.DataFrame) -> list[dict]:
    """DataFrame rows as plain dicts."""
    return df.to_dict(orient="records")


def to_csv(df: pd.DataFrame) -> str:
    """The selection as CSV, authors joined with '; ', with a PubMed link per record."""
    out = df.rename(columns=CSV_NAMES)
    for column in INTEGER_COLUMNS:  # a column with gaps comes as float: 38268564.0
        if column in out:
            out[column] = out[column].astype("Int64")
    out["authors"] = ["; ".join(author_names(r)) for r in rows(df)]
    out["pubmed_url"] = [
        PUBMED_URL.format(value(r, "pmid")) if value(r, "pmid") else None for r in rows(df)
    ]
    for column in CSV_COLUMNS:
        if column not in out:
            out[column] = None
    return out[CSV_COLUMNS].to_csv(index=False)


def ris_entry(row: dict) -> dict:
    """One record as a rispy entry (TY JOUR)."""
    start, end = page_range(value(row, "pages"))
    entry = {
        "type_of_reference": "JOUR",
        "title": value(row, "title"),
        "authors": author_names(row),
        "year": value(row, "year"),
        "secondary_title": value(row, "journal"),
        "alternate_title1": value(row, "journal_iso"),
        "volume": value(row, "volume"),
        "number": value(row, "issue"),
        "start_page": start,
        "end_page": end,
        "doi": value(row, "doi"),
        "abstract": value(row, "abstract"),
        "keywords": [str(k) for k in json_list(row.get("keywords"))],
        "accession_number": value(row, "pmid"),
        "urls": links(row),
        "notes": ris_notes(row),
    }
    return {k: v for k, v in entry.items() if v not in (None, [], "")}


def ris_notes(row: dict) -> list[str]:
    """N1 notes: retracted, deleted or under concern first, then the PMID (citation-js and
    Zotero-like readers ignore AN) and the study type."""
    notes = integrity_notes(row)
    if value(row, "pmid"):
        notes.append(f"PMID: {value(row, 'pmid')}")
    if value(row, "study_type"):
        notes.append(f"Study type: {value(row, 'study_type')}")
    return notes


def to_ris(df: pd.DataFrame) -> str:
    """The selection as RIS, readable by Zotero, EndNote and Mendeley."""
    return rispy.dumps([ris_entry(r) for r in rows(df)])


BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
BIBTEX_RE = re.compile("|".join(re.escape(c) for c in BIBTEX_SPECIAL))
# Combining marks → LaTeX accent commands, for classic 8-bit BibTeX.
ACCENTS = {
    "\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~", "\u0304": "=",
    "\u0307": ".", "\u0327": "c", "\u030c": "v", "\u0306": "u", "\u030b": "H", "\u0328": "k",
    "\u030a": "r",
}  # fmt: skip
LETTERS = {"ß": r"\ss", "ø": r"\o", "Ø": r"\O", "æ": r"\ae", "Æ": r"\AE", "ł": r"\l",
           "Ł": r"\L", "œ": r"\oe", "Œ": r"\OE", "ı": r"\i"}  # fmt: skip


def latex_accents(text: str) -> str:
    """Accented Latin letters as LaTeX commands ({\\'e}); other characters unchanged."""
    out = []
    for char in text:
        if char in LETTERS:
            out.append("{" + LETTERS[char] + "}")
            continue
        base, *marks = unicodedata.normalize("NFD", char)
        if marks and base.isascii() and all(m in ACCENTS for m in marks):
            cmd = base
            for mark in marks:
                sep = " " if ACCENTS[mark].isalpha() else ""
                cmd = f"\\{ACCENTS[mark]}{sep}{cmd}"
            out.append("{" + cmd + "}")
        else:
            out.append(char)
    return "".join(out)


def bibtex_escape(text: str, ascii: bool = False) -> str:
    """Escape LaTeX's special characters so the text prints as written."""
    escaped = BIBTEX_RE.sub(lambda m: BIBTEX_SPECIAL[m.group()], text)
    return latex_accents(escaped) if ascii else escaped


def verbatim(text: str | None) -> str | None:
    """A DOI or URL as biblatex reads it verbatim: only braces (which end the field) encoded."""
    return text.replace("{", "%7B").replace("}", "%7D") if text else None


def ascii_word(text: str) -> str:
    """Lowercase ASCII letters and digits of `text` (accents dropped), for keys."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


STOP_WORDS = {"a", "an", "the", "of", "on", "in", "and", "for", "to", "with", "is", "are"}


def citation_key(row: dict, taken: set[str]) -> str:
    """firstauthorYEARword, made unique with a, b, c … and remembered in `taken`."""
    authors = json_list(row.get("authors"))
    first = ""
    if authors:
        last, _, _, whole = author_parts(authors[0])
        first = ascii_word(last or (whole or "").split()[-1] if (last or whole) else "")
    words = [ascii_word(w) for w in re.split(r"\W+", value(row, "title") or "")]
    word = next((w for w in words if w and w not in STOP_WORDS), "")
    base = f"{first}{value(row, 'year') or ''}{word}" or f"record{value(row, 'article_id')}"
    if base[0].isdigit():
        base = f"r{base}"
    key, n = base, 0
    while key in taken:
        n += 1
        key = base + (chr(ord("a") + n - 1) if n <= 26 else str(n))
    taken.add(key)
    return key


def bibtex_authors(row: dict, ascii: bool) -> str | None:
    """Authors joined with ' and ' as 'Last, Jr, First'; a name not split into parts is
    braced as printed."""
    names = []
    for author in json_list(row.get("authors")):
        last, fore, suffix, whole = author_parts(author)
        if last:
            parts = (last, suffix, fore) if suffix else (last, fore)
            names.append(", ".join(bibtex_escape(p, ascii) for p in parts))
        elif whole:
            names.append("{" + bibtex_escape(whole, ascii) + "}")
    return " and ".join(names) or None


def bibtex_entry(row: dict, key: str, ascii: bool = False) -> str:
    """One @article entry; the title is double-braced to keep its capitals."""
    esc = lambda key_: bibtex_escape(value(row, key_), ascii) if value(row, key_) else None  # noqa: E731
    start, end = page_range(value(row, "pages"))
    fields = [
        ("author", bibtex_authors(row, ascii)),
        ("title", "{" + esc("title") + "}" if esc("title") else None),
        ("journal", esc("journal")),
        ("year", esc("year")),
        ("volume", esc("volume")),
        ("number", esc("issue")),
        (
            "pages",
            f"{bibtex_escape(start)}--{bibtex_escape(end)}" if start and end else esc("pages"),
        ),
        ("doi", verbatim(value(row, "doi"))),
        ("pmid", esc("pmid")),
        ("pmcid", esc("pmcid")),
        ("note", bibtex_escape(". ".join(integrity_notes(row))) or None),
        ("url", verbatim(links(row)[0]) if links(row) else None),
        ("abstract", esc("abstract")),
    ]
    body = ",\n".join(f"  {name} = {{{text}}}" for name, text in fields if text)
    return f"@article{{{key},\n{body}\n}}\n"


def to_bibtex(df: pd.DataFrame, ascii: bool = False) -> str:
    """The selection as BibTeX (UTF-8, or LaTeX accent commands with ascii=True)."""
    taken: set[str] = set()
    entries = [bibtex_entry(r, citation_key(r, taken), ascii) for r in rows(df)]
    header = "% Exported by the Kratom Evidence Tracker. Encoding: UTF-8\n\n"
    return header + "\n".join(entries)
