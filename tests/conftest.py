"""Shared fixtures: the bundled dataset, a tiny synthetic one, and the reference folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.dataset import load_dataset
from tests.factories import write_tiny

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
REFERENCE = ROOT.parent / "shared" / "reference-data"


@pytest.fixture(scope="session")
def bundled():
    result = load_dataset(DATA)
    assert result.dataset is not None, result.report.render()
    return result.dataset


@pytest.fixture
def tiny(tmp_path) -> Path:
    return write_tiny(tmp_path / "tiny")


@pytest.fixture(scope="session")
def reference() -> Path:
    if not (REFERENCE / "unodc_glotip" / "data_glotip.xlsx").exists():
        pytest.skip("the public reference files are not beside the project")
    return REFERENCE
