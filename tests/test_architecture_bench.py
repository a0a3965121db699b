"""The tests never import benchmark code: what both need (the protocol-level client, the nginx
log reader, the synthetic dataset) lives under `tests/` and `bench/` imports it from there, so
changing a benchmark cannot break or quietly change a test. A test that needs a benchmark runs it
as a program (`tests/browser/test_load_smoke.py`)."""

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
