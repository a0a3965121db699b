"""The compare page, headless with AppTest: it lays out the compare view it builds (headings,
notes, map, bars, table, downloads, scorecard and source lines, in order) in both languages, and
writes its choices back to the address. The numbers themselves are tested on tiny datasets in
test_view_compare.py."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.catalogue import catalogue
from dashboard.charts.compare import EXTENTS, legend_html, scorecard_html
from dashboard.pages.compare import small_codes
from dashboard.ui.components import csv_bytes, html_table
from dashboard.views.compare import CompareState, build
from tests.apptest import (
    chart_files,
    figures,
    headline_layout,
    layout,
    locale_of,
    offered,
    run_page,
    source_html,
)

QUERIES = {
    "default": {},
    "withheld-and-missing": {"indicator": "victims_detected", "year": "2022", "add": "NPL"},
    "a-year-with-gaps-per100k": {"group": "gcc", "year": "2010", "measure": "per100k"},
    "ratio-one-country-side-by-side": {"measure": "ratio", "side": "BHR", "digits": "arab"},
    "categories": {
        "indicator": "tip_tier",
        "side": "BHR,SAU,NPL,QAT",
        "side_ind": "persons_convicted,victims_detected",
    },
    "per-victims-with-added-countries": {"measure": "per_victims", "add": "NPL,IND"},
    "not-a-count-per-victims-world": {
        "indicator": "gsi_response_total",
        "measure": "per_victims",
        "extent": "world",
    },
}


def view_of(bundled, loc, query):
    state, rejected = CompareState.read(bundled, query)
    assert rejected == []
    return build(bundled, loc, state)


def files_of(view, loc) -> list[tuple[str, str]]:
    """The charts' own downloads, in order: the map's, then the ranked bars' where drawn."""
    bars = chart_files(loc, f"{view.file_stem}-ranked.csv") if view.bars else []
    return [*chart_files(loc, f"{view.file_stem}-map.csv"), *bars]


def side_files(view, loc) -> list[tuple[str, str]]:
    return [
        f for tr in (view.side.trends if view.side else []) for f in chart_files(loc, tr.file_name)
    ]


def expected_layout(view, cat) -> list[tuple[str, str | None]]:
    """What the page should show of `view`, in order (see tests.test_app_overview.layout)."""
    loc = cat.locale
    t = loc.t
    out = [
        ("title", t("compare.title")),
        *headline_layout(view.headline, view.source_text),  # before the controls
        ("markdown", t("compare.intro")),
    ]
    out += [("caption", note) for note in view.notes]
    out += [
        ("subheader", t("compare.map_heading")),
        ("plotly_chart", None),
        ("html", legend_html(loc, view.categories, view.steps)),
        ("html", source_html(view.source_text)),
        ("caption", t("sidebar.disclaimer")),
        *[("download_button", label) for label, _ in chart_files(loc, f"{view.file_stem}-map.csv")],
    ]
    if view.bars:
        out += [
            ("subheader", t("compare.bars_heading")),
            ("plotly_chart", None),
            ("caption", t("compare.rank_rule")),
            ("html", source_html(view.source_text)),
            *[
                ("download_button", label)
                for label, _ in chart_files(loc, f"{view.file_stem}-ranked.csv")
            ],
        ]
    if view.missing_text:
        out.append(("markdown", view.missing_text))
    out += [
        ("subheader", t("compare.table_heading")),
        ("html", table_html(view)),
        ("download_button", t("compare.download_csv")),
        ("download_button", t("compare.download_xlsx")),
        ("subheader", t("compare.side_heading")),
        ("caption", t("compare.side_caption")),
    ]
    side = view.side
    if side is None:
        return [*out, ("info", t("compare.side_too_few"))]
    names, cats = dict(cat.names), {i: dict(c) for i, c in cat.categories.items()}
    card = scorecard_html(
        side.card,
        side.chosen,
        names,
        side.labels,
        cats,
        side.decimals,
        loc,
        units=side.units,
        directions=side.directions,
        marks=side.marks,
    )
    out.append(("html", card))
    out += [("caption", note) for note in side.notes]
    out.append(("caption", t("compare.score_rule")))
    if side.years_text:
        out.append(("caption", side.years_text))
    out.append(("html", source_html(side.source_text)))
    for trend in side.trends:
        out += [
            ("markdown", f"**{trend.title}**"),
            ("plotly_chart", None),
            ("html", source_html(trend.source)),
            *[("download_button", label) for label, _ in chart_files(loc, trend.file_name)],
        ]
    return out


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_the_page_lays_out_its_view(bundled, monkeypatch, lang, query):
    downloads = offered(monkeypatch)
    at = run_page("compare", lang=lang, **query)
    assert not at.exception and not at.warning and not at.error
    loc = locale_of(lang, query)
    view = view_of(bundled, loc, query)
    assert layout(at) == expected_layout(view, catalogue(bundled, loc))

    # the table is the view's screen table; the downloads are the view's table, by its name
    assert table_html(view) in bodies(at)
    charts = [name for _, name in files_of(view, loc)]
    names = [*charts, f"{view.file_stem}.csv", f"{view.file_stem}.xlsx"]
    names += [name for _, name in side_files(view, loc)]
    assert [name for _, name, _ in downloads] == names
    for k, name in enumerate(names[: len(charts) + 1]):  # the map's, bars' and table's CSV
        if name.endswith(".csv"):
            assert downloads[k][2]() == csv_bytes(view.table)
    for trend in view.side.trends if view.side else []:
        (made,) = [make for _, name, make in downloads if name == trend.file_name]
        assert made() == csv_bytes(trend.table)

    specs = figures(at)
    # the map: every country with a figure coloured, withheld ones in their own class
    shapes, *dots = specs[0]["data"]
    z = dict(zip(shapes["locations"], shapes["z"], strict=True))
    # the compared countries too small to see are marked with a dot (Bahrain on the region)
    small = small_codes(view.state.extent)
    marked = [i for i in z if i in small and i in view.frame.iso3.values]
    assert len(dots) == (1 if marked else 0)
    if dots:
        assert dots[0]["type"] == "scattergeo" and len(dots[0]["lon"]) == len(marked)
    frame = view.frame.set_index("iso3")
    assert {i for i, level in z.items() if level > 0} == set(frame.index) & set(z)
    assert {i for i, level in z.items() if level == 1} == {
        i for i in frame.index if i in z and pd.isna(frame.loc[i, "value"])
    }
    assert specs[0]["layout"]["geo"]["lonaxis"]["range"] == list(EXTENTS[view.state.extent][0])

    if view.bars:
        bars = specs[1]
        check_bars(bars, view, loc)
        side_specs = specs[2:]
    else:
        side_specs = specs[1:]
    trends = view.side.trends if view.side else []
    assert [s["data"] for s in side_specs] == [tr.figure["data"] for tr in trends]

    # the widgets hold the state, and the address says it
    state = view.state
    assert [s.value for s in at.main.selectbox] == [
        state.indicator,
        state.year,
        state.measure,
        state.group,
    ]
    chosen = [list(state.add), list(state.side)]
    assert [m.value for m in at.main.multiselect] == (
        [*chosen, list(state.side_ind)] if view.side else chosen
    )
    assert [r.value for r in at.main.radio] == [state.extent]
    address = state.query(CompareState.declare(bundled))
    assert dict(at.query_params) == {**address, "lang": lang, "digits": loc.digits}


def table_html(view) -> str:
    """The view's screen table as the page draws it: an HTML table, which mirrors in Arabic."""
    return html_table(view.table_header, view.table_rows, view.table_numeric)


def bodies(at) -> list[str]:
    return [element.proto.body for element in at.get("html")]


def check_bars(spec, view, loc) -> None:
    """The ranked bars: the view's countries in its order, each with its figure and year as the
    table shows them; an exact figure a bar from 0, a withheld one a range."""
    bar = spec["data"][0]
    assert bar["y"] == [name for name, _ in view.bar_values]
    assert spec["layout"]["xaxis"]["title"]["text"] == view.unit
    t = loc.t
    shown_rows = view.table_shown.iloc[: len(view.bar_values)]  # the missing come last
    ranked = view.ranked[~view.ranked.missing]
    columns = [t(f"trends.col_{k}") for k in ("value", "lower", "upper", "year")]
    for i, ((_, exact), (_, row), r) in enumerate(
        zip(view.bar_values, shown_rows.iterrows(), ranked.itertuples(), strict=True)
    ):
        value, lower, upper, year = (row[c] for c in columns)
        figure = value if exact is not None else t("status.range", lower=lower, upper=upper)
        assert bar["text"][i] == f"{figure} ({year})"
        if exact is not None:
            assert (bar["base"][i], bar["x"][i]) == (0, pytest.approx(exact))
        else:
            assert bar["base"][i] == pytest.approx(r.lower)
            assert bar["x"][i] == pytest.approx(r.upper - r.lower)


def test_a_choice_is_written_to_the_address_and_redraws_the_view(bundled):
    at = run_page("compare")
    at.main.selectbox[2].set_value("ratio").run()  # the measure
    assert not at.exception
    assert at.query_params["measure"] == "ratio"
    view = view_of(bundled, locale_of("en", {}), {"measure": "ratio"})
    assert table_html(view) in bodies(at)
    assert figures(at)[1]["layout"]["xaxis"]["title"]["text"] == view.unit


def test_a_link_it_cannot_use_falls_back_with_a_notice_naming_it(bundled):
    at = run_page("compare", measure="<b>", year="1850")
    assert not at.exception
    warned = " ".join(w.value for w in at.warning)
    assert "“measure”" in warned and "“year”" in warned
    assert at.query_params["measure"] == "absolute" and at.query_params["year"] == "latest"
    assert table_html(view_of(bundled, locale_of("en", {}), {})) in bodies(at)
