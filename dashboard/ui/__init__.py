"""The Streamlit layer: the shell around every page, view state in the URL, shared widgets."""
