"""What the app serves when the store's current version does not load: the newest earlier
version that does, in a process that never saw it load."""

from __future__ import annotations

from dashboard.dataset.store import DirectoryStore
from dashboard.ui import served as data


def test_a_current_version_that_does_not_load_falls_back_to_an_earlier_one(tiny, tmp_path):
    store = DirectoryStore(tmp_path / "store", tiny)
    store.ensure()
    manifest = store.read(1).manifest
    for _ in range(2):
        current = store.current().id
        store.write_if_current(
            current, store.read(current).tables, manifest, by="A", source="f", comment=""
        )
    broken = store.path(3) / "observations.csv"
    broken.write_bytes(broken.read_bytes().replace(b"BHR", b"B\x00R", 1))
    served = data.served(store.path(3))
    assert served.errors > 0
    assert served.dataset is not None and served.dataset.version == "2"
    assert data.served(store.path(2)).dataset.version == "2"
