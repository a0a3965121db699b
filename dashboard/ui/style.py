"""The only CSS of the app, keyed on Streamlit's data-testid attributes, and the page direction.

Streamlit has no right-to-left mode: setting `dir` on the document flips the whole layout
(sidebar included); the CSS below aligns text and tables that keep their own direction.
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import Locale

BASE = """
[data-testid="stAppViewContainer"] .block-container { padding-top: 2.5rem; max-width: 1400px; }
[data-testid="stHeadingWithActionElements"] :is(h1, h2, h3, h4) { text-align: start; }
.tip-table-wrap { overflow-x: auto; margin-bottom: 0.5rem; }
table.tip-table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
table.tip-table th, table.tip-table td {
  border-bottom: 1px solid #d5d8de; padding: 0.35rem 0.6rem; text-align: start;
  vertical-align: top;
}
table.tip-table th { background: #f0f2f6; color: #1f2430; font-weight: 600; }
table.tip-table td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.tip-muted { color: #4a5060; }
.tip-source { color: #4a5060; font-size: 0.85rem; margin-top: -0.25rem; }
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"] { display: none; }
}
"""

RTL = """
[data-testid="stAppViewContainer"], [data-testid="stSidebar"] { text-align: right; }
[data-testid="stMarkdownContainer"] p { text-align: right; }
/* A collapsed sidebar is 0 px wide but slides out the left-to-right way: clip it. */
[data-testid="stSidebar"] { overflow: hidden; }
[data-testid="stMarkdownContainer"] ul, [data-testid="stMarkdownContainer"] ol {
  padding-right: 1.5rem; padding-left: 0;
}
"""


def apply(locale: Locale) -> None:
    css = BASE + (RTL if locale.rtl else "")
    st.html(f"<style>{css}</style>")
    # The direction must be set on <html> itself, which only a script can reach.
    st.sidebar.html(
        "<script>"
        f"document.documentElement.setAttribute('dir', '{locale.direction}');"
        f"document.documentElement.setAttribute('lang', '{locale.lang}');"
        "</script>",
        unsafe_allow_javascript=True,
    )
