"""A short run of the load benchmark (5 sessions for 20 s) against a real server: every session
opens its page and changes its selection, with no error and every run finished. The full load
and soak runs are in `make bench`; here nothing is timed against a target. The benchmark runs as
its own program, as `make bench` runs it, and is read by the JSON it prints."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SESSIONS = 5


@pytest.fixture(scope="module")
def level(server):
    command = [sys.executable, "bench/load.py", "--sessions", str(SESSIONS), "--seconds", "20"]
    command += ["--ramp", "2", "--think", "1", "3", "--no-soak", "--url", server]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout)
    assert len(results["levels"]) == 1, results
    return results["levels"][0]


def test_five_sessions_for_twenty_seconds(level):
    assert level["errors"] == 0, level["error_examples"]
    assert level["sessions"] == SESSIONS and level["open_p50_s"] is not None
    assert level["changes"] >= SESSIONS * 3  # each session changed its selection several times


def test_the_sessions_cover_the_pages_with_charts(level):
    assert set(level["pages"]) >= {"trends", "compare", "flows", "tracker"}
