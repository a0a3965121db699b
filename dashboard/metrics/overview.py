"""What the Overview shows: each member state's latest figures, and which years are covered."""

from __future__ import annotations

import pandas as pd

from dashboard.metrics.memo import shared

CORE = ("victims_detected", "persons_prosecuted", "persons_convicted")
GROUPS = ("forum", "gcc", "mena")
_GROUP_COLUMN = {"forum": "forum_member", "gcc": "gcc", "mena": "mena"}


def members(countries: pd.DataFrame, group: str) -> list[str]:
    """Codes of the countries in a peer group, in code order."""
    column = _GROUP_COLUMN[group]
    chosen = countries[countries[column] & (countries["entity"] == "country")]
    return sorted(chosen["iso3"])


def country_totals(observations: pd.DataFrame, indicators=CORE) -> pd.DataFrame:
    """Rows that are a country's total (not split by sex, age or form) for the indicators."""
    return observations[
        observations["indicator"].isin(indicators)
        & (observations["sex"] == "total")
        & (observations["age"] == "total")
        & (observations["form"] == "total")
    ]


@shared
def latest(observations: pd.DataFrame, iso3s: list[str], indicators=CORE) -> pd.DataFrame:
    """For each country and indicator, the row of the latest year with a figure (any status).

    A suppressed figure counts as reported (the country reported "fewer than 5"); a country
    with no row for an indicator is simply absent: the caller shows it as not reported.
    """
    rows = country_totals(observations, indicators)
    rows = rows[rows["iso3"].isin(iso3s)]
    rows = rows.sort_values(["iso3", "indicator", "year", "source"])
    return rows.groupby(["iso3", "indicator"], sort=True).tail(1).reset_index(drop=True)


@shared
def coverage(
    observations: pd.DataFrame, iso3s: list[str], indicators=CORE
) -> tuple[pd.DataFrame, list[int]]:
    """A complete country x year x indicator grid of booleans: was a figure reported?

    The years run from the first to the last year that any of the countries reported.
    """
    rows = country_totals(observations, indicators)
    rows = rows[rows["iso3"].isin(iso3s)]
    if rows.empty:
        return pd.DataFrame(columns=["iso3", "year", "indicator", "reported"]), []
    years = list(range(int(rows["year"].min()), int(rows["year"].max()) + 1))
    reported = set(zip(rows["iso3"], rows["year"], rows["indicator"], strict=True))
    grid = pd.DataFrame(
        [
            (iso3, year, indicator, (iso3, year, indicator) in reported)
            for iso3 in iso3s
            for year in years
            for indicator in indicators
        ],
        columns=["iso3", "year", "indicator", "reported"],
    )
    return grid, years
