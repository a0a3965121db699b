"""The deployment in the browser tests: whether nginx is there, and what a new session is
served. Used by the deployment tests, with files or with a database."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.streamlit_client import Session
from tests.streamlit_client import run as run_async


def require_nginx() -> None:
    """Skip without Debian's nginx, or fail where the browser tests are required."""
    if shutil.which("nginx") or os.path.exists("/usr/sbin/nginx"):
        return
    message = "Debian's nginx is not installed (apt-get install nginx-light)"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(message + "; the deployment tests are required here", pytrace=False)
    pytest.skip(message)


def version_seen(port: int) -> str:
    """The overview's texts as a new session on this port is served them (they name the
    dataset version)."""

    async def run():
        async with Session(f"http://127.0.0.1:{port}") as session:
            done = await session.open("overview", "lang=en")
            return " ".join(done.texts)

    return run_async(run())
