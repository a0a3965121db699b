"""Each chart's own images on the pages (PNG and SVG, made when asked for): the chart with its
heading, its source line and the dataset's version drawn into the image, read back from the SVG,
in both languages; and the chart's CSV beside them holds whole numbers as whole numbers."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from PIL import Image

from dashboard.catalogue import catalogue
from dashboard.charts.flows import scale_note
from dashboard.i18n import Locale
from dashboard.slides import figures
from dashboard.views.trends import TrendsState, build
from tests.apptest import figures as plotly_figures
from tests.apptest import record_downloads, run_page

needs_chromium = pytest.mark.skipif(
    not figures.can_render(), reason="kaleido draws with Debian's chromium"
)


def drawn_text(svg: bytes) -> str:
    """Every text the SVG draws, in order, one space between its pieces."""
    root = ET.fromstring(svg)
    pieces = [t.strip() for e in root.iter() if e.tag.endswith("text") for t in e.itertext()]
    return " ".join(p for p in pieces if p)


def made(at, served, name: str) -> bytes:
    (button,) = [
        b for b in at.main.get("download_button") if served[b.proto.deferred_file_id][0] == name
    ]
    return served[button.proto.deferred_file_id][1]()


@needs_chromium
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_trend_charts_images_carry_its_heading_source_and_dataset_version(
    bundled, monkeypatch, lang
):
    served = record_downloads(monkeypatch)
    query = {"countries": "BHR,JOR,QAT"}
    at = run_page("trends", lang=lang, **query)
    assert not at.exception
    loc = Locale(lang)
    state, _ = TrendsState.read(bundled, query)
    trend = build(bundled, loc, state).trend
    stem = trend.file_name.removesuffix(".csv")
    text = drawn_text(made(at, served, f"{stem}.svg"))
    assert trend.heading in text
    assert trend.source_text in text  # the source line, whole
    assert figures.dataset_line(bundled, loc) in text  # and the dataset's version
    for name in (trend.names[i] for i in trend.iso3s):  # the chart itself, every line named
        assert name in text
    png = Image.open(io.BytesIO(made(at, served, f"{stem}.png")))
    assert png.format == "PNG" and png.size == figures.CHART_FILE


@needs_chromium
def test_every_chart_of_the_trends_page_offers_its_images_beside_its_csv(monkeypatch):
    served = record_downloads(monkeypatch)
    at = run_page("trends", countries="BHR,JOR,QAT")
    names = [served[b.proto.deferred_file_id][0] for b in at.main.get("download_button")]
    csvs = [n for n in names if n.endswith(".csv")]
    assert len(csvs) == 3  # the trend, the funnel and the breakdown
    for csv in csvs:
        stem = csv.removesuffix(".csv")
        k = names.index(csv)
        assert names[k - 2 : k] == [f"{stem}.png", f"{stem}.svg"]
    # the funnel's image says its year, and the breakdown's its country and figure
    funnel = drawn_text(made(at, served, names[names.index(csvs[1]) - 1]))
    assert re.search(r"From detection to conviction, in one year \(\d{4}\)", funnel)
    breakdown = drawn_text(made(at, served, names[names.index(csvs[2]) - 1]))
    assert "Breakdowns: Bahrain" in breakdown


@needs_chromium
@pytest.mark.parametrize("page", ["compare", "flows"])
def test_the_ranked_bars_and_the_sankey_offer_their_images(monkeypatch, page):
    served = record_downloads(monkeypatch)
    at = run_page(page)
    names = [served[b.proto.deferred_file_id][0] for b in at.main.get("download_button")]
    svg = next(n for n in names if n.endswith(".svg"))
    text = drawn_text(made(at, served, svg))
    assert "Source: UNODC" in text and "Dataset version" in text


@needs_chromium
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_profiles_charts_offer_their_images_and_figures(bundled, monkeypatch, lang):
    """The country profile's ten years and its breakdowns: each chart's PNG, SVG (its heading,
    source line and the dataset's version read back) and CSV, as on the trends page."""
    from dashboard.views.profile import ProfileState, Split
    from dashboard.views.profile import build as profile

    served = record_downloads(monkeypatch)
    at = run_page("profile", lang=lang, country="EGY")
    assert not at.exception
    loc = Locale(lang)
    view = profile(bundled, loc, ProfileState.read(bundled, {"country": "EGY"})[0])
    charts = [view.trend, *(s for s in view.splits if isinstance(s, Split))]
    assert len(charts) == 3
    names = [served[b.proto.deferred_file_id][0] for b in at.main.get("download_button")]
    for chart in charts:
        stem = chart.file_name.removesuffix(".csv")
        k = names.index(chart.file_name)
        assert names[k - 2 : k] == [f"{stem}.png", f"{stem}.svg"]
        text = drawn_text(made(at, served, f"{stem}.svg"))
        assert chart.heading in text and chart.source_text in text
        assert figures.dataset_line(bundled, loc) in text


def chart_svg(at, served, bundled, loc, stem: str, heading: str, source: str) -> bytes:
    """A chart's SVG, once its PNG, SVG and CSV are found offered in that order, and its
    heading, its source line and the dataset's version read back from it."""
    names = offered(at, served)
    k = names.index(f"{stem}.csv")
    assert names[k - 2 : k] == [f"{stem}.png", f"{stem}.svg"]
    svg = made(at, served, f"{stem}.svg")
    text = drawn_text(svg)
    assert heading in text and source in text
    assert figures.dataset_line(bundled, loc) in text
    return svg


def offered(at, served) -> list[str]:
    return [served[b.proto.deferred_file_id][0] for b in at.main.get("download_button")]


def read_csv(at, served, name: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(made(at, served, name).decode("utf-8-sig")), dtype=str)


@needs_chromium
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_compare_maps_images_hold_its_shapes_legend_and_source(bundled, monkeypatch, lang):
    """The map's PNG and SVG: every country of the map drawn (its shapes inside the file, not
    fetched), every colour of its legend named, its heading, source line and the dataset's
    version; beside them its CSV."""
    from dashboard.charts.compare import legend_items
    from dashboard.views.compare import CompareState
    from dashboard.views.compare import build as compare

    served = record_downloads(monkeypatch)
    at = run_page("compare", lang=lang)
    assert not at.exception
    loc = Locale(lang)
    view = compare(bundled, loc, CompareState.read(bundled, {})[0])
    stem = f"{view.file_stem}-map"
    svg = chart_svg(at, served, bundled, loc, stem, view.heading, view.source_text)
    text = drawn_text(svg)
    items = legend_items(loc, view.categories, view.steps)
    for _, label in items:
        assert label in text, label
    # each square of the legend in its colour on the map (none turned black for contrast)
    swatches = [
        re.search(r"fill: (rgb\([^)]*\))", e.get("style", "")).group(1)
        for g in ET.fromstring(svg).iter()
        if "legendpoints" in g.get("class", "")
        for e in g.iter()
        if e.tag.endswith("path")
    ]
    assert swatches[: len(items)] == [rgb(colour) for colour, _ in items]
    shown = plotly_figures(at)[0]["data"][0]["locations"]  # the page's map
    drawn_shapes = [
        e for e in ET.fromstring(svg).iter() if "choroplethlocation" in e.get("class", "")
    ]
    assert len(drawn_shapes) == len(shown) > 50  # every country the page's map colours
    png = Image.open(io.BytesIO(made(at, served, f"{stem}.png")))
    assert png.size == figures.CHART_FILE
    # the map's figures, each the dataset's
    table = read_csv(at, served, f"{stem}.csv")
    obs = bundled.observations
    totals = obs[(obs.sex == "total") & (obs.age == "total") & (obs.form == "total")]
    by = totals[totals.indicator == view.state.indicator].set_index(["iso3", "year"]).value
    value = loc.t("trends.col_value")
    checked = [r for _, r in table.iterrows() if isinstance(r[value], str)]
    assert checked
    for r in checked:
        year = int(r[loc.t("trends.col_year")])
        assert float(r[value]) == by[(r["iso3"], year)], r


@needs_chromium
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_each_side_by_side_trend_offers_its_images_and_figures(bundled, monkeypatch, lang):
    query = {"side": "BHR,QAT,SAU", "side_ind": "persons_convicted,persons_prosecuted"}
    served = record_downloads(monkeypatch)
    at = run_page("compare", lang=lang, **query)
    assert not at.exception
    loc = Locale(lang)
    from dashboard.views.compare import CompareState
    from dashboard.views.compare import build as compare

    side = compare(bundled, loc, CompareState.read(bundled, query)[0]).side
    assert [t.indicator for t in side.trends] == query["side_ind"].split(",")
    names = dict(catalogue(bundled, loc).names)
    obs = bundled.observations
    totals = obs[(obs.sex == "total") & (obs.age == "total") & (obs.form == "total")]
    for trend in side.trends:
        stem = trend.file_name.removesuffix(".csv")
        svg = chart_svg(at, served, bundled, loc, stem, trend.title, trend.source)
        text = drawn_text(svg)
        for iso3 in side.chosen:  # every line named
            assert names[iso3] in text
        table = read_csv(at, served, trend.file_name)
        by = totals[totals.indicator == trend.indicator].set_index(["iso3", "year"])
        value = loc.t("trends.col_value")
        assert set(table.iso3) == set(side.chosen)
        for _, r in table.iterrows():
            figure = by.loc[(r["iso3"], int(r[loc.t("trends.col_year")]))]
            if isinstance(r[value], str):
                assert float(r[value]) == figure.value, r
            else:
                assert pd.isna(figure.value), r  # withheld: a range, never a number made up


def rgb(colour: str) -> str:
    """#rrggbb as SVG writes a fill: rgb(r, g, b)."""
    return "rgb({}, {}, {})".format(*(int(colour[k : k + 2], 16) for k in (1, 3, 5)))


@needs_chromium
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_flow_maps_images_hold_the_map_its_key_and_source(bundled, monkeypatch, lang):
    """The flow map is drawn by the browser alone: its images are the slides' picture of the
    same flows, with the heading, the key in words, the source line and the dataset's version;
    its CSV is the corridors drawn, each the dataset's figure."""
    from dashboard.views.flows import FlowsState
    from dashboard.views.flows import build as flows

    query = {"dest": "QAT", "from": "2010", "to": "2010"}
    served = record_downloads(monkeypatch)
    at = run_page("flows", lang=lang, **query)
    assert not at.exception
    loc = Locale(lang)
    view = flows(bundled, loc, FlowsState.read(bundled, query)[0])
    stem = f"{view.file_name.removesuffix('.csv')}-map"
    svg = chart_svg(at, served, bundled, loc, stem, view.heading, view.source_text)
    words = drawn_text(svg)
    assert loc.t("flows.picture_key") in words
    # what the widths mean, with the widest line's count: the largest corridor shown
    assert scale_note(view.width_scale, loc) in words
    pictures = [e for e in ET.fromstring(svg).iter() if e.tag.endswith("image")]
    assert len(pictures) == 1  # the map itself
    png = Image.open(io.BytesIO(made(at, served, f"{stem}.png")))
    assert png.size == figures.CHART_FILE
    table = read_csv(at, served, f"{stem}.csv")
    counted = bundled.flows[
        (bundled.flows.kind == "detected_victims")
        & (bundled.flows.destination == "QAT")
        & (bundled.flows.year == 2010)
        & (bundled.flows.form == "total")
        & (bundled.flows.sex == "total")
        & (bundled.flows.age == "total")
    ].set_index("origin")
    victims = loc.t("flows.col_victims")
    assert set(table.origin_iso3) == set(counted.index)
    assert round(view.width_scale.reference) == round(counted.victims.max())
    for _, r in table.iterrows():
        if isinstance(r[victims], str):
            assert float(r[victims]) == counted.victims[r["origin_iso3"]], r


def test_the_profiles_csvs_hold_the_datasets_figures(bundled, monkeypatch):
    """Each figure of the ten years' CSV is the dataset's total for its indicator and year
    (or its range where withheld); each part of the breakdowns' CSV the dataset's part."""
    served = record_downloads(monkeypatch)
    at = run_page("profile", country="EGY")

    def read(name):
        return pd.read_csv(io.StringIO(made(at, served, name).decode("utf-8-sig")), dtype=str)

    obs = bundled.observations
    egy = obs[(obs.iso3 == "EGY") & (obs.sex == "total") & (obs.age == "total")]
    trend = read("profile-EGY-trends.csv")
    assert len(trend) and {"Indicator", "Measure", "Unit", "Year", "Source"} <= set(trend)
    named = {v: k for k, v in bundled.indicators.set_index("indicator").name_en.items()}
    checked = 0
    for row in trend.itertuples():
        rows = egy[
            (egy.indicator == named[row.Indicator])
            & (egy.form == "total")
            & (egy.year.astype(int) == int(row.Year))
        ]
        if pd.isna(row.Value):
            continue
        assert float(row.Value) in set(rows.value.dropna()), row
        assert re.fullmatch(r"\d+", row.Value)  # a count, whole
        checked += 1
    assert checked > 0
    forms = read("profile-EGY-by-form.csv")
    victims = egy[(egy.indicator == "victims_detected") & (egy.form != "total")]
    t = Locale("en").t
    part = {(t(f"split.{r.form}"), int(r.year)): r.value for r in victims.itertuples()}
    shown = forms[forms.Value.notna()]
    assert len(shown)
    for _, row in shown.iterrows():
        assert float(row["Value"]) == part[(row["Split by"], int(row["Year"]))], row


def test_a_charts_csv_writes_whole_numbers_whole(monkeypatch):
    served = record_downloads(monkeypatch)
    at = run_page("trends", countries="BHR,JOR,QAT")
    names = [served[b.proto.deferred_file_id][0] for b in at.main.get("download_button")]
    raw = made(at, served, next(n for n in names if n.endswith(".csv"))).decode("utf-8-sig")
    table = pd.read_csv(io.StringIO(raw), dtype=str)
    values = table["Value"].dropna()
    assert len(values) and all(re.fullmatch(r"\d+", v) for v in values)  # counts: no "52.0"
    assert all(re.fullmatch(r"\d{4}", y) for y in table["Year"])


def test_images_are_made_one_at_a_time_and_a_long_wait_is_refused(monkeypatch):
    """A visitor asking for many images at once waits in turn; past the wait, a clear refusal
    (shown by the browser as a failed download), and the machine is not taken."""
    monkeypatch.setattr(figures, "RENDER_WAIT", 0.05)
    monkeypatch.setattr(figures, "_render", lambda figs, fmt: [b"made"] * len(figs))
    assert figures.render([object()], "png") == [b"made"]  # its turn: made
    assert figures.RENDERING.acquire(timeout=1)  # another image is being made
    try:
        with pytest.raises(RuntimeError, match="busy"):
            figures.render([object()], "png")
    finally:
        figures.RENDERING.release()
    assert figures.render([object()], "svg") == [b"made"]  # the turn was given back
    # a printed document (the profile's PDF) waits for the same turn
    monkeypatch.setattr(figures, "_print_pdf", lambda html: b"%PDF")
    assert figures.RENDERING.acquire(timeout=1)
    try:
        with pytest.raises(RuntimeError, match="busy"):
            figures.print_pdf("<p>x</p>")
    finally:
        figures.RENDERING.release()
    assert figures.print_pdf("<p>x</p>") == b"%PDF"
