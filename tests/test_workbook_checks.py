"""The workbook checks read the XML, not its spelling: formulas and rows are found whatever the
attribute order, whitespace, missing cell references or sheet links, and hostile workbooks
that froze a regular expression are checked in one streamed pass."""

from __future__ import annotations

import io
import re
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


class Counted:
    """Wraps lxml's streaming parser and `re` to count what the checks do with a sheet."""

    def __init__(self, monkeypatch):
        from lxml import etree

        self.events = 0
        self.longest_match = 0
        parse = etree.iterparse

        def iterparse(*args, **kwargs):
            for item in parse(*args, **kwargs):
                self.events += 1
                yield item

        def sub(pattern, replacement, text, **kwargs):
            self.longest_match = max(self.longest_match, len(text))
            return re.sub(pattern, replacement, text, **kwargs)

        monkeypatch.setattr(etree, "iterparse", iterparse)
        monkeypatch.setattr(updates, "re", type("Re", (), {"sub": staticmethod(sub)}))


def elements(data: bytes) -> int:
    """How many elements the workbook's worksheets hold (every tag opened, the XML
    declaration aside)."""
    total = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/"):
                body = archive.read(member)
                total += body.count(b"<") - body.count(b"</") - body.count(b"<?")
    return total


@pytest.mark.parametrize("make", [unclosed_cells, short_cells], ids=["unclosed", "short"])
def test_hostile_workbooks_are_checked_in_one_pass(make, monkeypatch):
    """The patterns that froze the old check (27 s and 365 s on these) are gone: each element
    of the sheet is read once, as it streams, and no regular expression ever runs over the
    sheet's text (only over a dimension's short reference). Counted, not timed: a busy machine
    cannot make this fail."""
    data = make()
    counted = Counted(monkeypatch)
    assert updates.check_file("hostile.xlsx", data, LIMIT) == (".xlsx", None)
    # One start and one end event per element, no more: linear in the file's size
    assert counted.events == 2 * elements(data)
    assert counted.events > 2 * 2_700
    assert counted.longest_match < 40


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
