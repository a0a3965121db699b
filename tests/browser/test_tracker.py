"""The tracker in a real browser: the whole matrix fits a laptop's screen in both languages, and
it exports as an Excel workbook that matches it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import open_page, screenshot
from tests.browser.drawn import BROKEN_WORDS_JS

# The matrix's box and table widths, and how many columns it has.
MATRIX_JS = """() => {
  const wrap = document.querySelector('.tip-table-wrap:has(table.tip-tracker)');
  return {box: wrap.clientWidth, table: wrap.scrollWidth,
          columns: wrap.querySelectorAll('thead th').length};
}"""


def download(page, label):
    with page.expect_download() as info:
        page.get_by_text(label).click()
    return io.BytesIO(Path(info.value.path()).read_bytes())


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_whole_matrix_fits_a_laptop(browser, server, lang):
    # At 1440x900 the last recommendation once lay beyond the screen, to be scrolled to.
    visit = open_page(browser, f"{server}/tracker?lang={lang}", 1440, 900)
    visit.page.locator("table.tip-tracker").wait_for()
    drawn = visit.page.evaluate(MATRIX_JS)
    assert drawn["columns"] >= 9  # every recommendation, and the states' column
    assert drawn["table"] <= drawn["box"], drawn
    headers = ".tip-table-wrap:has(table.tip-tracker) th"
    assert visit.page.evaluate(BROKEN_WORDS_JS, headers) == []  # headers wrap between words
    screenshot(visit.page, f"tracker-matrix-1440-{lang}")
    visit.page.context.close()


def test_matrix_exports_to_excel(browser, server):
    visit = open_page(browser, f"{server}/tracker")
    book = load_workbook(download(visit.page, "Download the matrix (Excel)"))
    sheet = book.active
    header, *rows = sheet.iter_rows(values_only=True)
    assert {"iso3", "Country", "Recommendation", "Status"} <= set(header)
    assert len(rows) == 8 * 9
    rows = [dict(zip(header, r, strict=True)) for r in rows]
    nrm = next(r for r in rows if r["iso3"] == "BHR" and r["Recommendation"].startswith("4."))
    assert nrm["Status"] == "✓ In place" and nrm["Evidence year"] == 2023
    assert sheet.sheet_view.rightToLeft is not True
    visit.page.context.close()


def test_arabic_export_is_right_to_left(browser, server):
    visit = open_page(browser, f"{server}/tracker?lang=ar")
    assert visit.outside == []
    book = load_workbook(download(visit.page, "تنزيل المصفوفة (Excel)"))
    assert book.active.sheet_view.rightToLeft is True
    assert book.active.cell(row=2, column=2).value in {
        "الإمارات العربية المتحدة",
        "البحرين",
        "مصر",
        "الأردن",
        "الكويت",
        "سلطنة عمان",
        "قطر",
        "المملكة العربية السعودية",
    }
    visit.page.context.close()
