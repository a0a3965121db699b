"""Conviction trends: measures per country and year, the regional line, change figures,
the criminal-justice funnel and breakdowns. Pure pandas.

Rules that a reader relies on:
- A missing year stays missing (a gap), never zero, never interpolated.
- A suppressed count (1-4) is a range; anything computed from it is a range too.
- A ratio with nothing (or nothing known) below the line has no value: never infinite.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.dataset.consistency import parts_over_total
from dashboard.metrics.memo import shared

SERIES = ("persons_convicted", "persons_prosecuted", "victims_detected")
MEASURES = ("absolute", "per100k", "ratio", "per_victims", "index")
STAGES = ("victims_detected", "persons_formal_contact", "persons_prosecuted", "persons_convicted")
BREAKDOWNS = ("sex", "age", "form")
RULES = ("none", "complete", "reported")
COLUMNS = ["iso3", "year", "value", "lower", "upper", "status", "note", "note_ar"]
# Minimum number of reported years in a window for an average annual change.
MIN_POINTS = 3


@dataclass(frozen=True)
class Formula:
    """A measure as numerator / denominator x scale (no denominator: the count itself)."""

    numerator: str
    denominator: str | None
    scale: float


def formula(measure: str, series: str) -> Formula:
    if measure == "per100k":
        return Formula(series, "population", 100_000.0)
    if measure == "ratio":
        return Formula("persons_convicted", "persons_prosecuted", 1.0)
    if measure == "per_victims":
        return Formula("persons_convicted", "victims_detected", 100.0)
    return Formula(series, None, 1.0)


@shared
def _totals_by_indicator(observations: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Totals (no split) by indicator, once per observations table: every page asks for them on
    every run, and filtering the whole table each time was a large part of a run's time under
    load. The frames are shared: read them, never change them."""
    rows = observations[
        (observations["sex"] == "total")
        & (observations["age"] == "total")
        & (observations["form"] == "total")
    ]
    rows = rows.sort_values(["indicator", "iso3", "year", "source"])
    rows = rows.drop_duplicates(["indicator", "iso3", "year"])
    return {
        str(name): part[[*COLUMNS, "source"]].reset_index(drop=True)
        for name, part in rows.groupby("indicator", sort=False)
    }


def totals(observations: pd.DataFrame, iso3s, indicator: str) -> pd.DataFrame:
    """A country's total (no split) for one indicator, one row per country and year."""
    rows = _totals_by_indicator(observations).get(indicator)
    if rows is None:
        return pd.DataFrame(columns=[*COLUMNS, "source"])
    return rows[rows["iso3"].isin(list(iso3s))].reset_index(drop=True)


def bounds(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Lowest and highest possible value of each figure (equal when the figure is exact)."""
    low = frame["value"].fillna(frame["lower"])
    high = frame["value"].fillna(frame["upper"])
    return low, high


def _status(a: pd.Series, b: pd.Series | None = None) -> pd.Series:
    """The weakest status of the parts: suppressed beats flagged beats reported."""
    parts = [a] if b is None else [a, b]
    out = pd.Series("reported", index=a.index)
    for part in parts:
        out = out.where(~(part == "flagged"), "flagged")
    for part in parts:
        out = out.where(~(part == "suppressed"), "suppressed")
    return out


@shared
def measure(
    observations: pd.DataFrame,
    iso3s,
    series: str,
    how: str,
    base_year: int | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """The chosen measure for each country and year, and the countries left out (and why).

    Ratios exist only where both parts were reported for the same year and the denominator is
    above zero. An index needs an exact, non-zero figure in the base year.
    """
    rule = formula(how, series)
    top = totals(observations, iso3s, rule.numerator)
    if rule.denominator is None:
        out = top[COLUMNS].copy()
    else:
        bottom = totals(observations, iso3s, rule.denominator)
        out = divide(top, bottom, rule.scale)
    left_out: list[str] = []
    if how == "index" and base_year is not None:
        out, left_out = _index(out, base_year)
    return out.reset_index(drop=True), left_out


def divide(top: pd.DataFrame, bottom: pd.DataFrame, scale: float) -> pd.DataFrame:
    """top / bottom x scale for matching country-years; ranges where a part is a range;
    no row where the denominator is zero or unknown."""
    both = top.merge(bottom, on=["iso3", "year"], suffixes=("", "_d"))
    top_low, top_high = bounds(both)
    low_d = both["value_d"].fillna(both["lower_d"])
    high_d = both["value_d"].fillna(both["upper_d"])
    usable = low_d > 0
    both, top_low, top_high = both[usable], top_low[usable], top_high[usable]
    low_d, high_d = low_d[usable], high_d[usable]
    exact = both["value"].notna() & both["value_d"].notna()
    value = (both["value"] / both["value_d"] * scale).where(exact)
    out = pd.DataFrame(
        {
            "iso3": both["iso3"],
            "year": both["year"],
            "value": value,
            "lower": (top_low / high_d * scale).where(~exact),
            "upper": (top_high / low_d * scale).where(~exact),
            "status": _status(both["status"], both["status_d"]),
            "note": both["note"].where(both["note"] != "", both["note_d"]),
            "note_ar": both["note_ar"].where(both["note_ar"] != "", both["note_ar_d"]),
        }
    )
    return out


def _index(frame: pd.DataFrame, base_year: int) -> tuple[pd.DataFrame, list[str]]:
    base = frame[(frame["year"] == base_year) & frame["value"].notna() & (frame["value"] > 0)]
    base = base.set_index("iso3")["value"]
    left_out = sorted(set(frame["iso3"]) - set(base.index))
    kept = frame[frame["iso3"].isin(base.index)].copy()
    # float: with no country to keep, an empty text column would otherwise refuse the division
    factor = 100.0 / kept["iso3"].map(base).astype("float64")
    for column in ("value", "lower", "upper"):
        kept[column] = kept[column] * factor
    return kept, left_out


@shared
def regional(
    observations: pd.DataFrame,
    iso3s,
    series: str,
    how: str,
    rule: str,
    base_year: int | None = None,
) -> pd.DataFrame:
    """The chosen countries together, per year: sums of the parts, then the measure.

    rule 'complete': only years in which every chosen country reported every part;
    rule 'reported': every year, over the countries that reported ('n of m').
    """
    iso3s = list(iso3s)
    parts = formula(how, series)
    top = totals(observations, iso3s, parts.numerator)
    if parts.denominator is not None:
        bottom = totals(observations, iso3s, parts.denominator)
        keys = top[["iso3", "year"]].merge(bottom[["iso3", "year"]])
        top = top.merge(keys)
        bottom = bottom.merge(keys)
    rows = []
    for year, group in top.groupby("year"):
        reporters = set(group["iso3"])
        if rule == "complete" and reporters != set(iso3s):
            continue
        low, high = bounds(group)
        row = {
            "year": int(year),
            "n": len(reporters),
            "m": len(iso3s),
            "low": low.sum(),
            "high": high.sum(),
        }
        if parts.denominator is not None:
            below = bottom[bottom["year"] == year]
            d_low, d_high = bounds(below)
            if d_low.sum() <= 0:
                continue
            row["low"] = row["low"] / d_high.sum() * parts.scale
            row["high"] = row["high"] / d_low.sum() * parts.scale
        rows.append(row)
    # Typed even when empty: with no complete year the frame has no rows, and untyped
    # (object) columns made the exactness test below raise instead of drawing nothing.
    out = pd.DataFrame(rows, columns=["year", "n", "m", "low", "high"]).astype(
        {"year": int, "n": int, "m": int, "low": float, "high": float}
    )
    if how == "index" and base_year is not None:
        base = out[(out["year"] == base_year) & (out["low"] == out["high"]) & (out["low"] > 0)]
        if base.empty:
            return out.iloc[0:0]
        out[["low", "high"]] = out[["low", "high"]] * 100.0 / base["low"].iloc[0]
    out["value"] = out["low"].where(np.isclose(out["low"], out["high"]))
    return out


@dataclass(frozen=True)
class Change:
    """Change figures for one country, each with the years it spans, or why there is none."""

    iso3: str
    last: tuple[int, int, float] | None  # (previous year, latest year, difference)
    average: tuple[int, int, int, float] | None  # (first, last, points, change per year)
    reason: str | None  # 'too_few' when fewer than MIN_POINTS exact figures in the window


def changes(frame: pd.DataFrame, iso3s, first: int, last: int) -> list[Change]:
    """Change since the previous reported year, and the average annual change (least-squares
    slope) over the window. Only exact figures count: a range has no single change."""
    out = []
    window = frame[(frame["year"] >= first) & (frame["year"] <= last) & frame["value"].notna()]
    for iso3 in iso3s:
        points = window[window["iso3"] == iso3].sort_values("year")
        years, values = points["year"].to_numpy(), points["value"].to_numpy(dtype=float)
        latest = None
        if len(points) >= 2:
            latest = (int(years[-2]), int(years[-1]), float(values[-1] - values[-2]))
        if len(points) < MIN_POINTS:
            out.append(Change(iso3, latest, None, "too_few"))
            continue
        slope = float(np.polyfit(years.astype(float), values, 1)[0])
        out.append(Change(iso3, latest, (int(years[0]), int(years[-1]), len(points), slope), None))
    return out


@shared
def funnel(observations: pd.DataFrame, iso3s, year: int) -> pd.DataFrame:
    """Detected -> formal contact -> prosecuted -> convicted, per country, for one year."""
    frames = []
    for stage in STAGES:
        rows = totals(observations, iso3s, stage)
        rows = rows[rows["year"] == year].assign(stage=stage)
        frames.append(rows)
    out = pd.concat(frames, ignore_index=True)
    return out[["iso3", "stage", "value", "lower", "upper", "status", "note", "note_ar", "source"]]


@shared
def breakdown(observations: pd.DataFrame, iso3: str, indicator: str, by: str) -> pd.DataFrame:
    """One split (sex, age or form) of an indicator over time, for one country.

    Only the split asked for varies; the other two are totals. Suppressed parts are kept with
    their range and drawn apart: they are never stacked as if they were a number.
    """
    others = [d for d in BREAKDOWNS if d != by]
    rows = observations[
        (observations["iso3"] == iso3)
        & (observations["indicator"] == indicator)
        & (observations[by] != "total")
        & (observations[others[0]] == "total")
        & (observations[others[1]] == "total")
    ]
    out = rows.rename(columns={by: "category"})
    return (
        out[["year", "category", "value", "lower", "upper", "status", "source"]]
        .sort_values(["year", "category"])
        .reset_index(drop=True)
    )


@shared
def parts_exceed(observations: pd.DataFrame, iso3: str, indicator: str, by: str) -> list[int]:
    """Years in which a country's parts by `by` add up to more than its reported total (as
    published by UNODC): a stacked chart of them must say so."""
    cells = parts_over_total(observations[observations["iso3"] == iso3], by)
    return sorted(int(y) for y in cells.loc[cells["indicator"] == indicator, "year"])


def exact_by_year(frame: pd.DataFrame, years: list[int]) -> list[float | None]:
    """A series' exact figure for each of `years`: None for a year with no row and for a
    figure that is a range (withheld 1-4), never a number made up for it."""
    values = dict(zip(frame["year"], frame["value"], strict=True))
    return [None if pd.isna(values.get(y)) else float(values[y]) for y in years]
