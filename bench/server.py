"""The size of the flow map's deck JSON sent to the browser (default view < 2 MB; every flow of
every year < 5 MB), with Streamlit's AppTest. The server's time for a change is measured
against its floor in `bench/browser.py`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT


def measure() -> dict:
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from streamlit.testing.v1 import AppTest

    return deck_sizes(AppTest)


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
