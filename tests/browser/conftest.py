"""A real `streamlit run` on 127.0.0.1 and Debian's Chromium driven by Playwright.

Without /usr/bin/chromium these tests are skipped, except where REQUIRE_BROWSER=1 (CI), where
a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from deploy.processes import free_port, stop, wait_healthy
from deploy.processes import start_server as launch
from tests.browser.drawn import CHROMIUM as BROWSER
from tests.browser.drawn import CHROMIUM_ARGS, wait_drawn

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(BROWSER)
ARTIFACTS = ROOT / "test-artifacts" / "screens"
START_TIMEOUT = 120
# How long a browser test waits for the state it asserts. Generous: on a machine whose cores are
# busy with other work a page's run can take many times its usual second, and a test that
# waits for a state passes as soon as the state is there.
WAIT_MS = 60_000
OPEN_CONTEXTS: list = []


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
    return launch(port, env=env)


@contextmanager
def served(env: dict | None = None) -> Iterator[str]:
    """A server of the app on loopback (with extra environment), stopped afterwards."""
    port = free_port()
    process = start_server(port, env)
    try:
        wait_healthy(port, process, START_TIMEOUT)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


@pytest.fixture(scope="session")
def server():
    _require_browser()
    with served() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.call_failed = report.failed
    return report


@pytest.fixture(autouse=True)
def _close_pages(request):
    """Every browser context a test opened is closed after it, passed or failed, so a failing
    test leaves no page running beside the next ones. A failed test's pages are kept first as
    screenshots (test-artifacts/screens/failed-*.png), with the app's run and connection state
    written beside them: a failure on another machine can then be seen, not guessed."""
    yield
    if getattr(request.node, "call_failed", False):
        _keep_failed_pages(request.node.name)
    while OPEN_CONTEXTS:
        context = OPEN_CONTEXTS.pop()
        with contextlib.suppress(Exception):  # closed by the test already, or the browser gone
            context.close()


def _keep_failed_pages(test: str) -> None:
    name = "".join(c if c.isalnum() else "-" for c in test)[:80]
    pages = [page for context in OPEN_CONTEXTS for page in context.pages]
    for number, page in enumerate(pages):
        with contextlib.suppress(Exception):  # a page already gone has nothing to show
            state = page.evaluate(APP_STATE)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / f"failed-{name}-{number}.txt").write_text(f"{page.url}\n{state}\n")
            page.screenshot(path=str(ARTIFACTS / f"failed-{name}-{number}.png"), timeout=10_000)


APP_STATE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app ? `script: ${app.getAttribute('data-test-script-state')}, ` +
    `connection: ${app.getAttribute('data-test-connection-state')}, ` +
    `runs seen: ${window.__tipRuns}` : 'no app on the page';
}"""


@dataclass
class Visit:
    """A page opened in the browser, and what it tried to fetch from elsewhere."""

    page: object
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


# Plotly loads lazily: a chart's element appears only once its code has loaded, so "every
# chart drawn" must also count the charts the page is known to have.
# Pages opened in one `context` share its cache: plotly's and deck.gl's code is fetched once,
# not for each page (the caller closes the context).
def open_page(
    browser, url: str, width: int = 1366, height: int = 900, charts: int = 0, context=None
) -> Visit:
    if context is None:
        context = browser.new_context()
        context.set_default_timeout(WAIT_MS)
        OPEN_CONTEXTS.append(context)
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
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
    page.goto(url, timeout=WAIT_MS)
    wait_drawn(page, charts, timeout=WAIT_MS)
    return visit


WATCH_RUNS = """() => {
  window.__tipRuns = 0;
  if (!window.__tipWatching) {  // the whole document: the app's root may be drawn anew
    window.__tipWatching = true;
    new MutationObserver(records => {
      for (const r of records) {  // a run that has ended: the state was "running" before
        if (r.oldValue === 'running') window.__tipRuns++;
      }
    }).observe(document.documentElement, {attributes: true, subtree: true,
      attributeOldValue: true, attributeFilter: ['data-test-script-state']});
  }
}"""
IDLE = """() => document.querySelector('[data-testid="stApp"]')
  .getAttribute('data-test-script-state') === 'notRunning'"""
RUN_DONE = f"() => window.__tipRuns > 0 && ({IDLE})()"


def rerun(page, action) -> None:
    """Do `action` (a click, a key, a file chosen) and wait until the rerun it starts has
    finished. The run is watched from before the action, so a run quicker than any polling is
    still seen; no fixed wait."""
    page.evaluate(WATCH_RUNS)
    action()
    page.wait_for_function(RUN_DONE, timeout=WAIT_MS)


def switch_on(page, name: str) -> None:
    """Turn on the switch labelled `name` and wait for the rerun it starts. Its label is clicked
    as a reader would; a click the page did not take (it can come while the page redraws) is
    made again, so the test goes on only once the switch is on."""
    switch = page.get_by_role("switch", name=name)
    page.evaluate(WATCH_RUNS)
    for _ in range(3):
        page.get_by_text(name, exact=True).click()
        with contextlib.suppress(AssertionError):
            expect_checked(switch)
            break
    assert switch.is_checked(), f"the switch {name!r} did not turn on"
    page.wait_for_function(RUN_DONE, timeout=WAIT_MS)


def expect_checked(switch) -> None:
    from playwright.sync_api import expect

    expect(switch).to_be_checked(timeout=10_000)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
