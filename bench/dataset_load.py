"""Loading and validating the bundled dataset (target < 1 s) and the cached load (< 10 ms)."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, summary

RUNS = 5
CACHED_RUNS = 200


def measure() -> dict:
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from dashboard.dataset import load_dataset
    from dashboard.ui.served import served

    data = ROOT / "data"
    load_dataset(data)  # imports and file cache warm, as in a running server
    cold = []
    for _ in range(RUNS):
        start = time.perf_counter()
        result = load_dataset(data)
        cold.append(time.perf_counter() - start)
        assert result.dataset is not None
    served(data)
    cached = []
    for _ in range(CACHED_RUNS):
        start = time.perf_counter()
        served(data)
        cached.append(time.perf_counter() - start)
    return {
        "load_and_validate_s": summary(cold),
        "cached_load_ms": {
            "median": statistics.median(cached) * 1000,
            "max": max(cached) * 1000,
        },
    }


if __name__ == "__main__":
    import json

    print(json.dumps(measure(), indent=2))
