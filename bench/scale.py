"""Every page on the SYNTHETIC 100x dataset (tests/synthetic.py) against the bundled dataset, in
the same run: fully drawn in headless Chromium with the server warm, median of 5. Target: each
page within 2x its time on the bundled data. Also the synthetic dataset's load time and the
server's memory.

    python bench/scale.py            (writes var/bench/synthetic-100x/ first if it is missing)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.browser import PAGES, page_loads
from bench.common import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    free_port,
    start_server,
    stop,
    summary,
    wait_drawn,
    wait_healthy,
)
from bench.load import _rss_and_ticks
from tests import synthetic

FOLDER = ROOT / "var" / "bench" / "synthetic-100x"
LIMIT_MB = "2000"  # the synthetic observations file is ~600 MB


def ensure_dataset() -> dict:
    manifest = FOLDER / "datapackage.json"
    expected = f"(seed {synthetic.SEED}, scale 1)"
    if manifest.exists() and expected in json.loads(manifest.read_text())["title"]:
        rows = {r["name"]: r["rows"] for r in json.loads(manifest.read_text())["resources"]}
        return {"rows": rows, "generated_s": None}
    start = time.perf_counter()
    rows = synthetic.generate(FOLDER)
    return {"rows": rows, "generated_s": round(time.perf_counter() - start, 1)}


def pages_on(browser, env: dict | None) -> dict:
    port = free_port()
    process = start_server(port, env=env)
    results = {}
    try:
        start = time.perf_counter()
        wait_healthy(port, process, timeout=300)
        base = f"http://127.0.0.1:{port}"
        for name, (path, charts) in PAGES.items():  # first visits: nothing computed yet
            context = browser.new_context()
            page = context.new_page()
            visit = time.perf_counter()
            page.goto(base + path)
            wait_drawn(page, charts, timeout=600_000)
            context.close()
            if "first_page_s" not in results:  # includes loading and checking the dataset
                results["first_page_s"] = round(time.perf_counter() - start, 1)
            else:
                results[f"{name}_first_visit_s"] = round(time.perf_counter() - visit, 2)
        for name, (path, charts) in PAGES.items():
            results[f"{name}_drawn_s"] = summary(page_loads(browser, base, path, charts))
        results["rss_mb"] = round(_rss_and_ticks([process.pid])[0])
    finally:
        stop(process)
    return results


def measure() -> dict:
    from playwright.sync_api import sync_playwright

    dataset = ensure_dataset()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        bundled = pages_on(browser, None)
        large = pages_on(
            browser, {"TIP_DASHBOARD_DATA": str(FOLDER), "TIP_DASHBOARD_MAX_FILE_MB": LIMIT_MB}
        )
        browser.close()
    ratios = {
        name: round(large[f"{name}_drawn_s"]["median"] / bundled[f"{name}_drawn_s"]["median"], 2)
        for name in PAGES
    }
    return {"dataset": dataset, "bundled": bundled, "synthetic": large, "ratio": ratios}


if __name__ == "__main__":
    print(json.dumps(measure(), indent=2))
