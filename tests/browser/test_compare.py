"""The compare page in a real browser: the map is drawn from this server's own shapes, small
states marked, each colour of its legend with its figures; the downloads hold the dataset's
figures."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard.catalogue import catalogue
from dashboard.i18n import Locale
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
    assert {"Indicator", "Measure", "Unit", "Year", "Source"} <= set(got.columns)
    assert set(got.Indicator) == {"Persons convicted"} and set(got.Unit) == {"persons"}
    assert b",38," in raw and b"38.0" not in raw  # Bahrain's 2022 figure, written whole
    for iso3, row in expected.iterrows():
        assert got.loc[iso3, "Year"] == row.year
        assert got.loc[iso3, "Value"] == row.value
    with page.expect_download() as info:
        page.get_by_text("Download (Excel)").click()
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    header, *body = book.active.iter_rows(values_only=True)
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in body}
    assert rows["BHR"]["Value"] == 38 and rows["BHR"]["Year"] == 2022
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


def test_bahrain_is_marked_and_every_colour_of_the_legend_says_its_figures(
    browser, server, bundled
):
    """Bahrain is too small to see on the regional map: a dot of its colour marks it, and
    hovering the dot tells its figure. Each colour in the legend says the figures it covers."""
    visit = open_page(browser, f"{server}/compare", 1440, 900, charts=3)
    page = visit.page
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.scroll_into_view_if_needed()
    shapes_drawn(page, 100)
    dot = chart.locator(".scattergeo .point")
    assert dot.count() == 1
    box = dot.first.bounding_box()
    assert box["width"] >= 10  # big enough to see and to point at
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    hover = chart.locator(".hoverlayer")
    page.wait_for_function("e => e.textContent.length > 0", arg=hover.element_handle())
    figure = int(latest_convicted(bundled).loc["BHR", "value"])
    assert f"Bahrain: {figure} (" in hover.text_content()
    legend = page.evaluate(
        """() => [...document.querySelectorAll('.tip-legend .tip-legend-item')]
             .map(e => e.textContent.trim())"""
    )
    ranges = [x for x in legend if re.fullmatch(r"\d+(–\d+)?", x)]
    assert len(ranges) == 5  # the map's five steps, each with its figures
    assert ranges[0].startswith(str(int(latest_convicted(bundled).value.min())))
    assert ranges[-1].endswith(str(int(latest_convicted(bundled).value.max())))
    visit.page.context.close()


def test_scorecard_shows_the_years_it_ranks(browser, server, bundled):
    """Each cell of the side-by-side scorecard shows its figure's year, and the caption beside
    it says which years the compared figures come from and how the cells are shaded."""
    from playwright.sync_api import expect

    from dashboard.i18n import Locale
    from dashboard.metrics.compare import peer_group, values

    t = Locale("en").t
    chosen = ["BHR", "SAU", "NPL", "QAT"]
    visit = open_page(browser, f"{server}/compare?side={','.join(chosen)}", charts=3)
    page = visit.page
    card = page.locator(".tip-score")
    card.scroll_into_view_if_needed()
    expect(card).to_be_visible()
    latest = values(bundled.observations, chosen, "persons_convicted").set_index("iso3")
    header = [h.strip() for h in card.locator("thead th").all_inner_texts()][1:]
    names = dict(zip(bundled.countries.iso3, bundled.countries.name_en, strict=True))
    assert header == [names[i] for i in chosen]
    row = card.locator("tbody tr").filter(
        has=page.locator("th", has_text=re.compile(r"^Persons convicted\s*persons$"))
    )
    cells = row.locator("td")
    expect(cells).to_have_count(len(chosen))
    expect(row.locator(".sc-unit")).to_have_text("persons")  # the row says its unit
    expect(row.locator("td.sc-none")).to_have_count(len(chosen))  # a count: not shaded
    for k, iso3 in enumerate(chosen):
        expect(cells.nth(k)).to_be_visible()
        expect(cells.nth(k)).to_contain_text(f"({int(latest.loc[iso3, 'year'])})")
    everyone = sorted(set(peer_group(bundled, "forum")) | set(chosen))
    ranked = values(bundled.observations, everyone, "persons_convicted").dropna(subset=["value"])
    span = f"{int(ranked.year.min())}–{int(ranked.year.max())}"
    years = page.locator('[data-testid="stCaptionContainer"]').filter(
        has_text=t("compare.score_years", items="{items}").split("{items}")[0]
    )
    expect(years).to_have_count(1)
    expect(years).to_be_visible()
    expect(years).to_contain_text(
        t("compare.score_years_item", indicator="Persons convicted", years=span)
    )
    rule = page.locator('[data-testid="stCaptionContainer"]').filter(
        has_text=t("compare.score_rule")[:40]
    )
    expect(rule).to_be_visible()
    table_box, years_box = card.bounding_box(), years.bounding_box()
    assert years_box["y"] >= table_box["y"] + table_box["height"]  # below the scorecard
    assert years_box["y"] - (table_box["y"] + table_box["height"]) < 300  # and beside it
    screenshot(page, "compare-scorecard-years")
    page.context.close()


# The side-by-side table as drawn: each row's heading and unit, and each cell's shade and text.
SCORECARD_JS = """() => [...document.querySelectorAll('table.tip-score tbody tr')].map(tr => {
  const head = tr.querySelector('th');
  const unit = head.querySelector('.sc-unit');
  return {label: head.firstChild.textContent.trim(), unit: unit ? unit.textContent.trim() : '',
          cells: [...tr.querySelectorAll('td')].map(td => [td.className, td.textContent])};
})"""
SHADES = ("sc-w2", "sc-w1", "sc-mid", "sc-b1", "sc-b2")  # worse than most ... better than most


def _figure(text: str) -> float:
    return float(re.match(r"[\d,]+(?:\.\d+)?", text).group().replace(",", ""))


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_scorecard_shades_the_way_that_is_better_and_shows_its_units(
    browser, server, bundled, lang
):
    """Where higher is better a higher figure is never shaded worse than a lower one, where
    higher is worse never better, and counts (neither) are not shaded; every row has its unit,
    and every note a cell points to is shown under the table."""
    cat = catalogue(bundled, Locale(lang))
    by_name = {name: i for i, name in cat.indicators.items()}
    visit = open_page(browser, f"{server}/compare?lang={lang}&side=ARE,BHR,JOR,QAT", 1440, 900)
    page = visit.page
    rows = page.evaluate(SCORECARD_JS)
    seen = {"better": 0, "worse": 0, "": 0}
    for row in rows:
        indicator = by_name[row["label"]]
        assert row["unit"] == cat.units[indicator] != "", row["label"]
        way = cat.higher_is.get(indicator, "")
        way = way if way in ("better", "worse") else ""
        shaded = [(_figure(text), cls) for cls, text in row["cells"] if cls != "sc-none"]
        if not way:
            assert shaded == [], row["label"]  # a count is neither better nor worse
            seen[""] += 1
            continue
        if cat.kinds[indicator] in ("category", "boolean"):
            continue  # labels, not figures, in the cells
        seen[way] += 1
        for a, shade_a in shaded:
            for b, shade_b in shaded:
                if a > b:
                    step = SHADES.index(shade_a) - SHADES.index(shade_b)
                    assert (step >= 0) if way == "better" else (step <= 0), (row, a, b)
                elif a == b:
                    assert shade_a == shade_b, row
    assert seen["better"] >= 3 and seen["worse"] >= 2 and seen[""] >= 3, seen
    # Shading in use at all: both ends of the scale appear.
    shades = {cls for row in rows for cls, _ in row["cells"]}
    assert {"sc-w2", "sc-b2"} <= shades
    main = page.locator('[data-testid="stMain"]').inner_text()
    marks = {m for row in rows for _, text in row["cells"] for m in re.findall(r"\[\d+\]", text)}
    assert marks and all(main.count(m) >= 2 for m in marks)  # in its cell and in its note
    assert visit.outside == [] and visit.errors == []
    page.context.close()
