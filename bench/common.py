"""Shared by the benchmarks: start the app, open it in headless Chromium, time things.

Starting and stopping servers is `deploy/processes.py`'s, and what "drawn" means is
`tests/browser/drawn.py`'s: the benchmarks time exactly what the tests check.
"""

from __future__ import annotations

import os
import platform
import statistics
from pathlib import Path

from deploy.processes import free_port, start_server, stop, wait_healthy
from tests.browser.drawn import CHARTS_DRAWN, CHROMIUM, CHROMIUM_ARGS, NEXT_FRAMES, wait_drawn

ROOT = Path(__file__).resolve().parent.parent
__all__ = [
    "CHARTS_DRAWN",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "NEXT_FRAMES",
    "ROOT",
    "free_port",
    "machine",
    "start_server",
    "stop",
    "summary",
    "wait_drawn",
    "wait_healthy",
]


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
    }


def summary(samples: list[float]) -> dict:
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "max": max(samples),
        "samples": samples,
    }
