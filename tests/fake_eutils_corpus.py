"""The records the fake E-utilities server (``fake_eutils``) holds, and what each query matches.

The corpus holds the REAL recorded PubMed records of ``tests/fixtures/entrez/pubmed*.xml``
and ``data/sample/*.xml`` (those that have a PMID) and, for scale, SYNTHETIC records that
say so: their titles start with "[SYNTHETIC]", their journal is "Synthetic Journal of
Scale Testing", and their PMIDs start at 90,000,001, far above real ones. Which records a
query matches is declared by the test (``corpus.match(term, pmids)``).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
REAL_FILES = sorted((ROOT / "tests" / "fixtures" / "entrez").glob("pubmed*.xml")) + sorted(
    (ROOT / "data" / "sample").glob("*.xml")
)
SYNTHETIC_FIRST_PMID = 90_000_001


@dataclass
class Entry:
    """One record as the server holds it: its XML and the dates esearch filters on."""

    pmid: int
    xml: bytes
    edat: dt.date
    mdat: dt.date
    synthetic: bool = False


def element_date(node: etree._Element | None) -> dt.date | None:
    """A Year/Month/Day element as a date."""
    if node is None or not (node.findtext("Year") or "").isdigit():
        return None
    month = node.findtext("Month") or "1"
    month = int(month) if month.isdigit() else 1
    day = node.findtext("Day") or "1"
    return dt.date(int(node.findtext("Year")), month, int(day) if day.isdigit() else 1)


def real_entries(paths: Iterable[Path] = REAL_FILES) -> list[Entry]:
    """The recorded real PubMed records that carry a PMID, with their own dates."""
    entries = {}
    for path in paths:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
        for article in tree.iter("PubmedArticle"):
            pmid = article.findtext("MedlineCitation/PMID")
            if not pmid:
                continue
            history = {
                n.get("PubStatus"): element_date(n)
                for n in article.iterfind("PubmedData/History/PubMedPubDate")
            }
            year = article.findtext("MedlineCitation/Article/Journal/JournalIssue/PubDate/Year")
            edat = history.get("entrez") or history.get("pubmed")
            edat = edat or dt.date(int(year) if year else 2000, 1, 1)
            mdat = element_date(article.find("MedlineCitation/DateRevised")) or edat
            article.tail = None
            entries[int(pmid)] = Entry(int(pmid), etree.tostring(article), edat, mdat)
    return list(entries.values())


def synthetic_entry(pmid: int, edat: dt.date) -> Entry:
    """A record for scale tests, labelled synthetic in its title, journal and abstract."""
    d = f"<Year>{edat.year}</Year><Month>{edat.month:02d}</Month><Day>{edat.day:02d}</Day>"
    xml = (
        f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">'
        f'<PMID Version="1">{pmid}</PMID><DateRevised>{d}</DateRevised>'
        f'<Article PubModel="Print"><Journal><JournalIssue CitedMedium="Internet"><PubDate>'
        f"<Year>{edat.year}</Year></PubDate></JournalIssue>"
        f"<Title>Synthetic Journal of Scale Testing</Title></Journal>"
        f"<ArticleTitle>[SYNTHETIC] Test record {pmid}</ArticleTitle>"
        f"<Abstract><AbstractText>[SYNTHETIC] Generated for scale and fault tests; "
        f"not a publication.</AbstractText></Abstract><Language>eng</Language>"
        f"<PublicationTypeList><PublicationType>Journal Article</PublicationType>"
        f"</PublicationTypeList></Article></MedlineCitation><PubmedData><History>"
        f'<PubMedPubDate PubStatus="entrez">{d}</PubMedPubDate></History>'
        f"<PublicationStatus>ppublish</PublicationStatus><ArticleIdList>"
        f'<ArticleId IdType="pubmed">{pmid}</ArticleId></ArticleIdList></PubmedData>'
        f"</PubmedArticle>"
    )
    return Entry(pmid, xml.encode(), edat, edat, synthetic=True)


class Corpus:
    """Records by PMID, and which PMIDs each query matches."""

    def __init__(self) -> None:
        self.entries: dict[int, Entry] = {}
        self.queries: dict[str, set[int]] = {}
        self.lock = threading.Lock()
        self.next_synthetic = SYNTHETIC_FIRST_PMID

    def add(self, entries: Iterable[Entry]) -> list[int]:
        """Add records; returns their PMIDs."""
        with self.lock:
            added = []
            for entry in entries:
                self.entries[entry.pmid] = entry
                added.append(entry.pmid)
            return added

    def add_real(self, paths: Iterable[Path] = REAL_FILES) -> list[int]:
        """Add the recorded real records."""
        return self.add(real_entries(paths))

    def add_synthetic(
        self, n: int, start: dt.date = dt.date(2000, 1, 1), end: dt.date = dt.date(2024, 12, 31)
    ) -> list[int]:
        """Add `n` synthetic records with entry dates spread evenly from start to end."""
        span = (end - start).days
        entries = [
            synthetic_entry(
                self.next_synthetic + i, start + dt.timedelta(days=span * i // max(n - 1, 1))
            )
            for i in range(n)
        ]
        self.next_synthetic += n
        return self.add(entries)

    def match(self, term: str, pmids: Iterable[int]) -> None:
        """Declare that `term` matches these records (in addition to any before)."""
        with self.lock:
            self.queries.setdefault(term, set()).update(pmids)

    def revise(self, pmid: int, day: dt.date | None = None) -> None:
        """PubMed revised a record: its DateRevised and modification date move to `day`."""
        day = day or dt.datetime.now(dt.UTC).date()
        with self.lock:
            entry = self.entries[pmid]
            article = etree.fromstring(entry.xml)
            citation = article.find("MedlineCitation")
            revised = citation.find("DateRevised")
            if revised is None:
                revised = etree.Element("DateRevised")
                citation.find("PMID").addnext(revised)
            revised.clear()
            for tag, value in (
                ("Year", day.year),
                ("Month", f"{day.month:02d}"),
                ("Day", f"{day.day:02d}"),
            ):
                etree.SubElement(revised, tag).text = str(value)
            entry.xml, entry.mdat = etree.tostring(article), day

    def search(
        self, term: str, datetype: str | None, low: dt.date | None, high: dt.date | None
    ) -> list[int]:
        """PMIDs matching a query and date range, newest PMID first like PubMed."""
        with self.lock:
            pmids = self.queries.get(term, set())
            found = []
            for pmid in pmids:
                entry = self.entries.get(pmid)
                if entry is None:
                    continue
                when = entry.mdat if datetype == "mdat" else entry.edat
                if low and high and not (low <= when <= high):
                    continue
                found.append(pmid)
            return sorted(found, reverse=True)
