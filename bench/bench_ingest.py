"""Ingest benchmark on SYNTHETIC PubMed XML: our pipeline against two baseline parsers.

    python bench/bench_ingest.py [--sizes 10000,50000,100000] [--work DIR] [--out FILE]

For each size it writes (or reuses) a synthetic .xml.gz file (bench/synthetic.py) and runs,
each in its own subprocess so that each gets its own peak RSS (ru_maxrss):

  ingest         `python -m fetchers import` (its main(), in the subprocess): parse, annotate,
                 store into a fresh database, parsing and annotating in worker processes too
                 (KRATOM_WORKERS, else cores - 1; a forkserver's children)
  ingest_inline  the same with workers=0: everything in one process, on one core
  parse          fetchers.pubmed_xml.iter_articles alone
  entrez         Bio.Entrez.read on the same file (DTD-validating, builds the whole tree)
  pubmed_parser  pubmed_parser.parse_medline_xml on the same file, every record consumed

Records per second are wall-clock; records per CPU second count user + system time of
the subprocess and of every process under it (the forkserver and its workers, sampled from
/proc every 0.2 s, so up to 0.2 s a worker may go uncounted), so they show what the speed
costs. Ratios are
given both ways: the target ("faster than Bio.Entrez.read") is about wall time, CPU time
says how much of that comes from using more than one core.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic import generate  # noqa: E402

KINDS = ("ingest", "ingest_inline", "parse", "entrez", "pubmed_parser")
TOPIC = "mitragynine"


def count_ingest(path: Path, work: Path, workers: int | None = None) -> int:
    """Import the file into a fresh database through `python -m fetchers import` itself."""
    import sqlite3

    from fetchers.__main__ import main

    db_file = work / f"ingest-{path.name}.db"
    for leftover in work.glob(f"{db_file.name}*"):
        leftover.unlink()
    argv = ["import", str(path), "--db", str(db_file), "--topic", TOPIC, "--quiet"]
    status = main(argv + ([] if workers is None else ["--workers", str(workers)]))
    if status != 0:
        raise RuntimeError(f"python -m fetchers {' '.join(argv)} exited with {status}")
    with contextlib.closing(sqlite3.connect(db_file)) as conn:
        return conn.execute("SELECT count(*) FROM records").fetchone()[0]


def count_ingest_inline(path: Path, work: Path) -> int:
    """The same import with every step in this one process."""
    return count_ingest(path, work, workers=0)


def count_parse(path: Path, work: Path) -> int:
    """Our streaming parser alone."""
    from fetchers.pubmed_xml import iter_articles

    return sum(1 for _ in iter_articles(path))


def count_entrez(path: Path, work: Path) -> int:
    """Bio.Entrez.read, validating against the PubMed DTD that Biopython ships."""
    import gzip

    from Bio import Entrez

    with gzip.open(path, "rb") as handle:
        result = Entrez.read(handle)
    return len(result["PubmedArticle"])


def count_pubmed_parser(path: Path, work: Path) -> int:
    """pubmed_parser's MEDLINE XML parser (0.5.x yields one dict per article; needs .gz)."""
    import pubmed_parser

    return sum(1 for _ in pubmed_parser.parse_medline_xml(str(path)))


def worker(kind: str, path: Path, work: Path) -> dict:
    """Run one measurement in this process and describe it."""
    count = globals()[f"count_{kind}"]
    family = Descendants()
    family.start()
    wall0, cpu0 = time.perf_counter(), os.times()
    records = count(path, work)
    wall, cpu1 = time.perf_counter() - wall0, os.times()
    family.stop()
    own = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
    workers = family.cpu_s  # the worker processes, children of a forkserver
    cpu = own + workers
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {
        "kind": kind,
        "records": records,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "worker_cpu_s": round(workers, 2),
        "records_per_s": round(records / wall, 1),
        "records_per_cpu_s": round(records / cpu, 1),
        "peak_rss_mb": round(peak_rss_mb() or maxrss_mb, 1),
        "ru_maxrss_mb": round(maxrss_mb, 1),
        "worker_peak_rss_mb": round(family.peak_mb, 1),
    }


class Descendants(threading.Thread):
    """Every process under this one (the import's forkserver and its workers), sampled from
    /proc: the largest VmHWM among them and the CPU time each used.

    RUSAGE_CHILDREN would count neither: the workers are the forkserver's children, not
    ours, and its ru_maxrss would count the importer's memory at fork time as theirs.
    """

    def __init__(self, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.every, self.peak_mb = every, 0.0
        self.ticks: dict[int, int] = {}
        self.halt = threading.Event()

    def run(self) -> None:
        """Sample until stopped."""
        while not self.halt.wait(self.every):
            for pid, stat, status in descendants_status(os.getpid()):
                fields = stat.rsplit(")", 1)[1].split()
                self.ticks[pid] = int(fields[11]) + int(fields[12])  # utime + stime
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_mb = max(self.peak_mb, int(line.split()[1]) / 1024)

    @property
    def cpu_s(self) -> float:
        """CPU seconds the descendants used, as last sampled."""
        return sum(self.ticks.values()) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """Stop sampling."""
        self.halt.set()
        self.join()


def descendants_status(root: int) -> list[tuple[int, str, str]]:
    """(pid, /proc/PID/stat, /proc/PID/status) of each live process under root (none off
    Linux)."""
    parents: dict[int, int] = {}
    texts: dict[int, tuple[str, str]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            texts[int(entry.name)] = (stat, (entry / "status").read_text())
        except (OSError, ValueError, IndexError):
            continue
    found, todo = [], [root]
    while todo:
        parent = todo.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid in texts:
                found.append((pid, *texts[pid]))
                todo.append(pid)
    return found


def peak_rss_mb() -> float | None:
    """This process image's own peak RSS (VmHWM).

    ru_maxrss is reported too, but Linux carries the parent's high-water mark into a child
    across fork and exec, so it can overstate a child started by a big process.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def measure(kind: str, path: Path, work: Path) -> dict:
    """One measurement in a fresh subprocess, for its own peak memory."""
    cmd = [sys.executable, __file__, "--worker", kind, str(path), "--work", str(work)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        return {"kind": kind, "error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def synthetic_file(work: Path, size: int) -> Path:
    """The synthetic file for one size, generated once."""
    path = work / f"synthetic-{size}.xml.gz"
    if not path.exists():
        generate(path, size)
    return path


def ratios(rows: dict[str, dict]) -> dict[str, float]:
    """How our ingest and parser compare with the baselines: wall time and CPU time."""
    out = {}
    for ours in ("ingest", "ingest_inline", "parse"):
        for base in ("entrez", "pubmed_parser"):
            a, b = rows.get(ours, {}), rows.get(base, {})
            for clock in ("wall_s", "cpu_s"):
                if a.get(clock) and b.get(clock):
                    key = f"{ours}_speed_vs_{base}" + ("" if clock == "wall_s" else "_cpu")
                    out[key] = round(b[clock] / a[clock], 2)
    return out


def run(sizes: list[int], work: Path, kinds: tuple[str, ...] = KINDS) -> dict:
    """Every measurement at every size."""
    results = {"sizes": {}, "note": "SYNTHETIC records from bench/synthetic.py"}
    for size in sizes:
        path = synthetic_file(work, size)
        rows = {}
        for kind in kinds:
            rows[kind] = measure(kind, path, work)
            print(f"{size:>7} {kind:<14} {json.dumps(rows[kind])}", file=sys.stderr, flush=True)
        results["sizes"][str(size)] = {
            "file_mb": round(path.stat().st_size / 2**20, 1),
            "runs": rows,
            "ratios": ratios(rows),
        }
    return results


def main(argv: list[str] | None = None) -> None:
    """Command line; --worker is the subprocess side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "kratom-bench"))
    parser.add_argument("--out", help="write the results as JSON here")
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    if args.worker:
        print(json.dumps(worker(args.worker[0], Path(args.worker[1]), work)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    results = run(sizes, work, tuple(args.kinds.split(",")))
    text = json.dumps(results, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
