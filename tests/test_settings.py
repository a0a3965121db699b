"""Every setting has one name, is read in one place (dashboard/config.py) and is documented in
the README; the secrets file stays out of git; the tests run from any folder."""

from __future__ import annotations

import ast
import logging
import os
import re
import subprocess
import sys

import pytest

from dashboard import config
from dashboard.dataset.store import DirectoryStore, PostgresStore, configured, data_path
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CODE = [
    p
    for folder in ("dashboard", "bench", "deploy", "tests", "scripts")
    for p in (ROOT / folder).rglob("*")
    if p.suffix in {".py", ".sh"}
] + [ROOT / "Makefile", ROOT / "streamlit_app.py", ROOT / ".ci" / "run"]


def named_settings() -> set[str]:
    return {
        name
        for path in CODE
        for name in re.findall(r"\bTIP_[A-Z][A-Z0-9_]*\b", path.read_text(encoding="utf-8"))
    }


def test_the_code_names_the_settings_the_config_declares():
    declared = {v for k, v in vars(config).items() if k.endswith("_ENV")}
    assert len(declared) >= 10
    assert declared <= named_settings()


@pytest.mark.parametrize("name", sorted(named_settings()))
def test_every_setting_is_documented(name):
    assert f"`{name}`" in README, f"{name} is not in the README's configuration table"


def test_only_config_reads_the_environment_in_the_app():
    readers = []
    for path in (ROOT / "dashboard").rglob("*.py"):
        if path.name == "config.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv"}:
                readers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert readers == []


def readme_table() -> dict[str, tuple[str, str, str]]:
    """The README's Configuration table: each name in a row's first cell -> (where, default,
    meaning) as written."""
    section = README.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        assert len(cells) == 4, line
        for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", cells[0]):
            rows[name] = (cells[1], cells[2], cells[3])
    return rows


TABLE = readme_table()


def bench_settings() -> set[str]:
    """The `TIP_` settings the benchmarks read from the environment (read as source: the tests
    do not import benchmark code)."""
    names = set()
    for path in (ROOT / "bench").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                reader = ast.unparse(node.func)
                if reader in {"os.environ.get", "os.getenv"} and node.args:
                    names.add(ast.literal_eval(node.args[0]))
            elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
                names.add(ast.literal_eval(node.slice))
    return {name for name in names if name.startswith("TIP_")}


def test_the_table_documents_exactly_the_settings_that_are_read():
    declared = {v for k, v in vars(config).items() if k.endswith("_ENV")}
    assert bench_settings() == {"TIP_BENCH_OTHERS"}
    documented = {name for name in TABLE if name.startswith("TIP_")}
    assert documented == declared | bench_settings()


def test_the_other_rows_name_what_make_and_the_tests_read():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    tests = (ROOT / "tests" / "conftest.py").read_text(encoding="utf-8")
    tests += (ROOT / "tests" / "browser" / "conftest.py").read_text(encoding="utf-8")
    for name in {name for name in TABLE if not name.startswith("TIP_")}:
        assert re.search(rf"^{name} \?=", makefile, re.M) or f'"{name}"' in tests, name


@pytest.fixture
def unset(monkeypatch, tmp_path):
    """No setting of this project in the environment, no secrets, and an empty version store."""
    for name in TABLE:
        monkeypatch.delenv(name, raising=False)
    import streamlit

    monkeypatch.setattr(streamlit, "secrets", {})
    monkeypatch.setattr(config, "_WARNED", set())
    return monkeypatch


def _as_documented(default: str):
    """The README's default as a value: the last `path` in it (from the project's root), a
    number, or None for "none"."""
    paths = re.findall(r"`([^`]+)`", default)
    if paths:
        return os.path.normpath(ROOT / paths[-1])
    if default == "none":
        return None
    return float(default)


DEFAULTS = {
    "TIP_DASHBOARD_DATA": lambda: str(data_path()),
    "TIP_DASHBOARD_SECRETARIAT_KEY": lambda: config.secretariat_key() or None,
    "TIP_DASHBOARD_STORE": lambda: config.store_location(),
    "TIP_DASHBOARD_CACHE": lambda: str(config.cache_path()),
    "TIP_DASHBOARD_REFERENCE": lambda: str(config.reference_path()),
    "TIP_DASHBOARD_UPLOAD_MB": lambda: config.upload_limit_bytes() / 1_000_000,
    "TIP_DASHBOARD_MAX_FILE_MB": lambda: config.max_file_bytes() / 1024 / 1024,
    "TIP_DASHBOARD_RULES": lambda: str(config.rules_path()),
    "TIP_DASHBOARD_DECKS": lambda: str(config.decks_path()),
    "TIP_DASHBOARD_TEST_PAUSE": lambda: config.test_pause("written") or None,
}


@pytest.mark.parametrize("name", sorted(DEFAULTS))
def test_each_default_is_the_one_documented(unset, tmp_path, name):
    if name == config.DATA_ENV:  # "the current version, else `data/`": a store with none
        unset.setenv(config.STORE_ENV, str(tmp_path / "empty store"))
    got = DEFAULTS[name]()
    expected = _as_documented(TABLE[name][1])
    assert (os.path.normpath(got) if isinstance(got, str) else got) == expected


def test_every_documented_default_is_checked():
    assert set(DEFAULTS) | bench_settings() == {n for n in TABLE if n.startswith("TIP_")}


@pytest.mark.parametrize(
    ("setting", "value", "reader", "expected"),
    [
        ("DATA_ENV", "/srv/tip/data", data_path, "/srv/tip/data"),
        ("DATA_ENV", "/srv/tip/data.xlsx", data_path, "/srv/tip/data.xlsx"),
        ("STORE_ENV", "/srv/tip/store", config.store_path, "/srv/tip/store"),
        ("STORE_ENV", "/srv/tip/store", config.store_location, "/srv/tip/store"),
        ("CACHE_ENV", "/srv/tip/cache", config.cache_path, "/srv/tip/cache"),
        ("REFERENCE_ENV", "/srv/ref", config.reference_path, "/srv/ref"),
        ("RULES_ENV", "/srv/rules.csv", config.rules_path, "/srv/rules.csv"),
        ("DECKS_ENV", "/srv/decks", config.decks_path, "/srv/decks"),
        ("UPLOAD_ENV", "3", config.upload_limit_bytes, 3_000_000),
        ("UPLOAD_ENV", " 0.5 ", config.upload_limit_bytes, 500_000),
        ("MAX_FILE_ENV", "2", config.max_file_bytes, 2 * 1024 * 1024),
        ("MAX_FILE_ENV", "1000", config.max_file_bytes, 1000 * 1024 * 1024),
        ("KEY_ENV", "open sesame", config.secretariat_key, "open sesame"),
        ("KEY_ENV", "  open sesame\n", config.secretariat_key, "open sesame"),
    ],
)
def test_each_setting_changes_what_it_says(unset, setting, value, reader, expected):
    name = getattr(config, setting)
    default = reader()
    unset.setenv(name, value)
    got = reader()
    assert (str(got) if isinstance(got, os.PathLike) else got) == expected
    assert got != default


@pytest.mark.parametrize(
    "setting", ["DATA_ENV", "STORE_ENV", "CACHE_ENV", "REFERENCE_ENV", "RULES_ENV", "DECKS_ENV"]
)
def test_a_blank_path_is_no_setting(unset, setting):
    reader = DEFAULTS[getattr(config, setting)]
    default = reader()
    unset.setenv(getattr(config, setting), "   ")
    assert reader() == default


def _store_with_current_version(root, number: int):
    (root / "versions" / f"v{number:04d}").mkdir(parents=True)
    (root / "current").write_text(f"{number}\n", encoding="utf-8")
    return root / "versions" / f"v{number:04d}"


def test_the_current_version_is_served_unless_a_dataset_is_named(unset, tmp_path):
    """`TIP_DASHBOARD_DATA` unset: the store's current version, else `data/`; set: that
    dataset, whatever the store holds ("versions are then not used")."""
    unset.setenv(config.STORE_ENV, str(tmp_path / "store"))
    assert data_path() == config.bundled_path()
    version = _store_with_current_version(tmp_path / "store", 2)
    assert data_path() == version
    unset.setenv(config.DATA_ENV, str(tmp_path / "fixed.xlsx"))
    assert data_path() == tmp_path / "fixed.xlsx"
    assert config.data_setting() == tmp_path / "fixed.xlsx"


def test_the_store_is_a_folder_or_a_database_with_its_cache(unset, tmp_path):
    unset.setenv(config.STORE_ENV, str(tmp_path / "store"))
    folder = configured()
    assert isinstance(folder, DirectoryStore) and folder.root == tmp_path / "store"
    assert not config.store_is_database()
    url = "postgresql://tip:secret@db.example:5432/tip"
    unset.setenv(config.STORE_ENV, url)
    unset.setenv(config.CACHE_ENV, str(tmp_path / "cache"))
    database = configured()  # not connected until it is used
    assert config.store_is_database() and config.store_location() == url
    assert isinstance(database, PostgresStore)
    assert database.url == url and database.cache == tmp_path / "cache"


def test_the_passphrase_comes_from_the_environment_else_the_secrets(unset):
    import streamlit

    assert config.secretariat_key() == ""  # none: the app is read-only
    unset.setattr(streamlit, "secrets", {"secretariat_key": " from secrets "})
    assert config.secretariat_key() == "from secrets"
    unset.setenv(config.KEY_ENV, "from the environment")
    assert config.secretariat_key() == "from the environment"
    unset.setenv(config.KEY_ENV, "  ")
    assert config.secretariat_key() == "from secrets"


@pytest.mark.parametrize(
    ("setting", "reader", "default"),
    [
        ("UPLOAD_ENV", config.upload_limit_bytes, 25_000_000),
        ("MAX_FILE_ENV", config.max_file_bytes, 200 * 1024 * 1024),
    ],
)
@pytest.mark.parametrize("bad", ["twenty", "abc", "-1", "0", "nan", "inf", "1e999", "25 MB"])
def test_an_unusable_number_falls_back_to_the_default_with_a_warning(
    unset, caplog, setting, reader, default, bad
):
    name = getattr(config, setting)
    unset.setenv(name, bad)
    with caplog.at_level(logging.WARNING, logger="dashboard.config"):
        assert reader() == default
        assert reader() == default  # read again: the same, and warned about once
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and name in warnings[0] and repr(bad) in warnings[0], warnings


def test_an_unset_number_is_the_default_without_a_warning(unset, caplog):
    unset.setenv(config.UPLOAD_ENV, "")
    with caplog.at_level(logging.WARNING, logger="dashboard.config"):
        assert config.upload_limit_bytes() == 25_000_000
        assert config.max_file_bytes() == 200 * 1024 * 1024
    assert caplog.records == []


def test_the_test_pause_is_off_unless_set_for_that_stage(unset, caplog):
    unset.setenv(config.PAUSE_ENV, "written:4")
    assert config.test_pause("written") == 4.0
    assert config.test_pause("renamed") == 0.0
    unset.setenv(config.PAUSE_ENV, "written:0.25")
    assert config.test_pause("written") == 0.25
    with caplog.at_level(logging.WARNING, logger="dashboard.config"):
        for bad in ("written:soon", "written:-1", "written:nan"):
            unset.setenv(config.PAUSE_ENV, bad)
            assert config.test_pause("written") == 0.0
    assert len(caplog.records) == 3


def test_the_other_dashboards_folder_is_the_benchmark_setting(tmp_path):
    """`TIP_BENCH_OTHERS` is the benchmarks' own: read by `bench/others.py`, asked here in a
    process of its own (the tests do not import benchmark code)."""
    ask = "import sys; sys.path.insert(0, '.'); from bench.others import folder; print(folder())"
    env = {k: v for k, v in os.environ.items() if k != "TIP_BENCH_OTHERS"}

    def folder(extra: dict) -> str:
        done = subprocess.run(
            [sys.executable, "-c", ask],
            cwd=ROOT,
            env={**env, **extra},
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        return done.stdout.strip().splitlines()[-1]

    assert os.path.normpath(folder({})) == _as_documented(TABLE["TIP_BENCH_OTHERS"][1])
    assert folder({"TIP_BENCH_OTHERS": str(tmp_path)}) == str(tmp_path)


@pytest.mark.parametrize("path", [".streamlit/secrets.toml", "var/store/current", ".hypothesis"])
def test_secrets_and_local_state_are_ignored_by_git(path):
    result = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, check=False)
    assert result.returncode == 0, f"{path} is not ignored by git"


def test_the_tests_are_collected_from_another_folder(tmp_path):
    """Paths in tests are taken from the project's root, never from the working folder."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", ROOT],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"^\d+ tests collected", result.stdout, re.M), result.stdout[-500:]
