"""The floor: a bare Streamlit page with a title and one small plotly chart, measured beside
the app's pages in the same run. No page that draws a plotly chart can be faster than this."""

import plotly.graph_objects as go
import streamlit as st

st.title("Floor")
st.plotly_chart(go.Figure(go.Scatter(x=[2020, 2021, 2022], y=[1, 3, 2])))
