"""One saved view (a page and its URL state) as a slide: what it shows, drawn once.

Each page's view reads the page's own URL parameters with the page's own declarations (an
unusable one falls back to its default and is named in `rejected`) and uses the page's own
computations, so a slide shows the figures the page shows. A `View` carries the chart for the
screen and for images (plotly), the same numbers for a native PowerPoint chart (`Series`), a
table, or a flow map (pydeck on screen, an image made on the server for exports).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from dashboard import config
from dashboard.catalogue import catalogue
from dashboard.charts.compare import ranked_bars
from dashboard.charts.trends import trend_figure
from dashboard.dataset import Dataset
from dashboard.i18n import Locale
from dashboard.metrics import tracker as trk
from dashboard.metrics import trends as m
from dashboard.metrics.overview import CORE, members
from dashboard.pages import overview as overview_page
from dashboard.pages import profile as profile_page
from dashboard.pages import tracker as tracker_page
from dashboard.pages import trends as trends_page
from dashboard.ui import state
from dashboard.ui.data import rules as load_rules
from dashboard.ui.data import static_url
from dashboard.views import compare as views_compare
from dashboard.views import flows as views_flows


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
    deck_key: str = ""  # the map's key, as HTML
    map_image: Callable[[], bytes] | None = None  # the map as a PNG, for exports
    notes: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.deck is not None:
            return "map"
        return "chart" if self.figure is not None else "table"


def source_text(data: Dataset, loc: Locale, view: View) -> str:
    """The source line of a view: its sources and the years it covers (as the page says it)."""
    return catalogue(data, loc).source_text(view.sources, view.years)


def _names(data: Dataset, loc: Locale) -> dict[str, str]:
    return dict(zip(data.countries.iso3, data.countries[f"name_{loc.lang}"], strict=True))


def _catalogue(data: Dataset, loc: Locale) -> pd.Series:
    return data.indicators.set_index("indicator")[f"name_{loc.lang}"]


def _read(query: Mapping[str, str], params) -> tuple[dict, list[str]]:
    return state.parse(query, list(params))


def _exact(frame: pd.DataFrame) -> pd.Series:
    """The figure where it is exact; NaN where withheld (a range: the value is left empty)."""
    return frame.value


def _line_series(frame, keys, labels, years, axis_title, decimals) -> Series:
    series = []
    for key in keys:
        mine = frame[frame.iso3 == key]
        by_year = dict(zip(mine.year, _exact(mine), strict=True))
        values = [by_year.get(y) for y in years]
        series.append((labels[key], [None if pd.isna(v) else float(v) for v in values]))
    return Series("line", [str(y) for y in years], series, axis_title, decimals)


def overview(data: Dataset, loc: Locale, query: Mapping[str, str]) -> View:
    values, rejected = _read(query, [overview_page.GROUP])
    names = _names(data, loc)
    group = values["group"]
    iso3s = sorted(members(data.countries, group), key=names.get)
    header, body, notes, years = overview_page.latest_rows(loc, data, iso3s, names)
    numbered = [f"{loc.number(i + 1)}. {n}" for i, n in enumerate(notes)]
    return View(
        "overview",
        loc.t("present.heading_overview", group=loc.t(f"group.{group}")),
        [overview_page.SOURCE],
        years,
        table=(header, body),
        notes=numbered,
        rejected=rejected,
    )


def compare(data: Dataset, loc: Locale, query: Mapping[str, str]) -> View:
    state, rejected = views_compare.CompareState.read(data, query)
    cv = views_compare.build(data, loc, state)
    view = View("compare", cv.heading, cv.sources, cv.years, rejected=rejected)
    view.notes += [text for text in (cv.missing_text,) if text]
    cat = catalogue(data, loc)
    shown = cv.ranked[~cv.ranked.missing]
    if not cv.bars:
        indicator = cat.indicators[state.indicator]
        view.table = (
            [loc.t("trends.col_country"), indicator, loc.t("trends.col_year")],
            [
                [cat.name(r.iso3), cv.categories.get(r.code, r.code), loc.year(r.year)]
                for r in shown.itertuples()
            ],
        )
        return view
    view.figure = ranked_bars(cv.ranked, dict(cat.names), loc, cv.decimals, cv.unit)
    view.series = Series(
        "bar",
        [cat.name(i) for i in shown.iso3],
        [
            (
                cat.indicators[state.indicator],
                [None if pd.isna(v) else float(v) for v in _exact(shown)],
            )
        ],
        cv.unit,
        cv.decimals or 0,
    )
    view.notes += [text for text in (cv.withheld_text,) if text]
    return view


def trends(data: Dataset, loc: Locale, query: Mapping[str, str]) -> View:
    convicted = m.totals(data.observations, data.countries.iso3, "persons_convicted")
    all_years = sorted(set(convicted.year))
    lo, hi = all_years[0], all_years[-1]
    names = _names(data, loc)
    forum = tuple(sorted(members(data.countries, "forum"), key=names.get))
    p = trends_page.params(convicted, lo, hi, forum)
    values, rejected = _read(query, p.values())
    iso3s = list(values["countries"])
    series, how, base = values["series"], values["measure"], values["base"]
    first, last = sorted((values["from"], values["to"]))
    years = list(range(first, last + 1))
    frame, _ = m.measure(data.observations, iso3s, series, how, base)
    frame = frame[frame.year.between(first, last)]
    region = None
    labels = dict(names)
    keys = [i for i in iso3s if i in set(frame.iso3)]
    if values["region"] != "none" and values["layout"] == "single":
        region = m.regional(data.observations, iso3s, series, how, values["region"], base)
        region = region[region.year.between(first, last)]
    decimals = trends_page.DECIMALS[how]
    label = loc.t(f"trends.measure_{how}")
    heading = loc.t(
        "present.heading_trends",
        series=_catalogue(data, loc)[series],
        measure=label,
        years=loc.years(first, last),
    )
    sources = [trends_page.SOURCE] + (["worldbank_population"] if how == "per100k" else [])
    view = View("trends", heading, sources, years, rejected=rejected)
    if frame.empty:
        view.notes.append(loc.t("trends.no_data"))
        return view
    view.figure = trend_figure(
        frame,
        keys,
        names,
        years,
        loc,
        y_title=label,
        decimals=decimals,
        multiples=values["layout"] == "multiples",
        shared=values["scales"] == "shared",
        region=region,
    )
    view.series = _line_series(frame, keys, labels, years, label, decimals)
    if region is not None and not region.empty:
        by_year = dict(zip(region.year, region.value, strict=True))
        view.series.series.append(
            (
                loc.t("present.region_line"),
                [None if pd.isna(by_year.get(y)) else float(by_year[y]) for y in years],
            )
        )
    flagged = frame[frame.status == "flagged"]
    if not flagged.empty:
        note = f"note_{loc.lang}" if f"note_{loc.lang}" in flagged.columns else "note"
        said = []
        for iso3, rows in flagged.groupby("iso3", sort=False):
            why = next((n for n in rows[note].fillna("") if n), "") or next(
                (n for n in rows["note"].fillna("") if n), ""
            )
            said.append(f"{names[iso3]} ({why})" if why else names[iso3])
        view.notes.append(loc.t("present.flagged", countries=loc.t("flows.list_sep").join(said)))
    return view


def profile(data: Dataset, loc: Locale, query: Mapping[str, str]) -> View:
    names, catalogue = _names(data, loc), _catalogue(data, loc)
    countries = data.countries[data.countries.entity == "country"].iso3
    known = sorted(set(data.observations.iso3.unique()) & set(countries), key=names.get)
    values, rejected = _read(query, [state.Choice("country", "BHR", tuple(known))])
    iso3 = values["country"]
    frame, years = profile_page.ten_year_frame(data, iso3)
    heading = loc.t("present.heading_profile", country=names[iso3])
    view = View("profile", heading, ["unodc_glotip"], years, rejected=rejected)
    if frame.empty:
        view.notes.append(loc.t("profile.none"))
        return view
    labels = {i: catalogue[i] for i in CORE}
    axis = loc.t("trends.measure_absolute")
    view.figure = trend_figure(frame, list(CORE), labels, years, loc, y_title=axis, decimals=0)
    view.series = _line_series(frame, list(CORE), labels, years, axis, 0)
    return view


def profile_pages(data: Dataset, loc: Locale, iso3: str) -> list[View]:
    """A country profile as pages (for its PDF): headline figures, ten years, recommendations."""
    names, catalogue = _names(data, loc), _catalogue(data, loc)
    header, body, years = profile_page.headline_rows(loc, data, iso3, catalogue)
    country = names[iso3]
    pages = [
        View(
            "profile",
            loc.t("present.profile_headline", country=country),
            ["unodc_glotip"],
            years,
            table=(header, [list(r) for r in body]),
        ),
        profile(data, loc, {"country": iso3}),
    ]
    found, _problem = profile_page.recommendation_rows(loc, data, iso3)
    if found is not None:
        header, rows, sources = found
        pages.append(
            View(
                "profile",
                loc.t("present.profile_recs", country=country),
                sources,
                [],
                table=(header, [list(r) for r in rows]),
            )
        )
    return pages


def _status(row, loc: Locale) -> str:
    """A tracker cell on a slide: the status (symbol and word) only; the evidence's year and
    source are in the slide's source line, the full cell on the tracker page."""
    text = loc.t(f"tracker.status_{row.status}")
    return text if row.status == "unknown" or row.complete else text + " *"


def tracker(data: Dataset, loc: Locale, query: Mapping[str, str]) -> View:
    names = _names(data, loc)
    rules, problem = load_rules(config.rules_path(), data)
    if problem:
        raise ValueError(problem)
    p = tracker_page.params(data, rules, names)
    values, rejected = _read(query, p.values())
    iso3s = list(values["countries"])
    negative = set(data.indicators[data.indicators.higher_is == "worse"].indicator)
    frame = trk.matrix(data.measures, rules, iso3s, negative)
    header = [loc.t("tracker.country")] + [tracker_page.rec_label(r, loc) for r in rules]
    body = []
    for iso3, group in frame.groupby("iso3", sort=False):
        cells = {row.recommendation: row for row in group.itertuples()}
        body.append([names[iso3]] + [_status(cells[r.recommendation], loc) for r in rules])
    sources = sorted(set(data.measures[data.measures.iso3.isin(iso3s)].source))
    view = View(
        "tracker",
        loc.t("present.heading_tracker"),
        sources,
        sorted({int(y) for y in frame.year.dropna()}),  # the evidence's years
        table=(header, body),
        rejected=rejected,
    )
    view.notes.append(loc.t("tracker.legend"))
    return view


def flows(data: Dataset, loc: Locale, query: Mapping[str, str]) -> View:
    from dashboard.present.mapimage import flow_map_png

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
    view.deck_key = fv.key(hover=False)
    view.map_image = lambda: flow_map_png(fv.corridors, fv.legs, fv.places, fv.width_scale)
    view.notes += fv.notes
    return view


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
