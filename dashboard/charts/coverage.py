"""The coverage grid: which of the three counts each country reported, year by year."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.style import GRID, NO_DATA, SEQUENTIAL, apply_direction
from dashboard.i18n import Locale


def coverage_grid(
    grid: pd.DataFrame,
    years: list[int],
    names: dict[str, str],
    letters: dict[str, str],
    locale: Locale,
) -> go.Figure:
    """A country x year heatmap: colour = how many of the counts were reported (empty = none).

    Each cell's text lists the letters of the counts reported; the hover says it in words.
    """
    iso3s = list(dict.fromkeys(grid["iso3"]))
    indicators = list(letters)
    z, text, hover = [], [], []
    for iso3 in iso3s:
        z_row, text_row, hover_row = [], [], []
        for year in years:
            cell = grid[(grid["iso3"] == iso3) & (grid["year"] == year) & grid["reported"]]
            done = [i for i in indicators if i in set(cell["indicator"])]
            z_row.append(len(done))
            text_row.append(" ".join(letters[i] for i in done))
            hover_row.append(
                locale.t(
                    "overview.coverage_hover",
                    country=names[iso3],
                    year=locale.year(year),
                    reported=" ".join(letters[i] for i in done)
                    or locale.t("overview.coverage_none"),
                )
            )
        z.append(z_row)
        text.append(text_row)
        hover.append(hover_row)
    steps = len(indicators)
    colours = [NO_DATA, SEQUENTIAL[0], SEQUENTIAL[2], SEQUENTIAL[4]][: steps + 1]
    bands = len(colours)
    scale = []
    for k, colour in enumerate(colours):
        scale += [[k / bands, colour], [(k + 1) / bands, colour]]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[str(y) for y in years],
            y=[names[i] for i in iso3s],
            text=text,
            texttemplate="%{text}",
            textfont={"size": 11},
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            zmin=-0.5,
            zmax=bands - 0.5,
            colorscale=scale,
            xgap=2,
            ygap=2,
            colorbar={
                "title": {"text": locale.t("overview.coverage_legend"), "side": "top"},
                "tickvals": list(range(bands)),
                "ticktext": [locale.number(k) for k in range(bands)],
                "orientation": "h",
                "x": 1 if locale.rtl else 0,
                "xanchor": "right" if locale.rtl else "left",
                "y": 1.0,
                "yanchor": "bottom",
                "len": 0.35,
                "thickness": 12,
            },
        )
    )
    fig.update_xaxes(
        tickvals=[str(y) for y in years],
        ticktext=[locale.year(y) for y in years],
        tickangle=-90 if len(years) > 20 else 0,
        showgrid=False,
    )
    fig.update_yaxes(showgrid=False, autorange="reversed")
    fig.update_layout(height=190 + 34 * len(iso3s))
    apply_direction(fig, locale)
    # Room for the country names on the reading side (plotly does not always make it).
    label = 12 + 8 * max((len(names[i]) for i in iso3s), default=0)
    side = {"r": label, "l": 10} if locale.rtl else {"l": label, "r": 10}
    fig.update_layout(
        plot_bgcolor=GRID, margin={"t": 90, "b": 40 if len(years) <= 20 else 60, **side}
    )
    return fig
