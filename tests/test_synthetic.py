"""The scale benchmark's synthetic dataset: valid, the same for the same seed, and marked
SYNTHETIC wherever the app shows a source (a small one here; `bench/scale.py` makes the 100x)."""

from __future__ import annotations

import json

import pytest

from dashboard.dataset import load_dataset
from tests import synthetic


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    rows = synthetic.generate(folder, scale=0.01)
    result = load_dataset(folder)
    assert result.dataset is not None, result.report.render()
    return folder, rows, result.dataset


def test_it_is_valid_and_every_figure_says_synthetic(small):
    _, rows, data = small
    assert "SYNTHETIC" in data.manifest["title"]
    assert set(data.observations["source"]) == {synthetic.SOURCE}
    assert set(data.flows["source"]) == {synthetic.SOURCE}
    assert set(data.measures["source"]) == {synthetic.SOURCE}
    source = data.sources.set_index("source").loc[synthetic.SOURCE]
    assert source["title"].startswith("SYNTHETIC")
    assert len(data.indicators) == 60
    assert rows["observations"] == len(data.observations)


def test_the_same_seed_gives_the_same_files_and_another_does_not(small, tmp_path):
    folder, _, _ = small
    again, other = tmp_path / "again", tmp_path / "other"
    synthetic.generate(again, scale=0.01)
    synthetic.generate(other, scale=0.01, seed=synthetic.SEED + 1)

    def hashes(path):
        manifest = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
        return {r["name"]: r["sha256"] for r in manifest["resources"]}

    assert hashes(again) == hashes(folder)
    assert hashes(other)["observations"] != hashes(folder)["observations"]


def test_it_has_what_the_pages_must_cope_with(small):
    _, _, data = small
    obs = data.observations
    counts = obs[obs["indicator"] == "persons_convicted"]
    splits = set(zip(counts["sex"], counts["age"], counts["form"], strict=True))
    assert splits == set(synthetic.count_splits())
    assert set(obs["year"]) <= set(synthetic.YEARS) and obs["year"].nunique() == 35
    withheld = obs[obs["status"] == "suppressed"]
    assert len(withheld) and withheld["value"].isna().all()
    assert (withheld["lower"] == 1).all() and (withheld["upper"] == 4).all()
    # Missing rows are missing, not zero: fewer rows than the full grid.
    grid = obs["iso3"].nunique() * 35 * len(synthetic.count_splits())
    assert len(counts) < grid
    flows = data.flows
    assert set(flows["kind"]) == {"detected_victims", "migrant_stock", "documented_route"}
    assert (flows["transit"].notna() & (flows["kind"] == "detected_victims")).any()
    assert flows.loc[flows["kind"] == "documented_route", "victims"].isna().all()
    assert not (flows["origin"] == flows["destination"]).any()
