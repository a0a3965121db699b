"""Cells whose parts add up to more than their total.

UNODC's own figures sometimes disagree (Bahrain 2021: 32 victims detected in all, 44 of them in
forced labour alone). Such figures are kept as published; the validator warns about them and
every chart that stacks or adds the parts says so beside the chart. Parts are compared by their
lowest possible value (a `<5` part counts as 1), so a range never makes a false alarm.
"""

from __future__ import annotations

import pandas as pd

SPLITS = ("sex", "age", "form")
KEY = ["iso3", "year", "indicator"]


def parts_over_total(observations: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per cell (country, year, indicator) whose parts by `by` exceed its total:
    iso3, year, indicator, parts (the lowest possible sum) and total (its highest value)."""
    others = [s for s in SPLITS if s != by]
    rows = observations[(observations[others[0]] == "total") & (observations[others[1]] == "total")]
    low = rows["value"].fillna(rows["lower"])
    high = rows["value"].fillna(rows["upper"])
    is_total = rows[by] == "total"
    totals = rows[is_total].assign(total=high[is_total]).drop_duplicates(KEY)[[*KEY, "total"]]
    parts = rows[~is_total].assign(parts=low[~is_total]).groupby(KEY, as_index=False)["parts"].sum()
    both = parts.merge(totals, on=KEY)
    return both[both["parts"] > both["total"]].reset_index(drop=True)
