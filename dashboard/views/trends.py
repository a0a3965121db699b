"""Conviction trends: measures over time with the regional line and events, the change figures,
the funnel of one year and the breakdowns of one country. The page and its slide both draw a
`TrendsView`; each section is a sub-view that depends on its own selections."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go

from dashboard.catalogue import Catalogue, catalogue
from dashboard.charts.trends import breakdown_figure, funnel_figure, trend_figure
from dashboard.dataset import Dataset
from dashboard.i18n import Locale
from dashboard.metrics import trends as m
from dashboard.metrics.memo import shared
from dashboard.metrics.overview import members
from dashboard.views import exports as ex
from dashboard.views import headline as hl
from dashboard.views.params import Choice, Codes, Number, ViewState, parse

# Decimals of each measure other than the count itself (a count has its indicator's own).
DECIMALS = {"per100k": 2, "ratio": 2, "per_victims": 1, "index": 0}
# Measures whose withheld counts make ranges too wide to draw (a quarter to four for a ratio).
RANGES_NOT_DRAWN = ("ratio", "per_victims")
# Measures in place that are events on the timeline, where the source says "yes".
EVENT_MEASURES = ("gsi_m1321", "gsi_m2311", "gsi_m3111")
MAX_COUNTRIES = 12


@shared
def facts(dataset: Dataset) -> tuple:
    """The countries that reported any convictions, the years of convictions (first, last),
    the forum's members in the order of their English names, and the index's base year: the
    earliest year in which the most members have an exact figure (an index needs one in its
    base year, and a year nobody reported draws no line at all). Once per dataset."""
    convicted = m.totals(dataset.observations, dataset.countries.iso3, "persons_convicted")
    years = sorted(int(y) for y in set(convicted.year))
    lo, hi = (years[0], years[-1]) if years else (2000, 2000)
    english = dict(zip(dataset.countries.iso3, dataset.countries.name_en, strict=True))
    forum = tuple(sorted(members(dataset.countries, "forum"), key=english.get))
    exact = convicted[convicted.iso3.isin(forum) & convicted.value.notna()]
    reporting = exact.groupby(exact.year.astype(int)).iso3.nunique()
    base = int(reporting[reporting == reporting.max()].index.min()) if len(reporting) else lo
    return tuple(sorted(set(convicted.iso3))), lo, hi, forum, base


@dataclass(frozen=True)
class TrendsState(ViewState):
    countries: tuple[str, ...]
    series: str
    measure: str
    base: int
    first: int  # parameter "from"
    last: int  # parameter "to"
    layout: str
    scales: str
    region: str
    events: str
    funnel_year: int
    b_indicator: str
    by: str
    stack: str
    focus: str = ""  # the breakdown's country, one of `countries` ("": the first)

    @classmethod
    def declare(cls, dataset: Dataset) -> dict:
        codes, lo, hi, forum, base = facts(dataset)
        return {
            "countries": Codes("countries", forum, frozenset(codes), MAX_COUNTRIES),
            "series": Choice("series", "persons_convicted", m.SERIES),
            "measure": Choice("measure", "absolute", m.MEASURES),
            "base": Number("base", base, lo, hi),
            "first": Number("from", lo, lo, hi),
            "last": Number("to", hi, lo, hi),
            "layout": Choice("layout", "single", ("single", "multiples")),
            "scales": Choice("scales", "shared", ("shared", "free")),
            "region": Choice("region", "none", m.RULES),
            "events": Choice("events", "off", ("off", "on")),
            "funnel_year": Number("funnel_year", hi, lo, hi),
            "b_indicator": Choice("b_indicator", "victims_detected", m.SERIES[::2]),
            "by": Choice("by", "form", m.BREAKDOWNS),
            "stack": Choice("stack", "stacked", ("stacked", "percent")),
        }

    def declare_focus(self) -> dict:
        """The breakdown's country: one of the countries chosen (so declared once they are)."""
        chosen = tuple(self.countries)
        return {"focus": Choice("focus", chosen[0] if chosen else "", chosen)}

    @classmethod
    def read(cls, dataset: Dataset, query) -> tuple[TrendsState, list[str]]:
        state, rejected = super().read(dataset, query)
        focus = state.declare_focus()
        values, wrong = parse(query, list(focus.values()))
        return replace(state, focus=values["focus"]), rejected + wrong

    @property
    def span(self) -> tuple[int, int]:
        """The chosen years, in order whichever way they were chosen."""
        first, last = sorted((self.first, self.last))
        return first, last

    @property
    def asks_scales(self) -> bool:
        """Scales are a choice only with one panel per country."""
        return self.layout == "multiples"

    @property
    def asks_base(self) -> bool:
        """A base year is a choice only for the index."""
        return self.measure == "index"


@dataclass(frozen=True)
class Trend:
    """The chosen measure over the chosen years, one line per country (or one panel each)."""

    heading: str  # what it shows, as a slide says it
    headline: str  # each country's latest figure: the highest and lowest, before the chart
    explain: str
    span_text: str  # the years drawn, when fewer than those chosen; "" when all
    undrawn_text: str  # the ranges a ratio has but the chart does not draw; "" when none
    left_out_text: str  # the countries with no index, "" when none
    empty_text: str  # "" when there is something to draw
    region_text: str  # why the regional line is not drawn, "" when it is or is not asked
    frame: pd.DataFrame  # metrics.trends.measure within the chosen years, as drawn
    iso3s: list[str]  # the countries drawn, in the chosen order
    names: dict[str, str]
    years: list[int]  # the time axis (on to the last event when events are shown)
    region: pd.DataFrame | None  # metrics.trends.regional, where asked and drawn
    region_label: str
    events: list[tuple[int, str]]  # one label per year, as the chart writes them
    events_rows: list[tuple[str, str]]  # (year, event) for the table of events
    y_title: str
    decimals: int
    multiples: bool
    shared: bool
    series: list[tuple[str, list[float | None]]]  # exact figures by year; None: gap or range
    flagged: list[tuple[str, str]]  # (country, its note) for each country with a flagged figure
    flagged_text: str  # "" when none
    notes_rows: list[tuple[str, str]]  # (country, note) for each note of a flagged figure
    sources: list[str]
    source_text: str
    table: pd.DataFrame  # the figures as downloaded
    file_name: str
    locale: Locale

    def figure(self) -> go.Figure:
        """The chart: built once per trend and shared by every session (read it only)."""
        return _trend_figure(self)


@dataclass(frozen=True)
class Changes:
    """Change since the previous reported year and average annual change, per country."""

    header: list[str]
    rows: list[tuple[str, str, str]]


@dataclass(frozen=True)
class Funnel:
    """Detection to conviction in one year, per chosen country."""

    year: int
    frame: pd.DataFrame  # metrics.trends.funnel
    iso3s: list[str]
    names: dict[str, str]
    stages: dict[str, str]  # stage -> its name, the stages drawn
    unreported_text: str  # the stages no chosen country reported that year, "" when none
    sources: list[str]
    source_text: str
    table: pd.DataFrame
    file_name: str
    locale: Locale

    def figure(self) -> go.Figure:
        """The chart: built once per funnel and shared by every session (read it only)."""
        return _funnel_figure(self)


@dataclass(frozen=True)
class Breakdown:
    """The parts of one figure of one country over the chosen years."""

    iso3: str
    indicator: str
    empty_text: str  # "" when the country reported this split
    frame: pd.DataFrame  # metrics.trends.breakdown within the chosen years
    categories: dict[str, str]  # code -> label
    years: list[int]  # the years with parts
    percent: bool
    y_title: str
    caution: str  # the years whose parts exceed the total, "" when none
    withheld_text: str  # the parts withheld (1-4), "" when none
    sources: list[str]
    source_text: str
    table: pd.DataFrame
    file_name: str
    locale: Locale

    def figure(self) -> go.Figure:
        """The chart: built once per breakdown and shared by every session (read it only)."""
        return _breakdown_figure(self)


@shared
def _trend_figure(trend: Trend) -> go.Figure:
    return trend_figure(
        trend.frame,
        trend.iso3s,
        trend.names,
        trend.years,
        trend.locale,
        y_title=trend.y_title,
        decimals=trend.decimals,
        multiples=trend.multiples,
        shared=trend.shared,
        region=trend.region,
        events=trend.events,
    )


@shared
def _funnel_figure(funnel: Funnel) -> go.Figure:
    return funnel_figure(funnel.frame, funnel.iso3s, funnel.names, funnel.stages, funnel.locale)


@shared
def _breakdown_figure(part: Breakdown) -> go.Figure:
    return breakdown_figure(
        part.frame,
        part.categories,
        part.years,
        part.locale,
        percent=part.percent,
        y_title=part.y_title,
    )


@dataclass(frozen=True)
class TrendsView:
    state: TrendsState
    trend: Trend
    changes: Changes | None  # None where there is no figure to change
    funnel: Funnel
    breakdown: Breakdown

    # The slide's view of the page: the trend chart.
    @property
    def heading(self) -> str:
        return self.trend.heading

    @property
    def sources(self) -> list[str]:
        return self.trend.sources

    @property
    def years(self) -> list[int]:
        return self.trend.years

    @property
    def source_text(self) -> str:
        return self.trend.source_text


def status_column(cat: Catalogue, statuses: pd.Series) -> pd.Series:
    """Each figure's status in the reader's words, as a download says it."""
    return statuses.map(lambda s: cat.locale.t(f"trends.status_{s}"))


def _signed(loc: Locale, value: float, decimals: int) -> str:
    text = loc.number(abs(value), decimals)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def _merge(marks: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """One label per year on the chart: labels of the same year joined."""
    by_year: dict[int, list[str]] = {}
    for year, text in marks:
        by_year.setdefault(year, []).append(text)
    return [
        (y, " · ".join(texts) if len(texts) < 3 else f"{texts[0]} (+{len(texts) - 1})")
        for y, texts in sorted(by_year.items())
    ]


def _events(dataset: Dataset, cat: Catalogue, iso3s, first: int, last: int) -> list:
    """The forum's editions and the measures in place of the countries drawn, by year."""
    t, loc = cat.locale.t, cat.locale
    found = []
    for e in dataset.editions.itertuples():
        if first <= e.year <= last:
            city = getattr(e, cat.col("city"))
            found.append((int(e.year), t("trends.event_edition", city=city, year=loc.year(e.year))))
    measures = dataset.measures
    measures = measures[
        measures.iso3.isin(iso3s)
        & measures.measure.isin(EVENT_MEASURES)
        & (measures.status == "yes")
    ]
    for r in measures.drop_duplicates(["iso3", "measure", "year"]).itertuples():
        if first <= r.year <= last:
            text = t(
                "trends.event_measure",
                country=cat.name(r.iso3),
                measure=cat.indicators.get(r.measure, r.measure),
                source=cat.citation([r.source]),
            )
            found.append((int(r.year), text))
    return found


def _latest(lines: list[tuple[str, list[float | None]]], years: list[int]) -> list[tuple]:
    """(name, figure, year) of each line's latest exact figure; lines with none left out."""
    found = []
    for name, values in lines:
        known = [(y, v) for y, v in zip(years, values, strict=True) if v is not None]
        if known:
            found.append((name, known[-1][1], known[-1][0]))
    return found


def note_column(cat: Catalogue) -> str:
    """The frames' note in the reader's language: `note` (English) or `note_ar`."""
    return "note" if cat.locale.lang == "en" else cat.col("note")


def _flagged(cat: Catalogue, frame: pd.DataFrame, iso3s: list[str]) -> list[tuple[str, str]]:
    """Each country with a flagged figure and its note, in the reader's language where there
    is one (the English note otherwise; "" when the source gave none)."""
    note = note_column(cat)
    flagged = frame[frame.status == "flagged"]
    said = []
    for iso3 in iso3s:
        rows = flagged[flagged.iso3 == iso3]
        if rows.empty:
            continue
        why = next((n for n in rows[note].fillna("") if n), "") or next(
            (n for n in rows["note"].fillna("") if n), ""
        )
        said.append((cat.name(iso3), why))
    return said


def _export(
    dataset: Dataset, cat: Catalogue, frame: pd.DataFrame, note: str, state: TrendsState
) -> pd.DataFrame:
    return figures_table(dataset, cat, frame, note, state.series, state.measure, state.base)


def figures_table(
    dataset: Dataset,
    cat: Catalogue,
    frame: pd.DataFrame,
    note: str,
    series: str,
    how: str = "absolute",
    base: int | None = None,
) -> pd.DataFrame:
    """A trend as downloaded (`frame` as `metrics.trends.measure` gives it, `note` its note
    column in the reader's language): each figure with what it is (indicator, measure,
    unit), its year and the sources it was made from; whole numbers written whole."""
    t = cat.locale.t
    rule = m.formula(how, series)
    decimals = 4 if how != "absolute" else cat.decimals(rule.numerator)
    table = pd.DataFrame(
        {
            "iso3": frame.iso3,
            t("trends.col_country"): frame.iso3.map(cat.name),
            **ex.described(
                cat,
                len(frame),
                cat.indicators[rule.numerator],
                t(f"trends.measure_{how}"),
                ex.unit(cat, rule.numerator, how, base),
            ),
            t("trends.col_year"): frame.year.astype("Int64"),
            t("trends.col_value"): ex.numbers(frame.value, decimals),
            t("trends.col_lower"): ex.numbers(frame.lower, decimals),
            t("trends.col_upper"): ex.numbers(frame.upper, decimals),
            t("trends.col_status"): status_column(cat, frame.status),
            t("compare.col_source"): ex.cited(
                cat,
                *(
                    ex.row_sources(dataset, list(frame.iso3), list(frame.year), i)
                    for i in (rule.numerator, rule.denominator)
                ),
            ),
            t("trends.col_note"): frame[note],
        }
    )
    return table.sort_values(["iso3", t("trends.col_year")]).reset_index(drop=True)


def _trend(dataset: Dataset, cat: Catalogue, state: TrendsState) -> Trend:
    t, loc = cat.locale.t, cat.locale
    iso3s, series, how, base = list(state.countries), state.series, state.measure, state.base
    first, last = state.span
    years = list(range(first, last + 1))
    frame, left_out = m.measure(dataset.observations, iso3s, series, how, base)
    frame = frame[frame.year.between(first, last)]
    label = t(f"trends.measure_{how}")
    decimals = cat.decimals(series) if how == "absolute" else DECIMALS[how]
    rule = m.formula(how, series)
    sources = list(dict.fromkeys(cat.source(i) for i in (rule.numerator, rule.denominator) if i))
    region, region_text = None, ""
    if not frame.empty and state.region != "none" and state.layout == "single":
        region = m.regional(dataset.observations, iso3s, series, how, state.region, base)
        region = region[region.year.between(first, last)]
        if region.empty and state.region == "complete":
            region_text = t(
                "trends.region_none_complete", first=loc.year(first), last=loc.year(last)
            )
    drawn = set(frame.iso3)
    shown = [i for i in iso3s if i in drawn]
    span_text = ""
    if not frame.empty:
        # The time axis runs over the years with a figure, not the empty years around them.
        figured = sorted(int(y) for y in set(frame.year))
        if (figured[0], figured[-1]) != (first, last):
            span_text = t(
                "trends.span_drawn",
                drawn=loc.years(figured[0], figured[-1]),
                chosen=loc.years(first, last),
            )
            first, last = figured[0], figured[-1]
            years = list(range(first, last + 1))
    drawn_frame, undrawn_text = frame, ""
    ranged = frame[frame.value.isna() & frame.lower.notna()]
    region_ranged = (
        region[region.value.isna()] if region is not None else pd.DataFrame(columns=["year"])
    )
    if how in RANGES_NOT_DRAWN and not (ranged.empty and region_ranged.empty):
        # A ratio of withheld counts runs from a quarter to four: drawn, such bars dwarfed
        # every ratio known. They are named instead (and kept in the table and download).
        drawn_frame = frame.drop(ranged.index)
        years_of = ranged.groupby("iso3").year.apply(sorted)
        said = [
            f"{cat.name(i)} ({cat.join(loc.year(int(y)) for y in years_of[i])})"
            for i in shown
            if i in years_of.index
        ]
        if not region_ranged.empty:
            region = region.drop(region_ranged.index)
            when = cat.join(loc.year(int(y)) for y in sorted(region_ranged.year))
            said.append(f"{t('trends.region_name')} ({when})")
        undrawn_text = t("trends.ranges_not_drawn", measure=label, countries=cat.join(said))
    marks = []
    if not frame.empty and state.events == "on":
        # Measures are dated by their evidence (e.g. GSI 2023), often after the last count:
        # the time axis then runs on to show them.
        latest = max([last, *(int(y) for y in dataset.measures.year)])
        marks = _events(dataset, cat, shown, state.span[0], latest)
        dated = [y for y, _ in marks]
        years = list(range(min([first, *dated]), max([last, *dated]) + 1))
    region_label = t("trends.region_name")
    lines = [(cat.name(i), m.exact_by_year(frame[frame.iso3 == i], years)) for i in shown]
    latest_figures = _latest(lines, years)
    if region is not None and not region.empty:
        lines.append((region_label, m.exact_by_year(region, years)))
    flagged = _flagged(cat, frame, shown)
    said = [f"{name} ({why})" if why else name for name, why in flagged]
    note = note_column(cat)
    with_notes = frame[(frame.status == "flagged") & (frame[note] != "")]
    heading = t(
        "present.heading_trends",
        series=cat.indicators[series],
        measure=label,
        years=loc.years(first, last),
    )
    what = t("headline.latest_each", heading=heading)
    headline = hl.extremes(loc, what, latest_figures, len(state.countries), decimals)
    return Trend(
        heading=heading,
        headline=headline,
        explain=t(f"trends.explain_{how}"),
        span_text=span_text,
        undrawn_text=undrawn_text,
        left_out_text=(
            t(
                "trends.left_out",
                countries=cat.join(cat.name(i) for i in left_out),
                year=loc.year(base),
            )
            if left_out
            else ""
        ),
        empty_text=t("trends.no_data") if frame.empty else "",
        region_text=region_text,
        frame=drawn_frame,
        iso3s=shown,
        names=dict(cat.names),
        years=years,
        region=region,
        region_label=region_label,
        events=_merge(marks),
        events_rows=[(loc.year(y), text) for y, text in sorted(marks)],
        y_title=label,
        decimals=decimals,
        multiples=state.layout == "multiples",
        shared=state.scales == "shared",
        series=lines,
        flagged=flagged,
        flagged_text=t("present.flagged", countries=cat.join(said)) if said else "",
        notes_rows=sorted({(cat.name(r.iso3), getattr(r, note)) for r in with_notes.itertuples()}),
        sources=sources,
        source_text=cat.source_text(sources, years),
        table=_export(dataset, cat, frame, note, state),
        file_name=f"trends-{series}-{how}.csv",
        locale=loc,
    )


def _changes(cat: Catalogue, trend: Trend, state: TrendsState) -> Changes | None:
    t, loc = cat.locale.t, cat.locale
    if trend.frame.empty:
        return None
    first, last = state.span
    decimals = trend.decimals
    rows = []
    for c in m.changes(trend.frame, trend.iso3s, first, last):
        latest = (
            t("trends.change_one")
            if c.last is None
            else t(
                "trends.change_last_value",
                value=_signed(loc, c.last[2], decimals),
                first=loc.year(c.last[0]),
                last=loc.year(c.last[1]),
            )
        )
        if c.average is None:
            average = t("trends.change_too_few", years=loc.years(first, last))
        else:
            average = t(
                "trends.change_average_value",
                value=_signed(loc, c.average[3], max(decimals, 1)),
                first=loc.year(c.average[0]),
                last=loc.year(c.average[1]),
                n=loc.number(c.average[2]),
            )
        rows.append((cat.name(c.iso3), latest, average))
    header = [t("trends.col_country"), t("trends.change_last"), t("trends.change_average")]
    return Changes(header, rows)


def _funnel(dataset: Dataset, cat: Catalogue, state: TrendsState) -> Funnel:
    t, loc = cat.locale.t, cat.locale
    iso3s, year = list(state.countries), state.funnel_year
    frame = m.funnel(dataset.observations, iso3s, year)
    stages = {s: cat.indicators[s] for s in m.STAGES if s in cat.indicators}  # those it lists
    # A stage none of the chosen countries reported that year is named under the chart, not
    # drawn as a row of "not reported" (where nothing at all was reported, every stage says so).
    unreported = [label for s, label in stages.items() if s not in set(frame.stage)]
    if frame.empty:
        unreported = []
    else:
        stages = {s: label for s, label in stages.items() if s in set(frame.stage)}
    sources = list(dict.fromkeys(cat.source(s) for s in stages))
    table = pd.DataFrame(
        {
            "iso3": frame.iso3,
            t("trends.col_country"): frame.iso3.map(cat.name),
            **ex.described(
                cat,
                len(frame),
                list(frame.stage.map(stages)),
                t("trends.measure_absolute"),
                "",
            ),
            t("trends.col_year"): pd.array([year] * len(frame), dtype="Int64"),
            t("trends.col_value"): ex.numbers(frame.value, 0),
            t("trends.col_lower"): ex.numbers(frame.lower, 0),
            t("trends.col_upper"): ex.numbers(frame.upper, 0),
            t("trends.col_status"): status_column(cat, frame.status),
            t("compare.col_source"): ex.cited(cat, list(frame.source)),
        }
    ).reset_index(drop=True)
    table[t("export.col_unit")] = [cat.units.get(s, "") for s in frame.stage]
    return Funnel(
        year=year,
        frame=frame,
        iso3s=iso3s,
        names=dict(cat.names),
        stages=stages,
        unreported_text=(
            t("trends.funnel_unreported", stages=cat.join(unreported), year=loc.year(year))
            if unreported
            else ""
        ),
        sources=sources,
        source_text=cat.source_text(sources, [year]),
        table=table,
        file_name=f"funnel-{year}.csv",
        locale=cat.locale,
    )


def whole_column(values: pd.Series) -> list:
    """A count column as written in a download: whole numbers whole, empty empty."""
    return ex.whole(values, 0)


def breakdown_table(
    cat: Catalogue, frame: pd.DataFrame, iso3: str, indicator: str, categories: dict[str, str]
) -> pd.DataFrame:
    """A country's parts of `indicator` (`metrics.trends.breakdown`) as downloaded: each part
    with what it is, its year, its figure or range and status, and its source."""
    t = cat.locale.t
    return pd.DataFrame(
        {
            "iso3": [iso3] * len(frame),
            t("trends.col_country"): [cat.name(iso3)] * len(frame),
            **ex.described(
                cat,
                len(frame),
                cat.indicators[indicator],
                t("trends.measure_absolute"),
                ex.unit(cat, indicator),
            ),
            t("trends.col_year"): pd.array(frame.year, dtype="Int64"),
            t("trends.breakdown_by"): frame.category.map(categories).to_numpy(),
            t("trends.col_value"): whole_column(frame.value),
            t("trends.col_lower"): whole_column(frame.lower),
            t("trends.col_upper"): whole_column(frame.upper),
            t("trends.col_status"): status_column(cat, frame.status).to_numpy(),
            t("compare.col_source"): ex.cited(cat, list(frame.source)),
        }
    )


def parts_exceed_text(dataset: Dataset, cat: Catalogue, iso3, indicator, by, years) -> str:
    """The caution beside a chart of a country's parts of `indicator` by `by`: the years whose
    parts add up to more than the reported total, as UNODC published them ("" when none)."""
    shown = set(years)
    over = [y for y in m.parts_exceed(dataset.observations, iso3, indicator, by) if y in shown]
    if not over:
        return ""
    return cat.locale.t("trends.parts_exceed", years=cat.join(cat.locale.year(y) for y in over))


def _breakdown(dataset: Dataset, cat: Catalogue, state: TrendsState) -> Breakdown:
    t, loc = cat.locale.t, cat.locale
    iso3 = state.focus if state.focus in state.countries else state.declare_focus()["focus"].default
    indicator, by = state.b_indicator, state.by
    first, last = state.span
    frame = m.breakdown(dataset.observations, iso3, indicator, by)
    frame = frame[frame.year.between(first, last)]
    categories = {c: t(f"split.{c}") for c in sorted(set(frame.category))}
    percent = state.stack == "percent"
    years = sorted(int(y) for y in set(frame.year))
    withheld = frame[frame.value.isna()]
    parts = cat.join(f"{categories[r.category]} {loc.year(r.year)}" for r in withheld.itertuples())
    sources = [cat.source(indicator)]
    table = breakdown_table(cat, frame, iso3, indicator, categories)
    return Breakdown(
        iso3=iso3,
        indicator=indicator,
        empty_text=t("trends.no_breakdown", country=cat.name(iso3)) if frame.empty else "",
        frame=frame,
        categories=categories,
        years=years,
        percent=percent,
        y_title=t("trends.percent_axis") if percent else cat.indicators[indicator],
        caution=parts_exceed_text(dataset, cat, iso3, indicator, by, years),
        withheld_text=t("trends.withheld_parts", parts=parts) if not withheld.empty else "",
        sources=sources,
        source_text=cat.source_text(sources, years),
        table=table,
        file_name=f"breakdown-{iso3}.csv",
        locale=loc,
    )


# The fields of the state each section reads: a section is built once per its own fields, so
# a change of the funnel's year builds the funnel again and hands out the trend and the
# breakdown already built (and their figures, `dashboard.views.drawn`).
TREND_FIELDS = (
    "countries", "series", "measure", "base", "first", "last", "layout", "scales", "region",
    "events",
)  # fmt: skip
FUNNEL_FIELDS = ("countries", "funnel_year")
BREAKDOWN_FIELDS = ("countries", "focus", "b_indicator", "by", "stack", "first", "last")


@shared
def _trend_part(dataset: Dataset, locale: Locale, state: TrendsState) -> Trend:
    return _trend(dataset, catalogue(dataset, locale), state)


@shared
def _funnel_part(dataset: Dataset, locale: Locale, state: TrendsState) -> Funnel:
    return _funnel(dataset, catalogue(dataset, locale), state)


@shared
def _breakdown_part(dataset: Dataset, locale: Locale, state: TrendsState) -> Breakdown:
    return _breakdown(dataset, catalogue(dataset, locale), state)


@shared
def build(dataset: Dataset, locale: Locale, state: TrendsState) -> TrendsView:
    """Everything the trends page and its slide show, for one state."""
    cat = catalogue(dataset, locale)
    trend = _trend_part(dataset, locale, state.keeping(TREND_FIELDS))
    return TrendsView(
        state=state,
        trend=trend,
        changes=_changes(cat, trend, state),
        funnel=_funnel_part(dataset, locale, state.keeping(FUNNEL_FIELDS)),
        breakdown=_breakdown_part(dataset, locale, state.keeping(BREAKDOWN_FIELDS)),
    )
