"""The Overview's computations on tiny hand-made frames."""

from __future__ import annotations

import pandas as pd

from dashboard.metrics.overview import coverage, latest, members
from tests.factories import _obs, tiny_tables


def frame(rows):
    return pd.DataFrame(rows)


def test_latest_takes_the_newest_year_per_indicator():
    obs = frame(
        [
            _obs("BHR", 2019, "persons_convicted", 39),
            _obs("BHR", 2022, "persons_convicted", 38),
            _obs("BHR", 2020, "persons_prosecuted", 12),
        ]
    )
    out = latest(obs, ["BHR"]).set_index("indicator")
    assert out.loc["persons_convicted", "year"] == 2022
    assert out.loc["persons_convicted", "value"] == 38
    assert out.loc["persons_prosecuted", "year"] == 2020
    assert "victims_detected" not in out.index


def test_latest_counts_a_suppressed_figure_as_reported():
    obs = frame(
        [
            _obs("OMN", 2021, "victims_detected", 12),
            _obs("OMN", 2022, "victims_detected", None, "suppressed", 1, 4),
        ]
    )
    row = latest(obs, ["OMN"]).iloc[0]
    assert (row.year, row.status, row.lower, row.upper) == (2022, "suppressed", 1, 4)


def test_latest_ignores_splits_and_other_countries():
    obs = frame(
        [
            _obs("BHR", 2022, "victims_detected", 3, sex="female"),
            _obs("JOR", 2022, "victims_detected", 62),
        ]
    )
    assert latest(obs, ["BHR"]).empty


def test_coverage_grid_is_complete_and_gaps_are_false():
    obs = frame(
        [
            _obs("BHR", 2019, "persons_convicted", 39),
            _obs("BHR", 2021, "victims_detected", None, "suppressed", 1, 4),
            _obs("JOR", 2020, "persons_prosecuted", 40),
        ]
    )
    grid, years = coverage(obs, ["BHR", "JOR"])
    assert years == [2019, 2020, 2021]
    assert len(grid) == 2 * 3 * 3
    reported = set(
        grid[grid.reported][["iso3", "year", "indicator"]].itertuples(index=False, name=None)
    )
    assert reported == {
        ("BHR", 2019, "persons_convicted"),
        ("BHR", 2021, "victims_detected"),
        ("JOR", 2020, "persons_prosecuted"),
    }


def test_coverage_of_nothing():
    grid, years = coverage(frame([_obs("BHR", 2019, "population", 1)]), ["BHR"])
    assert grid.empty and years == []


def test_members_of_groups():
    countries = tiny_tables()["countries"]
    assert members(countries, "forum") == ["BHR", "JOR"]
    assert members(countries, "gcc") == ["BHR"]
    assert members(countries, "mena") == ["BHR", "JOR"]
