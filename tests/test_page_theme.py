"""The pages' light and dark themes: the config that offers both, the charts as the dark page
draws them (charts.style.for_page), the app's own colours there (ui.style.DARK) and the script
that keeps the charts in the page's theme (ui.style.THEME_WATCH)."""

from __future__ import annotations

import json
import re
import tomllib

import plotly.graph_objects as go
import pytest

from dashboard import config
from dashboard.charts.style import CATEGORICAL, PAGE_DARK, contrast, for_page
from dashboard.i18n import Locale
from dashboard.slides.adapt import build
from dashboard.ui import style
from tests.chart_marks import trace_colours

SETTINGS = tomllib.loads((config.ROOT / ".streamlit" / "config.toml").read_text())
EN = Locale("en")


def test_both_themes_are_offered_and_the_dark_one_is_the_charts_background():
    theme = SETTINGS["theme"]
    assert "base" not in theme  # no base: the reader's system (or the menu) chooses
    light, dark = theme["light"], theme["dark"]
    assert dark["backgroundColor"].lower() == PAGE_DARK["paper"]
    for one in (light, dark):
        assert contrast(one["textColor"], one["backgroundColor"]) >= 7
        # Chosen items are white on the primary colour; the primary colour marks controls.
        assert contrast(one["primaryColor"], "#ffffff") >= 4.5
        assert contrast(one["primaryColor"], one["backgroundColor"]) >= 3


def test_a_light_page_shows_the_chart_as_built(bundled):
    fig = build(bundled, EN, "trends", {"series": "persons_convicted"}).figure
    assert for_page(fig, "light") is fig


def test_on_a_dark_page_no_mark_vanishes_and_the_data_keeps_its_colours(bundled):
    fig = build(bundled, EN, "trends", {"series": "persons_convicted", "layout": "single"}).figure
    before = fig.to_json()
    dark = for_page(fig, "dark")
    assert fig.to_json() == before  # the built (and cached) figure is not touched
    paper = PAGE_DARK["paper"]
    assert dark.layout.paper_bgcolor == paper and dark.layout.plot_bgcolor == paper
    assert dark.layout.font.color == PAGE_DARK["text"]
    assert "#000000" in trace_colours(fig)  # the palette's black, and the flag's dark cross
    drawn = trace_colours(dark)
    assert min(contrast(c, paper) for c in drawn) >= 2
    assert CATEGORICAL[0] in drawn  # a country's colour is its colour in both themes
    for note in dark.layout.annotations:
        assert contrast(note.font.color, paper) >= 4.5
    assert dark.layout.xaxis.gridcolor == PAGE_DARK["grid"]


def test_a_maps_colours_stay_its_data_on_a_dark_page():
    fig = go.Figure(
        go.Choropleth(
            locations=["QAT"],
            z=[1],
            colorscale=[[0, "#1f2430"], [1, "#1f2430"]],
            marker={"line": {"color": "#1f2430"}},
        )
    )
    dark = for_page(fig, "dark")
    assert dark.data[0].colorscale == fig.data[0].colorscale
    assert dark.data[0].marker.line.color == "#1f2430"


def test_the_apps_own_text_is_readable_in_the_dark_theme():
    colours = re.findall(r"(?<![-\w])color: (#[0-9a-f]{6})", style.DARK)
    assert colours  # the dark theme sets the app's own text colours
    for colour in colours:
        for ground in (PAGE_DARK["paper"], "#262a33"):  # the page, and a table's header
            assert contrast(colour, ground) >= 4.5, colour


@pytest.mark.parametrize("theme", ["light", "dark", None])
def test_the_theme_watch_is_a_script_the_page_keeps(theme):
    # Streamlit empties an HTML block whose script holds anything like a tag: the watch
    # (and the page's direction, set by the same block) would silently be gone.
    script = style.THEME_WATCH.replace("DRAWN", json.dumps(theme))
    assert "<" not in script and "DRAWN" not in script
    assert f"const drawn = {json.dumps(theme)};" in script
