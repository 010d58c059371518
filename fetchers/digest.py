"""The digest: what arrived since a moment, as data, then as Markdown or HTML.

`digest_data` gathers plain dicts; `digest_sections` turns them into titled tables
that both renderers share, so Markdown and HTML always say the same thing. Every
string that came from a record or a trial is escaped by the renderer: `|` and line
breaks cannot break a Markdown table, and no record can put markup into the HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from sqlite_utils import Database

from db.queries import Filters, newly_retracted, where
from fetchers.clock import iso, utcnow

LARGEST_HUMAN = 10
MAX_QUESTIONS = 50
NCT_ID = re.compile(r"^NCT\d{8}$")
PMCID = re.compile(r"^PMC\d+$")


def labels() -> tuple[dict, dict, dict]:
    """Display names for topics, study types and themes (slugs if a source is missing)."""
    import analysis
    from fetchers.topics import TopicsError, load_topics

    try:
        topics = {t.slug: t.label for t in load_topics()}
    except TopicsError:
        topics = {}
    return topics, dict(analysis.STUDY_TYPE_LABELS), dict(analysis.THEMES)


def new_by_topic(db: Database, since: str) -> list[dict]:
    """Records newly linked to each topic, per study type, relevant to that topic only."""
    found = []
    topics = [r[0] for r in db.execute("SELECT DISTINCT topic FROM article_topics ORDER BY 1")]
    for topic in topics:
        body, params = where(db.conn, Filters(topics=(topic,)))  # the dashboard's relevance rule
        found += list(
            db.query(
                "SELECT ? AS topic, COALESCE(a.study_type, 'unclassified') AS study_type, "
                "count(*) AS n FROM articles a WHERE a.article_id IN (SELECT article_id FROM "
                f"article_topics WHERE topic = ? AND first_seen >= ?) AND {body} "
                "GROUP BY 2 ORDER BY n DESC, 2",
                [topic, topic, since, *params],
            )
        )
    return found


def digest_data(db: Database, since: dt.datetime, now: dt.datetime | None = None) -> dict:
    """New records per topic and design, largest new human studies, open questions, trials."""
    now, since_iso = now or utcnow(), iso(since)
    topic_labels, type_labels, theme_labels = labels()
    body, params = where(db.conn, Filters())  # on-topic for some topic, not marked off-topic
    largest = list(
        db.query(
            "SELECT a.article_id, a.pmid, a.doi, a.pmcid, a.title, a.journal, a.year, a.study_type, "
            f"a.sample_size, a.sample_unit FROM articles a WHERE a.first_seen >= ? AND {body} "
            "AND a.subjects = 'human' AND a.sample_size > 0 "
            "ORDER BY a.sample_size DESC, a.article_id LIMIT ?",
            [since_iso, *params, LARGEST_HUMAN],
        )
    )
    questions = list(
        db.query(
            "SELECT q.text, q.themes, a.article_id, a.pmid, a.doi, a.pmcid, a.title, a.journal, "
            "a.year FROM open_questions q JOIN articles a ON a.article_id = q.article_id "
            f"WHERE a.first_seen >= ? AND {body} "
            "ORDER BY a.first_seen DESC, a.article_id, q.position LIMIT ?",
            [since_iso, *params, MAX_QUESTIONS],
        )
    )
    trials = list(
        db.query(
            "SELECT nct_id, title, status, phase, enrollment, sponsor, last_update, "
            "CASE WHEN first_seen >= ? THEN 'new' ELSE 'changed' END AS change "
            "FROM trials WHERE first_seen >= ? OR updated_at >= ? "
            "ORDER BY change DESC, last_update DESC, nct_id",
            [since_iso] * 3,
        )
    )
    runs = list(
        db.query(
            "SELECT status, count(*) AS n FROM fetch_runs WHERE started_at >= ? "
            "GROUP BY status ORDER BY n DESC",
            [since_iso],
        )
    )
    new, revised = db.execute(
        "SELECT sum(first_seen >= ?), sum(first_seen < ? AND updated_at >= ?) FROM records",
        [since_iso] * 3,
    ).fetchone()
    return {
        "since": since_iso,
        "until": iso(now),
        "new_records": new or 0,
        "revised_records": revised or 0,
        "by_topic": [
            {
                **r,
                "topic_label": topic_labels.get(r["topic"], r["topic"]),
                "study_type_label": type_labels.get(r["study_type"], r["study_type"]),
            }
            for r in new_by_topic(db, since_iso)
        ],
        "largest_human": [
            {**r, "study_type_label": type_labels.get(r["study_type"], r["study_type"])}
            for r in largest
        ],
        "questions": [
            {**q, "themes": [theme_labels.get(t, t) for t in parse_list(q["themes"])]}
            for q in questions
        ],
        "trials": trials,
        "runs": {r["status"]: r["n"] for r in runs},
        "retracted": newly_retracted(db, since_iso),
    }


def parse_list(value: object) -> list[str]:
    """A JSON list column as a list (empty when missing or malformed)."""

    if isinstance(value, list):
        return value
    try:
        parsed = json.loads(value) if value else []
    except (TypeError, ValueError):
        return []
    return parsed if isinstance(parsed, list) else []


# ---------------------------------------------------------------- shared layout


@dataclass(frozen=True)
class Link:
    """A cell that links somewhere; the URL is built by us, never taken from a record."""

    text: str
    url: str


@dataclass
class Section:
    """One titled table of the digest."""

    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    empty: str = "Nothing new in this period."
    numeric: set[int] = field(default_factory=set)  # right-aligned column positions


def record_url(rec: dict) -> str | None:
    """PubMed for a PMID, else PMC or doi.org; built from identifiers, so always safe."""
    if rec.get("pmid"):
        return f"https://pubmed.ncbi.nlm.nih.gov/{int(rec['pmid'])}/"
    if rec.get("pmcid") and PMCID.match(str(rec["pmcid"])):
        return f"https://pmc.ncbi.nlm.nih.gov/articles/{rec['pmcid']}/"
    if rec.get("doi"):
        return "https://doi.org/" + quote(str(rec["doi"]), safe="/:;._-")
    return None


def record_ref(rec: dict) -> Link | str:
    """'PMID 123' (linked), or the PMCID/DOI when PubMed has not indexed the record."""
    label = f"PMID {rec['pmid']}" if rec.get("pmid") else (rec.get("pmcid") or rec.get("doi"))
    url = record_url(rec)
    return Link(str(label), url) if url and label else (label or "")


def trial_ref(trial: dict) -> Link | str:
    """The NCT number, linked to its registry page when it looks like one."""
    nct = str(trial.get("nct_id") or "")
    return Link(nct, f"https://clinicaltrials.gov/study/{nct}") if NCT_ID.match(nct) else nct


def summary_line(data: dict) -> str:
    """One sentence with the period's totals."""
    trials_new = sum(t["change"] == "new" for t in data["trials"])
    runs = ", ".join(f"{n} {status}" for status, n in data["runs"].items()) or "none"
    return (
        f"{data['new_records']} new records and {data['revised_records']} revised; "
        f"{len(data['questions'])} open-question statements in new records; "
        f"{trials_new} new and {len(data['trials']) - trials_new} changed registered trials. "
        f"Fetch runs in this period: {runs}."
    )


def digest_sections(data: dict) -> list[Section]:
    """The digest's tables, in reading order."""
    topics = Section(
        "New records by topic and study type", ["topic", "study type", "new"], numeric={2}
    )
    topics.rows = [[r["topic_label"], r["study_type_label"], r["n"]] for r in data["by_topic"]]
    human = Section(
        "Largest new human studies",
        ["N", "unit", "design", "title", "journal", "year", "record"],
        numeric={0},
    )
    human.rows = [
        [
            r["sample_size"],
            r["sample_unit"],
            r["study_type_label"],
            r["title"],
            r["journal"],
            r["year"],
            record_ref(r),
        ]
        for r in data["largest_human"]
    ]
    questions = Section("New open-question statements", ["statement", "themes", "source", "record"])
    questions.rows = [
        [
            q["text"],
            ", ".join(q["themes"]) or "-",
            f"{q['title']} ({q['journal'] or 'journal n/a'}, {q['year'] or 'n.d.'})",
            record_ref(q),
        ]
        for q in data["questions"]
    ]
    trials = Section(
        "New and changed registered trials",
        ["change", "trial", "title", "status", "phase", "enrollment", "sponsor", "last update"],
        numeric={5},
    )
    trials.rows = [
        [
            t["change"],
            trial_ref(t),
            t["title"],
            t["status"],
            t["phase"],
            t["enrollment"],
            t["sponsor"],
            t["last_update"],
        ]
        for t in data["trials"]
    ]
    retracted = Section(
        "Stored records newly retracted",
        ["record", "title", "retraction notice"],
        empty="No stored record was retracted in this period.",
    )
    retracted.rows = [
        [record_ref(r), r["title"], notice_refs(r["notices"])] for r in data.get("retracted", [])
    ]
    return [retracted] * bool(retracted.rows) + [topics, human, questions, trials]


def notice_refs(pmids: str | None) -> Link | str:
    """The first retraction notice, linked (PMIDs joined by commas, as SQL gives them)."""
    first = (pmids or "").split(",")[0]
    return record_ref({"pmid": int(first)}) if first else "-"


def title_line(data: dict) -> str:
    """The heading: the period covered."""
    return f"Kratom Evidence Tracker digest: {data['since'][:10]} to {data['until'][:10]}"


# ---------------------------------------------------------------- Markdown


MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_text(value: object) -> str:
    """A record string as one Markdown table-safe line: no breaks, `|` and markup escaped."""
    if value is None:
        return ""
    flat = re.sub(r"\s+", " ", str(value)).strip()
    return MD_SPECIAL.sub(r"\\\1", flat)


def md_cell(value: object) -> str:
    """A table cell: text escaped, links as [text](url)."""
    if isinstance(value, Link):
        return f"[{md_text(value.text)}]({value.url})"
    return md_text(value)


def render_markdown(data: dict) -> str:
    """The digest as Markdown, starting with a `#` heading."""
    out = [f"# {title_line(data)}", "", f"Period: {data['since']} to {data['until']} (UTC).", ""]
    out += [summary_line(data), ""]
    for section in digest_sections(data):
        out += [f"## {section.title}", ""]
        if not section.rows:
            out += [f"_{section.empty}_", ""]
            continue
        align = ["---:" if i in section.numeric else "---" for i in range(len(section.columns))]
        out.append("| " + " | ".join(section.columns) + " |")
        out.append("|" + "|".join(align) + "|")
        out += ["| " + " | ".join(md_cell(v) for v in row) + " |" for row in section.rows]
        out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------- HTML


STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;"
    "color:#222}table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}"
    "th,td{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}"
    "th{background:#f3f3f3}td.num{text-align:right}.empty{color:#777;font-style:italic}"
)


def html_cell(value: object) -> str:
    """A table cell's content, escaped; links point only at URLs we built."""
    if isinstance(value, Link):
        return f'<a href="{html.escape(value.url)}">{html.escape(value.text)}</a>'
    return "" if value is None else html.escape(str(value))


def render_html(data: dict) -> str:
    """The digest as a standalone HTML page, every record-derived string escaped."""
    title = html.escape(title_line(data))
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{title}</title><style>{STYLE}</style></head><body>",
        f"<h1>{title}</h1>",
        f"<p>Period: {html.escape(data['since'])} to {html.escape(data['until'])} (UTC).</p>",
        f"<p>{html.escape(summary_line(data))}</p>",
    ]
    for section in digest_sections(data):
        out.append(f"<h2>{html.escape(section.title)}</h2>")
        if not section.rows:
            out.append(f'<p class="empty">{html.escape(section.empty)}</p>')
            continue
        out.append("<table><thead><tr>")
        out += [f"<th>{html.escape(c)}</th>" for c in section.columns]
        out.append("</tr></thead><tbody>")
        for row in section.rows:
            cells = [
                f'<td class="num">{html_cell(v)}</td>'
                if i in section.numeric
                else f"<td>{html_cell(v)}</td>"
                for i, v in enumerate(row)
            ]
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- claim cards (Markdown)


def study_facts(study: dict, type_label) -> str:
    """'Cohort study · N = 120 participants · 2021': a claim card study's design, N and year."""
    n, unit = study.get("sample_size"), study.get("sample_unit")
    size = f"N = {int(n):,}" + (f" {unit}" if unit else "") if n else "N not stated"
    return f"{type_label(study.get('study_type'))} · {size} · {study.get('year') or 'n.d.'}"


def render_claims_markdown(cards: list[dict], day: dt.date) -> str:
    """The claim cards (db.claims.claim_cards) as Markdown for a weekly mail."""
    types = labels()[1]

    def label(code: str | None) -> str:
        return types.get(code) or "Unclassified"

    out = [f"# Kratom Evidence Tracker claim cards, {day.isoformat()}", ""]
    for card in cards:
        out += [f"## {md_text(card['question'])}", "",
                f"Claim: {md_text(card['claim'])} ({card['records']} records)", ""]  # fmt: skip
        if not card["records"]:
            out += ["_No records yet: an evidence gap._", ""]
            continue
        out += ["### Strongest evidence first", ""]
        for i, study in enumerate(card["studies"], 1):
            ref = f" · {md_cell(record_ref(study))}" if record_url(study) else ""
            out.append(f"{i}. **{md_text(study_facts(study, label))}**{ref}: "
                       f"{md_text(study['title'])}")  # fmt: skip
            out.append(f"   > {md_text(study['conclusion'] or 'No abstract to quote.')}")
        out += ["", "### Records at each design level", "", "| design | records |", "|---|---:|"]
        out += [f"| {md_text(label(d['study_type']))} | {d['records']} |" for d in card["designs"]]
        if card["missing"]:
            out += ["", f"No records yet: {md_text(', '.join(map(label, card['missing'])))}."]
        if card["open_questions"]:
            out += ["", "### Open questions stated in these records", ""]
            out += [f"- {md_text(o['text'])} ({md_text(o['title'])}, {o['year'] or 'n.d.'})"
                    for o in card["open_questions"]]  # fmt: skip
        out.append("")
    return "\n".join(out)
