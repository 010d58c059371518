"""Export the current selection as CSV, RIS (Zotero, EndNote) or BibTeX."""

import streamlit as st

from dashboard import export
from dashboard.data import context, q
from dashboard.ui import record_table, selection_caption
from db import queries

MAX_EXPORT = 20_000

ctx = context()
f = ctx.filters
st.title("Export")
selection_caption(f, ctx.labels)

text = st.text_input("Narrow by full-text search (optional)", key="x_q")
expr, note = queries.fts_expression(text)
if note:
    st.info(note)
selection = f.replace(search=text) if expr else f
total = q("count_records", selection)
st.metric("Records in the selection", f"{total:,}")
if total > MAX_EXPORT:
    st.warning(f"Exports hold the first {MAX_EXPORT:,} records (newest first); narrow the filters "
               "for the rest.")  # fmt: skip


def selected_records():
    """The full records of the selection, read only when a download is clicked."""
    return queries.records(ctx.path, selection, limit=MAX_EXPORT, columns="full")


if total:
    ascii_bib = st.checkbox("BibTeX with LaTeX accents (for classic 8-bit BibTeX)", key="x_ascii")
    c1, c2, c3 = st.columns(3)
    c1.download_button("CSV", lambda: export.to_csv(selected_records()),
                       file_name="kratom-evidence.csv", mime="text/csv", key="dl_csv")  # fmt: skip
    c2.download_button("RIS (Zotero, EndNote)", lambda: export.to_ris(selected_records()),
                       file_name="kratom-evidence.ris", mime="application/x-research-info-systems",
                       key="dl_ris")  # fmt: skip
    c3.download_button("BibTeX", lambda: export.to_bibtex(selected_records(), ascii=ascii_bib),
                       file_name="kratom-evidence.bib", mime="application/x-bibtex", key="dl_bib")  # fmt: skip
    st.subheader("First records of the selection")
    record_table(q("records", selection, limit=20), f, ["title", "year", "study_type", "journal"],
                 key="x_preview")  # fmt: skip
else:
    st.info("Nothing to export: no records match this selection.")
