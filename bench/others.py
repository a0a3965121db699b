"""Public trafficking dashboards built on Streamlit that a delegate might open instead, drawn
in the same headless Chromium by the same measure as this app's pages, in the same run, beside
the floor (a bare page with one chart) and three of this app's pages.

Their code is theirs and is not in this repository: put a checkout of each beside the
project, under `../others/NAME/` (or `$TIP_BENCH_OTHERS/NAME/`), e.g.

    cd .. && mkdir -p others && cd others
    git clone https://github.com/vishnux/Alberta-Human-Trafficking-Data-Portal-Project alberta

A dashboard whose checkout is missing is reported as "not measured". Each is served with this
project's Python environment (its own requirements are not installed), from its own folder.
"Drawn" for them: the script has finished and every chart on the page (plotly or Vega-Lite) has
its drawing, as many charts as a settled first visit showed.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.browser import PAGES, floor, page_loads
from bench.common import (
    CHROMIUM,
    CHROMIUM_ARGS,
    NEXT_FRAMES,
    ROOT,
    free_port,
    start_server,
    stop,
    summary,
    wait_healthy,
)

LOADS = 5
OURS = ("overview_en", "trends_en", "compare_en")


@dataclass(frozen=True)
class Other:
    title: str
    url: str
    script: str


OTHERS = {
    "alberta": Other(
        "Alberta Human Trafficking Dashboard (Statistics Canada figures, 4 Vega-Lite charts)",
        "https://github.com/vishnux/Alberta-Human-Trafficking-Data-Portal-Project",
        "app.py",
    ),
}

CHARTS = """() => [...document.querySelectorAll(
  '[data-testid="stPlotlyChart"], [data-testid="stVegaLiteChart"],'
  + ' [data-testid="stArrowVegaLiteChart"]'
)]"""
DRAWN = (
    """(expected) => {
  const charts = ("""
    + CHARTS
    + """)();
  const done = document.querySelector(
    '[data-testid="stApp"][data-test-script-state="notRunning"]');
  const content = document.querySelector(
    '[data-testid="stMain"] [data-testid="stElementContainer"]');
  return done && content && charts.length >= expected
    && charts.every(c => c.querySelector('.main-svg, canvas, svg.marks'));
}"""
)


def folder() -> Path:
    value = os.environ.get("TIP_BENCH_OTHERS", "").strip()
    return Path(value) if value else ROOT.parent / "others"


def _load(browser, url: str, expected: int, timeout: float = 60_000) -> float:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout
    )
    page.wait_for_function(DRAWN, arg=expected, timeout=timeout)
    page.evaluate(NEXT_FRAMES)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def _charts_after_settling(browser, url: str) -> int:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(DRAWN, arg=0, timeout=120_000)
    page.wait_for_timeout(5000)  # lazily loaded chart code, late elements
    count = page.evaluate(f"() => ({CHARTS})().length")
    context.close()
    return count


def measure_other(browser, name: str, other: Other) -> dict:
    checkout = folder() / name
    script = checkout / other.script
    result = {"title": other.title, "url": other.url}
    if not script.exists():
        return {**result, "measured": False, "why": f"no checkout at {checkout}"}
    port = free_port()
    process = start_server(port, script, cwd=checkout)
    try:
        wait_healthy(port, process)
        url = f"http://127.0.0.1:{port}/"
        charts = _charts_after_settling(browser, url)
        samples = [_load(browser, url, charts) for _ in range(LOADS)]
    finally:
        stop(process)
    return {**result, "measured": True, "charts": charts, "drawn_s": summary(samples)}


def measure() -> dict:
    from playwright.sync_api import sync_playwright

    results = {"others": {}, "ours": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, other in OTHERS.items():
            results["others"][name] = measure_other(browser, name, other)
        results["floor_one_chart_drawn_s"] = summary(floor(browser, "floor_app.py", 1))
        port = free_port()
        process = start_server(port)
        try:
            wait_healthy(port, process)
            for name in OURS:
                path, charts = PAGES[name]
                results["ours"][name] = summary(
                    page_loads(browser, f"http://127.0.0.1:{port}", path, charts)
                )
        finally:
            stop(process)
        browser.close()
    return results


if __name__ == "__main__":
    print(json.dumps(measure(), indent=2))
