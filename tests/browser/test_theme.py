"""The pages' theme: chosen in Streamlit's menu, it redraws the charts and maps at once (the
theme watch asks for one rerun), and a reader whose system is dark gets the dark pages from the
first load."""

from __future__ import annotations

from dashboard.charts.style import PAGE_DARK
from tests.browser.conftest import open_page
from tests.browser.flows import DECK, colours_of, count_near

# The trends chart's background as drawn, the theme <html> is marked with, and the land image
# under the flow map (the deck's bitmap layer is drawn from it).
DRAWN_JS = """() => ({
  chart: (document.querySelector('[data-testid="stPlotlyChart"] svg.main-svg') || {}).style
    ?.background || null,
  theme: document.documentElement.getAttribute('data-tip-theme'),
})"""
DARK_PAPER = "rgb({}, {}, {})".format(*(int(PAGE_DARK["paper"][i : i + 2], 16) for i in (1, 3, 5)))


def choose_in_menu(page, theme: str) -> None:
    """`theme` chosen in Streamlit's menu (opened first, unless it is still open)."""
    if not page.locator('[data-testid="stMainMenuList"]').is_visible():
        page.locator('[data-testid="stMainMenu"]').click()
    page.locator(f'[data-testid="stMainMenuItem-theme-{theme}"]').click()


def test_choosing_dark_in_the_menu_redraws_the_chart_on_the_dark_page(browser, server):
    visit = open_page(browser, f"{server}/trends", width=1440, height=900, charts=1)
    page = visit.page
    before = page.evaluate(DRAWN_JS)
    assert before["theme"] == "light" and before["chart"] == "rgb(255, 255, 255)"
    choose_in_menu(page, "Dark")
    page.wait_for_function(
        f"() => ({DRAWN_JS})().chart === '{DARK_PAPER}' && ({DRAWN_JS})().theme === 'dark'"
    )
    # and back: the light chart again, without a reload
    choose_in_menu(page, "Light")
    page.wait_for_function(f"() => ({DRAWN_JS})().chart === 'rgb(255, 255, 255)'")
    assert visit.outside == [] and visit.errors == []
    page.context.close()


def test_a_dark_system_gets_the_dark_flow_map_from_the_first_load(browser, server):
    context = browser.new_context(color_scheme="dark", viewport={"width": 1440, "height": 900})
    visit = open_page(browser, f"{server}/flows", width=1440, height=900, context=context)
    page = visit.page
    page.wait_for_selector(f"{DECK} canvas")
    page.locator(DECK).scroll_into_view_if_needed()
    assert page.evaluate(DRAWN_JS)["theme"] == "dark"
    # The land is the dark image's, not the light one's (238, 240, 244).
    page.wait_for_function(
        """() => performance.getEntriesByType('resource')
             .some(e => e.name.endsWith('/app/static/land-dark.png'))"""
    )
    image = colours_of(page.locator(DECK).screenshot())
    assert count_near(image, (238, 240, 244), 4) < 500
    assert visit.outside == [] and visit.errors == []
    context.close()


def test_the_presentation_keeps_its_own_theme_on_a_dark_system(browser, server):
    """The slides have their own theme (`theme=` in the address, light by default): on a dark
    system the theme watch marks what they show and asks for no redraw (a chair's slide would
    flicker)."""
    context = browser.new_context(color_scheme="dark", viewport={"width": 1920, "height": 1080})
    visit = open_page(browser, f"{server}/present", width=1920, height=1080, context=context)
    page = visit.page
    page.locator(".tip-present").first.wait_for()
    assert page.evaluate(DRAWN_JS)["theme"] == "light"
    asked = page.evaluate("() => Object.values(window.__tipThemeAsks || {}).some(n => n > 0)")
    assert asked is False
    assert visit.outside == [] and visit.errors == []
    context.close()
