"""A real server attacked the way an anonymous visitor can, below the page: through Streamlit's
upload endpoint and its websocket messages.

Uploads: open a websocket session of its own, make up an XSRF token (sent as cookie and header,
which is all Streamlit compares) and PUT large files to `/_stcore/upload_file/<session>/<id>`.
A session that has not signed in gets no file taken; what a signed-in session sent is freed
once its browser has gone and Streamlit's reconnect window has passed (2 minutes in use; 2
seconds on this test's server, so that it need not wait; `tests/test_upload_gate.py` shows the
files kept within the window). Widgets: send the state of widgets that do not exist, with ids no
browser would send; the session keeps working and the log has no traceback.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from pathlib import Path

import pytest
import requests
from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string
from streamlit.web.server.starlette.starlette_server_config import XSRF_COOKIE_NAME

from deploy.processes import free_port, server_log, start_server, stop, wait_healthy
from tests.streamlit_client import Session, Widget
from tests.streamlit_client import run as in_thread  # Playwright may hold this thread's loop

KEY = "a passphrase for the upload tests"
MB = 1024 * 1024
FILE = 25 * MB  # under the endpoint's 30 MB cap: each one alone would be accepted
# A signed-in session's files: smaller, so that its six uploads end well inside the time the
# server gives a websocket that is quiet (the test client reads nothing while it uploads).
KEPT_FILE = 8 * MB
FILES = 6
MARGIN = 50 * MB  # the promise: back within 50 MB of where the server started
RECONNECT_SECONDS = 2  # how long the server keeps a session whose browser went away


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = tmp_path_factory.mktemp("store")
    port = free_port()
    env = {
        "TIP_DASHBOARD_SECRETARIAT_KEY": KEY,
        "TIP_DASHBOARD_STORE": str(store),
        "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(RECONNECT_SECONDS),
    }
    process = start_server(port, env=env)
    try:
        wait_healthy(port, process, 120)
        yield f"http://127.0.0.1:{port}", process, store
    finally:
        stop(process)


def snapshot(store: Path) -> list:
    """Every file of the dataset store with its size and time: equal before and after an attack."""
    return sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in store.rglob("*"))


def rss(process) -> int:
    """The server's resident memory, in bytes."""
    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS for the server")


def held(url: str) -> int:
    """Bytes of uploaded files the server holds, by Streamlit's own count (its metrics)."""
    response = requests.get(f"{url}/_stcore/metrics", timeout=30)
    assert response.ok, response.status_code
    text = response.text
    lines = [line for line in text.splitlines() if "UploadedFileManager" in line]
    return sum(int(float(line.rsplit(" ", 1)[1])) for line in lines if not line.startswith("#"))


def put(url: str, session_id: str, size: int = FILE) -> int | None:
    """PUT one file as an attacker would; the status, or None when the server hung up."""
    token = generate_xsrf_token_string()
    try:
        response = requests.put(
            f"{url}/_stcore/upload_file/{session_id}/{uuid.uuid4()}",
            files={"file": ("figures.csv", os.urandom(size), "text/csv")},
            headers={"X-Xsrftoken": token},
            cookies={XSRF_COOKIE_NAME: token},
            timeout=120,
        )
    except requests.ConnectionError:
        return None
    return response.status_code


async def _signed_in(url: str) -> Session:
    session = Session(url)
    await session.__aenter__()
    await session.open("secretariat")
    form = [(session.widgets["Secretariat passphrase"], KEY), (session.widgets["Sign in"], True)]
    run = await session.send_states(form)
    assert not run.errors, run.errors
    assert "upload" in session.widgets, "the sign-in did not reach the upload section"
    return session


async def _visit(url: str, page: str = "") -> str:
    async with Session(url) as session:
        run = await session.open(page)
        assert run.finished and not run.errors
        return session.session_id


def test_a_session_that_has_not_signed_in_cannot_upload_and_memory_stays_put(server):
    url, process, store = server
    before = snapshot(store)

    async def attack() -> tuple[str, list]:
        async with Session(url) as session:
            await session.open("secretariat")  # even on the page that has an uploader
            assert session.session_id
            loop = asyncio.get_running_loop()
            statuses = [
                await loop.run_in_executor(None, put, url, session.session_id) for _ in range(FILES)
            ]
            return session.session_id, statuses

    in_thread(_visit(url))
    start = rss(process)
    session_id, statuses = in_thread(attack())
    assert all(status in (400, None) for status in statuses), statuses
    assert requests.get(f"{url}/_stcore/health", timeout=30).ok
    assert held(url) == 0
    assert rss(process) - start < MARGIN, (start, rss(process))
    assert f"upload refused: session {session_id} has not signed in" in server_log(process)
    assert put(url, str(uuid.uuid4()), 1000) in (400, None)  # no session at all
    assert snapshot(store) == before  # the store is untouched


def test_a_signed_in_session_uploads_and_its_files_are_freed_when_it_goes(server):
    url, process, store = server

    async def upload_then_leave() -> tuple[list, int]:
        session = await _signed_in(url)
        loop = asyncio.get_running_loop()
        statuses = [
            await loop.run_in_executor(None, put, url, session.session_id, KEPT_FILE)
            for _ in range(FILES)
        ]
        kept = 0
        for _ in range(60):  # Streamlit's metrics may lag the upload by a moment
            kept = held(url)
            if kept:
                break
            await asyncio.sleep(0.5)
        await session.__aexit__(None, None, None)
        return statuses, kept

    async def signed_in_and_left() -> None:
        session = await _signed_in(url)
        await session.__aexit__(None, None, None)

    in_thread(signed_in_and_left())  # the secretariat page's own memory is in the start
    start, before = rss(process), snapshot(store)  # signing in made the store's version 1
    statuses, kept = in_thread(upload_then_leave())
    assert statuses == [204] * FILES
    # Only the newest two of the six are kept while the session is open.
    assert 2 * KEPT_FILE <= kept < 3 * KEPT_FILE, (kept, server_log(process, 3000))
    # A page run by anyone, once the server has forgotten the closed session (its reconnect
    # window over), frees what the session left, and the memory goes back to the system.
    for _ in range(60):
        in_thread(_visit(url))
        if held(url) == 0 and rss(process) - start < MARGIN:
            break
        time.sleep(0.5)
    assert held(url) == 0
    assert rss(process) - start < MARGIN, (start, rss(process))
    assert snapshot(store) == before  # the store is untouched


CRAFTED = ("evil", "", "$$WIDGET-x", "x-y-z", "st.session_state", "$$ID-deadbeef-indicator")


def test_crafted_widget_ids_change_nothing_and_leave_no_traceback(server):
    url, process, store = server
    before = snapshot(store)

    async def attack() -> list:
        async with Session(url) as session:
            first = await session.open("compare")
            assert first.finished and not first.errors
            runs = [
                await session.send_states([(Widget("selectbox", wid, "", []), "BHR")])
                for wid in CRAFTED
            ]
            runs.append(await session.open("compare"))  # and the session still works after
            return [first, *runs]

    runs = in_thread(attack())
    assert all(run.finished and not run.errors for run in runs), [r.errors for r in runs]
    assert runs[-1].widgets.keys() == runs[0].widgets.keys()
    log = server_log(process, 200_000)
    assert "Traceback" not in log
    assert "ignored the state of a widget that does not exist: 'evil'" in log
    assert snapshot(store) == before  # the store is untouched
