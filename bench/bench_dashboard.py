"""Dashboard benchmark on a SYNTHETIC database: query time per page and AppTest render time.

    python bench/bench_dashboard.py [--records 100000] [--db /tmp/bench.db] [--runs 3]

Builds (or reuses) a database of SYNTHETIC records by direct inserts into records,
annotations, article_topics and open_questions: titles start with "[SYNTHETIC]", ids
start at 90,000,000, source is "synthetic", text comes from bench/synthetic.py's made-up
vocabulary. These are not real records and must never be read as evidence. Prints a
Markdown table and writes bench/results/dashboard.json (--out); the figures in
docs/DASHBOARD.md come from this script.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic import FORE_NAMES, JOURNALS, LAST_NAMES, SENTENCES, TITLES, fill  # noqa: E402
from db import open_db  # noqa: E402
from db.facts import forget  # noqa: E402

FIRST_ID = 90_000_000
TYPE_WEIGHTS = {
    "systematic_review": 3, "rct": 5, "nonrandomized_trial": 4, "cohort": 8, "case_control": 3,
    "cross_sectional": 14, "case_report": 12, "qualitative": 3, "animal": 16, "in_vitro": 14,
    "review": 15, "other": 3,
}  # fmt: skip
HUMAN = {"rct", "nonrandomized_trial", "cohort", "case_control", "cross_sectional",
         "case_report", "qualitative", "other"}  # fmt: skip
SUBJECTS = {"animal": "animal", "in_vitro": "in_vitro"}
TOPICS = ("mitragynine", "prolactin", "withdrawal")
THEMES = ("withdrawal_dependence", "dosing_pharmacokinetics", "long_term_safety",
          "drug_interactions", "endocrine_prolactin", "mechanism_receptors", "product_quality",
          "therapeutic_efficacy", "epidemiology_policy")  # fmt: skip
QUESTION = "Whether {s} affects {o} in the long term remains unclear."


def synthetic_rows(i: int, rng: random.Random, now: dt.datetime) -> dict:
    """One SYNTHETIC record with its annotation, topic links and open questions."""
    rid = FIRST_ID + i
    study_type = rng.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()))[0]
    parts = [fill(rng.choice(options), rng) for options in SENTENCES.values()]
    question = None
    if rng.random() < 0.3:
        question = QUESTION.format(s=rng.choice(["kratom use", "mitragynine exposure"]),
                                   o=rng.choice(["withdrawal severity", "prolactin concentration"]))  # fmt: skip
        parts.append(question)
    abstract = " ".join(parts)
    size = None
    if study_type in HUMAN and rng.random() < 0.7:
        size = max(1, int(rng.lognormvariate(4.2, 1.4)))
    elif study_type == "animal" and rng.random() < 0.4:
        size = rng.randint(6, 80)
    year = min(2025, int(1990 + 35 * rng.random() ** 0.5))
    first_seen = (now - dt.timedelta(days=rng.random() * 400)).replace(microsecond=0).isoformat()
    journal, iso = rng.choice(JOURNALS)
    authors = [{"last_name": rng.choice(LAST_NAMES), "fore_name": rng.choice(FORE_NAMES)}
               for _ in range(rng.randint(1, 6))]  # fmt: skip
    for a in authors:
        a["name"] = f"{a['fore_name']} {a['last_name']}"
    record = (rid, rid, "[SYNTHETIC] " + fill(rng.choice(TITLES), rng), abstract,
              json.dumps(authors), journal, iso, year, f"{year}", f"10.99999/synthetic.{rid}",
              "synthetic", first_seen, first_seen)  # fmt: skip
    annotation = (rid, study_type, round(rng.uniform(0.4, 1.0), 2), "synthetic",
                  "human" if study_type in HUMAN else SUBJECTS.get(study_type), size,
                  "participants" if size else None, "SYNTHETIC" if size else None, "synthetic")  # fmt: skip
    links = [(rid, rid, t, first_seen, round(rng.random() ** 0.4, 3), "synthetic")
             for t in rng.sample(TOPICS, rng.choice((1, 1, 1, 2)))]  # fmt: skip
    questions, themes = [], []
    if question:
        qid = rid * 100
        start = abstract.index(question)
        picked = rng.sample(THEMES, rng.choice((1, 2)))
        questions.append(
            (qid, rid, rid, 0, question, json.dumps(picked), start, start + len(question))
        )
        themes += [(qid, rid, t) for t in picked]
    return {"record": record, "annotation": annotation, "links": links, "questions": questions,
            "themes": themes}  # fmt: skip


INSERTS = {
    "record": "INSERT INTO records (id, pmid, title, abstract, authors, journal, journal_iso, year, "
    "pub_date, doi, source, first_seen, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "annotation": "INSERT INTO annotations (article_id, study_type, study_type_confidence, "
    "study_type_signal, subjects, sample_size, sample_unit, sample_size_evidence, "
    "annotator_version) VALUES (?,?,?,?,?,?,?,?,?)",
    "links": "INSERT INTO article_topics (article_id, pmid, topic, first_seen, relevance, "
    "relevance_reason) VALUES (?,?,?,?,?,?)",
    "questions": 'INSERT INTO open_questions (id, article_id, pmid, position, text, themes, start, "end") '
    "VALUES (?,?,?,?,?,?,?,?)",
    "themes": "INSERT INTO open_question_themes (question_id, article_id, theme) VALUES (?,?,?)",
}


def build_synthetic_db(path: str | Path, n: int = 100_000, seed: int = 7) -> Path:
    """Create a database of `n` SYNTHETIC records (plus a few corrections and fetch runs)."""
    path = Path(path)
    db = open_db(path)
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    conn = db.conn
    with db.atomic():
        for start in range(0, n, 5000):
            batch = [synthetic_rows(i, rng, now) for i in range(start, min(n, start + 5000))]
            for kind, sql in INSERTS.items():
                rows = [r[kind] for r in batch]
                conn.executemany(sql, rows if kind in ("record", "annotation") else
                                 [x for group in rows for x in group])  # fmt: skip
        conn.executemany(
            "INSERT INTO corrections (article_id, pmid, study_type, off_topic, reason, updated_at) "
            "VALUES (?, ?, 'rct', NULL, 'SYNTHETIC correction', ?)",
            [(FIRST_ID + i, FIRST_ID + i, now.isoformat()) for i in range(0, n, 997)],
        )
        for run in range(1, 31):
            started = (now - dt.timedelta(days=31 - run)).replace(microsecond=0).isoformat()
            conn.execute(
                "INSERT INTO fetch_runs (id, started_at, finished_at, status, sources, full, "
                "counts, errors, command) VALUES (?, ?, ?, 'ok', 'pubmed', 0, '{}', '[]', "
                "'SYNTHETIC run')",
                [run, started, started],
            )
    conn.execute("ANALYZE")
    conn.close()
    return path


def timed(fn, runs: int) -> float:
    """Median wall time of `fn` in milliseconds."""
    return statistics.median(samples(fn, runs))


def samples(fn, runs: int) -> list[float]:
    """Wall times of `runs` calls of `fn`, in milliseconds."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


SEARCH = "kratom withdrawal"  # the Browse search timed


def page_queries(path: str) -> dict[str, list]:
    """The db.queries calls each page makes with the default filters (uncached)."""
    from db import queries as Q

    f = Q.Filters()
    questions = [q["id"] for q in Q.load_tracked_questions()["questions"]]
    return {
        "Overview": [lambda: Q.facts_summary(path, f), lambda: Q.count_new_since(path, 7, f),
                     lambda: Q.count_new_since(path, 30, f), lambda: Q.last_fetch(path),
                     lambda: Q.counts_by_topic_type(path, f),
                     lambda: Q.new_since(path, 30, f, limit=50)],
        "Study types": [lambda: Q.facts_summary(path, f),
                        lambda: Q.counts_by_topic_type(path, f)],
        "Sample sizes": [lambda: Q.sample_size_summary(path, f),
                         lambda: Q.sample_sizes(path, f, limit=3000),
                         lambda: Q.records(path, f.replace(subjects=("human",)), limit=25,
                                           order_by="sample_size")],
        "Open questions": [lambda: Q.evidence_counts(path, f),
                           lambda: Q.question_counts(path, f),
                           lambda: Q.open_questions(path, f, limit=200),
                           *[lambda i=i: Q.tracked_question_records(path, i, f, limit=50)
                             for i in questions],
                           lambda: Q.trials_by_status(path), lambda: Q.trials(path)],
        # One load each, as dashboard/pages/browse.py runs it: without a search (newest
        # first), and with one (ranked by bm25; FTS5 ranks every hit, ~50,000 here).
        "Browse": [lambda: Q.count_records(path, f),
                   lambda: Q.records(path, f, limit=500)],
        "Browse, searching": [lambda: Q.count_records(path, f.replace(search=SEARCH)),
                              lambda: Q.search(path, SEARCH, f, limit=500)],
        "Export": [lambda: Q.count_records(path, f), lambda: Q.records(path, f, limit=20)],
        "Fetch log": [lambda: Q.fetch_log(path, 50), lambda: Q.fetch_run_topics(path, [30]),
                      lambda: Q.open_gaps(path)],
    }  # fmt: skip


PAGE_FILES = {
    "Overview": "dashboard/pages/overview.py",
    "Study types": "dashboard/pages/study_types.py",
    "Sample sizes": "dashboard/pages/sample_sizes.py",
    "Open questions": "dashboard/pages/open_questions.py",
    "Browse": "dashboard/pages/browse.py",
    "Export": "dashboard/pages/export.py",
    "Fetch log": "dashboard/pages/fetch_log.py",
}


def render_times(path: str, runs: int = 3) -> dict[str, tuple[float, float]]:
    """AppTest render time per page, best of `runs`: (cold cache, cached rerun) in ms."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard import data

    data.WARM_EVERY = 10**6  # app.py starts the warmer: asleep through the timings
    os.environ["LITERATURE_DB"] = path
    out: dict[str, tuple[float, float]] = {}
    for page, script in PAGE_FILES.items():
        colds, warms = [], []
        for _ in range(runs):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            at.run()
            st.cache_data.clear()  # the first run drew the default page; start this one cold
            at.switch_page(script)
            t0 = time.perf_counter()
            at.run()
            colds.append((time.perf_counter() - t0) * 1000)
            if at.exception:
                raise RuntimeError(f"{page}: {at.exception[0].value}")
            t0 = time.perf_counter()
            at.run()
            warms.append((time.perf_counter() - t0) * 1000)
        out[page] = (min(colds), min(warms))
    return out


def machine() -> dict:
    """What the figures were measured on, and how busy it was."""
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), "unknown")  # fmt: skip
    return {"nproc": os.cpu_count(), "cpu_model": cpu, "sqlite": sqlite3.sqlite_version,
            "load_average": [round(x, 2) for x in os.getloadavg()]}  # fmt: skip


def correct(path: str) -> None:
    """A researcher's correction, committed by another connection: flips the study type of
    one SYNTHETIC correction (the triggers rewrite its article_facts row, as the form does)."""
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE corrections SET study_type = CASE study_type WHEN 'rct' THEN 'cohort' "
            "ELSE 'rct' END WHERE article_id = (SELECT min(article_id) FROM corrections)"
        )
    conn.close()


def measure(path: str, runs: int, render: bool) -> dict:
    """Query times per page (median and best of `runs`; once with db.facts' frames dropped,
    as a new process or the first page after a fetch reads them before the dashboard's
    warmer has; once after a correction by another connection) and AppTest renders."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    records = conn.execute("SELECT count(*) FROM records").fetchone()[0]
    conn.close()
    result = {"db": path, "records": records, "runs": runs, "machine_at_start": machine()}
    renders = render_times(path) if render else {}
    pages = {}
    for page, calls in page_queries(path).items():
        forget()  # as after a write: the page reads the frames it needs, then aggregates
        cold = sum(samples(call, 1)[0] for call in calls)
        correct(path)  # the page's parts are cached now, as in a dashboard in use
        corrected = sum(samples(call, 1)[0] for call in calls)
        times = [samples(call, runs) for call in calls]
        each = [round(statistics.median(t), 1) for t in times]
        best = [round(min(t), 1) for t in times]
        pages[page] = {"queries": len(calls), "total_ms": round(sum(each), 1),
                       "best_total_ms": round(sum(best), 1), "slowest_ms": max(each),
                       "each_ms": each, "each_best_ms": best,
                       "after_a_write_ms": round(cold, 1),
                       "after_a_correction_ms": round(corrected, 1)}  # fmt: skip
        if page in renders:
            cold, warm = renders[page]
            pages[page].update(render_cold_ms=round(cold), render_cached_ms=round(warm))
    result["pages"] = pages
    result["machine_at_end"] = machine()
    return result


def table(result: dict) -> str:
    """The Markdown table of docs/DASHBOARD.md."""
    runs = result["runs"]
    lines = [
        f"| page | queries | query ms (median of {runs}) | query ms (best of {runs}) "
        "| slowest query ms (median) | query ms, first page after a correction "
        "| query ms, cold (new process; a fetch before the warmer) "
        "| AppTest render ms (cold cache) | AppTest rerun ms (cached) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for page, p in result["pages"].items():
        lines.append(
            f"| {page} | {p['queries']} | {p['total_ms']:.0f} | {p['best_total_ms']:.0f} "
            f"| {p['slowest_ms']:.0f} | {p['after_a_correction_ms']:.0f} "
            f"| {p['after_a_write_ms']:.0f} "
            f"| {p.get('render_cold_ms', '–')} "
            f"| {p.get('render_cached_ms', '–')} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Build or reuse the synthetic database, time every page, print a Markdown table and
    write bench/results/dashboard.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--db", default="/tmp/kratom-bench-dashboard.db")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-render", action="store_true", help="skip the AppTest timings")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "dashboard.json"))
    args = parser.parse_args()
    path = Path(args.db)
    if not path.exists():
        t0 = time.perf_counter()
        build_synthetic_db(path, args.records)
        print(f"built {args.records:,} SYNTHETIC records in {time.perf_counter() - t0:.1f} s")
    result = measure(str(path), args.runs, not args.no_render)
    print(
        f"machine: {result['machine_at_start']} … load at end {result['machine_at_end']['load_average']}"
    )
    print(table(result))
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
