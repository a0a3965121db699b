"""Colours, direction and the escaping of labels shared by every chart."""

from __future__ import annotations

import functools

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


def _plain(value):
    """Plotly reads `<b>`, `<a href>`, `<span style>` in any label: `<` and `>` become
    entities, which plotly draws as the characters (idempotent: escaped text has neither)."""
    if isinstance(value, str):
        return value.replace("<", "&lt;").replace(">", "&gt;")
    if isinstance(value, list | tuple):
        return type(value)(_plain(v) for v in value)
    if getattr(getattr(value, "dtype", None), "kind", "") in ("O", "U", "S"):  # numpy text
        return [_plain(v) for v in value]
    return value  # numbers, arrays of numbers, None


# Trace properties that hold text drawn as labels (not hover templates, which the chart
# modules write themselves and whose values they escape).
_TRACE_TEXT = ("x", "y", "name", "text", "labels")


def as_text(fig: go.Figure) -> go.Figure:
    """Every label of the figure shown as text: axis categories, trace and legend names, bar
    texts, Sankey nodes, titles, tick texts and annotations (subplot titles among them)."""
    for trace in fig.data:
        for prop in _TRACE_TEXT:
            if prop in trace and trace[prop] is not None:
                trace[prop] = _plain(trace[prop])
        if trace.type == "sankey" and trace.node.label is not None:
            trace.node.label = _plain(trace.node.label)
    layout = fig.layout
    if layout.title.text:
        layout.title.text = _plain(layout.title.text)
    if layout.legend.title.text:
        layout.legend.title.text = _plain(layout.legend.title.text)

    def axis(ax) -> None:
        if ax.title.text:
            ax.title.text = _plain(ax.title.text)
        if ax.ticktext is not None:
            ax.ticktext = _plain(ax.ticktext)

    fig.for_each_xaxis(axis)
    fig.for_each_yaxis(axis)
    for note in layout.annotations:
        note.text = _plain(note.text)
    return fig


def labels_as_text(build):
    """Decorate a function that returns a figure (or a tuple starting with one)."""

    @functools.wraps(build)
    def built(*args, **kwargs):
        out = build(*args, **kwargs)
        if isinstance(out, tuple):
            return (as_text(out[0]), *out[1:])
        return as_text(out)

    return built
