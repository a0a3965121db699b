"""What every download of figures (CSV, Excel) carries, whichever page offers it: for each row
its indicator, the measure, the unit, its year or years and its source, under headings in the
reader's language; numbers stay numbers, and a whole number is written whole ("52", never
"52.0"; a rank "1"), an empty one empty.

The views build their download tables with these, so a table downloaded from one page reads
like one downloaded from another."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import pandas as pd

from dashboard.catalogue import Catalogue
from dashboard.dataset import Dataset
from dashboard.metrics.trends import totals

# The measure of a page other than a count of its own, and the indicator it divides by.
DENOMINATOR = {"per100k": "population", "per_victims": "victims_detected"}


def whole(values: Iterable, decimals: int | None = None) -> list:
    """Each value as a number to write: rounded to `decimals` (None: as it is), an `int` when
    whole, None when empty (never a 0 made up, never NaN)."""
    out = []
    for value in values:
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            out.append(None)
            continue
        number = float(value) if decimals is None else round(float(value), decimals)
        out.append(int(number) if number.is_integer() else number)
    return out


def numbers(values: pd.Series, decimals: int | None = None) -> pd.Series:
    """`whole` as a column (object: ints, floats and empties as written)."""
    return pd.Series(whole(values, decimals), index=values.index, dtype=object)


def unit(cat: Catalogue, indicator: str, how: str = "absolute", base: int | None = None) -> str:
    """The unit of a figure: the indicator's own for a count as reported; else the measure's
    ("persons per 100,000 population", "persons convicted per person prosecuted"...)."""
    t = cat.locale.t
    if how == "absolute":
        return cat.units.get(indicator, "")
    if how == "per100k":
        return t("export.unit_per100k", unit=cat.units.get(indicator, ""))
    if how == "index":
        return t("export.unit_index", year=cat.locale.year(base) if base else "")
    return t(f"export.unit_{how}")


def cited(cat: Catalogue, *sources: Sequence) -> list[str]:
    """Each row's citation, from its source ids (one sequence per part of its figure: the
    count, then what it was divided by); "" for a row with none."""
    return [
        cat.citation(s for s in row if isinstance(s, str) and s)
        for row in zip(*sources, strict=True)
    ]


def described(
    cat: Catalogue, rows: int, indicator: Sequence[str] | str, measure: str, unit_text: str
) -> dict[str, list[str]]:
    """The indicator, measure and unit columns for `rows` rows (an indicator per row, or one
    for all), headed in the reader's language."""
    t = cat.locale.t
    names = [indicator] * rows if isinstance(indicator, str) else list(indicator)
    return {
        t("export.col_indicator"): names,
        t("export.col_measure"): [measure] * rows,
        t("export.col_unit"): [unit_text] * rows,
    }


def row_sources(
    dataset: Dataset, iso3s: Sequence[str], years: Sequence, indicator: str | None
) -> list[str]:
    """For each (country, year), the source of the indicator's total for it; "" where there
    is none (or no indicator)."""
    if indicator is None:
        return [""] * len(iso3s)
    parts = totals(dataset.observations, sorted(set(iso3s)), indicator)
    by = dict(zip(zip(parts.iso3, parts.year, strict=True), parts.source, strict=True))
    return [by.get(key, "") for key in zip(iso3s, years, strict=True)]
