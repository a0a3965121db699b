"""Comparison charts: a choropleth from the project's own shapes (no tiles), ranked bars that
keep withheld figures as ranges, and a scorecard table coloured against the peer group."""

from __future__ import annotations

import math
from html import escape

import pandas as pd
import plotly.graph_objects as go

from dashboard import catalogue
from dashboard.charts.style import (
    CATEGORICAL,
    SEQUENTIAL,
    TEXT,
    bar_extent,
    horizontal_bars,
    labels_as_text,
)
from dashboard.i18n import Locale

NO_DATA = "#eceef2"
WITHHELD = "#9ea3ad"
BORDER = "#ffffff"
# Map views: (longitudes, latitudes) shown, on a Mercator projection.
EXTENTS = {"region": ((12.0, 78.0), (2.0, 44.0)), "world": ((-170.0, 190.0), (-56.0, 80.0))}
# plotly's SVG map always fetches its own world outlines (from plotly's CDN unless told where):
# it is pointed at this file in assets/, which has no shapes, since every shape drawn is ours.
BASE_LAYERS = "world_110m.json"
# Five steps from worse than most of the peer group to better than most; an indicator with no
# direction (a count, where higher is neither better nor worse) is not shaded at all.
SCORE_LEVELS = ("sc-w2", "sc-w1", "sc-mid", "sc-b1", "sc-b2")


def small_shapes(features: list[dict], extent: str) -> dict[str, tuple[float, float]]:
    """The countries too small to see or point at in this view of the map (Bahrain on the
    regional map): code -> the centre of their bounds, where the map marks them with a dot.
    Small is less than a sixtieth of the view's width across, either way."""
    (west, east), _ = EXTENTS[extent]
    limit = (east - west) / 60
    out = {}
    for feature in features:
        xs: list[float] = []
        ys: list[float] = []
        stack = [(feature.get("geometry") or {}).get("coordinates") or []]  # none: no dot
        while stack:
            part = stack.pop()
            if part and isinstance(part[0], int | float):
                xs.append(part[0])
                ys.append(part[1])
            else:
                stack.extend(part)
        if xs and max(max(xs) - min(xs), max(ys) - min(ys)) < limit:
            out[feature["id"]] = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    return out


def step_of(value: float, low: float, high: float, steps: int = len(SEQUENTIAL)) -> int:
    """Which of `steps` equal steps from `low` to `high` a figure falls in (the highest in
    the last): one rule for the map's colours and its legend."""
    share = 0.0 if high == low else (value - low) / (high - low)
    return min(steps - 1, int(share * steps + 1e-9))  # a figure on an edge starts the step


def step_labels(
    low: float, high: float, locale: Locale, decimals: int | None, steps: int = len(SEQUENTIAL)
) -> list[str]:
    """What each step of the map's colours covers, as the legend writes it: "5–18", "19–31"...
    Whole numbers (no decimals) are split so that no number is in two steps; a step no whole
    number can fall in is left blank. With decimals, neighbouring steps share their edge."""
    if high == low:
        return [locale.number(low, decimals)] + [""] * (steps - 1)
    width = (high - low) / steps
    edges = [low + k * width for k in range(steps)] + [high]
    labels = []
    for k in range(steps):
        first, last = edges[k], edges[k + 1]
        if not decimals:
            first = math.ceil(first - 1e-9)
            last = math.floor(last) if k == steps - 1 else math.ceil(last - 1e-9) - 1
            if first > last:
                labels.append("")
                continue
            if first == last:
                labels.append(locale.number(first, 0))
                continue
        labels.append(f"{locale.number(first, decimals)}–{locale.number(last, decimals)}")
    return labels


def figure_text(row, locale: Locale, decimals: int | None) -> str:
    """A row's figure as `dashboard.catalogue.figure_text` writes it."""
    return catalogue.figure_text(
        locale, row["value"], row["lower"], row["upper"], row.get("status") or "reported", decimals
    )


@labels_as_text
def choropleth(
    frame: pd.DataFrame,
    shapes_url: str,
    drawn: list[str],
    names: dict[str, str],
    locale: Locale,
    *,
    extent: str,
    categories: dict[float, str] | None,
    decimals: int | None,
    citation: str,
    small: dict[str, tuple[float, float]] | None = None,
) -> go.Figure:
    """Countries coloured by their figure; no data and withheld figures each in their own grey.
    A compared country too small to see (`small`, from `small_shapes`) also gets a dot of its
    colour, with the same hover.

    Drawn as SVG (plotly's `geo`), not WebGL: redrawing it for another indicator takes the
    browser a fraction of the time. Draw it with `map_config(...)`, which keeps it offline.
    The shapes are not embedded: every layer points at `shapes_url` (the app's static file),
    which the browser fetches once. `drawn` lists the codes that have a shape.
    `categories` (code -> label) makes the colours categorical (tiers); otherwise sequential.
    """
    geojson = shapes_url  # fetched once by the browser from this server, then cached
    rows = frame.set_index("iso3")
    has = [i for i in drawn if i in rows.index]
    exact = [i for i in has if not math.isnan(rows.loc[i, "value"])]
    withheld = [i for i in has if i not in exact]
    missing = [i for i in drawn if i not in rows.index]

    def hover(iso3: str) -> str:
        name = escape(names.get(iso3, iso3))
        if iso3 not in rows.index:
            return f"{name}: {escape(locale.t('compare.no_data'))}"
        r = rows.loc[iso3]
        text = (
            categories.get(r["value"], "")
            if categories and not math.isnan(r["value"])
            else figure_text(r, locale, decimals)
        )
        status = locale.t(f"trends.status_{r['status']}")
        sep = locale.t("flows.list_sep")
        return (
            f"{name}: {escape(text)} ({locale.year(int(r['year']))}{sep}{escape(status)})"
            f"<br>{escape(citation)}"
        )

    # One trace, one copy of the shapes in the browser: every country gets a class, and a
    # stepped colour scale gives each class its colour (greys first, then the data).
    classes: list[tuple[str, str]] = [(NO_DATA, "no_data"), (WITHHELD, "withheld")]
    codes_of: dict[str, int] = {i: 0 for i in missing}
    codes_of.update({i: 1 for i in withheld})
    if categories:
        order = sorted(categories)
        for k, code in enumerate(order):
            classes.append((CATEGORICAL[k % len(CATEGORICAL)], categories[code]))
        for i in exact:
            codes_of[i] = 2 + order.index(rows.loc[i, "value"])
    elif exact:
        values = pd.Series({i: rows.loc[i, "value"] for i in exact})
        # the steps run over every exact figure, as the legend's do (`step_labels`)
        low, high = rows["value"].min(), rows["value"].max()
        steps = len(SEQUENTIAL)
        for k, colour in enumerate(SEQUENTIAL):
            classes.append((colour, f"step {k}"))
        for i, v in values.items():
            codes_of[i] = 2 + step_of(v, low, high, steps)
    count = len(classes)
    scale = []
    for k, (colour, _) in enumerate(classes):
        scale += [[k / count, colour], [(k + 1) / count, colour]]
    located = [i for i in drawn if i in codes_of]
    fig = go.Figure(
        go.Choropleth(
            geojson=geojson,
            locations=located,
            z=[codes_of[i] for i in located],
            zmin=-0.5,
            zmax=count - 0.5,
            featureidkey="id",
            colorscale=scale,
            showscale=False,
            marker={"line": {"color": BORDER, "width": 0.6}},
            hovertext=[hover(i) for i in located],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    dots = [i for i in located if i in (small or {}) and i in rows.index]
    if dots:
        fig.add_trace(
            go.Scattergeo(
                lon=[small[i][0] for i in dots],
                lat=[small[i][1] for i in dots],
                mode="markers",
                marker={
                    "size": 12,
                    "color": [classes[codes_of[i]][0] for i in dots],
                    "line": {"color": TEXT, "width": 1.2},
                },
                hovertext=[hover(i) for i in dots],
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
            )
        )
    lons, lats = EXTENTS[extent]
    fig.update_geos(
        visible=False,  # no base layers: the shapes above are the whole map
        projection_type="mercator",
        lonaxis_range=lons,
        lataxis_range=lats,
        bgcolor="rgba(0,0,0,0)",
    )
    fig.update_layout(
        height=520,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        showlegend=False,
    )
    return fig


def map_config(static_base: str) -> dict:
    """`st.plotly_chart`'s config for the choropleth: plotly fetches its base layers from
    `static_base` (this server's static files, ending in "/") instead of the internet."""
    return {"scrollZoom": False, "topojsonURL": static_base}


def legend_items(
    locale: Locale,
    categories: dict[float, str] | None,
    steps: list[str] | None = None,
) -> list[tuple[str, str]]:
    """The map's colours and what each means: no data and withheld each named, then the
    categories, or what each step of the colours covers (`steps`, from `step_labels`)."""
    items = [(NO_DATA, locale.t("compare.no_data")), (WITHHELD, locale.t("compare.withheld"))]
    if categories:
        items += [
            (CATEGORICAL[k % len(CATEGORICAL)], label)
            for k, (_, label) in enumerate(sorted(categories.items()))
        ]
    elif steps:
        items += [(c, text) for c, text in zip(SEQUENTIAL, steps, strict=True) if text]
    return items


def legend_html(
    locale: Locale,
    categories: dict[float, str] | None,
    steps: list[str] | None = None,
) -> str:
    """The map's legend as text (`legend_items`), beside the map on the page."""
    items = legend_items(locale, categories, steps)
    spans = "".join(
        f"<span class='tip-legend-item'><span class='tip-swatch' style='background:{c}'></span>"
        f"{escape(text)}</span>"
        for c, text in items
    )
    if steps and not categories:
        spans += f"<span class='tip-legend-item'>({escape(locale.t('compare.darker_more'))})</span>"
    return f"<p class='tip-legend'>{spans}</p>"


def map_for_file(
    fig: go.Figure, shapes: dict, items: list[tuple[str, str]], note: str = ""
) -> go.Figure:
    """The choropleth as a file to take home: its shapes inside the figure (on the page the
    browser fetches them from this server) and its legend drawn with it (`legend_items`: on
    the page the legend is text beside the map), one square per colour, then `note` (which
    way the colours run) with none."""
    out = go.Figure(fig)
    out.update_traces(geojson=shapes, selector={"type": "choropleth"})
    for colour, text in [*items, *([("rgba(0,0,0,0)", note)] if note else [])]:
        out.add_trace(
            go.Scattergeo(
                lon=[None],
                lat=[None],
                mode="markers",
                marker={
                    "size": 18,
                    "color": colour,
                    "symbol": "square",
                    "line": {"width": 1 if note != text else 0, "color": WITHHELD},
                },
                name=escape(text),  # plotly reads a few tags in names; this is text
                showlegend=True,
                hoverinfo="skip",
            )
        )
    out.update_layout(showlegend=True)
    return out


@labels_as_text
def ranked_bars(
    ranked: pd.DataFrame, names: dict[str, str], locale: Locale, decimals: int | None, unit: str
) -> go.Figure:
    """Horizontal bars in rank order, each with its figure and year; a withheld figure is a
    floating range bar, not a number. Countries with no figure are left to the caption."""
    shown = ranked[~ranked["missing"]]
    labels = [names[i] for i in shown["iso3"]]
    base, length, text, colours, hover = [], [], [], [], []
    for _, r in shown.iterrows():
        exact = not math.isnan(r["value"])
        start, size = bar_extent(r["value"], r["lower"], r["upper"])
        base.append(start)
        length.append(size)
        label = f"{figure_text(r, locale, decimals)} ({locale.year(int(r['year']))})"
        text.append(label)
        colours.append(CATEGORICAL[0] if exact else WITHHELD)
        status = locale.t(f"trends.status_{r['status']}")
        sep = locale.t("flows.list_sep")
        hover.append(f"{escape(names[r['iso3']])}: {escape(label)}{sep}{escape(status)}")
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=length,
            base=base,
            orientation="h",
            marker={"color": colours},
            text=text,
            textposition="outside",
            cliponaxis=False,
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    fig.update_layout(height=120 + 28 * len(labels), showlegend=False)
    fig.update_xaxes(title_text=unit)
    return horizontal_bars(fig, locale)


def score_level(standing: float, direction: str) -> str:
    """The shade of a cell: by how much better or worse than the peer group it stands, where
    the indicator has a direction ('better' or 'worse' when higher); none where it has not."""
    if direction not in ("better", "worse") or math.isnan(standing):
        return "sc-none"
    good = standing if direction == "better" else 1.0 - standing
    return SCORE_LEVELS[min(4, int(good * 5))]


def scorecard_html(
    card: pd.DataFrame,
    chosen: list[str],
    names: dict[str, str],
    labels: dict[str, str],
    categories: dict[str, dict[float, str]],
    decimals: dict[str, int | None],
    locale: Locale,
    *,
    units: dict[str, str] | None = None,
    directions: dict[str, str] | None = None,
    marks: dict[tuple[str, str], int] | None = None,
) -> str:
    """Indicators as rows (each with its unit), countries as columns; each cell its figure,
    year and status, shaded by whether it is better or worse than most of the peer group
    (`score_level`). `marks` numbers the cells whose note is listed under the table."""
    units, directions, marks = units or {}, directions or {}, marks or {}
    head = "".join(f"<th scope='col'>{escape(names[i])}</th>" for i in chosen)
    body = []
    for indicator, label in labels.items():
        cells = card[card["indicator"] == indicator].set_index("iso3")
        unit = units.get(indicator, "")
        unit_html = f"<br><span class='sc-unit'>{escape(unit)}</span>" if unit else ""
        row = [f"<th scope='row'>{escape(label)}{unit_html}</th>"]
        for iso3 in chosen:
            if iso3 not in cells.index or pd.isna(cells.loc[iso3].get("year")):
                row.append(f"<td class='sc-none'>{escape(locale.t('status.not_reported'))}</td>")
                continue
            r = cells.loc[iso3]
            if indicator in categories and not math.isnan(r["value"]):
                text = categories[indicator].get(r["value"], "")
            else:
                text = figure_text(r, locale, decimals.get(indicator))
            text = f"{text} ({locale.year(int(r['year']))})"
            if r["status"] == "suppressed":
                text += " · " + locale.t("trends.status_suppressed")
            elif r["status"] == "flagged":
                text += " · " + locale.t("compare.flagged")
            mark = marks.get((indicator, iso3))
            if mark is not None:
                text += f" [{locale.number(mark)}]"
            level = score_level(r["standing"], directions.get(indicator, ""))
            row.append(f"<td class='{level}'>{escape(text)}</td>")
        body.append("<tr>" + "".join(row) + "</tr>")
    return (
        "<div class='tip-table-wrap'><table class='tip-table tip-score'>"
        f"<thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def ranked_spans(card: pd.DataFrame, labels: dict[str, str]) -> list[tuple[str, int, int]]:
    """(label, first year, last year) of each indicator, in `labels` order, whose compared
    figures (see `metrics.compare.scorecard`) come from more than one year."""
    out = []
    for indicator, label in labels.items():
        rows = card[card["indicator"] == indicator].dropna(subset=["first", "last"])
        if rows.empty:
            continue
        first, last = int(rows["first"].iloc[0]), int(rows["last"].iloc[0])
        if first != last:
            out.append((label, first, last))
    return out
