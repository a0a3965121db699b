"""The trends page in a real browser: charts drawn, every mark in the legend, panels on one
scale that reach their highest figure, and the download equals the dataset."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from dashboard.catalogue import catalogue
from dashboard.i18n import Locale
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


# The first chart's legend entries and value ticks, and each panel's x ticks, as drawn.
TREND_DRAWN = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  const texts = sel => [...plot.querySelectorAll(sel)].map(t => t.textContent);
  const shapes = [...plot.querySelectorAll('.legend .traces')].map(t => [
    t.querySelector('.legendtext').textContent,
    (t.querySelector('.legendpoints .scatterpts') || {getAttribute: () => ''}).getAttribute('d')]);
  const years = plot.data.flatMap(t => (t.x || []).filter((x, i) => t.y && t.y[i] != null));
  return {legend: texts('.legendtext'), yticks: texts('.ytick text'), xticks: texts('.xtick text'),
          shapes, range: plot._fullLayout.xaxis.range, years: years.map(Number)};
}"""


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_legend_explains_the_flagged_and_withheld_marks(browser, server, bundled, lang):
    visit = open_page(browser, f"{server}/trends?lang={lang}", 1440, 900, charts=3)
    t = Locale(lang).t
    drawn = visit.page.evaluate(TREND_DRAWN)
    # the default countries include Bahrain and Jordan (flagged) and withheld counts (1-4)
    assert {t("trends.key_flagged"), t("trends.key_withheld")} <= set(drawn["legend"])
    # and the axis starts at the first year with a figure, not at the dataset's first year
    # (2003): no more than half a year of room before it, and none after the last
    first, last = min(drawn["years"]), max(drawn["years"])
    assert first > bundled.observations.year.astype(int).min()
    low, high = sorted(drawn["range"])
    assert first - 1 < low <= first and last <= high < last + 1, (drawn["range"], first, last)
    assert drawn["xticks"] and "2003" not in drawn["xticks"]
    # each country's points have a shape of their own, not only a colour
    countries = [d for name, d in drawn["shapes"] if name in set(bundled.countries[f"name_{lang}"])]
    assert len(countries) == 8 and len(set(countries)) == 8
    visit.page.context.close()


def test_panels_on_one_scale_draw_the_highest_figure(browser, server, bundled):
    visit = open_page(
        browser, f"{server}/trends?layout=multiples&countries=BHR,JOR,QAT", 1440, 900, charts=3
    )
    obs = bundled.observations
    highest = obs[
        obs.iso3.isin(["BHR", "JOR", "QAT"])
        & (obs.indicator == "persons_convicted")
        & (obs.sex == "total")
        & (obs.age == "total")
        & (obs.form == "total")
    ].value.max()
    ticks = [float(x.replace(",", "")) for x in visit.page.evaluate(TREND_DRAWN)["yticks"]]
    # the scale reaches the highest figure (it once stayed at 0-4, the lines off the chart)
    assert max(ticks) >= 0.75 * highest
    visit.page.context.close()


FORUM = ["ARE", "BHR", "EGY", "JOR", "KWT", "OMN", "QAT", "SAU"]
# One chart of the page (by its key), as plotly drew it: its traces' names and bar labels, its
# error bars, and its value axis's range.
CHART_JS = """(key) => {
  const plot = document.querySelector(`.st-key-${key} .js-plotly-plot`);
  return {names: plot.data.map(t => t.name), texts: plot.data.flatMap(t => t.text || []),
          errorbars: plot.querySelectorAll('g.errorbar path').length,
          yrange: plot._fullLayout.yaxis.range};
}"""


def totals(bundled, indicators):
    obs = bundled.observations
    return obs[
        obs.indicator.isin(indicators)
        & (obs.sex == "total")
        & (obs.age == "total")
        & (obs.form == "total")
        & obs.iso3.isin(FORUM)
    ]


STAGES = ["victims_detected", "persons_formal_contact", "persons_prosecuted", "persons_convicted"]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_funnel_draws_the_stages_reported_and_names_the_others(browser, server, bundled, lang):
    """Each stage drawn has a figure for one of the countries that year; a stage none of them
    reported is named under the chart instead of drawn as a row of "not reported". Seen in the
    latest year the bundled data has such a stage."""
    loc = Locale(lang)
    cat = catalogue(bundled, loc)
    known = totals(bundled, STAGES)
    known = known[known.value.notna() | known.lower.notna()]
    stages_of = known.groupby(known.year.astype(int)).indicator.agg(set)
    year = max(y for y, found in stages_of.items() if 0 < len(found) < len(STAGES))
    visit = open_page(
        browser, f"{server}/trends?lang={lang}&funnel_year={year}", 1440, 900, charts=3
    )
    page = visit.page
    rows = known[known.year.astype(int) == year]
    reported = [s for s in STAGES if s in stages_of[year]]
    drawn = page.evaluate(CHART_JS, "funnel")
    assert drawn["names"] == [cat.indicators[s] for s in reported]
    unreported = [cat.indicators[s] for s in STAGES if s not in reported]
    caption = loc.t("trends.funnel_unreported", stages=cat.join(unreported), year=loc.year(year))
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(caption)
    missing = drawn["texts"].count(loc.t("status.not_reported"))
    assert missing == len(FORUM) * len(reported) - len(rows)
    assert missing < len(drawn["texts"]) / 2
    page.context.close()


def test_the_conviction_ratio_is_not_dwarfed_by_ranges(browser, server, bundled):
    """A ratio of withheld counts would run from a quarter to four: such ranges are named in a
    caption, not drawn, so the axis fits the ratios known (the number view draws its ranges)."""
    numbers = open_page(browser, f"{server}/trends", 1440, 900, charts=3)
    assert numbers.page.evaluate(CHART_JS, "trend")["errorbars"] > 0
    numbers.page.context.close()
    visit = open_page(browser, f"{server}/trends?measure=ratio", 1440, 900, charts=3)
    page = visit.page
    drawn = page.evaluate(CHART_JS, "trend")
    assert drawn["errorbars"] == 0
    rows = totals(bundled, ["persons_convicted", "persons_prosecuted"])
    wide = rows.pivot_table(index=["iso3", "year"], columns="indicator", values="value")
    known = (wide.persons_convicted / wide.persons_prosecuted).replace(float("inf"), None)
    highest = known.dropna().max()
    assert highest <= drawn["yrange"][1] < highest * 1.3  # the axis fits the ratios known
    t = Locale("en").t
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("not drawn where a count is")
    assert t("trends.measure_ratio") in page.locator('[data-testid="stMain"]').inner_text()
    page.context.close()
