"""Each chart page opens with its headline figures, before its charts: the highest and lowest
exact figure with country and year (compare, trends), the largest counted corridor (flows),
said in the reader's language with the source under it. Withheld counts are never named."""

from __future__ import annotations

import pytest

from dashboard.dataset import load_dataset
from dashboard.i18n import Locale
from dashboard.ui.components import HEADLINE_KEY
from dashboard.views import compare, flows, trends
from dashboard.views import headline as hl
from tests.apptest import run_page, shown
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def data():
    return load_dataset(ROOT / "data").dataset


def test_the_highest_and_lowest_with_their_years():
    loc = Locale("en")
    text = hl.extremes(loc, "What", [("A", 3.0, 2020), ("B", 9.5, 2021), ("C", 1.0, 2019)], 5, 1)
    assert text == (
        "What: highest B, 9.5 (2021); lowest C, 1.0 (2019). Countries with a figure: 3 of 5."
    )
    assert hl.extremes(loc, "What", [("A", 3.0, 2020)], 4, 0) == (
        "What: only A has a figure, 3 (2020). Countries chosen: 4."
    )
    assert "none of the countries" in hl.extremes(loc, "What", [], 4, 0)


def test_arabic_says_it_in_arabic_with_arabic_digits_when_asked():
    loc = Locale("ar", "arab")
    text = hl.extremes(loc, "ما", [("أ", 12.0, 2020), ("ب", 3.0, 2021)], 8, 0)
    assert "الأعلى أ، ١٢ (٢٠٢٠)" in text and "والأدنى ب، ٣ (٢٠٢١)" in text
    assert "٢ من ٨" in text
    assert not any(c.isascii() and c.isdigit() for c in text)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_compare_names_the_extremes_of_its_own_table(data, lang):
    loc = Locale(lang)
    state, _ = compare.CompareState.read(data, {})
    view = compare.build(data, loc, state)
    exact = view.ranked[~view.ranked.missing & view.ranked.value.notna()]
    top = exact.loc[exact.value.idxmax()]
    low = exact.loc[exact.value.idxmin()]
    names = dict(zip(data.countries.iso3, data.countries[f"name_{lang}"], strict=True))
    assert f"{names[top.iso3]}{'،' if lang == 'ar' else ','} " in view.headline
    assert loc.number(top.value, view.decimals) in view.headline
    assert f"({loc.year(int(top.year))})" in view.headline
    assert names[low.iso3] in view.headline
    assert f"{loc.number(len(exact))} " in view.headline


def test_a_withheld_count_is_neither_highest_nor_lowest(tmp_path):
    from tests.factories import obs, tiny_dataset

    rows = [
        obs("BHR", 2022, "persons_convicted", status="suppressed", lower=1, upper=4),
        obs("JOR", 2022, "persons_convicted", value=30),
    ]
    data = tiny_dataset(tmp_path, observations=rows)
    loc = Locale("en")
    view = compare.build(data, loc, compare.CompareState.read(data, {})[0])
    # Bahrain's 1-4 would be the lowest if its range were read as a figure
    assert view.headline.endswith(": only Jordan has a figure, 30 (2022). Countries chosen: 2.")
    assert "Bahrain" not in view.headline


def test_trends_names_each_countrys_latest_figure(data):
    loc = Locale("en")
    view = trends.build(data, loc, trends.TrendsState.read(data, {})[0]).trend
    latest = {}
    for name, values in view.series:
        known = [(y, v) for y, v in zip(view.years, values, strict=True) if v is not None]
        if known and name != loc.t("trends.region_name"):
            latest[name] = known[-1]
    top = max(latest, key=lambda n: latest[n][1])
    assert f"highest {top}, {loc.number(latest[top][1], view.decimals)}" in view.headline
    assert f"({latest[top][0]})" in view.headline
    assert f"Countries with a figure: {len(latest)} of" in view.headline


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_flows_names_the_largest_corridor_between_two_places(data, lang):
    loc = Locale(lang)
    view = flows.build(data, loc, flows.FlowsState.read(data, {})[0])
    across = view.corridors[view.corridors.origin != view.corridors.destination]
    largest = across.sort_values("lower", ascending=False).iloc[0]
    assert view.names[largest.origin] in view.headline
    assert view.names[largest.destination] in view.headline
    assert loc.number(largest.lower) in view.headline
    assert loc.t("headline.corridor").split("{")[0] in view.headline


@pytest.mark.parametrize("page", ["compare", "trends", "flows"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_headline_comes_before_the_first_chart_with_its_source(page, lang):
    at = run_page(page, lang=lang)
    assert not at.exception
    loc = Locale(lang)
    kinds = []
    for node in in_order(at.main):
        if node.type == "flex_container" and node.proto.id.endswith(f"-{HEADLINE_KEY}"):
            kinds.append("headline")
            (figures,), (source,) = node.markdown, node.caption  # the figures, their source
            assert figures.value and shown(source.value).startswith(
                loc.t("chart.source_line").split("{")[0]
            )
        elif node.type in ("plotly_chart", "deck_gl_json_chart"):
            kinds.append("chart")
    assert "headline" in kinds and "chart" in kinds
    assert kinds.index("headline") < kinds.index("chart")


def in_order(block):
    """Every block and element under `block`, in the order the page draws them."""
    for node in block.children.values():
        yield node
        if hasattr(node, "children"):
            yield from in_order(node)
