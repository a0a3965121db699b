"""Comparison charts: map layers and legend, ranked bars, scorecard."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from dashboard.charts.compare import (
    BASE_LAYERS,
    EXTENTS,
    NO_DATA,
    WITHHELD,
    choropleth,
    legend_html,
    map_config,
    ranked_bars,
    ranked_spans,
    scorecard_html,
    small_shapes,
    step_labels,
    step_of,
)
from dashboard.charts.style import SEQUENTIAL
from dashboard.i18n import Locale
from dashboard.metrics.compare import rank
from tests.conftest import ROOT

NAMES = {"BHR": "Bahrain", "OMN": "Oman", "QAT": "Qatar", "KWT": "Kuwait"}
FRAME = pd.DataFrame(
    [
        {
            "iso3": "BHR",
            "year": 2022,
            "value": 38.0,
            "lower": None,
            "upper": None,
            "status": "reported",
            "source": "s",
        },
        {
            "iso3": "OMN",
            "year": 2022,
            "value": float("nan"),
            "lower": 1.0,
            "upper": 4.0,
            "status": "suppressed",
            "source": "s",
        },
        {
            "iso3": "QAT",
            "year": 2019,
            "value": 9.0,
            "lower": None,
            "upper": None,
            "status": "reported",
            "source": "s",
        },
    ]
)


def test_map_draws_no_data_and_withheld_distinctly_from_a_url():
    fig = choropleth(
        FRAME,
        "/app/static/countries.geojson",
        ["BHR", "OMN", "QAT", "KWT"],
        NAMES,
        Locale("en"),
        extent="region",
        categories=None,
        decimals=0,
        citation="UNODC",
    )
    (trace,) = fig.data  # one trace: the shapes reach the browser once
    assert trace.geojson == "/app/static/countries.geojson"
    z = dict(zip(trace.locations, trace.z, strict=True))
    assert z["KWT"] == 0 and z["OMN"] == 1  # no data, withheld: their own classes
    assert z["BHR"] > z["QAT"] >= 2  # more is a later (darker) step
    assert trace.colorscale[0][1] == NO_DATA and trace.colorscale[2][1] == WITHHELD
    hover = dict(zip(trace.locations, trace.hovertext, strict=True))
    assert "Oman: 1–4 (2022, withheld: between 1 and 4)" in hover["OMN"]
    assert "Kuwait: no data" in hover["KWT"]
    assert fig.data[0].type == "choropleth"  # SVG: redrawn quickly, no WebGL
    assert fig.layout.geo.visible is False  # no base layers: every shape drawn is ours
    assert fig.layout.geo.lonaxis.range == EXTENTS["region"][0]


def square(code: str, lon: float, lat: float, side: float) -> dict:
    ring = [[lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side]]
    return {"id": code, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_a_country_too_small_to_see_gets_a_dot_of_its_colour():
    features = [square("BHR", 50.3, 25.8, 0.5), square("QAT", 50.7, 24.5, 1.5)]
    small = small_shapes(features, "region")
    assert small == {"BHR": (50.55, 26.05)}  # Qatar is large enough to see on this view
    assert set(small_shapes(features, "world")) == {"BHR", "QAT"}  # not on the world's
    # a feature with no shape (GeoJSON allows a null geometry) is simply not marked
    empty = [{"id": "XXX", "geometry": None}, {"id": "YYY", "geometry": {"type": "Polygon"}}]
    assert small_shapes(features + empty, "region") == small
    args = (FRAME, "/x.geojson", ["BHR", "OMN", "QAT", "KWT"], NAMES, Locale("en"))
    kw = {"extent": "region", "categories": None, "decimals": 0, "citation": "UNODC"}
    fig = choropleth(*args, **kw, small={"BHR": (50.55, 26.05), "KWT": (47.5, 29.3)})
    shapes, dots = fig.data
    # a dot for Bahrain (compared), none for Kuwait (compared, but no row: it is not drawn)
    assert dots.type == "scattergeo" and list(dots.lon) == [50.55]
    colour = dict(zip(shapes.locations, shapes.z, strict=True))["BHR"]
    assert dots.marker.color[0] == shapes.colorscale[2 * colour][1]  # the country's colour
    assert dots.hovertext[0] == dict(zip(shapes.locations, shapes.hovertext, strict=True))["BHR"]
    assert len(choropleth(*args, **kw).data) == 1


def test_the_maps_base_layers_are_local_and_empty():
    """plotly's SVG map fetches a world topojson before drawing: from this server's static
    files (the config points there), and the file has no shapes of its own to draw."""
    config = map_config("/app/static/")
    assert config["topojsonURL"] == "/app/static/" and config["scrollZoom"] is False
    layers = json.loads((ROOT / "assets" / BASE_LAYERS).read_text(encoding="utf-8"))
    assert layers["type"] == "Topology" and layers["arcs"] == []
    for name in ("land", "countries", "coastlines", "ocean", "lakes", "rivers", "subunits"):
        assert layers["objects"][name]["geometries"] == []


def test_map_with_categories_and_its_legend():
    tiers = pd.DataFrame(
        [
            {
                "iso3": "BHR",
                "year": 2025,
                "value": 2.0,
                "lower": None,
                "upper": None,
                "status": "reported",
                "source": "s",
            }
        ]
    )
    fig = choropleth(
        tiers,
        "/x.geojson",
        ["BHR", "QAT"],
        NAMES,
        Locale("en"),
        extent="world",
        categories={1.0: "Tier 1", 2.0: "Tier 2"},
        decimals=0,
        citation="TIP",
    )
    z = dict(zip(fig.data[0].locations, fig.data[0].z, strict=True))
    assert z == {"BHR": 3, "QAT": 0}  # Tier 2 is the second category after the two greys
    legend = legend_html(Locale("en"), {1.0: "Tier 1", 2.0: "Tier 2"})
    assert "no data" in legend and "withheld (1–4)" in legend and "Tier 2" in legend
    steps = legend_html(Locale("en"), None, step_labels(5, 71, Locale("en"), 0))
    said = re.findall(r"background:(#\w+)'></span>([^<]*)</span>", steps)
    # every colour of the map with the figures it stands for, none blank
    assert said[2:] == list(
        zip(SEQUENTIAL, ["5–18", "19–31", "32–44", "45–57", "58–71"], strict=True)
    )
    assert "(darker = more)" in steps and "#ffffff00" not in steps


@pytest.mark.parametrize(
    ("low", "high", "decimals", "expected"),
    [
        (5, 71, 0, ["5–18", "19–31", "32–44", "45–57", "58–71"]),
        (1, 3, 0, ["1", "", "2", "", "3"]),  # no whole number falls in the blank steps
        (7, 7, 0, ["7", "", "", "", ""]),
        (0.5, 3.0, 1, ["0.5–1.0", "1.0–1.5", "1.5–2.0", "2.0–2.5", "2.5–3.0"]),
    ],
)
def test_each_step_of_the_map_says_what_it_covers(low, high, decimals, expected):
    labels = step_labels(low, high, Locale("en"), decimals)
    assert labels == expected
    if decimals == 0:  # every whole number from low to high is in the step the map gives it
        for v in range(low, high + 1):
            label = labels[step_of(v, low, high)]
            first, _, last = label.partition("–")
            assert int(first) <= v <= int(last or first), (v, label)


def test_every_whole_number_is_in_the_step_its_legend_says():
    for low in range(0, 40, 3):
        for high in range(low + 1, 400, 7):
            labels = step_labels(low, high, Locale("en"), 0)
            for v in range(low, high + 1):
                first, _, last = labels[step_of(v, low, high)].partition("–")
                assert int(first) <= v <= int(last or first), (low, high, v, labels)


def test_the_steps_in_arabic_digits():
    assert step_labels(5, 71, Locale("ar", "arab"), 0)[0] == "٥–١٨"


def test_ranked_bars_with_years_and_ranges():
    fig = ranked_bars(rank(FRAME, ["BHR", "OMN", "QAT", "KWT"]), NAMES, Locale("en"), 0, "persons")
    bar = fig.data[0]
    assert list(bar.y) == ["Bahrain", "Qatar", "Oman"]  # Kuwait: missing, not a bar
    assert list(bar.text) == ["38 (2022)", "9 (2019)", "1–4 (2022)"]
    assert (bar.base[2], bar.x[2]) == (1.0, 3.0)  # a floating range, not a number


def test_ranked_bars_mirrored_in_arabic():
    fig = ranked_bars(rank(FRAME, ["BHR", "QAT"]), NAMES, Locale("ar", "arab"), 0, "أشخاص")
    assert fig.layout.xaxis.autorange == "reversed" and fig.layout.yaxis.side == "right"
    assert fig.data[0].text[0] == "٣٨ (٢٠٢٢)"


def test_scorecard_cells_escaped_and_shaded():
    card = pd.DataFrame(
        [
            {
                "indicator": "x",
                "iso3": "BHR",
                "year": 2022,
                "value": 38.0,
                "lower": None,
                "upper": None,
                "status": "reported",
                "standing": 0.9,
            },
            {"indicator": "x", "iso3": "QAT", "standing": float("nan")},
        ]
    )
    html = scorecard_html(
        card,
        ["BHR", "QAT"],
        {"BHR": "<b>Bahrain</b>", "QAT": "Qatar"},
        {"x": "Persons convicted"},
        {},
        {"x": 0},
        Locale("en"),
    )
    assert "&lt;b&gt;Bahrain&lt;/b&gt;" in html
    assert "<td class='sc-none'>38 (2022)</td>" in html  # no direction given: not shaded
    assert "<td class='sc-none'>not reported</td>" in html


def test_ranked_spans_name_only_indicators_whose_years_differ():
    nan = float("nan")
    card = pd.DataFrame(
        [
            {"indicator": "a", "iso3": "BHR", "first": 2017, "last": 2022},
            {"indicator": "a", "iso3": "QAT", "first": 2017, "last": 2022},
            {"indicator": "b", "iso3": "BHR", "first": 2023, "last": 2023},
            {"indicator": "c", "iso3": "BHR", "first": nan, "last": nan},
        ]
    )
    labels = {"c": "Nothing ranked", "b": "One year", "a": "Persons convicted"}
    assert ranked_spans(card, labels) == [("Persons convicted", 2017, 2022)]


def cell_row(**kw):
    base = {"iso3": "BHR", "year": 2023, "lower": None, "upper": None, "status": "reported"}
    return {**base, **kw}


@pytest.mark.parametrize(
    ("direction", "standing", "level"),
    [
        ("better", 0.9, "sc-b2"),  # higher than most, and higher is better
        ("worse", 0.9, "sc-w2"),  # higher than most, and higher is worse
        ("better", 0.1, "sc-w2"),
        ("worse", 0.1, "sc-b2"),
        ("worse", 0.5, "sc-mid"),
        ("neutral", 0.9, "sc-none"),  # a count: neither better nor worse
        ("", 0.9, "sc-none"),
    ],
)
def test_scorecard_shades_by_better_or_worse_not_by_higher(direction, standing, level):
    card = pd.DataFrame([cell_row(indicator="x", value=5.0, standing=standing)])
    html = scorecard_html(
        card, ["BHR"], NAMES, {"x": "X"}, {}, {"x": 0}, Locale("en"), directions={"x": direction}
    )
    assert f"<td class='{level}'>5 (2023)</td>" in html


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_scorecard_rows_give_their_unit_and_flagged_cells_their_note_number(lang):
    loc = Locale(lang)
    card = pd.DataFrame(
        [cell_row(indicator="x", value=7.0, status="flagged", standing=float("nan"))]
    )
    html = scorecard_html(
        card,
        ["BHR"],
        NAMES,
        {"x": "X"},
        {},
        {"x": 0},
        loc,
        units={"x": "per <1,000>"},
        marks={("x", "BHR"): 1},
    )
    assert "<th scope='row'>X<br><span class='sc-unit'>per &lt;1,000&gt;</span></th>" in html
    assert f"{loc.t('compare.flagged')} [{loc.number(1)}]</td>" in html
