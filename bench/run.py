"""`make bench`: run every benchmark, print a table against the targets, write JSON.

    python bench/run.py                       everything (about 80 minutes on 2 cores)
    python bench/run.py --only scale,others   some parts, merged into the last results

Benchmarks are measurements, not tests: they never fail because a machine is slow.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import (
    browser,
    dataset_load,
    load,
    others,
    present,
    scale,
    server,
    updates,
    versus,
    wire,
)
from bench.common import machine

RESULTS = Path(__file__).resolve().parent / "results"
# (result path, unit, target, label)
TARGETS = [
    (("dataset", "load_and_validate_s", "median"), "s", 1.0, "dataset load + validation"),
    (("dataset", "cached_load_ms", "median"), "ms", 10.0, "cached dataset load"),
    (("server", "flows_deck_default_mb"), "MB", 2.0, "Flows: deck JSON, default view"),
    (("server", "flows_deck_everything_mb"), "MB", 5.0, "Flows: deck JSON, every flow"),
    (("browser", "process_start_to_drawn_s", "median"), "s", 6.0, "process start -> drawn"),
    (("present", "next_slide_en_s", "median"), "s", 1.0, "Presentation: next slide drawn (en)"),
    (("present", "next_slide_ar_s", "median"), "s", 1.0, "Presentation: next slide drawn (ar)"),
    (("present", "deck_pptx_en_s", "median"), "s", 20.0, "Export default deck: PowerPoint"),
    (("present", "deck_pdf_en_s", "median"), "s", 20.0, "Export default deck: PDF"),
    (("present", "deck_pdf_ar_s", "median"), "s", 20.0, "Export default deck: PDF, Arabic"),
    (("updates", "prepare_template_s", "median"), "s", None, "update: prepare a filled template"),
    (("updates", "prepare_full_workbook_s", "median"), "s", None, "update: prepare a workbook"),
    (("updates", "prepare_unodc_release_s", "median"), "s", None, "update: prepare a UNODC file"),
    (("updates", "write_version_s", "median"), "s", None, "update: write a new version"),
]


PARTS = {
    "dataset": dataset_load.measure,
    "updates": updates.measure,
    "server": server.measure,
    "browser": browser.measure,
    "present": present.measure,
    "wire": wire.measure,
    "load": load.measure,
    "deployments": load.measure_deployments,
    "versus": versus.measure,
    "scale": scale.measure,
    "others": others.measure,
}


def dig(data: dict, path: tuple) -> float | None:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def floor_target(key: str) -> float:
    """Each measure's target as a ratio to its own floor, same run."""
    if key.endswith("_rerun_s"):
        return 2.0  # the server's time for a change
    if key.endswith("_change_s"):
        return 1.3  # a change redrawn in the browser
    return 1.25  # a page drawn, in a new tab or through the sidebar


def print_floors(results: dict) -> None:
    browser_results = results.get("browser", {})
    ratios = browser_results.get("over_floor", {})
    if not ratios:
        return
    print("Against each page's own floor (same elements, no project code; same run, in turns):")
    print(f"{'measure':40} {'app':>8} {'floor':>8} {'ratio':>7} {'target':>7}  met")
    for key, ratio in ratios.items():
        app = browser_results[key]["median"]
        floor = browser_results[f"floor_{key}"]["median"]
        target = floor_target(key)
        met = "yes" if ratio <= target else "NO"
        print(f"{key:40} {app:>7.2f}s {floor:>7.2f}s {ratio:>7.2f} {target:>7.2f}  {met}")
    for name, ratio in browser_results.get("headline_over_bare", {}).items():
        seen = browser_results[f"{name}_headline_s"]["median"]
        bare = browser_results[f"floor_bare_{name}_headline_s"]["median"]
        first = browser_results["headline_before_charts"][name]
        met = "yes" if ratio <= 1.2 else "NO"
        print(
            f"{name + ' headline visible':40} {seen:>7.2f}s {bare:>7.2f}s {ratio:>7.2f}"
            f" {1.2:>7.2f}  {met} (before the charts: {first})"
        )


def print_load(results: dict) -> None:
    def row(label: str, level: dict) -> None:
        print(
            f"{label:28} N={level['sessions']:<4} p50 {level['change_p50_s']:.2f} s"
            f"  p95 {level['change_p95_s']:.2f} s  max {level['change_max_s']:.2f} s"
            f"  errors {level['errors']}  RSS {level['rss_max_mb']:.0f} MB"
            f"  CPU {level['cpu_mean_percent']:.0f} %"
        )

    print("Load (protocol-level sessions; change -> server run finished):")
    for level in results.get("load", {}).get("levels", []):
        if level["change_p50_s"] is not None:
            row("one process", level)
    for name, levels in results.get("deployments", {}).items():
        if not isinstance(levels, list):
            continue
        for level in levels:
            if level["change_p50_s"] is not None:
                label = (
                    name.replace("_", " ") + " + nginx" + (", burst" if level.get("burst") else "")
                )
                row(label, level)
            if level.get("burst"):
                print(
                    f"{'':28} first page after arrival: p95 {level['first_page_p95_s']:.2f} s,"
                    f" max {level['first_page_max_s']:.2f} s,"
                    f" {level['first_page_over_10_s']} of {level['first_pages']} over 10 s"
                )
    soak = results.get("load", {}).get("soak")
    if soak:
        print(
            f"soak {soak['seconds']:.0f} s: {soak['sessions_opened']} sessions opened, RSS after"
            f" warm-up {soak['rss_after_warmup_mb']:.0f} MB, at end {soak['rss_at_end_mb']:.0f}"
            f" MB, errors {soak['errors']}"
        )
    if "versus" in results:
        versus_browser = results["versus"]
        print(
            f"N=5, trends: browser change {versus_browser['browser_change_s']['median']:.2f} s,"
            f" load client p50 {versus_browser['protocol']['change_p50_s']:.2f} s"
        )
    for page, sizes in results.get("wire", {}).items():
        print(
            f"wire {page:10} first visit {sizes['first_visit_kb']:.0f} kB,"
            f" repeat {sizes['repeat_visit_kb']:.0f} kB"
        )


def print_scale(results: dict) -> None:
    if "scale" in results:
        big = results["scale"]
        print("SYNTHETIC 100x dataset against the bundled one (median drawn, warm; target <= 2x):")
        for name, ratio in big["ratio"].items():
            print(
                f"  {name:12} {big['bundled'][name + '_drawn_s']['median']:6.2f} s"
                f" -> {big['synthetic'][name + '_drawn_s']['median']:6.2f} s  x{ratio:.2f}"
                f"  {'yes' if ratio <= 2 else 'NO'}"
            )
    if "others" in results:
        print("Public Streamlit trafficking dashboards (median drawn, same measure and run):")
        for name, other in results["others"]["others"].items():
            value = f"{other['drawn_s']['median']:.2f} s" if other["measured"] else other["why"]
            print(f"  {name:12} {value}   {other['title']}")
        print(f"  {'floor':12} {results['others']['floor_one_chart_drawn_s']['median']:.2f} s")
        for name, figures in results["others"]["ours"].items():
            print(f"  {name:12} {figures['median']:.2f} s (this app)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="comma-separated parts: " + ",".join(PARTS))
    args = parser.parse_args()
    chosen = args.only.split(",") if args.only else list(PARTS)
    unknown = [p for p in chosen if p not in PARTS]
    if unknown:
        parser.error(f"unknown parts: {', '.join(unknown)}")
    RESULTS.mkdir(exist_ok=True)
    latest = RESULTS / "latest.json"
    results = json.loads(latest.read_text()) if args.only and latest.exists() else {}
    results.update(
        {
            "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": machine(),
        }
    )
    dates = results.setdefault("measured", {})
    for part in chosen:
        results[part] = PARTS[part]()
        dates[part] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    latest.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Benchmarks, {results['date']}, {results['machine']}")
    print(f"{'measure':40} {'median':>10} {'target':>10}  met")
    for path, unit, target, label in TARGETS:
        value = dig(results, path)
        if value is None:
            continue
        if target is None:
            print(f"{label:40} {value:>8.3f}{unit:>2} {'(reference)':>10}")
            continue
        met = "yes" if value < target else "NO"
        print(f"{label:40} {value:>8.3f}{unit:>2} {'< ' + str(target) + unit:>10}  {met}")
    print_floors(results)
    print_load(results)
    print_scale(results)
    print(f"written: {latest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
