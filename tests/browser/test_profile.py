"""The country profile prints cleanly: no sidebar or toolbar on paper, an A4 PDF."""

from __future__ import annotations

import re

from tests.browser.conftest import open_page


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
