"""A short run of the load test (5 sessions for 20 s) against a real server: every session
opens its page and changes its selection, with no error and every run finished. The full load
and soak runs are in `make bench`; here nothing is timed against a target."""

from __future__ import annotations

from bench.load import SCENARIOS, load
from bench.loadclient import run as run_async


def test_five_sessions_for_twenty_seconds(server):
    result = run_async(load(server, [], 5, 20, ramp=2, think=(1, 3)))
    assert result["errors"] == 0, result["error_examples"]
    assert result["sessions"] == 5 and result["open_p50_s"] is not None
    assert result["changes"] >= 5 * 3  # each session changed its selection several times


def test_the_scenarios_cover_the_pages_with_charts():
    assert {page for page, _, _ in SCENARIOS} >= {"trends", "compare", "flows", "tracker"}
