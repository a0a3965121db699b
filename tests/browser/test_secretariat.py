"""The secretariat's round trip in a real browser: sign in, download the template, fill in
three figures, upload, review, apply, and see them on the compare page; then roll back."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from dashboard.i18n import Locale
from tests.browser.conftest import open_page, rerun, screenshot, served
from tests.browser.secretariat import (
    KEY,
    accept_warnings,
    fill_in,
    open_by_keyboard,
    signed_in,
    upload,
    uploader_in_the_apps_words,
)

AR = Locale("ar").t
EN = Locale("en").t


@pytest.fixture(scope="module")
def secretariat_server(tmp_path_factory):
    store = tmp_path_factory.mktemp("store")
    with served({"TIP_DASHBOARD_SECRETARIAT_KEY": KEY, "TIP_DASHBOARD_STORE": str(store)}) as url:
        yield url, store


@pytest.fixture
def first_version_server(tmp_path_factory):
    """A secretariat server of its own, still on the bundled dataset's first version (the
    module's server has had versions applied by the tests before)."""
    store = tmp_path_factory.mktemp("first")
    with served({"TIP_DASHBOARD_SECRETARIAT_KEY": KEY, "TIP_DASHBOARD_STORE": str(store)}) as url:
        yield url


def test_template_upload_apply_then_compare_shows_it(browser, secretariat_server, tmp_path):
    base, store = secretariat_server
    visit = signed_in(browser, base)
    page = visit.page
    with page.expect_download() as info:
        page.get_by_text("Download the template (Excel)").click()
    template = tmp_path / "template.xlsx"
    info.value.save_as(template)
    assert load_workbook(template)["Figures"]["A4"].value == "BHR"  # Bahrain comes first
    filled = tmp_path / "filled.xlsx"
    fill_in(template, filled)
    upload(page, filled)
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "Figures" in text and "Download every change (CSV)" in text
    with page.expect_download() as info:
        page.get_by_text("Download every change (CSV)").first.click()
    changes = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert changes.count("\nobservations,") == 3  # exactly the three figures
    accept_warnings(page)
    form = page.locator('[data-testid="stForm"]').filter(has_text="Apply as a new version")
    form.get_by_label("Your name").fill("Data manager")
    form.get_by_label("Why (kept with the version)").fill("Bahrain's 2023 submission")
    form.get_by_role("button", name="Apply as a new version").click()
    page.get_by_text("version 2 is now served").wait_for()
    assert (store / "current").read_text().strip() == "2"
    assert "Dataset version 2" in page.locator('[data-testid="stSidebar"]').inner_text()
    page.context.close()

    compare = open_page(browser, f"{base}/compare?indicator=persons_convicted", charts=3)
    bars = compare.page.locator('[data-testid="stPlotlyChart"] .bartext').all_text_contents()
    assert "41 (2023)" in bars  # Bahrain's new figure, with its year
    assert "Dataset version 2" in compare.page.locator('[data-testid="stSidebar"]').inner_text()
    compare.page.context.close()


def test_rollback_serves_the_earlier_content_again(browser, secretariat_server):
    base, store = secretariat_server
    if (store / "current").read_text().strip() != "2":
        pytest.skip("needs the round trip above")
    visit = signed_in(browser, base)
    page = visit.page
    form = page.locator('[data-testid="stForm"]').filter(has_text="Roll back")
    form.get_by_label("Your name").fill("Data manager")
    form.get_by_label("Why (kept with the version)").fill("submission withdrawn")
    form.get_by_role("button", name="Roll back").click()
    page.get_by_text("the content of version 1").wait_for()
    assert (store / "current").read_text().strip() == "3"
    assert "Dataset version 3" in page.locator('[data-testid="stSidebar"]').inner_text()
    page.context.close()
    compare = open_page(browser, f"{base}/compare?indicator=persons_convicted", charts=3)
    bars = compare.page.locator('[data-testid="stPlotlyChart"] .bartext').all_text_contents()
    assert "38 (2022)" in bars and "41 (2023)" not in bars
    compare.page.context.close()


# Where two parts of a table cell are drawn: the left edge of the first character of `a` and of
# `b` in the first cell of the versions table that holds both (null where there is none).
DRAWN_AT_JS = """([a, b]) => {
  for (const cell of document.querySelectorAll('table.tip-table td')) {
    const node = [...cell.childNodes].find(n => n.nodeType === 3);
    if (!node || !node.textContent.includes(a) || !node.textContent.includes(b)) continue;
    const left = at => {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      return range.getBoundingClientRect().left;
    };
    const text = node.textContent;
    return [left(text.indexOf(a)), left(text.indexOf(b))];
  }
  return null;
}"""


def test_the_versions_table_keeps_paths_and_times_left_to_right_in_arabic(
    browser, secretariat_server
):
    """Seen in Arabic: the bundled folder read "/data" and a version's time "UTC 11:19
    2026-12-07". Drawn now: "data/" with its slash on the right, the date before "UTC"; a
    rollback's origin in Arabic."""
    base, store = secretariat_server
    if (store / "current").read_text().strip() != "3":
        pytest.skip("needs the round trip and the rollback above")
    visit = signed_in(browser, base, lang="ar")
    page = visit.page
    slash, letter = page.evaluate(DRAWN_AT_JS, ["/", "data"])
    assert slash > letter  # "data/", not "/data"
    year, utc = page.evaluate(DRAWN_AT_JS, ["20", "UTC"])
    assert year < utc
    table = page.locator("table.tip-table").filter(has_text="data/").inner_text()
    assert AR("secretariat.from_version", version="1") in table and "version 1" not in table
    page.context.close()


def test_wrong_passphrase_gets_nothing(browser, secretariat_server):
    base, _ = secretariat_server
    visit = open_page(browser, f"{base}/secretariat")
    page = visit.page
    page.get_by_label("Secretariat passphrase").fill("guess")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("That passphrase is not right.").wait_for()
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    assert visit.outside == []
    page.context.close()


def test_the_uploader_says_only_the_true_limit_in_arabic_and_works_by_keyboard(
    browser, secretariat_server, tmp_path
):
    """Streamlit's uploader writes "200MB per file" (its own limit, in MiB) and "Upload" in
    English: on the Arabic page only the app's limit is said, in Arabic, the button is named in
    Arabic (its accessible name too), and the keyboard opens the file chooser."""
    base, _ = secretariat_server
    visit = signed_in(browser, base, lang="ar")
    page = visit.page
    uploader, button = uploader_in_the_apps_words(
        page, "ar", ("MB", "per file", "Upload", "Browse", "Drag", "XLSX")
    )
    screenshot(page, "secretariat-uploader-ar")
    latin = tmp_path / "latin.csv"  # refused at once (not UTF-8): no dataset work here
    latin.write_bytes("iso3,année\n".encode("latin-1"))
    chooser = open_by_keyboard(page, button)
    rerun(page, lambda: chooser.set_files(str(latin)))
    refused = AR("secretariat.upload_refused", reason=AR("refusal.encoding"))
    page.locator('[data-testid="stAlert"]').filter(has_text=refused).wait_for()
    remove = uploader.locator('[data-testid="stFileChipDeleteBtn"] button')
    page.wait_for_function(
        "([b, want]) => b.getAttribute('aria-label') === want",
        arg=[remove.element_handle(), AR("secretariat.upload_remove", name="latin.csv")],
    )
    assert "Remove" not in uploader.inner_html()
    assert visit.outside == [] and visit.errors == []
    page.context.close()


def test_the_english_uploader_says_only_the_true_limit_in_the_apps_words(
    browser, secretariat_server
):
    """Streamlit's uploader once said "200MB per file" (its own limit, in MiB) beside "At most
    25 MB", and named its button and drop hint in its own words: on the English page only the
    app's limit is said, the button and its accessible name are the app's, and no drop hint is in
    Streamlit's words."""
    base, _ = secretariat_server
    visit = signed_in(browser, base, lang="en")
    page = visit.page
    streamlits = ("MB", "MiB", "per file", "Limit", "Upload", "Browse", "Drag", "drop")
    uploader, _ = uploader_in_the_apps_words(page, "en", streamlits)
    own_limit = uploader.locator('[data-testid="stFileUploaderDropzoneInstructions"]')
    assert own_limit.count() == 1 and "MB" in own_limit.text_content()  # Streamlit's line...
    assert not own_limit.is_visible()  # ...is not shown
    assert "At most 25 MB" in EN("secretariat.upload_caption", limit="25")
    screenshot(page, "secretariat-uploader-en")
    assert visit.outside == [] and visit.errors == []
    page.context.close()


def test_one_warning_is_said_in_the_singular(browser, first_version_server, tmp_path):
    """The review of a file with one warning once said "1 warnings": it says "1 warning"."""
    visit = signed_in(browser, first_version_server, lang="en")
    page = visit.page
    with page.expect_download() as info:
        page.get_by_text(EN("secretariat.download_template")).click()
    template = tmp_path / "template.xlsx"
    info.value.save_as(template)
    book = load_workbook(template)
    figure = ["BHR", 2023, "persons_convicted", "total", "total", "total", 900, None, None]
    book["Figures"].append([*figure, "reported", None, None, None])  # tenfold the 2022 figure
    filled = tmp_path / "one-warning.xlsx"
    book.save(filled)
    upload(page, filled)
    said = page.locator('[data-testid="stAlert"]').filter(has_text="warning")
    expect(said).to_have_count(1)
    assert said.inner_text().strip() == "1 warning: check it before applying."
    assert "1 warnings" not in page.locator('[data-testid="stMain"]').inner_text()
    assert visit.outside == [] and visit.errors == []
    page.context.close()
