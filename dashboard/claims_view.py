"""Claim cards on the Open questions page: per tracked question, the strongest studies first
with what their authors concluded, the records at each design level and the open questions.

Every string from a record is escaped here; links are built from identifiers only.
"""

from __future__ import annotations

import html

import streamlit as st

from dashboard.charts import type_label
from dashboard.data import q
from dashboard.ui import record_href
from db.queries import Filters
from fetchers.digest import record_url, study_facts

E = html.escape


def study_html(study: dict, filters: Filters) -> str:
    """One study: design, N, year, links, title and the authors' conclusion."""
    links = [f'<a href="{E(record_href(study["article_id"], filters))}" target="_self">record</a>']
    if url := record_url(study):
        links.append(f'<a href="{E(url)}" target="_blank" rel="noopener">source</a>')
    said = study.get("conclusion")
    quote = (f"<blockquote>{E(said)}</blockquote>" if said
             else "<blockquote><em>No abstract to quote.</em></blockquote>")  # fmt: skip
    return (
        f"<li><strong>{E(study_facts(study, type_label))}</strong> · {' · '.join(links)}"
        f"<div>{E(str(study.get('title') or ''))}</div>{quote}</li>"
    )


def designs_html(designs: list[dict], missing: list[str]) -> str:
    """Records per design level, strongest first; the levels with none are named as gaps."""
    found = {d["study_type"]: d["records"] for d in designs}
    rows = "".join(f"<tr><td>{E(type_label(code))}</td><td style='text-align:right'>{n:,}</td></tr>"
                   for code, n in found.items())  # fmt: skip
    gaps = [type_label(code) for code in missing]
    missing = f"<p><em>No records yet: {E(', '.join(gaps))}.</em></p>" if gaps else ""
    return f"<table><tr><th>design</th><th>records</th></tr>{rows}</table>{missing}"


def card_html(card: dict, filters: Filters) -> str:
    """A whole card's body as escaped HTML."""
    parts = [f"<p>Claim: {E(card.get('claim') or '')}</p>"]
    if not card["records"]:
        return parts[0] + "<p><em>No records in this selection yet: an evidence gap.</em></p>"
    studies = "".join(study_html(s, filters) for s in card["studies"])
    parts += ["<h4>Strongest evidence first</h4>", f"<ol>{studies}</ol>",
              "<h4>Records at each design level</h4>", designs_html(card["designs"], card["missing"])]  # fmt: skip
    if card["open_questions"]:
        items = "".join(f"<li>{E(o['text'])} <span style='color:#666'>({E(str(o['title']))}, "
                        f"{E(str(o['year'] or 'n.d.'))})</span></li>" for o in card["open_questions"])  # fmt: skip
        parts += ["<h4>Open questions stated in these records</h4>", f"<ul>{items}</ul>"]
    return "".join(parts)


def show_claim_cards(filters: Filters) -> None:
    """The claim cards section: one expander per tracked question."""
    st.subheader("Claim cards")
    st.caption("For each tracked question: the strongest studies first (by design, then N), "
               "each with its authors' own conclusion; the labelled CONCLUSION(S) section where "
               "the abstract has one, else the concluding sentence found by rule.")  # fmt: skip
    for card in q("claim_cards", filters):
        with st.expander(f"{card['question']} · {card['records']:,} records"):
            st.html(card_html(card, filters))
