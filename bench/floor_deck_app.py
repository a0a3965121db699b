"""Reference page for the benchmarks: a bare Streamlit page with one pydeck map like the flow
map's (the same world image, 30 arcs, 30 points, no basemap) and nothing else. Synthetic
positions: it measures the browser's cost of a deck, not the data."""

import pydeck as pdk
import streamlit as st

st.title("floor: one deck")
points = [[-20 + 5 * k, 10 + (k % 7) * 3] for k in range(30)]
arcs = [{"source": p, "target": [50.5, 26.1]} for p in points]
st.pydeck_chart(
    pdk.Deck(
        layers=[
            pdk.Layer(
                "BitmapLayer",
                image=pdk.types.String("/app/static/land.png"),
                bounds=[-180, -85.0511, 180, 85.0511],
            ),
            pdk.Layer(
                "ArcLayer",
                data=arcs,
                get_source_position="source",
                get_target_position="target",
                get_width=3,
                get_source_color=[150, 200, 235],
                get_target_color=[0, 70, 140],
            ),
            pdk.Layer(
                "ScatterplotLayer",
                data=[{"position": p} for p in points],
                get_position="position",
                get_radius=5,
                radius_units=pdk.types.String("pixels"),
                get_fill_color=[0, 114, 178],
            ),
        ],
        initial_view_state=pdk.ViewState(longitude=45, latitude=24, zoom=1.7),
        map_provider=None,
    ),
    height=560,
)
