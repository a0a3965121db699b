"""Hostile text in the dataset is shown as text: every text field that reaches a page (names,
notes, sources, titles, labels) holds HTML and script payloads, and a real browser visiting
every page runs none of them and gets no markup from them."""

from __future__ import annotations

import pytest

from dashboard.dataset import load_dataset
from dashboard.dataset.io import write_folder
from tests.browser.conftest import open_page, served
from tests.browser.drawn import NEXT_FRAMES
from tests.browser.flows import DECK, open_flows, pixel_of

SCRIPT = "<script>window.__pwned=1</script>"
IMAGE = '<img src="x" onerror="window.__pwned=2" data-pwned="1">'
LINK = '<a href="javascript:window.__pwned=3" data-pwned="1">x</a>'
PAYLOADS = (SCRIPT, IMAGE, LINK)
# Markdown that would fetch from elsewhere or link there, and plotly's own label markup (it
# draws <a href> and <span style> in its SVG): all must arrive as the characters typed.
ELSEWHERE = "198.51.100.7"  # a documentation address: nothing answers there
MARKDOWN = (f"![m](http://{ELSEWHERE}/m.png)", f"[m](http://{ELSEWHERE}/l)")
PLOTLY = (f'<a href="http://{ELSEWHERE}/p">p</a>', '<span style="font-size:61px">s</span>')
# Text columns that pages show, by table.
TEXT = {
    "countries": ("name_en", "name_ar"),
    "indicators": ("name_en", "name_ar"),
    "sources": ("title", "title_ar", "citation_en", "citation_ar"),
    "editions": ("city_en", "city_ar"),
    "observations": ("note", "note_ar"),
    "categories": ("label_en", "label_ar"),
}
PAGES = (
    ("/?lang=en", 0),
    ("/compare?lang=ar", 3),
    ("/profile?country=BHR", 3),
    ("/flows", 0),
    ("/trends?measure=ratio", 3),
    ("/tracker?lang=ar", 0),
    ("/present?slide=1", 0),
    ("/present?slide=2", 1),
    ("/present?slide=4&lang=ar", 0),
    ("/present?slide=3", 0),
    ("/profile?country=BHR&lang=ar", 3),
    ("/flows?lang=ar&diagram=on", 1),
    ("/trends?lang=ar", 1),
    (f"/compare?indicator=![m](http://{ELSEWHERE}/q.png)&year=[m](http://{ELSEWHERE}/y)", 3),
)


def hostile(bundled, folder):
    tables = {name: frame.copy() for name, frame in bundled.tables.items()}
    for table, columns in TEXT.items():
        frame = tables[table]
        for k, column in enumerate(columns):
            text = frame[column].astype(str)
            payload = " ".join((PAYLOADS[k % 3], MARKDOWN[k % 2], PLOTLY[k % 2]))
            # Keep the text unique where it must be (names): the payload is added to it.
            frame[column] = text.where(text == "", text + " " + payload)
    write_folder(tables, bundled.manifest, folder)
    result = load_dataset(folder)
    assert result.dataset is not None, result.report.render()
    return folder


@pytest.fixture(scope="module")
def hostile_server(bundled, tmp_path_factory, browser):
    folder = hostile(bundled, tmp_path_factory.mktemp("hostile") / "data")
    with served({"TIP_DASHBOARD_DATA": str(folder)}) as url:
        yield url


@pytest.mark.parametrize(("path", "charts"), PAGES)
def test_payloads_are_text_not_markup(browser, hostile_server, path, charts):
    visit = open_page(browser, hostile_server + path, charts=charts)
    page = visit.page
    # Any injected handler fires when its image fails or its script runs: once every image has
    # settled and two more frames are painted, it would have.
    page.wait_for_function("() => [...document.images].every(image => image.complete)")
    page.evaluate(NEXT_FRAMES)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("[data-pwned]").count() == 0
    assert page.locator('img[src="x"]').count() == 0
    # `*|href` also finds the `xlink:href` of a link plotly draws in its SVG.
    assert page.locator(f'[*|href*="{ELSEWHERE}"], [src*="{ELSEWHERE}"]').count() == 0
    assert page.locator('[style*="61px"]').count() == 0
    shown = page.locator("[data-testid='stMain']").inner_text()
    assert "<script>" in shown or "<img" in shown or "<a href" in shown  # shown as text
    assert visit.errors == [] and visit.outside == []
    page.context.close()


def test_the_flow_map_tooltip_shows_names_as_text(browser, hostile_server):
    visit = open_flows(browser, hostile_server, "dest=BHR")
    page = visit.page
    box = page.locator(DECK).bounding_box()
    x, y = pixel_of({"dest": "BHR"}, "BHR", box)
    page.mouse.move(x, y)
    tooltip = page.locator(".deck-tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    assert "Bahrain <script>" in text  # the payload, as characters
    assert tooltip.locator("script, img, a, span[style], [data-pwned]").count() == 0
    page.evaluate(NEXT_FRAMES)
    assert page.evaluate("window.__pwned") is None
    assert visit.outside == [] and visit.errors == []
