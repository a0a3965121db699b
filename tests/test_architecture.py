"""The design, checked: data -> views -> pages, slides and exports (docs/architecture.md).

Each rule here is one a newcomer could break without noticing: a page importing another page,
pandas work creeping back into a page, a slide working out a number of its own, a list separator
or a source id typed where the catalogue has it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dashboard import registry

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dashboard"
# The code that draws what a reader sees (importers and the dataset's own code build and check
# the data from the sources, so they name sources and write separators of their own formats).
DRAWING = ("pages", "views", "slides", "charts", "ui", "metrics")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path) -> set[str]:
    """Every module of the project `path` imports, at its top or inside a function."""
    found = set()
    package = (
        module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else module_name(path)
    )
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*package.split(".")[: len(package.split(".")) - node.level + 1], base]
                )
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        found |= {n.strip(".") for n in names if n.strip(".") in MODULES}
    return found


GRAPH = {name: imports(path) - {name} for name, path in MODULES.items()}


def files(*folders: str) -> list[Path]:
    assert all((PACKAGE / f).is_dir() for f in folders), folders  # a renamed folder fails here
    return [p for f in folders for p in sorted((PACKAGE / f).rglob("*.py"))]


def test_no_module_imports_itself_back():
    """No circular import, however long the circle (an import inside a function counts)."""
    done, stack, cycles = set(), [], []

    def visit(node):
        if node in stack:
            cycles.append([*stack[stack.index(node) :], node])
            return
        if node in done:
            return
        stack.append(node)
        for target in sorted(GRAPH[node]):
            if not target.startswith(node + "."):  # a package's __init__ naming its modules
                visit(target)
        stack.pop()
        done.add(node)

    for name in sorted(GRAPH):
        visit(name)
    assert cycles == []


def test_a_page_imports_no_other_page_and_nothing_imports_a_page():
    for name, targets in GRAPH.items():
        pages = {t for t in targets if t.startswith("dashboard.pages.")}
        assert pages == set(), f"{name} imports {pages}"


def test_views_know_nothing_of_streamlit():
    for path in files("views"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "streamlit" for n in names), path
        reached = {t for t in GRAPH[module_name(path)] if t.startswith("dashboard.ui")}
        assert reached == set(), f"{path.name} imports {reached}"


PANDAS_WORK = re.compile(
    r"\bimport pandas\b|\bpd\.|\.(groupby|merge|pivot|pivot_table|melt|iterrows|itertuples|"
    r"value_counts|drop_duplicates|sort_values|set_index|reset_index|isin|dropna|fillna|"
    r"apply|assign|query|concat|agg)\("
)


@pytest.mark.parametrize(
    "path", files("pages", "slides"), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_pages_and_slides_do_no_pandas_work(path):
    """A page reads its state, builds its view and lays it out; a slide adapts the view."""
    found = [
        f"{n}: {line.strip()}"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PANDAS_WORK.search(line) and not line.lstrip().startswith("#")
    ]
    assert found == []


def string_constants(path: Path):
    """(line, text) of every string written in the code, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if text and id(node) not in docstrings:
            yield node.lineno, node.value


def source_ids() -> set[str]:
    import csv

    with open(ROOT / "data" / "sources.csv", encoding="utf-8") as handle:
        return {row["source"] for row in csv.DictReader(handle)}


DRAWN = [p for p in files(*DRAWING)]
IDS = lambda p: str(p.relative_to(PACKAGE))  # noqa: E731


@pytest.mark.parametrize("path", DRAWN, ids=IDS)
def test_no_list_separator_is_typed(path):
    """Arabic separates a list with '، ' and items with '؛ ': the catalogue knows which."""
    typed = [(n, s) for n, s in string_constants(path) if s in (", ", "; ")]
    assert typed == []


@pytest.mark.parametrize("path", DRAWN, ids=IDS)
def test_no_source_id_is_typed(path):
    """An indicator's source is the catalogue's `source` column, a figure's its own row's."""
    known = source_ids()
    typed = [(n, s) for n, s in string_constants(path) if s in known]
    assert typed == []


@pytest.mark.parametrize("path", [p for p in files(*DRAWING) if p.name != "registry.py"], ids=IDS)
def test_no_page_path_is_typed(path):
    """Pages are declared once, in dashboard/registry.py."""
    pages = {p.name for p in registry.PAGES}
    typed = [
        (n, s)
        for n, s in string_constants(path)
        if re.search(r"pages/\w+\.py", s) or (s.lstrip("/") in pages and s.startswith("/"))
    ]
    assert typed == []


def test_the_registry_lists_every_page_file_and_only_those():
    on_disk = {p.stem for p in (PACKAGE / "pages").glob("*.py") if p.stem != "__init__"}
    assert {p.name for p in registry.PAGES} == on_disk
    assert sum(p.default for p in registry.PAGES) == 1


def test_the_pages_that_serve_readers_do_not_load_the_builds_geography_libraries():
    """geopandas and shapely make the map's shapes when the dataset is built; the server
    never needs them (they once came in through the flow map's projection)."""
    import subprocess
    import sys

    pages = [p.stem for p in (PACKAGE / "pages").glob("*.py") if p.stem not in ("__init__",)]
    pages = [p for p in pages if p != "secretariat"]  # the secretariat's page builds the data
    code = (
        "import sys\n"
        + "".join(f"import dashboard.pages.{p}\n" for p in pages)
        + "print(sorted(m for m in ('geopandas', 'shapely') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout
