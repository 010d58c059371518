"""Review queue: the records the annotators are least sure of, to confirm or correct."""

import html
import json

import streamlit as st

from dashboard import access, charts, record_view
from dashboard.data import context, q, write
from dashboard.ui import record_href, selection_caption

PAGE_SIZE = 20
OPEN = "_review_correcting"  # the record whose correction form is open


def esc(value) -> str:
    """Record text as inert HTML: every tag and entity shown literally."""
    return html.escape(str(value)) if record_view.present(value) else "–"


def reasons_of(raw) -> str:
    """The review reasons (a JSON list of short codes) as one line."""
    try:
        codes = json.loads(raw) if isinstance(raw, str) else []
    except ValueError:
        codes = [raw]
    return ", ".join(str(c) for c in codes) or "–"


def labels_html(rec: dict) -> str:
    """The machine's labels, its deciding signal, the reasons and the evidence span."""
    size = rec.get("sample_size")
    n = f"{int(size)} {rec.get('sample_unit') or ''}".strip() if record_view.present(size) else "–"
    rows = [
        ("Study type", charts.type_label(rec.get("study_type"))),
        ("Confidence", f"{rec['study_type_confidence']:.2f}"),
        ("Deciding signal", rec.get("study_type_signal")),
        ("Review reasons", reasons_of(rec.get("review_reasons"))),
        ("Sample size", n),
        ("Evidence", rec.get("sample_size_evidence")),
    ]
    cells = "".join(
        f"<tr><th style='text-align:left;padding-right:1em'>{k}</th><td>{esc(v)}</td></tr>"
        for k, v in rows
    )
    return f"<table>{cells}</table>"


def item(rec: dict, can_write: bool, filters) -> None:
    """One waiting record: its labels and why it waits, Confirm, Correct and a link."""
    article_id = int(rec["article_id"])
    pmid = f" · PMID {int(rec['pmid'])}" if record_view.present(rec.get("pmid")) else ""
    year = int(rec["year"]) if record_view.present(rec.get("year")) else "year unknown"
    with st.container(border=True):
        st.html(
            f"<strong>{esc(rec.get('title'))}</strong> "
            f"<span style='color:#666'>({esc(year)}{esc(pmid)})</span>" + labels_html(rec)
        )
        confirm, correct, link = st.columns([1, 1, 4])
        if can_write and confirm.button("Confirm", key=f"rq_confirm_{article_id}", type="primary",
                                        help="Accept these labels as your decision"):  # fmt: skip
            write("confirm", article_id)
            st.session_state[record_view.FLASH] = f"Confirmed: {rec.get('title')}"
            st.rerun()
        if can_write and correct.button("Correct", key=f"rq_correct_{article_id}"):
            st.session_state[OPEN] = article_id
        link.markdown(f"[Open the record]({record_href(article_id, filters)})")
        if st.session_state.get(OPEN) == article_id:
            record_view.correction_form(q("record", article_id))


ctx = context()
f = ctx.filters
st.title("Review queue")
selection_caption(f, ctx.labels)
if st.session_state.get(record_view.FLASH):
    st.success(st.session_state.pop(record_view.FLASH))

size = q("queue_size", f)
if size["unflagged"]:
    st.info(
        f"{size['unflagged']:,} records were annotated before review flags existed; "
        "`python -m analysis reannotate` flags them."
    )
waiting = size["waiting"]
if not waiting:
    st.success("No record in this selection waits for review.")
    st.stop()
st.caption(
    f"{waiting:,} records wait, lowest design confidence first. **Confirm** accepts the labels "
    "shown as your decision; **Correct** opens the correction form. Either takes the record out "
    "of the queue, and like every correction it wins over the annotators from then on."
)
pages = max(1, -(-waiting // PAGE_SIZE))
rights = access.current()
if not rights.can_write and rights.notice and not rights.banner:
    st.info(rights.notice)
page = st.number_input(f"Page (of {pages})", 1, pages, 1, key="rq_page") if pages > 1 else 1
for row in q("queue", f, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE).to_dict("records"):
    item(row, rights.can_write, f)
