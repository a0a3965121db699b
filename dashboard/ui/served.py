"""The dataset as the app serves it: loaded once, shared by every session, never mutated.

A dataset that fails validation is not served: the last valid one stays in use, and the
page says so. Each run checks the files' fingerprint (`files.stamp`), so a new dataset is
picked up at the next interaction without a restart.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard.dataset import Dataset, LoadResult, load_dataset
from dashboard.ui.files import stamp

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Served:
    """What the app serves: a dataset (or none), and why it is not the one asked for."""

    dataset: Dataset | None
    path: str
    errors: int = 0


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(path: str, fingerprint: tuple) -> LoadResult:
    result = load_dataset(path)
    if result.dataset is None:
        log.error("dataset %s is not valid:\n%s", path, result.report.render())
    return result


@st.cache_resource(show_spinner=False)
def _last_good() -> dict[str, Dataset]:
    """The last valid dataset per path, kept for when a newer copy turns out invalid."""
    return {}


def served(path: Path) -> Served:
    """The dataset at `path`; if it does not load, the last one that did. A version of the
    store is kept under the store's folder of versions, not its own, so a new version that
    does not load falls back to an earlier one that does (loaded from its folder if this
    process never saw one load), and the secretariat's pages keep working to roll back."""
    result = _load(str(path), stamp(path))
    keep = _last_good()
    group = _group(path)
    if result.dataset is not None:
        keep[group] = result.dataset
        return Served(result.dataset, str(path))
    fallback = keep.get(group) or _earlier(path)
    return Served(fallback, str(path), errors=result.report.error_count)


def _group(path: Path) -> str:
    return str(path.parent) if _is_version(path) else str(path)


def _is_version(path: Path) -> bool:
    return path.parent.name == "versions" and path.name[:1] == "v" and path.name[1:].isdigit()


def _earlier(path: Path) -> Dataset | None:
    """The newest earlier version beside `path` that loads, or None."""
    if not _is_version(path):
        return None
    earlier = sorted(
        (p for p in path.parent.iterdir() if _is_version(p) and p.name < path.name), reverse=True
    )
    for folder in earlier:
        result = _load(str(folder), stamp(folder))
        if result.dataset is not None:
            return result.dataset
    return None
