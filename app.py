"""Streamlit entry point: `streamlit run app.py` (the dashboard pages live in dashboard/)."""

import streamlit as st

from db import DatabaseError, db_path, open_db

st.set_page_config(page_title="Kratom Evidence Tracker", layout="wide")
st.title("Kratom Evidence Tracker")
try:
    db = open_db()
    count = db.execute("SELECT count(*) FROM records").fetchone()[0]
    st.metric("Records", count)
    if not count:
        st.info("The database is empty. Load the sample with `make sample` or fetch with `python -m fetchers run`.")
except DatabaseError as exc:
    st.error(str(exc))
st.caption(f"Database: {db_path()}")
