"""MEDLINE text exports (PubMed's "Save as PubMed format", .txt/.nbib) via Bio.Medline."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from typing import IO

from Bio import Medline

from fetchers.pubmed_xml import ParseError, open_source, record_key, year_month


def as_list(value) -> list[str]:
    """Bio.Medline gives a string for single-valued tags and a list for repeated ones."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def medline_date(value: str | None) -> str | None:
    """'2002/09/17 10:00' or '20041117' as an ISO date."""
    if not value:
        return None
    match = re.match(r"(\d{4})/?(\d{2})/?(\d{2})", value.strip())
    return "-".join(match.groups()) if match else None


def parse_mesh_line(term: str) -> dict:
    """'*Liver/drug effects/*metabolism' as a MeSH heading dict."""
    parts = [p.strip() for p in term.split("/")]
    descriptor = parts[0]
    return {
        "descriptor": descriptor.lstrip("*"),
        "ui": None,
        "major": descriptor.startswith("*"),
        "qualifiers": [{"name": q.lstrip("*"), "major": q.startswith("*")} for q in parts[1:] if q],
    }


def split_ids(values: list[str]) -> dict[str, str]:
    """'10.1000/x [doi]' entries of AID/LID as a type → value map."""
    found = {}
    for value in values:
        match = re.match(r"(.+?)\s*\[(\w+)\]\s*$", value)
        if match and match.group(2) not in found:
            found[match.group(2)] = match.group(1).strip()
    return found


#: MEDLINE tags of CommentsCorrections, as the XML's RefType names them.
RELATION_TAGS = {
    "CIN": "CommentIn", "CON": "CommentOn", "EIN": "ErratumIn", "EFR": "ErratumFor",
    "ECI": "ExpressionOfConcernIn", "ECF": "ExpressionOfConcernFor",
    "RIN": "RetractionIn", "ROF": "RetractionOf",
    "PRIN": "PartialRetractionIn", "PROF": "PartialRetractionOf",
    "RRI": "RetractedandRepublishedIn", "RRF": "RetractedandRepublishedFrom",
    "CRI": "CorrectedandRepublishedIn", "CRF": "CorrectedandRepublishedFrom",
    "RPI": "RepublishedIn", "RPF": "RepublishedFrom", "UIN": "UpdateIn", "UOF": "UpdateOf",
    "SPIN": "SummaryForPatientsIn", "ORI": "OriginalReportIn",
}  # fmt: skip
REF_PMID = re.compile(r"\s*PMID:\s*(\d+)\.?\s*$")


def relations_of(rec: dict) -> list[dict] | None:
    """'RIN - Chem Commun (Camb). 2021 Jun 6;: PMID: 34095918' lines as relations."""
    found = []
    for tag, ref_type in RELATION_TAGS.items():
        for line in filter(str.strip, as_list(rec.get(tag))):
            match = REF_PMID.search(line)
            source = line[: match.start()] if match else line
            pmid = int(match.group(1)) if match else None
            found.append({"ref_type": ref_type, "pmid": pmid, "ref_source": source.strip() or None})
    return found or None


def authors_of(rec: dict) -> list[dict] | None:
    """Full names with affiliations where the export pairs them one to one."""
    full, short = as_list(rec.get("FAU")), as_list(rec.get("AU"))
    names = full or short
    affiliations = as_list(rec.get("AD"))
    pair = len(affiliations) == len(names)
    authors = []
    for i, name in enumerate(names):
        if not name.strip():  # a truncated export can end on an empty FAU/AU line
            continue
        last, _, fore = name.partition(",")
        display = (short[i] if i < len(short) else "").strip() or name
        author = {
            "name": display,
            "last_name": last.strip() or None,
            "fore_name": fore.strip() or None,
        }
        if pair and affiliations[i]:
            author["affiliations"] = [affiliations[i]]
        authors.append(author)
    for collective in filter(str.strip, as_list(rec.get("CN"))):
        authors.append({"name": collective, "collective": True})
    return authors or None


def registry_ids(values: list[str], bank: str = "ClinicalTrials.gov") -> list[str]:
    """NCT numbers of the SI (secondary source ID) field: "ClinicalTrials.gov/NCT00000000"."""
    found = []
    for value in values:
        name, _, accession = value.partition("/")
        if name.strip().lower() == bank.lower() and accession.strip():
            found.append(accession.strip().upper())
    return list(dict.fromkeys(found))


def to_record(rec: dict) -> dict:
    """Map one Bio.Medline record to the same dict the XML parser yields."""
    pmid_text = rec.get("PMID", "").strip()
    if pmid_text and not (pmid_text.isascii() and pmid_text.isdigit()):
        raise ParseError(f"a MEDLINE record with an invalid PMID {pmid_text!r} was skipped")
    ids = split_ids(as_list(rec.get("AID")) + as_list(rec.get("LID")))
    pub_date = rec.get("DP")
    year, month = year_month(pub_date) if pub_date else (None, None)
    record = {
        "pmid": int(pmid_text) if pmid_text else None,
        "title": rec.get("TI") or rec.get("TT") or rec.get("BTI") or "[no title]",
        "abstract": rec.get("AB"),
        "abstract_sections": None,
        "authors": authors_of(rec),
        "journal": rec.get("JT"),
        "journal_iso": rec.get("TA"),
        "volume": rec.get("VI"),
        "issue": rec.get("IP"),
        "pages": rec.get("PG"),
        "pub_date": pub_date,
        "year": year,
        "month": month,
        "entrez_date": medline_date(rec.get("EDAT")),
        "date_revised": medline_date(rec.get("LR")),
        "doi": ids.get("doi"),
        "pmcid": (rec.get("PMC") or "").strip() or None,
        "languages": as_list(rec.get("LA")) or None,
        "publication_types": as_list(rec.get("PT")) or None,
        "mesh": [parse_mesh_line(t) for t in as_list(rec.get("MH"))] or None,
        "keywords": as_list(rec.get("OT")) or None,
        "grants": [{"id": g} for g in as_list(rec.get("GR"))] or None,
        "status": rec.get("STAT"),
        "publication_status": rec.get("PST"),
        "copyright": rec.get("CI"),
        "license": None,
        "source_url": None,
        "trial_ids": registry_ids(as_list(rec.get("SI"))) or None,
        "relations": relations_of(rec),
    }
    record["id"] = record_key(record)
    return record


def iter_medline(source, *, on_error: Callable[[str], None] | None = None) -> Iterator[dict]:
    """Yield records from a MEDLINE export one at a time; a bad record is reported."""
    binary: IO[bytes] = open_source(source)
    handle = io.TextIOWrapper(binary, encoding="utf-8", errors="replace")
    seen = 0
    try:
        for rec in Medline.parse(handle):
            if not rec:
                continue
            seen += 1
            try:
                yield to_record(rec)
            except ParseError as exc:
                if on_error is None:
                    raise
                on_error(str(exc))
    except (OSError, EOFError) as exc:
        raise ParseError(f"unreadable file: {exc}") from exc
    except KeyError as exc:  # Bio.Medline on an indented line before any tag
        raise ParseError("malformed MEDLINE: a continuation line with no tag before it") from exc
    finally:
        handle.close()
    if seen == 0:
        raise ParseError("no MEDLINE records found (is this a PubMed-format export?)")
