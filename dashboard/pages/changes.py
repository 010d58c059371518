"""Changes: every researcher write from the append-only audit log, newest first."""

import pandas as pd
import streamlit as st

from dashboard.data import context
from dashboard.ui import record_href
from db import audit, open_db

ctx = context()
st.title("Changes")
st.caption(
    "Every correction, cleared correction, confirmation, note and off-topic mark, with who "
    "made it and the values before and after. The `audit_log` table is append-only."
)

db = open_db(ctx.path, readonly=True)
try:
    users = audit.editors(db)
    left, right = st.columns(2)
    user = left.selectbox("Who", [None, *users], key="ch_user",
                          format_func=lambda u: "everyone" if u is None else u)  # fmt: skip
    record = right.text_input("Record (id or PMID)", key="ch_record").strip()
    if record and not record.lstrip("-").isdigit():
        st.error(f"A record is a whole number (its id or PMID), not {record!r}.")
        st.stop()
    rows = audit.recent_changes(db, user=user, article_id=int(record) if record else None)
finally:
    db.conn.close()

if not rows:
    st.info("No changes yet." if not (user or record) else "No changes match.")
    st.stop()
table = pd.DataFrame(rows)
table["record"] = [record_href(i, ctx.filters) for i in table["article_id"]]
st.dataframe(
    table, hide_index=True,
    column_order=["at", "user", "action", "record", "pmid", "before", "after"],
    column_config={
        "record": st.column_config.LinkColumn("Record", display_text=r"record=(-?\d+)"),
        "pmid": st.column_config.NumberColumn("PMID", format="%d"),
        "before": st.column_config.TextColumn("Before", width="large"),
        "after": st.column_config.TextColumn("After", width="large"),
    },
)  # fmt: skip
st.caption(f"{len(rows):,} change(s) shown, newest first (at most 500).")
st.download_button(
    "Download these changes (CSV)", table.drop(columns=["record"]).to_csv(index=False),
    file_name="changes.csv", mime="text/csv",
)  # fmt: skip
