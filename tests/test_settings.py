"""Every setting has one name, is read in one place (dashboard/config.py) and is documented in
the README; the secrets file stays out of git; the tests run from any folder."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys

import pytest

from dashboard import config
from dashboard.dataset.store import data_path
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


@pytest.mark.parametrize(
    ("setting", "value", "reader", "expected"),
    [
        ("DATA_ENV", "/srv/tip/data", data_path, "/srv/tip/data"),
        ("STORE_ENV", "/srv/tip/store", config.store_path, "/srv/tip/store"),
        ("CACHE_ENV", "/srv/tip/cache", config.cache_path, "/srv/tip/cache"),
        ("REFERENCE_ENV", "/srv/ref", config.reference_path, "/srv/ref"),
        ("RULES_ENV", "/srv/rules.csv", config.rules_path, "/srv/rules.csv"),
        ("DECKS_ENV", "/srv/decks", config.decks_path, "/srv/decks"),
        ("UPLOAD_ENV", "3", config.upload_limit_bytes, 3_000_000),
        ("MAX_FILE_ENV", "2", config.max_file_bytes, 2 * 1024 * 1024),
        ("KEY_ENV", "open sesame", config.secretariat_key, "open sesame"),
    ],
)
def test_each_setting_changes_what_it_says(monkeypatch, setting, value, reader, expected):
    name = getattr(config, setting)
    monkeypatch.delenv(name, raising=False)
    default = reader()
    monkeypatch.setenv(name, value)
    got = reader()
    assert (str(got) if isinstance(got, os.PathLike) else got) == expected
    assert got != default


@pytest.mark.parametrize(
    ("setting", "reader", "default"),
    [
        ("UPLOAD_ENV", config.upload_limit_bytes, 25_000_000),
        ("MAX_FILE_ENV", config.max_file_bytes, 200 * 1024 * 1024),
    ],
)
def test_an_unusable_number_falls_back_to_the_default(monkeypatch, setting, reader, default):
    monkeypatch.setenv(getattr(config, setting), "twenty")
    assert reader() == default


def test_the_test_pause_is_off_unless_set_for_that_stage(monkeypatch):
    monkeypatch.setenv(config.PAUSE_ENV, "written:4")
    assert config.test_pause("written") == 4.0
    assert config.test_pause("renamed") == 0.0
    monkeypatch.setenv(config.PAUSE_ENV, "written:soon")
    assert config.test_pause("written") == 0.0


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
