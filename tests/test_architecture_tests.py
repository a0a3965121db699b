"""The tests never import benchmark code: what both need (the protocol-level client, the nginx
log reader, the synthetic dataset) lives under `tests/` and `bench/` imports it from there, so
changing a benchmark cannot break or quietly change a test. A test that needs a benchmark runs it
as a program (`tests/browser/test_load_smoke.py`).

Nor does a test module import another: helpers shared by several live in helper modules
(`tests/apptest.py`, `tests/factories.py`, `tests/browser/flows.py`, ...), so a test file can be
read, moved or deleted on its own, and pytest never collects one file's tests twice."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

TESTS = sorted((ROOT / "tests").rglob("*.py"))


def bench_imports(source: str) -> list[str]:
    """Every `import bench...` / `from bench... import` in the source, however deeply nested."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [name for name in names if name == "bench" or name.startswith("bench.")]
    return found


def imported_test_modules(source: str) -> list[str]:
    """Every import of a test module (`test_*`) in the source, however deeply nested and
    however spelt (`from tests.test_x import f`, `from tests import test_x`, `from .test_x`)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            names = [base] + [f"{base}.{alias.name}".replace("..", ".") for alias in node.names]
        else:
            continue
        found += [n for n in names if n.rsplit(".", 1)[-1].startswith("test_")]
    return found


def test_every_test_file_is_walked():
    names = {path.relative_to(ROOT).as_posix() for path in TESTS}
    assert "tests/test_protocol_attacks.py" in names
    assert "tests/browser/test_load_smoke.py" in names
    assert "tests/streamlit_client.py" in names


@pytest.mark.parametrize("path", TESTS, ids=[p.relative_to(ROOT).as_posix() for p in TESTS])
def test_no_test_imports_bench(path):
    assert bench_imports(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "import bench",
        "import bench.load as load",
        "import os, bench.wire",
        "from bench import synthetic",
        "from bench.loadclient import Session",
        "def f():\n    from bench.load import load\n",
        "try:\n    import bench.common\nexcept ImportError:\n    pass\n",
    ],
)
def test_an_import_of_bench_is_caught(source):
    assert bench_imports(source)


@pytest.mark.parametrize(
    "source", ["import benchmark", "from tests import synthetic", "from .bench import x"]
)
def test_other_imports_are_not(source):
    assert bench_imports(source) == []


@pytest.mark.parametrize("path", TESTS, ids=[p.relative_to(ROOT).as_posix() for p in TESTS])
def test_no_test_module_imports_another(path):
    assert imported_test_modules(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "from tests.test_app_trends import said",
        "import tests.browser.test_flows",
        "from tests.browser import test_flows",
        "from .test_metrics_flows import flow",
        "from . import test_pages",
        "def f():\n    from tests.browser.test_flows import DECK\n",
    ],
)
def test_an_import_of_a_test_module_is_caught(source):
    assert imported_test_modules(source)


@pytest.mark.parametrize(
    "source",
    ["from tests.apptest import said", "from tests.browser.flows import DECK", "import pytest"],
)
def test_helper_imports_are_not(source):
    assert imported_test_modules(source) == []
