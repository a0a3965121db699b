"""What a change does to the dataset: rows added, values changed (old -> new), rows removed;
and the warnings a person must accept before it is applied."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.dataset.io import to_text_frame
from dashboard.dataset.schema import TABLES

COLUMNS = ["table", "change", "iso3", "indicator", "key", "column", "old", "new"]
JUMP_FACTOR = 10
JUMP_MIN = 10


def diff(old: Mapping[str, pd.DataFrame], new: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every difference between two datasets, one line per changed cell.

    Rows are matched by their table's key; an added or removed row is one line listing its
    values. `iso3` and `indicator` are filled where the table has them, for grouping.
    """
    lines: list[dict] = []
    for table in TABLES:
        before = to_text_frame(old[table.name], table).set_index(list(table.key))
        after = to_text_frame(new[table.name], table).set_index(list(table.key))
        values = [c for c in table.column_names if c not in table.key]

        def line(key, change, column, was, now, table=table):
            keys = dict(zip(table.key, key if isinstance(key, tuple) else (key,), strict=True))
            lines.append(
                {
                    "table": table.name,
                    "change": change,
                    "iso3": keys.get("iso3", keys.get("destination", "")),
                    "indicator": keys.get("indicator", keys.get("measure", "")),
                    "key": " · ".join(f"{k}={v}" for k, v in keys.items() if v != ""),
                    "column": column,
                    "old": was,
                    "new": now,
                }
            )

        def summary(row, values=values) -> str:
            return "; ".join(f"{c}={row[c]}" for c in values if row[c] != "")

        for key in after.index.difference(before.index, sort=False):
            line(key, "added", "", "", summary(after.loc[key]))
        for key in before.index.difference(after.index, sort=False):
            line(key, "removed", "", summary(before.loc[key]), "")
        common = before.index.intersection(after.index, sort=False)
        if len(common):
            a, b = before.loc[common, values], after.loc[common, values]
            changed = a.ne(b)
            for key, row in changed[changed.any(axis=1)].iterrows():
                for column in row.index[row.to_numpy()]:
                    line(key, "changed", column, a.at[key, column], b.at[key, column])
    out = pd.DataFrame(lines, columns=COLUMNS)
    return out.sort_values(["table", "change", "iso3", "indicator", "key", "column"]).reset_index(
        drop=True
    )


@dataclass(frozen=True)
class Check:
    """One thing to check before applying: its kind and the figures it is about. `str()`
    gives it in English (the command line); the page words it in the reader's language."""

    kind: str  # jump, jump_year, stops, removed, new_country
    values: tuple[tuple[str, object], ...]

    def __getitem__(self, name: str):
        return dict(self.values)[name]

    def __str__(self) -> str:
        return ENGLISH[self.kind].format(**dict(self.values))


ENGLISH = {
    "jump": "tenfold change: {indicator} for {iso3} in {year} goes from {old:g} to {new:g}",
    "jump_year": "tenfold change: {indicator} for {iso3} goes from {old:g} ({old_year}) to "
    "{new:g} ({year})",
    "stops": "series stops: {indicator} for {iso3} ({source}) ended in {old_end} and now ends "
    "in {new_end}",
    "removed": "series stops: {indicator} for {iso3} ({source}) ended in {old_end} and is removed",
    "new_country": "new country: {iso3} has figures for the first time",
}


def counts(changes: pd.DataFrame) -> list[tuple[str, str, int]]:
    """(table, change, how many) of a diff's rows: what each table gains, changes and loses."""
    grouped = changes.groupby(["table", "change"]).size()
    return [(str(table), str(change), int(n)) for (table, change), n in grouped.items()]


def _warning(kind: str, **values) -> Check:
    return Check(kind, tuple(values.items()))


def _tenfold(now: pd.Series, before: pd.Series) -> pd.Series:
    """Where a figure is ten times (or a tenth of) another, and the larger is not tiny."""
    big, small = now.where(now > before, before), now.where(now <= before, before)
    return (
        now.notna()
        & before.notna()
        & (big >= JUMP_MIN)
        & (big >= JUMP_FACTOR * small.clip(lower=1))
    )


def warnings(old: Mapping[str, pd.DataFrame], new: Mapping[str, pd.DataFrame]) -> list[Check]:
    """What a person should look at before applying: a figure ten times (or a tenth of) what
    it was or of the year before, a series that stops, a country that was not there."""
    found: list[Check] = []
    keys = ["iso3", "indicator", "sex", "age", "form", "source"]
    a, b = old["observations"], new["observations"]
    merged = b.merge(a, on=[*keys, "year"], how="left", suffixes=("", "_old"))
    changed = merged[_tenfold(merged.value, merged.value_old)]
    for r in changed.itertuples():
        found.append(
            _warning(
                "jump",
                indicator=r.indicator,
                iso3=r.iso3,
                year=int(r.year),
                old=float(r.value_old),
                new=float(r.value),
            )
        )
    # A new figure against its series' latest earlier year (any source, as a reader sees it).
    series = ["iso3", "indicator", "sex", "age", "form"]
    years = b[b.value.notna()].groupby([*series, "year"], sort=True).value.last().reset_index()
    years["old"] = years.groupby(series).value.shift()
    years["old_year"] = years.groupby(series).year.shift()
    added = merged[merged.value.notna() & merged.status_old.isna()]
    added = added.merge(years[[*series, "year", "old", "old_year"]], on=[*series, "year"])
    for r in added[_tenfold(added.value, added.old)].itertuples():
        found.append(
            _warning(
                "jump_year",
                indicator=r.indicator,
                iso3=r.iso3,
                old=float(r.old),
                old_year=int(r.old_year),
                new=float(r.value),
                year=int(r.year),
            )
        )
    last_old = a.groupby(keys).year.max()
    last_new = b.groupby(keys).year.max()
    joined = pd.concat([last_old.rename("old"), last_new.rename("new")], axis=1)
    stops = joined[joined.new.isna() | (joined.new < joined.old)]
    for key, r in stops.iterrows():
        values = {"indicator": key[1], "iso3": key[0], "source": key[5], "old_end": int(r.old)}
        if pd.isna(r.new):
            found.append(_warning("removed", **values))
        else:
            found.append(_warning("stops", **values, new_end=int(r.new)))
    for iso3 in sorted(set(b.iso3) - set(a.iso3)):
        found.append(_warning("new_country", iso3=iso3))
    return found
