"""Reading and writing the dataset's two interchangeable forms: a CSV folder and one workbook.

Both are read into the same thing: one DataFrame of strings per table, exactly as written,
plus the manifest. Types are applied later, by validation, so that a bad cell becomes a
problem in the report instead of an exception.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.config import max_file_bytes
from dashboard.dataset.report import Problem, Report
from dashboard.dataset.schema import SCHEMA_VERSION, TABLES, TABLES_BY_NAME, Table

MANIFEST = "datapackage.json"
MANIFEST_SHEET = "datapackage"
MANIFEST_FIELDS = ("name", "title", "version", "created", "schema_version")
# Kept when a version has them: the UNODC labels the secretariat mapped (JSON text).
MANIFEST_OPTIONAL = ("label_aliases",)


@dataclass
class RawDataset:
    """Tables as strings, as read from disk, and where each came from."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    manifest: dict[str, object] = field(default_factory=dict)


def read_raw(path: Path | str, report: Report) -> RawDataset:
    """Read a CSV folder or a workbook; every problem goes into `report`, nothing raises."""
    path = Path(path)
    if path.is_dir():
        return _read_folder(path, report)
    if not path.exists():
        report.add(Problem("error", "dataset", str(path), "no such file or folder"))
        return RawDataset()
    if path.stat().st_size > max_file_bytes():
        report.add(
            Problem(
                "error",
                "dataset",
                path.name,
                f"file is {path.stat().st_size:,} bytes; the limit is {max_file_bytes():,}",
            )
        )
        return RawDataset()
    if path.stat().st_size == 0:
        report.add(Problem("error", "dataset", path.name, "the file is empty"))
        return RawDataset()
    if zipfile.is_zipfile(path):
        return _read_workbook(path, report)
    report.add(
        Problem(
            "error",
            "dataset",
            path.name,
            "not a dataset: expected a folder of CSV files with datapackage.json, "
            "or an Excel workbook (.xlsx)",
        )
    )
    return RawDataset()


def _read_folder(folder: Path, report: Report) -> RawDataset:
    raw = RawDataset()
    manifest_path = folder / MANIFEST
    if manifest_path.exists():
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            report.add(Problem("error", "manifest", MANIFEST, f"not valid JSON: {exc}"))
        else:
            if isinstance(manifest, dict):
                raw.manifest = manifest
            else:  # valid JSON, but a number, a list or a string: not a manifest
                report.add(Problem("error", "manifest", MANIFEST, "not a JSON object ({...})"))
    else:
        report.add(Problem("error", "manifest", MANIFEST, "the folder has no datapackage.json"))
    for table in TABLES:
        file = folder / f"{table.name}.csv"
        raw.origins[table.name] = file.name
        if not file.exists():
            report.add(Problem("error", table.name, file.name, "file is missing"))
            continue
        frame = _read_csv(file, table, report)
        if frame is not None:
            raw.tables[table.name] = frame
    return raw


def _read_csv(file: Path, table: Table, report: Report) -> pd.DataFrame | None:
    size = file.stat().st_size
    if size > max_file_bytes():
        report.add(
            Problem("error", table.name, file.name, f"file is {size:,} bytes; too large to read")
        )
        return None
    try:
        data = file.read_bytes()
    except OSError as exc:  # a folder of that name, no permission, a broken link
        report.add(Problem("error", table.name, file.name, f"cannot be read: {exc.strerror}"))
        return None
    if not data.strip():
        report.add(Problem("error", table.name, file.name, "the file is empty"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.add(
            Problem(
                "error",
                table.name,
                file.name,
                f"not UTF-8 text (bad byte at line {line}); save the file as CSV UTF-8",
            )
        )
        return None
    if "\x00" in text:
        report.add(Problem("error", table.name, file.name, "contains NUL bytes: not a CSV file"))
        return None
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        report.add(Problem("error", table.name, file.name, f"cannot be read as CSV: {exc}"))
        return None


def _cell_text(value: object) -> str:
    """The CSV text of a workbook cell, so both forms read the same."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_float(value)
    return str(value)


def _read_workbook(path: Path, report: Report) -> RawDataset:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    raw = RawDataset()
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        OSError,
        ValueError,
        SyntaxError,  # broken XML inside the archive (lxml's and the standard library's)
    ) as exc:
        report.add(Problem("error", "dataset", path.name, f"not a readable workbook: {exc}"))
        return raw
    try:
        names = set(book.sheetnames)
        if MANIFEST_SHEET in names:
            rows = book[MANIFEST_SHEET].iter_rows(values_only=True)
            raw.manifest = {
                str(r[0]): _cell_text(r[1]) for r in rows if r and r[0] not in (None, "key")
            }
        else:
            report.add(
                Problem("error", "manifest", path.name, f"workbook has no '{MANIFEST_SHEET}' sheet")
            )
        for table in TABLES:
            raw.origins[table.name] = f"{path.name} [sheet {table.name}]"
            if table.name not in names:
                report.add(
                    Problem("error", table.name, path.name, f"workbook has no sheet '{table.name}'")
                )
                continue
            rows = book[table.name].iter_rows(values_only=True)
            header = next(rows, None)
            if not header or all(h is None for h in header):
                report.add(
                    Problem("error", table.name, raw.origins[table.name], "the sheet is empty")
                )
                continue
            columns = [_cell_text(h) for h in header]
            while columns and columns[-1] == "":
                columns.pop()
            body = [
                [_cell_text(v) for v in r[: len(columns)]]
                + [""] * (len(columns) - len(r[: len(columns)]))
                for r in rows
                if r and any(v not in (None, "") for v in r)
            ]
            raw.tables[table.name] = pd.DataFrame(body, columns=columns, dtype=str)
    finally:
        book.close()
    return raw


def format_float(value: float) -> str:
    """Shortest exact text of a number: integers without '.0', others round-trip exactly."""
    if math.isnan(value):
        return ""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def to_text_frame(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """A typed table as the exact strings written to CSV (and compared after a round trip)."""
    out = pd.DataFrame(index=frame.index)
    for column in table.columns:
        series = frame[column.name] if column.name in frame else pd.Series("", index=frame.index)
        if column.dtype == "bool":
            out[column.name] = series.map(lambda v: "true" if bool(v) else "false")
        elif column.dtype in ("int", "float"):
            out[column.name] = series.map(
                lambda v: "" if v is None or pd.isna(v) else format_float(float(v))
            )
        else:
            out[column.name] = series.map(lambda v: "" if v is None or pd.isna(v) else str(v))
    return out.reset_index(drop=True)


def sort_table(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Rows in key order, so that the same data always gives the same file."""
    return frame.sort_values(list(table.key), kind="stable", na_position="first").reset_index(
        drop=True
    )


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def csv_bytes(text_frame: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    text_frame.to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue().encode("utf-8")


def write_folder(
    tables: Mapping[str, pd.DataFrame], manifest: Mapping[str, object], folder: Path | str
) -> None:
    """Write typed tables as the CSV folder with its manifest (rows and checksums included)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for table in TABLES:
        text = to_text_frame(tables[table.name], table)
        data = csv_bytes(text)
        _atomic_write(folder / f"{table.name}.csv", data)
        resources.append(
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "rows": len(text),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
    document = {key: manifest.get(key, "") for key in MANIFEST_FIELDS}
    document.update({key: manifest[key] for key in MANIFEST_OPTIONAL if manifest.get(key)})
    document["schema_version"] = SCHEMA_VERSION
    document["resources"] = resources
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    _atomic_write(folder / MANIFEST, text.encode("utf-8"))


def write_workbook(
    tables: Mapping[str, pd.DataFrame], manifest: Mapping[str, object], path: Path | str
) -> None:
    """Write typed tables as one workbook, a sheet per table, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    path = Path(path)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(MANIFEST_SHEET)
    sheet.append(["key", "value"])
    optional = [key for key in MANIFEST_OPTIONAL if manifest.get(key)]
    for key in (*MANIFEST_FIELDS, *optional):
        value = SCHEMA_VERSION if key == "schema_version" else manifest.get(key, "")
        sheet.append([key, _text_cell(sheet, WriteOnlyCell, str(value))])
    for table in TABLES:
        sheet = book.create_sheet(table.name)
        sheet.append(list(table.column_names))
        text = to_text_frame(tables[table.name], table)
        for row in text.itertuples(index=False):
            cells = []
            for column, value in zip(table.columns, row, strict=True):
                if value == "":
                    cells.append(None)
                elif column.dtype in ("int", "float"):
                    number = float(value)
                    cells.append(int(number) if number.is_integer() else number)
                elif column.dtype == "bool":
                    cells.append(value == "true")
                else:
                    cells.append(_text_cell(sheet, WriteOnlyCell, value))
            sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(path, buffer.getvalue())


def _text_cell(sheet, cell_class, value: str):
    """A cell that holds text as text, even when it starts with '=' (never a formula)."""
    cell = cell_class(sheet, value=value)
    cell.data_type = "s"
    return cell


def table_for(name: str) -> Table:
    return TABLES_BY_NAME[name]
