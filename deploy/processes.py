"""The app as a process on loopback: started, waited for, and stopped within a bounded time.

Shared by `deploy/serve.py`, the tests and the benchmarks, so every one of them starts and stops
servers the same way.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A server that does not stop when asked within this many seconds is killed; a killed one that
# is still not gone after as long again is left to the operating system, never waited on.
STOP_GRACE = 10.0


# glibc serves an allocation at or above MALLOC_MMAP_THRESHOLD_ with a mapping of its own, which
# is returned to the system as soon as it is freed; smaller ones come from the heap, which keeps
# what is freed. Left to itself, glibc raises the threshold each time such a mapped buffer is
# freed (up to 32 MB on 64-bit), so later uploads and exports of that size stay in the heap after
# their session has gone. Setting the threshold fixes it (no raising) at 4 MB: every buffer of
# 4 MB or more is mapped, and handed back when freed.
MEMORY = {"MALLOC_MMAP_THRESHOLD_": str(4 * 1024 * 1024)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    port: int,
    script: Path = ROOT / "streamlit_app.py",
    env: dict | None = None,
    stderr=None,
    cwd: Path = ROOT,
) -> subprocess.Popen:
    """`streamlit run` on 127.0.0.1:`port`, in a process group of its own (so that stopping it
    also stops what it started, such as the export's Chromium).

    Its log goes to a temporary file unless `stderr` is given: a pipe nobody reads would fill
    and stall the server (`process.log` names the file; `wait_healthy` quotes it on failure).
    """
    log = None
    if stderr is None:
        stderr, log = tempfile.mkstemp(prefix=f"streamlit-{port}-", suffix=".log")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=cwd,
        env={**MEMORY, **os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        start_new_session=True,
    )
    process.own_group = True
    process.log = Path(log) if log is not None else None
    if log is not None:
        os.close(stderr)
    return process


def server_log(process: subprocess.Popen, last: int = 2000) -> str:
    """The end of a server's log, when it was written to a file."""
    path = getattr(process, "log", None)
    if path is None:
        return ""
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-last:]
    except OSError:
        return ""


def wait_healthy(port: int, process: subprocess.Popen | None = None, timeout: float = 120) -> None:
    """Wait for the server's health check; if `process` exits first, say why (its log)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError("streamlit exited: " + server_log(process))
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"server did not start within {timeout:.0f} s")


def stop(process: subprocess.Popen | None, grace: float = STOP_GRACE) -> None:
    """Terminate, then kill after `grace` seconds: the process and its group. Never raises and
    never waits longer than twice `grace`, so a slow shutdown on a busy machine fails nothing."""
    if process is None:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if process.poll() is not None:
            break
        _signal_group(process, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
    if process.poll() is not None:  # what it started may outlive it
        _signal_group(process, signal.SIGKILL)
    path = getattr(process, "log", None)
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink()


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    """The group when the process leads one of its own (`start_server`), else the process."""
    if getattr(process, "own_group", False):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
    elif process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(sig)
