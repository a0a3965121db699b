"""The charts and tables the pages draw from their views, built once per view and shared.

A view is built once per dataset, language and state and shared by every session
(`dashboard.metrics.memo`); what a page draws from it was still built on every run: the
figures, the scorecard, the years grid, the tracker's matrix. Under load that was a third of
the server's time (`bench/profile.py`). Each function here takes the view (or the part of it
drawn) first and is memoised by its identity, like the views: a page run that finds its view
built finds its charts built too, and only sends them.

What these hand out is shared by every session: read it only. Slides and images draw copies
(`dashboard.slides.figures.slide_figure`).
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.charts.compare import choropleth, ranked_bars, scorecard_html, small_shapes
from dashboard.charts.coverage import coverage_html
from dashboard.charts.tracker import matrix_html
from dashboard.i18n import Locale
from dashboard.metrics.memo import shared


@shared
def shape_codes(shapes: dict) -> tuple[str, ...]:
    """The codes of a shapes file's features (the file as `dashboard.ui.files.shapes` reads it:
    one object per file while it is unchanged)."""
    return tuple(f["id"] for f in shapes["features"])


@shared
def small_places(shapes: dict, extent: str) -> dict[str, tuple[float, float]]:
    """The countries too small to see on this view of the map (`small_shapes`)."""
    return small_shapes(shapes["features"], extent)


def compare_map(view, shapes_url: str, drawn: tuple, names: dict, loc: Locale, small: dict):
    """The compare page's map of one view, for the shapes at `shapes_url`. Kept by the view's
    figures (`frame`), which views differing only in the side-by-side section share."""
    return _compare_map(
        view.frame,
        view.state.extent,
        view.categories,
        view.decimals,
        view.citation,
        shapes_url,
        drawn,
        names,
        loc,
        small,
    )


@shared
def _compare_map(
    frame, extent, categories, decimals, citation, shapes_url, drawn, names, loc, small
):
    return choropleth(
        frame,
        shapes_url,
        list(drawn),
        names,
        loc,
        extent=extent,
        categories=categories,
        decimals=decimals,
        citation=citation,
        small=small,
    )


def compare_bars(view, names: dict, loc: Locale) -> go.Figure:
    """The ranked bars, kept by the view's ranking (shared as the map is)."""
    return _compare_bars(view.ranked, names, loc, view.decimals, view.unit)


@shared
def _compare_bars(ranked, names: dict, loc: Locale, decimals, unit: str) -> go.Figure:
    return ranked_bars(ranked, names, loc, decimals, unit)


@shared
def scorecard(side, names: dict, categories: dict, loc: Locale) -> str:
    return scorecard_html(
        side.card,
        side.chosen,
        names,
        side.labels,
        categories,
        side.decimals,
        loc,
        units=side.units,
        directions=side.directions,
        marks=side.marks,
    )


@shared
def from_json(part, attribute: str) -> go.Figure:
    """A figure a view keeps as plotly JSON (`part.<attribute>`), as a figure: Streamlit would
    check and convert the JSON again on every run."""
    return go.Figure(getattr(part, attribute))


@shared
def profile_trend(trend, loc: Locale) -> go.Figure:
    return trend.figure(loc)


@shared
def profile_split(split, loc: Locale) -> go.Figure:
    return split.figure(loc)


@shared
def years_grid(view, names: dict, loc: Locale, newest_first: bool) -> str:
    """The years grid of the overview or a profile (`coverage`, `coverage_years`, `letters`)."""
    return coverage_html(
        view.coverage, view.coverage_years, names, view.letters, loc, newest_first=newest_first
    )


@shared
def tracker_matrix(view, loc: Locale) -> str:
    return matrix_html(view.cells, view.rules, view.labels, loc)
