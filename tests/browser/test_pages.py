"""Every page in both languages, in headless Chromium: drawn, offline, right direction."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard import registry
from tests.browser.conftest import open_page, screenshot
from tests.browser.drawn import LOW_CONTRAST_JS

# Page name -> (URL path, plotly charts it draws by default), from the registry of pages.
PAGES = {p.name: (p.address.lstrip("/"), p.plotly_charts) for p in registry.PAGES if p.slide}
# The text whose contrast is checked: the page's paragraphs, lists, tables, labels, headings.
PAGE_TEXT = 'p, li, td, th, label, h1, h2, h3, [data-testid="stCaptionContainer"]'
# Latin commas and semicolons next to Arabic words, with no other letter between (Arabic has
# its own: "،" and "؛"), in the page's text and its charts', outside what is set apart as
# English (a report's title): "(27; <5)" in an Arabic note is one, "Report 2006, Egypt" is not.
LATIN_SEPARATORS_JS = """() => {
  const arabic = '\\u0600-\\u06FF';
  const other = `[^A-Za-z${arabic}]*`;  // no letter between the separator and the Arabic word
  const separator = '(?:;|,(?=\\\\s|$))';  // not a thousands separator ("100,000" stays)
  const mark = new RegExp(`[${arabic}]${other}${separator}|${separator}${other}[${arabic}]`);
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('[dir="ltr"], [lang="en"], code, pre, script, style')) continue;
    if (mark.test(node.textContent)) found.push(node.textContent.trim().slice(0, 120));
  }
  return found;
}"""


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("page", PAGES)
def test_page_draws_offline_in_the_right_direction(browser, server, page, lang):
    path, charts = PAGES[page]
    visit = open_page(browser, f"{server}/{path}?lang={lang}", charts=charts)
    p = visit.page
    assert p.locator('[data-testid="stException"]').count() == 0
    assert p.locator('[role="dialog"]').count() == 0
    assert visit.errors == []
    assert visit.outside == [], "requests left the machine"
    # set by a script in the sidebar, which can run just after the page's run has finished
    expect(p.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    expect(p.locator("html")).to_have_attribute("lang", lang)
    if lang == "ar":  # Streamlit's own English placeholder must not show through
        assert "Choose options" not in p.locator('[data-testid="stMain"]').inner_text()
        assert p.evaluate(LATIN_SEPARATORS_JS) == []
    screenshot(p, f"{page}-{lang}")
    p.context.close()


def test_sidebar_is_on_the_right_in_arabic(browser, server):
    visit = open_page(browser, f"{server}/?lang=ar")
    sidebar = visit.page.locator('[data-testid="stSidebar"]').bounding_box()
    main = visit.page.locator('[data-testid="stMain"]').bounding_box()
    assert sidebar["x"] > main["x"]
    visit.page.context.close()


def test_language_switch_flips_the_page_and_the_url(browser, server):
    visit = open_page(browser, f"{server}/")
    p = visit.page
    expect(p.locator("h1").first).to_have_text("Regional overview")
    p.locator('[data-testid="stSidebar"] label').filter(has_text="العربية").click()
    expect(p.locator("h1").first).to_have_text("نظرة إقليمية عامة")
    expect(p.locator("html")).to_have_attribute("dir", "rtl")
    expect(p).to_have_url(re.compile(r"[?&]lang=ar\b"))


def test_shared_link_restores_the_view(browser, server):
    visit = open_page(browser, f"{server}/?lang=ar&digits=arab&group=gcc")
    main = visit.page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("الكويت")
    expect(main).to_contain_text("٢٠٢٢")
    assert "مصر" not in main.inner_text().split("دورات المنتدى")[0]


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_usable_on_laptop_and_phone(browser, server, width, height, lang):
    visit = open_page(browser, f"{server}/?lang={lang}", width=width, height=height)
    p = visit.page
    overflow = p.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
        " return m.scrollWidth - m.clientWidth; }"
    )
    assert overflow <= 1, "the page scrolls sideways"
    assert p.locator("h1").first.is_visible()
    screenshot(p, f"overview-{lang}-{width}")
    p.context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_text_contrast_at_least_4_5(browser, server, lang):
    visit = open_page(browser, f"{server}/?lang={lang}")
    assert visit.page.evaluate(LOW_CONTRAST_JS, PAGE_TEXT) == []
    visit.page.context.close()
