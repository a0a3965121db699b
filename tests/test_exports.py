"""Every CSV and Excel file a page offers: each row says its indicator, measure, unit, year(s)
and source, under headings in the reader's language; its figures are the dataset's; whole
numbers are written whole ("52", never "52.0"; ranks "1")."""

from __future__ import annotations

import ast
import csv
import io
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard import config
from dashboard.i18n import Locale
from dashboard.metrics.tracker import load_rules
from dashboard.ui.components import csv_bytes, xlsx_bytes
from dashboard.views import compare, flows, profile, tracker, trends
from tests.conftest import ROOT


def downloads(data, loc: Locale, measure: str = "absolute") -> dict[str, pd.DataFrame]:
    """The tables the pages offer for download, for one measure (where a page has one)."""
    query = {"measure": measure, "side": "BHR,QAT,SAU", "side_ind": "persons_convicted"}
    cv = compare.build(data, loc, compare.CompareState.read(data, query)[0])
    query = {"countries": "BHR,QAT", "measure": measure, "funnel_year": "2021"}
    tv = trends.build(data, loc, trends.TrendsState.read(data, query)[0])
    fv = flows.build(data, loc, flows.FlowsState.read(data, {"dest": "QAT"})[0])
    rules = load_rules(config.rules_path(), set(data.indicators.indicator))
    state, _ = tracker.TrackerState.read(data, {}, rules, loc)
    kv = tracker.build(data, loc, state, rules)
    pv = profile.build(data, loc, profile.ProfileState.read(data, {"country": "EGY"})[0])
    forms, sexes = pv.splits
    return {
        "compare": cv.table,
        "compare_side": cv.side.trends[0].table,
        "trend": tv.trend.table,
        "funnel": tv.funnel.table,
        "breakdown": tv.breakdown.table,
        "flows": fv.table,
        "routes": fv.routes_table,
        "tracker": kv.table,
        "profile_trend": pv.trend.table,
        "profile_forms": forms.table,
        "profile_sex": sexes.table,
    }


def described(loc: Locale, name: str) -> list[str]:
    """The headings of what a row is, where it is from and when, in `loc`'s language."""
    t = loc.t
    year = {"flows": "flows.col_years", "routes": "flows.col_years", "tracker": "tracker.col_year"}
    year = year.get(name, "trends.col_year")
    source = "flows.col_source" if name in ("flows", "routes") else "compare.col_source"
    return [t(k) for k in ("export.col_indicator", "export.col_measure", "export.col_unit")] + [
        t(year),
        t(source),
    ]


def written(frame: pd.DataFrame) -> list[dict[str, str]]:
    """The rows as the CSV download writes them, as text."""
    text = csv_bytes(frame).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


DECIMAL_WHOLE = re.compile(r"^-?\d+\.0+$")


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("measure", ["absolute", "per100k"])
def test_every_download_says_what_when_and_from_where_and_writes_whole_numbers_whole(
    bundled, lang, measure
):
    loc = Locale(lang)
    for name, frame in downloads(bundled, loc, measure).items():
        assert not frame.empty, name
        headings = described(loc, name)
        assert set(headings) <= set(frame.columns), (name, set(headings) - set(frame.columns))
        rows = written(frame)
        for heading in headings[:3]:  # indicator, measure, unit: on every row
            assert all(r[heading] for r in rows), (name, heading)
        cells = [v for r in rows for v in r.values()]
        assert not [v for v in cells if DECIMAL_WHOLE.match(v)], name  # "52", never "52.0"
        book = load_workbook(io.BytesIO(xlsx_bytes(frame, name, loc.rtl)))
        header = next(book.active.iter_rows(max_row=1, values_only=True))
        assert list(header) == [str(c) for c in frame.columns]
        # the screen's isolates (around web addresses in Arabic) stay on the screen
        sheet = [v for row in book.active.iter_rows(values_only=True) for v in row]
        for v in cells + [str(v) for v in sheet if v is not None]:
            assert "\u2066" not in v and "\u2069" not in v, (name, v)


def test_a_web_address_in_arabic_text_is_written_without_the_screens_isolates():
    isolated = "\u2066https://www.un.org/x\u2069"
    frame = pd.DataFrame({"\u2066url\u2069": [f"مصدر {isolated}"], "n": [3.0]})
    (row,) = written(frame)
    assert row == {"url": "مصدر https://www.un.org/x", "n": "3"}
    book = load_workbook(io.BytesIO(xlsx_bytes(frame, "s", True)))
    assert list(book.active.iter_rows(values_only=True)) == [
        ("url", "n"),
        ("مصدر https://www.un.org/x", 3),
    ]


def test_a_per_100000_download_holds_the_datasets_figures(bundled):
    """The download the reader saw without its indicator: each rate is the dataset's count
    over the same year's population, with both sources named."""
    loc = Locale("en")
    obs = bundled.observations
    totals = obs[(obs.sex == "total") & (obs.age == "total") & (obs.form == "total")]
    by = totals.set_index(["indicator", "iso3", "year"]).value
    for name in ("compare", "trend"):
        rows = written(downloads(bundled, loc, "per100k")[name])
        assert rows, name
        for r in rows:
            assert r["Indicator"] == "Persons convicted" and r["Measure"] == (
                "Per 100,000 population"
            )
            assert r["Unit"] == "persons per 100,000 population"
            if not r["Value"]:
                continue
            key = (r["iso3"], int(r["Year"]))
            rate = by[("persons_convicted", *key)] / by[("population", *key)] * 100_000
            assert float(r["Value"]) == pytest.approx(rate, abs=1e-4)
            assert "World Bank" in r["Source"] and "UNODC" in r["Source"]


def test_counts_in_downloads_are_the_datasets_written_whole(bundled):
    loc = Locale("en")
    obs = bundled.observations
    tables = downloads(bundled, loc)
    totals = obs[(obs.sex == "total") & (obs.age == "total") & (obs.form == "total")]
    convicted = totals[totals.indicator == "persons_convicted"].set_index(["iso3", "year"])
    ranked = written(tables["compare"])
    assert [r["Rank"] for r in ranked[:3]] == ["1", "2", "3"]
    for r in ranked:
        if r["Value"]:
            assert r["Value"] == str(int(convicted.value[(r["iso3"], int(r["Year"]))]))
    for name in ("trend", "compare_side"):
        rows = written(tables[name])
        assert rows, name
        for r in rows:
            figure = convicted.loc[(r["iso3"], int(r["Year"]))]
            assert r["Value"] == ("" if pd.isna(figure.value) else str(int(figure.value)))
            assert r["Lower bound"] == ("" if pd.isna(figure.lower) else str(int(figure.lower)))
    assert {r["iso3"] for r in written(tables["compare_side"])} == {"BHR", "QAT", "SAU"}
    stages = {loc.t("trends.col_stage")}  # the funnel's stages are its rows' indicators
    assert not stages & set(tables["funnel"].columns)
    names = dict(zip(bundled.indicators.name_en, bundled.indicators.indicator, strict=True))
    for r in written(tables["funnel"]):
        figure = totals.set_index(["indicator", "iso3", "year"]).loc[
            (names[r["Indicator"]], r["iso3"], int(r["Year"]))
        ]
        assert r["Value"] == ("" if pd.isna(figure.value) else str(int(figure.value)))
        assert r["Unit"] == "persons"


def test_every_download_a_page_offers_is_one_of_those_checked_here():
    """A new download on a page must join the list above (or the secretariat's review file,
    which lists changes, not figures)."""
    offered = set()
    for path in sorted((ROOT / "dashboard" / "pages").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            called = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            if called and node.func.attr in ("download_csv", "download_xlsx"):
                offered.add((path.stem, ast.unparse(node.args[1])))
            if called and node.func.attr == "chart_downloads":  # a chart's images and CSV
                offered.add((path.stem, ast.unparse(node.args[4])))
    assert offered == {
        ("compare", "view.table"),
        ("compare", "trend.table"),
        ("flows", "view.table"),
        ("flows", "view.routes_table"),
        ("trends", "trend.table"),
        ("trends", "funnel.table"),
        ("trends", "part.table"),
        ("tracker", "view.table"),
        ("profile", "chart.table"),
        ("secretariat", "proposal.changes"),
        ("secretariat", "changes"),
    }
