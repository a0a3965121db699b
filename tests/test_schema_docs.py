"""docs/dataset.md documents every table and column that the program declares."""

from __future__ import annotations

import re

import pytest

from dashboard.dataset.schema import TABLES
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "dataset.md").read_text(encoding="utf-8")


def section(name: str) -> str:
    match = re.search(rf"^### {name}\n(.*?)(?=^### |\Z)", DOC, re.S | re.M)
    assert match, f"docs/dataset.md has no section for {name}"
    return match.group(1)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_every_column_is_documented(table):
    text = section(table.name)
    documented = set()
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("| column"):
            documented.update(c.strip() for c in line.split("|")[1].split(","))
    assert set(table.column_names) <= documented, set(table.column_names) - documented


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_allowed_values_are_documented(table):
    text = section(table.name)
    for column in table.columns:
        for value in column.allowed or ():
            assert f"`{value}`" in text or f"`{value}`" in DOC, (table.name, column.name, value)
