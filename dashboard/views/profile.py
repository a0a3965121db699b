"""Country profile: everything the dataset holds about one country (its latest figures, ten
years of the three counts, victims by form and by sex, corridors, the forum's recommendations,
external assessments and which years are reported). The page, its slide and its PDF all draw a
`ProfileView`.

The recommendations need the tracker's rules: whoever draws the view reads them (through
`dashboard.ui.files.rules`) and passes them in, or passes None where they are not wanted or
could not be read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.catalogue import Catalogue, catalogue
from dashboard.charts.trends import breakdown_figure, trend_figure
from dashboard.dataset import Dataset
from dashboard.i18n import Locale
from dashboard.metrics import tracker as trk
from dashboard.metrics import trends as m
from dashboard.metrics.memo import shared
from dashboard.metrics.overview import CORE, coverage, latest
from dashboard.metrics.tracker import Rule
from dashboard.views import exports as ex
from dashboard.views.params import Choice, ViewState
from dashboard.views.tracker import cell_text
from dashboard.views.trends import (
    breakdown_table,
    parts_exceed_text,
    status_column,
    whole_column,
)

HEADLINE = (*CORE, "persons_formal_contact", "offences")
GSI = (
    "gsi_prevalence",
    "gsi_victims_estimate",
    "gsi_vulnerability",
    "gsi_response_total",
    "gsi_response_survivors",
    "gsi_response_justice",
    "gsi_response_coordination",
    "gsi_response_risk",
    "gsi_response_supply_chains",
)
TIER = "tip_tier"
SPLIT_OF = "victims_detected"  # the indicator whose parts by form and by sex are drawn
SPLITS = (("form", "profile.forms_heading"), ("sex", "profile.sex_heading"))
FLOW_YEARS = 5
TOP = 10
TEN = 10
REPORTED = "reported"  # the status of a figure that is there


@shared
def known(dataset: Dataset) -> tuple[str, ...]:
    """The countries with figures, by code (once per dataset)."""
    countries = dataset.countries[dataset.countries.entity == "country"].iso3
    return tuple(sorted(set(dataset.observations.iso3.unique()) & set(countries)))


@dataclass(frozen=True)
class ProfileState(ViewState):
    country: str

    @classmethod
    def declare(cls, dataset: Dataset) -> dict:
        return {"country": Choice("country", "BHR", known(dataset))}


@dataclass(frozen=True)
class Table:
    """A table of text with its source line."""

    heading: str
    header: list[str]
    rows: list[list[str]]
    sources: list[str]
    years: list[int]
    source_text: str
    caption: str = ""  # said under the heading ("" when nothing)
    numeric: tuple[int, ...] = ()


@dataclass(frozen=True)
class Trend:
    """The three counts over the country's last ten years of figures."""

    heading: str
    frame: pd.DataFrame  # metrics.trends.measure, one 'iso3' per indicator
    keys: list[str]  # the indicators, in drawing order
    labels: dict[str, str]
    years: list[int]
    axis_title: str
    decimals: int
    sources: list[str]
    source_text: str
    series: list[tuple[str, list[float | None]]]  # exact figures by year; None: gap or range
    table: pd.DataFrame  # the chart's figures as downloaded
    file_name: str

    def figure(self, loc: Locale) -> go.Figure:
        """The chart, as the page, the slide and the PDF draw it: a new figure each call (the
        one sessions share is `views.drawn.profile_trend`)."""
        return trend_figure(
            self.frame,
            self.keys,
            self.labels,
            self.years,
            loc,
            y_title=self.axis_title,
            decimals=self.decimals,
        )


@dataclass(frozen=True)
class Split:
    """Victims detected by one split (form or sex), over time."""

    by: str
    heading: str
    frame: pd.DataFrame  # metrics.trends.breakdown
    categories: dict[str, str]
    years: list[int]
    axis_title: str
    caution: str  # the years whose parts add up to more than the total ("" when none)
    withheld_text: str  # the parts withheld (1-4), not drawn ("" when none)
    source_text: str
    table: pd.DataFrame  # the chart's figures as downloaded
    file_name: str

    def figure(self, loc: Locale) -> go.Figure:
        """The chart (a new figure each call; shared: `views.drawn.profile_split`)."""
        return breakdown_figure(
            self.frame, self.categories, self.years, loc, percent=False, y_title=self.axis_title
        )


@dataclass(frozen=True)
class ProfileView:
    state: ProfileState
    iso3: str
    name: str
    none: str  # what an empty section says
    slide_heading: str  # the ten-year slide's heading
    headline_heading: str  # the headline figures as a page of the PDF
    recs_page_heading: str  # the recommendations as a page of the PDF
    headline: Table
    trend: Trend | None  # None: no figures
    trends_heading: str
    splits: list[Split | tuple[str, str]]  # a split, or (by, heading) where there is none
    corridors: list[Table | str]  # a table, or the heading of a side with no flows
    recommendations: Table | None  # None: no rules given
    tiers: Table | None  # None: no tier
    tiers_heading: str
    tiers_caption: str
    gsi: Table | None  # None: no index figures
    gsi_heading: str
    coverage: pd.DataFrame
    coverage_years: list[int]
    letters: dict[str, str]
    coverage_heading: str
    coverage_source_text: str
    pdf_name: str


def _sources(frame: pd.DataFrame, cat: Catalogue, indicators: Sequence[str]) -> list[str]:
    """The sources of a frame's rows; the indicators' own sources where it has none."""
    found = sorted(set(frame.source)) if "source" in frame and not frame.empty else []
    return found or sorted({cat.source(i) for i in indicators})


def _headline(cat: Catalogue, dataset: Dataset, iso3: str) -> Table:
    t, loc = cat.locale.t, cat.locale
    # A dataset whose catalogue lacks one of these indicators shows the others.
    shown = [i for i in HEADLINE if i in cat.indicators]
    rows = latest(dataset.observations, [iso3], shown)
    by = rows.set_index("indicator")
    body = []
    for indicator in shown:
        if indicator not in by.index:
            body.append([cat.indicators[indicator], cat.figure_text(None, None, None, None), ""])
            continue
        r = by.loc[indicator]
        figure = cat.figure_text(r.value, r.lower, r.upper, r.status, cat.decimals(indicator))
        note = r[cat.col("note") if loc.rtl else "note"] or r.note
        body.append([cat.indicators[indicator], cat.with_year(figure, r.year), note])
    sources = _sources(rows, cat, shown)
    years = sorted(int(y) for y in set(rows.year))
    return Table(
        t("profile.headline_heading"),
        [t("compare.indicator"), t("trends.col_value"), t("trends.col_note")],
        body,
        sources,
        years,
        cat.source_text(sources, years or None),
        numeric=(1,),
    )


@shared
def ten_year_frame(dataset: Dataset, iso3: str) -> tuple[pd.DataFrame, list[int]]:
    """Detected, prosecuted and convicted (one 'iso3' per indicator) over the country's last
    ten years of figures, and those years; empty when none."""
    frames = []
    for indicator in CORE:
        frame, _ = m.measure(dataset.observations, [iso3], indicator, "absolute")
        frames.append(frame.assign(iso3=indicator))
    frame = pd.concat(frames, ignore_index=True)
    if frame.empty:
        return frame, []
    last = int(frame.year.max())
    years = list(range(last - TEN + 1, last + 1))
    return frame[frame.year.isin(years)].reset_index(drop=True), years


def _trend_table(cat: Catalogue, dataset: Dataset, iso3: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The ten years' counts as downloaded: each figure with its indicator, measure and unit,
    its year, figure or range and status, its source and note (`frame`: one 'iso3' per
    indicator, as `ten_year_frame` gives it)."""
    t, loc = cat.locale.t, cat.locale
    sources = pd.Series("", index=frame.index, dtype=object)
    for indicator in CORE:
        rows = frame.iso3 == indicator
        sources[rows] = ex.row_sources(
            dataset, [iso3] * int(rows.sum()), list(frame.year[rows]), indicator
        )
    notes = frame[cat.col("note")] if loc.rtl else frame["note"]
    table = pd.DataFrame(
        {
            "iso3": [iso3] * len(frame),
            t("trends.col_country"): [cat.name(iso3)] * len(frame),
            **ex.described(
                cat,
                len(frame),
                [cat.indicators[i] for i in frame.iso3],
                t("trends.measure_absolute"),
                "",
            ),
            t("trends.col_year"): pd.array(frame.year, dtype="Int64"),
            t("trends.col_value"): whole_column(frame.value),
            t("trends.col_lower"): whole_column(frame.lower),
            t("trends.col_upper"): whole_column(frame.upper),
            t("trends.col_status"): status_column(cat, frame.status).to_numpy(),
            t("compare.col_source"): ex.cited(cat, list(sources)),
            t("trends.col_note"): notes.fillna("").to_numpy(),
        }
    )
    table[t("export.col_unit")] = [ex.unit(cat, i) for i in frame.iso3]  # each its own
    return table


def _trend(cat: Catalogue, dataset: Dataset, iso3: str) -> Trend | None:
    frame, years = ten_year_frame(dataset, iso3)
    if frame.empty:
        return None
    sources = sorted({cat.source(i) for i in CORE})
    return Trend(
        cat.locale.t("profile.trends_heading"),
        frame,
        list(CORE),
        {i: cat.indicators[i] for i in CORE},
        years,
        cat.locale.t("trends.measure_absolute"),
        cat.decimals(CORE[0]),  # counts
        sources,
        cat.source_text(sources, years),
        [(cat.indicators[i], m.exact_by_year(frame[frame.iso3 == i], years)) for i in CORE],
        _trend_table(cat, dataset, iso3, frame),
        f"profile-{iso3}-trends.csv",
    )


def _splits(cat: Catalogue, dataset: Dataset, iso3: str) -> list:
    t, loc = cat.locale.t, cat.locale
    out: list = []
    sources = [cat.source(SPLIT_OF)]
    for by, heading in SPLITS:
        frame = m.breakdown(dataset.observations, iso3, SPLIT_OF, by)
        if frame.empty:
            out.append((by, t(heading)))
            continue
        categories = {c: t(f"split.{c}") for c in sorted(set(frame.category))}
        years = sorted(int(y) for y in set(frame.year))
        withheld = frame[frame.value.isna()]
        withheld_text = ""
        if not withheld.empty:
            parts = cat.join(
                f"{categories[r.category]} {loc.year(r.year)}" for r in withheld.itertuples()
            )
            withheld_text = t("trends.withheld_parts", parts=parts)
        out.append(
            Split(
                by,
                t(heading),
                frame,
                categories,
                years,
                t("trends.measure_absolute"),
                parts_exceed_text(dataset, cat, iso3, SPLIT_OF, by, years),
                withheld_text,
                cat.source_text(sources, years),
                breakdown_table(cat, frame, iso3, SPLIT_OF, categories),
                f"profile-{iso3}-by-{by}.csv",
            )
        )
    return out


def _top(flows: pd.DataFrame, key: str) -> pd.DataFrame:
    """The largest corridors (`low`, `high` summed over the years), by partner, largest first."""
    low = flows.victims.fillna(flows.lower)
    high = flows.victims.fillna(flows.upper)
    summed = (
        pd.DataFrame({"partner": flows[key], "low": low, "high": high}).groupby("partner").sum()
    )
    return summed.sort_values(["high", "low"], ascending=False).head(TOP)


def _corridor_rows(cat: Catalogue, summed: pd.DataFrame, stock) -> list[list[str]]:
    """The table's rows from the largest corridors (`_top`), with their migrants if `stock`."""
    rows = []
    for partner, r in summed.iterrows():
        # Summed over years: a number where every part is one, else the range of the sums.
        exact = r.low if r.low == r.high else None
        row = [cat.name(partner), cat.figure_text(exact, r.low, r.high, REPORTED)]
        if stock is not None:
            found = partner in stock.index
            row.append(
                cat.figure_text(
                    stock.victims.get(partner) if found else None,
                    None,
                    None,
                    REPORTED if found else None,
                )
            )
        rows.append(row)
    return rows


def _corridors(cat: Catalogue, dataset: Dataset, iso3: str) -> list:
    t, loc = cat.locale.t, cat.locale
    all_flows = dataset.flows
    flows = all_flows[
        (all_flows.kind == "detected_victims")
        & (all_flows.sex == "total")
        & (all_flows.age == "total")
        & (all_flows.form == "total")
    ]
    stock = all_flows[(all_flows.kind == "migrant_stock") & (all_flows.destination == iso3)]
    stock = stock[stock.year == stock.year.max()].set_index("origin") if not stock.empty else None
    out: list = []
    for heading, side, key, header in (
        ("profile.inflows_heading", "destination", "origin", "profile.col_origin"),
        ("profile.outflows_heading", "origin", "destination", "profile.col_destination"),
    ):
        mine = flows[(flows[side] == iso3) & (flows[key] != iso3)]
        if mine.empty:
            out.append(t(heading))
            continue
        first = int(mine.year.max()) - FLOW_YEARS + 1
        mine = mine[mine.year >= first]
        last = int(mine.year.max())
        columns = [t(header), t("profile.col_victims")]
        # Migrant numbers are a column (and promised in the caption) only where one of the
        # table's partners has them: for a table of "citizenship not stated" they would all
        # read "not reported".
        top = _top(mine, key)
        with_stock = (
            stock is not None and side == "destination" and bool(set(top.index) & set(stock.index))
        )
        if with_stock:
            columns.append(t("profile.col_migrants"))
        sources = sorted(set(mine.source))
        if with_stock:
            sources += [s for s in sorted(set(stock.source)) if s not in sources]
        out.append(
            Table(
                t(heading),
                columns,
                _corridor_rows(cat, top, stock if with_stock else None),
                sources,
                [],
                cat.source_text(sources),
                # Migrant numbers are promised only where the table has them.
                caption=t(
                    "profile.flows_caption_stock" if with_stock else "profile.flows_caption",
                    n=loc.number(FLOW_YEARS),
                    years=loc.years(first, last),
                    stock_year=loc.year(int(stock.year.max())) if with_stock else "",
                ),
                numeric=(1, 2),
            )
        )
    return out


def _recommendations(cat: Catalogue, dataset: Dataset, iso3: str, rules) -> Table:
    t, loc = cat.locale.t, cat.locale
    negative = {i for i, h in cat.higher_is.items() if h == "worse"}
    frame = trk.matrix(dataset.measures, list(rules), [iso3], negative)
    titles = {r.recommendation: getattr(r, f"title_{loc.lang}") for r in rules}
    rows = [
        [
            loc.digits_of(r.recommendation) if r.recommendation.isdigit() else "",
            titles[r.recommendation],
            cell_text(r, cat),
        ]
        for r in frame.itertuples()
    ]
    measures = dataset.measures
    sources = sorted(set(measures[measures.iso3 == iso3].source)) or sorted(
        {cat.source(i) for r in rules for i in r.measures}
    )
    return Table(
        t("profile.recs_heading"),
        ["#", t("tracker.recommendation"), t("tracker.col_status")],
        rows,
        sources,
        [],
        cat.source_text(sources),
    )


def _tiers(cat: Catalogue, obs: pd.DataFrame) -> Table | None:
    t, loc = cat.locale.t, cat.locale
    tiers = obs[obs.indicator == TIER].sort_values("year")
    if tiers.empty:
        return None
    label = cat.categories.get(TIER, {})
    sources = sorted(set(tiers.source))
    years = sorted(int(y) for y in set(tiers.year))
    return Table(
        t("profile.tiers_heading"),
        [t("trends.col_year"), cat.indicators[TIER], t("compare.col_source")],
        [
            [loc.year(r.year), label.get(r.value, ""), cat.citation([r.source])]
            for r in tiers.itertuples()
        ],
        sources,
        years,
        "",  # each row says its source
        caption=t("profile.tiers_caption"),
    )


def _gsi(cat: Catalogue, obs: pd.DataFrame) -> Table | None:
    t, loc = cat.locale.t, cat.locale
    rows = obs[obs.indicator.isin(GSI)]
    if rows.empty:
        return None
    by = rows.set_index("indicator")
    sources = _sources(rows, cat, GSI)
    years = sorted(int(y) for y in set(rows.year))
    return Table(
        t("profile.gsi_heading"),
        [t("compare.indicator"), t("trends.col_value"), t("profile.col_unit")],
        [
            [cat.indicators[i], loc.number(by.loc[i, "value"], cat.decimals(i)), cat.units[i]]
            for i in GSI
            if i in by.index
        ],
        sources,
        years,
        cat.source_text(sources, years),
        caption=t("profile.gsi_scale"),
        numeric=(1,),
    )


@shared
def build(
    dataset: Dataset,
    locale: Locale,
    state: ProfileState,
    rules: Sequence[Rule] | None = None,
) -> ProfileView:
    """Everything the profile page, its slide and its PDF show, for one country; the
    recommendations where the tracker's rules are given."""
    cat = catalogue(dataset, locale)
    t = locale.t
    iso3 = state.country
    name = cat.name(iso3)
    obs = dataset.observations[dataset.observations.iso3 == iso3]
    grid, coverage_years = coverage(dataset.observations, [iso3])
    return ProfileView(
        state=state,
        iso3=iso3,
        name=name,
        none=t("profile.none"),
        slide_heading=t("present.heading_profile", country=name),
        headline_heading=t("present.profile_headline", country=name),
        recs_page_heading=t("present.profile_recs", country=name),
        headline=_headline(cat, dataset, iso3),
        trend=_trend(cat, dataset, iso3),
        trends_heading=t("profile.trends_heading"),
        splits=_splits(cat, dataset, iso3),
        corridors=_corridors(cat, dataset, iso3),
        recommendations=None if rules is None else _recommendations(cat, dataset, iso3, rules),
        tiers=_tiers(cat, obs),
        tiers_heading=t("profile.tiers_heading"),
        tiers_caption=t("profile.tiers_caption"),
        gsi=_gsi(cat, obs),
        gsi_heading=t("profile.gsi_heading"),
        coverage=grid,
        coverage_years=coverage_years,
        letters={i: t(f"overview.letter_{i}") for i in CORE},
        coverage_heading=t("profile.coverage_heading"),
        coverage_source_text=cat.source_text(sorted({cat.source(i) for i in CORE}), coverage_years),
        pdf_name=f"profile-{iso3}-{locale.lang}-v{dataset.version}.pdf",
    )
