"""The secretariat page in a real browser: sign in, check the uploader speaks the app's words,
choose a file in it (by pointer or keyboard), accept a review's warnings, and fill in a
downloaded template. Used by the
secretariat and deployment browser tests."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard.i18n import Locale
from tests.browser.conftest import IDLE, open_page, rerun

KEY = "a passphrase for the tests"


def signed_in(browser, base: str, lang: str = "en"):
    """The secretariat page, signed in and drawn, in English or Arabic."""
    t = Locale(lang).t
    visit = open_page(browser, f"{base}/secretariat?lang={lang}")
    visit.page.get_by_label(t("secretariat.passphrase")).fill(KEY)
    rerun(visit.page, visit.page.get_by_role("button", name=t("secretariat.sign_in")).click)
    visit.page.get_by_text(t("secretariat.versions_heading")).wait_for()
    return visit


def uploader_in_the_apps_words(page, lang: str, forbidden: tuple[str, ...]):
    """Check the uploader says only the app's limit (none of Streamlit's `forbidden` words is
    drawn), its button shows and is named in the app's words, its file field is labelled for
    screen readers; return the uploader and its button."""
    t = Locale(lang).t
    uploader = page.locator('[data-testid="stFileUploader"]')
    uploader.wait_for()
    drawn = uploader.inner_text()
    for streamlits in forbidden:
        assert streamlits not in drawn, (streamlits, drawn)
    assert page.get_by_text(t("secretariat.upload_caption", limit="25")).is_visible()
    button = uploader.get_by_role("button", name=t("secretariat.upload_button"), exact=True)
    button.wait_for()
    shown = button.evaluate(
        "b => getComputedStyle(b.querySelector('[data-testid=stMarkdownContainer]'), '::after')"
        ".content"
    )
    assert shown == '"' + t("secretariat.upload_button") + '"'
    field = uploader.locator('input[type="file"]')
    assert field.get_attribute("aria-label") == t("secretariat.upload_input")
    return uploader, button


def open_by_keyboard(page, button, tries: int = 3):
    """Focus `button` once the app is idle, press Enter, and return the file chooser it opens.
    A run that ends while the key is pressed can draw the button anew and take its focus: then
    the focus is checked and the key pressed again (the chooser is still opened by the keyboard,
    never by a click)."""
    for attempt in range(tries):
        page.wait_for_function(IDLE)
        try:
            button.focus()
            page.wait_for_function(
                "b => document.activeElement === b", arg=button.element_handle(), timeout=15_000
            )
            with page.expect_file_chooser(timeout=15_000) as chooser:
                page.keyboard.press("Enter")
            return chooser.value
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise


def upload(page, path: Path) -> None:
    """Choose a file in the uploader and wait for its review to be drawn."""
    uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    rerun(page, lambda: uploader.set_input_files(str(path)))
    page.get_by_text("checked against version 1").wait_for()


def accept_warnings(page) -> None:
    """Tick "I have checked these warnings" when the review has any."""
    box = page.get_by_text("I have checked these warnings")
    if box.count():
        rerun(page, box.click)


def fill_in(template: Path, out: Path) -> None:
    book = load_workbook(template)
    sheet = book["Figures"]
    for row in sheet.iter_rows(min_row=4):  # under the English, Arabic and code headings
        totals = all(cell.value == "total" for cell in row[3:6])
        if row[1].value == 2022 and row[2].value == "persons_convicted" and totals:
            row[6].value = 39  # was 38
    blank = [None] * 6
    sheet.append(
        [
            "BHR",
            2023,
            "persons_convicted",
            "total",
            "total",
            "total",
            41,
            None,
            None,
            "reported",
            *blank[:3],
        ]
    )
    sheet.append(
        [
            "BHR",
            2023,
            "persons_prosecuted",
            "total",
            "total",
            "total",
            60,
            None,
            None,
            "reported",
            *blank[:3],
        ]
    )
    book.save(out)
