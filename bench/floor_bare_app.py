"""The lowest floor: a bare Streamlit page with a title and a line of text, no chart. No page of
any Streamlit app can be drawn faster than this on the same machine."""

import streamlit as st

st.title("Floor")
st.write("A bare page.")
