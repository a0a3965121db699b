"""Every page of the registry on a 390x844 phone, in English and Arabic, in the light and the dark
theme: one browser context per language and theme visits them all (one load of each page serves
every check) and keeps a screenshot.

Checked on each page: nothing wider than the screen (outside a box that scrolls on its own),
the title and then the page's main figure (its first chart, map or table) within the first
screen, the choices gathered in one closed box right under the title, headings that wrap
between words only, no label ending in an ellipsis; the years grid newest first, the
side-by-side table's countries all on the screen; with the box opened, chosen items shown whole
(and found at all where the page opens with items chosen); the app's own text readable on the
theme's background, and the charts drawn on it. The flows page's Sankey, drawn when
asked for, is checked on its own: its labels apart and inside the chart; and its map's key, which
tells a touch reader to tap, where a tap answers."""

from __future__ import annotations

import pytest

from dashboard import registry
from tests.browser.conftest import WAIT_MS, open_page, screenshot
from tests.browser.drawn import BROKEN_WORDS_JS, LOW_CONTRAST_JS, wait_drawn

PHONE = {"width": 390, "height": 844}
# A phone's browser says so in its user agent; the page closes its choices box for it only.
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/131.0.0.0 Mobile Safari/537.36"
)
PAGES = [p for p in registry.PAGES if not p.secretariat]
BOXED = {"compare", "flows", "trends", "tracker"}  # pages whose controls are gathered in a box
# Pages whose multiselects open with items chosen
CHOSEN = {"compare", "flows", "trends", "tracker"}

# Elements of the main area whose box reaches beyond the screen, unless a box around them
# scrolls (or clips) on its own.
OVERFLOW_JS = """() => {
  const W = window.innerWidth;
  const scrolls = el => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(e).overflowX)
          && e.scrollWidth > e.clientWidth) return true;
    }
    return false;
  };
  const wide = [];
  for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if ((r.right > W + 1 || r.left < -1) && !scrolls(el)) {
      wide.push(`${el.tagName} ${el.getAttribute('data-testid') || ''} ${r.left}..${r.right}`);
    }
  }
  const main = document.querySelector('[data-testid="stMain"]');
  return {document: document.scrollingElement.scrollWidth - window.innerWidth,
          main: main.scrollWidth - main.clientWidth, wide: wide.slice(0, 5)};
}"""
# The page's first figure (chart, map or table) and its title, as distances from the page's top.
PLACES_JS = """() => {
  const top = el => el ? el.getBoundingClientRect().top + window.scrollY : null;
  const figure = document.querySelector('[data-testid="stMain"] :is([data-testid="stPlotlyChart"],'
    + ' [data-testid="stDeckGlJsonChart"], table)');
  const box = document.querySelector('[data-testid="stMain"] [data-testid="stExpander"]');
  return {title: top(document.querySelector('[data-testid="stMain"] h1')), figure: top(figure),
          box: top(box), open: box ? box.querySelector('details').open : null};
}"""
HEADINGS = '[data-testid="stMain"] :is(h1, h2, h3, h4)'
# Names drawn with an ellipsis (cut short): chart text, legends, table headers and row names,
# chips (not quoted evidence, which may itself contain "...").
ELLIPSIS_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] :is(svg text, th,'
  + ' [data-tag])')].map(e => e.textContent).filter(t => /…|\\.\\.\\./.test(t))"""
# Chosen items of the multiselects that do not show whole: their text clipped, or the chip
# beyond the edge of its box (a row of chips that scrolls sideways).
CLIPPED_CHIPS_JS = """() => {
  const found = [];
  for (const box of document.querySelectorAll('[data-testid="stMultiSelectTagsContainer"]')) {
    const edge = box.getBoundingClientRect();
    for (const chip of box.querySelectorAll('[data-tag]')) {
      const text = chip.querySelector('span');
      const b = chip.getBoundingClientRect();
      if (b.left < edge.left - 1 || b.right > edge.right + 1
          || (text && (text.scrollWidth > text.clientWidth + 1
                       || text.scrollHeight > text.clientHeight + 1)))
        found.push(chip.getAttribute('aria-label'));
    }
  }
  return found;
}"""
# Every chip found at all (a check that finds no chip checks nothing).
CHIPS_JS = """() => document.querySelectorAll('[data-testid="stMultiSelect"] [data-tag]').length"""

# Sankey node labels drawn over one another (once "Direct" over "United Arab Emirates"), or
# beyond their chart's sides.
SANKEY_LABELS_JS = """() => {
  const found = [];
  for (const plot of document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')) {
    const edge = plot.getBoundingClientRect();
    const labels = [...plot.querySelectorAll('.sankey .node-label')]
      .map(t => [t.textContent, t.getBoundingClientRect()]).filter(([s, b]) => s && b.width);
    labels.forEach(([s, b], i) => {
      if (b.left < edge.left - 1 || b.right > edge.right + 1) found.push(`${s} outside`);
      for (const [u, c] of labels.slice(i + 1)) {
        if (b.left < c.right && c.left < b.right && b.top < c.bottom && c.top < b.bottom)
          found.push(`${s} over ${u}`);
      }
    });
  }
  return found;
}"""

# Side-by-side tables wider than their box (to be scrolled sideways): each chosen country's
# column should be on the screen.
SCORE_WIDE_JS = """() => [...document.querySelectorAll('.tip-table-wrap:has(table.tip-score)')]
  .filter(w => w.scrollWidth > w.clientWidth + 1).map(w => [w.clientWidth, w.scrollWidth])"""
# The years of the coverage grid's header, in the order drawn.
GRID_YEARS_JS = """() => [...document.querySelectorAll('table.tip-coverage thead th')]
  .map(h => h.textContent.trim()).filter(Boolean)"""


# The app's own text (its tables, keys, source lines, captions), whose contrast is checked.
OWN_TEXT = ", ".join(
    f'[data-testid="stMain"] [data-testid="{block}"]{inside}'
    for block in ("stHtml", "stCaptionContainer")
    for inside in ("", " *")
)
# Each plotly chart's background, as drawn, and the page's.
BACKGROUNDS_JS = """() => ({
  page: getComputedStyle(document.querySelector('[data-testid="stApp"]')).backgroundColor,
  charts: [...document.querySelectorAll('[data-testid="stPlotlyChart"] svg.main-svg:first-of-type')]
    .map(svg => getComputedStyle(svg).backgroundColor),
  theme: document.documentElement.getAttribute('data-tip-theme')})"""


def on_a_phone(browser, url: str, theme: str = "light"):
    """`url` opened in a phone's browser: its size, touch, the user agent that says so, and the
    system's theme (`theme`, which the pages follow)."""
    context = browser.new_context(
        user_agent=PHONE_AGENT, viewport=PHONE, has_touch=True, color_scheme=theme
    )
    context.set_default_timeout(WAIT_MS)
    return open_page(browser, url, **PHONE, context=context)


def drawn(page, spec) -> None:
    """The page's maps too (a deck's element appears only once its code has loaded)."""
    for _ in range(spec.maps):
        page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=WAIT_MS)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_page_on_a_phone(browser, server, lang, theme):
    visit = on_a_phone(browser, f"{server}/?lang={lang}", theme)
    page = visit.page
    problems = {}
    for spec in PAGES:
        page.goto(f"{server}{spec.address}?lang={lang}", timeout=WAIT_MS)
        wait_drawn(page, spec.plotly_charts, timeout=WAIT_MS)
        drawn(page, spec)
        found = {}
        assert page.locator('[data-testid="stException"]').count() == 0, spec.name
        over = page.evaluate(OVERFLOW_JS)
        if over["document"] > 0 or over["main"] > 1 or over["wide"]:
            found["overflow"] = over
        places = page.evaluate(PLACES_JS)
        figure = places["figure"]
        if figure is not None and not (places["title"] < figure < PHONE["height"]):
            found["figure"] = places
        if spec.name in BOXED:
            if not (places["open"] is False and places["title"] < places["box"]):
                found["box"] = places
            if places["figure"] is not None and places["box"] > places["figure"]:
                found["box_after_figure"] = places
        if broken := page.evaluate(BROKEN_WORDS_JS, HEADINGS):
            found["broken_words"] = broken
        if cut := page.evaluate(ELLIPSIS_JS):
            found["ellipsis"] = cut[:5]
        if wide := page.evaluate(SCORE_WIDE_JS):
            found["side_by_side"] = wide
        years = [int(y) for y in page.evaluate(GRID_YEARS_JS)]
        if years != sorted(years, reverse=True):  # the recent years first, not scrolled to
            found["grid_years"] = years
        if low := page.evaluate(LOW_CONTRAST_JS, OWN_TEXT):
            found["low_contrast"] = low
        grounds = page.evaluate(BACKGROUNDS_JS)
        shown = "light" if spec.name == "present" else theme  # slides: their own theme=
        if grounds["theme"] != shown or any(c != grounds["page"] for c in grounds["charts"]):
            found["backgrounds"] = grounds
        screenshot(page, f"phone-{spec.name}-{lang}-{theme}")
        if spec.name in BOXED:
            page.locator('[data-testid="stExpander"] summary').first.click()
            page.locator('[data-testid="stExpander"] details[open]').first.wait_for()
            if spec.name in CHOSEN and page.evaluate(CHIPS_JS) == 0:
                found["no_chips"] = spec.name
            if clipped := page.evaluate(CLIPPED_CHIPS_JS):
                found["clipped_chips"] = clipped
            if (over := page.evaluate(OVERFLOW_JS))["wide"]:
                found["overflow_open"] = over
            screenshot(page, f"phone-{spec.name}-{lang}-{theme}-controls")
        if found:
            problems[spec.name] = found
    assert visit.outside == [], "requests left the machine"
    assert visit.errors == []
    assert problems == {}
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_desktop_opens_with_its_choices_shown(browser, server, lang):
    """On a desktop (or a projector) the same box is open: a delegate changes what is shown
    without first opening it."""
    visit = open_page(browser, f"{server}/compare?lang={lang}", width=1440, height=900, charts=2)
    page = visit.page
    places = page.evaluate(PLACES_JS)
    assert places["open"] is True and places["title"] < places["box"] < places["figure"]
    box = page.locator('[data-testid="stExpander"]').first
    assert box.get_by_role("combobox").first.is_visible()
    assert visit.outside == [] and visit.errors == []
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_sankey_on_a_phone_keeps_its_labels_apart(browser, server, lang):
    """Once seen as "DirecUnited Arab Emirates": node labels over one another on a phone."""
    visit = on_a_phone(browser, f"{server}/flows?lang={lang}&diagram=on")
    page = visit.page
    wait_drawn(page, 1, timeout=WAIT_MS)
    labels = page.locator('[data-testid="stMain"] .sankey .node-label')
    assert labels.count() >= 3  # origins, destinations: a check of no label checks nothing
    assert page.evaluate(SANKEY_LABELS_JS) == []
    over = page.evaluate(OVERFLOW_JS)
    assert over["document"] <= 0 and not over["wide"], over
    screenshot(page.locator('[data-testid="stMain"] .js-plotly-plot').first, f"phone-sankey-{lang}")
    assert visit.outside == [] and visit.errors == []
    visit.page.context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_on_a_phone_the_flow_maps_key_says_tap_and_a_tap_answers(browser, server, bundled, lang):
    """The key once told touch readers to "hover a line": it now says to tap one, and a tap on
    the map gives the tooltip a pointer would (deck.gl answers touch as it answers hover)."""
    from dashboard.i18n import Locale
    from dashboard.views.flows import FlowsState, build
    from tests.browser.flows import painted, pixel_on_phone

    query = {"lang": lang, "dest": "BHR"}
    t = Locale(lang).t
    visit = on_a_phone(browser, f"{server}/flows?lang={lang}&dest=BHR")
    page = visit.page
    deck = page.locator('[data-testid="stDeckGlJsonChart"]')
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=WAIT_MS)
    key = page.locator(".tip-flow-key").inner_text()
    assert " ".join(t("flows.key_direction").split()) in " ".join(key.split())
    for word in ("hover", "مرّر", "مرر"):
        assert word not in key.lower()
    deck.scroll_into_view_if_needed()
    painted(page)
    view = build(bundled, Locale(lang), FlowsState.read(bundled, query)[0])
    corridors = view.corridors[view.corridors.origin != view.corridors.destination]
    origin = next(o for o in corridors.origin if o in view.places.index)
    x, y = pixel_on_phone(bundled, query, origin, deck.bounding_box())
    page.touchscreen.tap(x, y)
    tooltip = page.locator(".deck-tooltip")
    tooltip.wait_for(state="visible", timeout=WAIT_MS)
    assert view.names[origin] in tooltip.inner_text()
    assert visit.outside == [] and visit.errors == []
    page.context.close()
