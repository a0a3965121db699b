"""The compare page in a real browser: the map is drawn from this server's own shapes, and the
downloads hold the dataset's figures."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from tests.browser.conftest import open_page, screenshot


def latest_convicted(bundled):
    obs = bundled.observations
    rows = obs[
        (obs.indicator == "persons_convicted")
        & (obs.sex == "total")
        & (obs.age == "total")
        & (obs.form == "total")
        & obs.iso3.isin(["ARE", "BHR", "EGY", "JOR", "KWT", "OMN", "QAT", "SAU"])
    ]
    return rows.sort_values("year").groupby("iso3").tail(1).set_index("iso3")


def shapes_drawn(page, more_than: int) -> None:
    """The map's shapes arrive after its chart: wait until more than `more_than` are drawn."""
    page.wait_for_function(
        "n => document.querySelectorAll('.choroplethlocation').length > n", arg=more_than
    )


def test_downloads_equal_the_dataset(browser, server, bundled):
    visit = open_page(browser, f"{server}/compare", charts=3)
    page = visit.page
    assert visit.outside == []
    expected = latest_convicted(bundled)
    with page.expect_download() as info:
        page.get_by_text("Download (CSV)").click()
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    got = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig").set_index("iso3")
    for iso3, row in expected.iterrows():
        assert got.loc[iso3, "Year"] == row.year
        assert got.loc[iso3, "Value"] == row.value
    with page.expect_download() as info:
        page.get_by_text("Download (Excel)").click()
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    rows = {r[0]: r for r in book.active.iter_rows(min_row=2, values_only=True)}
    assert rows["BHR"][4] == 38 and rows["BHR"][3] == 2022
    page.context.close()


def test_world_map_in_arabic_fetches_only_local_shapes(browser, server):
    visit = open_page(browser, f"{server}/compare?lang=ar&extent=world", charts=3)
    assert visit.outside == [] and visit.errors == []
    # every country of the world file drawn as a shape of the map, from this server's files
    shapes_drawn(visit.page, 200)
    fetched = visit.page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert any(u.endswith("/app/static/countries.geojson") for u in fetched)
    assert any(u.endswith("/app/static/world_110m.json") for u in fetched)
    screenshot(visit.page, "compare-ar-world")
    visit.page.context.close()


def test_map_hover_in_arabic_gives_figure_year_status_and_source(browser, server):
    """The regional map's middle is Saudi Arabia: hovering it shows, in Arabic, its name, the
    figure with its year and status, and the source."""
    visit = open_page(browser, f"{server}/compare?lang=ar", charts=3)
    chart = visit.page.locator('[data-testid="stPlotlyChart"]').first
    chart.scroll_into_view_if_needed()
    shapes_drawn(visit.page, 100)
    box = chart.bounding_box()
    visit.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    hover = chart.locator(".hoverlayer")
    visit.page.wait_for_function("e => e.textContent.length > 0", arg=hover.element_handle())
    text = hover.text_content()
    # the name, the figure and its year
    assert re.search(r"المملكة العربية السعودية: [\d٠-٩,٬]+ \([\d٠-٩]{4}", text)
    assert "مُبلَّغ عنه" in text  # the status: reported
    assert "مكتب الأمم المتحدة المعني بالمخدرات والجريمة" in text  # the source
    visit.page.context.close()
