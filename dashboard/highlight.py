"""Safe rendering of record text: every character from a record is escaped before we add markup.

Records come from PubMed and may contain anything, including "<script>" or Markdown.
``highlight_html`` escapes the text with html.escape and wraps our own <mark> spans at
character offsets; ``md_literal`` escapes text for st.markdown-based widgets.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

STYLES = {
    "sample_size": "background-color:#ffd8a8;border-radius:3px;padding:0 2px",
    "question": "background-color:#d0ebff;border-radius:3px;padding:0 2px",
}
TITLES = {"sample_size": "sample-size evidence", "question": "open-question statement"}


@dataclass(frozen=True)
class Span:
    """A highlighted stretch of the text: [start, end) and what it is."""

    start: int
    end: int
    kind: str


def locate(text: str, start, end, snippet: str | None) -> tuple[int, int] | None:
    """Trust offsets only when they fit the text; otherwise look the snippet up."""
    try:
        s, e = int(start), int(end)
    except (TypeError, ValueError):
        s = e = -1
    if 0 <= s < e <= len(text) and (not snippet or text[s:e].strip() == snippet.strip()):
        return s, e
    if snippet and snippet.strip():
        found = text.find(snippet.strip())
        if found >= 0:
            return found, found + len(snippet.strip())
    if 0 <= s < e <= len(text):
        return s, e
    return None


def clean_spans(spans: list[Span], length: int) -> list[Span]:
    """Sorted spans inside the text, without overlaps (the earlier span wins)."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda x: (x.start, -x.end)):
        start = max(span.start, out[-1].end if out else 0)
        end = min(span.end, length)
        if start < end:
            out.append(Span(start, end, span.kind))
    return out


def highlight_html(text: str | None, spans: list[Span]) -> str:
    """HTML of `text` with the spans marked; all record text is escaped."""
    text = text or ""
    parts, pos = [], 0
    for span in clean_spans(spans, len(text)):
        parts.append(html.escape(text[pos : span.start]))
        style, title = STYLES.get(span.kind, ""), TITLES.get(span.kind, span.kind)
        parts.append(
            f'<mark style="{style}" title="{html.escape(title)}">'
            f"{html.escape(text[span.start : span.end])}</mark>"
        )
        pos = span.end
    parts.append(html.escape(text[pos:]))
    return '<div style="white-space:pre-wrap;line-height:1.6">' + "".join(parts) + "</div>"


def record_spans(record: dict) -> list[Span]:
    """The sample-size evidence and open-question sentences of a record, as spans."""
    text = record.get("abstract") or ""
    spans = []
    where = locate(
        text,
        record.get("sample_size_start"),
        record.get("sample_size_end"),
        record.get("sample_size_evidence"),
    )
    if where and record.get("sample_size_evidence"):
        spans.append(Span(*where, "sample_size"))
    questions = record.get("questions")
    rows = questions.to_dict(orient="records") if questions is not None else []
    for q in rows:
        where = locate(text, q.get("start"), q.get("end"), q.get("text"))
        if where:
            spans.append(Span(*where, "question"))
    return spans


def legend_html() -> str:
    """A small legend of the highlight colours."""
    items = [
        f'<mark style="{STYLES[k]}">{html.escape(TITLES[k])}</mark>'
        for k in ("sample_size", "question")
    ]
    return "<div>Highlighted: " + " &nbsp; ".join(items) + "</div>"


MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^])")


def md_literal(text: str | None) -> str:
    """Text for st.markdown and widget labels that shows literally (no Markdown, no HTML)."""
    return MD_SPECIAL.sub(r"\\\1", text or "").replace("\n", " ")
