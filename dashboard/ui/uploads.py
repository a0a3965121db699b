"""Who may send a file: Streamlit's upload endpoint, open only to signed-in sessions.

Streamlit takes a file for any open session at `PUT /_stcore/upload_file/<session>/<file>`,
whether or not its page shows an uploader, and holds it in memory until that session is shut
down, which for a session whose browser went away is never (it is kept for a reconnect, then
forgotten without being shut down). Any visitor could fill the server's memory that way.

`install()` closes the endpoint, once per server process, by narrowing the one question the
endpoint asks before it reads a body ("is this an active session?") to "an active session that
has signed in as the secretariat". It also keeps at most `FILES_PER_SESSION` files a session,
and frees the files of every session the runtime no longer knows: each time a file arrives, at
every page run and every `SWEEP_SECONDS`. A session whose browser has gone is still known for
Streamlit's reconnect window (`server.disconnectedSessionTTL`, 2 minutes): its files are kept
for it until then, so a secretariat whose network drops for a moment finds its upload still
there. The secretariat's page calls `allow()` for its session once signed in (again after a
reconnect: a session that is not connected loses the right at once).

This reaches into three of Streamlit's objects (the runtime's `is_active_session`, its session
manager's `get_session_info` and its uploaded-file manager); `tests/test_protocol_attacks.py`
attacks a real server, so an upgrade that changes them fails there instead of silently
reopening the endpoint.
"""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger(__name__)
FILES_PER_SESSION = 2  # the file being replaced and its replacement
SWEEP_SECONDS = 30.0

_allowed: set[str] = set()
_lock = threading.Lock()
_installed: list[object] = []  # the runtime the gate is installed on


def allow(session_id: str) -> None:
    """Let this session upload (it has signed in)."""
    with _lock:
        _allowed.add(session_id)


def forbid(session_id: str) -> None:
    with _lock:
        _allowed.discard(session_id)


def allowed(session_id: str) -> bool:
    with _lock:
        return session_id in _allowed


def install() -> bool:
    """Close the upload endpoint of the running server (no-op without one, or when done)."""
    from streamlit import runtime
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

    if not runtime.exists():
        return False
    rt = runtime.get_instance()
    real = getattr(rt, "_session_mgr", None) is not None
    if not real or not isinstance(
        getattr(rt, "uploaded_file_mgr", None), MemoryUploadedFileManager
    ):
        return False  # Streamlit's test runtime: no server, no endpoint
    with _lock:
        if any(done is rt for done in _installed):
            return False
        _installed.append(rt)
    active = rt.is_active_session  # Streamlit's own: connected, in this process
    manager = rt.uploaded_file_mgr
    add = manager.add_file

    def is_active_session(session_id: str) -> bool:
        if not active(session_id):
            return False
        if not allowed(session_id):
            log.warning("upload refused: session %s has not signed in", session_id)
            return False
        return True

    def add_file(session_id: str, file) -> None:
        add(session_id, file)
        _keep_newest(manager, session_id)
        sweep(rt)

    rt.is_active_session = is_active_session
    manager.add_file = add_file
    threading.Thread(target=_sweeper, args=(rt,), name="upload-sweeper", daemon=True).start()
    return True


def _keep_newest(manager, session_id: str) -> None:
    files = manager.file_storage.get(session_id) or {}
    for file_id in list(files)[:-FILES_PER_SESSION]:  # dicts keep arrival order
        manager.remove_file(session_id, file_id)


def sweep_now() -> int:
    """`sweep` the server this process runs, if the gate is installed (every page run calls it)."""
    return sweep(_installed[0]) if _installed else 0


def sweep(rt) -> int:
    """Free the files of sessions the runtime no longer knows (closed, or gone for longer than
    the reconnect window); returns how many sessions were freed. Sessions no longer connected
    lose the right to upload at once."""
    manager = rt.uploaded_file_mgr
    gone = [sid for sid in list(manager.file_storage) if not _known(rt, sid)]
    for session_id in gone:
        manager.remove_session_files(session_id)
        log.info("freed the uploaded files of closed session %s", session_id)
    with _lock:
        _allowed.difference_update({sid for sid in _allowed if not _connected(rt, sid)})
    return len(gone)


def _connected(rt, session_id: str) -> bool:
    return rt._session_mgr.is_active_session(session_id)


def _known(rt, session_id: str) -> bool:
    """Connected, or disconnected and still kept for a reconnect."""
    return rt._session_mgr.get_session_info(session_id) is not None


def _sweeper(rt) -> None:
    while True:
        time.sleep(SWEEP_SECONDS)
        try:
            sweep(rt)
        except Exception:  # never let the sweeper die: it is what frees memory
            log.exception("freeing uploaded files failed")
