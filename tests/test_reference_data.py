"""Checks against the real public files in ../shared/reference-data, when they are present."""

from __future__ import annotations

import filecmp

import pandas as pd
import pytest

from dashboard.importers import unodc
from dashboard.importers.build import UNODC_FILE, build
from tests.conftest import DATA

pytestmark = pytest.mark.reference


@pytest.fixture(scope="module")
def glotip(reference):
    return unodc.read(reference / UNODC_FILE)


def test_no_citizenship_label_is_left_unmapped(glotip):
    assert unodc.unmapped_labels(glotip) == []


def test_every_country_total_matches_the_unodc_file(glotip, bundled):
    source = glotip[
        (glotip["Dimension"] == "Total")
        & (glotip["Sex"] == "Total")
        & (glotip["Age"] == "Total")
        & glotip["Iso3_code"].str.fullmatch(r"[A-Z]{3}")
    ]
    parsed = unodc.parse_values(source["txtVALUE"], source["Year"])
    expected = pd.DataFrame(
        {
            "iso3": source["Iso3_code"],
            "year": source["Year"].astype(int),
            "indicator": source["Indicator"].map(unodc.INDICATORS),
            "value": parsed["value"],
            "lower": parsed["lower"],
            "upper": parsed["upper"],
        }
    )
    obs = bundled.observations
    ours = obs[
        (obs["source"] == "unodc_glotip")
        & (obs["sex"] == "total")
        & (obs["age"] == "total")
        & (obs["form"] == "total")
    ][["iso3", "year", "indicator", "value", "lower", "upper"]]
    assert len(ours) == len(expected) > 7_000
    merged = expected.merge(ours, on=["iso3", "year", "indicator"], suffixes=("", "_ours"))
    assert len(merged) == len(expected)
    for column in ("value", "lower", "upper"):
        a, b = merged[column], merged[f"{column}_ours"]
        assert ((a == b) | (a.isna() & b.isna())).all(), column


@pytest.mark.parametrize(
    ("iso3", "year", "value"),
    [("BHR", 2022, 38), ("ARE", 2019, 92), ("SAU", 2019, 37)],
)
def test_known_convictions(bundled, iso3, year, value):
    obs = bundled.observations
    row = obs[
        (obs.iso3 == iso3)
        & (obs.year == year)
        & (obs.indicator == "persons_convicted")
        & (obs.sex == "total")
        & (obs.age == "total")
        & (obs.form == "total")
    ]
    assert row["value"].tolist() == [value]


def test_jordan_identical_series_is_flagged(bundled):
    obs = bundled.observations
    jordan = obs[
        (obs.iso3 == "JOR")
        & obs.indicator.isin(["persons_prosecuted", "persons_convicted"])
        & obs.year.between(2017, 2022)
        & (obs.sex == "total")
        & (obs.form == "total")
        & (obs.age == "total")
    ]
    assert len(jordan) == 12
    assert set(jordan.status) == {"flagged"}


def test_committed_dataset_is_what_the_build_makes(reference, tmp_path):
    build(reference, tmp_path / "data", tmp_path / "assets")
    for path in sorted((tmp_path / "data").iterdir()):
        assert filecmp.cmp(path, DATA / path.name, shallow=False), path.name
    for name in ("countries.geojson", "countries-region.geojson", "countries-outline.geojson"):
        assert filecmp.cmp(f"assets/{name}", tmp_path / "assets" / name, shallow=False), name
    for name in ("land.png", "land-dark.png"):
        assert filecmp.cmp(f"assets/{name}", tmp_path / "assets" / name, shallow=False), name


def test_tracker_statuses_agree_with_the_gsi_workbook(reference, bundled):
    """Recompute the statuses of the member states straight from the workbook's 1/0/-1 codes
    under the documented rules, and compare with what the tracker shows."""
    from dashboard.importers.gsi import iso3
    from dashboard.metrics.tracker import load_rules, matrix

    sheet = pd.read_excel(
        reference / "walkfree_gsi" / "2023-Global-Slavery-Index-Data.xlsx",
        sheet_name="Govt response - Indicators",
        header=2,
    )
    sheet = sheet[sheet["Country"].notna()]
    sheet.index = sheet["Country"].map(iso3)
    rules = load_rules(DATA / "tracker_rules.csv", set(bundled.indicators.indicator))
    members = ["ARE", "BHR", "EGY", "JOR", "KWT", "OMN", "QAT", "SAU"]
    shown = matrix(bundled.measures, rules, members, {"gsi_m4224neg"})
    checked = 0
    for rule in rules:
        for country in members:
            codes = {m: int(sheet.loc[country, m[4:].upper()]) for m in rule.measures}
            met = {m: (v == 0) if m.endswith("neg") else (v == 1) for m, v in codes.items()}
            expected = (
                "in_place"
                if rule.in_place.holds(met)
                else "partly"
                if rule.partly.holds(met)
                else "not_yet"
            )
            row = shown[(shown.iso3 == country) & (shown.recommendation == rule.recommendation)]
            assert row.status.item() == expected, (country, rule.recommendation)
            checked += 1
    assert checked == 72
