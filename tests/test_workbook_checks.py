"""The workbook checks read the XML, not its spelling: formulas and rows are found whatever the
attribute order, whitespace, missing cell references or sheet links, and hostile workbooks
that froze a regular expression are checked in linear time."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from openpyxl import Workbook

from dashboard.dataset import updates
from dashboard.dataset.model import load_dataset
from dashboard.dataset.store import DirectoryStore

LIMIT = 25_000_000


def workbook() -> bytes:
    book = Workbook()
    book.active.title = "Figures"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewritten(data: bytes, member: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == member:
                body = change(body)
            target.writestr(item.filename, body)
    return out.getvalue()


def with_sheet_data(rows: str, dimension: bool = True) -> bytes:
    def change(body: bytes) -> bytes:
        body = re.sub(
            rb"<sheetData></sheetData>|<sheetData ?/>",
            b"<sheetData>" + rows.encode() + b"</sheetData>",
            body,
        )
        if not dimension:
            body = re.sub(rb"<dimension[^>]*/>", b"", body)
        return body

    return rewritten(workbook(), "xl/worksheets/sheet1.xml", change)


FORMULAS = {
    "attribute order": '<row r="2"><c t="n" r="G2"><f>3+4</f><v>7</v></c></row>',
    "no cell reference": "<row><c><f>3+4</f><v>7</v></c></row>",
    "spaces in the tag": '<row r="2"><c  r="B2"\n><f\t>3+4</f><v>7</v></c></row>',
}


@pytest.mark.parametrize("case", sorted(FORMULAS))
def test_every_formula_is_found_whatever_its_spelling(case):
    data = with_sheet_data(FORMULAS[case])
    suffix, formula = updates.check_file("figures.xlsx", data, LIMIT)
    assert suffix == ".xlsx" and formula is not None
    assert formula["sheet"] == "Figures"


def test_a_sheet_linked_with_a_dot_path_is_checked():
    data = with_sheet_data('<row r="2"><c r="G2"><f>3+4</f><v>7</v></c></row>')
    data = rewritten(
        data,
        "xl/_rels/workbook.xml.rels",
        lambda body: body.replace(
            b'Target="/xl/worksheets/sheet1.xml"', b'Target="./worksheets/sheet1.xml"'
        ).replace(b'Target="worksheets/sheet1.xml"', b'Target="./worksheets/sheet1.xml"'),
    )
    assert b"./worksheets/sheet1.xml" in zipfile.ZipFile(io.BytesIO(data)).read(
        "xl/_rels/workbook.xml.rels"
    )
    assert updates.check_file("figures.xlsx", data, LIMIT)[1] == {"sheet": "Figures", "cell": "G2"}


def test_rows_are_counted_without_a_dimension_and_with_a_tab_after_the_tag(monkeypatch):
    rows = "".join(f'<row\tr="{i}"><c r="A{i}"><v>1</v></c></row>' for i in range(1, 6))
    data = with_sheet_data(rows, dimension=False)
    monkeypatch.setattr(updates, "MAX_ROWS", 4)
    with pytest.raises(updates.UploadError, match="5 rows"):
        updates.check_file("figures.xlsx", data, LIMIT)
    monkeypatch.setattr(updates, "MAX_ROWS", 5)
    assert updates.check_file("figures.xlsx", data, LIMIT) == (".xlsx", None)


def unclosed_cells() -> bytes:
    """16,000 cells whose element never closes the way the old pattern expected."""
    return with_sheet_data('<row r="1">' + '<c r="A1" s="1"/>' * 16_000 + "</row>")


def short_cells() -> bytes:
    """Empty formatted cells in the short form on 2,700 rows."""
    return with_sheet_data(
        "".join(f'<row r="{i}"><c r="A{i}" s="6"/></row>' for i in range(1, 2_701))
    )


def plain(size: int) -> bytes:
    """A workbook of about the same size holding ordinary text cells: the same-run baseline."""
    count = max(1, size // 40)
    return with_sheet_data(
        "".join(
            f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>x</t></is></c></row>'
            for i in range(1, count + 1)
        )
    )


@pytest.mark.parametrize("make", [unclosed_cells, short_cells], ids=["unclosed", "short"])
def test_hostile_workbooks_are_checked_in_linear_time(make):
    data = make()
    baseline = plain(len(zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")))
    started = time.perf_counter()
    updates.check_file("baseline.xlsx", baseline, LIMIT)
    reference = time.perf_counter() - started
    started = time.perf_counter()
    assert updates.check_file("hostile.xlsx", data, LIMIT) == (".xlsx", None)
    took = time.perf_counter() - started
    # Under a second on an idle machine; on a busy one, no slower than a few ordinary files
    # of its size (the old pattern took 27 s and 365 s on these)
    assert took < 1.0 or took < 5 * reference + 0.2


def test_each_hostile_workbook_uploaded_is_refused_and_changes_nothing(tiny, tmp_path):
    base = load_dataset(tiny).dataset
    store = DirectoryStore(tmp_path / "store", tiny)
    store.ensure()
    before = store.versions()
    for case in sorted(FORMULAS):
        with pytest.raises(updates.UploadError, match="formula"):
            updates.prepare(
                "figures.xlsx", with_sheet_data(FORMULAS[case]), base, 1, tmp_path, LIMIT
            )
    assert store.versions() == before and store.current().id == 1
