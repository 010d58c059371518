"""One record: safe highlighted abstract, annotations with their reasons, and the correction form."""

from __future__ import annotations

import html
import json

import pandas as pd
import streamlit as st

import analysis
from dashboard import access, charts, trials_view
from dashboard.data import q, write
from dashboard.export import PMC_URL, PUBMED_URL, author_names
from dashboard.highlight import highlight_html, legend_html, record_spans
from db.audit import WriteRefused

UNITS = ("participants", "patients", "cases", "animals")
VERDICTS = {None: "No verdict", 1: "Off-topic", 0: "Confirmed on-topic"}
FLASH = "_record_flash"


def present(value) -> bool:
    """Not None and not NaN."""
    return value is not None and not (isinstance(value, float) and value != value)


def header(rec: dict) -> None:
    """Title, authors, journal and links; every record string is escaped."""
    names = author_names(rec)
    authors = ", ".join(names[:8]) + (" et al." if len(names) > 8 else "")
    journal = " · ".join(
        str(v) for v in (rec.get("journal"), rec.get("pub_date") or rec.get("year")) if present(v)
    )
    st.html(
        f"<h3 style='margin-bottom:0.2em'>{html.escape(str(rec.get('title') or ''))}</h3>"
        f"<div>{html.escape(authors)}</div><div style='color:#666'>{html.escape(journal)}</div>"
    )
    links = []
    if present(rec.get("pmid")):
        links.append(("PubMed", PUBMED_URL.format(int(rec["pmid"]))))
    if present(rec.get("doi")) and rec.get("doi"):
        links.append(("DOI", "https://doi.org/" + str(rec["doi"])))
    if present(rec.get("pmcid")) and rec.get("pmcid"):
        links.append(("PMC", PMC_URL.format(rec["pmcid"])))
    for col, (label, url) in zip(st.columns(max(len(links), 1) + 3), links, strict=False):
        col.link_button(label, url)
    warnings(rec)


def warnings(rec: dict) -> None:
    """Retracted, deleted or under concern: said first, with the notice linked."""
    notice = rec.get("notice_pmid")
    if rec.get("deleted") == 1:
        st.error("DELETED from PubMed: an update file withdrew this citation. It is kept here "
                 "but left out of every count.")  # fmt: skip
    if rec.get("retracted") == 1:
        link = f" [Retraction notice]({PUBMED_URL.format(int(notice))})" if present(notice) else ""
        st.error(f'RETRACTED: left out of counts unless "Include retracted" is on.{link}')
    if rec.get("concern") == 1:
        st.warning("Expression of concern: the journal has raised doubts about this record.")
    links = rec.get("links")
    if links is not None and len(links):
        shown = links.assign(other_pmid=[None if not present(p) else PUBMED_URL.format(int(p))
                                         for p in links["other_pmid"]])  # fmt: skip
        with st.expander(f"Linked notices and comments ({len(links)})"):
            st.dataframe(shown, hide_index=True, column_config={
                "ref_type": "Link", "ref_source": st.column_config.TextColumn("Source"),
                "other_pmid": st.column_config.LinkColumn(
                    "PubMed", display_text=r"pubmed\.ncbi\.nlm\.nih\.gov/(\d+)")})  # fmt: skip


def annotations(rec: dict) -> None:
    """The machine's annotations, the corrections that override them, and the reasons."""
    conf = rec.get("study_type_confidence")
    state = q("decision", int(rec["article_id"])) or {}
    rows = [
        ("Study type", charts.type_label(rec.get("study_type"))),
        ("Machine's study type", charts.type_label(rec.get("machine_study_type"))),
        ("Confidence", f"{conf:.2f}" if present(conf) else "–"),
        ("Deciding signal", rec.get("study_type_signal") or "–"),
        ("Subjects", rec.get("subjects") or "–"),
        ("Sample size", f"{int(rec['sample_size'])} {rec.get('sample_unit') or ''}".strip()
         if present(rec.get("sample_size")) else "–"),
        ("Machine's sample size", str(int(rec["machine_sample_size"]))
         if present(rec.get("machine_sample_size")) else "–"),
        ("Sample-size evidence", rec.get("sample_size_evidence") or "–"),
        ("Topic verdict", VERDICTS.get(rec.get("off_topic") if present(rec.get("off_topic")) else None)),
        ("Corrected", f"yes ({rec.get('corrected_at')}): {rec.get('correction_reason') or ''}"
         if rec.get("corrected") else "no"),
        ("Review", ", ".join(json.loads(state.get("review_reasons") or "[]")) or "not flagged"),
        ("Researcher's decision", f"{state['decision']} by {state.get('decided_by') or '?'}"
         if state.get("decision") else "none yet"),
        ("Annotator version", rec.get("annotator_version") or "–"),
    ]  # fmt: skip
    st.dataframe(pd.DataFrame(rows, columns=["", "value"]).astype(str), hide_index=True)
    topics = rec["topics"]
    if len(topics):
        st.markdown("**Relevance per topic**")
        st.dataframe(topics, hide_index=True, column_config={
            "relevance": st.column_config.ProgressColumn("Relevance", min_value=0, max_value=1,
                                                         format="%.2f"),
            "relevance_reason": st.column_config.TextColumn("Reason", width="large")})  # fmt: skip


def parse_size(text: str) -> tuple[bool, int | None]:
    """(set?, value) from the form: blank keeps, 'none' clears, a whole number sets."""
    text = (text or "").strip().lower()
    if not text:
        return False, None
    if text in ("none", "-", "no"):
        return True, None
    value = int(text.replace(",", ""))
    if value < 0:
        raise ValueError("negative")
    return True, value


def correction_form(rec: dict) -> None:
    """Correct the study type or N, give a topic verdict, or add a note (if allowed)."""
    rights = access.current()
    if not rights.can_write:
        if rights.notice and not rights.banner:  # a banner already says it on every page
            st.info(rights.notice)
        return
    article_id = int(rec["article_id"])
    types = list(getattr(analysis, "STUDY_TYPES", ()))
    current = rec.get("off_topic") if present(rec.get("off_topic")) else None
    with st.form(f"correct_{article_id}"):
        st.markdown("**Correct this record** (saved in its own table; wins over the annotators)")
        study_type = st.selectbox("Study type", [None, *types], key=f"fc_type_{article_id}",
                                  format_func=lambda t: "keep as is" if t is None else charts.type_label(t))  # fmt: skip
        size = st.text_input("Sample size", key=f"fc_size_{article_id}",
                             placeholder="blank keeps it; a number sets it; 'none' clears it")  # fmt: skip
        unit = st.selectbox("Unit", [None, *UNITS], key=f"fc_unit_{article_id}",
                            format_func=lambda u: "keep / none" if u is None else u)  # fmt: skip
        verdict = st.radio("Topic", list(VERDICTS), key=f"fc_verdict_{article_id}", horizontal=True,
                           index=list(VERDICTS).index(int(current) if current is not None else None),
                           format_func=VERDICTS.get)  # fmt: skip
        reason = st.text_input("Reason", key=f"fc_reason_{article_id}")
        note = st.text_area("Add a note", key=f"fc_note_{article_id}")
        st.caption(f"Saved as {rights.editor.user}; every change is kept in the audit log.")
        submitted = st.form_submit_button("Save")
    if submitted:
        save(article_id, study_type, size, unit, verdict, current, reason, note)
    if rec.get("corrected") and st.button("Undo the correction (back to the machine's values)"):
        write("clear_correction", article_id)
        st.session_state[FLASH] = "Correction removed."
        st.rerun()


def save(article_id, study_type, size, unit, verdict, current, reason, note) -> None:
    """Validate the form and write the correction and the note."""
    try:
        size_set, size_value = parse_size(size)
    except ValueError:
        st.error(f"Sample size must be a whole number ≥ 0 or 'none', not {size!r}.")
        return
    changes: dict = {}
    if study_type:
        changes["study_type"] = study_type
    if size_set:
        changes.update(sample_size=size_value, sample_unit=unit if size_value is not None else None)
    if verdict != current:
        changes["off_topic"] = verdict
    try:
        if changes:
            changes["reason"] = reason or None
            write("save_correction", article_id, **changes)
        if note and note.strip():
            write("add_note", article_id, note)
    except WriteRefused as exc:  # the rights changed since the form was drawn
        st.error(f"Not saved: {exc}")
        return
    if not changes and not (note and note.strip()):
        st.info("Nothing to save: change a field or write a note.")
        return
    st.session_state[FLASH] = "Saved. Corrections win on every page."
    st.rerun()


def show(article_id: int) -> None:
    """The whole record view."""
    rec = q("record", int(article_id))
    if rec is None:
        st.warning(f"No record with id {int(article_id)}.")
        return
    if st.session_state.get(FLASH):
        st.success(st.session_state.pop(FLASH))
    header(rec)
    st.html(
        legend_html() + highlight_html(rec.get("abstract") or "(no abstract)", record_spans(rec))
    )
    left, right = st.columns(2)
    with left:
        annotations(rec)
        trials_view.registrations(rec)
        questions = rec["questions"]
        if len(questions):
            st.markdown("**Open-question statements**")
            shown = questions.assign(themes=questions["themes"].map(
                lambda t: ", ".join(charts.theme_label(x) for x in json.loads(t or "[]"))))  # fmt: skip
            st.dataframe(shown[["text", "themes"]], hide_index=True)
    with right:
        correction_form(rec)
        notes = q("notes", int(article_id))
        if len(notes):
            st.markdown("**Notes**")
            st.dataframe(notes, hide_index=True)
