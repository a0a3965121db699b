"""Country comparisons: one indicator across countries (a year, or each country's latest),
with a measure, a ranking that keeps withheld and missing figures in their place, peer groups,
and a scorecard of several indicators against the peer group. Pure pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.metrics.memo import shared
from dashboard.metrics.overview import members
from dashboard.metrics.trends import divide, totals

MEASURES = ("absolute", "per100k", "per_victims", "ratio")
GROUPS = ("forum", "gcc", "mena", "origins", "all")
ORIGIN_YEARS = 5
ORIGIN_COUNT = 12


@shared
def peer_group(dataset, group: str) -> list[str]:
    """Codes in a peer group. 'origins': the main countries of citizenship of victims
    detected in the member states over the last years reported; 'all': every country."""
    countries = dataset.countries
    if group in ("forum", "gcc", "mena"):
        return members(countries, group)
    if group == "all":
        return sorted(countries.loc[countries["entity"] == "country", "iso3"])
    flows = dataset.flows
    forum = members(countries, "forum")
    victims = flows[
        (flows["kind"] == "detected_victims")
        & flows["destination"].isin(forum)
        & (flows["sex"] == "total")
        & (flows["age"] == "total")
    ]
    recent = victims[victims["year"] > victims["year"].max() - ORIGIN_YEARS]
    real = set(countries.loc[countries["entity"] == "country", "iso3"]) - set(forum)
    recent = recent[recent["origin"].isin(real)]
    weight = recent["victims"].fillna(recent["lower"])
    top = weight.groupby(recent["origin"]).sum().sort_values(ascending=False)
    return sorted(top.head(ORIGIN_COUNT).index)


@shared
def values(
    observations: pd.DataFrame,
    iso3s,
    indicator: str,
    how: str = "absolute",
    year: int | None = None,
) -> pd.DataFrame:
    """One row per country: the figure for `year`, or the country's latest when None.

    per100k uses the same year's population; per_victims divides by the victims detected in
    the same year (x 100); ratio is persons convicted / prosecuted in the same year and is
    empty (never infinite) where nothing, or nothing known, was prosecuted.
    """
    if how == "absolute":
        frame = totals(observations, iso3s, indicator)
    elif how == "ratio":
        convicted = totals(observations, iso3s, "persons_convicted")
        frame = divide(convicted, totals(observations, iso3s, "persons_prosecuted"), 1.0)
        frame = frame.merge(convicted[["iso3", "year", "source"]], on=["iso3", "year"])
    else:
        below = "population" if how == "per100k" else "victims_detected"
        scale = 100_000.0 if how == "per100k" else 100.0
        top = totals(observations, iso3s, indicator)
        frame = divide(top, totals(observations, iso3s, below), scale)
        frame = frame.merge(top[["iso3", "year", "source"]], on=["iso3", "year"])
    if year is not None:
        frame = frame[frame["year"] == year]
    frame = frame.sort_values(["iso3", "year"]).drop_duplicates("iso3", keep="last")
    return frame.reset_index(drop=True)


def rank(frame: pd.DataFrame, iso3s, higher_first: bool = True) -> pd.DataFrame:
    """Countries in order, as the documentation says:
    exact figures by value; a withheld figure (a range) placed by the top of its range, after
    any exact figure of the same size; countries with no figure last, as 'missing', never 0.
    """
    rows = frame.set_index("iso3")
    out = []
    for iso3 in iso3s:
        if iso3 in rows.index:
            r = rows.loc[iso3]
            exact = not np.isnan(r["value"])
            key = r["value"] if exact else r["upper"]
            out.append({"iso3": iso3, "key": key, "exact": exact, "missing": False})
        else:
            out.append({"iso3": iso3, "key": np.nan, "exact": False, "missing": True})
    ranked = pd.DataFrame(out)
    present = ranked[~ranked["missing"]].sort_values(
        ["key", "exact"], ascending=[not higher_first, False], kind="stable"
    )
    missing = ranked[ranked["missing"]]
    order = pd.concat([present, missing], ignore_index=True)
    order["rank"] = range(1, len(order) + 1)
    order.loc[order["missing"], "rank"] = np.nan
    return order[["iso3", "rank", "missing"]].merge(frame, on="iso3", how="left")


def scorecard(observations: pd.DataFrame, chosen, peers, indicators) -> pd.DataFrame:
    """For each indicator and chosen country: its latest figure, and where it stands in the
    peer group (share of peers with an exact figure below it, 0-1).

    `first` and `last` are the years of the figures it is ranked against (every exact latest
    figure of the peer group and the chosen countries): they may differ, since each country's
    latest year is its own. No ranking (NaN) where fewer than two exact figures exist."""
    everyone = sorted(set(peers) | set(chosen))
    small = observations[
        observations["iso3"].isin(everyone)
        & observations["indicator"].isin(list(indicators))
        & (observations["sex"] == "total")
        & (observations["age"] == "total")
        & (observations["form"] == "total")
    ]
    rows = []
    for indicator in indicators:
        latest_peers = values(small, everyone, indicator)
        exact = latest_peers.set_index("iso3")["value"].dropna()
        ranked_years = latest_peers.loc[latest_peers["value"].notna(), "year"]
        span = {"first": np.nan, "last": np.nan}
        if len(exact) > 1:
            span = {"first": int(ranked_years.min()), "last": int(ranked_years.max())}
        for iso3 in chosen:
            hit = latest_peers[latest_peers["iso3"] == iso3]
            if hit.empty:
                rows.append({"indicator": indicator, "iso3": iso3, "standing": np.nan, **span})
                continue
            r = hit.iloc[0]
            standing = np.nan
            if not np.isnan(r["value"]) and len(exact) > 1:
                standing = float((exact < r["value"]).sum()) / (len(exact) - 1)
            rows.append(
                {
                    "indicator": indicator,
                    "iso3": iso3,
                    "year": int(r["year"]),
                    "value": r["value"],
                    "lower": r["lower"],
                    "upper": r["upper"],
                    "status": r["status"],
                    "standing": standing,
                    **span,
                }
            )
    return pd.DataFrame(rows)
