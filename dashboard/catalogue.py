"""What the dataset says about its own names, in the reader's language: countries, indicators
and their units, kinds and sources, categories, citations, list separators, and the one rule
for how a figure reads (a number, a range when withheld, or "not reported").

Every page, chart, slide and export asks a `Catalogue` for these instead of reading the
dataset's tables or typing a source id: a name, a citation or a separator is worked out in one
place, so a page and its slide cannot disagree. `catalogue(dataset, locale)` is memoised by
the dataset's identity (see `dashboard.metrics.memo` for the caching story).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from dashboard.dataset import Dataset
from dashboard.i18n import Locale
from dashboard.metrics.memo import shared


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def figure_text(locale: Locale, value, lower, upper, status, decimals: int | None = None) -> str:
    """How one figure reads, everywhere: '38'; '1–4' where it is withheld or uncertain (a
    range, never a number); 'not reported' where there is no row (status None or empty).
    Charts that are given only a locale use this; everything else `Catalogue.figure_text`."""
    if _missing(status):
        return locale.t("status.not_reported")
    if not _missing(value):
        return locale.number(value, decimals)
    if not _missing(lower) and not _missing(upper):
        return locale.t(
            "status.range",
            lower=locale.number(lower, decimals),
            upper=locale.number(upper, decimals),
        )
    return locale.t("status.not_reported")


@dataclass(frozen=True)
class Catalogue:
    """Names and rules of one dataset for one reader (language and digits). Read-only."""

    locale: Locale
    names: Mapping[str, str]  # country code -> name
    indicators: Mapping[str, str]  # indicator -> name
    units: Mapping[str, str]  # indicator -> unit
    kinds: Mapping[str, str]  # indicator -> count, rate, score, category, boolean...
    sources: Mapping[str, str]  # indicator -> source id
    higher_is: Mapping[str, str]  # indicator -> better, worse or "" (neither)
    categories: Mapping[str, Mapping[str, str]]  # indicator -> code -> label
    citations: Mapping[str, str]  # source id -> short citation
    references: Mapping[str, str]  # source id -> full reference: citation, title, address

    @property
    def sep(self) -> str:
        """Between the items of a list: ", " in English, "، " in Arabic."""
        return self.locale.sep

    @property
    def items_sep(self) -> str:
        """Between items that have commas of their own: "; " / "؛ "."""
        return self.locale.t("compare.items_sep")

    def join(self, items: Iterable[str]) -> str:
        return self.sep.join(items)

    def name(self, iso3: str) -> str:
        """A country's name; the code itself for a code the dataset does not list."""
        return self.names.get(iso3, iso3)

    def col(self, base: str) -> str:
        """A dataset column in the reader's language: `name_ar` for base 'name'."""
        return f"{base}_{self.locale.lang}"

    def source(self, indicator: str) -> str:
        """The source id the dataset gives for an indicator."""
        return self.sources[indicator]

    def citation(self, source_ids: Iterable[str]) -> str:
        """The short citations of the given sources, in the reader's language, joined."""
        cited = (self.citations[s] for s in dict.fromkeys(source_ids) if s in self.citations)
        return self.items_sep.join(cited)

    def reference_lines(self, source_ids: Iterable[str]) -> list[str]:
        """The full reference of each source, once each, in order (for a deck's last slide)."""
        return [self.references[s] for s in dict.fromkeys(source_ids) if s in self.references]

    def source_text(self, source_ids: Iterable[str], years: Sequence[int] | None = None) -> str:
        """The line under every chart, table and slide: its sources, then the year covered
        ("Year 2022") or the span ("Years 2015–2023")."""
        loc, cited = self.locale, self.citation(source_ids)
        if not years:
            return loc.t("chart.source_line", sources=cited)
        first, last = min(years), max(years)
        if first == last:
            return loc.t("chart.source_year", sources=cited, year=loc.year(first))
        return loc.t(
            "chart.source_years", sources=cited, first=loc.year(first), last=loc.year(last)
        )

    def decimals(self, indicator: str) -> int:
        """Decimals of an indicator's own figures: counts are whole numbers."""
        return 0 if self.kinds.get(indicator) == "count" else 1

    def figure_text(self, value, lower, upper, status, decimals: int | None = None) -> str:
        """How one figure reads (see `figure_text`)."""
        return figure_text(self.locale, value, lower, upper, status, decimals)

    def with_year(self, text: str, year) -> str:
        """A figure with the year it is for: '38 (2022)'."""
        return f"{text} ({self.locale.year(year)})"


def _frozen(mapping) -> Mapping:
    return MappingProxyType(dict(mapping))


@shared
def _tables(dataset: Dataset, lang: str) -> tuple:
    countries, indicators, sources = dataset.countries, dataset.indicators, dataset.sources
    by = indicators.set_index("indicator")
    categories = {
        i: _frozen(zip(g.code, g[f"label_{lang}"], strict=True))
        for i, g in dataset.categories.groupby("indicator")
    }
    higher = by["higher_is"].fillna("")
    return (
        _frozen(zip(countries.iso3, countries[f"name_{lang}"], strict=True)),
        _frozen(by[f"name_{lang}"]),
        _frozen(by[f"unit_{lang}"].fillna("")),
        _frozen(by["kind"]),
        _frozen(by["source"]),
        _frozen(higher),
        _frozen(categories),
        _frozen(zip(sources.source, sources[f"citation_{lang}"], strict=True)),
        _frozen(
            (s, f"{c}: {t}. {u or ''}".strip())
            for s, c, t, u in zip(
                sources.source,
                sources[f"citation_{lang}"],
                sources["title" if lang == "en" else f"title_{lang}"],
                sources["url"].fillna(""),
                strict=True,
            )
        ),
    )


def catalogue(dataset: Dataset, locale: Locale) -> Catalogue:
    """The catalogue of `dataset` for `locale` (its tables are worked out once per dataset and
    language, and shared)."""
    return Catalogue(locale, *_tables(dataset, locale.lang))
