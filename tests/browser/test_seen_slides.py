"""What was once seen on the slides, in the language and on the screen where it was seen, now
fixed: slide texts that asked for a mouse or a link, and Latin digits on slides set in
Arabic-Indic digits."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard import config
from dashboard.i18n import Locale
from dashboard.slides import decks as dk
from dashboard.slides.adapt import build
from tests.browser.conftest import WAIT_MS, open_page, screenshot
from tests.browser.drawn import wait_drawn

EN = Locale("en").t
LATIN_DIGIT = re.compile(r"[0-9]")
ARABIC_DIGIT = re.compile(r"[\u0660-\u0669]")
# Words a slide must not say: a projector has no mouse, and a slide no link.
POINTER_WORDS = {
    "en": ("hover", "point at", "tap it", "see the", "click"),
    "ar": ("مرّر", "مرر", "أشر إلى", "المسه"),
}

# The slide's text as the room sees it: every text drawn in the main area that is visible,
# without the words kept for screen readers only.
VISIBLE_TEXT = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const parts = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const e = node.parentElement;
    if (!e || e.closest('.tip-sr-only')) continue;
    if (!e.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || parseFloat(getComputedStyle(e).fontSize) === 0) {
      continue;
    }
    parts.push(node.textContent);
  }
  return parts.join(' ').replace(/\\s+/g, ' ').trim();
}"""


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_no_slide_asks_for_a_mouse_or_a_link(browser, server, bundled, lang):
    """Slides once said "hover a line" and "see the trends page": a projector has no mouse
    and a slide no link. Every slide of the default deck, at 1920 x 1080, says neither, and
    says something."""
    loc = Locale(lang)
    t = loc.t
    deck = dk.load(config.decks_path())[0]["forum-session"]
    total = len(deck.slides)
    visit = open_page(browser, f"{server}/present?lang={lang}", 1920, 1080)
    page = visit.page
    counter = page.locator("[data-testid='tip-slide-counter']")
    said: dict[int, list[str]] = {}
    for number, slide in enumerate(deck.slides, start=1):
        expect(counter).to_have_text(t("present.counter", n=str(number), total=str(total)))
        title = slide.said("title", loc)
        expect(page.locator("h1.tip-present-title")).to_have_text(title)
        view = build(bundled, loc, slide.page, slide.query)
        wait_drawn(page, 1 if view.kind == "chart" else 0, timeout=WAIT_MS)
        text = page.evaluate(VISIBLE_TEXT)
        takeaway = slide.said("takeaway", loc)
        assert title in text and takeaway and takeaway in text, (number, text[:300])
        found = [word for word in POINTER_WORDS[lang] if word in text.lower()]
        if found:
            said[number] = found
        if number < total:
            page.get_by_role("button", name=t("present.next"), exact=True).click()
            page.mouse.move(1, 1)  # the button's tooltip is no part of the slide
    assert said == {}
    assert visit.outside == [] and visit.errors == []
    page.context.close()


def test_a_slide_in_arabic_indic_digits_has_no_latin_digit(browser, server):
    """The deck's texts are written with Latin digits ("بين 1 و4"): with Arabic-Indic digits
    chosen, slide 2 once kept them in its takeaway, and its chart's axes too. At 1280 x 720
    its title, takeaway, counter and source line, and every tick label of the chart, use
    Arabic-Indic digits."""
    url = f"{server}/present?slide=2&lang=ar&digits=arab"
    visit = open_page(browser, url, 1280, 720, charts=1)
    page = visit.page
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    title = page.locator("h1.tip-present-title").inner_text()
    takeaway = page.locator(".tip-present-takeaway").inner_text()
    counter = page.locator("[data-testid='tip-slide-counter']").inner_text()
    assert title == "الأشخاص المدانون، سنة بعد سنة"
    assert "بين ١ و٤" in takeaway and not LATIN_DIGIT.search(takeaway + title)
    assert counter == "الشريحة ٢ من ٥"
    source = page.locator(".tip-present-source").inner_text()  # its dates and version
    assert ARABIC_DIGIT.search(source) and not LATIN_DIGIT.search(source), source
    chart = page.locator('[data-testid="stPlotlyChart"]')
    for axis in ("ytick", "xtick"):
        ticks = [t.strip() for t in chart.locator(f".{axis} text").all_text_contents()]
        ticks = [t for t in ticks if t]
        assert len(ticks) >= 2, axis
        assert all(ARABIC_DIGIT.search(t) and not LATIN_DIGIT.search(t) for t in ticks), ticks
    screenshot(page, "present-slide-2-ar-arab-720p")
    assert visit.outside == [] and visit.errors == []
    page.context.close()
