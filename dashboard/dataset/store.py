"""Dataset versions: every change is a new version; nothing is overwritten or half-applied.

The interface (`Store`) is small: list the versions, read one, write a new one if the current
version is still the one the change was prepared against, diff two. `DirectoryStore` keeps
versions as dataset folders under one directory:

    store/
      current            the id of the version being served (one line)
      versions/v0001/    a complete dataset folder, plus version.json (who, when, from what)
      versions/v0002/
      .lock              held while a version is written

A version is written into a hidden temporary folder (every file fsynced), renamed into
`versions/` in one step, and only then made current by replacing `current` atomically. A crash
or kill at any moment leaves the previous version current and loadable; leftovers of an
unfinished write are removed the next time the store is opened for writing. Two writers
cannot both win: the lock serialises them, and a writer whose expected current version is no
longer current gets a `Conflict`.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import pandas as pd

from dashboard.dataset.io import _atomic_write, write_folder
from dashboard.dataset.model import Dataset, load_dataset

META = "version.json"
CURRENT = "current"
LOCK = ".lock"
TEMP_PREFIX = ".tmp-"
LOCK_WAIT = 10.0  # seconds a writer waits for another one to finish


class Conflict(Exception):
    """The dataset changed (or is being changed) since this change was prepared."""


class StoreError(Exception):
    """The store cannot be used (say why)."""


@dataclass(frozen=True)
class Version:
    """One version of the dataset and where it came from."""

    id: int
    created: str  # UTC, ISO 8601
    by: str
    source: str  # the file it came from, or what it is
    comment: str
    kind: str  # "bundled", "update", "rollback"
    parent: int | None = None


class Store(Protocol):
    def versions(self) -> list[Version]: ...
    def current(self) -> Version: ...
    def read(self, version_id: int) -> Dataset: ...
    def path(self, version_id: int) -> Path: ...
    def write_if_current(
        self,
        expected: int,
        tables: Mapping[str, pd.DataFrame],
        manifest: Mapping[str, object],
        *,
        by: str,
        source: str,
        comment: str,
        kind: str = "update",
    ) -> Version: ...
    def diff(self, a: int, b: int) -> pd.DataFrame: ...


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class DirectoryStore:
    """Versions as folders under `root` (see the module's description)."""

    def __init__(self, root: Path | str, seed: Path | str):
        self.root = Path(root)
        self.seed = Path(seed)
        self.folder = self.root / "versions"

    # Reading -------------------------------------------------------------------------------

    def exists(self) -> bool:
        return (self.root / CURRENT).is_file()

    def _ids(self) -> list[int]:
        if not self.folder.is_dir():
            return []
        ids = []
        for entry in self.folder.iterdir():
            if entry.name.startswith("v") and entry.name[1:].isdigit() and (entry / META).is_file():
                ids.append(int(entry.name[1:]))
        return sorted(ids)

    def _current_id(self) -> int | None:
        try:
            text = (self.root / CURRENT).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def path(self, version_id: int) -> Path:
        return self.folder / f"v{version_id:04d}"

    def meta(self, version_id: int) -> Version:
        data = json.loads((self.path(version_id) / META).read_text(encoding="utf-8"))
        return Version(**data)

    def versions(self) -> list[Version]:
        """Every version up to the current one (one written but never made current is not
        a version: it is removed at the next write)."""
        self.ensure()
        current = self._current_id()
        return [self.meta(i) for i in self._ids() if current is not None and i <= current]

    def current(self) -> Version:
        self.ensure()
        current = self._current_id()
        if current is None or current not in self._ids():
            raise StoreError(f"{self.root}: the current version is missing")
        return self.meta(current)

    def read(self, version_id: int) -> Dataset:
        if version_id not in {v.id for v in self.versions()}:
            raise StoreError(f"there is no version {version_id}")
        result = load_dataset(self.path(version_id))
        if result.dataset is None:
            raise StoreError(f"version {version_id} does not load:\n{result.report.render()}")
        return result.dataset

    def diff(self, a: int, b: int) -> pd.DataFrame:
        """Every changed cell from version `a` to version `b` (see `dataset.diff`)."""
        from dashboard.dataset.diff import diff

        return diff(self.read(a).tables, self.read(b).tables)

    # Writing -------------------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK, "a+") as handle:
            deadline = time.monotonic() + LOCK_WAIT
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise Conflict(
                            "another update is being applied right now; try again in a moment"
                        ) from None
                    time.sleep(0.05)
            try:
                self._tidy()
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _tidy(self) -> None:
        """Remove what an interrupted write left (only ever called under the lock)."""
        if self.folder.is_dir():
            for entry in self.folder.iterdir():
                if entry.name.startswith(TEMP_PREFIX):
                    shutil.rmtree(entry, ignore_errors=True)
        current = self._current_id()
        if current is not None:
            for version_id in self._ids():
                if version_id > current:  # renamed into place, never made current
                    shutil.rmtree(self.path(version_id), ignore_errors=True)

    def ensure(self) -> None:
        """Create the store with the bundled dataset as version 1, if it does not exist yet."""
        if self.exists():
            return
        with self._locked():
            if self.exists():
                return
            result = load_dataset(self.seed)
            if result.dataset is None:
                raise StoreError(f"the bundled dataset {self.seed} does not load")
            data = result.dataset
            self._write(
                1,
                data.tables,
                {**data.manifest, "version": "1"},
                Version(1, _now(), "build", str(self.seed.name), "bundled dataset", "bundled"),
            )

    def write_if_current(
        self,
        expected: int,
        tables: Mapping[str, pd.DataFrame],
        manifest: Mapping[str, object],
        *,
        by: str,
        source: str,
        comment: str,
        kind: str = "update",
    ) -> Version:
        """Write `tables` as a new version and make it current, if the current version is
        still `expected`; otherwise raise `Conflict` and change nothing."""
        self.ensure()
        with self._locked():
            current = self._current_id()
            if current != expected:
                raise Conflict(
                    f"the dataset is now version {current}, not {expected}: someone applied "
                    "another update meanwhile. Nothing was changed; review the change again "
                    "against the new version."
                )
            new_id = max(self._ids()) + 1
            version = Version(new_id, _now(), by, source, comment, kind, parent=current)
            created = version.created[:10]
            self._write(
                new_id, tables, {**manifest, "version": str(new_id), "created": created}, version
            )
            return version

    def _write(
        self,
        version_id: int,
        tables: Mapping[str, pd.DataFrame],
        manifest: Mapping[str, object],
        version: Version,
    ) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temp = self.folder / f"{TEMP_PREFIX}v{version_id:04d}-{os.getpid()}"
        shutil.rmtree(temp, ignore_errors=True)
        write_folder(tables, manifest, temp)  # every file written and fsynced
        _pause_for_tests("written")
        _atomic_write(temp / META, (json.dumps(asdict(version), indent=2) + "\n").encode("utf-8"))
        _fsync_dir(temp)
        os.rename(temp, self.path(version_id))
        _fsync_dir(self.folder)
        _pause_for_tests("renamed")
        _atomic_write(self.root / CURRENT, f"{version_id}\n".encode())
        _fsync_dir(self.root)


def _pause_for_tests(stage: str) -> None:
    """Tests kill a writer at a given stage: `TIP_STORE_PAUSE=stage:seconds` waits there."""
    setting = os.environ.get("TIP_STORE_PAUSE", "")
    if setting.startswith(stage + ":"):
        time.sleep(float(setting.split(":", 1)[1]))
