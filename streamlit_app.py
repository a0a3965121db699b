"""The dashboard's entry point: declares the pages. Everything else is in `dashboard/`."""

import streamlit as st

from dashboard.ui import shell

context = shell.start()
st.navigation(shell.pages(context)).run()
