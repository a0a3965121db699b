"""The dashboard's entry point: declares the pages. Everything else is in `dashboard/`."""

import streamlit as st

from dashboard.ui import shell

context = shell.start()
page = st.navigation(shell.pages(context))
shell.around(context, page)
page.run()
