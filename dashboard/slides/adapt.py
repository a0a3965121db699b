"""One saved view (a page and its URL state) as a slide: what it shows, drawn once.

Each page's view reads the page's own URL parameters with the page's own declarations (an
unusable one falls back to its default and is named in `rejected`) and uses the page's own
computations, so a slide shows the figures the page shows. A `View` carries the chart for the
screen and for images (plotly), the same numbers for a native PowerPoint chart (`Series`), a
table, or a flow map (pydeck on screen, an image made on the server for exports).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import plotly.graph_objects as go

from dashboard import config
from dashboard.catalogue import catalogue
from dashboard.charts.compare import ranked_bars
from dashboard.dataset import Dataset
from dashboard.i18n import Locale
from dashboard.ui import state
from dashboard.ui.files import rules as load_rules
from dashboard.ui.files import static_url
from dashboard.views import compare as views_compare
from dashboard.views import flows as views_flows
from dashboard.views import overview as views_overview
from dashboard.views import profile as views_profile
from dashboard.views import tracker as views_tracker
from dashboard.views import trends as views_trends


@dataclass(frozen=True)
class Series:
    """The numbers of a bar or line chart, for a native (editable) PowerPoint chart.

    A value that is not an exact figure (withheld 1-4, missing) is None: a gap, never a number.
    """

    kind: str  # "bar" or "line"
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    axis_title: str
    decimals: int


@dataclass
class View:
    page: str
    heading: str  # what the view shows, in the reader's language
    sources: list[str]
    years: list[int]
    figure: go.Figure | None = None
    series: Series | None = None
    table: tuple[list[str], list[list[str]]] | None = None
    deck: object | None = None  # a pydeck Deck, on screen
    deck_over: Callable[[str], object] | None = None  # the same map over another land image
    deck_key: str = ""  # the map's key, as HTML
    map_image: Callable[[], bytes] | None = None  # the map as a PNG, for exports
    map_key: list[str] = field(default_factory=list)  # the PNG's key, in words
    notes: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.deck is not None or self.map_image is not None:
            return "map"
        return "chart" if self.figure is not None else "table"


def source_text(data: Dataset, loc: Locale, view: View) -> str:
    """The source line of a view: its sources and the years it covers (as the page says it)."""
    return catalogue(data, loc).source_text(view.sources, view.years)


def _names(data: Dataset, loc: Locale) -> dict[str, str]:
    return dict(zip(data.countries.iso3, data.countries[f"name_{loc.lang}"], strict=True))


def _read(query: Mapping[str, str], params) -> tuple[dict, list[str]]:
    return state.parse(query, list(params))


def overview(data: Dataset, loc: Locale, query: Mapping[str, str]) -> View:
    state, rejected = views_overview.OverviewState.read(data, query)
    ov = views_overview.build(data, loc, state)
    return View(
        "overview",
        ov.heading,
        ov.sources,
        ov.years,
        table=(ov.header, ov.rows),
        notes=list(ov.numbered_notes),
        rejected=rejected,
    )


def compare(data: Dataset, loc: Locale, query: Mapping[str, str]) -> View:
    state, rejected = views_compare.CompareState.read(data, query)
    cv = views_compare.build(data, loc, state)
    view = View("compare", cv.heading, cv.sources, cv.years, rejected=rejected)
    view.notes += [text for text in (cv.missing_text,) if text]
    cat = catalogue(data, loc)
    indicator = cat.indicators[state.indicator]
    if not cv.bars:
        header = [loc.t("trends.col_country"), indicator, loc.t("trends.col_year")]
        view.table = (header, [list(row) for row in cv.category_rows])
        return view
    view.figure = ranked_bars(cv.ranked, dict(cat.names), loc, cv.decimals, cv.unit)
    names = [name for name, _ in cv.bar_values]
    values = [value for _, value in cv.bar_values]
    view.series = Series("bar", names, [(indicator, values)], cv.unit, cv.decimals or 0)
    view.notes += [text for text in (cv.withheld_text,) if text]
    return view


def trends(data: Dataset, loc: Locale, query: Mapping[str, str]) -> View:
    state, rejected = views_trends.TrendsState.read(data, query)
    trend = views_trends.build(data, loc, state).trend
    view = View("trends", trend.heading, trend.sources, trend.years, rejected=rejected)
    if trend.empty_text:
        view.notes.append(trend.empty_text)
        return view
    view.figure = trend.figure()
    view.series = Series(
        "line", [str(y) for y in trend.years], list(trend.series), trend.y_title, trend.decimals
    )
    view.notes += [text for text in (trend.flagged_text,) if text]
    return view


def _profile_view(data: Dataset, loc: Locale, query: Mapping[str, str], rules=None):
    state, rejected = views_profile.ProfileState.read(data, query)
    return views_profile.build(data, loc, state, rules), rejected


def _ten_years(pv, loc: Locale, rejected: list[str]) -> View:
    """The profile's ten years of the three counts, as a slide."""
    trend = pv.trend
    view = View(
        "profile",
        pv.slide_heading,
        trend.sources if trend else [],
        trend.years if trend else [],
        rejected=rejected,
    )
    if trend is None:
        view.notes.append(pv.none)
        return view
    view.figure = trend.figure(loc)
    view.series = Series(
        "line", [str(y) for y in trend.years], trend.series, trend.axis_title, trend.decimals
    )
    return view


def profile(data: Dataset, loc: Locale, query: Mapping[str, str]) -> View:
    pv, rejected = _profile_view(data, loc, query)
    return _ten_years(pv, loc, rejected)


def tracker(data: Dataset, loc: Locale, query: Mapping[str, str]) -> View:
    rules, problem = load_rules(config.rules_path(), data)
    if problem:
        raise ValueError(problem)
    state, rejected = views_tracker.TrackerState.read(data, query, rules, loc)
    tv = views_tracker.build(data, loc, state, rules)
    # A cell on a slide says the status only: the evidence's years and sources are in the
    # slide's source line, the full cell on the tracker page.
    view = View(
        "tracker",
        tv.heading,
        tv.sources,
        tv.years,
        table=(tv.status_header, tv.status_rows),
        rejected=rejected,
    )
    view.notes.append(tv.legend)
    return view


def flows(data: Dataset, loc: Locale, query: Mapping[str, str]) -> View:
    from dashboard.charts.flowimage import flow_map_png

    state, rejected = views_flows.FlowsState.read(data, query)
    fv = views_flows.build(data, loc, state)
    view = View(
        "flows",
        fv.heading,
        fv.sources,
        fv.years,
        deck=fv.deck(static_url(fv.land)),
        rejected=rejected,
    )
    view.deck_over = fv.deck
    view.deck_key = fv.key(hover=False)
    view.map_image = lambda: flow_map_png(fv.lines, fv.legs, fv.places, fv.width_scale)
    view.map_key = fv.picture_key()
    view.notes += fv.notes
    return view


def steps(data: Dataset, slides) -> list:
    """A deck's slides as the presenter steps through them: a flows slide that plays its
    years (`play=on`, as the page was when the view was added) is a step per year, the same
    view at each of its years in turn, all on one scale; any other slide is one step."""
    out = []
    for slide in slides:
        query = slide.query
        if slide.page == "flows" and query.get("play") == "on":
            state, _ = views_flows.FlowsState.read(data, query)
            first, last = sorted((state.first, state.last))
            if last > first:
                kept = tuple((k, v) for k, v in slide.view if k not in ("year", "play"))
                out += [
                    replace(slide, view=(*kept, ("year", str(year))))
                    for year in range(first, last + 1)
                ]
                continue
        out.append(slide)
    return out


BUILDERS: dict[str, Callable[[Dataset, Locale, Mapping[str, str]], View]] = {
    "overview": overview,
    "compare": compare,
    "profile": profile,
    "flows": flows,
    "trends": trends,
    "tracker": tracker,
}


def build(data: Dataset, loc: Locale, page: str, query: Mapping[str, str]) -> View:
    return BUILDERS[page](data, loc, query)
