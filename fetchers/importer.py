"""Import PubMed XML (plain or .gz) and MEDLINE exports from files, streaming."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from db.pipeline import store_records
from db.relations import mark_deleted
from db.store import StoreCounts, now_iso, write_transaction
from fetchers.medline import iter_medline
from fetchers.pubmed_xml import ParseError, iter_articles, open_source
from fetchers.workers import worker_pool

log = logging.getLogger(__name__)


@dataclass
class FileResult:
    """What importing one file did; `error` is set when the file stopped early."""

    path: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0  # PMIDs of <DeleteCitation> newly marked deleted
    skipped: list[str] = field(default_factory=list)
    error: str | None = None


def sniff_format(path: Path) -> str:
    """'xml' or 'medline', by extension and then by the first bytes."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".xml"):
        return "xml"
    if name.endswith((".txt", ".nbib", ".medline")):
        return "medline"
    with open_source(path) as handle:
        head = handle.read(512).lstrip(b"\xef\xbb\xbf \r\n\t")
    if head.startswith(b"<"):
        return "xml"
    if head.startswith(b"PMID-"):
        return "medline"
    raise ParseError(f"{path}: neither PubMed XML nor a MEDLINE export")


def iter_file(
    path: Path, skipped: list[str], deferred: bool = False, deleted: list[int] | None = None
) -> Iterator:
    """Records of one file, reporting (not raising on) individually bad records.

    deferred: yield PubMed XML articles unparsed, for worker processes to parse;
    deleted: gathers the PMIDs an update file's <DeleteCitation> withdraws."""
    if sniff_format(path) == "xml":
        on_delete = deleted.extend if deleted is not None else None
        return iter_articles(path, on_error=skipped.append, deferred=deferred, on_delete=on_delete)
    return iter_medline(path, on_error=skipped.append)


#: Records per transaction when importing a file: bigger than a fetch's 500, because a bulk
#: load's writes are mostly index pages, each written once per transaction it changes in
#: (a crash loses only the batches not yet committed; a re-run stores them).
IMPORT_BATCH = 1000


def import_file(
    db: Database, path: str | Path, topics: list[str] = (), *, workers: int = 0
) -> FileResult:
    """Stream one file into the database; records before a fatal error are kept.

    workers: processes that parse and annotate files of more than one batch beside this one
    (`python -m fetchers import` passes KRATOM_WORKERS or --workers). Other callers import
    in their own process by default: a worker imports its parent's main script again
    (multiprocessing's rule), which under Streamlit would be the dashboard.
    """
    path = Path(path)
    result = FileResult(str(path))
    counts = StoreCounts()
    deleted: list[int] = []
    try:
        if not path.is_file():
            raise ParseError(f"{path}: no such file")
        with worker_pool(workers) as pool:
            store_records(
                db,
                iter_file(path, result.skipped, deferred=pool is not None, deleted=deleted),
                topics,
                source=f"import:{path.name}",
                batch_size=IMPORT_BATCH,
                counts=counts,
                pool=pool,
                on_error=result.skipped.append,
                bulk=True,
            )
        with write_transaction(db):  # after the file's records: its deletions are the last word
            result.deleted = mark_deleted(db, deleted, f"import:{path.name}", now_iso())
    except ParseError as exc:
        result.error = str(exc) if str(path) in str(exc) else f"{path}: {exc}"
    except OSError as exc:
        result.error = f"{path}: {exc}"
    result.new, result.updated, result.unchanged = counts.new, counts.updated, counts.unchanged
    for message in result.skipped:
        log.warning("%s: %s", path, message)
    if result.error:
        log.error("%s", result.error)
    return result
