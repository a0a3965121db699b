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

`PostgresStore` keeps the same versions in a PostgreSQL database, for app processes on several
machines (or a folder that cannot be shared): see its description. `open_store` picks one from
the setting's form (a `postgresql://` URL or a folder).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Protocol

import pandas as pd

from dashboard import config
from dashboard.dataset.io import _atomic_write, write_folder
from dashboard.dataset.model import Dataset, load_dataset
from dashboard.dataset.report import summary
from dashboard.i18n import Locale

META = "version.json"
CURRENT = "current"
LOCK = ".lock"
TEMP_PREFIX = ".tmp-"
LOCK_WAIT = 10.0  # seconds a writer waits for another one to finish

log = logging.getLogger(__name__)


class StoreMessage(Exception):
    """What a store says when it refuses or fails, in either language: `text(locale)` from
    the `store.` texts of en.toml/ar.toml; `str()` is the English text (command line, logs).
    Details from elsewhere (a database's own error, a validation report) stay as given."""

    def __init__(self, key: str, **values: object) -> None:
        self.key, self.values = key, values
        super().__init__(self.text(Locale("en")))

    def text(self, locale: Locale) -> str:
        values = dict(self.values)
        if "errors" in values:  # a validation report's counts, in the language's numbers
            values["summary"] = summary(locale, values.pop("errors"), values.pop("warnings"))
        return locale.t_numbers(f"store.{self.key}", **values)

    def __reduce__(self):  # copied or pickled: made again from its key and values
        return partial(type(self), self.key, **self.values), ()


class Conflict(StoreMessage):
    """The dataset changed (or is being changed) since this change was prepared."""


class StoreError(StoreMessage):
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


class _Reading:
    """What both stores do the same way, from their `versions()` and `path()`."""

    def read(self, version_id: int) -> Dataset:
        if version_id not in {v.id for v in self.versions()}:
            raise StoreError("no_version", version=version_id)
        result = load_dataset(self.path(version_id))
        if result.dataset is None:
            raise StoreError("does_not_load", version=version_id, **result.report.counts())
        return result.dataset

    def diff(self, a: int, b: int) -> pd.DataFrame:
        """Every changed cell from version `a` to version `b` (see `dataset.diff`)."""
        from dashboard.dataset.diff import diff

        return diff(self.read(a).tables, self.read(b).tables)


def _refuse_unless_it_loads(folder: Path | str, version_id: int) -> None:
    """A version that would not load is never made current: the written files are loaded the
    way the app loads them, before anything is switched (a text that passed one check but not
    the loader, such as a NUL byte, would otherwise take every page down)."""
    result = load_dataset(Path(folder))
    if result.dataset is None:
        raise StoreError("would_not_load", version=version_id, **result.report.counts())


def _stale(current: int | None, expected: int) -> Conflict:
    return Conflict("stale", current=current, expected=expected)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class DirectoryStore(_Reading):
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
            raise StoreError("current_missing", root=str(self.root))
        return self.meta(current)

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
                        raise Conflict("busy") from None
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
                raise StoreError("bundled_bad", seed=str(self.seed))
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
                raise _stale(current, expected)
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
        try:
            _refuse_unless_it_loads(temp, version_id)
        except StoreError:
            shutil.rmtree(temp, ignore_errors=True)
            raise
        _pause_for_tests("written")
        _atomic_write(temp / META, (json.dumps(asdict(version), indent=2) + "\n").encode("utf-8"))
        _fsync_dir(temp)
        os.rename(temp, self.path(version_id))
        _fsync_dir(self.folder)
        _pause_for_tests("renamed")
        _atomic_write(self.root / CURRENT, f"{version_id}\n".encode())
        _fsync_dir(self.root)


class PostgresStore(_Reading):
    """Versions in a PostgreSQL database, shared by every app process that is given its URL.

    Three tables: `tip_versions` (one row per version: who, when, from what), `tip_files` (each
    version's files, the CSV folder and manifest exactly as `write_folder` writes them) and
    `tip_store` (one row: which version is current, and the store's id). A write is one
    transaction: it locks the `tip_store` row, checks that the current version is still the one
    the change was prepared against, inserts the new version and moves `current`, and commits.
    A writer killed at any moment leaves nothing (its transaction is rolled back); a second
    writer waits for the first, then finds `current` moved and gets a `Conflict`.

    The app serves folders, so a version is unpacked once into `cache/<store id>/vNNNN/` (a
    version never changes, so the copy never goes stale) the first time it is needed.
    """

    def __init__(self, url: str, seed: Path | str, cache: Path | str):
        self.url = url
        self.seed = Path(seed)
        self.cache = Path(cache)
        self._id: str | None = None
        self._ready = False  # the tables are known to exist: ensure() need not ask again

    def _connect(self, timeout: int = 5):
        import psycopg

        try:
            return psycopg.connect(
                self.url, connect_timeout=timeout, application_name="tip-dashboard"
            )
        except psycopg.Error as exc:
            raise StoreError("unreachable", detail=_first_line(exc)) from None

    # Reading -------------------------------------------------------------------------------

    def exists(self) -> bool:
        with self._connect() as conn:
            if conn.execute("SELECT to_regclass('tip_store')").fetchone()[0] is None:
                return False
            return conn.execute("SELECT count(*) FROM tip_store").fetchone()[0] == 1

    def _state(self, conn) -> tuple[str, int]:
        row = conn.execute("SELECT store_id, current FROM tip_store").fetchone()
        if row is None:
            raise StoreError("no_current")
        self._id = row[0]
        return row[0], row[1]

    def current(self) -> Version:
        self.ensure()
        with self._connect() as conn:
            _, current = self._state(conn)
            return self._version(conn, current)

    def versions(self) -> list[Version]:
        self.ensure()
        with self._connect() as conn:
            _, current = self._state(conn)
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM tip_versions WHERE id <= %s ORDER BY id", (current,)
            ).fetchall()
        return [Version(*row) for row in rows]

    def _version(self, conn, version_id: int) -> Version:
        row = conn.execute(
            f"SELECT {_COLUMNS} FROM tip_versions WHERE id = %s", (version_id,)
        ).fetchone()
        if row is None:
            raise StoreError("no_version", version=version_id)
        return Version(*row)

    def path(self, version_id: int) -> Path:
        """The version's folder in the local cache, unpacked from the database if needed."""
        if self._id is None:
            with self._connect() as conn:
                self._state(conn)
        folder = self.cache / self._id / f"v{version_id:04d}"
        if (folder / META).is_file():
            return folder
        with self._connect() as conn:
            version = self._version(conn, version_id)
            files = conn.execute(
                "SELECT name, content FROM tip_files WHERE version_id = %s", (version_id,)
            ).fetchall()
        folder.parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=folder.parent))
        try:
            for name, content in files:
                _atomic_write(temp / Path(name).name, bytes(content))
            _atomic_write(temp / META, (json.dumps(asdict(version), indent=2) + "\n").encode())
            try:
                os.rename(temp, folder)
            except OSError:  # another process unpacked it meanwhile: theirs is the same
                if not (folder / META).is_file():
                    raise
        finally:
            shutil.rmtree(temp, ignore_errors=True)
        return folder

    # Writing -------------------------------------------------------------------------------

    def ensure(self) -> None:
        """Create the tables, with the bundled dataset as version 1, if they do not exist."""
        if self._ready or self.exists():
            self._ready = True
            return
        with self._connect() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('tip_store'))")
            conn.execute(_SCHEMA)
            if conn.execute("SELECT count(*) FROM tip_store").fetchone()[0]:
                self._ready = True
                return  # another process created it while this one waited
            result = load_dataset(self.seed)
            if result.dataset is None:
                raise StoreError("bundled_bad", seed=str(self.seed))
            data = result.dataset
            version = Version(1, _now(), "build", str(self.seed.name), "bundled dataset", "bundled")
            self._insert(conn, version, data.tables, {**data.manifest, "version": "1"})
            conn.execute(
                "INSERT INTO tip_store (store_id, current) VALUES (%s, 1)", (uuid.uuid4().hex,)
            )
        self._ready = True  # committed

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
        """As `DirectoryStore.write_if_current`, in one transaction."""
        import psycopg

        self.ensure()
        try:
            with self._connect() as conn, conn.transaction():
                conn.execute(f"SET LOCAL lock_timeout = '{int(LOCK_WAIT * 1000)}ms'")
                current = conn.execute("SELECT current FROM tip_store FOR UPDATE").fetchone()[0]
                if current != expected:
                    raise _stale(current, expected)
                new_id = conn.execute("SELECT max(id) + 1 FROM tip_versions").fetchone()[0]
                version = Version(new_id, _now(), by, source, comment, kind, parent=current)
                created = version.created[:10]
                self._insert(
                    conn,
                    version,
                    tables,
                    {**manifest, "version": str(new_id), "created": created},
                )
                _pause_for_tests("written")
                conn.execute("UPDATE tip_store SET current = %s", (new_id,))
        except psycopg.errors.LockNotAvailable:
            raise Conflict("busy") from None
        except psycopg.Error as exc:
            raise StoreError("refused", detail=_first_line(exc)) from None
        look_again(self.url)  # this process serves what it has just written at once
        return version

    def _insert(self, conn, version: Version, tables, manifest) -> None:
        with tempfile.TemporaryDirectory(prefix="tip-version-") as temp:
            write_folder(tables, manifest, temp)
            _refuse_unless_it_loads(temp, version.id)
            files = [(p.name, p.read_bytes()) for p in sorted(Path(temp).iterdir())]
        conn.execute(
            f"INSERT INTO tip_versions ({_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            tuple(asdict(version).values()),
        )
        with conn.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO tip_files (version_id, name, content) VALUES (%s, %s, %s)",
                [(version.id, name, content) for name, content in files],
            )


_COLUMNS = "id, created, by_whom, source, comment, kind, parent"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS tip_versions (
    id integer PRIMARY KEY, created text NOT NULL, by_whom text NOT NULL, source text NOT NULL,
    comment text NOT NULL, kind text NOT NULL, parent integer REFERENCES tip_versions (id));
CREATE TABLE IF NOT EXISTS tip_files (
    version_id integer NOT NULL REFERENCES tip_versions (id), name text NOT NULL,
    content bytea NOT NULL, PRIMARY KEY (version_id, name));
CREATE TABLE IF NOT EXISTS tip_store (
    one boolean PRIMARY KEY DEFAULT true CHECK (one), store_id text NOT NULL,
    current integer NOT NULL REFERENCES tip_versions (id));
"""


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def is_database(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def open_store(
    location: str, seed: Path | str, cache: Path | str
) -> DirectoryStore | PostgresStore:
    """The store at `location`: a `postgresql://` URL, or a folder."""
    if is_database(location):
        return PostgresStore(location, seed, cache)
    return DirectoryStore(location, seed)


_served: dict[str, tuple[float, Path | None]] = {}  # url -> (when to look again, folder)
_served_lock = threading.Lock()
CHECK_EVERY = 2.0  # seconds between two looks at which version a database store serves
RETRY_AFTER = 30.0  # seconds before looking again after the database could not be reached


def look_again(url: str) -> None:
    """Make the next `served_folder` of `url` look the current version up: after a write
    through this process, whose page then names the new version (its sidebar too) at once.
    Other processes see it at their next look, within `CHECK_EVERY` seconds."""
    with _served_lock:
        _, folder = _served.get(url, (0.0, None))
        _served[url] = (0.0, folder)


def served_folder(store: PostgresStore) -> Path | None:
    """The current version's folder, looked up at most every `CHECK_EVERY` seconds per process
    (every page view asks); None while the database holds no versions yet (the bundled dataset
    is served until the first update). If the database cannot be reached, the folder served so
    far is kept, the problem is logged, and it is tried again only after `RETRY_AFTER` seconds,
    so an outage does not hold up every page view."""
    now = time.monotonic()
    with _served_lock:
        due, folder = _served.get(store.url, (0.0, None))
        if now < due:
            return folder
        try:
            with store._connect(timeout=2) as conn:
                created = conn.execute("SELECT to_regclass('tip_store')").fetchone()[0]
                current = store._state(conn)[1] if created is not None else None
            folder = store.path(current) if current is not None else None
        except Exception as exc:  # any failure: keep serving what was served
            log.error("dataset database: %s (serving what was served; retrying later)", exc)
            _served[store.url] = (now + RETRY_AFTER, folder)
            return folder
        _served[store.url] = (now + CHECK_EVERY, folder)
        return folder


def configured():
    """The version store the settings name (`$TIP_DASHBOARD_STORE`): a folder, or a PostgreSQL
    database."""
    return open_store(config.store_location(), config.bundled_path(), config.cache_path())


def data_path() -> Path:
    """The dataset the app serves: `$TIP_DASHBOARD_DATA`; else the current version of the
    version store, once the secretariat has applied an update; else the bundled `data/`."""
    named = config.data_setting()
    if named is not None:
        return named
    if config.store_is_database():
        return served_folder(configured()) or config.bundled_path()
    try:
        current = (config.store_path() / "current").read_text(encoding="utf-8").strip()
    except OSError:
        return config.bundled_path()
    versions = config.store_path() / "versions"
    folder = versions / f"v{int(current):04d}" if current.isdigit() else None
    return folder if folder is not None and folder.is_dir() else config.bundled_path()


def _pause_for_tests(stage: str) -> None:
    """Tests kill a writer at a given stage (`config.test_pause`)."""
    seconds = config.test_pause(stage)
    if seconds:
        time.sleep(seconds)
