"""The load client checked against a real browser at N=5: five protocol-level sessions read
and change the trends page while Chromium changes the trends measure on the same server. The
client's figure is the server's run (sent -> run finished); the browser's adds the network and
drawing. Reported side by side, so the load figures can be read as browser figures."""

from __future__ import annotations

import asyncio
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.browser import measure_changes
from bench.common import CHROMIUM, CHROMIUM_ARGS, free_port, start_server, summary, wait_healthy
from bench.load import load, stop


def measure(seconds: float = 60) -> dict:
    from playwright.sync_api import sync_playwright

    port = free_port()
    process = start_server(port)
    try:
        wait_healthy(port)
        base = f"http://127.0.0.1:{port}"
        asyncio.run(load(base, [process.pid], 5, 10, 0, (1, 2)))  # warm
        out: dict = {}
        worker = threading.Thread(
            target=lambda: out.update(
                protocol=asyncio.run(load(base, [process.pid], 5, seconds, 0, (1, 3)))
            )
        )
        worker.start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            out["browser_change_s"] = summary(measure_changes(browser, base))
            browser.close()
        worker.join()
        return out
    finally:
        stop(process)


if __name__ == "__main__":
    import json

    print(json.dumps(measure(), indent=2))
