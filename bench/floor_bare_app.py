"""The lowest floor: a bare Streamlit page with a title and a line of text, no chart. No page of
any Streamlit app can be drawn faster than this on the same machine.

It is served at the root and at each of the app's page addresses (`/trends`, ...), with no
navigation drawn: Streamlit's code finds a page below the root by asking the server at that
address first (a request that fails, then one at the root), so a bare page at the root would
be quicker than any page of any app at `/trends` for reasons that are Streamlit's own.
"""

import json
from pathlib import Path

import streamlit as st

SPEC = json.loads((Path(__file__).resolve().parent / "floors.json").read_text(encoding="utf-8"))


def bare() -> None:
    st.title("Floor")
    st.write("A bare page.")


pages = [st.Page(bare, title=name, url_path=name, default=(n == 0)) for n, name in enumerate(SPEC)]
st.navigation(pages, position="hidden").run()
