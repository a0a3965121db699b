"""Overview: the member states' latest figures with their years, which years each reported, the
forum's editions, the caveats and the sources. The page and its slide both draw an
`OverviewView`."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.catalogue import Catalogue, catalogue
from dashboard.dataset import Dataset
from dashboard.i18n import Locale, isolate
from dashboard.metrics.memo import shared
from dashboard.metrics.overview import CORE, GROUPS, coverage, latest, members
from dashboard.views.params import Choice, ViewState

CAVEATS = ("detected", "suppressed", "gaps", "flagged", "population")
EDITION_COLUMNS = ("edition", "year", "host", "place", "dates", "format")
SOURCE_COLUMNS = ("title", "citation", "terms", "link")


@dataclass(frozen=True)
class OverviewState(ViewState):
    group: str

    @classmethod
    def declare(cls, dataset: Dataset) -> dict:
        return {"group": Choice("group", "forum", GROUPS)}


@dataclass(frozen=True)
class OverviewView:
    state: OverviewState
    heading: str  # the slide's heading: what the view shows
    iso3s: list[str]  # the group's countries, by name
    # The latest figures: one row per country, each figure with its year.
    header: list[str]
    rows: list[list[str]]
    numeric: tuple[int, ...]  # the columns that hold figures
    notes: list[str]  # the notes of flagged figures, numbered in the table's order
    note_rows: list[tuple[str, str]]  # (number, note)
    numbered_notes: list[str]  # "1. note"
    sources: list[str]
    years: list[int]
    source_text: str
    # Which counts each country reported, year by year.
    coverage: pd.DataFrame  # metrics.overview.coverage
    coverage_years: list[int]
    letters: dict[str, str]  # indicator -> its letter in the grid
    coverage_source_text: str
    # The forum's editions, the caveats and the dataset's sources.
    editions_header: list[str]
    editions_rows: list[tuple[str, ...]]
    editions_source_text: str
    caveats: list[str]
    sources_header: list[str]
    sources_rows: list[tuple[str, ...]]


def _latest(cat: Catalogue, dataset: Dataset, iso3s: list[str]) -> tuple:
    """The latest figures of the core indicators, one row per country, each with its year;
    flagged figures numbered to their notes. Rows, notes, source ids and years."""
    loc = cat.locale
    rows, notes = latest(dataset.observations, iso3s), []
    body = []
    for iso3 in iso3s:
        cells = [cat.name(iso3)]
        for indicator in CORE:
            hit = rows[(rows.iso3 == iso3) & (rows.indicator == indicator)]
            if hit.empty:
                cells.append(cat.figure_text(None, None, None, None))
                continue
            r = hit.iloc[0]
            figure = cat.figure_text(r.value, r.lower, r.upper, r.status)
            text = cat.with_year(figure, r.year)
            note = getattr(r, f"note_{loc.lang}" if loc.rtl else "note") or r.note
            if r.status == "flagged" and note:
                if note not in notes:
                    notes.append(note)
                text += " · " + loc.t("overview.flag_mark", n=loc.number(notes.index(note) + 1))
            cells.append(text)
        body.append(cells)
    sources = sorted(set(rows.source)) or sorted({cat.source(i) for i in CORE})
    return body, notes, sources, sorted(int(y) for y in set(rows.year))


def _editions(cat: Catalogue, dataset: Dataset) -> list[tuple[str, ...]]:
    loc = cat.locale
    return [
        (
            loc.number(e.edition),
            loc.year(e.year),
            cat.name(e.host),
            getattr(e, cat.col("city")),
            loc.digits_of(getattr(e, cat.col("dates"))),
            loc.t(f"overview.format_{e.format}"),
        )
        for e in dataset.editions.itertuples()
    ]


def _sources(cat: Catalogue, dataset: Dataset) -> list[tuple[str, ...]]:
    """Each source's title, citation, terms and address; on a right-to-left page each address
    (and path) in them kept left to right, as `Locale.t` keeps the app's own texts: alone in a
    right-to-left cell "https://dataunodc.un.org/" was drawn "/https://dataunodc.un.org"."""
    english = cat.locale.lang == "en"
    title, terms = ("title", "licence") if english else ("title_ar", "licence_ar")

    def kept(text):
        return isolate(text) if cat.locale.rtl and isinstance(text, str) else text

    return [
        tuple(kept(v) for v in (s[title], s[cat.col("citation")], s[terms], s.url))
        for _, s in dataset.sources.iterrows()
    ]


@shared
def build(dataset: Dataset, locale: Locale, state: OverviewState) -> OverviewView:
    """Everything the overview page and its slide show, for one state."""
    cat = catalogue(dataset, locale)
    t = locale.t
    iso3s = sorted(members(dataset.countries, state.group), key=cat.name)
    rows, notes, sources, years = _latest(cat, dataset, iso3s)
    note_rows = [(locale.number(i + 1), n) for i, n in enumerate(notes)]
    grid, coverage_years = coverage(dataset.observations, iso3s)
    core_sources = sorted({cat.source(i) for i in CORE})
    edition_sources = sorted(set(dataset.editions.source))
    return OverviewView(
        state=state,
        heading=t("present.heading_overview", group=t(f"group.{state.group}")),
        iso3s=iso3s,
        header=[t("overview.country")] + [cat.indicators[i] for i in CORE],
        rows=rows,
        numeric=tuple(range(1, len(CORE) + 1)),
        notes=notes,
        note_rows=note_rows,
        numbered_notes=[f"{number}. {note}" for number, note in note_rows],
        sources=sources,
        years=years,
        source_text=cat.source_text(sources, years or None),
        coverage=grid,
        coverage_years=coverage_years,
        letters={i: t(f"overview.letter_{i}") for i in CORE},
        coverage_source_text=cat.source_text(core_sources, coverage_years),
        editions_header=[t(f"overview.{k}") for k in EDITION_COLUMNS],
        editions_rows=_editions(cat, dataset),
        editions_source_text=cat.source_text(edition_sources),
        caveats=[t(f"overview.caveat_{k}") for k in CAVEATS],
        sources_header=[t(f"overview.source_{k}") for k in SOURCE_COLUMNS],
        sources_rows=_sources(cat, dataset),
    )
