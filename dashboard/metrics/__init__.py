"""Pure pandas computations on the dataset's tables: no Streamlit, no plotting."""
