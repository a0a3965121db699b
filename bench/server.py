"""Server-side measures, with Streamlit's AppTest (which adds a little of its own overhead):
the compare page's rerun after another indicator is chosen (target < 150 ms), and the size
of the flow map's deck JSON sent to the browser (default view < 2 MB; every flow of every
year < 5 MB)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, summary

RUNS = 6


def measure() -> dict:
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.switch_page("dashboard/pages/compare.py")
    at.run()
    samples = []
    for i in range(RUNS + 1):
        choice = ("victims_detected", "persons_convicted")[i % 2]
        start = time.perf_counter()
        at.selectbox(key="qp_indicator").set_value(choice).run()
        if i:  # the first change warms the caches of the new indicator
            samples.append(time.perf_counter() - start)
    return {"compare_indicator_rerun_s": summary(samples), **deck_sizes(AppTest)}


def deck_sizes(app_test) -> dict:
    """Bytes of the deck's JSON (and its tooltip template) for two views of the flows page."""
    from dashboard.dataset import load_dataset

    flows = load_dataset(ROOT / "data").dataset.flows
    views = {
        "default": {},
        "everything": {
            "dest": "all",
            "from": str(int(flows.year.min())),
            "to": str(int(flows.year.max())),
            "show": "counted,routes",
        },
    }
    sizes = {}
    for name, params in views.items():
        at = app_test.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
        for key, value in params.items():
            at.query_params[key] = value
        at.switch_page("dashboard/pages/flows.py")
        at.run()
        deck = at.get("deck_gl_json_chart")[0].proto
        sizes[f"flows_deck_{name}_mb"] = (
            len(deck.json.encode()) + len(deck.tooltip.encode())
        ) / 1e6
    return sizes


if __name__ == "__main__":
    import json

    print(json.dumps(measure(), indent=2))
