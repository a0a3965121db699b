"""Colours, direction and the escaping of labels shared by every chart."""

from __future__ import annotations

import functools
import math

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


# Estimated width of one character of a chart label, as a share of its font size: enough for
# Latin and Arabic digits and letters in the sans-serif faces browsers and kaleido use.
CHAR_WIDTH = 0.62
FONT_SIZE = 14


def separators(locale: Locale) -> str:
    """plotly's decimal mark and thousands separator for the reader's digits."""
    return "\u066b\u066c" if locale.digits == "arab" else ".,"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values from zero (or below `low`, when it is negative) to at least `high`,
    about `count` steps apart: the value axes here start at zero."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return []
    low = min(low, 0.0)
    high = max(high, low)
    if high == low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * 0.999)
    first = math.floor(low / step + 1e-9) * step
    ticks, k = [], 0
    while True:
        value = round(first + k * step, 10)
        ticks.append(value)
        if value >= high - step * 1e-9:
            return ticks
        k += 1


def _decimals_of(step: float) -> int:
    return 0 if step >= 1 else min(4, max(0, -math.floor(math.log10(step))))


def axis_values(fig: go.Figure, letter: str, axis_id: str) -> list[float]:
    """The values drawn along one value axis (`letter` 'x' or 'y', `axis_id` 'x', 'y2'...):
    bars' ends, points and their error bars."""
    found: list[float] = []
    for trace in fig.data:
        if trace.type not in ("bar", "scatter"):
            continue
        if (getattr(trace, f"{letter}axis", None) or letter) != axis_id:
            continue
        horizontal = trace.type == "bar" and trace.orientation == "h"
        along = "x" if horizontal else "y"
        if along != letter:
            continue
        values = list(trace[along] or [])
        bases = trace.base if trace.type == "bar" and trace.base is not None else None
        if bases is not None and not isinstance(bases, list | tuple):
            bases = [bases] * len(values)
        for k, v in enumerate(values):
            if not isinstance(v, int | float) or v != v:
                continue
            start = bases[k] if bases is not None and k < len(bases) else 0
            start = start if isinstance(start, int | float) and start == start else 0
            found += [start, start + v]
            error = trace[f"error_{along}"]
            if error is not None and error.array is not None and k < len(error.array):
                up = error.array[k]
                if isinstance(up, int | float) and up == up:
                    found.append(v + up)
    return found


def _localize_value_axis(fig: go.Figure, locale: Locale, letter: str) -> None:
    """Arabic-Indic digits on a value axis: plotly writes tick labels in Latin digits only, so
    the ticks are written out (round values over the data's range, each in the reader's
    digits). Axes that already carry their own tick texts (years, categories) are left alone."""

    def one(axis) -> None:
        if axis.ticktext is not None or axis.type == "category" or axis.tickvals is not None:
            return
        axis_id = axis.plotly_name.replace("axis", "")
        values = axis_values(fig, letter, axis_id)
        if not values:
            return
        ticks = nice_ticks(min(values), max(values))
        if len(ticks) < 2:
            return
        decimals = _decimals_of(ticks[1] - ticks[0])
        axis.update(
            tickmode="array",
            tickvals=ticks,
            ticktext=[locale.number(v, decimals) for v in ticks],
        )

    (fig.for_each_xaxis if letter == "x" else fig.for_each_yaxis)(one)


def label_width(texts, size: float = FONT_SIZE) -> int:
    """Pixels the longest of `texts` takes in a label of `size` points (an estimate)."""
    longest = max((len(str(t)) for t in texts if t is not None), default=0)
    return math.ceil(longest * size * CHAR_WIDTH)


def lay_out(fig: go.Figure, locale: Locale, time_axis: str | None = "x") -> go.Figure:
    """Lay a chart out for the reader's language, whatever the screen's width: every chart and
    slide goes through here.

    - Margins grow to fit tick labels and axis titles (plotly's automargin, at any width), and
      axis titles keep their distance from the tick labels.
    - Arabic mirrors the chart: time runs right to left, value axes and titles on the right,
      hover text aligned right.
    - Numbers: the reader's decimal mark and thousands separator, and with Arabic-Indic digits
      the value axes' ticks written in them.
    - Labels drawn outside bars get room at the bars' far end (never cut at the chart's edge).
    """
    fig.update_layout(
        font={"color": TEXT, "size": FONT_SIZE},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        separators=separators(locale),
    )
    fig.update_xaxes(automargin=True, title_standoff=10)
    fig.update_yaxes(automargin=True, title_standoff=10)
    if locale.digits == "arab":
        for letter in ("x", "y"):
            _localize_value_axis(fig, locale, letter)
    if locale.rtl:
        if time_axis == "x":
            fig.update_xaxes(autorange="reversed")
        fig.update_yaxes(side="right")
        fig.update_layout(
            title={"x": 1, "xanchor": "right"},
            legend={"x": 1, "xanchor": "right"},
            hoverlabel={"align": "right"},
        )
    return fig


def _luminance(colour: str) -> float:
    """WCAG's relative luminance of a colour written #rrggbb."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two colours written #rrggbb (1 to 21)."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _seen_on(paper: str, text: str):
    """A colour as drawn on `paper`: one that would all but vanish there (the palette's black
    on the dark room's black) is drawn in the theme's text colour instead."""

    def legible(colour):
        if isinstance(colour, str) and len(colour) == 7 and colour.startswith("#"):
            return text if contrast(colour, paper) < 2 else colour
        if isinstance(colour, list | tuple):
            return [legible(c) for c in colour]
        return colour

    return legible


def legible_traces(fig: go.Figure, colours: dict[str, str]) -> None:
    legible = _seen_on(colours["paper"], colours["text"])
    for trace in fig.data:
        if trace.type in ("choropleth", "scattergeo"):
            continue  # a map's colours are its data (and its legend's must match them)
        for path in ("line.color", "marker.color", "marker.line.color", "error_y.color"):
            try:
                value = trace[path]
            except (KeyError, ValueError):
                continue  # a trace type without this part
            if value is not None:
                trace[path] = legible(value)


# A page in the dark theme (.streamlit/config.toml, [theme.dark]): its charts take the page's
# own background, and marks drawn in the light page's ink are drawn in the dark page's.
PAGE_DARK = {"paper": "#0e1117", "text": "#e6e8ee", "grid": "#3a3f4b"}


def for_page(fig: go.Figure, theme: str) -> go.Figure:
    """A chart as the page in `theme` ("light" or "dark") shows it. Light: the chart as built.
    Dark: a copy on the dark page's background, its text, axes and grid in the dark page's
    colours, and every mark that would all but vanish there (the light page's ink, the
    palette's black) in the dark page's text colour; a map's colours are its data and stay."""
    if theme != "dark":
        return fig
    colours = PAGE_DARK
    legible = _seen_on(colours["paper"], colours["text"])
    out = go.Figure(fig)
    legible_traces(out, colours)
    out.update_layout(
        paper_bgcolor=colours["paper"],
        plot_bgcolor=colours["paper"],
        font={"color": colours["text"]},
    )
    for axes in (out.update_xaxes, out.update_yaxes):
        axes(gridcolor=colours["grid"], zerolinecolor=colours["grid"], linecolor=colours["grid"])
    for note in out.layout.annotations:
        note.font.color = legible(note.font.color) if note.font.color else colours["text"]
    for trace in out.data:
        if "textfont" in trace and trace.textfont.color is not None:
            trace.textfont.color = legible(trace.textfont.color)
    return out


def horizontal_bars(fig: go.Figure, locale: Locale) -> go.Figure:
    """Horizontal bars read top-down; in Arabic they grow from the right, axis on the right."""
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(gridcolor="#e6e8ec", rangemode="tozero", tickformat=",")
    lay_out(fig, locale, time_axis=None)
    if locale.rtl:
        fig.update_xaxes(autorange="reversed")
    return room_for_bar_labels(fig, FONT_SIZE)


def room_for_bar_labels(fig: go.Figure, size: float) -> go.Figure:
    """A margin as wide as the longest label drawn outside horizontal bars, at the bars' far
    end (the left in a mirrored chart), so no label is cut at the chart's edge at any width."""
    texts = [
        text
        for trace in fig.data
        if trace.type == "bar" and trace.orientation == "h" and trace.textposition == "outside"
        for text in (trace.text or [])
    ]
    if not texts:
        return fig
    room = label_width(texts, size) + 12
    mirrored = fig.layout.yaxis.side == "right"
    fig.update_layout(margin={"l": room} if mirrored else {"r": room})
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
