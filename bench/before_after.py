"""The same pages and changes on two versions of the app in one run: an earlier checkout
("before") and this one ("after"), both served at once and measured in turns, sample by sample,
so that both see the same machine at the same moment.

    git worktree add /tmp/before <commit>
    python bench/before_after.py --before /tmp/before [--rounds 2] [--loads 4]

With both servers warm, each round draws every page from a link in a new tab (as
`bench/browser.py` does) and makes a change on the trends, compare and flows pages until the
page shows it, alternating which version goes first from one sample to the next (a machine that
drifts during the run, or a browser that slows as it ages, weighs on both alike). Prints, per
measurement, the median of each version and after / before. Nothing here is a pass or a fail:
the figures go into the README.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.browser import (
    PAGES,
    flows_filter_changes,
    indicator_changes,
    measure_changes,
    page_loads,
)
from bench.common import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, start_server, stop, wait_healthy

CHANGES = {
    "trends_measure_change_s": measure_changes,
    "compare_indicator_change_s": indicator_changes,
    "flows_filter_change_s": flows_filter_changes,
}


def serve(checkout: Path):
    port = free_port()
    process = start_server(port, checkout / "streamlit_app.py", cwd=checkout)
    wait_healthy(port)
    return process, f"http://127.0.0.1:{port}"


def measurements(names: list[str], loads: int) -> dict:
    """name -> a function (browser, base) -> samples: one new-tab load of each page, `loads`
    times in a round, and each change."""
    found = {}
    for name in names:
        path, charts = PAGES[name]
        found[f"{name}_drawn_s"] = lambda b, base, path=path, charts=charts: page_loads(
            b, base, path, charts, 1
        )
    return found | CHANGES


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the earlier app")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--loads", type=int, default=4)
    parser.add_argument("--lang", default="en", choices=("en", "ar"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    names = [n for n in PAGES if n.endswith(f"_{args.lang}")]
    samples: dict[str, dict[str, list[float]]] = {"before": {}, "after": {}}
    servers = {}
    try:
        servers["before"] = serve(args.before)
        servers["after"] = serve(ROOT)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            turn = 0
            for _ in range(args.rounds):
                for key, measure in measurements(names, args.loads).items():
                    repeats = args.loads if key.endswith("_drawn_s") else 1
                    for _ in range(repeats):
                        order = ("before", "after") if turn % 2 == 0 else ("after", "before")
                        turn += 1
                        for label in order:
                            values = measure(browser, servers[label][1])
                            samples[label].setdefault(key, []).extend(values)
            browser.close()
    finally:
        for process, _ in servers.values():
            stop(process)
    report = {}
    for key in samples["after"]:
        before = statistics.median(samples["before"][key])
        after = statistics.median(samples["after"][key])
        report[key] = {
            "before_median_s": round(before, 3),
            "after_median_s": round(after, 3),
            "after_over_before": round(after / before, 3),
            "samples_each": len(samples["after"][key]),
        }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
