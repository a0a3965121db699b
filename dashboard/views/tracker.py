"""Recommendations tracker: each state's status on each of the forum's recommendations, the rule
and evidence behind one cell, one recommendation across the states with its related figures,
and what changed since an edition of the forum. The page and its slide both draw a
`TrackerView`.

The rules are data (`data/tracker_rules.csv`), read by whoever draws the view (the page and the
slide read them through `dashboard.ui.files.rules`) and passed in with the dataset.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.catalogue import Catalogue, catalogue
from dashboard.dataset import Dataset
from dashboard.i18n import Locale
from dashboard.metrics import tracker as trk
from dashboard.metrics.memo import shared
from dashboard.metrics.overview import latest, members
from dashboard.metrics.tracker import Rule
from dashboard.views import exports as ex
from dashboard.views.params import Choice, Codes, ViewState, parse

VIEWS = ("matrix", "recommendation")
EVIDENCE_COLUMNS = ("measure", "value", "met", "year", "source", "detail")
CHANGE_COLUMNS = ("country", "recommendation", "from_status", "to_status", "change", "col_year")
# How much a cell says: its status only (a slide), with its year and the kinds of source in
# short (the matrix) or in full (the downloaded table, a profile).
DETAILS = ("status", "short", "full")


def cell_text(row, cat: Catalogue, detail: str = "full") -> str:
    """One cell of the tracker: '✓ In place · 2023 · GSI 2023' (short), the same with the
    sources' full names (full), or '✓ In place' (status); ' *' where the status rests on part
    of the evidence only."""
    loc = cat.locale
    status = loc.t(f"tracker.status_{row.status}")
    if row.status == "unknown" or pd.isna(row.year):
        return status
    if detail == "status":
        text = status
    else:
        label = "tracker.short_" if detail == "short" else "tracker.kind_"
        kinds = cat.join(loc.t(label + k) for k in str(row.kinds).split(",") if k)
        text = loc.t("tracker.cell", status=status, year=loc.year(int(row.year)), kinds=kinds)
    return text if row.complete else text + " *"


def shared_evidence(frame: pd.DataFrame) -> tuple[int, str] | None:
    """The (year, kinds) that more than half of the matrix's dated cells share, or None: said
    once above the matrix, so those cells can say their status only."""
    dated = frame[frame.year.notna() & (frame.status != "unknown")]
    if dated.empty:
        return None
    pairs = list(zip(dated.year.astype(int), dated.kinds.astype(str), strict=True))
    top = max(set(pairs), key=pairs.count)
    return top if 2 * pairs.count(top) > len(pairs) else None


def _matrix_cell(row, cat: Catalogue, common: tuple[int, str] | None) -> str:
    """A matrix cell: its status only when its evidence is the shared year and kind."""
    dated = not pd.isna(row.year)
    same = common is not None and dated and (int(row.year), str(row.kinds)) == common
    return cell_text(row, cat, "status" if same else "short")


def rec_label(rule: Rule, loc: Locale) -> str:
    """A recommendation as the reader sees it: '4. Identification and referral'."""
    number = f"{loc.digits_of(rule.recommendation)}. " if rule.recommendation.isdigit() else ""
    return number + getattr(rule, f"title_{loc.lang}")


@dataclass(frozen=True)
class TrackerState(ViewState):
    countries: tuple[str, ...]
    view: str
    rec: str
    since: str  # an edition of the forum
    country: str  # the state whose evidence the matrix view shows: one of `countries`

    @classmethod
    def declare(
        cls,
        dataset: Dataset,
        rules: Sequence[Rule],
        locale: Locale,
        countries: Sequence[str] | None = None,
    ) -> dict:
        """The tracker's parameters: the states (the forum's by default, by name in the
        reader's language), the view, the recommendation and the edition to compare with. The
        focus country chooses among the chosen states, so it is declared only once those are
        known (`countries`)."""
        cat = catalogue(dataset, locale)
        every = dataset.countries[dataset.countries.entity == "country"].iso3
        forum = tuple(sorted(members(dataset.countries, "forum"), key=cat.name))
        editions = tuple(str(e) for e in dataset.editions.edition)
        params = {
            "countries": Codes("countries", forum, frozenset(every), 20),
            "view": Choice("view", "matrix", VIEWS),
            "rec": Choice("rec", rules[0].recommendation, tuple(r.recommendation for r in rules)),
            "since": Choice("since", editions[-2] if len(editions) > 1 else editions[0], editions),
        }
        if countries is not None:
            params["country"] = Choice("country", countries[0], tuple(countries))
        return params

    @classmethod
    def read(cls, dataset: Dataset, query, rules: Sequence[Rule], locale: Locale):  # type: ignore[override]
        """The state an address asks for, and the names of the parameters it could not use."""
        first = cls.declare(dataset, rules, locale)
        values, _ = parse(query, list(first.values()))
        params = cls.declare(dataset, rules, locale, values["countries"])
        values, rejected = parse(query, list(params.values()))
        return cls.of(params, values), rejected


@dataclass(frozen=True)
class Evidence:
    """The rule and the evidence behind one cell of the matrix."""

    heading: str
    rule_text: str
    header: list[str]
    rows: list[tuple[str, ...]]  # empty: no evidence
    no_evidence: str
    source_text: str


@dataclass(frozen=True)
class PerRecommendation:
    """One recommendation across the chosen states, with the related figures."""

    heading: str
    rule_text: str
    header: list[str]
    rows: list[tuple[str, ...]]
    source_text: str
    related_header: list[str]  # empty: the recommendation has no related series
    related_rows: list[list[str]]
    related_source_text: str


@dataclass(frozen=True)
class Progress:
    """What changed since an edition of the forum."""

    since_label: str
    none_text: str  # "" where something changed
    summaries: list[str]  # the recommendations states put in place
    header: list[str]
    rows: list[tuple[str, ...]]


@dataclass(frozen=True)
class TrackerView:
    state: TrackerState
    heading: str  # the slide's heading
    rules: tuple[Rule, ...]
    rule: Rule  # the chosen recommendation
    labels: dict[str, str]  # recommendation -> label
    iso3s: list[str]
    matrix: pd.DataFrame  # metrics.tracker.matrix
    cells: list[tuple[str, list[tuple[str, str]]]]  # country name -> (status, short text)
    status_header: list[str]  # the matrix in words, status only (a slide)
    status_rows: list[list[str]]
    legend: str
    matrix_note: str  # the year and kind of source most cells share, said once ("" if none)
    sources: list[str]
    years: list[int]  # the evidence's years
    source_text: str
    table: pd.DataFrame  # the matrix as downloaded
    csv_name: str
    xlsx_name: str
    edition_labels: dict[str, str]  # edition -> "Muscat 2024"
    evidence: Evidence | None  # the matrix view
    per_rec: PerRecommendation | None  # the recommendation view
    progress: Progress


def _export(
    dataset: Dataset, cat: Catalogue, frame: pd.DataFrame, rules, negative: set[str], labels
) -> pd.DataFrame:
    """The matrix as downloaded: each state's status on each recommendation, with what it is
    (indicator, measure, unit), the year of its evidence and the sources it rests on."""
    t = cat.locale.t
    by_id = {r.recommendation: r for r in rules}
    sources = [
        cat.citation(
            sorted(
                set(
                    trk.assess(
                        dataset.measures, r.iso3, by_id[r.recommendation], negative
                    ).evidence.source
                )
            )
        )
        for r in frame.itertuples()
    ]
    return pd.DataFrame(
        {
            "iso3": frame.iso3,
            t("tracker.country"): frame.iso3.map(cat.name),
            **ex.described(
                cat,
                len(frame),
                t("export.tracker_indicator"),
                t("export.tracker_measure"),
                t("export.tracker_unit"),
            ),
            t("tracker.col_recommendation"): frame.recommendation.map(labels),
            t("tracker.col_status"): [t(f"tracker.status_{s}") for s in frame.status],
            t("tracker.col_year"): frame.year.astype("Int64"),
            t("tracker.col_cell"): [cell_text(r, cat) for r in frame.itertuples()],
            t("compare.col_source"): sources,
        }
    )


def _evidence(dataset, cat, state, rule, negative) -> Evidence:
    loc, t = cat.locale, cat.locale.t
    found = trk.assess(dataset.measures, state.country, rule, negative)
    rows = [
        (
            cat.indicators[r.measure],
            t(f"tracker.measure_{r.status}"),
            t("tracker.yes") if r.met else t("tracker.no"),
            loc.year(r.year),
            cat.citation([r.source]),
            (r.evidence_ar or r.evidence) if loc.rtl else r.evidence,
        )
        for r in found.evidence.itertuples()
    ]
    sources = sorted(set(found.evidence.source))
    return Evidence(
        heading=t(
            "tracker.evidence_heading",
            country=cat.name(state.country),
            recommendation=rec_label(rule, loc),
        ),
        rule_text=getattr(rule, f"rule_{loc.lang}"),
        header=[t(f"tracker.{k}") for k in EVIDENCE_COLUMNS],
        rows=rows,
        no_evidence=t("tracker.no_evidence"),
        source_text=cat.source_text(sources),
    )


def _per_rec(dataset, cat, iso3s, rule, negative) -> PerRecommendation:
    loc, t = cat.locale, cat.locale.t
    rows, sources = [], set()
    for iso3 in iso3s:
        a = trk.assess(dataset.measures, iso3, rule, negative)
        sources |= set(a.evidence.source)
        row = pd.Series(
            {"status": a.status, "year": a.year, "kinds": ",".join(a.kinds), "complete": a.complete}
        )
        met = int(a.evidence.met.sum()) if not a.evidence.empty else 0
        rows.append(
            (
                cat.name(iso3),
                cell_text(row, cat),
                t("tracker.states_met", n=loc.number(met), m=loc.number(len(rule.measures))),
            )
        )
    related_header, related_rows, related_source = [], [], ""
    if rule.related:
        figures = latest(dataset.observations, iso3s, rule.related)
        found = {(r.iso3, r.indicator): r for r in figures.itertuples()}
        for iso3 in iso3s:
            line = [cat.name(iso3)]
            for indicator in rule.related:
                r = found.get((iso3, indicator))
                if r is None:
                    line.append(cat.figure_text(None, None, None, None))
                    continue
                text = cat.figure_text(r.value, r.lower, r.upper, r.status, cat.decimals(indicator))
                line.append(cat.with_year(text, r.year))
            related_rows.append(line)
        related_header = [t("tracker.country"), *[cat.indicators[i] for i in rule.related]]
        related = sorted(set(figures.source)) or sorted({cat.source(i) for i in rule.related})
        related_source = cat.source_text(related, sorted(int(y) for y in set(figures.year)))
    return PerRecommendation(
        heading=t("tracker.per_rec_heading", recommendation=rec_label(rule, loc)),
        rule_text=getattr(rule, f"rule_{loc.lang}"),
        header=[t("tracker.country"), t("tracker.col_status"), t("tracker.met")],
        rows=rows,
        source_text=cat.source_text(sorted(sources)),
        related_header=related_header,
        related_rows=related_rows,
        related_source_text=related_source,
    )


def _progress(dataset, cat, state, rules, iso3s, negative, labels, editions) -> Progress:
    loc, t = cat.locale, cat.locale.t
    by_edition = dataset.editions.set_index(dataset.editions.edition.astype(str))
    since = int(by_edition.loc[state.since, "year"])
    since_label = editions[state.since]
    changes = trk.progress(dataset.measures, list(rules), iso3s, negative, since)
    if changes.empty:
        measures = dataset.measures
        years = sorted({int(y) for y in measures[measures.iso3.isin(iso3s)].year})
        none_text = t(
            "tracker.changes_none",
            edition=since_label,
            years=cat.join(loc.year(y) for y in years),
        )
        return Progress(since_label, none_text, [], [], [])
    established = changes[changes.change == "established"]
    summaries = [
        t(
            "tracker.summary_established",
            edition=since_label,
            n=loc.number(len(group)),
            title=labels[rec],
        )
        for rec, group in established.groupby("recommendation")
    ]
    rows = [
        (
            cat.name(c.iso3),
            labels[c.recommendation],
            t(f"tracker.status_{c.status_then}"),
            t(f"tracker.status_{c.status_now}"),
            t(f"tracker.change_{c.change}"),
            loc.year(int(c.year_now)),
        )
        for c in changes.itertuples()
    ]
    header = [t(f"tracker.{k}") for k in CHANGE_COLUMNS]
    return Progress(since_label, "", summaries, header, rows)


@shared
def build(
    dataset: Dataset, locale: Locale, state: TrackerState, rules: Sequence[Rule]
) -> TrackerView:
    """Everything the tracker page and its slide show, for one state and the tracker's rules."""
    cat = catalogue(dataset, locale)
    t = locale.t
    rules = tuple(rules)
    iso3s = list(state.countries)
    by_id = {r.recommendation: r for r in rules}
    rule = by_id[state.rec]
    labels = {r.recommendation: rec_label(r, locale) for r in rules}
    negative = {i for i, h in cat.higher_is.items() if h == "worse"}
    frame = trk.matrix(dataset.measures, list(rules), iso3s, negative)
    common = shared_evidence(frame)
    matrix_note = ""
    if common is not None:
        kinds = cat.join(t("tracker.kind_" + k) for k in common[1].split(",") if k)
        matrix_note = t("tracker.matrix_note", year=locale.year(common[0]), kinds=kinds)
    cells, status_rows = [], []
    for iso3, group in frame.groupby("iso3", sort=False):
        by_rec = {row.recommendation: row for row in group.itertuples()}
        row_cells = [by_rec[r.recommendation] for r in rules]
        shown = [(c.status, _matrix_cell(c, cat, common)) for c in row_cells]
        cells.append((cat.name(iso3), shown))
        status_rows.append([cat.name(iso3)] + [cell_text(c, cat, "status") for c in row_cells])
    measures = dataset.measures
    sources = sorted(set(measures[measures.iso3.isin(iso3s)].source))
    years = sorted({int(y) for y in frame.year.dropna()})
    editions = {
        str(e.edition): t(
            "tracker.edition_label", city=getattr(e, cat.col("city")), year=locale.year(e.year)
        )
        for e in dataset.editions.itertuples()
    }
    matrix_view = state.view == "matrix"
    return TrackerView(
        state=state,
        heading=t("present.heading_tracker"),
        rules=rules,
        rule=rule,
        labels=labels,
        iso3s=iso3s,
        matrix=frame,
        cells=cells,
        status_header=[t("tracker.country")] + [labels[r.recommendation] for r in rules],
        status_rows=status_rows,
        legend=t("tracker.legend"),
        matrix_note=matrix_note,
        sources=sources,
        years=years,
        source_text=cat.source_text(sources, years),
        table=_export(dataset, cat, frame, rules, negative, labels),
        csv_name="tracker.csv",
        xlsx_name="tracker.xlsx",
        edition_labels=editions,
        evidence=_evidence(dataset, cat, state, rule, negative) if matrix_view else None,
        per_rec=None if matrix_view else _per_rec(dataset, cat, iso3s, rule, negative),
        progress=_progress(dataset, cat, state, rules, iso3s, negative, labels, editions),
    )
