"""Presentation mode in a real browser at projector size: clicker keys, no Streamlit chrome,
large type, the language switch keeping the slide, nothing fetched from elsewhere; and the
PowerPoint made from the deck page."""

from __future__ import annotations

import io
import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import open_page, screenshot
from tests.browser.drawn import wait_drawn

FULL_HD = {"width": 1920, "height": 1080}
CHROME = (
    '[data-testid="stHeader"]',
    '[data-testid="stToolbar"]',
    '[data-testid="stSidebar"]',
    '[data-testid="stSidebarCollapsedControl"]',
    '[data-testid="stDecoration"]',
)


def counter(page):
    return page.locator("[data-testid='tip-slide-counter']")


def press(page, key: str, expected: str) -> None:
    page.keyboard.press(key)
    expect(counter(page)).to_have_text(expected)
    wait_drawn(page)


def pixels(page, selector: str) -> list[float]:
    return page.eval_on_selector_all(
        selector, "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )


def test_clicker_keys_move_through_the_default_deck(browser, server):
    visit = open_page(browser, f"{server}/present", **FULL_HD)
    page = visit.page
    expect(counter(page)).to_have_text("Slide 1 of 5")
    for selector in CHROME:
        assert not page.locator(selector).first.is_visible(), selector
    press(page, "ArrowRight", "Slide 2 of 5")
    expect(page.locator("h1")).to_contain_text("Persons convicted, year by year")
    press(page, "PageDown", "Slide 3 of 5")
    page.wait_for_selector("canvas")  # the flow map
    press(page, "PageUp", "Slide 2 of 5")
    press(page, "End", "Slide 5 of 5")
    press(page, "Home", "Slide 1 of 5")
    expect(page).to_have_url(re.compile(r"[?&]slide=1\b"))
    assert visit.outside == [] and visit.errors == []
    page.context.close()


def test_type_is_large_enough_for_a_projector(browser, server):
    visit = open_page(browser, f"{server}/present?slide=2", charts=1, **FULL_HD)
    page = visit.page
    screenshot(page, "present-slide-2")
    body = pixels(page, ".tip-present-takeaway, .tip-present-source, .tip-present-notes")
    assert body and min(body) >= 28
    assert min(pixels(page, "[class*='st-key-present_'] button p")) >= 28
    chart = pixels(page, ".main-svg text")
    assert len(chart) > 20 and min(chart) >= 20
    assert visit.outside == []
    page.context.close()


def test_switching_language_on_slide_3_stays_on_slide_3(browser, server):
    visit = open_page(browser, f"{server}/present?slide=3", **FULL_HD)
    page = visit.page
    page.locator(".st-key-present_lang button").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(counter(page)).to_have_text("الشريحة 3 من 5")
    expect(page.locator("h1")).to_have_text("التدفقات إلى الدول الأعضاء")
    wait_drawn(page)
    expect(page).to_have_url(re.compile(r"[?&]slide=3\b"))
    expect(page).to_have_url(re.compile(r"[?&]lang=ar\b"))
    press(page, "ArrowRight", "الشريحة 4 من 5")  # the clicker still moves forward
    screenshot(page, "present-arabic-slide-4")
    # Space too (some clickers send it), not also pressing the language button it last clicked
    press(page, "Space", "الشريحة 5 من 5")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert visit.outside == [] and visit.errors == []
    page.context.close()


def test_powerpoint_from_the_deck_page(browser, server):
    from pptx import Presentation

    visit = open_page(browser, f"{server}/deck")
    page = visit.page
    with page.expect_download(timeout=120_000) as info:
        page.get_by_text("PowerPoint (.pptx)").click()
    made = Presentation(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert len(made.slides) == 7
    assert info.value.suggested_filename == "forum-session-en-v1.pptx"
    assert visit.outside == []
    page.context.close()


def test_a_slide_of_the_flows_playing_steps_a_year_per_clicker_press(browser, server):
    """A view added while its years played: each press of the clicker shows the next year's
    flows (its title names the year), then the next slide; back goes back a year."""
    from dashboard.slides import decks as dk

    flows = dk.slide_from({"page": "flows", "view": "from=2020&to=2022&play=on"}, dk.Where(), False)
    trends = dk.slide_from({"page": "trends", "view": ""}, dk.Where(), False)
    built = dk.encode((flows, trends))
    visit = open_page(browser, f"{server}/present?deck=built&build={built}", **FULL_HD)
    page = visit.page
    expect(counter(page)).to_have_text("Slide 1 of 4")
    page.wait_for_selector("canvas")
    for year, number in ((2020, 1), (2021, 2), (2022, 3)):
        expect(page.locator("h1")).to_contain_text(str(year))
        expect(page).to_have_url(re.compile(rf"[?&]slide={number}\b"))
        press(page, "ArrowRight", f"Slide {number + 1} of 4")
    expect(page.locator("h1")).to_contain_text("Persons convicted")  # the next slide
    press(page, "ArrowLeft", "Slide 3 of 4")
    expect(page.locator("h1")).to_contain_text("2022")
    press(page, "PageUp", "Slide 2 of 4")
    expect(page.locator("h1")).to_contain_text("2021")
    assert visit.outside == [] and visit.errors == []
    page.context.close()
