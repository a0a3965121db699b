"""The flows view: `build` on tiny datasets (the corridors, the download, the texts each case
implies), and the slide drawing the same view as the page, in both languages."""

from __future__ import annotations

import json
import re
from html import escape, unescape

import pandas as pd
import pytest

from dashboard.catalogue import catalogue
from dashboard.dataset import load_dataset
from dashboard.dataset.io import write_folder
from dashboard.i18n import Locale
from dashboard.slides.adapt import build as slide
from dashboard.slides.adapt import source_text
from dashboard.views.flows import FlowsState, build, selection
from tests.apptest import html, run_page, shown
from tests.factories import MANIFEST, tiny_tables

EN = Locale("en")
AR = Locale("ar")

STOCK_SOURCE = {
    "source": "test_stock",
    "title": "Synthetic migrant stock",
    "title_ar": "رصيد مهاجرين اصطناعي",
    "citation_en": "Stock, synthetic",
    "citation_ar": "رصيد، اصطناعي",
    "publisher": "Tests",
    "edition": "1",
    "url": "",
    "licence": "none",
    "licence_ar": "لا يوجد",
    "accessed": "2025-01-01",
}


def flow(year, origin, destination, victims=None, status="reported", **kw) -> dict:
    row = {
        "year": year,
        "origin": origin,
        "transit": "",
        "destination": destination,
        "kind": "detected_victims",
        "victims": victims,
        "lower": None,
        "upper": None,
        "status": status,
        "form": "total",
        "sex": "total",
        "age": "total",
        "source": "test_source",
        "confidence": "",
        "note": "",
        "note_ar": "",
    }
    row.update(kw)
    return row


def route(year, origin, transit, destination) -> dict:
    return flow(
        year,
        origin,
        destination,
        transit=transit,
        kind="documented_route",
        form="unspecified",
        confidence="explicit",
        note="a report says so",
        note_ar="يقول ذلك تقرير",
    )


def withheld(year, origin, destination) -> dict:
    return flow(year, origin, destination, status="suppressed", lower=1, upper=4)


def stock(year, origin, destination, migrants) -> dict:
    return flow(year, origin, destination, migrants, kind="migrant_stock", source="test_stock")


def dataset(tmp_path, rows, unplaced=()):
    """The tiny dataset with these flows (and a migrant stock source); `unplaced` countries
    have no coordinates."""
    tables = tiny_tables()
    tables["flows"] = pd.DataFrame(rows)
    tables["sources"] = pd.concat([tables["sources"], pd.DataFrame([STOCK_SOURCE])])
    countries = tables["countries"]
    countries.loc[countries.iso3.isin(unplaced), ["lon", "lat"]] = None
    folder = tmp_path / "data"
    write_folder(tables, MANIFEST, folder)
    result = load_dataset(folder)
    assert result.dataset is not None, result.report.render()
    return result.dataset


def state(data, **query):
    found, rejected = FlowsState.read(data, {k: str(v) for k, v in query.items()})
    assert rejected == []
    return found


# Each case: the flows, the state's address, then what the view must show.
CORRIDORS = [
    pytest.param(
        [flow(2021, "NPL", "BHR", 8), flow(2022, "NPL", "BHR", 12)],
        {"from": 2021, "to": 2022},
        [("NPL", "BHR", 20, 20, 20, (2021, 2022), False)],
        id="two-years-summed",
    ),
    pytest.param(
        [flow(2021, "NPL", "BHR", 12), withheld(2022, "NPL", "BHR")],
        {"from": 2021, "to": 2022},
        [("NPL", "BHR", None, 13, 16, (2021, 2022), False)],
        id="a-withheld-year-makes-a-range",
    ),
    pytest.param(
        [withheld(2021, "NPL", "BHR"), withheld(2022, "NPL", "BHR")],
        {"from": 2021, "to": 2022},
        [("NPL", "BHR", None, 2, 8, (2021, 2022), True)],
        id="every-year-withheld",
    ),
    pytest.param(
        [flow(2021, "NPL", "BHR", 8), flow(2022, "NPL", "BHR", 12)],
        {"from": 2022, "to": 2022},
        [("NPL", "BHR", 12, 12, 12, (2022,), False)],
        id="one-year",
    ),
    pytest.param(
        [flow(2022, "NPL", "BHR", 30), flow(2022, "NPL", "JOR", 5)],
        {"from": 2022, "to": 2022, "dest": "gcc"},
        [("NPL", "BHR", 30, 30, 30, (2022,), False)],
        id="gcc-is-bahrain-here",
    ),
    pytest.param(
        [flow(2022, "NPL", "BHR", 30), flow(2022, "NPL", "JOR", 5)],
        {"from": 2022, "to": 2022},
        [
            ("NPL", "BHR", 30, 30, 30, (2022,), False),
            ("NPL", "JOR", 5, 5, 5, (2022,), False),
        ],
        id="the-forum-by-default-largest-first",
    ),
    pytest.param(
        [flow(2022, "NPL", "BHR", 30), flow(2022, "NPL", "JOR", 5)],
        {"from": 2022, "to": 2022, "min": 6},
        [("NPL", "BHR", 30, 30, 30, (2022,), False)],
        id="a-minimum",
    ),
]


@pytest.mark.parametrize(("rows", "query", "expected"), CORRIDORS)
def test_corridors_and_their_download(tmp_path, rows, query, expected):
    data = dataset(tmp_path, rows)
    view = build(data, EN, state(data, **query))
    got = [
        (
            r.origin,
            r.destination,
            None if pd.isna(r.victims) else int(r.victims),
            int(r.lower),
            int(r.upper),
            r.years,
            bool(r.withheld),
        )
        for r in view.corridors.itertuples()
    ]
    assert got == expected
    t = EN.t
    table = view.table
    assert list(table.columns) == [
        "origin_iso3",
        "destination_iso3",
        t("flows.col_origin"),
        t("flows.col_destination"),
        t("export.col_indicator"),
        t("export.col_measure"),
        t("export.col_unit"),
        t("flows.col_victims"),
        t("flows.col_lower"),
        t("flows.col_upper"),
        t("flows.col_withheld"),
        t("flows.col_years"),
        t("flows.col_stock"),
        t("flows.col_stock_year"),
        t("flows.col_source"),
    ]
    for key in ("flows.col_victims", "flows.col_lower", "flows.col_upper", "flows.col_stock"):
        assert str(table[t(key)].dtype) == "Int64"  # whole numbers stay whole
    assert [
        (o, d, None if pd.isna(v) else v, lo, hi)
        for o, d, v, lo, hi in zip(
            table.origin_iso3,
            table.destination_iso3,
            table[t("flows.col_victims")],
            table[t("flows.col_lower")],
            table[t("flows.col_upper")],
            strict=True,
        )
    ] == [row[:5] for row in expected]
    assert list(table[t("flows.col_withheld")]) == [
        t("flows.yes") if row[6] else t("flows.no") for row in expected
    ]
    first, last = sorted((int(query["from"]), int(query["to"])))
    assert view.file_name == f"corridors-{first}-{last}.csv"
    assert view.years == list(range(first, last + 1))
    assert view.sources == ["test_source"]
    assert view.source_text == catalogue(data, EN).source_text(["test_source"], view.years)
    assert view.nothing == "" and view.notes == []


@pytest.mark.parametrize("loc", [EN, AR], ids=["en", "ar"])
def test_the_stock_beside_a_corridor_and_both_citations(tmp_path, loc):
    data = dataset(
        tmp_path,
        [
            flow(2022, "NPL", "BHR", 12),
            stock(2020, "NPL", "BHR", 1500),
            stock(2015, "NPL", "BHR", 9),
        ],
    )
    view = build(data, loc, state(data, **{"from": 2022, "to": 2022}))
    t, cat = loc.t, catalogue(data, loc)
    row = view.table.iloc[0]
    assert row[t("flows.col_stock")] == 1500 and row[t("flows.col_stock_year")] == 2020
    both = cat.citation(["test_source", "test_stock"])
    assert row[t("flows.col_source")] == both
    assert cat.items_sep in both  # "; " or "؛ ", never a typed one
    assert view.context_source_text == cat.source_text(["test_source", "test_stock"], [2022])
    stock_text = t("flows.stock_value", stock=loc.number(1500), year=loc.year(2020))
    assert view.context_rows == [
        (
            f"{cat.name('NPL')} {t('flows.arrow')} {cat.name('BHR')}",
            loc.number(12),
            loc.year(2022),
            stock_text,
        )
    ]


def test_a_route_with_its_legs_places_and_sources(tmp_path):
    data = dataset(tmp_path, [flow(2022, "NPL", "BHR", 12), route(2021, "NPL", "JOR", "BHR")])
    view = build(data, EN, state(data, **{"from": 2021, "to": 2022}))
    assert [tuple(r) for r in view.legs[["leg", "start", "end"]].itertuples(index=False)] == [
        (1, "NPL", "JOR"),
        (2, "JOR", "BHR"),
    ]
    assert "Nepal → Jordan → Bahrain" in view.routes_html
    assert view.show_counted and view.show_routes
    # The default destination is the forum: both members are shaded, nothing else.
    assert view.selection.destinations[:2] == ("BHR", "JOR")
    routes_only = build(data, EN, state(data, show="routes", **{"from": 2021, "to": 2022}))
    assert routes_only.corridors.empty and routes_only.sankey is None
    assert len(routes_only.routes) == 1 and not routes_only.show_counted


def test_nothing_matches(tmp_path):
    data = dataset(tmp_path, [flow(2022, "NPL", "BHR", 12), route(2021, "NPL", "JOR", "BHR")])
    query = {"form": "sexual_exploitation", "show": "counted", "from": 2021, "to": 2022}
    view = build(data, AR, state(data, **query))
    assert view.corridors.empty and view.routes.empty
    assert view.nothing == AR.t("flows.nothing") and view.notes == [view.nothing]
    assert view.sources == [] and view.table.empty
    assert view.sankey is None and view.routes_html == ""


PLACES = [
    pytest.param(
        [flow(2022, "XUN", "BHR", 5), flow(2022, "NPL", "BHR", 7)],
        ("XUN",),
        "Citizenship not stated → Bahrain: 5",
        "",
        [],
        id="an-end-with-no-place-is-listed",
    ),
    pytest.param(
        [flow(2022, "XUN", "BHR", 5)],
        (),
        "",
        "",
        ["XUN"],
        id="a-region-with-a-place-is-named-in-the-key",
    ),
    pytest.param(
        [flow(2022, "BHR", "BHR", 3), flow(2022, "NPL", "BHR", 7)],
        (),
        "",
        "1 counts are of victims detected in their own country",
        [],
        id="domestic-counts-are-said",
    ),
]


@pytest.mark.parametrize(("rows", "unplaced", "listed", "domestic", "regions"), PLACES)
def test_what_the_map_cannot_draw_is_said(tmp_path, rows, unplaced, listed, domestic, regions):
    data = dataset(tmp_path, rows, unplaced)
    view = build(data, EN, state(data, dest="BHR", **{"from": 2022, "to": 2022}))
    assert (listed in view.unplaced_text) if listed else view.unplaced_text == ""
    assert (domestic in view.domestic_text) if domestic else view.domestic_text == ""
    assert view.regions == regions
    names = [catalogue(data, EN).name(r) for r in regions]
    key = view.key()
    assert all(escape(n) in key for n in names)
    assert EN.t("flows.key_direction") in key
    assert EN.t("flows.key_direction_still") in view.key(hover=False)


def test_the_fixed_scale_keeps_the_whole_dataset_as_its_reference(tmp_path):
    data = dataset(tmp_path, [flow(2021, "NPL", "BHR", 90), flow(2022, "NPL", "BHR", 10)])
    fitted = build(data, EN, state(data, **{"from": 2022, "to": 2022}))
    fixed = build(data, EN, state(data, scale="fixed", **{"from": 2022, "to": 2022}))
    assert fitted.width_scale.reference == 10 and not fitted.width_scale.fixed
    assert fixed.width_scale.reference == 100 and fixed.width_scale.fixed


def test_the_default_view_is_the_latest_five_years_of_counts_into_the_forum(tmp_path):
    rows = [flow(2012, "NPL", "BHR", 3), flow(2016, "NPL", "JOR", 4), flow(2021, "NPL", "BHR", 5)]
    data = dataset(tmp_path, [*rows, route(2023, "NPL", "JOR", "BHR")])
    view = build(data, EN, state(data))
    # The latest year is the latest count's (2021), not the route's (2023).
    assert (view.state.first, view.state.last) == (2017, 2021)
    assert view.showing == EN.t("flows.showing", years="2017–2021")
    # The forum: its members and the regions the sources name instead of a country.
    assert view.selection.destinations == ("BHR", "JOR", "XGS", "XME")
    assert selection(data, state(data, dest="gcc")).destinations == ("BHR", "XGS")
    assert sorted(view.outlines) == ["BHR", "JOR"]  # shaded: the forum's members
    assert [(r.origin, r.destination) for r in view.corridors.itertuples()] == [("NPL", "BHR")]
    focused = build(data, EN, state(data, dest="BHR", focus="NPL"))
    assert sorted(focused.outlines) == ["BHR", "NPL"]  # and the country in focus


@pytest.mark.parametrize("loc", [EN, AR], ids=["en", "ar"])
def test_one_year_is_named_as_one(tmp_path, loc):
    data = dataset(tmp_path, [flow(2021, "NPL", "BHR", 8), flow(2022, "NPL", "BHR", 12)])
    view = build(data, loc, state(data, **{"from": 2021, "to": 2021}))
    assert view.showing == loc.t("flows.showing", years=loc.year(2021))
    assert "2021–2021" not in view.showing and "2021–2021" not in view.heading


def test_the_selection_reads_the_state(tmp_path):
    data = dataset(tmp_path, [flow(2022, "NPL", "BHR", 12)])
    sel = selection(data, state(data, dest="all", focus="NPL", orig="NPL"))
    assert sel.destinations == () and sel.focus == "NPL" and tuple(sel.origins) == ("NPL",)
    assert selection(data, state(data)).focus == ""


# -- the slide draws what the page draws ----------------------------------------------------

SOURCE_LINE = re.compile(r'<p class="tip-source">(.*?)</p>', re.S)
QUERIES = [
    pytest.param({}, id="default"),
    pytest.param({"dest": "BHR", "from": "2010", "to": "2022", "scale": "fixed"}, id="bahrain"),
    pytest.param({"form": "sexual_exploitation", "show": "counted"}, id="nothing"),
]


def page_layer(at, name) -> list[dict]:
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    return next(x for x in spec["layers"] if x["id"] == name)["data"]


def slide_layer(view, name) -> list[dict]:
    spec = json.loads(view.deck.to_json())
    return next(x for x in spec["layers"] if x["id"] == name)["data"]


def arcs(data) -> list[tuple]:
    return sorted((a["tip_title"], a["tip_lines"], a["width"]) for a in data)


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_slide_shows_what_the_page_shows(bundled, lang, query):
    loc = Locale(lang)
    view = slide(bundled, loc, "flows", query)
    at = run_page("flows", lang=lang, **query)
    assert not at.exception and not at.error
    assert view.rejected == []
    # The same years, sources and source line.
    years = loc.years(min(view.years), max(view.years))
    assert years in view.heading
    assert any(years in shown(c.value) for c in at.caption)
    lines = [unescape(x) for x in SOURCE_LINE.findall(html(at))]
    assert lines and lines[0] == source_text(bundled, loc, view)
    # The same corridors and routes, with the same victims and widths.
    assert bool(page_layer(at, "counted")) == (not view.notes)
    assert arcs(page_layer(at, "counted")) == arcs(slide_layer(view, "counted"))
    assert arcs(page_layer(at, "routes")) == arcs(slide_layer(view, "routes"))
    # The same key, but for the line about hovering.
    key = view.deck_key.replace(
        escape(loc.t("flows.key_direction_still")), escape(loc.t("flows.key_direction"))
    )
    assert key in html(at)
    # The slide's notes are on the page.
    said = [shown(x.value) for x in at.info]
    for note in view.notes:
        assert note in said
    if query.get("show") == "counted":
        assert view.notes == [loc.t("flows.nothing")]


@pytest.mark.parametrize("locale", [EN, AR])
def test_a_count_the_map_cannot_draw_leads_the_key_with_its_size(tmp_path, locale):
    rows = [flow(2022, "XUN", "BHR", 230), flow(2022, "NPL", "BHR", 32)]
    data = dataset(tmp_path, rows, ("XUN",))
    view = build(data, locale, state(data, dest="BHR", **{"from": 2022, "to": 2022}))
    assert locale.number(230) in view.unplaced_text
    assert view.unplaced_text.endswith(
        locale.t("flows.not_drawn_larger", flows="", widest=locale.number(32)).split(": ")[-1]
    )
    for key in (view.key(), view.key(hover=False)):  # the page and the slide
        lead = key.split("<p class='tip-key-scale'>")[0]
        assert "tip-key-unplaced" in lead and escape(view.unplaced_text) in lead


def test_a_smaller_count_the_map_cannot_draw_is_not_called_larger(tmp_path):
    rows = [flow(2022, "XUN", "BHR", 5), flow(2022, "NPL", "BHR", 32)]
    data = dataset(tmp_path, rows, ("XUN",))
    view = build(data, EN, state(data, dest="BHR", **{"from": 2022, "to": 2022}))
    assert view.unplaced_text.startswith("Not drawn") and "widest" not in view.unplaced_text


@pytest.mark.parametrize("locale", [EN, AR])
def test_the_routes_download_holds_every_route_shown_with_its_years_and_source(bundled, locale):
    """The documented routes drawn on the map, as a CSV beside their table: each route of the
    dataset in the view once, with its transit country, its years and its report, and nothing
    counted (a route has no number)."""
    query = {"dest": "ARE", "from": "2010", "to": "2022", "show": "routes"}
    view = build(bundled, locale, FlowsState.read(bundled, query)[0])
    t = locale.t
    table = view.routes_table
    flows = bundled.flows
    rows = flows[
        (flows.kind == "documented_route")
        & (flows.destination == "ARE")
        & flows.year.between(2010, 2022)
    ]
    triples = {
        (o, tr if isinstance(tr, str) else "", d)
        for o, tr, d in zip(rows.origin, rows.transit, rows.destination, strict=True)
    }
    assert len(table) == len(triples) > 3
    drawn = list(zip(table.origin_iso3, table.transit_iso3, table.destination_iso3, strict=True))
    assert set(drawn) == triples and len(set(drawn)) == len(drawn)
    cat = catalogue(bundled, locale)
    for _, r in table.iterrows():
        key = (r.origin_iso3, r.transit_iso3, r.destination_iso3)
        hits = rows[
            (rows.origin == key[0])
            & (rows.transit.fillna("") == key[1])
            & (rows.destination == key[2])
        ]
        assert r[t("flows.col_years")] == " ".join(str(y) for y in sorted(set(hits.year)))
        assert r[t("flows.col_destination")] == cat.name("ARE")
        assert (r[t("flows.col_transit")] == "") == (key[1] == "")
        assert r[t("flows.col_source")] and "<" not in r[t("flows.col_source")]
    assert not any(c in table.columns for c in (t("flows.col_victims"), "victims"))


def layer_data(view, name: str) -> list[dict]:
    spec = json.loads(view.deck("/app/static/land.png").to_json())
    return next(x for x in spec["layers"] if x["id"] == name)["data"]


def test_the_largest_corridors_are_lines_and_the_rest_one_line_of_the_key(tmp_path):
    rows = [
        flow(2022, "NPL", "BHR", 50),
        flow(2022, "NPL", "JOR", 30),
        flow(2022, "JOR", "BHR", 7),
        withheld(2022, "BHR", "JOR"),
    ]
    data = dataset(tmp_path, rows)
    view = build(data, EN, state(data, top=2, **{"from": 2022, "to": 2022}))
    assert [(r.origin, r.destination) for r in view.lines.itertuples()] == [
        ("NPL", "BHR"),
        ("NPL", "JOR"),
    ]
    assert [a["tip_title"] for a in layer_data(view, "counted")] == [
        "Nepal → Bahrain",
        "Nepal → Jordan",
    ]
    assert len(layer_data(view, "arrows")) == 2
    # The two left out: 7 and a withheld 1-4, gathered as one line of the key and picture.
    assert (view.others.count, view.others.lower, view.others.upper) == (2, 8.0, 11.0)
    assert view.others_text == EN.t("flows.others", count="2", victims="8–11")
    assert escape(view.others_text) in view.key() and view.others_text in view.picture_key()
    # The totals count every corridor, drawn or not: Bahrain receives 50 + 7.
    disc = next(d for d in layer_data(view, "inflow") if d["iso3"] == "BHR")
    assert EN.t("flows.tip_node_in", victims="57") in disc["tip_lines"]
    # The table and download keep every corridor.
    assert len(view.table) == 4
    every = build(data, EN, state(data, top=0, **{"from": 2022, "to": 2022}))
    assert len(every.lines) == 4 and every.others.count == 0 and every.others_text == ""
    assert every.width_scale == view.width_scale  # the widest line is the same


def test_each_place_gives_its_totals_in_and_out_with_who_reported(tmp_path):
    rows = [flow(2021, "NPL", "BHR", 10), flow(2022, "NPL", "BHR", 5), flow(2022, "NPL", "JOR", 4)]
    data = dataset(tmp_path, rows)
    view = build(data, EN, state(data, **{"from": 2021, "to": 2022}))
    totals = view.circles.totals
    assert (totals.loc["NPL", "out_lower"], totals.loc["BHR", "in_lower"]) == (19, 15)
    assert totals.loc["JOR", "in_lower"] == 4
    notes = view.circles.notes
    assert notes["BHR"] == [EN.t("flows.tip_reported_years", k="2", m="2", years="2021–2022")]
    assert notes["JOR"] == [EN.t("flows.tip_reported_years", k="1", m="2", years="2022")]
    assert notes["NPL"] == [EN.t("flows.tip_reported_by", k="2", m="2", years="2021–2022")]
    assert view.circles.silent == ()
    marks = {m["iso3"]: m for m in layer_data(view, "places")}
    assert notes["NPL"][0] in marks["NPL"]["tip_lines"]
    # Circles by area: Nepal's ring (19, the largest) is the largest, Jordan's disc smaller.
    discs = {d["iso3"]: d["radius"] for d in layer_data(view, "inflow")}
    assert marks["NPL"]["radius"] > discs["BHR"] > discs["JOR"]
    assert discs["BHR"] / discs["JOR"] == pytest.approx((15 / 4) ** 0.5, rel=0.05)
    # 2021: Jordan reported nothing. It is marked as not reporting, never as no flow.
    one = build(data, EN, state(data, year=2021, **{"from": 2021, "to": 2022}))
    assert one.circles.silent == ("JOR",)
    silent = {m["iso3"]: m for m in layer_data(one, "places")}["JOR"]
    assert EN.t("flows.tip_silent", years="2021") in silent["tip_lines"]
    assert silent["fill"][:3] != marks["JOR"]["fill"][:3]
    assert escape(EN.t("flows.key_silent", places="Jordan")) in one.key()
    arabic = build(data, AR, state(data, year=2021, **{"from": 2021, "to": 2022}))
    assert escape(AR.t("flows.key_silent", places="الأردن")) in arabic.key()


def test_one_year_at_a_time_is_drawn_on_one_scale_for_all_the_years(tmp_path):
    rows = [flow(2021, "NPL", "BHR", 40), flow(2022, "NPL", "BHR", 10), flow(2022, "NPL", "JOR", 2)]
    data = dataset(tmp_path, rows)
    span = {"from": 2021, "to": 2022}
    summed = build(data, EN, state(data, **span))
    assert summed.year is None and summed.frames == (2021, 2022)
    frames = {y: build(data, EN, state(data, year=y, **span)) for y in (2021, 2022)}
    for year, view in frames.items():
        assert view.year == year and view.selection.years == (year,)
        # each frame's lines are that year's flows, and nothing else
        expected = {
            (r["origin"], r["destination"]): r["victims"] for r in rows if r["year"] == year
        }
        drawn = zip(view.lines.origin, view.lines.destination, view.lines.lower, strict=True)
        assert {(o, d): v for o, d, v in drawn} == expected
        # one scale for both years: the widest line of either, the largest circle of either
        assert view.width_scale.reference == 40 and not view.width_scale.fixed
        assert view.circles.reference == 40
        assert view.showing == EN.t("flows.showing_year", year=str(year), years="2021–2022")
        assert view.heading == EN.t("present.heading_flows", years=str(year))
    assert frames[2022].lines.lower.iloc[0] == 10  # drawn a quarter as wide as 2021's 40
    # A year outside the years chosen is none of them: the years are summed.
    outside = build(data, EN, state(data, year=2021, **{"from": 2022, "to": 2022}))
    assert outside.year is None and outside.selection.years == (2022,)
    assert outside.showing == EN.t("flows.showing", years="2022")


def world(tmp_path, rows):
    """The tiny dataset with origins across the world: Nepal and India (Southern Asia) and
    Peru (Latin America), placed where they are."""
    tables = tiny_tables()
    countries = tables["countries"]
    countries.loc[countries.iso3 == "NPL", ["subregion", "lon", "lat"]] = ["Southern Asia", 84, 28]
    extra = countries[countries.iso3 == "NPL"].copy()
    more = [
        extra.assign(iso3="IND", name_en="India", name_ar="الهند", lon=78, lat=21),
        extra.assign(
            iso3="PER",
            name_en="Peru",
            name_ar="بيرو",
            region="Americas",
            subregion="South America",
            lon=-75,
            lat=-9,
        ),
    ]
    tables["countries"] = pd.concat([countries, *more], ignore_index=True)
    tables["flows"] = pd.DataFrame(rows)
    folder = tmp_path / "world"
    write_folder(tables, MANIFEST, folder)
    result = load_dataset(folder)
    assert result.dataset is not None, result.report.render()
    return result.dataset


def test_origins_are_gathered_by_region_when_the_map_spans_the_world(tmp_path):
    rows = [
        flow(2022, "NPL", "BHR", 10),
        flow(2022, "IND", "BHR", 5),
        withheld(2022, "IND", "JOR"),
        flow(2022, "PER", "BHR", 3),
        flow(2022, "JOR", "BHR", 2),  # the forum's members are never gathered
    ]
    data = world(tmp_path, rows)
    year = {"from": 2022, "to": 2022}
    view = build(data, EN, state(data, **year))  # Peru to Nepal: the map spans the world
    lines = {(r.origin, r.destination): (r.lower, r.upper) for r in view.lines.itertuples()}
    assert lines == {
        ("group:southern_asia", "BHR"): (15, 15),
        ("group:southern_asia", "JOR"): (1, 4),
        ("group:latin_america", "BHR"): (3, 3),
        ("JOR", "BHR"): (2, 2),
    }
    node = next(m for m in layer_data(view, "places") if m["iso3"] == "group:southern_asia")
    assert node["tip_title"] == EN.t("flows.group_southern_asia")
    assert EN.t("flows.tip_gathered", places="India, Nepal") in node["tip_lines"]
    assert EN.t("flows.tip_node_out", victims="16–19") in node["tip_lines"]
    assert node["position"] == [81.0, 24.5]  # the middle of its members
    assert escape(EN.t("flows.key_gathered")) in view.key()
    # The table, the totals of each country and the Sankey keep the countries.
    assert set(view.table.origin_iso3) == {"NPL", "IND", "PER", "JOR"}
    assert view.circles.totals.loc["NPL", "out_lower"] == 10
    # Apart: by country, when an origin is chosen, or with a country in focus.
    for query in ({"group": "countries"}, {"orig": "NPL,IND,PER"}, {"focus": "BHR"}):
        apart = build(data, EN, state(data, **year, **query))
        assert not any(o.startswith("group:") for o in apart.lines.origin), query
        assert apart.circles.gathered == ()
    # The map no longer spans the world: apart, unless asked for.
    near = build(data, EN, state(data, dest="JOR", **year))
    assert list(near.lines.origin) == ["IND"]
    asked = build(data, EN, state(data, dest="JOR", group="regions", **year))
    assert list(asked.lines.origin) == ["group:southern_asia"]
    arabic = build(data, AR, state(data, **year))
    node = next(m for m in layer_data(arabic, "places") if m["iso3"] == "group:southern_asia")
    assert node["tip_title"] == AR.t("flows.group_southern_asia")
    assert AR.t("flows.tip_gathered", places="الهند، نيبال") in node["tip_lines"]
