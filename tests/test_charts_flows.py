"""The flow map's layers, the key and the Sankey, built from small synthetic flows."""

from __future__ import annotations

import io
import json
import math
import re

import pandas as pd
import pytest

from dashboard.charts import flows as charts
from dashboard.dataset import load_dataset
from dashboard.i18n import Locale
from dashboard.importers.routes import ATTRIBUTION_AR
from dashboard.metrics import flows as fl
from tests.apptest import run_page
from tests.conftest import ROOT
from tests.deckview import mark_places, on_map
from tests.factories import flow, flow_frame, withheld_flow

EN, AR = Locale("en"), Locale("ar")
NAMES = {
    "NPL": "Nepal",
    "KWT": "Kuwait",
    "ETH": "Ethiopia",
    "YEM": "Yemen",
    "SAU": "Saudi Arabia",
    "PHL": "Philippines",
    "XWA": "West Africa (region)",
    "XUN": "Citizenship not stated",
}
PLACES = pd.DataFrame(
    {
        "lon": [84.1, 47.6, 39.6, 47.5, 44.5, 122.9, -3.0],
        "lat": [28.3, 29.3, 8.6, 15.9, 24.1, 11.7, 12.0],
        "entity": ["country"] * 6 + ["group"],
    },
    index=["NPL", "KWT", "ETH", "YEM", "SAU", "PHL", "XWA"],
)
DATA = flow_frame(
    flow(2021, "NPL", "KWT", 40),
    flow(2022, "NPL", "KWT", 20),
    withheld_flow(2022, "PHL", "KWT"),
    flow(2022, "XWA", "KWT", 9),
    flow(2022, "XUN", "KWT", 30),  # no place: not drawn
    flow(2022, "KWT", "KWT", 12),  # domestic: not a line
    flow(
        2020,
        "ETH",
        "SAU",
        kind=fl.ROUTE,
        transit="YEM",
        source="routes",
        form="unspecified",
        confidence="explicit",
        note="Report A: through Yemen",
        note_ar=ATTRIBUTION_AR + "Report A",
    ),
    flow(
        2021,
        "PHL",
        "KWT",
        kind=fl.ROUTE,
        source="routes",
        form="unspecified",
        confidence="partial",
        note="Report B: destination inferred",
        note_ar="يُستنتج المقصد من الجملة نفسها",
    ),
)
SEL = fl.Selection(2018, 2022)


def tip_text(item: dict) -> str:
    """A deck tooltip as a reader sees it: its title, then its lines."""
    return item["tip_title"] + "\n" + item["tip_lines"]


def deck(locale=EN, fixed=False):
    return json.loads(built_deck(locale, fixed).to_json())


def built_deck(locale=EN, fixed=False, width=charts.DESKTOP_WIDTH):
    corridors = fl.counted(DATA, SEL)
    routes = fl.routes(DATA, SEL)
    lines = fl.drawable(corridors, PLACES.index)
    scale = fl.scale(lines, fixed, 600.0)
    return charts.flow_deck(
        corridors,
        routes,
        fl.legs(routes),
        PLACES,
        NAMES,
        {"src": "Source A", "routes": "Source B"},
        locale,
        scale,
        "/app/static/land.png",
        {
            "KWT": {
                "type": "Polygon",
                "coordinates": [[[46.5, 29.1], [48.4, 28.5], [47.7, 30.1], [46.5, 29.1]]],
            }
        },
        width,
    )


def on_screen(spec, width: int, height: int = charts.MAP_HEIGHT) -> dict[str, tuple]:
    """Where each place's mark falls on a map of this size in its first view, in pixels from
    the map's top left."""
    return {
        code: on_map(spec, lon, lat, width, height)
        for code, (lon, lat) in mark_places(spec).items()
    }


def test_the_first_view_fits_every_place_on_a_phone_as_on_a_laptop():
    for width in (charts.DESKTOP_WIDTH, charts.PHONE_WIDTH):
        spec = json.loads(built_deck(width=width).to_json())
        marks = on_screen(spec, width)
        assert {"PHL", "XWA", "NPL", "KWT"} <= set(marks)  # the far east and west drawn
        for code, (x, y) in marks.items():
            assert 0 < x < width and 0 < y < charts.MAP_HEIGHT, (width, code, x, y)
    phone = json.loads(built_deck(width=charts.PHONE_WIDTH).to_json())["initialViewState"]
    laptop = deck()["initialViewState"]
    assert phone["zoom"] < laptop["zoom"]
    assert (phone["longitude"], phone["latitude"]) == (laptop["longitude"], laptop["latitude"])


def layer(spec, name):
    return next(x for x in spec["layers"] if x["id"] == name)


def test_no_basemap_and_shapes_from_this_server():
    spec = deck()
    assert "mapProvider" not in spec or spec["mapProvider"] is None
    land = layer(spec, "land")
    assert land["@@type"] == "BitmapLayer" and land["image"] == "/app/static/land.png"
    assert land["bounds"] == [-180, -85.0511, 180, 85.0511]  # the image's Web Mercator world
    countries = layer(spec, "countries")
    assert countries["@@type"] == "GeoJsonLayer" and countries["pickable"]
    # shaded, see-through (the image's borders show), not outlined (costly without a GPU)
    assert countries["stroked"] is False and 0 < countries["getFillColor"][3] < 255
    (kuwait,) = countries["data"]["features"]
    assert kuwait["iso3"] == "KWT" and "Kuwait" in tip_text(kuwait)  # hover and click target
    assert "http" not in json.dumps(spec)


def test_deck_json_is_compact():
    corridors = fl.counted(DATA, SEL)
    built = charts.flow_deck(
        corridors,
        fl.routes(DATA, SEL),
        fl.legs(fl.routes(DATA, SEL)),
        PLACES,
        NAMES,
        {},
        EN,
        fl.scale(corridors, False, 1),
        "/app/static/land.png",
        {},
    )
    text = built.to_json()
    assert "\n" not in text  # pydeck alone would indent it
    assert len(text) < 0.8 * len(json.dumps(json.loads(text), indent=2))


def test_counted_arcs_sum_years_and_skip_unplaced_and_domestic():
    arcs = layer(deck(), "counted")["data"]
    tips = [tip_text(a) for a in arcs]
    assert len(arcs) == 3  # NPL, PHL, West Africa -> Kuwait
    nepal = next(a for a in arcs if "Nepal" in tip_text(a))
    assert "60 victims detected (2021–2022)" in tip_text(nepal)
    assert nepal["width"] == fl.MAX_WIDTH  # the widest flow in view
    assert not any("Citizenship not stated" in t for t in tips)
    assert all(a["source"] != a["target"] for a in arcs)


def test_withheld_flows_are_faint_and_say_1_to_4():
    spec = deck()
    arcs = layer(spec, "counted")["data"]
    faint = next(a for a in arcs if "Philippines" in tip_text(a))
    assert faint["colour"][3] == charts.WITHHELD_ALPHA
    assert "1–4" in tip_text(faint) and "withheld" in tip_text(faint)
    solid = next(a for a in arcs if "Nepal" in tip_text(a))
    assert solid["colour"][3] > charts.WITHHELD_ALPHA
    heads = layer(spec, "arrows")["data"]  # the counted lines' first, in their order
    assert heads[arcs.index(faint)]["colour"][3] == charts.WITHHELD_ALPHA


def bearing(a, b) -> float:
    """The direction from a to b on screen (Web Mercator, y down), anticlockwise from east."""
    from tests.deckview import on_map

    view = {"initialViewState": {"longitude": 0, "latitude": 0, "zoom": 0}}
    (ax, ay), (bx, by) = on_map(view, *a, 512, 512), on_map(view, *b, 512, 512)
    return math.degrees(math.atan2(-(by - ay), bx - ax))


def turn(to: float, since: float) -> float:
    """How far anticlockwise the direction `to` is from `since`, in degrees (-180 to 180)."""
    return (to - since + 180) % 360 - 180


def test_every_line_is_a_curve_that_ends_in_an_arrowhead_at_its_destination():
    spec = deck()
    lines = layer(spec, "counted")["data"] + layer(spec, "routes")["data"]
    heads = layer(spec, "arrows")["data"]
    assert len(heads) == len(lines) > 0
    for line, head in zip(lines, heads, strict=True):
        path = line["path"]
        assert path[0] == line["source"] and path[-1] == line["target"] == head["position"]
        # A curve: its middle is off the straight line, to the left of the way it goes.
        middle = path[len(path) // 2]
        straight = bearing(line["source"], line["target"])
        assert turn(bearing(line["source"], middle), straight) > 0
        # The arrowhead (drawn pointing north, turned anticlockwise) points the way the line
        # arrives, from its last but one point to its destination.
        arrives = bearing(path[-2], path[-1])
        assert turn(head["angle"] + 90, arrives) == pytest.approx(0, abs=2)
        # Its tip is pulled back from the destination along the line, towards the origin.
        dx, dy = head["offset"]
        assert turn(math.degrees(math.atan2(-dy, dx)), arrives + 180) == pytest.approx(0, abs=2)
        assert head["size"] > line["width"]
        assert head["colour"] == line["colour"]


def test_a_corridor_counted_both_ways_is_two_lines_that_never_overlap():
    data = flow_frame(flow(2022, "NPL", "KWT", 40), flow(2022, "KWT", "NPL", 5))
    corridors = fl.counted(data, SEL)
    built = charts.flow_deck(
        corridors,
        fl.routes(data, SEL),
        fl.legs(fl.routes(data, SEL)),
        PLACES,
        NAMES,
        {},
        EN,
        fl.Scale(40.0, False),
        "/app/static/land.png",
        {},
    )
    there, back = layer(json.loads(built.to_json()), "counted")["data"]
    assert there["target"] == back["source"] and there["source"] == back["target"]
    # Their middles lie on opposite sides of the straight line between the two places.
    ends = (there["source"], there["target"])
    side = [
        turn(bearing(ends[0], line["path"][len(line["path"]) // 2]), bearing(*ends))
        for line in (there, back)
    ]
    assert side[0] > 0 > side[1]
    heads = layer(json.loads(built.to_json()), "arrows")["data"]
    assert {tuple(h["position"]) for h in heads} == {tuple(there["target"]), tuple(back["target"])}


def test_the_arrowhead_image_is_the_one_drawn_and_served(tmp_path):
    from PIL import Image

    served = Image.open(ROOT / "assets" / charts.ARROW_IMAGE)
    made = Image.open(io.BytesIO(charts.arrowhead_png()))
    assert served.size == made.size == (64, 64)
    assert served.tobytes() == made.tobytes()
    alpha = made.getchannel("A")
    # Its tip at the top middle (the anchor the map places at the line's end).
    assert alpha.getpixel((32, 1)) > 0 and alpha.getpixel((2, 1)) == 0
    spec = deck()
    (arrows,) = [x for x in spec["layers"] if x["id"] == "arrows"]
    assert arrows["iconAtlas"] == "/app/static/" + charts.ARROW_IMAGE


def test_a_route_through_a_transit_country_is_two_legs_of_one_path():
    spec = deck()
    legs = [leg for leg in layer(spec, "routes")["data"] if "Yemen" in tip_text(leg)]
    assert [[leg["source"], leg["target"]] for leg in legs] == [
        [[39.6, 8.6], [47.5, 15.9]],
        [[47.5, 15.9], [44.5, 24.1]],
    ]
    for leg in legs:
        assert "Ethiopia → Yemen → Saudi Arabia" in tip_text(leg)
        assert "no count" in tip_text(leg) and "Source B" in tip_text(leg)
    assert "to the transit country" in tip_text(legs[0])
    assert "from the transit country" in tip_text(legs[1])
    # Routes are their own layer: distinct colour and never in the counted one.
    assert all(leg["colour"][:3] == charts.ROUTE_TO for leg in legs)
    assert not any("Yemen" in tip_text(a) for a in layer(spec, "counted")["data"])


def test_places_marked_by_role_and_regions_labelled_as_regions():
    marks = {m["iso3"]: m for m in layer(deck(), "places")["data"]}
    assert marks["YEM"]["line"][:3] == charts.HUB and "Transit hub: 1" in tip_text(marks["YEM"])
    assert marks["KWT"]["fill"][:3] == charts.DESTINATION
    assert marks["NPL"]["line"][:3] == charts.ORIGIN and marks["NPL"]["fill"][:3] == [255] * 3
    region = marks["XWA"]
    assert region["position"] == [-3.0, 12.0]
    assert region["line"][:3] == charts.REGION
    assert "not a country" in tip_text(region)
    assert "Click" not in tip_text(region)  # a region is not a country to focus on
    assert "XUN" not in marks
    assert "Detected in their own country: 12" in tip_text(marks["KWT"])


def test_arabic_tooltips_run_right_to_left():
    spec = deck(AR)
    arcs = layer(spec, "counted")["data"]
    assert any("ضحية" in tip_text(a) for a in arcs)
    assert all("→" not in tip_text(a) for a in arcs)  # Arabic arrows point left
    assert any("←" in tip_text(a) for a in arcs)
    # pydeck keeps the tooltip apart from the deck's JSON (Streamlit sends it beside it)
    for locale, direction, align in ((AR, "rtl", "right"), (EN, "ltr", "left")):
        style = built_deck(locale)._tooltip["style"]
        assert (style["direction"], style["textAlign"]) == (direction, align)


def test_fixed_scale_widths_do_not_depend_on_the_view():
    fixed = layer(deck(fixed=True), "counted")["data"]
    nepal = next(a for a in fixed if "Nepal" in tip_text(a))
    assert nepal["width"] == round(fl.Scale(600.0, True).width(60), 1)
    faint = next(a for a in fixed if "Philippines" in tip_text(a))
    assert faint["width"] == round(fl.Scale(600.0, True).width(1), 1)  # lower end of 1-4


def test_key_names_the_scale_and_the_regions():
    scale = fl.Scale(600.0, True)
    html = charts.key_html(scale, ["XWA"], NAMES, EN, True, True)
    assert "the widest is 600 victims" in html and "logarithm" in html
    assert "West Africa (region)" in html and "never as a country" in html
    assert EN.t("flows.scale_fixed_note", victims="600") in html
    english = charts.key_html(fl.Scale(60.0, False), [], NAMES, EN, True, True)
    assert EN.t("flows.scale_fitted_note", victims="60") in english
    assert "Fixed line width" not in english
    fitted = charts.key_html(fl.Scale(60.0, False), [], NAMES, AR, True, False)
    assert "dir='rtl'" in fitted and "ملائم" in fitted
    assert "مسار موثق" not in fitted  # routes hidden: not in the key


def test_each_route_shows_its_confidence_on_the_map_and_in_its_tooltip():
    legs = layer(deck(), "routes")["data"]
    stated = [leg for leg in legs if "Yemen" in tip_text(leg)]
    inferred = [leg for leg in legs if "Philippines" in tip_text(leg)]
    assert len(stated) == 2 and len(inferred) == 1
    for leg in stated:
        assert "Confidence: stated by the source" in tip_text(leg)
        assert leg["colour"][:3] == charts.ROUTE_TO
    (leg,) = inferred
    assert "Confidence: a place or leg inferred by the compiler" in tip_text(leg)
    assert leg["colour"][:3] != charts.ROUTE_TO and leg["width"] < stated[0]["width"]
    arabic = layer(deck(AR), "routes")["data"]
    assert any(AR.t("flows.confidence_partial") in tip_text(leg) for leg in arabic)


def test_a_route_with_no_confidence_recorded_says_so_and_is_not_drawn_as_stated():
    data = flow_frame(flow(2020, "ETH", "SAU", kind=fl.ROUTE, source="routes", form="unspecified"))
    routes = fl.routes(data, SEL)
    built = charts.flow_deck(
        fl.counted(data, SEL),
        routes,
        fl.legs(routes),
        PLACES,
        NAMES,
        {},
        EN,
        fl.Scale(1.0, False),
        "/app/static/land.png",
        {},
    )
    (leg,) = layer(json.loads(built.to_json()), "routes")["data"]
    assert "Confidence: not recorded" in tip_text(leg)
    assert leg["colour"][:3] != charts.ROUTE_TO
    table = charts.route_table_html(routes, NAMES, {}, EN)
    assert "<td>not recorded</td>" in table


def test_key_has_an_entry_for_each_confidence_drawn_as_on_the_map():
    html = charts.key_html(fl.Scale(60.0, False), [], NAMES, EN, True, True)
    for confidence, (colour, width) in charts.ROUTE_STYLE.items():
        rgb = rf"rgb\({colour[0]}, {colour[1]}, {colour[2]}\)"
        entry = re.search(
            rf"<li><span class='tip-key-arrow'[^>]*><span class='tip-key-line' "
            rf"style='height:{width}px;background:{rgb}'></span><span class='tip-key-head' "
            rf"[^>]*solid {rgb}'></span></span><span>([^<]*)</span></li>",
            html,
        )
        assert entry and entry.group(1) == EN.t(f"flows.key_route_{confidence}")
    assert "stated by its source" in html and "inferred by the compiler" in html
    arabic = charts.key_html(fl.Scale(60.0, False), [], NAMES, AR, True, True)
    assert AR.t("flows.key_route_explicit") in arabic
    assert AR.t("flows.key_route_partial") in arabic
    hidden = charts.key_html(fl.Scale(60.0, False), [], NAMES, EN, True, False)
    assert "inferred" not in hidden and "stated by its source" not in hidden


def route_rows(html: str) -> list[str]:
    return re.findall(r"<tr><th scope='row'>.*?</tr>", html)


def test_route_table_gives_confidence_and_the_report_not_the_compilers_notes():
    routes = fl.routes(DATA, SEL)
    html = charts.route_table_html(routes, NAMES, {"routes": "Source B"}, EN)
    assert "<th scope='col'>Confidence</th>" in html
    assert "<th scope='col'>Source (report and year)</th>" in html
    stated, inferred = (
        next(r for r in route_rows(html) if name in r) for name in ("Ethiopia", "Philippines")
    )
    assert "<td>stated by the source</td>" in stated and "<td>Report A</td>" in stated
    assert "through Yemen" not in html  # the compiler's note is not for readers
    assert "<td>a place or leg inferred by the compiler</td>" in inferred
    assert "<td>Source B</td>" in inferred  # no report named: the source's citation
    assert "destination inferred" not in html
    assert "dir='ltr'" not in html  # an English page marks nothing as English


def test_route_table_in_arabic_gives_the_report_left_to_right_and_no_notes():
    routes = fl.routes(DATA, SEL)
    html = charts.route_table_html(routes, NAMES, {"routes": "Source B"}, AR)
    stated, inferred = (
        next(r for r in route_rows(html) if name in r) for name in ("Ethiopia", "Philippines")
    )
    assert AR.t("flows.confidence_partial") in inferred
    assert "<td>Source B</td>" in inferred and "يُستنتج" not in inferred
    assert AR.t("flows.confidence_explicit") in stated
    assert "<span dir='ltr' lang='en' class='tip-evidence-en'>Report A</span>" in stated
    assert "through Yemen" not in stated and ATTRIBUTION_AR not in stated


@pytest.mark.parametrize(
    ("report", "said"),
    [
        (
            "US TIP Report 2018, Kyrgyz Republic narrative",
            "تقرير وزارة الخارجية الأمريكية عن الاتجار بالأشخاص ٢٠١٨، فصل قيرغيزستان",
        ),
        (
            "US TIP Report 2008, Iraq special-case narrative (via Refworld)",
            "تقرير وزارة الخارجية الأمريكية عن الاتجار بالأشخاص ٢٠٠٨، فصل العراق (حالة خاصة)"
            " (عبر <bdi dir='ltr' lang='en'>Refworld</bdi>)",
        ),
        ("US TIP Report 2018, Atlantis narrative", None),  # no country it can name for certain
        ("US TIP Report 2018, Asia narrative", None),  # a region is no chapter
        ("Philippine DFA advisory, Nov 2018 (as reported by South China Morning Post)", None),
        ("US TIP Report 2018, <b>Nepal</b> narrative", None),
    ],
)
def test_a_chapter_of_the_us_tip_report_is_named_in_arabic(report, said):
    """The routes' sources are English report names; a chapter of the US TIP Report (nearly
    all of them) is said in Arabic, its country by its Arabic name, in the reader's digits;
    any other report keeps its English name (the route table marks it as English)."""
    loc = Locale("ar", digits="arab")
    names = {"KGZ": "قيرغيزستان", "IRQ": "العراق", "NPL": "نيبال"}
    assert charts.report_name(report, names, loc) == said


def test_route_table_in_arabic_names_a_chapter_in_arabic_and_another_report_in_english():
    chapter = ATTRIBUTION_AR + "US TIP Report 2018, Nepal narrative"
    other = ATTRIBUTION_AR + "IOM news release (2007)"
    data = flow_frame(
        flow(2018, "NPL", "JOR", kind=fl.ROUTE, form="forced_labour", note_ar=chapter),
        flow(2018, "ETH", "YEM", kind=fl.ROUTE, form="forced_labour", note_ar=other),
    )
    routes = fl.routes(data, fl.Selection(2018, 2018, ("JOR", "YEM")))
    names = {"NPL": "نيبال", "JOR": "الأردن", "ETH": "إثيوبيا", "YEM": "اليمن"}
    html = charts.route_table_html(routes, names, {}, AR)
    nepal, ethiopia = (next(r for r in route_rows(html) if n in r) for n in ("نيبال", "إثيوبيا"))
    assert "فصل نيبال" in nepal and "tip-evidence-en" not in nepal
    assert "<span dir='ltr' lang='en' class='tip-evidence-en'>IOM news release (2007)</span>" in (
        ethiopia
    )


def test_route_reports_leave_out_locators_of_real_rows():
    row = pd.Series(
        {
            "note": "victims: girls; US TIP Report 2018, Iran narrative: US TIP Report 2018 "
            "full text, country_upper=IRAN (data row 79, 0-based); column TRAFFICKING PROFILE",
            "note_ar": ATTRIBUTION_AR
            + "US TIP Report 2018, Iran narrative · "
            + ATTRIBUTION_AR
            + "US TIP Report 2016, Oman narrative (via Refworld)",
        }
    )
    assert charts.reports_of(row) == [
        "US TIP Report 2018, Iran narrative",
        "US TIP Report 2016, Oman narrative (via Refworld)",
    ]


def test_route_table_escapes_dataset_text():
    data = flow_frame(
        flow(
            2020,
            "ETH",
            "SAU",
            kind=fl.ROUTE,
            source="routes",
            form="unspecified",
            confidence="explicit",
            note="<img src=x onerror=alert(1)> & co",
            note_ar=ATTRIBUTION_AR + "<b>Report</b> <img src=x onerror=alert(1)>",
        )
    )
    routes = fl.routes(data, SEL)
    english = charts.route_table_html(routes, {**NAMES, "ETH": "<i>Eth</i>"}, {}, EN)
    assert "<img" not in english and "&lt;img src=x" in english and "&lt;i&gt;Eth" in english
    arabic = charts.route_table_html(routes, NAMES, {}, AR)
    assert "<b>" not in arabic and "&lt;b&gt;Report&lt;/b&gt;" in arabic


def test_years_as_runs():
    assert charts.years_text([2022, 2018, 2019, 2020], EN) == "2018–2020, 2022"


def test_sankey_goes_origin_transit_destination_and_mirrors_in_arabic():
    corridors = fl.counted(
        flow_frame(
            flow(2022, "NPL", "KWT", 10),
            flow(2022, "ETH", "SAU", 4, transit="YEM"),
            flow(2022, "KWT", "KWT", 99),
        ),
        SEL,
    )
    fig, left_out = charts.sankey_figure(corridors, NAMES, EN)
    sankey = fig.data[0]
    labels = list(sankey.node.label)
    # A direct corridor has no middle node: the middle column is transit countries only.
    assert sorted(labels) == sorted(["Nepal", "Kuwait", "Ethiopia", "Yemen", "Saudi Arabia"])
    links = [
        (labels[s], labels[t], v)
        for s, t, v in zip(sankey.link.source, sankey.link.target, sankey.link.value, strict=True)
    ]
    assert ("Nepal", "Kuwait", 10) in links
    assert ("Ethiopia", "Yemen", 4) in links and ("Yemen", "Saudi Arabia", 4) in links
    assert not any(v == 99 for *_, v in links)  # domestic victims are not a corridor
    assert left_out == 0
    mirrored = charts.sankey_figure(corridors, {**NAMES}, AR)[0].data[0]
    ar_labels = list(mirrored.node.label)
    ar_links = {
        (ar_labels[s], ar_labels[t])
        for s, t in zip(*(mirrored.link.source, mirrored.link.target), strict=True)
    }
    assert ("Kuwait", "Nepal") in ar_links  # bands run destination -> origin on screen


def test_sankey_shows_the_largest_corridors_and_says_how_many_are_left_out():
    rows = [flow(2022, f"C{k:02d}", "KWT", k + 1) for k in range(charts.SANKEY_MAX + 5)]
    corridors = fl.counted(flow_frame(*rows), SEL)
    fig, left_out = charts.sankey_figure(corridors, {}, EN)
    assert left_out == 5
    assert min(fig.data[0].link.value) == 6  # the five smallest are left out


def test_every_region_in_the_dataset_has_a_point_and_no_shape():
    data = load_dataset("data").dataset
    groups = data.countries[data.countries.entity == "group"]
    regions = groups[groups.name_en.str.contains("(region)", regex=False)]
    assert len(regions) > 10
    assert regions.lon.notna().all() and regions.lat.notna().all()
    assert regions.name_ar.str.contains("منطقة").all()
    with open(ROOT / "assets" / "countries.geojson", encoding="utf-8") as handle:
        drawn = {f["id"] for f in json.load(handle)["features"]}
    assert not drawn & set(groups.iso3)  # never drawn as a country
    places = groups.set_index("iso3")
    assert 40 < places.loc["XGS", "lon"] < 60 and 15 < places.loc["XGS", "lat"] < 30  # Gulf
    assert -20 < places.loc["XWA", "lon"] < 15 and 0 < places.loc["XWA", "lat"] < 20  # W Africa


def test_sankey_labels_are_text_not_markup():
    corridors = fl.counted(flow_frame(flow(2022, "NPL", "KWT", 10)), SEL)
    names = {**NAMES, "NPL": "<b>Nepal</b> & co"}
    fig, _ = charts.sankey_figure(corridors, names, EN)
    assert "&lt;b&gt;Nepal&lt;/b&gt; &amp; co" in fig.data[0].node.label


def test_tooltip_values_are_plain_text_and_the_markup_is_the_templates(bundled):
    """Streamlit escapes the values it puts into a deck's tooltip: values holding markup were
    shown as raw tags ('<b>Morocco → Qatar</b><br>214 victims'). Values are plain text now."""
    at = run_page("flows", dest="QAT")
    element = at.get("deck_gl_json_chart")[0].proto
    spec, tooltip = json.loads(element.json), json.loads(element.tooltip)
    assert "{tip_title}" in tooltip["html"] and "{tip_lines}" in tooltip["html"]
    items = [item for layer in spec["layers"] for item in layer.get("data", [])]
    items = [i for i in items if isinstance(i, dict) and "tip_title" in i]
    assert len(items) >= 5
    for item in items:
        assert not re.search(r"<[a-z/]|&[a-z]+;", item["tip_title"] + item["tip_lines"]), item
