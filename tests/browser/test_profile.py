"""The country profile prints cleanly: no sidebar or toolbar on paper, an A4 PDF; and the PDF its
own button gives holds the whole profile."""

from __future__ import annotations

import re
import unicodedata

import pytest

from dashboard.i18n import Locale
from tests.browser.conftest import WAIT_MS, open_page


def test_profile_prints_to_a4_without_the_apps_chrome(browser, server):
    visit = open_page(browser, f"{server}/profile?country=NPL&lang=ar", charts=1)
    page = visit.page
    assert visit.outside == []
    page.emulate_media(media="print")
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.locator('[data-testid="stHeader"]').is_visible()
    assert page.locator("h1").first.inner_text().startswith("ملف البلد: نيبال")
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 1
    page.context.close()


# The profile's headings as the page draws them: its title, then its sections'.
HEADINGS_JS = """() => [...document.querySelectorAll(
  '[data-testid="stMain"] [data-testid="stHeadingWithActionElements"] :is(h1, h2, h3)')]
  .map(h => h.textContent.trim())"""


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_pages_pdf_button_gives_the_whole_profile_on_a4(browser, server, bundled, lang):
    """The PDF a delegate takes from the profile page's own button: A4, every heading of the
    page in its order, every latest figure's row whole (Jordan's last, offences recorded, too)
    and the dataset's version on every page."""
    from pypdf import PdfReader

    from dashboard.slides.documents import profile_view
    from tests.pdf_text import outline, tokens

    loc = Locale(lang)
    visit = open_page(browser, f"{server}/profile?country=JOR&lang={lang}", 1440, 900, charts=1)
    page = visit.page
    headings = page.evaluate(HEADINGS_JS)
    button = page.get_by_role("button", name=loc.t("present.profile_pdf"))
    with page.expect_download(timeout=WAIT_MS * 2) as taken:
        button.click()
    download = taken.value
    view, _ = profile_view(bundled, loc, "JOR")
    assert download.suggested_filename == view.pdf_name
    reader = PdfReader(download.path())
    for sheet in reader.pages:
        box = sheet.mediabox
        assert abs(float(box.width) / float(box.height) - 210 / 297) < 0.01
    assert len(headings) > 5
    assert [tokens(h) for h in outline(reader)] == [tokens(h) for h in headings]
    lines = [line for sheet in reader.pages for line in sheet.extract_text().splitlines()]
    for row in view.headline.rows:
        want = tokens(" ".join(row))
        assert any(not want - tokens(" ".join(lines[i : i + 6])) for i in range(len(lines))), row
    version = loc.t(
        "present.dataset_line",
        version=loc.digits_of(bundled.version),
        date=loc.date(bundled.created),
    )
    assert all(not tokens(version) - tokens(sheet.extract_text()) for sheet in reader.pages)
    if lang == "en":
        text = " ".join(unicodedata.normalize("NFKC", "\n".join(lines)).split())
        assert "Offences recorded 36 (2022)" in text
    assert visit.outside == [] and visit.errors == []
    page.context.close()
