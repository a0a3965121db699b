"""Pieces shared by the importers: the static tables kept as data, and the build log."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

STATIC = Path(__file__).parent / "static"


def static_table(name: str) -> pd.DataFrame:
    """A hand-kept table under `dashboard/importers/static/`, every cell as text."""
    return pd.read_csv(
        STATIC / name, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8"
    )


@dataclass
class BuildLog:
    """What the build left out or flagged, and why: written to `data/build_report.md`."""

    excluded: Counter = field(default_factory=Counter)
    flagged: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    # Flow labels nothing matched: (label, rows, low, high victims), for the review screen.
    unmatched: list[tuple[str, int, int, int]] = field(default_factory=list)

    def exclude(self, source: str, reason: str, rows: int = 1) -> None:
        if rows:
            self.excluded[(source, reason)] += rows

    def flag(self, source: str, reason: str, rows: int = 1) -> None:
        if rows:
            self.flagged[(source, reason)] += rows

    def render(self) -> str:
        lines = [
            "# Build report",
            "",
            "Written by `python -m dashboard.importers build`. It lists every row of the public",
            "source files that the build left out, or kept with a flag, and why.",
            "",
            "## Left out",
            "",
            "| source | reason | rows |",
            "|---|---|---|",
        ]
        for (source, reason), rows in sorted(self.excluded.items()):
            lines.append(f"| {source} | {reason} | {rows:,} |")
        lines += [
            "",
            "## Kept, with a flag or a note",
            "",
            "| source | reason | rows |",
            "|---|---|---|",
        ]
        for (source, reason), rows in sorted(self.flagged.items()):
            lines.append(f"| {source} | {reason} | {rows:,} |")
        if self.notes:
            lines += ["", "## Notes", ""] + [f"- {n}" for n in self.notes]
        return "\n".join(lines) + "\n"


def combine_parts(values: pd.Series, lowers: pd.Series, uppers: pd.Series) -> tuple:
    """Sum counts where some parts are suppressed: a range when any part is one."""
    if values.notna().all():
        return float(values.sum()), float("nan"), float("nan"), "reported"
    return float("nan"), float(lowers.sum()), float(uppers.sum()), "suppressed"
