"""Pages never type visible text: it comes from the translation files or the dataset."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

FILES = [
    *sorted((ROOT / "dashboard" / "pages").glob("*.py")),
    ROOT / "dashboard" / "ui" / "shell.py",
    ROOT / "dashboard" / "ui" / "components.py",
]
SHOWS_TEXT = {
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "write",
    "text",
    "warning",
    "error",
    "info",
    "success",
    "radio",
    "selectbox",
    "multiselect",
    "segmented_control",
    "expander",
    "button",
    "toggle",
    "checkbox",
    "slider",
    "metric",
    "tabs",
    "download_button",
}


def literal_texts(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr not in SHOWS_TEXT:
            continue
        receiver = node.func.value
        if isinstance(receiver, ast.Name) and receiver.id in ("log", "logger", "logging"):
            continue  # the server's log is for whoever runs it, in English
        for arg in node.args[:1]:
            is_text = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            if is_text and any(ch.isalpha() for ch in arg.value):
                found.append(f"{path}:{node.lineno}: {arg.value!r}")
    return found


@pytest.mark.parametrize("path", FILES, ids=str)
def test_no_literal_visible_text(path):
    assert literal_texts(path) == []


def test_the_check_catches_typed_text(tmp_path):
    sample = tmp_path / "page.py"
    sample.write_text('import streamlit as st\nst.subheader("Hello")\n', encoding="utf-8")
    assert literal_texts(sample) == [f"{sample}:2: 'Hello'"]
