"""The trends page in a real browser: charts drawn, and the download equals the dataset."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from playwright.sync_api import expect

from tests.browser.conftest import open_page, screenshot


def test_download_equals_the_dataset(browser, server, bundled):
    visit = open_page(browser, f"{server}/trends?countries=BHR,QAT&measure=absolute", charts=3)
    page = visit.page
    assert page.locator('[data-testid="stPlotlyChart"] .main-svg').count() >= 3
    with page.expect_download() as info:
        page.get_by_text("Download these figures (CSV)").click()
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so spreadsheets read Arabic
    got = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    obs = bundled.observations
    expected = obs[
        obs.iso3.isin(["BHR", "QAT"])
        & (obs.indicator == "persons_convicted")
        & (obs.sex == "total")
        & (obs.age == "total")
        & (obs.form == "total")
    ].sort_values(["iso3", "year"])
    assert list(zip(got.iso3, got.Year, strict=True)) == list(
        zip(expected.iso3, expected.year, strict=True)
    )
    values = got.Value.fillna(-1).tolist()
    assert values == expected.value.fillna(-1).tolist()
    assert got["Lower bound"].fillna(-1).tolist() == expected.lower.fillna(-1).tolist()
    page.context.close()


def test_arabic_trends_drawn_right_to_left(browser, server):
    visit = open_page(
        browser, f"{server}/trends?lang=ar&layout=multiples&countries=BHR,JOR,QAT", charts=3
    )
    page = visit.page
    assert visit.outside == [] and visit.errors == []
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 3
    screenshot(page, "trends-ar-multiples")
    page.context.close()
