"""Comparison computations on tiny hand-made frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.metrics.compare import peer_group, rank, scorecard, values
from tests.factories import _obs

OBS = pd.DataFrame(
    [
        _obs("BHR", 2021, "persons_convicted", 53),
        _obs("BHR", 2022, "persons_convicted", 38),
        _obs("BHR", 2021, "population", 1_000_000),
        _obs("BHR", 2022, "population", 2_000_000),
        _obs("BHR", 2022, "persons_prosecuted", 0),
        _obs("BHR", 2022, "victims_detected", 19),
        _obs("OMN", 2022, "persons_convicted", None, "suppressed", 1, 4),
        _obs("OMN", 2022, "persons_prosecuted", 21),
        _obs("QAT", 2019, "persons_convicted", 4),
        _obs("QAT", 2019, "persons_prosecuted", 8),
    ]
)


def test_latest_uses_each_countrys_own_year():
    out = values(OBS, ["BHR", "QAT"], "persons_convicted").set_index("iso3")
    assert (out.loc["BHR", "year"], out.loc["BHR", "value"]) == (2022, 38)
    assert (out.loc["QAT", "year"], out.loc["QAT", "value"]) == (2019, 4)


def test_a_chosen_year_leaves_others_out():
    out = values(OBS, ["BHR", "QAT"], "persons_convicted", year=2021)
    assert list(out.iso3) == ["BHR"] and out.value.tolist() == [53]


def test_per_100000_uses_the_same_years_population():
    out = values(OBS, ["BHR"], "persons_convicted", "per100k").iloc[0]
    assert out.year == 2022
    assert out.value == pytest.approx(38 / 2_000_000 * 100_000)


def test_ratio_is_empty_not_infinite_where_nothing_was_prosecuted():
    out = values(OBS, ["BHR", "QAT"], "persons_convicted", "ratio").set_index("iso3")
    assert "BHR" not in out.index  # 2022: nobody prosecuted; 2021: prosecutions not reported
    assert not any(math.isinf(v) for v in out.value.dropna())
    assert out.loc["QAT", "value"] == pytest.approx(0.5)


def test_per_100_victims():
    out = values(OBS, ["BHR"], "persons_convicted", "per_victims").iloc[0]
    assert out.value == pytest.approx(38 / 19 * 100)


def test_ranking_places_withheld_by_their_top_and_missing_last():
    frame = pd.DataFrame(
        [
            {
                "iso3": "AAA",
                "year": 2022,
                "value": 4.0,
                "lower": None,
                "upper": None,
                "status": "reported",
            },
            {
                "iso3": "BBB",
                "year": 2022,
                "value": float("nan"),
                "lower": 1.0,
                "upper": 4.0,
                "status": "suppressed",
            },
            {
                "iso3": "CCC",
                "year": 2022,
                "value": 10.0,
                "lower": None,
                "upper": None,
                "status": "reported",
            },
            {
                "iso3": "DDD",
                "year": 2022,
                "value": 2.0,
                "lower": None,
                "upper": None,
                "status": "reported",
            },
        ]
    )
    out = rank(frame, ["AAA", "BBB", "CCC", "DDD", "EEE"])
    assert list(out.iso3) == ["CCC", "AAA", "BBB", "DDD", "EEE"]
    assert out.set_index("iso3").loc["EEE", "missing"]
    assert math.isnan(out.set_index("iso3").loc["EEE", "rank"])
    assert math.isnan(out.set_index("iso3").loc["EEE", "value"])  # missing is never zero


def test_scorecard_standing_against_the_peers():
    card = scorecard(OBS, ["BHR", "QAT"], ["BHR", "OMN", "QAT"], ["persons_convicted"])
    rows = card.set_index("iso3")
    assert rows.loc["BHR", "standing"] == 1.0  # above the only other exact figure
    assert rows.loc["QAT", "standing"] == 0.0


def test_peer_groups(bundled):
    assert peer_group(bundled, "gcc") == ["ARE", "BHR", "KWT", "OMN", "QAT", "SAU"]
    origins = peer_group(bundled, "origins")
    assert 0 < len(origins) <= 12
    assert not set(origins) & set(peer_group(bundled, "forum"))
    assert all(not code.startswith("X") for code in origins)
    assert len(peer_group(bundled, "all")) > 240


def test_scorecard_gives_the_years_it_ranks():
    # Bahrain's 2022 figure is ranked against Qatar's 2019 one; Oman's withheld 2022 figure
    # is not ranked, so it does not count in the years either.
    card = scorecard(OBS, ["BHR", "OMN"], ["BHR", "OMN", "QAT"], ["persons_convicted"])
    rows = card.set_index("iso3")
    assert (rows.loc["BHR", "first"], rows.loc["BHR", "last"]) == (2019, 2022)
    assert (rows.loc["OMN", "first"], rows.loc["OMN", "last"]) == (2019, 2022)


def test_scorecard_has_no_years_where_nothing_is_ranked():
    card = scorecard(OBS, ["BHR", "OMN"], ["BHR", "OMN"], ["persons_convicted"])
    assert card["first"].isna().all() and card["last"].isna().all()
