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

    # Up to EXAMPLES rows of each reason, as "BHR 2021 · Nationals", so a reader can find them.
    examples: dict = field(default_factory=dict)
    # The folders and files written so far (a folder as soon as its first file is begun), so
    # that an error can say what it left behind.
    written: list[str] = field(default_factory=list)

    def exclude(self, source: str, reason: str, rows: int = 1, examples=None) -> None:
        if rows:
            self.excluded[(source, reason)] += rows
            self._note_examples((source, reason), examples)

    def flag(self, source: str, reason: str, rows: int = 1, examples=None) -> None:
        if rows:
            self.flagged[(source, reason)] += rows
            self._note_examples((source, reason), examples)

    def _note_examples(self, key, examples) -> None:
        if examples is None:
            return
        found = self.examples.setdefault(key, [])
        for example in example_rows(examples) if isinstance(examples, pd.DataFrame) else examples:
            if len(found) >= EXAMPLES:
                break
            if example not in found:
                found.append(example)

    def render(self) -> str:
        lines = [
            "# Build report",
            "",
            "Written by `python -m dashboard.importers build`. It lists every row of the public",
            "source files that the build left out, or kept with a flag, and why, with up to",
            f"{EXAMPLES} examples of each (country, year and what the row names).",
            "",
            "## Left out",
            "",
            "| source | reason | rows | examples |",
            "|---|---|---|---|",
        ]
        for (source, reason), rows in sorted(self.excluded.items()):
            lines.append(f"| {source} | {reason} | {rows:,} | {self._shown((source, reason))} |")
        lines += [
            "",
            "## Kept, with a flag or a note",
            "",
            "| source | reason | rows | examples |",
            "|---|---|---|---|",
        ]
        for (source, reason), rows in sorted(self.flagged.items()):
            lines.append(f"| {source} | {reason} | {rows:,} | {self._shown((source, reason))} |")
        if self.notes:
            lines += ["", "## Notes", ""] + [f"- {n}" for n in self.notes]
        return "\n".join(lines) + "\n"

    def _shown(self, key) -> str:
        return "; ".join(e.replace("|", "/") for e in self.examples.get(key, []))


EXAMPLES = 3
# The columns that say which row it is, in the order shown, in the sources' and our spellings.
_WHICH = (
    ("Iso3_code", "iso3", "origin"),
    ("destination",),
    ("Year", "year"),
    ("Indicator", "indicator"),
    ("Category", "label", "Country"),
)


def example_rows(rows: pd.DataFrame) -> list[str]:
    """The first rows of a frame as short descriptions ("BHR 2021 · Detected trafficking
    victims · Nationals"), from whichever identifying columns it has."""
    columns = [next((c for c in names if c in rows.columns), None) for names in _WHICH]
    columns = [c for c in columns if c is not None]
    out = []
    named = "Country" in rows.columns and columns and columns[0] == "Iso3_code"
    for k, values in enumerate(rows[columns].head(EXAMPLES * 4).itertuples(index=False)):
        values = list(values)
        if named and not str(values[0]).strip():  # no code: the entity's name says which
            values[0] = rows["Country"].iloc[k]
        text = " · ".join(str(v) for v in values if str(v).strip() and str(v) != "nan")
        if text and text not in out:
            out.append(text)
    return out[:EXAMPLES]


def combine_parts(values: pd.Series, lowers: pd.Series, uppers: pd.Series) -> tuple:
    """Sum counts where some parts are suppressed: a range when any part is one."""
    if values.notna().all():
        return float(values.sum()), float("nan"), float("nan"), "reported"
    return float("nan"), float(lowers.sum()), float(uppers.sum()), "suppressed"
