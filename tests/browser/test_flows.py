"""The flows page in a real browser: the deck (and the Sankey when asked for) drawn from this
server only, filters, transit legs, the fixed scale, Arabic tooltips, and a click that focuses
the map."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import WAIT_MS, open_page, screenshot, switch_on
from tests.browser.flows import (
    DECK,
    colours,
    count_near,
    open_flows,
    painted,
    pixel_of,
    pixel_on_phone,
)

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
    # Both legs are drawn: vermilion pixels near the middle of each leg.
    ends = {c: pixel_of(query, c, box) for c in ("BGD", "OMN", "ARE")}
    for a, b in (("BGD", "OMN"), ("OMN", "ARE")):
        mx = (ends[a][0] + ends[b][0]) / 2 - box["x"]
        my = (ends[a][1] + ends[b][1]) / 2 - box["y"]
        near = image.crop((int(mx) - 12, int(my) - 12, int(mx) + 12, int(my) + 12))
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
