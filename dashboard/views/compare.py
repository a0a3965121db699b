"""Compare countries: one indicator across a peer group (a year, or each country's latest), on
a map, ranked and in a table; and a scorecard of several indicators for a few countries, with
their trends. The page and its slide both draw a `CompareView`."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from dashboard.catalogue import Catalogue, catalogue
from dashboard.charts.compare import ranked_spans, step_labels
from dashboard.charts.trends import trend_figure
from dashboard.dataset import Dataset
from dashboard.i18n import Locale
from dashboard.metrics import compare as cmp
from dashboard.metrics import trends as m
from dashboard.metrics.memo import shared
from dashboard.views import exports as ex
from dashboard.views import headline as hl
from dashboard.views.params import Choice, Codes, ViewState
from dashboard.views.trends import figures_table, note_column

DECIMALS = {"per100k": 2, "per_victims": 1, "ratio": 2}
SIDE_DEFAULT = ("BHR", "SAU", "ARE", "QAT")
SIDE_TRENDS = ("persons_convicted",)
INDICATOR_DEFAULT = "persons_convicted"
EXTENTS = ("region", "world")
# The scorecard's rows: indicators whose figures can be ranked or read against each other.
SCORED = ("count", "rate", "score", "category")


@shared
def facts(dataset: Dataset) -> tuple:
    """Indicators with figures, their years (newest first) and the country codes; and the
    indicators that are counts. Once per dataset."""
    obs, indicators = dataset.observations, dataset.indicators
    present = set(obs.indicator.unique())
    kinds = indicators.set_index("indicator")["kind"]
    observed = tuple(i for i in indicators.indicator if i in present and i != "population")
    years = tuple(str(y) for y in sorted(set(obs[obs.indicator.isin(observed)].year), reverse=True))
    countries = tuple(dataset.countries[dataset.countries.entity == "country"].iso3)
    counts = tuple(i for i in observed if kinds[i] == "count")
    return observed, years, countries, counts


def first_of(wanted: str, allowed: tuple[str, ...]) -> str:
    """`wanted` where the dataset has it, else its first choice (never a default it lacks)."""
    return wanted if wanted in allowed or not allowed else allowed[0]


@dataclass(frozen=True)
class CompareState(ViewState):
    indicator: str
    year: str  # "latest" or a year
    measure: str
    group: str
    add: tuple[str, ...]
    extent: str
    side: tuple[str, ...]
    side_ind: tuple[str, ...]

    @classmethod
    def declare(cls, dataset: Dataset) -> dict:
        observed, years, countries, counts = facts(dataset)
        # A dataset without some of the usual countries or indicators keeps the rest.
        side = tuple(c for c in SIDE_DEFAULT if c in countries)
        side_trends = tuple(i for i in SIDE_TRENDS if i in counts)
        return {
            "indicator": Choice("indicator", first_of(INDICATOR_DEFAULT, observed), observed),
            "year": Choice("year", "latest", ("latest", *years)),
            "measure": Choice("measure", "absolute", cmp.MEASURES),
            "group": Choice("group", "forum", cmp.GROUPS),
            "add": Codes("add", (), frozenset(countries), 30),
            "extent": Choice("extent", "region", EXTENTS),
            "side": Codes("side", side, frozenset(countries), 6),
            "side_ind": Codes("side_ind", side_trends, frozenset(counts), 3),
        }


@dataclass(frozen=True)
class SideTrend:
    indicator: str
    title: str
    figure: dict  # plotly JSON
    source: str
    table: pd.DataFrame  # its figures as downloaded
    file_name: str  # its CSV's; its images' the same with their own ending


@dataclass(frozen=True)
class Side:
    """The scorecard of a few countries, and their trends."""

    chosen: list[str]
    card: pd.DataFrame  # metrics.compare.scorecard
    labels: dict[str, str]  # indicator -> name, in the scorecard's order
    decimals: dict[str, int]
    units: dict[str, str]  # indicator -> unit, said in each row
    directions: dict[str, str]  # indicator -> "better" / "worse" when higher, else neutral
    marks: dict[tuple[str, str], int]  # (indicator, iso3) -> the number of its note
    notes: list[str]  # the flagged cells' notes, numbered, shown under the table
    years_text: str  # the years each row ranks, where they differ ("" when none do)
    source_text: str
    trends: list[SideTrend]


@dataclass(frozen=True)
class CompareView:
    state: CompareState
    measure: str  # the measure drawn: counts only for an indicator that is not a count
    notes: list[str]  # said before the figures (the measure's meaning, a measure not used)
    heading: str
    headline: str  # the highest and lowest figures, said under the title before the charts
    iso3s: list[str]
    frame: pd.DataFrame  # metrics.compare.values: one row per country with a figure
    ranked: pd.DataFrame  # metrics.compare.rank
    categories: dict | None  # code -> label for a category indicator
    decimals: int | None
    unit: str
    sources: list[str]
    years: list[int]
    citation: str
    source_text: str
    steps: list[str] | None  # what each step of the map's colours covers, as the legend says
    missing: list[str]  # names of countries with no figure
    missing_text: str
    withheld: list[str]  # names of countries whose figure is a range
    withheld_text: str
    bar_values: list[tuple[str, float | None]]  # name, exact figure (None: a range), in rank order
    category_rows: list[tuple[str, str, str]]  # name, category, year: a category indicator
    table: pd.DataFrame  # the figures as downloaded
    table_shown: pd.DataFrame  # the same for the screen, as text (no codes)
    table_header: list[str]  # table_shown as the page's HTML table draws it
    table_rows: list[list[str]]
    table_numeric: tuple[int, ...]  # its columns that hold figures
    file_stem: str
    side: Side | None  # None where fewer than two countries are chosen

    @property
    def bars(self) -> bool:
        return self.categories is None


def _export(
    dataset: Dataset,
    cat: Catalogue,
    ranked: pd.DataFrame,
    indicator: str,
    how: str,
    categories: dict | None,
) -> pd.DataFrame:
    """The figures as downloaded: what each is (indicator, measure, unit), its year and its
    sources (what it was divided by too); numbers stay numbers, whole ones written whole,
    empty stays empty. Categories (tiers) are not a ranking: no rank for them."""
    t = cat.locale.t
    below = "persons_prosecuted" if how == "ratio" else ex.DENOMINATOR.get(how)
    divided = ex.row_sources(dataset, list(ranked.iso3), list(ranked.year), below)
    rank = ranked["rank"].astype("Int64")
    if categories is not None:
        rank = pd.Series(pd.NA, index=ranked.index, dtype="Int64")
    return pd.DataFrame(
        {
            "iso3": ranked.iso3,
            t("trends.col_country"): ranked.iso3.map(cat.name),
            **ex.described(
                cat,
                len(ranked),
                cat.indicators["persons_convicted" if how == "ratio" else indicator],
                t(f"compare.measure_{how}"),
                ex.unit(cat, indicator, how),
            ),
            t("compare.col_rank"): rank,
            t("trends.col_year"): ranked.year.astype("Int64"),
            t("trends.col_value"): ex.numbers(ranked.value, 4),
            t("trends.col_lower"): ex.numbers(ranked.lower, 4),
            t("trends.col_upper"): ex.numbers(ranked.upper, 4),
            t("trends.col_status"): [
                t(f"trends.status_{s}") if isinstance(s, str) else t("status.not_reported")
                for s in ranked.status
            ],
            t("compare.col_source"): ex.cited(cat, list(ranked.source), divided),
        }
    ).reset_index(drop=True)


def _shown(
    cat: Catalogue, table: pd.DataFrame, decimals: int | None, categories: dict | None
) -> pd.DataFrame:
    """The table for the screen: numbers in the reader's digits, a category by its label,
    blanks for no value; the country codes, which the downloads keep for joining, are not
    for reading."""
    t, loc = cat.locale.t, cat.locale
    # the codes, and what every row shares (indicator, measure, unit: the heading says them)
    shared_columns = [t("export.col_indicator"), t("export.col_measure"), t("export.col_unit")]
    out = table.drop(columns=["iso3", *shared_columns])
    for key in ("trends.col_value", "trends.col_lower", "trends.col_upper"):
        out[t(key)] = ["" if pd.isna(v) else loc.number(v, decimals) for v in out[t(key)]]
    if categories is not None:
        out[t("trends.col_value")] = [
            "" if pd.isna(v) else categories.get(v, loc.number(v))
            for v in table[t("trends.col_value")]
        ]
    for key in ("compare.col_rank", "trends.col_year"):
        out[t(key)] = [loc.year(v) if not pd.isna(v) else "" for v in out[t(key)]]
    return out


@shared
def _side_trend(dataset: Dataset, chosen: tuple, indicator: str, locale: Locale) -> tuple:
    """One side-by-side trend chart as plotly JSON, its figures as downloaded and its years
    (once per dataset and view)."""
    cat = catalogue(dataset, locale)
    frame, _ = m.measure(dataset.observations, list(chosen), indicator, "absolute")
    if frame.empty:
        return None, None, []
    years = list(range(int(frame.year.min()), int(frame.year.max()) + 1))
    fig = trend_figure(
        frame,
        list(chosen),
        dict(cat.names),
        years,
        locale,
        y_title=cat.indicators[indicator],
        decimals=cat.decimals(indicator),
    )
    table = figures_table(dataset, cat, frame, note_column(cat), indicator)
    return fig.to_plotly_json(), table, years


def _flag_notes(
    dataset: Dataset, cat: Catalogue, card: pd.DataFrame, scored: list[str]
) -> tuple[dict[tuple[str, str], int], list[str]]:
    """The notes of the scorecard's flagged cells, numbered in the table's order, in the
    reader's language: a cell that says "flagged" shows the note it points to."""
    loc = cat.locale
    obs = dataset.observations
    totals = obs[(obs.sex == "total") & (obs.age == "total") & (obs.form == "total")]
    note_col = "note_ar" if loc.rtl else "note"
    marks: dict[tuple[str, str], int] = {}
    notes: list[str] = []
    flagged = card[card.get("status", pd.Series(dtype=str)) == "flagged"]
    order = {i: n for n, i in enumerate(scored)}
    flagged = flagged.assign(_o=flagged.indicator.map(order)).sort_values(["_o", "iso3"])
    for r in flagged.itertuples():
        hit = totals[
            (totals.iso3 == r.iso3) & (totals.indicator == r.indicator) & (totals.year == r.year)
        ]
        text = next((str(v) for v in hit[note_col] if isinstance(v, str) and v), "")
        if not text:
            text = loc.t("compare.flag_no_note")
        marks[(r.indicator, r.iso3)] = len(notes) + 1
        notes.append(
            loc.t(
                "compare.flag_note",
                n=loc.number(len(notes) + 1),
                country=cat.name(r.iso3),
                indicator=cat.indicators[r.indicator],
                year=loc.year(int(r.year)),
                note=text,
            )
        )
    return marks, notes


def _side(dataset: Dataset, cat: Catalogue, state: CompareState, peers: list[str]) -> Side | None:
    loc = cat.locale
    chosen = list(state.side)
    if len(chosen) < 2:
        return None
    scored = [i for i in cat.indicators if cat.kinds[i] in SCORED]
    card = cmp.scorecard(dataset.observations, chosen, peers, scored)
    labels = {i: cat.indicators[i] for i in scored}
    spans = ranked_spans(card, labels)
    years_text = ""
    if spans:
        items = cat.items_sep.join(
            loc.t("compare.score_years_item", indicator=label, years=loc.years(first, last))
            for label, first, last in spans
        )
        years_text = loc.t("compare.score_years", items=items)
    trends = []
    for indicator in state.side_ind:
        spec, table, years = _side_trend(dataset, tuple(chosen), indicator, loc)
        if spec is not None:
            source = cat.source_text([cat.source(indicator)], years)
            name = f"compare-{indicator}-{'-'.join(c.lower() for c in chosen)}.csv"
            trends.append(
                SideTrend(indicator, cat.indicators[indicator], spec, source, table, name)
            )
    marks, notes = _flag_notes(dataset, cat, card, scored)
    return Side(
        chosen,
        card,
        labels,
        {i: cat.decimals(i) for i in scored},
        {i: cat.units[i] for i in scored},
        {i: cat.higher_is.get(i, "") for i in scored},
        marks,
        notes,
        years_text,
        cat.source_text(sorted({cat.source(i) for i in scored})),
        trends,
    )


# The fields each part of the view reads: the side-by-side section is built once per its own
# choices and the map's part once per its own, so a change of one finds the other built.
MAIN_FIELDS = ("indicator", "year", "measure", "group", "add", "extent")
SIDE_FIELDS = ("group", "side", "side_ind")


@shared
def build(dataset: Dataset, locale: Locale, state: CompareState) -> CompareView:
    """Everything the compare page and its slide show, for one state."""
    main = _main(dataset, locale, state.keeping(MAIN_FIELDS))
    return replace(main, state=state, side=_side_part(dataset, locale, state.keeping(SIDE_FIELDS)))


@shared
def _side_part(dataset: Dataset, locale: Locale, state: CompareState) -> Side | None:
    cat = catalogue(dataset, locale)
    return _side(dataset, cat, state, cmp.peer_group(dataset, state.group))


@shared
def _main(dataset: Dataset, locale: Locale, state: CompareState) -> CompareView:
    """The view but its side-by-side section (`side` None), for the map's choices."""
    cat = catalogue(dataset, locale)
    t = locale.t
    indicator, how, notes = state.indicator, state.measure, []
    kind = cat.kinds[indicator]
    if kind != "count" and how != "ratio":
        if how != "absolute":
            notes.append(t("compare.counts_only"))
        how = "absolute"
    if how == "ratio":
        notes.append(t("compare.ratio_explained"))
    if kind == "score":  # a score's scale, and which way is better
        notes.append(t(f"compare.scale_{cat.higher_is.get(indicator) or 'neither'}"))
    year = None if state.year == "latest" else int(state.year)
    peers = cmp.peer_group(dataset, state.group)
    iso3s = sorted(set(peers) | set(state.add), key=cat.name)
    frame = cmp.values(dataset.observations, iso3s, indicator, how, year)
    categories = dict(cat.categories.get(indicator, {})) if kind == "category" else None
    decimals = DECIMALS[how] if how != "absolute" else cat.decimals(indicator)
    sources = sorted(set(frame.source)) or [cat.source(indicator)]
    years = sorted(int(y) for y in set(frame.year))
    exact = frame.value.dropna()
    steps = None
    if not exact.empty:
        steps = step_labels(exact.min(), exact.max(), locale, decimals)
    ranked = cmp.rank(frame, iso3s)
    unit = t(f"compare.measure_{how}") if how != "absolute" else cat.units[indicator]
    missing = [cat.name(i) for i in ranked[ranked.missing].iso3]
    present = ranked[~ranked.missing]
    withheld = [cat.name(i) for i in present[present.value.isna()].iso3]
    table = _export(dataset, cat, ranked, indicator, how, categories)
    shown = _shown(cat, table, decimals, categories)
    bar_values = [
        (cat.name(r.iso3), None if pd.isna(r.value) else float(r.value))
        for r in present.itertuples()
    ]
    category_rows = []
    if categories is not None:
        category_rows = [
            (cat.name(r.iso3), categories.get(r.value, locale.number(r.value)), locale.year(r.year))
            for r in present.itertuples()
        ]
    when = t("present.latest") if year is None else locale.year(year)
    heading = t(
        "present.heading_compare",
        indicator=cat.indicators[indicator],
        measure=t(f"compare.measure_{how}"),
        year=when,
    )
    if categories is not None:
        headline = hl.counted(locale, heading, len(present), len(iso3s))
    else:
        exact_rows = present[present.value.notna()]
        figures = [(cat.name(r.iso3), float(r.value), int(r.year)) for r in exact_rows.itertuples()]
        headline = hl.extremes(locale, heading, figures, len(iso3s), decimals)
    return CompareView(
        state=state,
        measure=how,
        notes=notes,
        heading=heading,
        headline=headline,
        iso3s=iso3s,
        frame=frame,
        ranked=ranked,
        categories=categories,
        decimals=decimals,
        unit=unit,
        sources=sources,
        years=years,
        citation=cat.citation(sources),
        source_text=cat.source_text(sources, years),
        steps=steps,
        missing=missing,
        missing_text=t("compare.missing", countries=cat.join(missing)) if missing else "",
        withheld=withheld,
        withheld_text=t("present.withheld", countries=cat.join(withheld)) if withheld else "",
        bar_values=bar_values,
        category_rows=category_rows,
        table=table,
        table_shown=shown,
        table_header=list(shown.columns),
        table_rows=[list(row) for row in shown.itertuples(index=False)],
        table_numeric=(1, 2, 3, 4, 5),
        file_stem=f"compare-{indicator}-{how}",
        side=None,
    )
