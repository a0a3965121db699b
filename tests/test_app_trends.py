"""The conviction trends page, headless with AppTest: it lays out the view `build` gives for its
address, in both languages. The numbers and rules are the view's, tested on tiny datasets in
test_view_trends.py; here, only that the page shows them, in order, and what only the page
does (the address, its widgets, bad parameters).

The first section holds helpers that read a page back; the flows and tracker page tests use
them too."""

from __future__ import annotations

from html import unescape

import pytest

from dashboard.catalogue import figure_text
from dashboard.i18n import Locale
from dashboard.ui.components import csv_bytes
from dashboard.views.trends import TrendsState, build
from tests.apptest import (
    address,
    assert_tables,
    bound,
    chart_images,
    downloads,
    exercised,
    figures,
    locale_of,
    record_downloads,
    run_page,
    said,
    source_html,
    source_lines,
    widgets,
)

EN = Locale("en")

# -- what the trends page lays out ---------------------------------------------------------


def chart_lines(spec) -> dict[str, dict]:
    """Each line of the trend chart (a country or the region): its figures by year."""
    return {
        t["name"]: dict(zip(t["x"], t["y"], strict=True))
        for t in spec["data"]
        if t.get("mode", "").startswith("lines") and t.get("name")
    }


def assert_trend_drawn(spec, trend, loc) -> None:
    lines = chart_lines(spec)
    assert list(lines) == [name for name, _ in trend.series]
    for name, values in trend.series:
        assert [lines[name].get(y) for y in trend.years] == [
            None if v is None else pytest.approx(v) for v in values
        ], name
    xaxis, notes = spec["layout"]["xaxis"], spec["layout"].get("annotations", [])
    assert xaxis["tickvals"] == trend.years
    assert xaxis["ticktext"] == [loc.year(y) for y in trend.years]
    if trend.multiples:  # one panel per country, titled by its name
        assert [unescape(a["text"]) for a in notes] == [trend.names[i] for i in trend.iso3s]
    else:
        assert spec["layout"]["yaxis"]["title"]["text"] == trend.y_title
    lines_at = [s["x0"] for s in spec["layout"].get("shapes", [])]
    assert lines_at == [year for year, _ in trend.events]
    labels = [unescape(a["text"]) for a in notes if a.get("textangle") == -90]
    assert labels == ([] if trend.multiples else [label for _, label in trend.events])


def assert_funnel_drawn(spec, funnel, loc) -> None:
    bars = spec["data"]
    assert [b["name"] for b in bars] == list(funnel.stages.values())
    rows = funnel.frame.set_index(["stage", "iso3"])
    for bar, stage in zip(bars, funnel.stages, strict=True):
        assert bar["y"] == [funnel.names[i] for i in funnel.iso3s]
        texts = []
        for iso3 in funnel.iso3s:
            if (stage, iso3) not in rows.index:
                texts.append(loc.t("status.not_reported"))
            else:
                r = rows.loc[(stage, iso3)]
                texts.append(figure_text(loc, r.value, r.lower, r.upper, r.status, 0))
        assert bar["text"] == texts, stage


def assert_breakdown_drawn(spec, part) -> None:
    exact = part.frame[part.frame.value.notna()]
    drawn = [c for c in part.categories if (exact.category == c).any()]
    bars = spec["data"]
    assert [b["name"] for b in bars] == [part.categories[c] for c in drawn]
    for bar, code in zip(bars, drawn, strict=True):
        values = exact[exact.category == code].set_index("year").value
        assert bar["x"] == part.years
        assert bar["y"] == [
            pytest.approx(values[y]) if y in values.index else None for y in part.years
        ]
    assert spec["layout"].get("barnorm") == ("percent" if part.percent else None)
    assert spec["layout"]["yaxis"]["title"]["text"] == part.y_title


def assert_lays_out(at, bundled, view, loc, served, notices=()) -> None:
    """The trends page shows `view`: its headings, texts, charts, tables, source lines and
    downloads in order, its widgets bound to the view's state, the state in the address."""
    t, trend, part, funnel = loc.t, view.trend, view.breakdown, view.funnel
    assert not at.exception and not at.error
    drawn = not trend.empty_text
    split = not part.empty_text
    assert said(at.main.title) == [t("trends.title")]
    assert said(at.main.subheader) == [
        *([t("trends.change_heading")] if view.changes is not None else []),
        t("trends.funnel_heading"),
        t("trends.breakdown_heading"),
    ]
    headline = [trend.headline] if drawn and trend.headline else []  # before the controls
    assert said(at.main.markdown) == [
        *headline,
        t("trends.intro"),
        *([f"**{t('trends.notes_heading')}**"] if drawn and trend.notes_rows else []),
    ]
    assert said(at.main.info) == [
        text
        for text, shows in (
            (trend.left_out_text, True),
            (trend.empty_text, True),
            (trend.region_text, drawn),
            (part.empty_text, True),
        )
        if text and shows
    ]
    assert said(at.main.warning) == [*notices, *([part.caution] if split and part.caution else [])]
    assert said(at.main.caption) == [
        *([trend.source_text] if headline else []),
        trend.explain,
        *([trend.span_text] if trend.span_text else []),
        *([trend.undrawn_text] if trend.undrawn_text else []),
        *([trend.flagged_text] if drawn and trend.flagged_text else []),
        *([t("trends.change_caption")] if view.changes is not None else []),
        t("trends.funnel_caption"),
        *([funnel.unreported_text] if funnel.unreported_text else []),
        t("trends.breakdown_caption"),
        *([part.withheld_text] if split and part.withheld_text else []),
    ]
    specs = figures(at)
    assert len(specs) == drawn + 1 + split
    if drawn:
        assert_trend_drawn(specs[0], trend, loc)
    assert_funnel_drawn(specs[int(drawn)], funnel, loc)
    if split:
        assert_breakdown_drawn(specs[-1], part)
    assert source_lines(at) == [
        source_html(s.source_text)
        for s, shows in ((trend, drawn), (funnel, True), (part, split))
        if shows
    ]
    expected = []
    if drawn:
        if trend.events_rows:
            expected.append(([t("trends.col_year"), t("trends.events_heading")], trend.events_rows))
        if trend.notes_rows:
            expected.append(([t("trends.col_country"), t("trends.col_note")], trend.notes_rows))
        expected.append(trend.table)
    if view.changes is not None:
        expected.append((view.changes.header, view.changes.rows))
    expected.append(funnel.table)
    if split:
        expected.append(part.table)
    assert_tables(at, expected)
    offered = [
        item
        for s, label, shows in (
            (trend, "trends.download", drawn),
            (funnel, "trends.download_funnel", True),
            (part, "trends.download_breakdown", split),
        )
        if shows
        for item in [
            *chart_images(loc, s.file_name.removesuffix(".csv")),
            (t(label), s.file_name, csv_bytes(s.table)),
        ]
    ]
    assert downloads(at, served) == offered
    # The inputs hold the state, and the address says it (so a link shares this view).
    state = view.state
    params = {**TrendsState.declare(bundled), **state.declare_focus()}
    hidden = {"scales"} - ({"scales"} if state.asks_scales else set())
    hidden |= {"base"} - ({"base"} if state.asks_base else set())
    assert widgets(at) == bound(params, state, set(params) - hidden)
    assert address(at) == state.query(params)


QUERIES = [
    pytest.param(
        {},
        ("trend.flagged_text", "trend.notes_rows", "breakdown.caution", "breakdown.withheld_text"),
        id="default",
    ),
    pytest.param(
        {"measure": "index", "base": "2015"},
        ("trend.left_out_text", "trend.empty_text"),
        id="index-with-no-base",
    ),
    pytest.param({"region": "complete"}, ("trend.region_text",), id="no-complete-year"),
    pytest.param(
        {
            "measure": "ratio",
            "countries": "BHR,KWT",
            "region": "reported",
            "events": "on",
            "digits": "arab",
        },
        ("trend.region", "trend.events", "trend.events_rows"),
        id="ratio-region-events",
    ),
    pytest.param(
        {
            "layout": "multiples",
            "scales": "free",
            "countries": "BHR,JOR,QAT,ARE",
            "stack": "percent",
        },
        ("trend.multiples", "breakdown.percent"),
        id="multiples",
    ),
    pytest.param(
        {"countries": "KWT,ARE", "from": "2015", "b_indicator": "persons_convicted", "by": "sex"},
        ("breakdown.empty_text",),
        id="no-breakdown",
    ),
]


@pytest.mark.parametrize(("query", "shows"), QUERIES)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_page_lays_out_its_view(bundled, monkeypatch, lang, query, shows):
    served = record_downloads(monkeypatch)
    at = run_page("trends", lang=lang, **query)
    loc = locale_of(lang, query)
    state, rejected = TrendsState.read(bundled, query)
    assert rejected == []
    view = build(bundled, loc, state)
    assert [path for path in shows if not exercised(view, path)] == []
    assert_lays_out(at, bundled, view, loc, served)


@pytest.mark.parametrize(
    "query",
    [
        {"countries": "BHR,ZZZ"},
        {"measure": "sum"},
        {"from": "1800"},
        {"funnel_year": "x" * 5000},
        {"countries": ",".join(["BHR"] * 40)},
    ],
)
def test_a_bad_parameter_falls_back_with_a_warning_naming_it(bundled, monkeypatch, query):
    served = record_downloads(monkeypatch)
    at = run_page("trends", **query)
    (name,) = query
    state, rejected = TrendsState.read(bundled, query)
    assert rejected == [name]
    assert state == TrendsState.read(bundled, {})[0]  # the default view, named in a warning
    notice = EN.t("notice.bad_param", name=name)
    assert f"“{name}”" in notice
    assert_lays_out(at, bundled, build(bundled, EN, state), EN, served, notices=[notice])
