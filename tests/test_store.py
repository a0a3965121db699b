"""The version store, in a folder and in PostgreSQL: new versions only, atomic under kills,
one winner among concurrent writers (threads, and processes), rollback; and the command line
over it."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dashboard.dataset import __main__ as cli
from dashboard.dataset.model import load_dataset
from dashboard.dataset.store import Conflict, DirectoryStore, PostgresStore, StoreError, _stale
from dashboard.i18n import Locale

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(params=["folder", "database"])
def opener(request, tiny, tmp_path):
    """Opens the store under test; each call is a new handle, as another session's would be."""
    if request.param == "folder":
        return lambda: DirectoryStore(tmp_path / "store", tiny)
    url = request.getfixturevalue("postgres").database()
    return lambda: PostgresStore(url, tiny, tmp_path / "cache")


def changed_tables(store: DirectoryStore, version: int, value: float) -> dict:
    """The tables of `version` with Bahrain's 2022 convictions set to `value`."""
    tables = dict(store.read(version).tables)
    obs = tables["observations"].copy()
    row = (obs.iso3 == "BHR") & (obs.year == 2022) & (obs.indicator == "persons_convicted")
    obs.loc[row, "value"] = value
    tables["observations"] = obs
    return tables


def convictions(store: DirectoryStore, version: int) -> float:
    obs = store.read(version).observations
    row = (obs.iso3 == "BHR") & (obs.year == 2022) & (obs.indicator == "persons_convicted")
    return float(obs[row].value.iloc[0])


def test_the_bundled_dataset_is_version_1(opener):
    store = opener()
    (version,) = store.versions()
    assert (version.id, version.kind) == (1, "bundled")
    assert store.current().id == 1
    assert convictions(store, 1) == 38


def test_a_write_is_a_new_version_and_never_overwrites(opener):
    store = opener()
    manifest = store.read(1).manifest
    v2 = store.write_if_current(
        1, changed_tables(store, 1, 39), manifest, by="A", source="f.xlsx", comment="fix"
    )
    assert (v2.id, v2.parent, v2.by, v2.source, v2.comment) == (2, 1, "A", "f.xlsx", "fix")
    assert store.current().id == 2
    assert convictions(store, 1) == 38 and convictions(store, 2) == 39
    assert store.read(2).version == "2"  # the manifest carries the version id
    changes = store.diff(1, 2)
    assert list(changes[["column", "old", "new"]].itertuples(index=False, name=None)) == [
        ("value", "38", "39")
    ]


@pytest.mark.parametrize("note", ["a NUL \x00 byte", "\x1b[2J"])
def test_a_version_that_would_not_load_is_never_made_current(opener, note):
    """The files are loaded as the app loads them before the switch: a version that fails
    (here a note with a control character, which once took every page down) is refused, and
    the store's versions and its current one are as they were."""
    store = opener()
    manifest = store.read(1).manifest
    tables = changed_tables(store, 1, 39)
    obs = tables["observations"].copy()
    obs.loc[obs.index[0], "note"] = note
    tables["observations"] = obs
    before = [v.id for v in store.versions()]
    with pytest.raises(StoreError, match="would not load") as refused:
        store.write_if_current(1, tables, manifest, by="A", source="bad.csv", comment="")
    assert refused.value.key == "would_not_load"
    assert [v.id for v in opener().versions()] == before
    assert opener().current().id == 1 and convictions(opener(), 1) == 38
    if isinstance(store, DirectoryStore):  # no half-written folder left behind
        assert sorted(p.name for p in store.folder.iterdir()) == ["v0001"]


def test_a_stale_write_is_refused_and_changes_nothing(opener):
    store = opener()
    manifest = store.read(1).manifest
    store.write_if_current(
        1, changed_tables(store, 1, 39), manifest, by="A", source="a", comment=""
    )
    with pytest.raises(Conflict, match="now version 2, not 1"):
        store.write_if_current(
            1, changed_tables(store, 1, 50), manifest, by="B", source="b", comment=""
        )
    assert [v.id for v in store.versions()] == [1, 2]
    assert convictions(store, 2) == 39


def test_two_concurrent_applies_one_wins_the_other_is_told(opener):
    store = opener()
    store.ensure()
    manifest = store.read(1).manifest
    tables = {k: changed_tables(store, 1, v) for k, v in (("A", 41), ("B", 42))}
    start = threading.Barrier(2)
    outcome = {}

    def apply(who):
        writer = opener()  # its own handle, as another session's
        start.wait()
        try:
            outcome[who] = writer.write_if_current(
                1, tables[who], manifest, by=who, source=who, comment=""
            ).id
        except Conflict as exc:
            outcome[who] = str(exc)

    threads = [threading.Thread(target=apply, args=(w,)) for w in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [w for w, result in outcome.items() if result == 2]
    assert len(winners) == 1
    loser = "B" if winners == ["A"] else "A"
    assert "someone applied another update" in outcome[loser]
    assert [v.id for v in store.versions()] == [1, 2]
    assert convictions(store, 2) == (41 if winners == ["A"] else 42)


@pytest.mark.parametrize("stage", ["written", "renamed"])
def test_a_writer_killed_midway_leaves_the_previous_version(tiny, tmp_path, stage):
    root = tmp_path / "store"
    store = DirectoryStore(root, tiny)
    store.ensure()
    script = (
        "import sys; from pathlib import Path;"
        "from dashboard.dataset.store import DirectoryStore;"
        f"s = DirectoryStore(Path({str(root)!r}), Path({str(tiny)!r}));"
        "t = dict(s.read(1).tables);"
        "s.write_if_current(1, t, s.read(1).manifest, by='k', source='k', comment='k')"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "TIP_DASHBOARD_TEST_PAUSE": f"{stage}:60"},
    )
    marker = (
        (lambda: any(p.name.startswith(".tmp-") for p in (root / "versions").iterdir()))
        if stage == "written"
        else (lambda: (root / "versions" / "v0002").exists())
    )
    deadline = time.monotonic() + 60
    while not marker():
        assert time.monotonic() < deadline, "the writer never reached the stage"
        assert process.poll() is None, "the writer exited early"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)  # really killed, in the middle of the write
    process.wait()
    reopened = DirectoryStore(root, tiny)
    assert reopened.current().id == 1
    assert [v.id for v in reopened.versions()] == [1]  # nothing partial is visible
    assert load_dataset(reopened.path(1)).dataset is not None
    # The next write tidies what was left and succeeds.
    v2 = reopened.write_if_current(
        1,
        changed_tables(reopened, 1, 40),
        reopened.read(1).manifest,
        by="x",
        source="x",
        comment="",
    )
    assert v2.id == 2 and convictions(reopened, 2) == 40
    assert not any(p.name.startswith(".tmp-") for p in (root / "versions").iterdir())


def test_reading_a_version_that_does_not_exist_is_an_error(opener):
    store = opener()
    with pytest.raises(StoreError, match="no version 7"):
        store.read(7)


def _writer(
    url: str, seed: Path, cache: Path, value: int, who: str, pause: str = ""
) -> subprocess.Popen:
    """Another process applying a change to the database store (version 1, Bahrain's 2022
    convictions set to `value`); prints the new version's id, or CONFLICT and the reason."""
    script = "\n".join(
        [
            "from pathlib import Path",
            "from dashboard.dataset.store import PostgresStore, Conflict",
            f"s = PostgresStore({url!r}, Path({str(seed)!r}), Path({str(cache)!r}))",
            "t = dict(s.read(1).tables)",
            "o = t['observations'].copy()",
            "row = (o.iso3 == 'BHR') & (o.year == 2022) & (o.indicator == 'persons_convicted')",
            f"o.loc[row, 'value'] = {value}",
            "t['observations'] = o",
            "try:",
            f"    v = s.write_if_current(1, t, s.read(1).manifest, by={who!r}, source='p',"
            " comment='')",
            "    print(v.id)",
            "except Conflict as e:",
            "    print('CONFLICT', e)",
        ]
    )
    return subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "TIP_DASHBOARD_TEST_PAUSE": pause},
    )


def _wait_in_transaction(url: str, process: subprocess.Popen) -> None:
    """Until a session of this database sits inside an open transaction (the paused writer)."""
    import psycopg

    deadline = time.monotonic() + 60
    with psycopg.connect(url, autocommit=True) as conn:
        while not conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND state = 'idle in transaction'"
        ).fetchone()[0]:
            assert time.monotonic() < deadline, "the writer never reached its transaction"
            assert process.poll() is None, "the writer exited early"
            time.sleep(0.05)


def test_database_two_processes_apply_at_once_one_wins_the_other_is_told(postgres, tiny, tmp_path):
    url = postgres.database()
    store = PostgresStore(url, tiny, tmp_path / "cache")
    store.ensure()
    # The first holds its transaction open for 3 s after writing; the second starts meanwhile.
    first = _writer(url, tiny, tmp_path / "c1", 41, "first", pause="written:3")
    _wait_in_transaction(url, first)
    second = _writer(url, tiny, tmp_path / "c2", 42, "second")
    out_first, _ = first.communicate(timeout=60)
    out_second, _ = second.communicate(timeout=60)
    assert out_first.strip() == "2"
    assert "CONFLICT the dataset is now version 2, not 1" in out_second
    assert [v.id for v in store.versions()] == [1, 2]
    assert convictions(store, 2) == 41


def test_database_writer_killed_midway_leaves_the_previous_version(postgres, tiny, tmp_path):
    url = postgres.database()
    store = PostgresStore(url, tiny, tmp_path / "cache")
    store.ensure()
    process = _writer(url, tiny, tmp_path / "c1", 41, "first", pause="written:60")
    _wait_in_transaction(url, process)  # the new version's rows written, not committed
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    reopened = PostgresStore(url, tiny, tmp_path / "cache2")
    assert reopened.current().id == 1
    assert [v.id for v in reopened.versions()] == [1]
    v2 = reopened.write_if_current(
        1, changed_tables(reopened, 1, 40), reopened.read(1).manifest, by="x", source="x",
        comment="",
    )  # fmt: skip
    assert v2.id == 2 and convictions(reopened, 2) == 40


def test_app_processes_serve_the_database_store_current_version(postgres, tiny, tmp_path):
    from dashboard.dataset import store as stores

    url = postgres.database()
    store = PostgresStore(url, tiny, tmp_path / "cache")
    stores._served.clear()
    assert stores.served_folder(store) is None  # no versions yet: the bundled data is served
    store.ensure()
    stores._served.clear()
    first = stores.served_folder(store)
    assert first == store.path(1) and load_dataset(first).dataset is not None
    due, _ = stores._served[url]
    assert due - time.monotonic() <= stores.CHECK_EVERY  # the next look is due within it
    # Not yet due (however long the write below takes on a busy machine), but a write through
    # this process is served by it at once: its own page names the new version.
    stores._served[url] = (time.monotonic() + 3600, first)
    store.write_if_current(
        1, changed_tables(store, 1, 44), store.read(1).manifest, by="x", source="x", comment=""
    )
    second = stores.served_folder(store)
    assert second == store.path(2) and convictions(store, 2) == 44
    # A version written elsewhere is looked up at most every CHECK_EVERY s.
    stores._served[url] = (time.monotonic() + 3600, first)
    assert stores.served_folder(store) == first
    # The database gone: the folder served so far stays, and no new look for a while.
    from deploy.processes import free_port

    gone = PostgresStore(f"postgresql://tip@127.0.0.1:{free_port()}/tip", tiny, tmp_path)
    stores._served[gone.url] = (0.0, second)
    assert stores.served_folder(gone) == second
    due, _ = stores._served[gone.url]
    assert due - time.monotonic() > stores.CHECK_EVERY
    stores._served.clear()


def test_database_unreachable_is_a_store_error_not_a_crash(tiny, tmp_path):
    from deploy.processes import free_port

    store = PostgresStore(f"postgresql://tip@127.0.0.1:{free_port()}/tip", tiny, tmp_path)
    with pytest.raises(StoreError, match="cannot be reached"):
        store.current()


@pytest.fixture(params=["folder", "database"])
def cli_store(request, tiny, tmp_path, monkeypatch):
    monkeypatch.setattr("dashboard.config.bundled_path", lambda: tiny)
    monkeypatch.setenv("TIP_DASHBOARD_CACHE", str(tmp_path / "cache"))
    if request.param == "folder":
        monkeypatch.setenv("TIP_DASHBOARD_STORE", str(tmp_path / "store"))
        return DirectoryStore(tmp_path / "store", tiny)
    url = request.getfixturevalue("postgres").database()
    monkeypatch.setenv("TIP_DASHBOARD_STORE", url)
    return PostgresStore(url, tiny, tmp_path / "cache")


def test_command_line_apply_versions_diff_rollback(cli_store, tmp_path, capsys):
    store = cli_store
    store.ensure()
    from dashboard.dataset.io import write_workbook

    workbook = tmp_path / "changed.xlsx"
    write_workbook(changed_tables(store, 1, 45), store.read(1).manifest, workbook)
    assert cli.main(["apply", str(workbook), "--by", "Data manager", "--comment", "fix"]) == 0
    out = capsys.readouterr().out
    assert "observations  changed        1" in out and "version 2 is current" in out
    assert convictions(store, 2) == 45
    assert cli.main(["versions"]) == 0
    listing = capsys.readouterr().out
    assert "*    2" in listing and "Data manager: fix (changed.xlsx)" in listing
    diff_csv = tmp_path / "diff.csv"
    assert cli.main(["diff", "1", "2", "--csv", str(diff_csv)]) == 0
    assert "38,45" in diff_csv.read_text(encoding="utf-8").replace('"', "")
    assert cli.main(["rollback", "1", "--by", "Data manager", "--comment", "undo"]) == 0
    assert store.current().id == 3 and convictions(store, 3) == 38
    assert store.current().kind == "rollback"
    assert cli.main(["rollback", "9", "--by", "x", "--comment", "y"]) == 1
    assert "no version 9" in capsys.readouterr().err


def test_command_line_refuses_a_bad_file_and_changes_nothing(cli_store, tmp_path, capsys):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello", encoding="utf-8")
    assert cli.main(["apply", str(bad), "--by", "x", "--comment", "y"]) == 1
    assert "only .xlsx, .csv and .zip" in capsys.readouterr().err
    assert [v.id for v in cli_store.versions()] == [1]


def test_a_stores_refusal_reads_in_either_language():
    conflict = _stale(2, 1)
    assert str(conflict).startswith("the dataset is now version 2, not 1: ")
    assert conflict.text(Locale("ar", "arab")).startswith("مجموعة البيانات الآن في الإصدار ٢ لا ١")
    assert pickle.loads(pickle.dumps(conflict)).text(Locale("ar")) == conflict.text(Locale("ar"))
    error = StoreError("unreachable", detail="connection refused")
    assert error.text(Locale("ar")) == (
        "تعذر الوصول إلى قاعدة بيانات مجموعة البيانات: connection refused"
    )
