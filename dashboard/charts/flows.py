"""The flow map (pydeck, no basemap), the Sankey (plotly) and the map's key (HTML).

The map draws only what the app serves: the country shapes come from the app's static file,
flows are arcs. Direction reads without colour: every arc goes from light (origin) to dark
(destination), destinations are filled dots and origins rings, and each tooltip says
"origin → destination". Counted flows (blue, width by victims) and documented routes
(thin, higher arcs, never counted) are separate layers; a route its source states outright
is vermilion, one with a place or leg inferred by the compiler thinner and reddish purple.
Text on the map is in tooltips and the key below it, which the browser shapes and orders
correctly in Arabic.
"""

from __future__ import annotations

import json
import math
import re
from html import escape, unescape

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from dashboard.charts.style import TEXT, labels_as_text, lay_out
from dashboard.i18n import Locale
from dashboard.importers.routes import ATTRIBUTION_AR, chapter
from dashboard.metrics.flows import Scale, hubs, node_totals

# The land image, with every border, is drawn at build time (importers.natural_earth); the
# countries of the view are shaded over it, see-through so its borders show. They are not
# outlined: drawing outlines (deck.gl's path shader) cost over a second per page in a browser
# without a GPU, and the image's borders already show them.
SHADE = [190, 198, 214, 70]  # over the image's land (238, 240, 244): about (225, 229, 236)
MERCATOR_LIMIT = 85.0511
# Light at the origin, dark at the destination: the lightness carries the direction.
COUNTED_FROM, COUNTED_TO = [150, 200, 235], [0, 70, 140]
ROUTE_FROM, ROUTE_TO = [245, 180, 130], [165, 55, 0]
# Each documented route's confidence (dataset.schema.CONFIDENCES): its colours and width.
ROUTE_STYLE = {
    "explicit": (ROUTE_FROM, ROUTE_TO, 2.5),
    "partial": ([236, 190, 218], [150, 45, 110], 1.5),
}
WITHHELD_ALPHA = 90
DESTINATION = [0, 70, 140]
ORIGIN = [0, 114, 178]
HUB = [165, 55, 0]
REGION = [90, 96, 110]
# pydeck reads a plain string as an accessor expression; a literal needs its String type.
PIXELS = pdk.types.String("pixels")
SANKEY_MAX = 30  # corridors in the Sankey; the table lists every one
# Room between two Sankey nodes: more than a label's height (13 px type), so the labels of
# small neighbouring nodes never overlap.
SANKEY_PAD = 20


class CompactDeck(pdk.Deck):
    """A deck whose JSON is written without indentation: pydeck indents it, which triples
    the bytes of every coordinate list sent to the browser."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def years_text(years, locale: Locale) -> str:
    """Years as runs: 2018–2020, 2022."""
    years = sorted(set(int(y) for y in years))
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    parts = [
        locale.year(r[0]) if len(r) == 1 else f"{locale.year(r[0])}–{locale.year(r[-1])}"
        for r in runs
    ]
    return locale.t("flows.list_sep").join(parts)


def victims_text(row, locale: Locale) -> str:
    """A counted flow's victims: the number, a range, or '1–4 (withheld)'."""
    if not math.isnan(row["victims"]):
        return locale.number(row["victims"])
    text = locale.range(row["lower"], row["upper"])
    if row["withheld"]:
        text += " " + locale.t("flows.withheld_mark")
    return text


def path_text(codes, names: dict[str, str], locale: Locale) -> str:
    arrow = f" {locale.t('flows.arrow')} "
    return arrow.join(names.get(c, c) for c in codes if c)


# The map's width in CSS pixels: the page's column on a laptop or projector, and a phone's
# screen less its margins. deck.gl draws the world 512 px wide at zoom 0.
DESKTOP_WIDTH = 680
PHONE_WIDTH = 350
MAP_HEIGHT = 560


def _view(places: pd.DataFrame, width: int = DESKTOP_WIDTH) -> pdk.ViewState:
    """A view that shows every place drawn on a map `width` pixels wide and 560 high
    (the region when there is nothing to show)."""
    if places.empty:
        return pdk.ViewState(longitude=45, latitude=24, zoom=2.2 + math.log2(width / DESKTOP_WIDTH))
    west, east = places.lon.min(), places.lon.max()
    south, north = places.lat.min(), places.lat.max()
    # a degree of latitude takes about as much room as 1.5 of longitude at these latitudes,
    # with a margin; a narrow map has more room down than across (its height is the same)
    tall = (north - south) * 1.8 * (width / DESKTOP_WIDTH)
    # and a margin, so that the marks at the edges are drawn whole
    span = max(east - west, tall, 20.0 * width / DESKTOP_WIDTH) * 1.15
    zoom = max(-1.0, min(4.0, math.log2(360.0 / span * width / 512)))
    return pdk.ViewState(
        longitude=round((west + east) / 2, 2), latitude=round((south + north) / 2, 2), zoom=zoom
    )


def _point(places: pd.DataFrame, iso3: str):
    row = places.loc[iso3]
    return [round(float(row.lon), 2), round(float(row.lat), 2)]


def flow_deck(
    corridors: pd.DataFrame,
    routes: pd.DataFrame,
    route_legs: pd.DataFrame,
    places: pd.DataFrame,
    names: dict[str, str],
    citations: dict[str, str],
    locale: Locale,
    width_scale: Scale,
    land_url: str,
    outlines: dict[str, dict],
    map_width: int = DESKTOP_WIDTH,
) -> pdk.Deck:
    """The flow map, its first view fitted to a map `map_width` pixels wide (PHONE_WIDTH on a
    phone). `places` is indexed by code with lon, lat, entity ('country'/'group').

    Under the flows: the world as one image (`land_url`, served by this app, fetched once),
    and, shaded, the countries in `outlines` (code -> GeoJSON geometry from the project's
    coarse shapes: the destinations chosen and the country in focus), which can be hovered
    and clicked. Only those few are sent with each view, so a redraw stays light.

    `corridors` are counted flows (metrics.flows.counted), `routes` documented routes and
    `route_legs` their legs (metrics.flows.legs). Flows with an end that has no place (e.g.
    'citizenship not stated') are not drawn here; the page lists them.
    """
    t = locale.t
    placed = set(places.index)
    arcs = []
    for _, r in corridors.iterrows():
        if r.origin == r.destination or r.origin not in placed or r.destination not in placed:
            continue
        alpha = WITHHELD_ALPHA if r.withheld else 230
        title = path_text([r.origin, r.transit, r.destination], names, locale)
        tip = [
            t("flows.tip_victims", victims=victims_text(r, locale))
            + f" ({years_text(r.years, locale)})"
        ]
        if r.flagged:
            tip.append(t("flows.tip_flagged"))
        tip.append(_cited(r.sources, citations, locale))
        arcs.append(
            {
                "source": _point(places, r.origin),
                "target": _point(places, r.destination),
                "width": round(width_scale.width(r.lower), 1),
                "from": [*COUNTED_FROM, alpha],
                "to": [*COUNTED_TO, alpha],
                **_tip(title, tip),
            }
        )
    legs = []
    for _, leg in route_legs.iterrows():
        if leg.start not in placed or leg.end not in placed:
            continue
        route = routes.iloc[int(leg.path)]
        title = path_text([route.origin, route.transit, route.destination], names, locale)
        tip = [t("flows.tip_route") + f" ({years_text(route.years, locale)})"]
        if leg.leg:
            tip.append(t(f"flows.tip_leg_{leg.leg}", transit=names.get(route.transit, "")))
        confidence = _confidence(route)
        tip.append(
            t("flows.tip_confidence", confidence=t(f"flows.confidence_{confidence or 'unknown'}"))
        )
        tip.append(_cited(route.sources, citations, locale))
        # A route with no confidence recorded is not drawn as stated: it is drawn as partial.
        start, end, width = ROUTE_STYLE[confidence or "partial"]
        legs.append(
            {
                "source": _point(places, leg.start),
                "target": _point(places, leg.end),
                "from": [*start, 235],
                "to": [*end, 235],
                "width": width,
                **_tip(title, tip),
            }
        )
    marks = _place_marks(corridors, routes, places, names, locale)
    tips = {m["iso3"]: {k: m[k] for k in ("tip_title", "tip_lines")} for m in marks}
    countries = [
        {
            "type": "Feature",
            "geometry": geometry,
            "iso3": code,
            **tips.get(code, _tip(names.get(code, code), [])),
        }
        for code, geometry in sorted(outlines.items())
    ]
    layers = [
        pdk.Layer(
            "BitmapLayer",
            id="land",
            image=pdk.types.String(land_url),  # fetched once from this server, then cached
            bounds=[-180, -MERCATOR_LIMIT, 180, MERCATOR_LIMIT],
            pickable=False,
        ),
        pdk.Layer(
            "GeoJsonLayer",
            id="countries",
            data={"type": "FeatureCollection", "features": countries},
            stroked=False,
            filled=True,
            get_fill_color=SHADE,
            pickable=True,
            auto_highlight=True,
            highlight_color=[0, 114, 178, 50],
        ),
        pdk.Layer(
            "ArcLayer",
            id="counted",
            data=arcs,
            get_source_position="source",
            get_target_position="target",
            get_source_color="from",
            get_target_color="to",
            get_width="width",
            width_units=PIXELS,
            get_height=0.6,
            great_circle=False,
            pickable=True,
            auto_highlight=True,
        ),
        pdk.Layer(
            "ArcLayer",
            id="routes",
            data=legs,
            get_source_position="source",
            get_target_position="target",
            get_source_color="from",
            get_target_color="to",
            get_width="width",
            width_units=PIXELS,
            get_height=1.3,  # higher than counted arcs, so the two never lie on each other
            pickable=True,
            auto_highlight=True,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            id="places",
            data=marks,
            get_position="position",
            get_fill_color="fill",
            get_line_color="line",
            get_radius="radius",
            radius_units=PIXELS,
            stroked=True,
            filled=True,
            line_width_units=PIXELS,
            get_line_width="line_width",
            pickable=True,
            auto_highlight=True,
        ),
    ]
    style = {
        "backgroundColor": "#ffffff",
        "color": TEXT,
        "border": "1px solid #b0b6c2",
        "fontSize": "14px",
        "maxWidth": "340px",
        "direction": locale.direction,
        "textAlign": "right" if locale.rtl else "left",
    }
    return CompactDeck(
        layers=layers,
        initial_view_state=_view(
            places.loc[sorted(_drawn_places(corridors, routes, placed))], map_width
        ),
        map_provider=None,
        tooltip={"html": TOOLTIP, "style": style},
    )


# The tooltip's markup is ours; the values put into it are plain text, which Streamlit escapes
# as it fills them in (so a name can never become markup, and must not be escaped twice).
TOOLTIP = "<b>{tip_title}</b><div style='white-space: pre-line'>{tip_lines}</div>"


def _tip(title: str, lines: list[str]) -> dict[str, str]:
    """A tooltip's two fields: its title and its lines (one text, a line break between)."""
    return {"tip_title": title, "tip_lines": "\n".join(lines)}


def _cited(sources, citations: dict[str, str], locale: Locale) -> str:
    """A flow's citations in a tooltip, between them the locale's separator of items that
    have commas of their own ("; ", Arabic "؛ ")."""
    return locale.t("compare.items_sep").join(citations.get(s, s) for s in sources)


def _confidence(route) -> str:
    """A route's confidence when the dataset gives a known one, else ""."""
    value = getattr(route, "confidence", "")
    return value if value in ROUTE_STYLE else ""


def _drawn_places(corridors: pd.DataFrame, routes: pd.DataFrame, placed: set[str]) -> set[str]:
    codes = set(corridors.origin) | set(corridors.destination)
    codes |= set(routes.origin) | set(routes.destination) | set(routes.transit)
    return {c for c in codes if c in placed}


def _place_marks(corridors, routes, places, names, locale) -> list[dict]:
    """A mark at every place drawn: destination dot, origin ring, transit hub, region."""
    t = locale.t
    totals = node_totals(corridors)
    through = hubs(routes)
    placed = set(places.index)
    marks = []
    for code in sorted(_drawn_places(corridors, routes, placed)):
        is_region = places.loc[code, "entity"] != "country"
        lines = []
        if is_region:
            lines.append(t("flows.tip_region"))
        row = totals.loc[code] if code in totals.index else None
        receives = row is not None and row.in_upper > 0
        if row is not None:
            for part in ("in", "out", "home"):
                lower, upper = row[f"{part}_lower"], row[f"{part}_upper"]
                if upper > 0:
                    count = locale.number(lower) if lower == upper else locale.range(lower, upper)
                    lines.append(t(f"flows.tip_node_{part}", victims=count))
        if code in through.index:
            lines.append(t("flows.tip_hub", routes=locale.number(int(through[code]))))
        if not is_region:
            lines.append(t("flows.tip_click"))
        if code in through.index:
            fill, line, radius, width = [255, 255, 255, 255], [*HUB, 255], 8, 3
        elif is_region:
            fill, line, radius, width = [255, 255, 255, 160], [*REGION, 255], 11, 1.5
        elif receives:
            fill, line, radius, width = [*DESTINATION, 255], [255, 255, 255, 255], 6, 1
        else:
            fill, line, radius, width = [255, 255, 255, 255], [*ORIGIN, 255], 5, 2
        marks.append(
            {
                "iso3": code,
                "position": _point(places, code),
                "fill": fill,
                "line": line,
                "radius": radius,
                "line_width": width,
                **_tip(names.get(code, code), lines),
            }
        )
    return marks


def scale_note(width_scale, locale: Locale) -> str:
    """What the lines' widths mean, with the count of the widest: fitted to the view, or fixed
    across views."""
    victims = locale.number(round(width_scale.reference))
    kind = "fixed" if width_scale.fixed else "fitted"
    return locale.t(f"flows.scale_{kind}_note", victims=victims)


def key_html(
    width_scale: Scale,
    regions: list[str],
    names: dict[str, str],
    locale: Locale,
    show_counted: bool,
    show_routes: bool,
    hover: bool = True,
    unplaced: str = "",
) -> str:
    """The map's key: what each mark means, the scale in use, and the regions drawn. On a
    slide (`hover=False`) it does not ask the reader to hover: a projected map cannot be.
    `unplaced` (the counts the map cannot draw, with their size) leads the key, in bold:
    readers look at the key, and such a count can be larger than any line drawn."""
    t = locale.t
    items = []

    # Plain styled spans (no SVG: Streamlit's HTML sanitiser keeps inline styles only).
    towards = "to left" if locale.rtl else "to right"

    def line(colour_from, colour_to, width, label, opacity=1.0):
        swatch = (
            f"<span class='tip-key-line' style='height:{width}px;opacity:{opacity:.2f};"
            f"background:linear-gradient({towards}, rgb{tuple(colour_from)}, "
            f"rgb{tuple(colour_to)})'></span>"
        )
        items.append(f"<li>{swatch}<span>{escape(label)}</span></li>")

    def dot(fill, stroke, label, radius=6, stroke_width=2):
        size = 2 * radius
        swatch = (
            f"<span class='tip-key-dot' style='width:{size}px;height:{size}px;"
            f"background:{fill};border:{stroke_width}px solid {stroke}'></span>"
        )
        items.append(f"<li>{swatch}<span>{escape(label)}</span></li>")

    if show_counted:
        for value in width_scale.samples():
            line(
                COUNTED_FROM,
                COUNTED_TO,
                round(width_scale.width(value), 1),
                t("flows.key_counted", victims=locale.number(round(value))),
            )
        line(COUNTED_FROM, COUNTED_TO, 3, t("flows.key_withheld"), WITHHELD_ALPHA / 255)
    if show_routes:
        for confidence, (start, end, width) in ROUTE_STYLE.items():
            line(start, end, width, t(f"flows.key_route_{confidence}"))
        dot("#ffffff", f"rgb{tuple(HUB)}", t("flows.key_hub"), 7, 3)
    dot(f"rgb{tuple(DESTINATION)}", f"rgb{tuple(DESTINATION)}", t("flows.key_destination"), 6, 1)
    dot("#ffffff", f"rgb{tuple(ORIGIN)}", t("flows.key_origin"), 5, 2)
    dot("#ffffff", f"rgb{tuple(REGION)}", t("flows.key_region"), 8, 1.5)
    scale_line = scale_note(width_scale, locale)
    parts = [
        f"<p class='tip-key-unplaced'><b>{escape(unplaced)}</b></p>" if unplaced else "",
        f"<p class='tip-key-scale'><b>{escape(scale_line)}</b></p>" if show_counted else "",
        f"<ul class='tip-key'>{''.join(items)}</ul>",
        f"<p>{escape(t('flows.key_direction' if hover else 'flows.key_direction_still'))}</p>",
    ]
    if regions:
        listed = t("flows.list_sep").join(names.get(r, r) for r in regions)
        parts.append(f"<p>{escape(t('flows.key_regions', regions=listed))}</p>")
    return f"<div class='tip-flow-key' dir='{locale.direction}'>{''.join(parts)}</div>"


def route_table_html(
    routes: pd.DataFrame, names: dict[str, str], citations: dict[str, str], locale: Locale
) -> str:
    """The documented routes as an HTML table: route, years, forms, confidence, evidence.

    Every value is escaped here. In Arabic the evidence is the route's Arabic evidence where
    it has one; where it has none the table says so and gives the English text, marked as
    English and set left to right inside the right-to-left page.
    """
    t = locale.t
    header = [
        t("flows.col_route"),
        t("flows.col_years"),
        t("flows.form"),
        t("flows.col_confidence"),
        t("flows.col_evidence"),
    ]
    head = "".join(f"<th scope='col'>{escape(h)}</th>" for h in header)
    body = []
    for r in routes.itertuples():
        confidence = _confidence(r)
        cells = [
            escape(path_text((r.origin, r.transit, r.destination), names, locale)),
            escape(years_text(r.years, locale)),
            escape(t("flows.list_sep").join(t(f"split.{f}") for f in r.forms)),
            escape(t(f"flows.confidence_{confidence or 'unknown'}")),
            _evidence_html(r, citations, names, locale),
        ]
        body.append(
            f"<tr><th scope='row'>{cells[0]}</th>"
            + "".join(f"<td>{c}</td>" for c in cells[1:])
            + "</tr>"
        )
    return (
        "<div class='tip-table-wrap'><table class='tip-table tip-routes'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def reports_of(route) -> list[str]:
    """The reports (name and year) a documented route is cited from: the build writes each
    as `ATTRIBUTION_AR` + the report's name in the Arabic note. The English note also holds
    the compiler's locators (file, row, column): those are not for readers."""
    parts = re.split(r" \| | · ", getattr(route, "note_ar", "") or "")
    found = [p[len(ATTRIBUTION_AR) :].strip() for p in parts if p.startswith(ATTRIBUTION_AR)]
    return list(dict.fromkeys(f for f in found if f))


def _evidence_html(route, citations: dict[str, str], names: dict[str, str], locale) -> str:
    """The route's source: each report's name and year, or the source's citation when the
    row names no report. In Arabic a chapter of the US TIP Report is named in Arabic
    (`report_name`); any other report keeps its English name, set left to right."""
    reports = reports_of(route)
    if not reports:
        return escape(locale.t("flows.list_sep").join(citations.get(s, s) for s in route.sources))
    if not locale.rtl:
        return escape(locale.t("flows.list_sep").join(reports))
    said = []
    for report in reports:
        name = report_name(report, names, locale)
        if name is None:
            name = f"<span dir='ltr' lang='en' class='tip-evidence-en'>{escape(report)}</span>"
        said.append(name)
    return locale.t("flows.list_sep").join(said)


def evidence_text(route, citations: dict[str, str], names: dict[str, str], locale) -> str:
    """The route's source as plain text (a download's cell), as the route table says it."""
    return unescape(re.sub(r"<[^>]+>", "", _evidence_html(route, citations, names, locale)))


def report_name(report: str, names: dict[str, str], locale: Locale) -> str | None:
    """A chapter of the US TIP Report named in the reader's language, as HTML (the site it
    was read from, a Latin name, isolated left to right); None for a report it cannot name."""
    found = chapter(report)
    if found is None or found.country not in names:
        return None
    t = locale.t
    key = "flows.report_special" if found.special else "flows.report_chapter"
    text = escape(t(key, year=locale.year(found.year), country=names[found.country]))
    if found.via:
        site = f"<bdi dir='ltr' lang='en'>{escape(found.via)}</bdi>"
        text = t("flows.report_via").format(report=text, site=site)  # HTML: filled in after
    return text


@labels_as_text
def sankey_figure(
    corridors: pd.DataFrame, names: dict[str, str], locale: Locale
) -> tuple[go.Figure, int]:
    """Origin -> transit ("direct" where none) -> destination for the largest counted
    corridors between two places (SANKEY_MAX; victims detected in their own country are
    not a corridor); returns the figure and how many corridors it leaves out.

    Band widths are the lower end of each corridor (a withheld 1-4 counts as 1); the hover
    gives the number or range. In Arabic the bands run right to left: origins on the right.
    """
    t = locale.t
    international = corridors[corridors.origin != corridors.destination]
    top = international.head(SANKEY_MAX)
    left_out = len(international) - len(top)
    nodes: dict[str, int] = {}
    labels: list[str] = []
    node_tips: list[str] = []
    node_x: list[float] = []

    def node(key: str, label: str, tip: str, column: float) -> int:
        if key not in nodes:
            nodes[key] = len(labels)
            labels.append(escape(label))  # plotly reads tags in labels; names are text
            node_tips.append(tip)
            node_x.append(column)
        return nodes[key]

    sources, targets, values, link_tips = [], [], [], []
    for _, r in top.iterrows():
        origin_name = names.get(r.origin, r.origin)
        destination_name = names.get(r.destination, r.destination)
        middle = r.transit or ""
        o = node(f"o:{r.origin}", origin_name, origin_name, 0.0)
        # A direct corridor is one band from origin to destination: no middle node, so the
        # middle column holds only transit countries.
        m = None
        if middle:
            label = names.get(middle, middle)
            m = node(f"t:{middle}", label, t("flows.sankey_transit", place=label), 0.5)
        d = node(f"x:{r.destination}", destination_name, destination_name, 1.0)
        tip = (
            f"{path_text([r.origin, middle, r.destination], names, locale)}: "
            f"{t('flows.tip_victims', victims=victims_text(r, locale))} "
            f"({years_text(r.years, locale)})"
        )
        for a, b in ((o, m), (m, d)) if m is not None else ((o, d),):
            # In Arabic the data runs destination -> origin, so origins sit on the right.
            sources.append(b if locale.rtl else a)
            targets.append(a if locale.rtl else b)
            values.append(float(r.lower))
            link_tips.append(escape(tip))
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": labels,
                "customdata": [escape(x) for x in node_tips],
                "hovertemplate": "%{customdata}: %{value:,.0f}<extra></extra>",
                "pad": SANKEY_PAD,
                "thickness": 14,
                "color": "#0072B2",
                "line": {"color": "#ffffff", "width": 0.5},
            },
            link={
                "source": sources,
                "target": targets,
                "value": values,
                "customdata": link_tips,
                "hovertemplate": "%{customdata}<extra></extra>",
                "color": "rgba(0, 114, 178, 0.28)",
            },
            textfont={"color": TEXT, "size": 13},
        )
    )
    columns = max(
        sum(1 for x in node_x if x == 0.0),
        sum(1 for x in node_x if x == 0.5),
        sum(1 for x in node_x if x == 1.0),
    )
    fig.update_layout(height=max(360, min(1400, (SANKEY_PAD + 16) * columns + 100)))
    lay_out(fig, locale, time_axis=None)
    return fig, left_out
