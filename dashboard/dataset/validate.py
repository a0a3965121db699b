"""Validation: turn raw string tables into typed ones, and report every problem on the way.

Every check runs on whole columns (fast on the bundled ~100,000 rows) and every problem names
the table, the file or sheet, the row as a spreadsheet shows it, the column and the value.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from dashboard.dataset.consistency import KEY, SPLITS, parts_over_total
from dashboard.dataset.io import MANIFEST_FIELDS, RawDataset
from dashboard.dataset.report import MAX_PER_CHECK, Problem, Report
from dashboard.dataset.schema import (
    MAX_YEAR,
    MIN_YEAR,
    SCHEMA_VERSION,
    TABLES,
    TABLES_BY_NAME,
    Column,
    Table,
)

ARABIC = re.compile(r"[\u0600-\u06FF]")
TRUE = {"true", "1", "yes"}
FALSE = {"false", "0", "no"}
# A count that moves tenfold between two reported years deserves a person's look.
JUMP_FACTOR = 10
JUMP_MIN = 50


CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


def _excel_row(index: int) -> int:
    """Row number as a spreadsheet or text editor shows it: the header is row 1."""
    return int(index) + 2


def _problems(
    report: Report,
    severity: str,
    table: Table,
    where: str,
    mask: pd.Series,
    column: str | None,
    values: pd.Series | None,
    message: str,
) -> None:
    hits = np.flatnonzero(mask.to_numpy())
    if len(hits) == 0:
        return
    listed = [
        Problem(
            severity,  # type: ignore[arg-type]
            table.name,
            where,
            message,
            row=_excel_row(i),
            column=column,
            value=None if values is None else str(values.iloc[i]),
        )
        for i in hits[:MAX_PER_CHECK]
    ]
    report.extend(listed, total=len(hits))


def validate(raw: RawDataset, report: Report) -> dict[str, pd.DataFrame]:
    """Typed tables for every table that could be read; all problems go into `report`."""
    _check_manifest(raw, report)
    typed: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        frame = raw.tables.get(table.name)
        if frame is None:
            continue
        where = raw.origins.get(table.name, table.name)
        result = _type_table(frame, table, where, report)
        if result is not None:
            typed[table.name] = result
    for table in TABLES:
        if table.name in typed:
            _check_keys(typed[table.name], table, raw.origins.get(table.name, ""), report)
            _check_references(typed, table, raw.origins.get(table.name, ""), report)
    if "observations" in typed:
        _check_ranges(typed["observations"], "observations", "value", raw, report)
        _check_observations(typed, raw.origins.get("observations", ""), report)
    if "flows" in typed:
        _check_ranges(typed["flows"], "flows", "victims", raw, report)
    if "countries" in typed:
        _check_arabic(typed["countries"], TABLES_BY_NAME["countries"], raw, ("name_ar",), report)
    if "indicators" in typed:
        _check_arabic(
            typed["indicators"],
            TABLES_BY_NAME["indicators"],
            raw,
            ("name_ar", "unit_ar", "definition_ar"),
            report,
        )
    return typed


def _check_manifest(raw: RawDataset, report: Report) -> None:
    if not raw.manifest:
        return
    for key in MANIFEST_FIELDS:
        value = raw.manifest.get(key, "")
        if isinstance(value, dict | list | bool):  # JSON allows them; a version is text
            report.add(Problem("error", "manifest", "manifest", f"field '{key}' is not text"))
        elif not str(value).strip():
            report.add(Problem("error", "manifest", "manifest", f"field '{key}' is missing"))
    version = str(raw.manifest.get("schema_version", ""))
    if version and version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        report.add(
            Problem(
                "error",
                "manifest",
                "manifest",
                f"schema version {version} cannot be read by this program "
                f"(it reads {SCHEMA_VERSION})",
            )
        )


def _type_table(
    frame: pd.DataFrame, table: Table, where: str, report: Report
) -> pd.DataFrame | None:
    missing = [c for c in table.column_names if c not in frame.columns]
    for name in missing:
        report.add(Problem("error", table.name, where, "required column is missing", column=name))
    extra = [c for c in frame.columns if c not in table.column_names]
    for name in extra:
        report.add(
            Problem("warning", table.name, where, "unknown column, ignored", column=str(name))
        )
    if missing:
        return None
    frame = frame.reset_index(drop=True)
    out = pd.DataFrame(index=frame.index)
    for column in table.columns:
        out[column.name] = _type_column(frame[column.name], column, table, where, report)
    return out


def _type_column(
    raw: pd.Series, column: Column, table: Table, where: str, report: Report
) -> pd.Series:
    text = raw.astype(str).str.strip()
    empty = text == ""
    if column.required:
        _problems(report, "error", table, where, empty, column.name, None, "a value is required")
    present = ~empty
    # NUL and other control characters (tab and line breaks aside) are in no figure or name;
    # a NUL makes the written CSV unreadable, so such a version must never become current.
    control = text.str.contains(CONTROL, regex=True, na=False)
    _problems(
        report, "error", table, where, control, column.name, None, "holds a control character"
    )
    if column.dtype == "str":
        if column.allowed is not None:
            bad = present & ~text.isin(column.allowed)
            _problems(
                report,
                "error",
                table,
                where,
                bad,
                column.name,
                text,
                "not an allowed value; allowed: " + ", ".join(column.allowed),
            )
        if column.pattern is not None:
            bad = present & ~text.str.match(column.pattern)
            _problems(
                report, "error", table, where, bad, column.name, text, "not in the expected form"
            )
        return text
    if column.dtype == "bool":
        lowered = text.str.lower()
        bad = present & ~lowered.isin(TRUE | FALSE)
        _problems(report, "error", table, where, bad, column.name, text, "expected true or false")
        return lowered.isin(TRUE)
    numbers = pd.to_numeric(text.where(present), errors="coerce")
    bad = present & numbers.isna()
    _problems(report, "error", table, where, bad, column.name, text, "expected a number")
    # "inf", "1e309": read as numbers, but no figure of ours is infinite.
    endless = numbers.notna() & ~np.isfinite(numbers.astype("float64"))
    _problems(report, "error", table, where, endless, column.name, text, "expected a number")
    numbers = numbers.where(~endless)
    if column.dtype == "int":
        fractional = numbers.notna() & (numbers % 1 != 0)
        _problems(
            report, "error", table, where, fractional, column.name, text, "expected a whole number"
        )
    if column.year:
        out_of_range = numbers.notna() & ((numbers < MIN_YEAR) | (numbers > MAX_YEAR))
        _problems(
            report,
            "error",
            table,
            where,
            out_of_range,
            column.name,
            text,
            f"not a plausible year ({MIN_YEAR}-{MAX_YEAR})",
        )
    if column.non_negative:
        negative = numbers.notna() & (numbers < 0)
        _problems(
            report, "error", table, where, negative, column.name, text, "a count cannot be negative"
        )
    if column.dtype == "int":
        return numbers.fillna(0).astype("int64")
    return numbers.astype("float64")


def _check_keys(frame: pd.DataFrame, table: Table, where: str, report: Report) -> None:
    duplicated = frame.duplicated(list(table.key), keep="first")
    if not duplicated.any():
        return
    key_text = pd.Series("", index=frame.index)
    key_text[duplicated] = (
        frame.loc[duplicated, list(table.key)].astype(str).agg(" / ".join, axis=1)
    )
    _problems(
        report,
        "error",
        table,
        where,
        duplicated,
        ", ".join(table.key),
        key_text,
        "duplicate key: another row has the same " + ", ".join(table.key),
    )


def _check_references(
    typed: dict[str, pd.DataFrame], table: Table, where: str, report: Report
) -> None:
    frame = typed[table.name]
    for column in table.columns:
        if column.references is None:
            continue
        target_table, target_column = column.references
        if target_table not in typed:
            continue
        known = set(typed[target_table][target_column])
        values = frame[column.name]
        unknown = (values != "") & ~values.isin(known)
        label = {
            "iso3": "unknown country code (not in countries)",
            "indicator": "unknown indicator (not in the indicators catalogue)",
            "source": "unknown source (not in sources)",
        }.get(target_column, f"not found in {target_table}.{target_column}")
        _problems(report, "error", table, where, unknown, column.name, values, label)


def _check_ranges(
    frame: pd.DataFrame, name: str, value_column: str, raw: RawDataset, report: Report
) -> None:
    table = TABLES_BY_NAME[name]
    where = raw.origins.get(name, name)
    value, lower, upper = frame[value_column], frame["lower"], frame["upper"]
    both = lower.notna() & upper.notna()
    _problems(
        report,
        "error",
        table,
        where,
        both & (lower > upper),
        "lower",
        lower.astype(str) + " > " + upper.astype(str),
        "lower bound is greater than upper bound",
    )
    _problems(
        report,
        "error",
        table,
        where,
        value.notna() & lower.notna() & (value < lower),
        value_column,
        value.astype(str) + " < " + lower.astype(str),
        "value is below its lower bound",
    )
    _problems(
        report,
        "error",
        table,
        where,
        value.notna() & upper.notna() & (value > upper),
        value_column,
        value.astype(str) + " > " + upper.astype(str),
        "value is above its upper bound",
    )
    status = frame["status"]
    qualitative = frame["kind"] == "documented_route" if "kind" in frame else False
    _problems(
        report,
        "error",
        table,
        where,
        (status == "reported") & value.isna() & ~qualitative,
        value_column,
        None,
        "status is 'reported' but there is no value",
    )
    _problems(
        report,
        "error",
        table,
        where,
        (status == "suppressed") & ~both,
        "lower",
        None,
        "status is 'suppressed': give the range in lower and upper",
    )
    _problems(
        report,
        "error",
        table,
        where,
        (status == "suppressed") & value.notna(),
        value_column,
        value.astype(str),
        "status is 'suppressed' but a value is given: leave it empty",
    )


def _check_observations(typed: dict[str, pd.DataFrame], where: str, report: Report) -> None:
    table = TABLES_BY_NAME["observations"]
    frame = typed["observations"]
    if "indicators" not in typed:
        return
    kinds = typed["indicators"].set_index("indicator")["kind"]
    kind = frame["indicator"].map(kinds)
    counts = kind == "count"
    _problems(
        report,
        "error",
        table,
        where,
        counts & (frame["value"] < 0),
        "value",
        frame["value"],
        "a count cannot be negative",
    )
    _problems(
        report,
        "error",
        table,
        where,
        counts & (frame["lower"] < 0),
        "lower",
        frame["lower"],
        "a count cannot be negative",
    )
    _check_jumps(frame[counts], table, where, report)
    _check_parts(frame[counts], table, where, report)


def _check_parts(frame: pd.DataFrame, table: Table, where: str, report: Report) -> None:
    """Warn where a cell's parts (by sex, age or form) add up to more than its total: kept
    when the source published it so (the charts then say so), but a person should look."""
    for by in SPLITS:
        over = parts_over_total(frame, by)
        if over.empty:
            continue
        others = [s for s in SPLITS if s != by]
        whole = frame[(frame[by] == "total") & (frame[others[0]] == "total")]
        whole = whole[whole[others[1]] == "total"].reset_index()
        hits = whole.merge(over, on=KEY).drop_duplicates(KEY)
        listed = [
            Problem(
                "warning",
                table.name,
                where,
                f"{row.indicator} for {row.iso3} in {row.year}: the parts by {by} add up to "
                f"at least {row.parts:g}, more than the total of {row.total:g}; keep them only "
                "if the source publishes them so",
                row=_excel_row(row.index),
                column="value",
                value=f"{row.total:g}",
            )
            for row in hits.head(MAX_PER_CHECK).itertuples()
        ]
        report.extend(listed, total=len(hits))


def _check_jumps(frame: pd.DataFrame, table: Table, where: str, report: Report) -> None:
    """Warn where a reported count is ten times (or a tenth of) the previous reported year."""
    totals = (frame["sex"] == "total") & (frame["age"] == "total") & (frame["form"] == "total")
    series = frame[totals & frame["value"].notna()].sort_values(
        ["iso3", "indicator", "sex", "age", "form", "source", "year"]
    )
    keys = ["iso3", "indicator", "sex", "age", "form", "source"]
    previous = series.groupby(keys, sort=False)["value"].shift()
    prev_year = series.groupby(keys, sort=False)["year"].shift()
    big = series["value"].where(series["value"] > previous, previous)
    small = series["value"].where(series["value"] <= previous, previous)
    jump = previous.notna() & (big >= JUMP_MIN) & (big >= JUMP_FACTOR * small.clip(lower=1))
    hits = series[jump]
    listed = [
        Problem(
            "warning",
            table.name,
            where,
            f"{row.indicator} for {row.iso3} changed more than tenfold since "
            f"{int(prev_year[i])} ({previous[i]:g} -> {row.value:g}); please check",
            row=_excel_row(i),
            column="value",
            value=f"{row.value:g}",
        )
        for i, row in zip(
            hits.index[:MAX_PER_CHECK], hits.head(MAX_PER_CHECK).itertuples(), strict=False
        )
    ]
    report.extend(listed, total=len(hits))


def _check_arabic(
    frame: pd.DataFrame,
    table: Table,
    raw: RawDataset,
    columns: tuple[str, ...],
    report: Report,
) -> None:
    where = raw.origins.get(table.name, table.name)
    for name in columns:
        values = frame[name]
        not_arabic = (values != "") & ~values.str.contains(ARABIC)
        _problems(
            report,
            "error",
            table,
            where,
            not_arabic,
            name,
            values,
            "Arabic text expected: no Arabic letters found",
        )
