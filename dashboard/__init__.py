"""The Streamlit dashboard: pages (dashboard/pages/), pure chart builders (charts), exports
(export), safe text highlighting (highlight), sidebar filters (filters) and cached data
access (data). Start it with `streamlit run app.py`."""
