"""Shown instead of the dashboard when the database is missing, empty or unreadable."""

import streamlit as st

state, message, path = st.session_state.get("_db_state", ("missing", None, "data/literature.db"))

st.title("Kratom Evidence Tracker")
if state == "error":
    st.error(f"The database at `{path}` cannot be read.")
    st.code(message or "unknown error", language=None)
    st.markdown(
        "Move the file aside (or set `LITERATURE_DB` to another path) and load the sample "
        "or fetch again, as below."
    )
else:
    what = "does not exist yet" if state == "missing" else "holds no records yet"
    st.info(f"The database at `{path}` {what}. Load the bundled sample or fetch from PubMed.")

st.subheader("Load the bundled sample (80 real open-access records)")
st.code("make sample\n# or\npython -m fetchers load-sample", language="bash")
st.subheader("Or fetch from PubMed and ClinicalTrials.gov")
st.code("export NCBI_EMAIL=you@example.org\npython -m fetchers run", language="bash")
st.markdown("Then reload this page. To use another database, set `LITERATURE_DB`:")
st.code("LITERATURE_DB=path/to/literature.db streamlit run app.py", language="bash")
