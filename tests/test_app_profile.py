"""The country profile page, headless with AppTest: it lays out the profile view it builds
(headline table, ten-year trend, breakdowns with their cautions, corridors, recommendations,
assessments and coverage, each with its source line, in order) in both languages, and writes
the country chosen back to the address. The numbers themselves are tested on tiny datasets in
test_view_profile.py."""

from __future__ import annotations

import pytest

from dashboard import config
from dashboard.catalogue import catalogue
from dashboard.charts.coverage import coverage_html
from dashboard.metrics.tracker import load_rules
from dashboard.slides.figures import can_render
from dashboard.ui.components import html_table
from dashboard.views.profile import ProfileState, Split, Table, build
from tests.apptest import (
    figures,
    layout,
    locale_of,
    offered,
    run_page,
    shown,
    source_html,
)

QUERIES = {
    "default": {},  # Bahrain: parts above the total by form and by sex; victims from abroad
    "citizens-abroad": {"country": "NPL"},  # Nepal: outflows, no inflows
    "parts-that-fit-arabic-digits": {"country": "KWT", "digits": "arab"},  # no caution
    "little-but-a-tier": {"country": "ABW"},  # no figures, no index, no coverage
    "no-tier": {"country": "USA"},
}


def rules(bundled):
    return load_rules(config.rules_path(), set(bundled.indicators.indicator))


def view_of(bundled, loc, query, with_rules=True):
    state, rejected = ProfileState.read(bundled, query)
    assert rejected == []
    return build(bundled, loc, state, rules(bundled) if with_rules else None)


def table_layout(table: Table) -> list[tuple[str, str | None]]:
    out = [("subheader", table.heading)]
    if table.caption:
        out.append(("caption", table.caption))
    out.append(("html", html_table(table.header, table.rows, numeric=table.numeric)))
    if table.source_text:
        out.append(("html", source_html(table.source_text)))
    return out


def expected_layout(view, cat, problem: str = "") -> list[tuple[str, str | None]]:
    """What the page should show of `view`, in order (see tests.test_app_overview.layout)."""
    t, none = cat.locale.t, view.none
    out = [("title", t("profile.title", country=view.name)), ("markdown", t("profile.intro"))]
    if can_render():
        out.append(("download_button", t("present.profile_pdf")))
    out += table_layout(view.headline)
    out.append(("subheader", view.trends_heading))
    if view.trend is None:
        out.append(("info", none))
    else:
        out += [("plotly_chart", None), ("html", source_html(view.trend.source_text))]
        out += chart_downloads(t)
    for split in view.splits:
        if not isinstance(split, Split):
            out += [("subheader", split[1]), ("markdown", none)]
            continue
        out += [("subheader", split.heading), ("plotly_chart", None)]
        if split.caution:
            out.append(("warning", split.caution))
        if split.withheld_text:
            out.append(("caption", split.withheld_text))
        out.append(("html", source_html(split.source_text)))
        out += chart_downloads(t)
    for side in view.corridors:
        out += (
            table_layout(side)
            if isinstance(side, Table)
            else [("subheader", side), ("markdown", none)]
        )
    if view.recommendations is None:
        out += [("subheader", t("profile.recs_heading")), ("error", problem)]
    else:
        out += table_layout(view.recommendations)
    for found, heading, caption in (
        (view.tiers, view.tiers_heading, view.tiers_caption),
        (view.gsi, view.gsi_heading, ""),
    ):
        if found is not None:
            out += table_layout(found)
            continue
        out.append(("subheader", heading))
        if caption:
            out.append(("caption", caption))
        out.append(("markdown", none))
    out.append(("subheader", view.coverage_heading))
    if not view.coverage_years:
        return [*out, ("markdown", none)]
    grid = coverage_html(
        view.coverage, view.coverage_years, dict(cat.names), view.letters, cat.locale
    )
    return [*out, ("html", grid), ("html", source_html(view.coverage_source_text))]


def chart_downloads(t) -> list[tuple[str, str]]:
    """A chart's own files under it: its images where the server can draw them, its CSV."""
    images = [("download_button", t(f"app.download_{f}")) for f in ("png", "svg")]
    return [*(images if can_render() else []), ("download_button", t("trends.download"))]


def files_offered(view) -> list[str]:
    """The file names of the page's downloads, in order: the PDF, then each chart's."""
    names = [view.pdf_name] if can_render() else []
    charts = [view.trend] if view.trend is not None else []
    for chart in [*charts, *(s for s in view.splits if isinstance(s, Split))]:
        stem = chart.file_name.rsplit(".", 1)[0]
        names += [f"{stem}.png", f"{stem}.svg"] if can_render() else []
        names.append(chart.file_name)
    return names


def check_figures(specs: list[dict], view) -> None:
    """The ten-year lines are the view's series; each breakdown's bars its exact parts."""
    drawn = list(specs)
    if view.trend is not None:
        trend = drawn.pop(0)
        lines = [(tr["name"], tr["y"]) for tr in trend["data"] if tr["mode"] == "lines+markers"]
        assert lines == [(name, values) for name, values in view.trend.series]
        assert all(tr["x"] == view.trend.years for tr in trend["data"][:1])
    splits = [s for s in view.splits if isinstance(s, Split)]
    assert len(drawn) == len(splits)
    for spec, split in zip(drawn, splits, strict=True):
        exact = split.frame[split.frame.value.notna()]
        parts = [(c, label) for c, label in split.categories.items() if (exact.category == c).any()]
        assert [bar["name"] for bar in spec["data"]] == [label for _, label in parts]
        for bar, (code, _) in zip(spec["data"], parts, strict=True):
            values = exact[exact.category == code].set_index("year").value
            assert bar["x"] == split.years
            assert bar["y"] == [values.get(y) for y in split.years]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_the_page_lays_out_its_view(bundled, monkeypatch, lang, query):
    downloads = offered(monkeypatch)
    at = run_page("profile", lang=lang, **query)
    assert not at.exception and not at.error
    loc = locale_of(lang, query)
    view = view_of(bundled, loc, query)
    assert layout(at) == expected_layout(view, catalogue(bundled, loc))
    check_figures(figures(at), view)
    # the PDF is offered by its name where this server can make one, then each chart's files
    assert [name for _, name, _ in downloads] == files_offered(view)
    # the widget holds the country, and the address says it
    assert [s.value for s in at.main.selectbox] == [view.iso3]
    assert dict(at.query_params) == {"country": view.iso3, "lang": lang, "digits": loc.digits}


def test_choosing_a_country_writes_it_to_the_address_and_draws_its_profile(bundled):
    at = run_page("profile")
    at.main.selectbox[0].set_value("NPL").run()
    assert not at.exception
    assert at.query_params["country"] == "NPL"
    view = view_of(bundled, locale_of("en", {}), {"country": "NPL"})
    assert layout(at) == expected_layout(view, catalogue(bundled, locale_of("en", {})))


def test_bad_country_falls_back_with_a_notice_naming_it(bundled):
    at = run_page("profile", country="<script>")
    assert not at.exception
    assert any("“country”" in w.value for w in at.warning)
    assert at.query_params["country"] == "BHR"
    view = view_of(bundled, locale_of("en", {}), {})
    assert shown(at.title[0].value) == locale_of("en", {}).t("profile.title", country=view.name)


def test_rules_it_cannot_read_are_said_and_the_rest_is_drawn(bundled, tmp_path, monkeypatch):
    broken = tmp_path / "rules.csv"
    broken.write_text("not,the,rules\n1,2,3\n", encoding="utf-8")
    monkeypatch.setenv(config.RULES_ENV, str(broken))
    at = run_page("profile")
    assert not at.exception
    (error,) = at.error
    loc = locale_of("en", {})
    before = loc.t("tracker.rules_error", error="{error}").split("{error}")[0]
    assert error.value.startswith(before)
    view = view_of(bundled, loc, {}, with_rules=False)
    problem = shown(error.value)
    assert layout(at) == expected_layout(view, catalogue(bundled, loc), problem)
