"""The documented deployment: several processes behind nginx (Debian's package, started here on
loopback). A browser gets the app through it, websocket included; Streamlit's scripts arrive
compressed and are cached, so a repeat visit fetches none of them; a browser stays with one
process (cookie); an update written to the shared store is served by every process."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from dashboard.dataset.store import DirectoryStore
from deploy.serve import Deployment
from tests.access_log import sent_since
from tests.browser.conftest import OPEN_CONTEXTS, WAIT_MS
from tests.browser.deploy import require_nginx, version_seen


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, bundled):
    require_nginx()
    store = tmp_path_factory.mktemp("store")
    env = {"TIP_DASHBOARD_STORE": str(store)}
    DirectoryStore(store, bundled.path).ensure()
    with Deployment(2, env=env, prefix=tmp_path_factory.mktemp("nginx")) as running:
        running.store = store
        yield running


def test_a_page_through_nginx_is_drawn_compressed_and_then_cached(browser, deployment):
    log = deployment.prefix / "access.log"
    context = browser.new_context()
    context.set_default_timeout(WAIT_MS)
    OPEN_CONTEXTS.append(context)
    scripts = []

    def seen(response):
        if "/static/js/" in response.url and response.url.endswith(".js"):
            scripts.append((response.url, response.all_headers()))

    page = context.new_page()
    page.on("response", seen)
    offset = log.stat().st_size
    page.goto(deployment.url + "/trends")
    page.wait_for_selector(".main-svg")
    expect(page.locator("h1").first).to_have_text("Conviction trends")
    assert scripts, "Streamlit's scripts came through nginx"
    for url, headers in scripts:
        if headers.get("content-encoding") != "gzip":  # only files too small to gain
            assert int(headers["content-length"]) < 512, url
        assert "immutable" in headers.get("cache-control", "")
    assert sum(h.get("content-encoding") == "gzip" for _, h in scripts) >= 1
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    assert cookies.get("tip_backend")
    page.close()
    _, offset, _ = sent_since(log, offset)
    again = context.new_page()
    again.goto(deployment.url + "/trends")
    again.wait_for_selector(".main-svg")
    again.close()
    _, _, requests = sent_since(log, offset)
    assert not [r for r in requests if "/static/js/" in r], requests  # from the cache
    # The same browser is sent to the same process: one cookie value throughout.
    assert {c["value"] for c in context.cookies() if c["name"] == "tip_backend"} == {
        cookies["tip_backend"]
    }
    context.close()


def test_an_update_through_the_store_is_served_by_every_process(deployment, bundled):
    store = DirectoryStore(deployment.store, bundled.path)
    before = store.current().id
    tables = {name: frame.copy() for name, frame in bundled.tables.items()}
    store.write_if_current(
        before, tables, bundled.manifest, by="test", source="test", comment="x", kind="update"
    )
    for port in deployment.ports:
        assert f"Dataset version {before + 1}" in version_seen(port)


def test_the_deployment_sets_safe_headers_and_pages_draw_under_them(browser, deployment):
    """Only this machine's scripts, no framing by others, no sniffing; pages still draw (and
    the browser reports no blocked resource); the counters are not public; no cookie is
    logged; nginx's workers are not root."""
    import urllib.error
    import urllib.request

    with urllib.request.urlopen(deployment.url + "/") as response:
        headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(deployment.url + "/_stcore/metrics")
    assert refused.value.code == 404
    context = browser.new_context()
    page = context.new_page()
    blocked = []
    page.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(deployment.url + "/trends")
    page.wait_for_selector(".main-svg", timeout=60_000)
    assert page.locator("h1").first.inner_text() == "Conviction trends"
    context.close()
    assert not blocked, blocked
    log = (deployment.prefix / "access.log").read_text(errors="replace")
    assert "tip_backend=" not in log and "_streamlit_xsrf" not in log
    if os.geteuid() == 0:
        master = (deployment.prefix / "nginx.pid").read_text().strip()
        workers = [p for p in os.listdir("/proc") if p.isdigit() and _parent(p) == master]
        assert workers and all(os.stat(f"/proc/{p}").st_uid != 0 for p in workers)


def _parent(pid: str) -> str:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[1]
    except OSError:
        return ""
