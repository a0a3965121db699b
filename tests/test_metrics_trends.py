"""Trend computations on tiny hand-made frames: gaps, ranges, ratios, index, region, change."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.metrics.trends import breakdown, changes, funnel, measure, parts_exceed, regional
from tests.factories import _obs


def frame(rows):
    return pd.DataFrame(rows)


def by_year(out, iso3):
    return out[out.iso3 == iso3].set_index("year")


OBS = frame(
    [
        _obs("BHR", 2018, "persons_convicted", 20),
        _obs("BHR", 2020, "persons_convicted", 40),  # 2019 missing: a gap
        _obs("BHR", 2021, "persons_convicted", None, "suppressed", 1, 4),
        _obs("BHR", 2018, "persons_prosecuted", 40),
        _obs("BHR", 2020, "persons_prosecuted", 0),
        _obs("BHR", 2021, "persons_prosecuted", 10),
        _obs("BHR", 2018, "population", 1_000_000),
        _obs("BHR", 2020, "population", 2_000_000),
        _obs("BHR", 2018, "victims_detected", 10),
        _obs("JOR", 2018, "persons_convicted", 10),
        _obs("JOR", 2019, "persons_convicted", 30),
        _obs("JOR", 2020, "persons_convicted", 50),
        _obs("JOR", 2018, "persons_prosecuted", 10),
        _obs("JOR", 2019, "persons_prosecuted", 30),
    ]
)


def test_gaps_stay_gaps():
    out, _ = measure(OBS, ["BHR"], "persons_convicted", "absolute")
    assert sorted(out.year) == [2018, 2020, 2021]
    assert 2019 not in set(out.year)


def test_suppressed_stays_a_range():
    out, _ = measure(OBS, ["BHR"], "persons_convicted", "absolute")
    row = by_year(out, "BHR").loc[2021]
    assert math.isnan(row.value) and (row.lower, row.upper, row.status) == (1, 4, "suppressed")


def test_per_100000_uses_the_same_year_population():
    out, _ = measure(OBS, ["BHR"], "persons_convicted", "per100k")
    rows = by_year(out, "BHR")
    assert rows.loc[2018, "value"] == pytest.approx(2.0)
    assert rows.loc[2020, "value"] == pytest.approx(2.0)  # 40 / 2,000,000, not / 1,000,000
    assert 2021 not in rows.index  # no population for 2021: no rate


def test_ratio_is_empty_not_infinite_when_nothing_was_prosecuted():
    out, _ = measure(OBS, ["BHR", "JOR"], "persons_convicted", "ratio")
    bhr = by_year(out, "BHR")
    assert bhr.loc[2018, "value"] == pytest.approx(0.5)
    assert 2020 not in bhr.index  # prosecuted = 0
    assert not out["value"].isin([math.inf]).any()
    jor = by_year(out, "JOR")
    assert 2020 not in jor.index  # prosecuted missing


def test_ratio_with_a_suppressed_part_is_a_range():
    out, _ = measure(OBS, ["BHR"], "persons_convicted", "ratio")
    row = by_year(out, "BHR").loc[2021]
    assert math.isnan(row.value)
    assert (row.lower, row.upper, row.status) == (0.1, 0.4, "suppressed")


def test_convictions_per_100_victims():
    out, _ = measure(OBS, ["BHR"], "persons_convicted", "per_victims")
    assert by_year(out, "BHR").loc[2018, "value"] == pytest.approx(200.0)


def test_index_base_is_100_and_countries_without_a_base_are_named():
    out, left_out = measure(OBS, ["BHR", "JOR"], "persons_convicted", "index", base_year=2019)
    assert by_year(out, "JOR").loc[2019, "value"] == pytest.approx(100.0)
    assert by_year(out, "JOR").loc[2020, "value"] == pytest.approx(50 / 30 * 100)
    assert left_out == ["BHR"]


@pytest.mark.parametrize("base_year", [2015, 1990])
def test_index_with_no_country_reporting_the_base_year_names_them_all(base_year):
    """The page's default base year once made 'This view could not be drawn' when none of the
    chosen countries had a figure that year: now the index is empty and all are named."""
    out, left_out = measure(OBS, ["BHR", "JOR"], "persons_convicted", "index", base_year)
    assert out.empty and left_out == ["BHR", "JOR"]


def test_regional_line_complete_years_only():
    out = regional(OBS, ["BHR", "JOR"], "persons_convicted", "absolute", "complete")
    assert list(out.year) == [2018, 2020]
    row = out.set_index("year").loc[2018]
    assert (row.value, row.n, row.m) == (30, 2, 2)


def test_regional_line_over_reporters_says_n_of_m():
    out = regional(OBS, ["BHR", "JOR"], "persons_convicted", "absolute", "reported").set_index(
        "year"
    )
    assert (out.loc[2019, "value"], out.loc[2019, "n"], out.loc[2019, "m"]) == (30, 1, 2)
    # 2021: only Bahrain, suppressed: a range, no single value
    assert math.isnan(out.loc[2021, "value"])
    assert (out.loc[2021, "low"], out.loc[2021, "high"]) == (1, 4)


def test_regional_ratio_is_a_ratio_of_sums():
    out = regional(OBS, ["BHR", "JOR"], "persons_convicted", "ratio", "complete").set_index("year")
    assert out.loc[2018, "value"] == pytest.approx(30 / 50)


def test_change_figures_refuse_fewer_than_three_points():
    out, _ = measure(OBS, ["BHR", "JOR"], "persons_convicted", "absolute")
    bhr, jor = changes(out, ["BHR", "JOR"], 2018, 2021)
    # Bahrain: 20 (2018), 40 (2020), 2021 suppressed -> two exact points
    assert bhr.average is None and bhr.reason == "too_few"
    assert bhr.last == (2018, 2020, 20.0)
    assert jor.average == (2018, 2020, 3, pytest.approx(20.0))
    assert jor.last == (2019, 2020, 20.0)


def test_change_window_limits_the_points():
    out, _ = measure(OBS, ["JOR"], "persons_convicted", "absolute")
    (jor,) = changes(out, ["JOR"], 2019, 2020)
    assert jor.average is None and jor.reason == "too_few"


def test_funnel_for_one_year():
    out = funnel(OBS, ["BHR", "JOR"], 2018)
    stages = set(zip(out.iso3, out.stage, strict=True))
    assert ("BHR", "victims_detected") in stages
    assert ("BHR", "persons_formal_contact") not in stages
    assert len(out[out.iso3 == "JOR"]) == 2


def test_breakdown_varies_only_the_chosen_split():
    obs = frame(
        [
            _obs("BHR", 2020, "victims_detected", 5, sex="female"),
            _obs("BHR", 2020, "victims_detected", None, "suppressed", 1, 4, sex="male"),
            _obs("BHR", 2020, "victims_detected", 3, sex="female", age="child"),
            _obs("BHR", 2020, "victims_detected", 6, form="forced_labour"),
        ]
    )
    by_sex = breakdown(obs, "BHR", "victims_detected", "sex")
    assert list(by_sex.category) == ["female", "male"]
    assert list(breakdown(obs, "BHR", "victims_detected", "form").category) == ["forced_labour"]


def test_regional_with_no_complete_year_is_empty_not_an_error(bundled):
    from dashboard.metrics import trends as tm

    out = tm.regional(
        bundled.observations,
        ["BHR", "EGY", "JOR", "KWT", "OMN", "QAT", "SAU", "ARE"],
        "persons_convicted",
        "absolute",
        "complete",
    )
    assert out.empty and list(out.columns) == ["year", "n", "m", "low", "high", "value"]


@pytest.mark.parametrize(
    ("iso3", "by", "year"),
    [("BHR", "form", 2021), ("NPL", "sex", 2020)],
)
def test_parts_exceed_finds_unodcs_own_inconsistent_cells(bundled, iso3, by, year):
    # Bahrain 2021: 32 victims detected, 44 in forced labour; Nepal 2020: 187, 1,078 male.
    assert year in parts_exceed(bundled.observations, iso3, "victims_detected", by)


def test_parts_exceed_is_empty_where_the_parts_fit(bundled):
    assert parts_exceed(bundled.observations, "KWT", "victims_detected", "form") == []
    assert parts_exceed(bundled.observations, "KWT", "victims_detected", "sex") == []


def test_parts_exceed_counts_a_withheld_part_by_its_lowest_value():
    rows = frame(
        [
            _obs("BHR", 2020, "victims_detected", 10),
            _obs("BHR", 2020, "victims_detected", 9, form="forced_labour"),
            _obs("BHR", 2020, "victims_detected", None, "suppressed", 1, 4, form="other"),
            _obs("BHR", 2021, "victims_detected", 10),
            _obs("BHR", 2021, "victims_detected", 10, form="forced_labour"),
            _obs("BHR", 2021, "victims_detected", None, "suppressed", 1, 4, form="other"),
        ]
    )
    assert parts_exceed(rows, "BHR", "victims_detected", "form") == [2021]
