"""A real `streamlit run` on 127.0.0.1 and Debian's Chromium driven by Playwright.

Without /usr/bin/chromium these tests are skipped, except where REQUIRE_BROWSER=1 (CI), where
a missing browser is a failure.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bench.common import CHROMIUM as BROWSER
from bench.common import CHROMIUM_ARGS, free_port, wait_drawn, wait_healthy
from bench.common import start_server as launch

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(BROWSER)
ARTIFACTS = ROOT / "test-artifacts" / "screens"
START_TIMEOUT = 120


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _require_browser():
    if CHROMIUM.exists():
        return
    message = "Debian's chromium is not installed (apt-get install chromium)"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(message + "; the browser tests are required here", pytrace=False)
    pytest.skip(message)


def start_server(port: int, env: dict | None = None) -> subprocess.Popen:
    return launch(port, env=env, stderr=subprocess.PIPE)


@contextmanager
def served(env: dict | None = None) -> Iterator[str]:
    """A server of the app on loopback (with extra environment), stopped afterwards."""
    port = free_port()
    process = start_server(port, env)
    try:
        wait_healthy(port, process, START_TIMEOUT)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="session")
def server():
    _require_browser()
    with served() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """A page opened in the browser, and what it tried to fetch from elsewhere."""

    page: object
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


# Plotly loads lazily: a chart's element appears only once its code has loaded, so "every
# chart drawn" must also count the charts the page is known to have.
def open_page(browser, url: str, width: int = 1366, height: int = 900, charts: int = 0) -> Visit:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    visit = Visit(page)
    local = url.split("/")[2]

    def route(request_route):
        target = request_route.request.url
        host = target.split("/")[2] if "://" in target else ""
        if target.startswith(("data:", "blob:")) or host == local:
            request_route.continue_()
        else:
            visit.outside.append(target)
            request_route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: visit.errors.append(str(error)))
    page.goto(url)
    wait_drawn(page, charts)
    return visit


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
