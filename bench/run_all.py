"""Run every benchmark and write bench/results/*.json (the figures in docs/BENCHMARKS.md).

    python bench/run_all.py [--sizes 10000,50000,100000] [--work DIR] [--runs 5]
    python bench/run_all.py --markdown     # the tables from the last results

1. machine.json: CPU model, cores, RAM, Python and library versions.
2. ingest.json: bench/bench_ingest.py at each size (ingest with worker processes, ingest
   in one process, parse, Bio.Entrez.read, pubmed_parser; records per second, CPU time,
   peak RSS, ratios by wall and by CPU time).
3. dashboard_queries.json: each dashboard page's db.queries calls (bench/bench_dashboard.py's list)
   timed on the database the largest ingest built, i.e. SYNTHETIC records that went
   through the real parse-annotate-store pipeline.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import bench_ingest  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def machine() -> dict:
    """What the numbers were measured on."""
    cpu = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if "model name" in line),
        platform.processor(),
    )
    mem_kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if "MemTotal" in line)
    versions = {}
    for name in ("lxml", "biopython", "pubmed_parser", "sqlite-utils"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    import sqlite3

    return {
        "cpu_model": cpu,
        "nproc": os.cpu_count(),
        "ram_gb": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "load_average_at_start": os.getloadavg(),
        "versions": versions,
    }


def dashboard(db_path: Path, runs: int) -> dict:
    """Median query time per dashboard page, and its slowest query, in milliseconds."""
    try:
        from bench.bench_dashboard import page_queries, timed
    except ImportError as exc:
        return {"skipped": f"bench/bench_dashboard.py not importable: {exc}"}
    import sqlite3

    conn = sqlite3.connect(db_path)
    records = conn.execute("SELECT count(*) FROM records").fetchone()[0]
    conn.close()
    pages = {}
    for page, calls in page_queries(str(db_path)).items():
        times = [round(timed(call, runs), 1) for call in calls]
        pages[page] = {"queries": len(times), "total_ms": round(sum(times), 1),
                       "slowest_ms": max(times), "each_ms": times}  # fmt: skip
    return {"db": str(db_path), "records": records, "runs": runs, "pages": pages}


def markdown() -> str:
    """The results as the Markdown tables of docs/BENCHMARKS.md."""
    ingest = json.loads((RESULTS / "ingest.json").read_text())
    lines = ["| records | what | wall s | CPU s | records/s | records/CPU s | peak RSS MB |",
             "|---:|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    for size, block in ingest["sizes"].items():
        for kind, row in block["runs"].items():
            if "error" in row:
                lines.append(f"| {int(size):,} | {kind} | failed: {row['error']} | | | | |")
                continue
            lines.append(
                f"| {int(size):,} | {kind} | {row['wall_s']:.1f} | {row['cpu_s']:.1f} | "
                f"{row['records_per_s']:,.0f} | {row['records_per_cpu_s']:,.0f} | "
                f"{row['peak_rss_mb']:,.0f} |"
            )
    sizes = list(ingest["sizes"])
    names = list(dict.fromkeys(k for b in ingest["sizes"].values() for k in b["ratios"]))
    lines += ["", "| baseline time ÷ ours (above 1: ours is faster) | "
              + " | ".join(f"{int(s):,}" for s in sizes) + " |",
              "|---|" + "---:|" * len(sizes)]  # fmt: skip
    for name in names:
        values = [ingest["sizes"][s]["ratios"].get(name) for s in sizes]
        label = name.replace("_speed_vs_", " vs ").replace("_cpu", " (CPU time)")
        lines.append(
            f"| {label} | " + " | ".join("" if v is None else f"{v:.2f}" for v in values) + " |"
        )
    dash_file = RESULTS / "dashboard_queries.json"
    dash = json.loads(dash_file.read_text()) if dash_file.exists() else {}
    if "pages" in dash:
        lines += ["", f"| page ({dash['records']:,} records) | queries | total ms | slowest ms |",
                  "|---|---:|---:|---:|"]  # fmt: skip
        for page, row in dash["pages"].items():
            lines.append(
                f"| {page} | {row['queries']} | {row['total_ms']:.0f} | {row['slowest_ms']:.0f} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Run everything and write the JSON files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "kratom-bench"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--markdown", action="store_true", help="print the tables and stop")
    args = parser.parse_args(argv)
    if args.markdown:
        print(markdown())
        return
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)

    def write(name: str, data: dict) -> None:
        (RESULTS / name).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")

    write("machine.json", machine())
    sizes = [int(s) for s in args.sizes.split(",")]
    write("ingest.json", bench_ingest.run(sizes, work))
    largest = work / f"ingest-synthetic-{max(sizes)}.xml.gz.db"
    write("dashboard_queries.json", dashboard(largest, args.runs))
    print(markdown())
    print(f"results in {RESULTS}")


if __name__ == "__main__":
    main()
