"""Annotator throughput: annotate 10,000 records built from real abstracts, print records/second.

    python bench/bench_annotate.py [--records 10000] [--runs 3] [--data DIR]

Cycles the real abstracts in ../shared/data (dev_labelled.jsonl and sample_open_access.jsonl,
read at run time, never copied) until --records records have been annotated, in one process,
one record at a time, as `db.store` does. Reports wall-clock and CPU time per run and the
best and median records/second. The figures in docs/ANNOTATION.md come from this script.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT.parent / "shared" / "data"
FILES = ("dev_labelled.jsonl", "sample_open_access.jsonl")
FIELDS = ("pmid", "title", "abstract", "publication_types", "mesh_terms", "keywords")


def load_records(data_dir: Path) -> list[dict]:
    """The real records to cycle; only the fields the annotator reads."""
    records = []
    for name in FILES:
        path = data_dir / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    records.append({k: row.get(k) for k in FIELDS})
    return records


def run_once(records: list[dict], n: int) -> dict:
    """Annotate n records (cycling the inputs); wall and CPU seconds."""
    from analysis import annotate

    batch = list(itertools.islice(itertools.cycle(records), n))
    wall, cpu = time.perf_counter(), time.process_time()
    for record in batch:
        annotate(record)
    return {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a small Markdown report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder with the JSONL files"
    )
    args = parser.parse_args(argv)
    records = load_records(args.data)
    if not records:
        print(
            f"No abstracts found in {args.data} ({', '.join(FILES)}). This benchmark needs the shared "
            "development data beside the checkout (../shared/data); pass --data to point elsewhere.",
            file=sys.stderr,
        )
        return 2
    started = time.perf_counter()
    import analysis

    import_s = time.perf_counter() - started
    runs = [run_once(records, args.records) for _ in range(args.runs)]
    rates = [args.records / r["wall_s"] for r in runs]
    chars = sum(len(r.get("abstract") or "") for r in records) / len(records)
    print(
        f"annotator {analysis.ANNOTATOR_VERSION}: {args.records:,} records per run, cycling {len(records)}"
    )
    print(
        f"real abstracts (mean {chars:,.0f} chars); import + regex compile {import_s * 1000:.0f} ms"
    )
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}\n")
    print("| run | wall s | CPU s | records/s (wall) |")
    print("|---|---|---|---|")
    for i, (run, rate) in enumerate(zip(runs, rates, strict=True), start=1):
        print(f"| {i} | {run['wall_s']:.2f} | {run['cpu_s']:.2f} | {rate:,.0f} |")
    print(f"\nbest {max(rates):,.0f} records/s, median {statistics.median(rates):,.0f} records/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
