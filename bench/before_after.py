"""The same pages and changes on two versions of the app in one run: an earlier commit
("before") and a later one ("after", by default HEAD), both served at once and measured in
turns, sample by sample, so that both see the same machine at the same moment.

    python bench/before_after.py --before <commit> [--after <commit>] [--rounds 2] [--loads 4]
    python bench/before_after.py --before HEAD --after HEAD     # the harness against itself

Both versions are served from fresh checkouts made for the run (`git worktree`, removed at the
end), never from this working tree: served from here, with its caches, test artifacts and a
virtual environment inside, the "after" side measured 5-30% slower than the same commit checked
out beside it. Run it against itself first: the ratios it gives are the harness's spread.

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


def checkout(revision: str, where: Path) -> Path:
    """A fresh checkout of `revision` at `where`, using this tree's virtual environment."""
    import subprocess

    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(where), revision],
        check=True,
        capture_output=True,
    )
    (where / ".venv").symlink_to(ROOT / ".venv")
    return where


def remove(where: Path) -> None:
    import subprocess

    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(where)], capture_output=True
    )


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
    parser.add_argument("--before", required=True, help="the earlier commit")
    parser.add_argument("--after", default="HEAD", help="the later commit (default HEAD)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--loads", type=int, default=4)
    parser.add_argument("--lang", default="en", choices=("en", "ar"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    names = [n for n in PAGES if n.endswith(f"_{args.lang}")]
    samples: dict[str, dict[str, list[float]]] = {"before": {}, "after": {}}
    import tempfile

    servers = {}
    folder = Path(tempfile.mkdtemp(prefix="before-after-"))
    trees = {}
    try:
        for label in ("before", "after"):
            trees[label] = checkout(getattr(args, label), folder / label)
            servers[label] = serve(trees[label])
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
        for tree in trees.values():
            remove(tree)
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
