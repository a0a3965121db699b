"""The upload gate's sweep, against Streamlit's own uploaded-file manager and a session manager
standing in for the runtime's: a session whose browser has gone keeps its files while Streamlit
keeps it for a reconnect, and they are freed once the runtime has forgotten it. (The real
server, with a reconnect window of seconds, is attacked in `tests/test_protocol_attacks.py`.)"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from dashboard.ui import uploads


class Sessions:
    """Connected sessions, and disconnected ones still kept for a reconnect, as the runtime's
    session manager answers for them."""

    def __init__(self) -> None:
        self.connected: set[str] = set()
        self.kept: set[str] = set()

    def is_active_session(self, session_id: str) -> bool:
        return session_id in self.connected

    def get_session_info(self, session_id: str):
        known = session_id in self.connected or session_id in self.kept
        return SimpleNamespace(session=SimpleNamespace(id=session_id)) if known else None


@pytest.fixture
def runtime(monkeypatch):
    monkeypatch.setattr(uploads, "_allowed", set())
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    return SimpleNamespace(uploaded_file_mgr=manager, _session_mgr=Sessions())


def upload(rt, session_id: str, name: str = "figures.xlsx") -> None:
    rt.uploaded_file_mgr.add_file(session_id, UploadedFileRec(name, name, "x", b"x" * 1000))


def test_a_disconnected_session_keeps_its_files_until_the_runtime_forgets_it(runtime):
    sessions = runtime._session_mgr
    sessions.connected |= {"open", "dropped"}
    for sid in ("open", "dropped"):
        uploads.allow(sid)
        upload(runtime, sid)

    sessions.connected.discard("dropped")  # its browser went away: kept for a reconnect
    sessions.kept.add("dropped")
    assert uploads.sweep(runtime) == 0
    assert set(runtime.uploaded_file_mgr.file_storage) == {"open", "dropped"}
    assert not uploads.allowed("dropped")  # not connected: no upload until it signs in again
    assert uploads.allowed("open")

    sessions.kept.discard("dropped")  # the reconnect window is over
    assert uploads.sweep(runtime) == 1
    assert set(runtime.uploaded_file_mgr.file_storage) == {"open"}
    assert runtime.uploaded_file_mgr.get_files("open", ["figures.xlsx"])


def test_a_session_the_runtime_never_knew_is_freed_at_once(runtime):
    upload(runtime, "made-up")
    assert uploads.sweep(runtime) == 1
    assert not runtime.uploaded_file_mgr.file_storage
