"""The submission template: one country's figures for a range of years and its progress on the
forum's recommendations, as a workbook a ministry fills in (Arabic and English), and reading it
back.

Sheets: `Instructions` (both languages), `Figures` (one row per figure, the country's current
figures prefilled, drop-down lists on the coded columns), `Recommendations` (one row per
measure and year of evidence, the country's current statuses prefilled), `Sources` (every
source a row may cite, with its title) and `Lists` (the codes and what they mean). `Figures`
and `Recommendations` carry three heading rows: English, Arabic, then the column codes, which
are what the importer reads. Only those two sheets are read back.

A row with no source is the state's own: a figure of its submission (`state_submission_bhr`),
a status of its national report (`state_report_bhr`). Those two sources are added to the
dataset when the file is applied, so the template lists them beside the dataset's own.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pandas as pd

from dashboard.dataset.io import to_text_frame
from dashboard.dataset.model import Dataset
from dashboard.dataset.report import Problem, Report
from dashboard.dataset.schema import (
    AGES,
    FORMS,
    MEASURE_STATUSES,
    MEASURES,
    OBSERVATIONS,
    RECOMMENDATIONS,
    SEXES,
    STATUSES,
)
from dashboard.i18n import messages

SHEET = "Figures"
MEASURES_SHEET = "Recommendations"
SOURCES_SHEET = "Sources"
COLUMNS = [
    "iso3",
    "year",
    "indicator",
    "sex",
    "age",
    "form",
    "value",
    "lower",
    "upper",
    "status",
    "source",
    "note",
    "note_ar",
]
MEASURE_COLUMNS = [
    "iso3",
    "recommendation",
    "measure",
    "status",
    "year",
    "source",
    "evidence",
    "evidence_ar",
]
# Each column's heading, as a key of the `template.` texts (English and Arabic).
HEADINGS = {
    SHEET: {c: f"col_{c}" for c in COLUMNS},
    MEASURES_SHEET: {
        "iso3": "col_iso3",
        "recommendation": "col_recommendation",
        "measure": "col_measure",
        "status": "col_measure_status",
        "year": "col_evidence_year",
        "source": "col_measure_source",
        "evidence": "col_evidence",
        "evidence_ar": "col_evidence_ar",
    },
}
HEADER_ROWS = 3  # English, Arabic, the column codes; the first row to fill in is the fourth
LOOK_FOR_HEADER = 5  # the rows in which the importer looks for the codes (an older layout: 1)
LAST_ROW = 5000  # drop-down lists reach this row
STATE_KINDS = ("submission", "report")  # the state's own sources, in the order listed


def _both(key: str, **values: object) -> tuple[str, str]:
    """A `template.` text in English and in Arabic."""
    return tuple(messages(lang)[f"template.{key}"].format(**values) for lang in ("en", "ar"))


def state_source(iso3: str, kind: str) -> str:
    """A state's own source: its submission to the secretariat, or its national report."""
    return f"state_{kind}_{iso3.lower()}"


def submission_source(iso3: str) -> str:
    return state_source(iso3, "submission")


def report_source(iso3: str) -> str:
    return state_source(iso3, "report")


def state_sources(countries: pd.DataFrame, iso3: str, today: pd.Timestamp) -> list[dict]:
    """The `sources` rows of a state's own submission and national report (see
    `STATE_KINDS`), as they are added when a template of that state is applied."""
    names = countries.set_index("iso3")
    en, ar = names.loc[iso3, "name_en"], names.loc[iso3, "name_ar"]
    rows = []
    for kind in STATE_KINDS:
        title = _both(f"{kind}_title", name=en)[0], _both(f"{kind}_title", name=ar)[1]
        cited = _both(f"{kind}_citation", name=en)[0], _both(f"{kind}_citation", name=ar)[1]
        licence = _both("licence")
        rows.append(
            {
                "source": state_source(iso3, kind),
                "title": title[0],
                "title_ar": title[1],
                "citation_en": cited[0],
                "citation_ar": cited[1],
                "publisher": str(en),
                "edition": today.strftime("%Y"),
                "url": "",
                "licence": licence[0],
                "licence_ar": licence[1],
                "accessed": today.strftime("%Y-%m-%d"),
            }
        )
    return rows


def accepted_sources(dataset: Dataset, iso3: str) -> list[tuple[str, str, str, str, str]]:
    """Every source a row of this state's template may cite: its own two first (with when to
    use each), then the dataset's. (id, English title, Arabic title, when: en, ar)."""
    own = state_sources(dataset.countries, iso3, pd.Timestamp.now("UTC"))
    out = [
        (r["source"], r["title"], r["title_ar"], *_both(f"use_{kind}"))
        for kind, r in zip(STATE_KINDS, own, strict=True)
    ]
    seen = {r["source"] for r in own}
    for s in dataset.sources.sort_values("source").itertuples():
        if s.source not in seen:
            out.append((s.source, s.title, s.title_ar, *_both("use_dataset")))
    return out


def _instructions(book, dataset: Dataset, iso3: str, first: int, last: int) -> None:
    from openpyxl.styles import Alignment, Font

    names = dataset.countries.set_index("iso3")
    report = report_source(iso3)
    about = book.active
    about.title = "Instructions"
    about.sheet_view.rightToLeft = False
    about.append(["English", "العربية"])
    for key in ("title", "fill_in", "lists", "withheld", "sources", "recommendations", "sheets"):
        about.append(list(_both(key, report=report)))
    about.append([])
    about.append(
        [
            _both(
                "country",
                name=names.loc[iso3, "name_en"],
                iso3=iso3,
                first=first,
                last=last,
                version=dataset.version,
                date=dataset.created,
            )[0],
            _both(
                "country",
                name=names.loc[iso3, "name_ar"],
                iso3=iso3,
                first=first,
                last=last,
                version=dataset.version,
                date=dataset.created,
            )[1],
        ]
    )
    about.append([])
    about.append(list(_both("columns")))
    for column in COLUMNS:
        en, ar = _both(f"help_{column}")
        heading_en, heading_ar = _both(f"col_{column}")
        about.append([f"{heading_en} ({column}): {en}", f"{heading_ar} ({column}): {ar}"])
    about.column_dimensions["A"].width = 90
    about.column_dimensions["B"].width = 90
    for row in about.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
        if len(row) > 1:
            row[1].alignment = Alignment(wrap_text=True, vertical="top", horizontal="right")
    about["A1"].font = about["B1"].font = Font(bold=True)
    about["A2"].font = about["B2"].font = Font(bold=True)


def _headed(book, title: str, columns: list[str]):
    """A sheet to fill in: its English, Arabic and code heading rows, frozen above the rows."""
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(title)
    headings = [_both(HEADINGS[title][c]) for c in columns]
    sheet.append([en for en, _ in headings])
    sheet.append([ar for _, ar in headings])
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="right")
    for cell in sheet[3]:
        cell.font = Font(italic=True, color="595959")
    sheet.freeze_panes = f"A{HEADER_ROWS + 1}"
    for i, column in enumerate(columns):
        wide = column in ("note", "note_ar", "evidence", "evidence_ar")
        sheet.column_dimensions[_letter(i)].width = 30 if wide else 18
    return sheet


def _letter(i: int) -> str:
    return chr(ord("A") + i)


def _drop_down(sheet, column: str, columns: list[str], source: str, blank: bool = False) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    rule = DataValidation(type="list", formula1=f"={source}", allow_blank=blank)
    rule.error = "Choose a value from the list / اختر قيمة من القائمة"
    rule.showErrorMessage = True
    sheet.add_data_validation(rule)
    letter = _letter(columns.index(column))
    rule.add(f"{letter}{HEADER_ROWS + 1}:{letter}{LAST_ROW}")


def build_template(dataset: Dataset, iso3: str, first: int, last: int) -> bytes:
    """The workbook for one country and years `first`..`last`, current figures and statuses
    prefilled."""
    from openpyxl import Workbook

    counted = dataset.indicators[dataset.indicators.kind.isin(["count", "rate", "ratio"])]
    measures = dataset.indicators[dataset.indicators.kind == "boolean"]
    columns = {
        "indicator": list(counted.indicator),
        "indicator_en": list(counted.name_en),
        "indicator_ar": list(counted.name_ar),
        "sex": list(SEXES),
        "age": list(AGES),
        "form": list(FORMS),
        "status": list(STATUSES),
        "iso3": list(dataset.countries.iso3),
        "measure": list(measures.indicator),
        "measure_en": list(measures.name_en),
        "measure_ar": list(measures.name_ar),
        "recommendation": list(RECOMMENDATIONS),
        "measure_status": list(MEASURE_STATUSES),
    }
    listed = accepted_sources(dataset, iso3)
    where = {
        name: f"Lists!${_letter(k)}$2:${_letter(k)}${max(2, len(values) + 1)}"
        for k, (name, values) in enumerate(columns.items())
    }
    where["source"] = f"{SOURCES_SHEET}!$A$3:$A${len(listed) + 2}"

    book = Workbook()
    _instructions(book, dataset, iso3, first, last)
    sheet = _headed(book, SHEET, COLUMNS)
    obs = dataset.observations
    mine = obs[(obs.iso3 == iso3) & obs.year.between(first, last)]
    mine = mine[mine.indicator.isin(columns["indicator"])]
    for row in to_text_frame(mine, OBSERVATIONS).itertuples(index=False):
        values = dict(zip(OBSERVATIONS.column_names, row, strict=True))
        sheet.append([_cell(values[c], c) for c in COLUMNS])
    for column in ("indicator", "sex", "age", "form", "status", "iso3"):
        _drop_down(sheet, column, COLUMNS, where[column])
    _drop_down(sheet, "source", COLUMNS, where["source"], blank=True)

    recs = _headed(book, MEASURES_SHEET, MEASURE_COLUMNS)
    held = dataset.measures[dataset.measures.iso3 == iso3]
    for row in to_text_frame(held, MEASURES).itertuples(index=False):
        values = dict(zip(MEASURES.column_names, row, strict=True))
        recs.append([_cell(values[c], c) for c in MEASURE_COLUMNS])
    for column, listed_as in (
        ("iso3", "iso3"),
        ("recommendation", "recommendation"),
        ("measure", "measure"),
        ("status", "measure_status"),
    ):
        _drop_down(recs, column, MEASURE_COLUMNS, where[listed_as])
    _drop_down(recs, "source", MEASURE_COLUMNS, where["source"], blank=True)

    _sources_sheet(book, listed)
    lists = book.create_sheet("Lists")
    for k, (name, values) in enumerate(columns.items(), start=1):
        lists.cell(1, k, name).font = _bold()
        for r, value in enumerate(values, start=2):
            lists.cell(r, k, value)

    for page in book.worksheets:
        _as_text(page)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _bold():
    from openpyxl.styles import Font

    return Font(bold=True)


def _sources_sheet(book, listed) -> None:
    """Every source a row may cite: its id (what the source column takes), its titles and
    when to use it, under headings in both languages."""
    from openpyxl.styles import Alignment

    sources = book.create_sheet(SOURCES_SHEET)
    headings = [_both(k) for k in ("source_id", "source_title", "source_title_ar", "source_use")]
    headings.append(_both("source_use_ar"))
    sources.append([en for en, _ in headings])
    sources.append([ar for _, ar in headings])
    for row in listed:
        sources.append(list(row))
    for cell in (*sources[1], *sources[2]):
        cell.font = _bold()
    for letter, width in zip("ABCDE", (30, 60, 60, 40, 40), strict=True):
        sources.column_dimensions[letter].width = width
    for row in sources.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in (row[2], row[4]):
            cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="right")
    sources.freeze_panes = "A3"


def _as_text(sheet) -> None:
    """Every text cell is written as text, never as a formula: openpyxl takes a string that
    starts with '=' for one, so a note `=HYPERLINK(...)` or an indicator named '=...' would
    reach member states as a live formula in the template."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def _cell(text: str, column: str):
    if text == "":
        return None
    if column == "year":
        return int(text)
    if column in ("value", "lower", "upper"):
        number = float(text)
        return int(number) if number.is_integer() else number
    return text


def _read_sheet(
    rows: list[list[str]], columns: list[str], sheet: str, table: str, report: Report
) -> tuple[pd.DataFrame, list[int]]:
    """A sheet's rows below its code row (as text, stripped), and each row's number in the
    sheet. The code row is the first of the sheet's first rows that holds every column code:
    the third in this layout, the first in a CSV or a template of the older layout."""
    where = f"template [sheet {sheet}]"
    empty = pd.DataFrame(columns=columns)
    if not rows:
        report.add(Problem("error", table, where, "the sheet is empty"))
        return empty, []
    heads = [[h.strip() for h in row] for row in rows[:LOOK_FOR_HEADER]]
    found = next((i for i, h in enumerate(heads) if set(columns) <= set(h)), None)
    if found is None:
        best = max(heads, key=lambda h: len(set(columns) & set(h)))
        missing = [c for c in columns if c not in best]
        report.add(Problem("error", table, where, f"missing columns: {', '.join(missing)}"))
        return empty, []
    header = heads[found]
    body, numbers = [], []
    for number, row in enumerate(rows[found + 1 :], start=found + 2):
        if any(v.strip() for v in row):
            body.append(row[: len(header)] + [""] * (len(header) - len(row)))
            numbers.append(number)
    frame = pd.DataFrame(body, columns=header, dtype=str)
    frame = frame.loc[:, ~frame.columns.duplicated()][columns].apply(lambda s: s.str.strip())
    return frame.reset_index(drop=True), numbers


def _other_country(frame, numbers, iso3, table: str, sheet: str, report: Report) -> None:
    other = frame.index[frame.iso3 != iso3]
    for i in other[:20]:
        report.add(
            Problem(
                "error",
                table,
                f"template [sheet {sheet}]",
                f"this template is for {iso3}; the row is for another country",
                row=numbers[i],
                column="iso3",
                value=frame.at[i, "iso3"],
            )
        )


def read_template(
    rows: list[list[str]], iso3: str | None, report: Report
) -> tuple[pd.DataFrame, list[int]]:
    """The `Figures` rows (as text) as observation rows in text form, and each one's row number
    in the sheet.

    Problems go to `report` with the template's own row numbers. Rows for another country
    than `iso3` (when given) are refused. An empty source becomes this country's submission.
    """
    frame, numbers = _read_sheet(rows, COLUMNS, SHEET, "observations", report)
    if frame.empty:
        return frame, numbers
    if iso3:
        _other_country(frame, numbers, iso3, "observations", SHEET, report)
    empty_source = frame.source == ""
    frame.loc[empty_source, "source"] = frame.loc[empty_source, "iso3"].map(submission_source)
    return frame, numbers


def read_measures(
    rows: list[list[str]] | None, iso3: str | None, report: Report
) -> tuple[pd.DataFrame, list[int]]:
    """The `Recommendations` rows as measure rows in text form (none for a template without
    that sheet), and their row numbers. An empty source becomes this country's national
    report."""
    if not rows:
        return pd.DataFrame(columns=MEASURE_COLUMNS), []
    frame, numbers = _read_sheet(rows, MEASURE_COLUMNS, MEASURES_SHEET, "measures", report)
    if frame.empty:
        return frame, numbers
    if iso3:
        _other_country(frame, numbers, iso3, "measures", MEASURES_SHEET, report)
    empty_source = frame.source == ""
    frame.loc[empty_source, "source"] = frame.loc[empty_source, "iso3"].map(report_source)
    return frame, numbers


def to_sheet_rows(report: Report, start: int, origins: dict[str, list[int]]) -> None:
    """Problems found from `start` on in rows read from a template (`origins`: where the
    validator names them -> the sheet's row of each of its rows) numbered as the sheet numbers
    them (the validator counts a header row, then the rows)."""
    for k in range(start, len(report.problems)):
        problem = report.problems[k]
        numbers = origins.get(problem.where)
        if numbers is None or problem.row is None or not 2 <= problem.row < len(numbers) + 2:
            continue
        report.problems[k] = replace(problem, row=numbers[problem.row - 2])
