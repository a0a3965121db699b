"""Colours and direction shared by every chart."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.i18n import Locale

# Okabe-Ito: categories that colour-blind readers can tell apart. Its yellow (#F0E442) is
# too faint for a line on white, so a dark gold takes its place, last.
CATEGORICAL = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#000000",
    "#9A7B00",
)
# Steps of viridis, for ordered magnitudes (light = few, dark = many).
SEQUENTIAL = ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154")
TEXT = "#1f2430"
GRID = "#d5d8de"
NO_DATA = "#ffffff"


def apply_direction(fig: go.Figure, locale: Locale, time_axis: str | None = "x") -> go.Figure:
    """Mirror a chart for Arabic: time runs right to left, value axes on the right."""
    fig.update_layout(
        font={"color": TEXT, "size": 14},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
    )
    if not locale.rtl:
        return fig
    if time_axis == "x":
        fig.update_xaxes(autorange="reversed")
    fig.update_yaxes(side="right")
    fig.update_layout(title={"x": 1, "xanchor": "right"}, legend={"x": 0, "xanchor": "left"})
    return fig


def horizontal_bars(fig: go.Figure, locale: Locale) -> go.Figure:
    """Horizontal bars read top-down; in Arabic they grow from the right, axis on the right."""
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(gridcolor="#e6e8ec", rangemode="tozero", tickformat=",")
    apply_direction(fig, locale, time_axis=None)
    if locale.rtl:
        fig.update_xaxes(autorange="reversed")
    return fig


def bar_extent(value: float, lower: float, upper: float) -> tuple[float, float]:
    """(base, length) of a bar: from zero for a figure, floating from lower to upper for a
    range (a withheld count is not drawn as a number)."""
    if value == value:  # not NaN
        return 0.0, value
    return lower, upper - lower
