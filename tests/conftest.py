"""Shared fixtures: the bundled dataset, a tiny synthetic one, and the reference folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from dashboard import config
from dashboard.dataset import load_dataset
from tests.factories import write_tiny

# The fuzzing tests try new examples on each run, except in CI (.ci/run sets
# HYPOTHESIS_PROFILE=ci): there the same examples every time, so whether a commit lands does not
# depend on luck. A failure found locally is kept as a plain test (see test_fuzz_loader.py).
settings.register_profile("ci", derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
REFERENCE = config.reference_path()  # $TIP_DASHBOARD_REFERENCE, as for the app and `make data`


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


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server on loopback (Debian's package) for the whole run: skipped when it is
    not installed, except where REQUIRE_BROWSER=1 (CI), where that is a failure."""
    from deploy.postgres import LocalPostgres, binaries

    if binaries() is None:
        message = "Debian's postgresql is not installed (apt-get install postgresql)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message + "; the database store tests are required here", pytrace=False)
        pytest.skip(message)
    with LocalPostgres() as server:
        yield server
