"""Preparing an update from an uploaded file, before anybody applies it.

Three kinds of file are understood:

- a filled **submission template** (`.xlsx` with a `Figures` sheet, or a `.csv` of the same
  columns): its figures are added to, or replace, the same figures of the current version;
  nothing is removed;
- a **full dataset** (`.xlsx` workbook with every table, or a `.zip` of the CSV folder): it
  replaces the current version;
- a **UNODC GLOTIP release** (`.xlsx`): the dataset is rebuilt from the reference files with
  this file in place of the UNODC one, exactly as `make data` would.

`prepare` never changes anything: it returns a `Proposal` (the new tables, the validation
report, the warnings to accept, and every changed cell). Files are checked before they are
read: size, type, macros, hidden sheets, formulas, row counts, zip contents.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.dataset import diff as differ
from dashboard.dataset.io import MANIFEST, RawDataset, _cell_text, to_text_frame
from dashboard.dataset.model import Dataset, load_dataset
from dashboard.dataset.report import Problem, Report
from dashboard.dataset.schema import TABLES, TABLES_BY_NAME
from dashboard.dataset.template import (
    MEASURES_SHEET,
    SHEET,
    read_measures,
    read_template,
    state_sources,
    to_sheet_rows,
)
from dashboard.dataset.validate import validate
from dashboard.i18n import Locale

SUFFIXES = (".xlsx", ".csv", ".zip")
MAX_ROWS = 250_000  # rows in any one sheet or CSV: the bundled dataset's largest has ~80,000
MAX_ZIP_ENTRIES = 40
MAX_UNZIPPED = 300 * 1024 * 1024
UNODC_MARKERS = ("Iso3_code", "Country", "Indicator", "Dimension", "Category", "Sex", "Age", "Year")


# The value whose number decides the form of the noun beside it ("1 row", "3 rows").
COUNTED = {"rows": "rows", "entries": "count", "csv_rows": "rows", "zip_rows": "limit"}


class UploadError(Exception):
    """The file cannot be used: `kind` says why (a key of the `refusal` texts in
    dashboard/i18n), `values` the particulars. `str()` is the English wording (the command
    line); the page words it in the reader's language (`text`)."""

    def __init__(self, kind: str, **values):
        self.kind = kind
        self.values = values
        super().__init__(self.text(Locale("en")))

    def text(self, locale: Locale) -> str:
        """Why, in `locale`'s language and digits, each count in its grammatical number."""
        values = {
            k: locale.number(v) if isinstance(v, int | float) else v for k, v in self.values.items()
        }
        counted = COUNTED.get(self.kind)
        if counted is None:
            return locale.t(f"refusal.{self.kind}", **values)
        values.pop("count", None)
        return locale.plural(f"refusal.{self.kind}", self.values[counted], **values)


@dataclass
class Proposal:
    """A change ready to be reviewed: nothing is applied until a person applies it."""

    kind: str  # "template", "dataset", "unodc", "rollback"
    source: str
    base: int  # the version it was prepared against
    report: Report
    tables: dict[str, pd.DataFrame] | None = None
    manifest: dict[str, object] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    changes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=differ.COLUMNS))
    # A UNODC release's labels nothing matched: (label, rows, low, high victims), left out.
    unmatched: list[tuple[str, int, int, int]] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # label -> code, applied with it

    @property
    def ok(self) -> bool:
        return self.tables is not None and self.report.ok

    @property
    def empty(self) -> bool:
        return self.ok and self.changes.empty


def check_file(name: str, data: bytes, limit_bytes: int) -> tuple[str, dict | None]:
    """The file's type ('.xlsx', '.csv', '.zip') and where its first formula is (a workbook's
    sheet and cell, or None), or `UploadError` saying what is wrong."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadError("type", name=name)
    if len(data) > limit_bytes:
        raise UploadError(
            "size", name=name, size=round(len(data) / 1e6, 1), limit=round(limit_bytes / 1e6)
        )
    if not data:
        raise UploadError("empty", name=name)
    if suffix in (".xlsx", ".zip") and not zipfile.is_zipfile(io.BytesIO(data)):
        raise UploadError("broken", name=name, suffix=suffix)
    formula = _check_workbook(name, data) if suffix == ".xlsx" else None
    if suffix == ".zip":
        _check_zip(name, data)
    return suffix, formula


def _check_workbook(name: str, data: bytes) -> dict | None:
    """Macros, hidden sheets and too many rows are refused. The first formula's sheet and
    cell are returned: `prepare` refuses formulas where people type the figures (templates,
    dataset workbooks: a formula's figure may not be what it shows), not in UNODC's release,
    whose banner carries a harmless hyperlink formula.

    The XML is parsed, streamed with lxml (entities not expanded, no network, no huge trees),
    never matched with regular expressions: the work is linear in the file's size whatever
    the attribute order, the whitespace or the cells' missing `r`, and every worksheet in the
    archive is checked, linked or not, so a link written `./worksheets/sheet3.xml` or a sheet
    no link names cannot slip a formula or a million rows through.
    """
    from lxml import etree

    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = set(archive.namelist())
        if any("vbaProject" in m for m in members):
            raise UploadError("macros", name=name)
        if sum(i.file_size for i in archive.infolist()) > MAX_UNZIPPED:
            raise UploadError("unpacked", name=name)
        try:
            book = _parse(archive, "xl/workbook.xml")
            links = _parse(archive, "xl/_rels/workbook.xml.rels")
        except (KeyError, etree.XMLSyntaxError):
            raise UploadError("unreadable", name=name) from None
        targets = {r.get("Id"): r.get("Target", "") for r in links.iter("{*}Relationship")}
        sheets = []
        for sheet in book.iter("{*}sheet"):
            title = sheet.get("name", "")
            if sheet.get("state", "visible") != "visible":
                raise UploadError("hidden", name=name, sheet=title)
            sheets.append((_member(targets.get(sheet.get(f"{rel}id"), "")), title))
        linked = {path for path, _ in sheets}
        sheets += [
            (m, m) for m in sorted(members) if m.startswith("xl/worksheets/") and m not in linked
        ]
        formula = None
        for path, title in sheets:
            if path not in members:
                continue
            try:
                rows, cell = _scan_sheet(archive, path)
            except etree.XMLSyntaxError:
                raise UploadError("unreadable", name=name) from None
            if rows > MAX_ROWS:
                raise UploadError("rows", name=name, sheet=title, rows=rows, limit=MAX_ROWS)
            if formula is None and cell is not None:
                formula = {"sheet": title, "cell": cell}
    return formula


def _member(target: str) -> str:
    """The archive member a workbook relationship points at: targets are relative to `xl/`
    unless they start with '/', and may hold './' or '../'."""
    import posixpath

    path = target[1:] if target.startswith("/") else posixpath.join("xl", target)
    return posixpath.normpath(path)


def _parser_options() -> dict:
    return {"resolve_entities": False, "no_network": True, "huge_tree": False, "load_dtd": False}


def _parse(archive: zipfile.ZipFile, member: str):
    from lxml import etree

    parser = etree.XMLParser(**_parser_options())
    with archive.open(member) as stream:
        return etree.parse(stream, parser).getroot()


def _scan_sheet(archive: zipfile.ZipFile, member: str) -> tuple[int, str | None]:
    """The sheet's row count (the most of: `<row>` elements, the highest row number any row
    or its dimension claims) and its first formula's cell ('G2', or 'row 2, cell 7' for a cell
    without `r`), in one streamed pass; elements are freed as they are read."""
    from lxml import etree

    rows, highest, cell, position = 0, 0, None, 0
    with archive.open(member) as stream:
        events = etree.iterparse(stream, events=("start", "end"), **_parser_options())
        for event, element in events:
            tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
            if event == "start":
                if tag == "row":
                    rows, position = rows + 1, 0
                    highest = max(highest, _number(element.get("r")))
                elif tag == "c":
                    position += 1
                elif tag == "dimension":
                    last = element.get("ref", "").rpartition(":")[2]
                    highest = max(highest, _number(re.sub(r"^[A-Za-z]+", "", last)))
                continue
            if tag == "f" and cell is None:
                holder = element.getparent()
                cell = holder.get("r") if holder is not None else None
                cell = cell or f"row {rows}, cell {position}"
            if tag in ("row", "dimension"):
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
            if max(rows, highest) > MAX_ROWS:
                break
    return max(rows, highest), cell


def _number(text: str | None) -> int:
    return int(text) if text and text.isdigit() and len(text) < 12 else 0


def _check_zip(name: str, data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise UploadError("entries", name=name, count=len(infos))
        if sum(i.file_size for i in infos) > MAX_UNZIPPED:
            raise UploadError("unpacked", name=name)
        for info in infos:
            parts = Path(info.filename).parts
            if info.filename.startswith("/") or ".." in parts:
                raise UploadError("outside", name=name, entry=info.filename)
            if not info.is_dir() and Path(info.filename).suffix.lower() not in (".csv", ".json"):
                raise UploadError("entry_type", name=name, entry=info.filename)


CHUNK = 1024 * 1024


def _unpack(name: str, data: bytes, folder: Path) -> None:
    """Unpack a zipped dataset folder (checked by `_check_zip`), counting what each file
    inflates to as it is written: a file over the dataset file limit, a CSV over `MAX_ROWS`
    lines or more than `MAX_UNZIPPED` in all stops the unpacking there, whatever the archive's
    directory claimed (a few MB can inflate to GB)."""
    from dashboard.config import max_file_bytes

    total = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            target = folder / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            size = lines = 0
            with archive.open(info) as source, target.open("wb") as out:
                while chunk := source.read(CHUNK):
                    size, total = size + len(chunk), total + len(chunk)
                    lines += chunk.count(b"\n")
                    if total > MAX_UNZIPPED or size > max_file_bytes():
                        raise UploadError("unpacked", name=name)
                    if lines > MAX_ROWS + 1:  # the header, then the rows
                        raise UploadError(
                            "zip_rows", name=name, entry=info.filename, limit=MAX_ROWS
                        )
                    out.write(chunk)


def _sheet_rows(data: bytes, sheet: str) -> list[list[str]] | None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        if sheet not in book.sheetnames:
            return None
        book[sheet].reset_dimensions()
        return [[_cell_text(v) for v in row] for row in book[sheet].iter_rows(values_only=True)]
    finally:
        book.close()


def _sheet_names(data: bytes) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def kind_of(name: str, data: bytes) -> str:
    """'template', 'dataset' or 'unodc', from the file's type and contents."""
    suffix = Path(name).suffix.lower()
    if suffix == ".zip":
        return "dataset"
    if suffix == ".csv":
        return "template"
    sheets = _sheet_names(data)
    if SHEET in sheets:
        return "template"
    if all(t.name in sheets for t in TABLES):
        return "dataset"
    first = (_sheet_rows(data, sheets[0]) or [])[:5] if sheets else []
    if any(sum(m in row for m in UNODC_MARKERS) >= 4 for row in first):
        return "unodc"
    raise UploadError("kind", name=name)


def prepare(
    name: str,
    data: bytes,
    base: Dataset,
    base_id: int,
    reference: Path,
    limit_bytes: int,
    aliases: Mapping[str, str] | None = None,
) -> Proposal:
    """A proposal from an uploaded file (raises `UploadError` for a file that cannot be used).
    For a UNODC release, `aliases` maps labels nothing else matches (label -> country or
    region code), over those the current version was built with."""
    suffix, formula = check_file(name, data, limit_bytes)
    kind = kind_of(name, data)
    if formula and kind != "unodc":
        raise UploadError("formula", name=name, **formula)
    if kind == "template":
        rows = _csv_rows(data) if suffix == ".csv" else _sheet_rows(data, SHEET)
        measures = None if suffix == ".csv" else _sheet_rows(data, MEASURES_SHEET)
        proposal = _from_template(rows or [], measures, base, base_id, name)
    elif kind == "dataset":
        proposal = _from_dataset(name, data, suffix, base_id)
        _keep_label_aliases(proposal, base)
    else:
        proposal = _from_unodc(data, base, base_id, name, reference, aliases or {})
    if proposal.ok:
        proposal.changes = differ.diff(base.tables, proposal.tables)
        proposal.warnings = differ.warnings(base.tables, proposal.tables)
    return proposal


def _csv_rows(data: bytes) -> list[list[str]]:
    import csv

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadError("encoding") from None
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) - 1 > MAX_ROWS:  # the limit is on figures: the header row is not one
        raise UploadError("csv_rows", rows=len(rows) - 1, limit=MAX_ROWS)
    return rows


def _text_tables(dataset: Dataset) -> dict[str, pd.DataFrame]:
    return {t.name: to_text_frame(dataset.tables[t.name], t) for t in TABLES}


def _from_template(rows, measure_rows, base: Dataset, base_id: int, name: str) -> Proposal:
    """A filled template (its `Figures` rows and, where it has them, its `Recommendations`
    rows): its rows added to the current version, or replacing the rows of the same key."""
    report = Report()
    figures, figure_rows = read_template(rows, None, report)
    measures, measure_numbers = read_measures(measure_rows, None, report)
    proposal = Proposal("template", name, base_id, report)
    countries = (set(figures.iso3) | set(measures.iso3)) - {""}
    if len(countries) > 1:
        report.add(Problem("error", "observations", name, "a template holds one country's figures"))
    if not report.ok or (figures.empty and measures.empty):
        if report.ok:
            report.add(Problem("error", "observations", name, "the template has no figures"))
        return proposal
    iso3 = next(iter(countries), "")
    text = _text_tables(base)
    sources = text["sources"]
    if iso3 in set(base.countries.iso3):  # the state's own sources, where its rows cite them
        used = set(figures.source) | set(measures.source)
        own = [
            r
            for r in state_sources(base.countries, iso3, pd.Timestamp.now("UTC"))
            if r["source"] in used - set(sources.source)
        ]
        if own:
            sources = pd.concat([sources, pd.DataFrame(own)[sources.columns]], ignore_index=True)
    submitted = {"observations": figures, "measures": measures}
    origins = {
        "observations": f"{name} [sheet {SHEET}]",
        "measures": f"{name} [sheet {MEASURES_SHEET}]",
    }
    numbers = {origins["observations"]: figure_rows, origins["measures"]: measure_numbers}
    # The template's rows alone first, so any problem points at the template's own rows.
    alone = RawDataset(
        tables={
            **text,
            "sources": sources,
            **{t: frame if not frame.empty else text[t] for t, frame in submitted.items()},
        },
        origins={t: origins[t] for t, frame in submitted.items() if not frame.empty},
        manifest=dict(base.manifest),
    )
    start = len(report.problems)
    validate(alone, report)
    to_sheet_rows(report, start, numbers)
    if not report.ok:
        return proposal
    merged = dict(text, sources=sources)
    for table_name, frame in submitted.items():
        if frame.empty:
            continue
        table = TABLES_BY_NAME[table_name]
        key = list(table.key)
        base_rows = text[table_name]
        matched = base_rows.merge(frame[key], on=key, how="left", indicator=True)
        kept = base_rows[(matched["_merge"] == "left_only").to_numpy()]
        merged[table_name] = pd.concat([kept, frame[list(table.column_names)]], ignore_index=True)
    full = RawDataset(
        tables=merged,
        origins={t: f"{name} merged with version {base_id}" for t in submitted},
        manifest=dict(base.manifest),
    )
    typed = validate(full, report)
    if report.ok:
        proposal.tables = typed
        proposal.manifest = dict(base.manifest)
    return proposal


def _from_dataset(name: str, data: bytes, suffix: str, base_id: int) -> Proposal:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("upload.xlsx" if suffix == ".xlsx" else "dataset")
        if suffix == ".xlsx":
            path.write_bytes(data)
        else:
            _unpack(name, data, path)
            inner = [p for p in path.rglob(MANIFEST)]
            if len(inner) == 1:
                path = inner[0].parent
        result = load_dataset(path)
    proposal = Proposal("dataset", name, base_id, result.report)
    if result.dataset is not None:
        proposal.tables = dict(result.dataset.tables)
        proposal.manifest = dict(result.dataset.manifest)
    return proposal


ALIASES = "label_aliases"  # the manifest's record of labels mapped on the review screen (JSON)


def label_aliases(manifest: Mapping[str, object]) -> dict[str, str]:
    """The labels a version's UNODC release was mapped with (label -> code); {} if none."""
    try:
        found = json.loads(str(manifest.get(ALIASES) or "{}"))
    except json.JSONDecodeError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(k): str(v) for k, v in found.items() if isinstance(v, str)}


def _keep_label_aliases(proposal: Proposal, base: Dataset) -> None:
    """A full dataset replaces the tables, not the labels the secretariat mapped for the next
    UNODC release: the version's mappings are kept, under any the file records itself."""
    mapped = {**label_aliases(base.manifest), **label_aliases(proposal.manifest)}
    if proposal.ok and mapped:
        proposal.manifest[ALIASES] = json.dumps(mapped, ensure_ascii=False, sort_keys=True)


def _from_unodc(
    data: bytes, base: Dataset, base_id: int, name: str, reference: Path, aliases: Mapping
) -> Proposal:
    from dashboard.importers import unodc
    from dashboard.importers.build import UNODC_FILE, BuildLog, build_tables, manifest

    report = Report()
    proposal = Proposal("unodc", name, base_id, report)
    codes = set(base.countries.iso3)
    mapped = {**label_aliases(base.manifest), **aliases}
    curated = unodc.aliases()
    proposal.aliases = {  # never an unknown code, never a label the curated table resolves
        k: v for k, v in mapped.items() if v in codes and unodc.resolve(k, curated) is None
    }
    if not (reference / UNODC_FILE).exists():
        report.add(
            Problem(
                "error",
                "dataset",
                name,
                f"the public reference files are not at {reference}: a UNODC release can only "
                "be applied where the other source files are (see README, 'Configuration')",
            )
        )
        return proposal
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "reference"
        shutil.copytree(reference, copy, symlinks=True)
        (copy / UNODC_FILE).unlink()
        (copy / UNODC_FILE).write_bytes(data)
        log = BuildLog()
        try:
            tables = build_tables(copy, log, proposal.aliases)
        except Exception as exc:  # the importer stops on what it cannot map: say what
            report.add(Problem("error", "dataset", name, f"the release cannot be read: {exc}"))
            return proposal
        proposal.unmatched = list(log.unmatched)
        document = manifest(tables)
        if proposal.aliases:
            document[ALIASES] = json.dumps(proposal.aliases, ensure_ascii=False, sort_keys=True)
        with tempfile.TemporaryDirectory() as out:
            from dashboard.dataset.io import write_folder

            write_folder(tables, document, out)
            loaded = load_dataset(out)
            report.extend(loaded.report.problems)
            if loaded.dataset is not None:
                proposal.tables = dict(loaded.dataset.tables)
                proposal.manifest = dict(loaded.dataset.manifest)
    return proposal
