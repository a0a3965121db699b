"""Trend, funnel and breakdown figures. Pure: tidy frames and a Locale in, a figure out.

Lines break where a year is missing (never joined, never zero); a withheld count is drawn as
a vertical range at its year, not as a point; a flagged figure gets its own marker and note.
"""

from __future__ import annotations

import math
from html import escape

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import catalogue
from dashboard.charts.style import (
    CATEGORICAL,
    TEXT,
    axis_values,
    bar_extent,
    horizontal_bars,
    labels_as_text,
    lay_out,
)
from dashboard.i18n import Locale

REGION_COLOUR = "#1f2430"
EVENT_COLOUR = "#6b7080"
# Each country's points in their own shape as well as their own colour: eight colours alone
# were hard to tell apart (two blues, two oranges). The regional line has the square, a
# flagged figure the cross.
SYMBOLS = (
    "circle",
    "diamond",
    "triangle-up",
    "triangle-down",
    "hexagon",
    "star",
    "pentagon",
    "hourglass",
)
FLAG_MARKER = {"symbol": "x-thin", "size": 13, "line": {"width": 2, "color": TEXT}}
RANGE_MARKER = {"symbol": "line-ns", "size": 16, "line": {"width": 3, "color": TEXT}}


def _figure_text(row, locale: Locale, decimals: int | None) -> str:
    """A row's figure as `dashboard.catalogue.figure_text` writes it."""
    status = getattr(row, "status", None) or "reported"
    return catalogue.figure_text(locale, row.value, row.lower, row.upper, status, decimals)


def _hover(name: str, year: int, text: str, status: str, locale: Locale) -> str:
    return (
        f"{escape(name)}{locale.sep}{locale.year(year)}: {escape(text)}"
        f" ({escape(locale.t('trends.status_' + status))})"
    )


def _range_trace(
    years: list, low: pd.Series, high: pd.Series, colour: str, hover: list[str], **kwargs
) -> go.Scatter:
    """A range drawn as a vertical bar at its year (not a point): for withheld counts."""
    middle = (low + high) / 2
    return go.Scatter(
        x=years,
        y=list(middle),
        mode="markers",
        showlegend=False,
        marker={"color": "rgba(0,0,0,0)", "size": 1},
        error_y={
            "type": "data",
            "symmetric": False,
            "array": list(high - middle),
            "arrayminus": list(middle - low),
            "color": colour,
            "thickness": 3,
            "width": 6,
        },
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        **kwargs,
    )


def _country_traces(
    rows: pd.DataFrame,
    years: list[int],
    name: str,
    colour: str,
    locale: Locale,
    decimals: int | None,
    show_legend: bool,
    symbol: str = "circle",
) -> list[go.Scatter]:
    rows = rows.set_index("year")
    exact = rows[rows["value"].notna()]
    ranged = rows[rows["value"].isna()]
    flagged = rows[rows["status"] == "flagged"]
    line_y = [exact.loc[y, "value"] if y in exact.index else None for y in years]
    line_hover = [
        _hover(
            name, y, _figure_text(exact.loc[y], locale, decimals), exact.loc[y, "status"], locale
        )
        if y in exact.index
        else ""
        for y in years
    ]
    traces = [
        go.Scatter(
            x=years,
            y=line_y,
            mode="lines+markers",
            name=name,
            legendgroup=name,
            showlegend=show_legend,
            connectgaps=False,
            line={"color": colour, "width": 2.5},
            marker={"color": colour, "size": 8, "symbol": symbol},
            hovertext=line_hover,
            hovertemplate="%{hovertext}<extra></extra>",
        )
    ]
    if not ranged.empty:
        hover = [
            _hover(name, y, _figure_text(r, locale, decimals), r.status, locale)
            for y, r in ranged.iterrows()
        ]
        traces.append(
            _range_trace(
                list(ranged.index),
                ranged["lower"],
                ranged["upper"],
                colour,
                hover,
                name=name,
                legendgroup=name,
            )
        )
    if not flagged.empty and flagged["value"].notna().any():
        marked = flagged[flagged["value"].notna()]
        traces.append(
            go.Scatter(
                x=list(marked.index),
                y=list(marked["value"]),
                mode="markers",
                name=name,
                legendgroup=name,
                showlegend=False,
                marker=FLAG_MARKER,
                hoverinfo="skip",
            )
        )
    return traces


def _region_traces(region: pd.DataFrame, years, locale: Locale, decimals) -> list[go.Scatter]:
    label = locale.t("trends.region_name")
    region = region.set_index("year")
    hover = []
    line_y = []
    # "n of m" written on the line itself: a reader must see how many countries a point
    # stands for without hovering (a year with 1 of 8 is not the region).
    counted = []
    for y in years:
        if y in region.index and not math.isnan(region.loc[y, "value"]):
            r = region.loc[y]
            line_y.append(r["value"])
            counted.append(
                locale.t("trends.n_of_m_short", n=locale.number(r["n"]), m=locale.number(r["m"]))
            )
            hover.append(
                f"{escape(label)}{locale.sep}{locale.year(y)}: "
                f"{locale.number(r['value'], decimals)} · "
                + locale.t("trends.n_of_m", n=locale.number(r["n"]), m=locale.number(r["m"]))
            )
        else:
            line_y.append(None)
            hover.append("")
            counted.append("")
    traces = [
        go.Scatter(
            x=years,
            y=line_y,
            mode="lines+markers+text",
            text=counted,
            textposition="top center",
            textfont={"color": REGION_COLOUR, "size": 11},
            name=label,
            connectgaps=False,
            line={"color": REGION_COLOUR, "width": 3, "dash": "dash"},
            marker={"color": REGION_COLOUR, "size": 6, "symbol": "square"},
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
        )
    ]
    ranged = region[region["value"].isna()]
    if not ranged.empty:
        hover = [
            f"{escape(label)}{locale.sep}{locale.year(y)}: "
            + locale.t(
                "status.range",
                lower=locale.number(r["low"], decimals),
                upper=locale.number(r["high"], decimals),
            )
            + " · "
            + locale.t("trends.n_of_m", n=locale.number(r["n"]), m=locale.number(r["m"]))
            for y, r in ranged.iterrows()
        ]
        traces.append(
            _range_trace(list(ranged.index), ranged["low"], ranged["high"], REGION_COLOUR, hover)
        )
    return traces


def _key_traces(frame: pd.DataFrame, region: pd.DataFrame | None, locale: Locale) -> list:
    """Legend entries for the marks that are not a country's line: the cross on a flagged
    figure and the vertical bar of a withheld count, each only when the chart draws one."""
    withheld = frame["value"].isna() & frame["lower"].notna()
    if region is not None and not region.empty:
        withheld_region = (region["value"].isna() & region["low"].notna()).any()
    else:
        withheld_region = False
    keys = []
    if ((frame["status"] == "flagged") & frame["value"].notna()).any():
        keys.append((FLAG_MARKER, locale.t("trends.key_flagged")))
    if withheld.any() or withheld_region:
        keys.append((RANGE_MARKER, locale.t("trends.key_withheld")))
    return [
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=label,
            marker=marker,
            showlegend=True,
            hoverinfo="skip",
            legendgroup="key",
        )
        for marker, label in keys
    ]


def _one_scale(fig: go.Figure) -> None:
    """Every panel on one value scale, set here from what the panels draw. plotly's matched
    axes lose their autorange once the time axis has a set range: every panel then kept the
    empty range 0-4 and drew its line off the chart."""
    values = [
        v
        for axis in fig.select_yaxes()
        for v in axis_values(fig, "y", axis.plotly_name.replace("axis", ""))
    ]
    if not values:
        return
    low, high = min(0.0, *values), max(values)
    top = high + ((high - low) * 0.08 or 1)
    fig.update_yaxes(matches=None, range=[low, top], autorange=False)


@labels_as_text
def trend_figure(
    frame: pd.DataFrame,
    iso3s: list[str],
    names: dict[str, str],
    years: list[int],
    locale: Locale,
    *,
    y_title: str,
    decimals: int | None = None,
    multiples: bool = False,
    shared: bool = True,
    region: pd.DataFrame | None = None,
    events: list[tuple[int, str]] | None = None,
) -> go.Figure:
    """One line per country over `years` (or one small panel per country), with a legend
    entry for each kind of mark drawn."""
    frame = frame[frame["iso3"].isin(iso3s)]
    keys = _key_traces(frame, region if not multiples else None, locale)
    colours = {iso3: CATEGORICAL[i % len(CATEGORICAL)] for i, iso3 in enumerate(iso3s)}
    symbols = {iso3: SYMBOLS[i % len(SYMBOLS)] for i, iso3 in enumerate(iso3s)}

    def traces(iso3: str, legend: bool) -> list[go.Scatter]:
        rows = frame[frame["iso3"] == iso3]
        return _country_traces(
            rows,
            years,
            names[iso3],
            colours[iso3],
            locale,
            decimals,
            show_legend=legend,
            symbol=symbols[iso3],
        )

    if multiples:
        cols = min(3, max(1, len(iso3s)))
        rows = math.ceil(len(iso3s) / cols)
        fig = make_subplots(
            rows=rows,
            cols=cols,
            shared_xaxes="all",
            shared_yaxes="all" if shared else False,
            subplot_titles=[names[i] for i in iso3s],
            vertical_spacing=0.12 if rows > 1 else 0.2,
            horizontal_spacing=0.06,
        )
        for k, iso3 in enumerate(iso3s):
            for trace in traces(iso3, legend=False):
                fig.add_trace(trace, row=k // cols + 1, col=k % cols + 1)
        for trace in keys:
            fig.add_trace(trace, row=1, col=1)
        if shared:
            _one_scale(fig)
        fig.update_layout(
            height=260 * rows + 60 + (40 if keys else 0),
            showlegend=bool(keys),
            legend={"orientation": "h", "y": -0.5 / rows},
        )
    else:
        fig = go.Figure()
        for iso3 in iso3s:
            for trace in traces(iso3, legend=True):
                fig.add_trace(trace)
        if region is not None and not region.empty:
            for trace in _region_traces(region, years, locale, decimals):
                fig.add_trace(trace)
        for trace in keys:
            fig.add_trace(trace)
        fig.update_layout(height=480, legend={"orientation": "h", "y": -0.15})
    fig.update_xaxes(
        tickvals=years,
        ticktext=[locale.year(y) for y in years],
        range=[years[0] - 0.5, years[-1] + 0.5] if years else None,
        showgrid=False,
    )
    fig.update_yaxes(rangemode="tozero", gridcolor="#e6e8ec", tickformat=",")
    if not multiples:
        fig.update_yaxes(title_text=y_title)
    for year, label in events or []:
        fig.add_vline(x=year, line={"color": EVENT_COLOUR, "dash": "dot", "width": 1.5})
        if not multiples:
            fig.add_annotation(
                x=year,
                y=1.0,
                yref="paper",
                text=escape(label),
                showarrow=False,
                textangle=-90,
                xanchor="right",
                yanchor="top",
                font={"size": 11, "color": TEXT},
            )
    lay_out(fig, locale)
    if locale.rtl and years:
        fig.update_xaxes(range=[years[-1] + 0.5, years[0] - 0.5], autorange=False)
    return fig


@labels_as_text
def funnel_figure(
    frame: pd.DataFrame,
    iso3s: list[str],
    names: dict[str, str],
    stages: dict[str, str],
    locale: Locale,
) -> go.Figure:
    """Side by side, per country: each stage of the criminal-justice chain in one year.

    A stage not reported is labelled so, with no bar; a withheld count is a range bar.
    """
    fig = go.Figure()
    labels = [names[i] for i in iso3s]
    for k, (stage, stage_label) in enumerate(stages.items()):
        rows = frame[frame["stage"] == stage].set_index("iso3")
        base, length, text, hover = [], [], [], []
        for iso3 in iso3s:
            if iso3 not in rows.index:
                base.append(0)
                length.append(0)
                text.append(locale.t("status.not_reported"))
            else:
                r = rows.loc[iso3]
                start, size = bar_extent(r["value"], r["lower"], r["upper"])
                base.append(start)
                length.append(size)
                text.append(_figure_text(r, locale, 0))
            hover.append(f"{escape(names[iso3])}: {escape(stage_label)}: {escape(text[-1])}")
        fig.add_trace(
            go.Bar(
                y=labels,
                x=length,
                base=base,
                name=stage_label,
                orientation="h",
                marker={"color": CATEGORICAL[k % len(CATEGORICAL)]},
                text=text,
                textposition="outside",
                cliponaxis=False,
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="group",
        height=140 + 110 * len(iso3s),
        legend={"orientation": "h", "y": -0.08, "traceorder": "normal"},
    )
    return horizontal_bars(fig, locale)


@labels_as_text
def breakdown_figure(
    frame: pd.DataFrame,
    categories: dict[str, str],
    years: list[int],
    locale: Locale,
    *,
    percent: bool,
    y_title: str,
) -> go.Figure:
    """Stacked bars of the reported parts per year (or 100 % stacked). Withheld parts (1-4)
    are not stacked as numbers; the page lists them."""
    exact = frame[frame["value"].notna()]
    fig = go.Figure()
    for k, (code, label) in enumerate(categories.items()):
        part = exact[exact["category"] == code].set_index("year")
        if part.empty:
            continue
        values = [part.loc[y, "value"] if y in part.index else None for y in years]
        fig.add_trace(
            go.Bar(
                x=years,
                y=values,
                name=label,
                marker={"color": CATEGORICAL[k % len(CATEGORICAL)]},
                hovertext=[
                    f"{escape(label)}{locale.sep}{locale.year(y)}: {locale.number(v)}"
                    if v is not None
                    else ""
                    for y, v in zip(years, values, strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        barnorm="percent" if percent else None,
        height=420,
        legend={"orientation": "h", "y": -0.15},
    )
    fig.update_xaxes(tickvals=years, ticktext=[locale.year(y) for y in years])
    fig.update_yaxes(title_text=y_title, gridcolor="#e6e8ec", tickformat=",")
    lay_out(fig, locale)
    return fig
