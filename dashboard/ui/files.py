"""Files the app reads once and shares, each keyed by its path and its fingerprint (names,
sizes, modification times), so a changed file is read again: the tracker's rules, the map
shapes; and the address under which Streamlit serves assets/."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import streamlit as st

from dashboard.dataset import Dataset
from dashboard.metrics.tracker import Rule, RuleError, load_rules

log = logging.getLogger(__name__)


def stamp(path: Path) -> tuple:
    """Cheap fingerprint of a dataset's files: names, sizes and modification times."""
    try:
        files = sorted(path.iterdir()) if path.is_dir() else [path]
        return tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    except OSError:
        return ()


@st.cache_resource(show_spinner=False, max_entries=4)
def _rules(path: str, fingerprint: tuple, known: frozenset[str]) -> tuple[list[Rule], str]:
    try:
        return load_rules(path, set(known)), ""
    except (RuleError, OSError, UnicodeDecodeError) as exc:
        log.error("tracker rules %s: %s", path, exc)
        return [], str(exc)


def rules(path: Path, dataset: Dataset) -> tuple[list[Rule], str]:
    """The tracker's rules and, if they cannot be used, why (rules empty)."""
    return _rules(str(path), stamp(path), frozenset(dataset.indicators["indicator"]))


@st.cache_resource(show_spinner=False)
def shapes(path: str) -> dict:
    """The country shapes (GeoJSON), read once and shared: treat as read-only."""
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def static_url(name: str) -> str:
    """The address under which the app serves a file of assets/ (static/ links to it)."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return "/" + "/".join(p for p in (base, f"app/static/{name}") if p)
