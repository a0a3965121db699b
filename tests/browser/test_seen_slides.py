"""What was once seen on the slides and the secretariat's page, in the language and on the
screen where it was seen, now fixed: slide texts that asked for a mouse or a link, Latin digits
on slides set in Arabic-Indic digits, Streamlit's own words and limit on the English uploader,
and a count of one written as a plural."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from dashboard import config
from dashboard.i18n import Locale
from dashboard.slides import decks as dk
from dashboard.slides.adapt import build
from tests.browser.conftest import WAIT_MS, open_page, screenshot, served
from tests.browser.drawn import wait_drawn
from tests.browser.secretariat import KEY, signed_in, upload

EN = Locale("en").t
LATIN_DIGIT = re.compile(r"[0-9]")
ARABIC_DIGIT = re.compile(r"[\u0660-\u0669]")
# Words a slide must not say: a projector has no mouse, and a slide no link.
POINTER_WORDS = {"en": ("hover", "see the", "click"), "ar": ("مرّر", "مرر")}

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


@pytest.fixture(scope="module")
def secretariat_server(tmp_path_factory):
    store = tmp_path_factory.mktemp("store")
    with served({"TIP_DASHBOARD_SECRETARIAT_KEY": KEY, "TIP_DASHBOARD_STORE": str(store)}) as url:
        yield url


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


def test_the_english_uploader_says_only_the_true_limit_in_the_apps_words(
    browser, secretariat_server
):
    """Streamlit's uploader once said "200MB per file" (its own limit, in MiB) beside "At most
    25 MB", and named its button and drop hint in its own words: on the English page only the
    app's limit is said, the button and its accessible name are the app's, and no drop hint is in
    Streamlit's words."""
    visit = signed_in(browser, secretariat_server, lang="en")
    page = visit.page
    uploader = page.locator('[data-testid="stFileUploader"]')
    uploader.wait_for()
    drawn = uploader.inner_text()
    for streamlits in ("MB", "MiB", "per file", "Limit", "Upload", "Browse", "Drag", "drop"):
        assert streamlits not in drawn, (streamlits, drawn)  # nor a drop hint of Streamlit's
    own_limit = uploader.locator('[data-testid="stFileUploaderDropzoneInstructions"]')
    assert own_limit.count() == 1 and "MB" in own_limit.text_content()  # Streamlit's line...
    assert not own_limit.is_visible()  # ...is not shown
    caption = EN("secretariat.upload_caption", limit="25")
    assert "At most 25 MB" in caption and page.get_by_text(caption).is_visible()
    button = uploader.get_by_role("button", name=EN("secretariat.upload_button"), exact=True)
    button.wait_for()
    assert (
        button.evaluate(
            "b => getComputedStyle(b.querySelector('[data-testid=stMarkdownContainer]'), '::after')"
            ".content"
        )
        == '"' + EN("secretariat.upload_button") + '"'
    )
    field = uploader.locator('input[type="file"]')
    assert field.get_attribute("aria-label") == EN("secretariat.upload_input")
    screenshot(page, "secretariat-uploader-en")
    assert visit.outside == [] and visit.errors == []
    page.context.close()


def test_one_warning_is_said_in_the_singular(browser, secretariat_server, tmp_path):
    """The review of a file with one warning once said "1 warnings": it says "1 warning"."""
    visit = signed_in(browser, secretariat_server, lang="en")
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
