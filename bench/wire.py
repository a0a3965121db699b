"""Bytes on the wire, as a delegate's browser receives them through the documented deployment
(nginx in front, `deploy/serve.py`): a first visit with an empty cache, and a repeat visit.

Counted by nginx itself (`$bytes_sent` of every response, the websocket's when it closes; the
log is read by `tests/access_log.py`), so compression and caching are in the figures. Each visit
opens a page, waits until it is fully drawn, and closes the tab (which closes its websocket).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CHROMIUM, CHROMIUM_ARGS, wait_drawn
from deploy.serve import Deployment
from tests.access_log import sent_since

PAGES = {"overview": ("/", 0), "trends": ("/trends", 3), "flows": ("/flows", 0)}


def visit(context, url: str, charts: int) -> None:
    page = context.new_page()
    page.goto(url)
    wait_drawn(page, charts)
    page.close()
    time.sleep(1.0)  # nginx logs the websocket when it closes


def measure() -> dict:
    from playwright.sync_api import sync_playwright

    results = {}
    with Deployment(2) as deployment, sync_playwright() as playwright:
        log = deployment.prefix / "access.log"
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, (path, charts) in PAGES.items():
            context = browser.new_context()
            offset = log.stat().st_size
            visit(context, deployment.url + path, charts)
            first, offset, fetched = sent_since(log, offset)
            visit(context, deployment.url + path, charts)
            repeat, offset, requests = sent_since(log, offset)
            context.close()
            results[name] = {"first_visit_kb": first / 1024, "repeat_visit_kb": repeat / 1024}
            results[name]["repeat_requests"] = requests
            # the first visit's largest responses ("GET /path HTTP/1.1 status bytes")
            results[name]["first_largest"] = sorted(
                fetched, key=lambda r: -int(r.rsplit(" ", 1)[1])
            )[:8]
        browser.close()
    return results


if __name__ == "__main__":
    import json

    print(json.dumps(measure(), indent=2))
