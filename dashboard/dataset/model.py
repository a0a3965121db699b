"""The loaded dataset: typed tables that nobody mutates, plus the manifest and the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from dashboard.dataset.io import RawDataset, read_raw
from dashboard.dataset.report import Problem, Report
from dashboard.dataset.validate import validate


@dataclass(frozen=True)
class Dataset:
    """A valid dataset. Tables are shared between sessions: treat them as read-only."""

    tables: MappingProxyType
    manifest: MappingProxyType
    path: str
    report: Report = field(compare=False)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = object.__getattribute__(self, "tables")
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    @property
    def version(self) -> str:
        return str(self.manifest.get("version", ""))

    @property
    def created(self) -> str:
        return str(self.manifest.get("created", ""))


@dataclass(frozen=True)
class LoadResult:
    """What loading a path gave: a dataset when there were no errors, and always the report."""

    dataset: Dataset | None
    report: Report


def load_dataset(path: Path | str) -> LoadResult:
    """Read and validate a CSV folder or workbook. Never raises for a bad dataset."""
    report = Report()
    try:
        raw: RawDataset = read_raw(path, report)
        typed = validate(raw, report) if raw.tables else {}
    except MemoryError:
        report.add(Problem("error", "dataset", str(path), "the file is too large to read"))
        return LoadResult(None, report)
    if not report.ok or not typed:
        if report.ok:
            report.add(Problem("error", "dataset", str(path), "no tables could be read"))
        return LoadResult(None, report)
    dataset = Dataset(
        tables=MappingProxyType(typed),
        manifest=MappingProxyType(dict(raw.manifest)),
        path=str(path),
        report=report,
    )
    return LoadResult(dataset, report)
