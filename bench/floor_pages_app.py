"""The pages' floors: for each page of the app, a bare Streamlit page drawing the same elements
(`bench/floors.json`, recorded from the app by `bench/floors.py`) at the same addresses, from
small fixed data, with no project code. Serve it as the app is served; the benchmarks open
`/compare` here and in the app and read one against the other.

On a page that has one, the select box named by the spec's "driver" changes every chart: the
values are multiplied by its position, the y axes take its label and the bars their values as
text, so a change is seen by the same checks as on the app's page.
"""

import json
from pathlib import Path

import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st
from plotly.subplots import make_subplots

SPEC = json.loads((Path(__file__).resolve().parent / "floors.json").read_text(encoding="utf-8"))
YEARS = list(range(2015, 2024))
NAMES = ["Aland", "Borea", "Cedra", "Dunia", "Esker", "Fjord", "Galen", "Hadar"]
# Small squares for the choropleth and the deck's country shading (fixed, made up)
SHAPES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "id": name,
            "properties": {},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [
                        [35 + 4 * k, 15 + 2 * k],
                        [38 + 4 * k, 15 + 2 * k],
                        [38 + 4 * k, 18 + 2 * k],
                        [35 + 4 * k, 18 + 2 * k],
                        [35 + 4 * k, 15 + 2 * k],
                    ]
                ],
            },
        }
        for k, name in enumerate(NAMES)
    ],
}


def trace(kind: str, n: int, factor: int, label: str):
    values = [factor * (3 + (7 * n + 5 * k) % 11) for k in range(len(NAMES))]
    if kind == "bar":
        return go.Bar(
            y=NAMES, x=values, orientation="h", text=[str(v) for v in values], name=f"{label} {n}"
        )
    if kind == "choropleth":
        return go.Choropleth(
            geojson=SHAPES, locations=NAMES, z=values, featureidkey="id", showscale=False
        )
    if kind == "scattergeo":
        return go.Scattergeo(lon=[36 + 4 * k for k in range(8)], lat=[16 + 2 * k for k in range(8)])
    if kind == "sankey":
        return go.Sankey(
            node={"label": NAMES[:6]},
            link={"source": [0, 1, 2, 3], "target": [4, 4, 5, 5], "value": values[:4]},
        )
    return go.Scatter(x=YEARS, y=[*values, factor], mode="lines+markers", name=f"{label} {n}")


def figure(element: dict, factor: int, label: str):
    traces = [trace(kind, n, factor, label) for n, kind in enumerate(element["traces"])]
    axes = element.get("axes") or 0
    if axes > 1:
        fig = make_subplots(rows=axes, cols=1)
        for n, one in enumerate(traces):
            fig.add_trace(one, row=n % axes + 1, col=1)
    else:
        fig = go.Figure(traces)
        if axes == 1:
            fig.update_layout(xaxis_title_text="")
    fig.update_layout(height=element["height"], yaxis_title=label)
    return fig


def deck(element: dict, factor: int):
    points = [[36 + 4 * k, 16 + 2 * k] for k in range(len(NAMES))]
    layers = []
    for n, kind in enumerate(element["layers"]):
        if kind == "BitmapLayer":
            layer = pdk.Layer(
                kind,
                image=pdk.types.String("/app/static/land.png"),
                bounds=[-180, -85.0511, 180, 85.0511],
            )
        elif kind == "GeoJsonLayer":
            layer = pdk.Layer(kind, data=SHAPES, get_fill_color=[0, 114, 178, 40])
        elif kind == "ArcLayer":
            layer = pdk.Layer(
                kind,
                data=[{"s": p, "t": [50.5, 26.1], "w": factor + n} for p in points],
                get_source_position="s",
                get_target_position="t",
                get_width="w",
                pickable=True,
            )
        elif kind == "PathLayer":  # a bent line from each point to one place
            layer = pdk.Layer(
                kind,
                data=[
                    {"path": [p, [(p[0] + 50.5) / 2, (p[1] + 26.1) / 2 + 3], [50.5, 26.1]]}
                    for p in points
                ],
                get_path="path",
                get_width=factor + n,
                width_units=pdk.types.String("pixels"),
                pickable=True,
            )
        elif kind == "IconLayer":  # an arrowhead at each line's end, from this server
            layer = pdk.Layer(
                kind,
                data=[{"p": p, "a": 10.0 * k, "icon": "arrow"} for k, p in enumerate(points)],
                icon_atlas=pdk.types.String("/app/static/arrowhead.png"),
                icon_mapping={
                    "arrow": {"x": 0, "y": 0, "width": 64, "height": 64, "anchorY": 0, "mask": True}
                },
                get_icon="icon",
                get_position="p",
                get_angle="a",
                get_size=12 * factor,
                size_units=pdk.types.String("pixels"),
            )
        else:
            layer = pdk.Layer(
                kind,
                data=[{"p": p} for p in points],
                get_position="p",
                get_radius=5 * factor,
                radius_units=pdk.types.String("pixels"),
                pickable=True,
            )
        layers.append(layer)
    return pdk.Deck(
        layers=layers,
        initial_view_state=pdk.ViewState(longitude=45, latitude=24, zoom=1.7),
        map_provider=None,
    )


def draw(place, element: dict, n: int, driver: str | None, state: dict) -> None:
    kind, key = element["kind"], f"floor_{n}"
    if kind == "heading":
        text = element.get("text") or "A heading"
        level = {"h1": place.title, "h2": place.header}.get(element["tag"], place.subheader)
        level(text)
    elif kind == "markdown":
        text = f"Years shown: 2003–{state['label']}; a paragraph of text."
        (place.caption if element.get("caption") else place.markdown)(text)
    elif kind == "html":
        place.html("<div><b>A figure</b> and its source line, 2023.</div>")
    elif kind == "alert":
        place.info("A notice.")
    elif kind == "selectbox":
        options = element["options"] or ["one", "two"]
        chosen = place.selectbox(element["label"], options, key=element.get("key") or key)
        if driver is not None and element["label"] == driver:
            state["factor"], state["label"] = options.index(chosen) + 1, chosen
    elif kind == "multiselect":
        options = element["options"] or ["one", "two"]
        place.multiselect(element["label"], options, default=options[:2], key=key)
    elif kind == "radio":
        place.radio(element["label"], element["options"] or ["one"], key=key, horizontal=True)
    elif kind == "button_group":
        place.segmented_control("Choose", [f"option {k}" for k in range(element["options"])])
    elif kind == "button":
        place.button("A button", key=key)
    elif kind == "download_button":
        place.download_button("Download", "a,b\n1,2\n", file_name="floor.csv", key=key)
    elif kind == "slider":  # a year slider: a year chosen redraws what follows it, as a driver
        options = element.get("options") or ["one", "two"]
        chosen = place.select_slider(
            element.get("label") or "A slider", options, key=element.get("key") or key
        )
        if chosen != options[0]:
            state["factor"], state["label"] = options.index(chosen) + 1, chosen
    elif kind == "number_input":
        place.number_input("A number", value=10, key=key)
    elif kind == "checkbox":  # a switch (st.toggle) or a tick box
        place.toggle("A switch", key=key)
    elif kind == "plotly_chart":
        # A map's base layers come from this server's static files, as the app's do
        geo = any(t in ("choropleth", "scattergeo") for t in element["traces"])
        config = {"topojsonURL": "/app/static/"} if geo else None
        place.plotly_chart(figure(element, state["factor"], state["label"]), key=key, config=config)
    elif kind == "deck_gl_json_chart":
        place.pydeck_chart(
            deck(element, state["factor"]),
            height=element["height"] or 500,
            key=key,
            **(
                {"on_select": "rerun", "selection_mode": "single-object"}
                if element.get("selectable")
                else {}
            ),
        )
    else:
        place.markdown(f"(no floor for a {kind})")


def page(name: str):
    def body() -> None:
        spec = SPEC[name]
        state = {"factor": 1, "label": "Measure"}
        for n, element in enumerate(spec["elements"]):
            draw(st.sidebar if element["sidebar"] else st, element, n, spec.get("driver"), state)

    body.__name__ = name
    return body


pages = [
    st.Page(page(name), title=name, url_path=name, default=(n == 0)) for n, name in enumerate(SPEC)
]
st.navigation(pages).run()
