"""The flows page, headless with AppTest: it lays out the view `build` gives for its address, in
both languages. The corridors, routes, scales and texts are the view's, tested on tiny datasets
in test_view_flows.py (and the map, key, route list and Sankey in test_charts_flows.py); here,
only that the page shows them, in order, and what only the page does (the address, its
widgets, bad parameters, the land image it serves)."""

from __future__ import annotations

import json

import pytest

from dashboard.charts.flows import path_text
from dashboard.i18n import Locale
from dashboard.ui.components import csv_bytes
from dashboard.ui.files import static_url
from dashboard.views.flows import FlowsState, build, facts
from tests.apptest import (
    TABLE,
    address,
    assert_tables,
    bodies,
    bound,
    chart_images,
    downloads,
    exercised,
    figures,
    locale_of,
    record_downloads,
    run_page,
    said,
    source_html,
    widgets,
)

EN = Locale("en")


def layer(spec: dict, name: str):
    return next(x for x in spec["layers"] if x["id"] == name)


def assert_map_drawn(at, bundled, view) -> None:
    """The map is the view's deck, over the land image this app serves."""
    (element,) = at.get("deck_gl_json_chart")
    deck = view.deck(static_url(view.land))
    spec = json.loads(element.proto.json)
    assert spec == json.loads(deck.to_json())
    assert json.loads(element.proto.tooltip) == deck._tooltip
    assert layer(spec, "land")["image"] == f"/app/static/{view.land}"
    # The counted lines are the view's largest corridors that have two ends to draw (the
    # origins of a region summed into one when the map gathers them), as many as asked
    # for; the others are gathered in the key.
    placed = set(view.places.index)
    groups = facts(bundled).groups if view.circles.gathered else {}
    expected: dict[tuple, float] = {}
    for r in view.corridors.itertuples():
        if r.origin != r.destination and {r.origin, r.destination} <= placed:
            key = (groups.get(r.origin, r.origin), r.transit, r.destination)
            expected[key] = expected.get(key, 0.0) + r.lower
    drawn = {(r.origin, r.transit, r.destination): r.lower for r in view.lines.itertuples()}
    top = view.state.top or len(expected)
    assert len(drawn) == min(top, len(expected))
    assert all(expected[k] == v for k, v in drawn.items())
    assert all(v <= min(drawn.values()) for k, v in expected.items() if k not in drawn)
    titles = [path_text(list(k), view.names, view.locale) for k in drawn]
    assert [a["tip_title"] for a in layer(spec, "counted")["data"]] == titles
    assert view.others.count == len(expected) - len(drawn)
    assert (view.others_text != "") is (view.others.count > 0)
    buttons = [b.label for b in at.main.get("button") if b.key == "flows_draw_every"]
    assert buttons == ([view.locale.t("flows.draw_every")] if view.others.count else [])
    shaded = [f["iso3"] for f in layer(spec, "countries")["data"]["features"]]
    assert shaded == sorted(view.outlines)


def assert_sankey_drawn(at, view, diagram: bool) -> None:
    """The Sankey is the view's, drawn only when asked for (the switch, in the address)."""
    specs = figures(at)
    toggles = [x for x in at.main.get("toggle") if x.key == "flows_diagram_toggle"]
    if view.sankey is None:
        assert specs == [] and list(toggles) == []
        return
    (toggle,) = toggles
    assert toggle.label == view.locale.t("flows.sankey_toggle") and toggle.value is diagram
    if not diagram:
        assert specs == []
        return
    (spec,) = specs
    page, mine = spec["data"][0], view.sankey["data"][0]
    assert page["type"] == mine["type"] == "sankey"
    assert page["node"]["label"] == list(mine["node"]["label"])
    for key in ("source", "target", "value"):
        assert page["link"][key] == pytest.approx(list(mine["link"][key])), key


def assert_lays_out(at, bundled, view, loc, served, notices=(), diagram=False) -> None:
    """The flows page shows `view`: its headings, texts, map, key, Sankey (when `diagram`),
    route list, table, source lines and download in order, its widgets bound to the view's
    state, the state in the address."""
    t = loc.t
    assert not at.exception and not at.error
    assert said(at.main.title) == [t("flows.title")]
    assert said(at.main.subheader) == [t("flows.sankey_heading"), t("flows.context_heading")]
    headline = [view.headline] if view.headline else []  # first, before the controls
    assert said(at.main.markdown) == [
        *headline,
        t("flows.intro"),
        *([f"**{t('flows.routes_heading')}**"] if view.show_routes else []),
    ]
    assert said(at.main.warning) == list(notices)
    no_counted = [] if view.counted else [t("flows.no_counted")]
    assert said(at.main.info) == [
        *([view.nothing] if view.nothing else []),
        *([t("flows.no_counted")] if view.sankey is None else []),
        *no_counted,
    ]
    routes_caption = t("flows.routes_confidence_note") if view.routes_html else t("flows.no_routes")
    assert said(at.main.caption) == [
        *([view.source_text] if headline else []),
        view.showing,
        *([view.domestic_text] if view.domestic_text else []),  # unplaced counts lead the key
        t("sidebar.disclaimer"),
        *(
            [view.sankey_caption if diagram else t("flows.sankey_not_drawn")]
            if view.sankey is not None
            else []
        ),
        *([routes_caption] if view.show_routes else []),
        t("flows.context_caption"),
    ]
    assert_map_drawn(at, bundled, view)
    assert_sankey_drawn(at, view, diagram)
    # The key, the source lines and the route list, in order; the corridors' table apart.
    expected = [view.key(), source_html(view.source_text)]
    if view.sankey is not None:
        expected.append(source_html(view.sankey_source_text))
    if view.show_routes and view.routes_html:
        expected += [view.routes_html, source_html(view.routes_source_text)]
    if view.counted:
        expected.append(source_html(view.context_source_text))
    assert [b for b in bodies(at) if not b.startswith(TABLE)] == expected
    assert_tables(at, [(view.context_header, view.context_rows)] if view.counted else [])
    offered = []
    if not view.nothing:  # the map's own: its images, and its CSV where it counts flows
        stem = f"{view.file_name.removesuffix('.csv')}-map"
        offered += chart_images(loc, stem)
        if view.counted:
            offered.append((t("trends.download"), f"{stem}.csv", csv_bytes(view.table)))
    if view.sankey is not None:
        offered += chart_images(loc, f"{view.file_name.removesuffix('.csv')}-sankey")
    if view.show_routes and view.routes_html:  # the documented routes, under their table
        routes = csv_bytes(view.routes_table)
        offered.append((t("flows.routes_download"), view.routes_file_name, routes))
    if view.counted:
        offered.append((t("flows.download"), view.file_name, csv_bytes(view.table)))
    assert downloads(at, served) == offered
    params = FlowsState.declare(bundled)
    # The year slider is there when there are years to step through and counts to show.
    sliding = len(view.frames) > 1 and view.show_counted
    assert widgets(at) == bound(params, view.state, set(params) - (set() if sliding else {"year"}))
    assert address(at) == {
        **view.state.query(params),
        "diagram": "on" if diagram else "off",
        "play": "off",  # the years play when asked for (a switch, in the address too)
    }


QUERIES = [
    pytest.param(
        {},
        ("corridors", "routes_html", "sankey", "unplaced_text", "domestic_text", "regions"),
        id="default",
    ),
    pytest.param(
        {"dest": "BHR", "from": "2010", "to": "2022", "scale": "fixed"},
        ("corridors", "width_scale.fixed"),
        id="bahrain-fixed-scale-no-routes",
    ),
    pytest.param({"diagram": "on"}, ("sankey",), id="diagram-drawn"),
    pytest.param({"year": "2020"}, ("year", "circles.silent"), id="one-year"),
    pytest.param({"top": "5", "dest": "all"}, ("others_text", "circles.gathered"), id="top-5"),
    pytest.param(
        {"show": "routes", "dest": "SAU", "from": "2018", "to": "2018"},
        ("routes_html",),
        id="routes-only",
    ),
    pytest.param({"form": "sexual_exploitation", "show": "counted"}, ("nothing",), id="nothing"),
    pytest.param(
        {"orig": "NPL", "dest": "all", "from": "2007", "min": "20"},
        ("corridors", "routes_html"),
        id="from-nepal-at-least-20",
    ),
    pytest.param(
        {"focus": "JOR", "dest": "all", "from": "2008", "digits": "arab"},
        ("corridors", "routes_html", "outlines"),
        id="focus-jordan",
    ),
]


@pytest.mark.parametrize(("query", "shows"), QUERIES)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_page_lays_out_its_view(bundled, monkeypatch, lang, query, shows):
    served = record_downloads(monkeypatch)
    at = run_page("flows", lang=lang, **query)
    loc = locale_of(lang, query)
    state, rejected = FlowsState.read(bundled, query)
    assert rejected == []
    view = build(bundled, loc, state)
    assert [path for path in shows if not exercised(view, path)] == []
    assert_lays_out(at, bundled, view, loc, served, diagram=query.get("diagram") == "on")


def test_the_switch_draws_the_diagram_and_says_so_in_the_address(bundled):
    at = run_page("flows")
    assert figures(at) == [] and at.query_params["diagram"] == "off"
    at.toggle(key="flows_diagram_toggle").set_value(True).run()
    assert not at.exception and len(figures(at)) == 1
    assert at.query_params["diagram"] == "on"
    at.toggle(key="flows_diagram_toggle").set_value(False).run()
    assert figures(at) == [] and at.query_params["diagram"] == "off"


def test_bad_parameters_fall_back_with_a_warning_naming_each(bundled, monkeypatch):
    served = record_downloads(monkeypatch)
    query = {
        "dest": "ZZZ,<script>",
        "orig": "NPL" * 200,
        "min": "-5",
        "show": "everything",
        "scale": "huge",
        "focus": "ATLANTIS",
        "from": "abc",
        "to": "3000",
        "diagram": "<b>",
        "play": "always",
        "top": "-1",
        "year": "1999",
    }
    at = run_page("flows", **query)
    state, rejected = FlowsState.read(bundled, query)
    rejected += ["diagram", "play"]  # the page's own switches, beside the view's state
    assert sorted(rejected) == sorted(query)
    assert state == FlowsState.read(bundled, {})[0]  # the default view
    notices = [EN.t("notice.bad_param", name=name) for name in rejected]
    assert all(f"“{name}”" in n for name, n in zip(rejected, notices, strict=True))
    assert_lays_out(at, bundled, build(bundled, EN, state), EN, served, notices)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_year_slider_steps_one_year_at_a_time_the_reading_way(bundled, lang):
    loc = Locale(lang)
    at = run_page("flows", lang=lang)
    slider = at.select_slider(key="qp_year")
    years = [loc.t("flows.year_every"), *(loc.year(y) for y in range(2018, 2023))]
    # In Arabic time runs right to left, as on the charts: the earliest year on the right.
    assert slider.options == (years[::-1] if loc.rtl else years)
    slider.set_value("2020").run()
    assert not at.exception and at.query_params["year"] == "2020"
    state, _ = FlowsState.read(bundled, {"year": "2020"})
    view = build(bundled, loc, state)
    assert view.year == 2020 and view.showing in said(at.main.caption)
    assert at.toggle(key="flows_play").value is False and at.query_params["play"] == "off"
