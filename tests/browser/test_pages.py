"""Every page in both languages, in headless Chromium: drawn, offline, right direction."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard import registry
from tests.browser.conftest import open_page, screenshot

# Page name -> (URL path, plotly charts it draws by default), from the registry of pages.
PAGES = {p.name: (p.address.lstrip("/"), p.plotly_charts) for p in registry.PAGES if p.slide}
CONTRAST_JS = """
() => {
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const worst = [];
  const selector = 'p, li, td, th, label, h1, h2, h3, [data-testid="stCaptionContainer"]';
  for (const el of document.querySelectorAll(selector)) {
    if (!el.textContent.trim() || el.closest('.js-plotly-plot')) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    const fg = parse(getComputedStyle(el).color);
    const bg = background(el);
    const alpha = fg.length === 4 ? fg[3] : 1;
    const mixed = fg.slice(0, 3).map((v, i) => v * alpha + bg[i] * (1 - alpha));
    const [a, b] = [lum(mixed), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < 4.5) {
      worst.push(el.tagName + ' ' + ratio.toFixed(2) + ' ' + el.textContent.slice(0, 40));
    }
  }
  return worst;
}
"""
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
    assert visit.page.evaluate(CONTRAST_JS) == []
    visit.page.context.close()
