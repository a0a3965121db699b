"""The flow map (pydeck, no basemap), the Sankey (plotly) and the map's key (HTML).

The map draws only what the app serves: the country shapes come from the app's static file,
flows are curved lines. Direction reads without colour: every line is bowed to the left of its
direction (so a corridor counted both ways is two lines apart) and ends in an arrowhead at its
destination, and each tooltip says "origin → destination". Each place is a disc as large as
the victims detected there and a ring as large as its citizens detected abroad. Counted flows
(blue, width by victims) and documented routes (thin, bowed more, never counted) are separate
layers; a route its source states outright is vermilion, one with a place or leg inferred by
the compiler thinner and reddish purple. Text on the map is in tooltips and the key below it,
which the browser shapes and orders correctly in Arabic.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from html import escape, unescape

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from dashboard.charts.curves import (
    COUNTED_LIFT,
    MERCATOR_LIMIT,
    ROUTE_LIFT,
    curve,
    unit_mercator,
)
from dashboard.charts.style import TEXT, labels_as_text, lay_out
from dashboard.i18n import Locale
from dashboard.importers.routes import ATTRIBUTION_AR, chapter
from dashboard.metrics.flows import Scale, circle_reference, hubs, node_totals

# The land image, with every border, is drawn at build time (importers.natural_earth); the
# countries of the view are shaded over it, see-through so its borders show. They are not
# outlined: drawing outlines (deck.gl's path shader) cost over a second per page in a browser
# without a GPU, and the image's borders already show them.
SHADE = [190, 198, 214, 70]  # over the image's land (238, 240, 244): about (225, 229, 236)
# Every line is a curve ending in an arrowhead at its destination: the arrowhead carries the
# direction, so the colour is the kind of flow only.
COUNTED_TO = [0, 70, 140]
ROUTE_TO = [165, 55, 0]
# Each documented route's confidence (dataset.schema.CONFIDENCES): its colour and width.
ROUTE_STYLE = {
    "explicit": (ROUTE_TO, 2.5),
    "partial": ([150, 45, 110], 1.5),
}
WITHHELD_ALPHA = 90
DESTINATION = [0, 70, 140]
ORIGIN = [0, 114, 178]
HUB = [165, 55, 0]
REGION = [90, 96, 110]
# A destination that did not report in the view's years: filled grey, "no data".
SILENT, SILENT_FILL = [120, 126, 140], [214, 218, 226]
CURVE_STEPS = 10  # points of a line's curve: smooth at the map's sizes, light to send
# The arrowhead: one white image (tinted per line: a mask), its tip at the top, served by
# this app beside the land image; drawn ARROW_BASE + ARROW_GROWTH x its line's width wide.
ARROW_IMAGE = "arrowhead.png"
ARROW_MAPPING = {
    "arrow": {"x": 0, "y": 0, "width": 64, "height": 64, "anchorX": 32, "anchorY": 0, "mask": True}
}
ARROW_BASE, ARROW_GROWTH = 12.0, 1.2
# A place's circles: area in proportion to its victims, the largest of the view (or of the
# fixed scale) CIRCLE_MAX pixels in radius, none smaller than CIRCLE_MIN.
CIRCLE_MAX, CIRCLE_MIN = 26.0, 3.5
# pydeck reads a plain string as an accessor expression; a literal needs its String type.
PIXELS = pdk.types.String("pixels")
SANKEY_MAX = 30  # corridors in the Sankey; the table lists every one
# Room between two Sankey nodes: more than a label's height (13 px type), so the labels of
# small neighbouring nodes never overlap.
SANKEY_PAD = 20


@dataclass(frozen=True)
class Circles:
    """What each place's circles stand for: `totals` (metrics.flows.node_totals of every
    counted corridor of the view, drawn as a line or not), the victims of the largest circle
    (`reference`), more lines for a place's tooltip (`notes`: the years and who reported),
    and the destinations of the view that reported nothing in its years (`silent`), with
    what their tooltip says (`silent_note`)."""

    totals: pd.DataFrame = field(
        default_factory=lambda: node_totals(
            pd.DataFrame(columns=["origin", "destination", "lower", "upper"])
        )
    )
    reference: float = 0.0
    notes: dict = field(default_factory=dict)
    silent: tuple[str, ...] = ()
    silent_note: str = ""
    gathered: tuple[str, ...] = ()  # nodes that gather the origins of a region


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


def _lonlat(x: float, y: float) -> list[float]:
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y))))
    return [round(x * 360 - 180, 2), round(lat, 2)]


def curved(source, target, lift: float) -> tuple[list[list[float]], float, tuple[float, float]]:
    """A line from `source` to `target` ([lon, lat]) as the map draws it: a curve bowed to
    the left of its direction (as on the picture, `curve`), so that a corridor that runs both
    ways is two lines that never lie on each other. Returns its points ([lon, lat]), the
    angle its arrowhead is turned by (degrees anticlockwise from pointing north: deck.gl's
    icon angle), and the direction it arrives in, on screen (a unit vector, y down)."""
    a, b = unit_mercator(*source), unit_mercator(*target)
    line = curve(a, b, lift, CURVE_STEPS)
    (px, py), (bx, by) = line[-2], line[-1]
    length = math.hypot(bx - px, by - py) or 1.0
    ux, uy = (bx - px) / length, (by - py) / length
    angle = math.degrees(math.atan2(-uy, ux)) - 90.0
    points = [_lonlat(x, y) for x, y in line]
    points[0], points[-1] = list(source), list(target)  # the ends exactly on their places
    return points, round(angle, 1), (round(ux, 4), round(uy, 4))


def arrow_size(width: float) -> float:
    """An arrowhead's size in pixels: wider than its line, so it shows at any width."""
    return round(ARROW_BASE + ARROW_GROWTH * width, 1)


def circle_radius(victims: float, reference: float) -> float:
    """A place's circle, its area in proportion to the victims it stands for (in pixels)."""
    if victims <= 0 or reference <= 0:
        return 0.0
    return round(max(CIRCLE_MIN, CIRCLE_MAX * math.sqrt(min(1.0, victims / reference))), 1)


def _line(into: list, source, target, lift: float, colour, width: float) -> tuple:
    """A line drawn `into` a layer's data, curved from `source` to `target`; returns it with
    its arrowhead's angle and the way it arrives (for `_arrow`)."""
    path, angle, arrives = curved(source, target, lift)
    line = {"source": source, "target": target, "path": path, "colour": colour, "width": width}
    into.append(line)
    return line, angle, arrives


def _arrow(line: dict, angle: float, arrives, stop: float) -> dict:
    """The arrowhead of a line: at its destination, turned by `angle`, the way the line
    `arrives` (on screen, y down), its tip pulled back `stop` pixels (to the edge of the
    destination's circle)."""
    ux, uy = arrives
    return {
        "position": line["target"],
        "angle": angle,
        "size": arrow_size(line["width"]),
        "offset": [round(-ux * stop, 1), round(-uy * stop, 1)],
        "colour": line["colour"],
        "icon": "arrow",
    }


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
    circles: Circles | None = None,
) -> pdk.Deck:
    """The flow map, its first view fitted to a map `map_width` pixels wide (PHONE_WIDTH on a
    phone). `places` is indexed by code with lon, lat, entity ('country'/'group').

    Under the flows: the world as one image (`land_url`, served by this app, fetched once),
    and, shaded, the countries in `outlines` (code -> GeoJSON geometry from the project's
    coarse shapes: the destinations chosen and the country in focus), which can be hovered
    and clicked. Only those few are sent with each view, so a redraw stays light.

    `corridors` are the counted flows drawn as lines (metrics.flows.counted, the largest of
    the view), `routes` documented routes and `route_legs` their legs (metrics.flows.legs).
    Flows with an end that has no place (e.g. 'citizenship not stated') are not drawn here;
    the page lists them. `circles` sizes each place by its totals in and out (every counted
    corridor of the view, drawn or not) and says which destinations did not report.
    """
    t = locale.t
    if circles is None:
        circles = Circles(node_totals(corridors), circle_reference(corridors))
    placed = set(places.index)
    inflow = {
        code: circle_radius(row.in_lower, circles.reference)
        for code, row in circles.totals.iterrows()
    }
    lines, legs = [], []
    heads = []  # each line, with its arrowhead's angle and the way it arrives
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
        start, end = _point(places, r.origin), _point(places, r.destination)
        width = round(width_scale.width(r.lower), 1)
        heads.append(_line(lines, start, end, COUNTED_LIFT, [*COUNTED_TO, alpha], width))
        lines[-1].update(_tip(title, tip))
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
        colour, width = ROUTE_STYLE[confidence or "partial"]
        start, end = _point(places, leg.start), _point(places, leg.end)
        heads.append(_line(legs, start, end, ROUTE_LIFT, [*colour, 235], width))
        legs[-1].update(_tip(title, tip))
    marks = _place_marks(corridors, routes, places, names, locale, circles)
    tips = {m["iso3"]: {k: m[k] for k in ("tip_title", "tip_lines")} for m in marks}
    discs = [
        {
            "iso3": m["iso3"],
            "position": m["position"],
            "radius": inflow[m["iso3"]],
            **tips[m["iso3"]],
        }
        for m in marks
        if inflow.get(m["iso3"], 0) > 0
    ]
    stop = {m["iso3"]: max(inflow.get(m["iso3"], 0), m["radius"]) + 1 for m in marks}
    placed_at = {tuple(m["position"]): m["iso3"] for m in marks}
    arrows = [
        _arrow(line, angle, arrives, stop.get(placed_at.get(tuple(line["target"]), ""), 6))
        for line, angle, arrives in heads
    ]
    countries = [
        {
            "type": "Feature",
            "geometry": geometry,
            "iso3": code,
            **tips.get(code, _tip(names.get(code, code), [])),
        }
        for code, geometry in sorted(outlines.items())
    ]
    path_layer = {
        "get_path": "path",
        "get_color": "colour",
        "get_width": "width",
        "width_units": PIXELS,
        "cap_rounded": True,
        "joint_rounded": True,
        "pickable": True,
        "auto_highlight": True,
    }
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
            "ScatterplotLayer",
            id="inflow",
            data=discs,
            get_position="position",
            get_radius="radius",
            radius_units=PIXELS,
            get_fill_color=[*DESTINATION, 150],
            get_line_color=[255, 255, 255, 230],
            stroked=True,
            line_width_units=PIXELS,
            get_line_width=1,
            pickable=True,
            auto_highlight=True,
        ),
        pdk.Layer("PathLayer", id="counted", data=lines, **path_layer),
        pdk.Layer("PathLayer", id="routes", data=legs, **path_layer),
        pdk.Layer(
            "IconLayer",
            id="arrows",
            data=arrows,
            icon_atlas=pdk.types.String(arrow_url(land_url)),
            icon_mapping=ARROW_MAPPING,
            get_icon="icon",
            get_position="position",
            get_angle="angle",
            get_size="size",
            size_units=PIXELS,
            get_pixel_offset="offset",
            get_color="colour",
            pickable=False,  # its line's tooltip is the line's
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
            places.loc[sorted(_drawn_places(corridors, routes, placed, circles.silent))],
            map_width,
        ),
        map_provider=None,
        tooltip={"html": TOOLTIP, "style": style},
    )


def arrow_url(land_url: str) -> str:
    """The arrowhead image's address: beside the land image, served by this app."""
    return land_url.rsplit("/", 1)[0] + "/" + ARROW_IMAGE


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


def _drawn_places(
    corridors: pd.DataFrame, routes: pd.DataFrame, placed: set[str], silent=()
) -> set[str]:
    codes = set(corridors.origin) | set(corridors.destination) | set(silent)
    codes |= set(routes.origin) | set(routes.destination) | set(routes.transit)
    return {c for c in codes if c in placed}


def _place_marks(corridors, routes, places, names, locale, circles: Circles) -> list[dict]:
    """A mark at every place drawn: a ring as large as its citizens detected abroad (out),
    a small dot where it only receives (its disc, `inflow`, is drawn under the lines), a
    transit hub, a region, or a destination that did not report."""
    t = locale.t
    totals = circles.totals
    through = hubs(routes)
    placed = set(places.index)
    marks = []
    for code in sorted(_drawn_places(corridors, routes, placed, circles.silent)):
        entity = places.loc[code, "entity"]
        is_region = entity not in ("country", "gathered")
        lines = []
        if is_region:
            lines.append(t("flows.tip_region"))
        row = totals.loc[code] if code in totals.index else None
        if row is not None:
            for part in ("in", "out", "home"):
                lower, upper = row[f"{part}_lower"], row[f"{part}_upper"]
                if upper > 0:
                    count = locale.number(lower) if lower == upper else locale.range(lower, upper)
                    lines.append(t(f"flows.tip_node_{part}", victims=count))
        lines += circles.notes.get(code, [])
        silent = code in circles.silent and (row is None or row.in_upper == 0)
        if silent:
            lines.append(circles.silent_note)
        if code in through.index:
            lines.append(t("flows.tip_hub", routes=locale.number(int(through[code]))))
        if entity == "country":
            lines.append(t("flows.tip_click"))
        out = circle_radius(row.out_lower, circles.reference) if row is not None else 0.0
        if code in through.index:
            fill, line, radius, width = [255, 255, 255, 255], [*HUB, 255], 8, 3
        elif is_region:
            fill, line, radius, width = [255, 255, 255, 160], [*REGION, 255], 11, 1.5
        elif silent:
            fill, line, radius, width = [*SILENT_FILL, 255], [*SILENT, 255], 7, 2
        elif entity == "gathered":
            fill, line, radius, width = [*ORIGIN, 45], [*ORIGIN, 255], max(out, 8), 3
        elif out > 0:
            fill, line, radius, width = [255, 255, 255, 0], [*ORIGIN, 255], out, 2
        elif row is not None and row.in_upper > 0:
            fill, line, radius, width = [*DESTINATION, 255], [255, 255, 255, 255], 3, 1
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
    others: str = "",
    circles: Circles | None = None,
) -> str:
    """The map's key: what each mark means, the scale in use, and the regions drawn. On a
    slide (`hover=False`) it does not ask the reader to hover: a projected map cannot be.
    `unplaced` (the counts the map cannot draw, with their size) leads the key, in bold:
    readers look at the key, and such a count can be larger than any line drawn. `others`
    says what the smaller corridors, not drawn as lines, hold."""
    t = locale.t
    items = []
    # Plain styled spans (no SVG: Streamlit's HTML sanitiser keeps inline styles only). The
    # line runs with the reading, its arrowhead at the end.
    points = "right" if locale.rtl else "left"  # the side of the arrowhead's coloured border

    def line(colour, width, label, opacity=1.0):
        rgb = f"rgb{tuple(colour)}"
        head = max(5, round(arrow_size(width) / 2))
        swatch = (
            f"<span class='tip-key-arrow' style='opacity:{opacity:.2f}'>"
            f"<span class='tip-key-line' style='height:{width}px;background:{rgb}'></span>"
            f"<span class='tip-key-head' style='border-top:{head}px solid transparent;"
            f"border-bottom:{head}px solid transparent;"
            f"border-{points}:{round(head * 1.4)}px solid {rgb}'></span></span>"
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
                COUNTED_TO,
                round(width_scale.width(value), 1),
                t("flows.key_counted", victims=locale.number(round(value))),
            )
        line(COUNTED_TO, 3, t("flows.key_withheld"), WITHHELD_ALPHA / 255)
    if show_routes:
        for confidence, (colour, width) in ROUTE_STYLE.items():
            line(colour, width, t(f"flows.key_route_{confidence}"))
        dot("#ffffff", f"rgb{tuple(HUB)}", t("flows.key_hub"), 7, 3)
    reference = circles.reference if circles is not None else 0.0
    if show_counted and reference > 0:
        victims = locale.number(round(reference))
        dot("rgba(0, 70, 140, 0.6)", "#ffffff", t("flows.key_in", victims=victims), 9, 1)
        dot("transparent", f"rgb{tuple(ORIGIN)}", t("flows.key_out", victims=victims), 8, 2)
    else:
        dot(f"rgb{tuple(DESTINATION)}", f"rgb{tuple(DESTINATION)}", t("flows.key_destination"))
        dot("#ffffff", f"rgb{tuple(ORIGIN)}", t("flows.key_origin"), 5, 2)
    if circles is not None and circles.gathered:
        dot("rgba(0, 114, 178, 0.18)", f"rgb{tuple(ORIGIN)}", t("flows.key_gathered"), 8, 3)
    if circles is not None and circles.silent:
        listed = t("flows.list_sep").join(names.get(c, c) for c in circles.silent)
        fill, stroke = f"rgb{tuple(SILENT_FILL)}", f"rgb{tuple(SILENT)}"
        dot(fill, stroke, t("flows.key_silent", places=listed), 7, 2)
    dot("#ffffff", f"rgb{tuple(REGION)}", t("flows.key_region"), 8, 1.5)
    scale_line = scale_note(width_scale, locale)
    parts = [
        f"<p class='tip-key-unplaced'><b>{escape(unplaced)}</b></p>" if unplaced else "",
        f"<p class='tip-key-scale'><b>{escape(scale_line)}</b></p>" if show_counted else "",
        f"<p class='tip-key-others'><b>{escape(others)}</b></p>" if others else "",
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


def arrowhead_png() -> bytes:
    """The arrowhead image (`ARROW_IMAGE`, written with the land image by the build): white on
    transparent, pointing up with its tip at the top middle (`ARROW_MAPPING`); each line tints
    it with its own colour."""
    import io

    from PIL import Image, ImageDraw

    size = 4 * 64  # drawn large, then reduced: smooth edges
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    k = size / 64
    ImageDraw.Draw(image).polygon(
        [(32 * k, 0), (60 * k, 62 * k), (32 * k, 48 * k), (4 * k, 62 * k)],
        fill=(255, 255, 255, 255),
    )
    buffer = io.BytesIO()
    image.resize((64, 64), Image.Resampling.LANCZOS).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
