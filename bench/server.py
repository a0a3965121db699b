"""Server-side script time of a rerun: the compare page after another indicator is chosen
(target < 150 ms), timed with Streamlit's AppTest, which adds a little of its own overhead."""

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
    return {"compare_indicator_rerun_s": summary(samples)}


if __name__ == "__main__":
    import json

    print(json.dumps(measure(), indent=2))
