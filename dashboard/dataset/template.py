"""The submission template: one country's figures for a range of years, as a workbook a
ministry fills in (Arabic and English), and reading it back.

Sheets: `Instructions` (both languages), `Figures` (one row per figure, the country's current
figures prefilled, drop-down lists on the coded columns), `Lists` (the codes and what they
mean). Only the `Figures` sheet is read back.
"""

from __future__ import annotations

import io

import pandas as pd

from dashboard.dataset.io import to_text_frame
from dashboard.dataset.model import Dataset
from dashboard.dataset.report import Problem, Report
from dashboard.dataset.schema import AGES, FORMS, OBSERVATIONS, SEXES, STATUSES

SHEET = "Figures"
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
HELP = {
    "iso3": ("Country code (ISO 3166 alpha-3); filled in.", "رمز البلد (أيزو 3166)؛ معبأ مسبقًا."),
    "year": ("Year the figure is for.", "السنة التي يخصها الرقم."),
    "indicator": ("What is counted: choose from the list.", "ما يُعد: اختر من القائمة."),
    "sex": ("total, female, male, other or unknown.", "المجموع أو إناث أو ذكور أو غير ذلك."),
    "age": ("total, adult, child or unknown.", "المجموع أو بالغون أو أطفال أو غير معروف."),
    "form": ("Form of exploitation, or total.", "شكل الاستغلال، أو المجموع."),
    "value": ("The figure. Leave empty if withheld.", "الرقم. اتركه فارغًا إن كان محجوبًا."),
    "lower": ("For a range only: its lower end.", "للنطاق فقط: حده الأدنى."),
    "upper": ("For a range only: its upper end.", "للنطاق فقط: حده الأعلى."),
    "status": ("reported, suppressed, estimated or flagged.", "مُبلَّغ أو محجوب أو مقدَّر."),
    "source": ("Where it comes from: leave empty for this submission.", "المصدر: اتركه فارغًا."),
    "note": ("Anything a reader should know (English).", "ملاحظة للقارئ (بالإنجليزية)."),
    "note_ar": ("The same note in Arabic.", "الملاحظة نفسها بالعربية."),
}
INSTRUCTIONS = [
    ("Submission of figures to the forum's secretariat", "تقديم الأرقام إلى أمانة المنتدى"),
    (
        "Fill in one row per figure in the 'Figures' sheet. Your current figures are already "
        "there: correct them, or add rows for new years.",
        "املأ صفًا لكل رقم في ورقة «Figures». أرقامكم الحالية موجودة فيها: صححوها أو أضيفوا "
        "صفوفًا للسنوات الجديدة.",
    ),
    (
        "Use the drop-down lists for coded columns. Type numbers as numbers, without formulas.",
        "استخدموا القوائم المنسدلة للأعمدة المرمّزة. اكتبوا الأرقام أرقامًا دون صيغ.",
    ),
    (
        "A figure withheld because it is small: leave 'value' empty, put 1 and 4 in 'lower' and "
        "'upper', and 'suppressed' in 'status'. Never write 0 for a figure you do not know.",
        "الرقم المحجوب لصغره: اتركوا «value» فارغًا، وضعوا 1 و4 في «lower» و«upper»، و"
        "«suppressed» في «status». لا تكتبوا 0 لرقم لا تعرفونه.",
    ),
    (
        "Do not rename, hide or add sheets. Send the file back to the secretariat.",
        "لا تغيّروا أسماء الأوراق ولا تخفوها ولا تضيفوا أوراقًا. أعيدوا الملف إلى الأمانة.",
    ),
]


def submission_source(iso3: str) -> str:
    return f"state_submission_{iso3.lower()}"


def build_template(dataset: Dataset, iso3: str, first: int, last: int) -> bytes:
    """The workbook for one country and years `first`..`last`, current figures prefilled."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    names = dataset.countries.set_index("iso3")
    book = Workbook()
    about = book.active
    about.title = "Instructions"
    about.sheet_view.rightToLeft = False
    about.append(["English", "العربية"])
    for en, ar in INSTRUCTIONS:
        about.append([en, ar])
    about.append([])
    about.append(
        [
            f"Country: {names.loc[iso3, 'name_en']} ({iso3}); years {first}-{last}; "
            f"dataset version {dataset.version} of {dataset.created}",
            f"البلد: {names.loc[iso3, 'name_ar']} ({iso3})؛ السنوات {first}-{last}",
        ]
    )
    about.append([])
    about.append(["Column: meaning", "العمود: المعنى"])
    for column in COLUMNS:
        en, ar = HELP[column]
        about.append([f"{column}: {en}", f"{column}: {ar}"])
    about.column_dimensions["A"].width = 90
    about.column_dimensions["B"].width = 90
    for row in about.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
        if len(row) > 1:
            row[1].alignment = Alignment(wrap_text=True, vertical="top", horizontal="right")
    about["A1"].font = about["B1"].font = Font(bold=True)

    lists = book.create_sheet("Lists")
    counted = dataset.indicators[dataset.indicators.kind.isin(["count", "rate", "ratio"])]
    columns = {
        "indicator": list(counted.indicator),
        "indicator_en": list(counted.name_en),
        "indicator_ar": list(counted.name_ar),
        "sex": list(SEXES),
        "age": list(AGES),
        "form": list(FORMS),
        "status": list(STATUSES),
        "iso3": list(dataset.countries.iso3),
    }
    for k, (name, values) in enumerate(columns.items(), start=1):
        lists.cell(1, k, name).font = Font(bold=True)
        for r, value in enumerate(values, start=2):
            lists.cell(r, k, value)

    sheet = book.create_sheet(SHEET)
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    obs = dataset.observations
    mine = obs[(obs.iso3 == iso3) & obs.year.between(first, last)]
    mine = mine[mine.indicator.isin(columns["indicator"])]
    for row in to_text_frame(mine, OBSERVATIONS).itertuples(index=False):
        values = dict(zip(OBSERVATIONS.column_names, row, strict=True))
        sheet.append([_cell(values[c], c) for c in COLUMNS])
    letters = {c: chr(ord("A") + i) for i, c in enumerate(COLUMNS)}
    for column, list_column in (
        ("indicator", "A"),
        ("sex", "D"),
        ("age", "E"),
        ("form", "F"),
        ("status", "G"),
        ("iso3", "H"),
    ):
        count = len(columns[column]) + 1
        rule = DataValidation(
            type="list", formula1=f"=Lists!${list_column}$2:${list_column}${count}"
        )
        rule.error = "Choose a value from the list / اختر قيمة من القائمة"
        rule.showErrorMessage = True
        sheet.add_data_validation(rule)
        rule.add(f"{letters[column]}2:{letters[column]}5000")
    for column in COLUMNS:
        sheet.column_dimensions[letters[column]].width = 16 if column != "note_ar" else 30
    sheet.freeze_panes = "A2"
    for page in book.worksheets:
        _as_text(page)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


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


def read_template(rows: list[list[str]], iso3: str | None, report: Report) -> pd.DataFrame:
    """The `Figures` rows (as text, header first) as observation rows in text form.

    Problems go to `report` with the template's own row numbers. Rows for another country
    than `iso3` (when given) are refused. An empty source becomes this country's submission.
    """
    where = f"template [sheet {SHEET}]"
    if not rows:
        report.add(Problem("error", "observations", where, "the sheet is empty"))
        return pd.DataFrame(columns=COLUMNS)
    header = [h.strip() for h in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        report.add(
            Problem("error", "observations", where, f"missing columns: {', '.join(missing)}")
        )
        return pd.DataFrame(columns=COLUMNS)
    body = [r + [""] * (len(header) - len(r)) for r in rows[1:] if any(v.strip() for v in r)]
    frame = pd.DataFrame(body, columns=header, dtype=str)[COLUMNS].apply(lambda s: s.str.strip())
    if iso3:
        other = frame[frame.iso3 != iso3]
        for i in other.index[:20]:
            report.add(
                Problem(
                    "error",
                    "observations",
                    where,
                    f"this template is for {iso3}; the row is for another country",
                    row=i + 2,
                    column="iso3",
                    value=frame.at[i, "iso3"],
                )
            )
    empty_source = frame.source == ""
    frame.loc[empty_source, "source"] = frame.loc[empty_source, "iso3"].map(submission_source)
    return frame
