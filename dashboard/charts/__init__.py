"""Chart builders: pure functions from tidy frames to plotly figures or pydeck decks.

They never call Streamlit, so tests can assert on traces, axes and direction.
"""
