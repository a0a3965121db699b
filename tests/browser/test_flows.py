"""The flows page in a real browser: the deck (and the Sankey when asked for) drawn from this
server only, filters, transit legs, the fixed scale, Arabic tooltips, and a click that focuses
the map."""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import WAIT_MS, open_page, screenshot, switch_on
from tests.browser.flows import (
    DECK,
    at_pixel,
    colours,
    count_near,
    deck_spec,
    drawn_width,
    layer_data,
    open_flows,
    painted,
    pixel_of,
    pixel_on_phone,
)
from tests.deckview import mark_places, on_map

# The scripts the page fetched whose name says plotly (its chart code is loaded lazily).
PLOTLY_FETCHED = """() => performance.getEntriesByType('resource').map(e => e.name)
  .filter(n => /plotly/i.test(n))"""


def test_default_view_draws_the_deck_from_this_server_and_the_diagram_when_asked(browser, server):
    visit = open_flows(browser, server)
    page = visit.page
    assert visit.outside == [] and visit.errors == []
    image = colours(page)
    assert count_near(image, (0, 70, 140)) > 300  # counted flows (blue, dark end)
    assert count_near(image, (200, 110, 50)) > 100  # documented routes (vermilion)
    assert count_near(image, (238, 240, 244), 4) > 10_000  # the land, drawn from our shapes
    # The diagram is drawn when asked for: until then plotly's code is not even fetched.
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
    assert page.evaluate(PLOTLY_FETCHED) == []
    switch_on(page, "Draw the diagram")
    page.locator('[data-testid="stPlotlyChart"] .sankey-node').first.wait_for()
    assert page.locator('[data-testid="stPlotlyChart"] .sankey-node').count() > 10
    assert "diagram=on" in page.url and page.evaluate(PLOTLY_FETCHED) != []
    assert (
        "Forum member states" in page.locator('[data-testid="stMultiSelect"]').first.text_content()
    )
    screenshot(page, "flows-en")
    page.context.close()


def test_filter_by_destination_bahrain(browser, server):
    visit = open_flows(browser, server, "dest=BHR")
    text = visit.page.locator('[data-testid="stMain"]').inner_text()
    assert "→ Bahrain" in text
    assert "→ Qatar" not in text and "→ Jordan" not in text
    visit.page.context.close()


def test_filter_by_origin_nepal(browser, server):
    visit = open_flows(browser, server, "orig=NPL&dest=all&from=2007")
    text = visit.page.locator('[data-testid="stMain"]').inner_text()
    assert "Nepal → Jordan → Iraq" in text  # a documented route with its transit
    assert "Philippines →" not in text
    visit.page.context.close()


def test_a_route_through_a_transit_country_draws_both_legs(browser, server):
    query = {"dest": "ARE", "orig": "BGD", "from": "2016", "to": "2016", "show": "routes"}
    visit = open_flows(browser, server, "&".join(f"{k}={v}" for k, v in query.items()), 0)
    page = visit.page
    box = page.locator(DECK).bounding_box()
    image = colours(page)
    # Both legs are drawn: vermilion pixels at the middle of each leg's curve.
    spec = deck_spec(query)
    places = mark_places(spec)
    legs = {(str(leg["source"]), str(leg["target"])): leg for leg in layer_data(spec, "routes")}
    for a, b in (("BGD", "OMN"), ("OMN", "ARE")):
        path = legs[(str(places[a]), str(places[b]))]["path"]
        mx, my = on_map(spec, *path[len(path) // 2], box["width"], box["height"])
        near = image.crop((int(mx) - 8, int(my) - 8, int(mx) + 8, int(my) + 8))
        assert count_near(near, (200, 110, 50), 70) > 0, f"no leg {a} -> {b}"
    assert (
        "Bangladesh → Oman → United Arab Emirates"
        in page.locator('[data-testid="stMain"]').inner_text()
    )
    page.context.close()


def test_fixed_scale_on_and_off(browser, server):
    fixed = open_flows(browser, server, "scale=fixed")
    expect(fixed.page.locator(".tip-flow-key")).to_contain_text("Fixed line width")
    fixed.page.context.close()
    fitted = open_flows(browser, server, "scale=fitted")
    expect(fitted.page.locator(".tip-flow-key")).to_contain_text("fitted to this view")
    fitted.page.context.close()


def test_arabic_tooltip_and_key_right_to_left(browser, server):
    query = {"lang": "ar", "dest": "BHR"}
    visit = open_flows(browser, server, "lang=ar&dest=BHR")
    page = visit.page
    assert visit.outside == [] and visit.errors == []
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    box = page.locator(DECK).bounding_box()
    x, y = pixel_of(query, "BHR", box)
    page.mouse.move(x, y)
    tooltip = page.locator(".deck-tooltip")
    tooltip.wait_for(state="visible")
    assert "البحرين" in tooltip.inner_text()
    assert "<b>" not in tooltip.inner_text() and "<br>" not in tooltip.inner_text()  # no raw tags
    expect(tooltip.locator("b")).to_contain_text("البحرين")  # the title, set in bold
    assert tooltip.evaluate("e => getComputedStyle(e).direction") == "rtl"
    key = page.locator(".tip-flow-key")
    assert key.evaluate("e => getComputedStyle(e).direction") == "rtl"
    screenshot(page, "flows-ar")
    page.context.close()


def test_clicking_a_place_focuses_the_map_on_it(browser, server):
    query = {"dest": "BHR"}
    visit = open_flows(browser, server, "dest=BHR")
    page = visit.page
    box = page.locator(DECK).bounding_box()
    x, y = pixel_of(query, "KAZ", box)  # Kazakhstan: an origin of flows into Bahrain
    page.mouse.click(x, y)
    expect(page).to_have_url(re.compile(r"[?&]focus=KAZ\b"))
    main = page.locator('[data-testid="stMain"]')
    expect(main).not_to_contain_text("Philippines → Bahrain")  # the others go
    expect(main).to_contain_text("Kazakhstan → Bahrain")  # the focused country's corridor stays


def test_corridor_download_holds_counts_beside_migrant_stock(browser, server, bundled):
    visit = open_flows(browser, server, "dest=QAT&from=2007&to=2022")
    page = visit.page
    with page.expect_download() as info:
        page.get_by_text("Download every counted flow").click()
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    got = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert set(got.destination_iso3) == {"QAT"}
    assert "origin" not in got.columns and "destination" not in got.columns  # codes once
    assert got["Lower"].dtype.kind == "i"  # counts written as whole numbers
    flows = bundled.flows
    exact = flows[
        (flows.kind == "detected_victims")
        & (flows.destination == "QAT")
        & (flows.status == "reported")
    ]
    row = got.set_index("origin_iso3").loc[exact.groupby("origin").victims.sum().idxmax()]
    assert row["Lower"] >= exact.groupby("origin").victims.sum().max()
    assert got["Migrants from that origin living there"].notna().any()
    page.context.close()


def test_arabic_route_list_names_its_reports_in_arabic(browser, server):
    """The routes' sources once stayed English on the Arabic page: a chapter of the US TIP
    Report is now named in Arabic; a report it cannot name keeps its English name, set left
    to right and announced as English."""
    visit = open_flows(browser, server, "lang=ar&dest=SAU&from=2018&to=2018&show=routes", 0)
    page = visit.page
    assert visit.outside == [] and visit.errors == []
    table = page.locator("table.tip-routes")
    expect(table).to_be_visible()
    assert table.evaluate("e => getComputedStyle(e).direction") == "rtl"
    expect(table).to_contain_text("تقرير وزارة الخارجية الأمريكية عن الاتجار بالأشخاص")
    expect(table).to_contain_text("فصل إثيوبيا")
    expect(table).not_to_contain_text("US TIP Report")
    expect(table).not_to_contain_text("data row")  # no compiler's locators
    english = table.locator(".tip-evidence-en")
    for k in range(english.count()):  # the sanitiser keeps the marks
        assert english.nth(k).evaluate("e => getComputedStyle(e).direction") == "ltr"
        assert english.nth(k).get_attribute("lang") == "en"
    # Both confidences have a swatch in the key, in different colours.
    swatches = page.locator(".tip-flow-key .tip-key-line")
    backgrounds = {swatches.nth(i).evaluate("e => e.style.background") for i in range(2)}
    assert len(backgrounds) == 2
    screenshot(page, "flows-ar-routes")
    page.context.close()


PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/131.0.0.0 Mobile Safari/537.36"
)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_on_a_phone_the_far_origins_are_on_the_map(browser, server, bundled, lang):
    """On a 390 px phone the first view once cut off South-East Asian and West African origins:
    each is now on the map, and hovering its mark names it."""
    context = browser.new_context(
        user_agent=PHONE_AGENT, viewport={"width": 390, "height": 844}, has_touch=True
    )
    context.set_default_timeout(WAIT_MS)
    visit = open_page(browser, f"{server}/flows?lang={lang}", 390, 844, context=context)
    page = visit.page
    page.wait_for_selector(f"{DECK} canvas")
    page.locator(DECK).scroll_into_view_if_needed()
    painted(page)
    box = page.locator(DECK).bounding_box()
    names = bundled.countries.set_index("iso3")[f"name_{lang}"]
    for iso3 in ("PHL", "IDN", "SLE"):  # the far east and the far west of the default view
        x, y = pixel_on_phone(bundled, {"lang": lang}, iso3, box)
        assert box["x"] < x < box["x"] + box["width"] and box["y"] < y < box["y"] + box["height"]
        page.mouse.move(x, y)
        tooltip = page.locator(".deck-tooltip")
        expect(tooltip).to_contain_text(names[iso3])
    assert visit.outside == [] and visit.errors == []
    context.close()


def unit(a, b) -> tuple[float, float]:
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    return (b[0] - a[0]) / length, (b[1] - a[1]) / length


def test_the_arrowhead_is_drawn_at_the_destination_pointing_at_it(browser, server):
    """Read from the deck's layer data and from the drawn pixels: the one line of the view
    ends in an arrowhead at Bahrain, turned the way the line arrives; crossed there, what is
    drawn is as wide as the arrowhead, and at the middle of the line and near its origin,
    only as wide as the line."""
    query = {"dest": "BHR", "orig": "KAZ", "show": "counted", "from": "2020", "to": "2020"}
    query["scale"] = "fixed"  # a line narrower than its arrowhead
    spec = deck_spec(query)
    (line,) = layer_data(spec, "counted")
    (head,) = layer_data(spec, "arrows")
    places = mark_places(spec)
    assert line["source"] == places["KAZ"] and line["target"] == places["BHR"]
    assert head["position"] == places["BHR"] and head["size"] > line["width"] + 4
    visit = open_flows(browser, server, "&".join(f"{k}={v}" for k, v in query.items()))
    page = visit.page
    box = page.locator(DECK).bounding_box()
    image = colours(page)

    def px(lonlat):
        return on_map(spec, *lonlat, box["width"], box["height"])

    path = [px(p) for p in line["path"]]
    arrives = unit(path[-2], path[-1])
    across = (-arrives[1], arrives[0])
    tip = (path[-1][0] + head["offset"][0], path[-1][1] + head["offset"][1])
    # Crossed at 70% of its length from its tip, the arrowhead is 60% of its size wide.
    middle_of_head = (
        tip[0] - arrives[0] * head["size"] * 0.7,
        tip[1] - arrives[1] * head["size"] * 0.7,
    )
    at_head = drawn_width(image, middle_of_head, across, (0, 70, 140))
    k = len(path) // 2
    along = unit(path[k - 1], path[k + 1])
    at_middle = drawn_width(image, path[k], (-along[1], along[0]), (0, 70, 140))
    leaves = unit(path[0], path[1])
    ring = next(m for m in layer_data(spec, "places") if m["iso3"] == "KAZ")["radius"]
    near_origin = (
        path[0][0] + leaves[0] * (ring + head["size"] * 0.55),
        path[0][1] + leaves[1] * (ring + head["size"] * 0.55),
    )
    at_origin = drawn_width(image, near_origin, (-leaves[1], leaves[0]), (0, 70, 140))
    assert abs(at_middle - line["width"]) <= 3, (at_middle, line["width"])
    assert abs(at_origin - line["width"]) <= 3, (at_origin, line["width"])
    assert at_head >= 0.5 * head["size"] and at_head >= at_middle + 4, (at_head, at_middle)
    screenshot(page, "flows-arrowhead")
    page.context.close()


def key_text(page) -> str:
    return page.locator(".tip-flow-key").inner_text()


def counted_between(bundled, first: int, last: int):
    """The dataset's counted rows between two places in those years, totals only (a count
    split by sex, say, has its total too), read here without the app's code."""
    flows = bundled.flows
    return flows[
        (flows.kind == "detected_victims")
        & flows.year.between(first, last)
        & (flows.form == "total")
        & (flows.sex == "total")
        & (flows.age == "total")
        & (flows.origin != flows.destination)
    ]


def test_the_largest_corridors_are_drawn_and_the_others_are_one_line(browser, server, bundled):
    """Five lines, and one line of the key whose count and victims are the rest's, worked
    out here from the dataset's rows; the button draws every corridor."""
    query = {"dest": "all", "top": "5", "group": "countries"}  # countries, not regions
    spec = deck_spec(query)
    assert len(layer_data(spec, "counted")) == 5
    heads = len(layer_data(spec, "arrows"))
    assert heads == 5 + len(layer_data(spec, "routes"))  # an arrowhead at each line's end
    rows = counted_between(bundled, 2018, 2022)
    placed = set(bundled.countries.iso3[bundled.countries.lon.notna()])
    rows = rows[rows.origin.isin(placed) & rows.destination.isin(placed)]
    rows = rows.assign(low=rows.lower.fillna(rows.victims), high=rows.upper.fillna(rows.victims))
    corridors = (
        rows.groupby(["origin", "transit", "destination"])[["low", "high"]]
        .sum()
        .sort_values(["low", "high"], ascending=False)
    )
    rest = corridors.iloc[5:]
    count = f"{len(rest):,} smaller corridors"
    victims = f"{round(rest.low.sum()):,}–{round(rest.high.sum()):,} victims in all"
    visit = open_flows(browser, server, "dest=all&top=5&group=countries")
    page = visit.page
    text = key_text(page)
    assert count in text and victims in text, text
    expect(page.get_by_role("spinbutton", name="Largest corridors drawn")).to_have_value("5")
    page.get_by_role("button", name="Draw every corridor").click()
    expect(page).to_have_url(re.compile(r"[?&]top=0\b"))
    expect(page.locator(".tip-flow-key")).not_to_contain_text("smaller corridors")
    expect(page.get_by_role("button", name="Draw every corridor")).to_have_count(0)
    page.context.close()


def hover_text(page, point) -> str:
    page.mouse.move(*point)
    tooltip = page.locator(".deck-tooltip")
    tooltip.wait_for(state="visible")
    return tooltip.inner_text()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_each_places_circle_gives_its_totals_in_and_out(browser, server, bundled, lang):
    """Hovering Jordan's circle gives the victims detected there, and Bangladesh's the
    citizens detected abroad, each equal to the dataset's rows summed here; with who
    reported them."""
    from dashboard.charts.flows import years_text
    from dashboard.i18n import Locale

    loc = Locale(lang)
    flows = bundled.flows
    rows = counted_between(bundled, 2018, 2022)
    forum = [*bundled.countries.iso3[bundled.countries.forum_member], "XGS", "XME"]
    rows = rows[rows.destination.isin(forum)]
    rows = rows.assign(low=rows.lower.fillna(rows.victims), high=rows.upper.fillna(rows.victims))

    def said(part, rows):
        low, high = rows.low.sum(), rows.high.sum()
        victims = loc.number(low) if low == high else loc.range(low, high)
        return loc.t(f"flows.tip_node_{part}", victims=victims)

    query = {"lang": lang}
    spec = deck_spec(query)
    visit = open_flows(browser, server, f"lang={lang}")
    page = visit.page
    box = page.locator(DECK).bounding_box()
    jordan = hover_text(page, at_pixel(spec, mark_places(spec)["JOR"], box))
    assert said("in", rows[rows.destination == "JOR"]) in jordan
    every = flows[(flows.kind == "detected_victims") & flows.year.between(2018, 2022)]
    reported = sorted(set(every[every.destination == "JOR"].year))
    years = years_text(reported, loc)
    assert (
        loc.t("flows.tip_reported_years", k=loc.number(len(reported)), m=loc.number(5), years=years)
        in jordan
    )
    # Bangladesh: its ring's edge (the ring is drawn as large as its total out)
    ring = next(m for m in layer_data(spec, "places") if m["iso3"] == "BGD")
    x, y = at_pixel(spec, ring["position"], box)
    bangladesh = hover_text(page, (x, y - ring["radius"] + 1))
    assert said("out", rows[rows.origin == "BGD"]) in bangladesh
    members = set(bundled.countries.iso3[bundled.countries.forum_member])
    reporters = set(rows.destination) & members
    assert (
        loc.t(
            "flows.tip_reported_by",
            k=loc.number(len(reporters)),
            m=loc.number(len(members)),
            years=loc.years(2018, 2022),
        )
        in bangladesh
    )
    page.context.close()


def test_playing_the_years_shows_each_years_flows_in_turn(browser, server, bundled):
    """Play: the address steps 2018, 2019 ... 2022, and each step's headline is that year's
    largest corridor and count of corridors, worked out here from the dataset's rows; at
    the last year it stops."""
    flows = bundled.flows
    forum = [*bundled.countries.iso3[bundled.countries.forum_member], "XGS", "XME"]
    rows = flows[
        (flows.kind == "detected_victims")
        & (flows.form == "total")
        & (flows.sex == "total")
        & (flows.age == "total")
        & flows.destination.isin(forum)
    ]
    visit = open_flows(browser, server)
    page = visit.page
    switch_on(page, "Play the years")
    for year in range(2018, 2023):
        expect(page).to_have_url(re.compile(rf"[?&]year={year}\b"), timeout=WAIT_MS)
        one = rows[rows.year == year]
        expect(page.locator('[data-testid="stMain"]')).to_contain_text(
            f"Corridors counted in {year}: {len(one.groupby(['origin', 'transit', 'destination']))}"
        )
    expect(page).to_have_url(re.compile(r"[?&]play=off\b"), timeout=WAIT_MS)
    expect(page).to_have_url(re.compile(r"[?&]year=2022\b"))
    page.context.close()


def test_a_year_a_destination_did_not_report_is_drawn_as_not_reported(browser, server, bundled):
    """2020: the forum's members with no count that year are named in the key and marked on
    the map as not reporting (hovering one says so), not drawn as having no flows."""
    flows = bundled.flows
    members = set(bundled.countries.iso3[bundled.countries.forum_member])
    counted = flows[(flows.kind == "detected_victims") & (flows.year == 2020)]
    silent = sorted(members - set(counted.destination))
    assert silent  # the bundled data has such a year
    names = dict(zip(bundled.countries.iso3, bundled.countries.name_en, strict=True))
    query = {"year": "2020"}
    spec = deck_spec(query)
    visit = open_flows(browser, server, "year=2020")
    page = visit.page
    text = key_text(page)
    assert all(names[c] in text for c in silent), (silent, text)
    box = page.locator(DECK).bounding_box()
    said = hover_text(page, at_pixel(spec, mark_places(spec)[silent[0]], box))
    assert "Reported no citizenship of victims detected here for 2020" in said
    page.context.close()


def test_a_world_map_gathers_far_origins_by_region_and_a_click_draws_them_apart(browser, server):
    """Every destination: the map spans the world, so the origins of South-eastern Asia are
    one circle, named with its countries; clicking it draws them apart (in the address)."""
    query = {"dest": "all"}
    spec = deck_spec(query)
    node = next(m for m in layer_data(spec, "places") if m["iso3"] == "group:south_eastern_asia")
    assert "Philippines" in node["tip_lines"] and "Indonesia" in node["tip_lines"]
    visit = open_flows(browser, server, "dest=all")
    page = visit.page
    expect(page.locator(".tip-flow-key")).to_contain_text("gathered as the map spans the world")
    box = page.locator(DECK).bounding_box()
    x, y = at_pixel(spec, node["position"], box)
    said = hover_text(page, (x, y - node["radius"] + 1))
    assert "South-eastern Asia" in said and "Philippines" in said
    page.mouse.click(x, y - node["radius"] + 1)
    expect(page).to_have_url(re.compile(r"[?&]group=countries\b"))
    expect(page.locator(".tip-flow-key")).not_to_contain_text("gathered as the map spans")
    page.context.close()
