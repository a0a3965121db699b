"""Shared by the benchmarks: start the app, open it in headless Chromium, time things."""

from __future__ import annotations

import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    port: int,
    script: Path = ROOT / "streamlit_app.py",
    env: dict | None = None,
    stderr=subprocess.DEVNULL,
    cwd: Path = ROOT,
) -> subprocess.Popen:
    """`streamlit run` on 127.0.0.1 (used by the benchmarks and the browser tests)."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )


def wait_healthy(port: int, process: subprocess.Popen | None = None, timeout: float = 120) -> None:
    """Wait for the server's health check; if `process` exits first, say why (its stderr)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            detail = process.stderr.read().decode()[-2000:] if process.stderr else ""
            raise RuntimeError("streamlit exited: " + detail)
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError("server did not start")


# Plotly loads lazily: a chart's element appears only once its code has loaded, so "every
# chart drawn" must also count the charts the page is known to have. A plotly map is drawn once
# its shapes are (they arrive from /app/static/ after the chart itself). A deck (pydeck map) is
# drawn once it has its canvas and the shapes it draws have arrived from /app/static/.
CHARTS_DRAWN = """(expected) => {
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  const plotted = charts.length >= expected
    && charts.every(chart => chart.querySelector('.main-svg'))
    && charts.every(chart => !chart.querySelector('g.geo')
      || chart.querySelector('.choroplethlocation'));
  const decks = [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')];
  const shapes = performance.getEntriesByType('resource')
    .some(e => e.name.includes('/app/static/') && e.responseEnd > 0);
  const mapped = decks.every(deck => deck.querySelector('canvas')) && (!decks.length || shapes);
  return plotted && mapped;
}"""
NEXT_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def wait_drawn(page, charts: int = 0, timeout: float = 60_000) -> None:
    """Fully drawn: connected, script finished, every plotly chart and deck on the page drawn."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout
    )
    # Before its first run the app also says "notRunning": wait for the page's own content
    # (every page has a title; a page that cannot draw shows an alert) before trusting it.
    page.wait_for_selector('[data-testid="stMain"] h1, [data-testid="stAlert"]', timeout=timeout)
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout
    )
    page.wait_for_function(CHARTS_DRAWN, arg=charts, timeout=timeout)
    page.evaluate(NEXT_FRAMES)  # the frame that paints what has just arrived


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
