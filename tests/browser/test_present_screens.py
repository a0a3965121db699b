"""Every slide of the default deck on the screens chairs present on (1280 x 720 and 1920 x 1080),
in English and Arabic, in the bright- and the dark-room theme: one browser session for each,
stepping through the deck with the on-screen next button.

On each slide: nothing scrolls, nothing lies under the button bar, the figure is on the
screen, every name the view draws (a country, a series) is drawn whole, every button has a
name in the reader's language and reads at 4.5:1 or more; in Arabic "next" points and sits
to the left; in the dark room the map is dark. A slide that fails is saved as a screenshot in
a temporary folder named in the failure.
"""

from __future__ import annotations

import contextlib
import io
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from dashboard import config
from dashboard.i18n import Locale
from dashboard.importers.natural_earth import DARK, LAND
from dashboard.slides import decks as dk
from dashboard.slides.adapt import build
from tests.browser.conftest import WAIT_MS, open_page
from tests.browser.drawn import wait_drawn

NAMED = re.compile(r'^\s*- (button|link)(?: "([^"]*)")?', re.MULTILINE)
SCREENS = {"720p": (1280, 720), "1080p": (1920, 1080)}
SETTLE_MS = 15_000  # how long a slide may take to reach its final layout (fonts, fitting)

# What is wrong with the slide on the screen now, as sentences (none when all is well).
# `names` are the labels the view draws (each must be drawn whole), `countries` every
# country's name in the reader's language (none may be drawn cut short).
PROBLEMS = r"""
({names, countries, rtl}) => {
  const problems = [];
  const vw = window.innerWidth, vh = window.innerHeight;
  const doc = document.documentElement;
  if (doc.scrollWidth > vw || doc.scrollHeight > vh) {
    problems.push(`the document is ${doc.scrollWidth} x ${doc.scrollHeight} on ${vw} x ${vh}`);
  }
  const main = document.querySelector('[data-testid="stMain"]');
  for (const e of [main, ...main.querySelectorAll('*')]) {
    if (e.closest('.tip-sr-only, .st-key-present_steps button, .js-plotly-plot, canvas')) {
      continue;  // text kept for screen readers only, or a chart's own drawing
    }
    const style = getComputedStyle(e);
    const clips = v => v === 'auto' || v === 'scroll' || v === 'hidden';
    if ((clips(style.overflowY) && e.scrollHeight > e.clientHeight + 1)
        || (clips(style.overflowX) && e.scrollWidth > e.clientWidth + 1)) {
      problems.push(`${e.getAttribute('data-testid') || e.className || e.tagName} scrolls: `
        + `${e.scrollWidth} x ${e.scrollHeight} in ${e.clientWidth} x ${e.clientHeight}`);
    }
  }
  const bar = document.querySelector('.st-key-present_bar').getBoundingClientRect();
  if (bar.bottom > vh + 0.5 || bar.top < vh / 2) { problems.push('the bar is not at the foot'); }
  const drawn = '.tip-present *, h1, p, li, th, td, svg, canvas, '
    + '[data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"]';
  const misplaced = [];
  for (const e of main.querySelectorAll(drawn)) {
    if (e.closest('.st-key-present_bar, .tip-sr-only, [data-testid="stElementToolbar"]')) {
      continue;
    }
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(e).visibility === 'hidden') {
      continue;
    }
    if (r.bottom > bar.top + 0.5 || r.top < -0.5 || r.left < -0.5 || r.right > vw + 0.5) {
      if (misplaced.some(outer => outer.contains(e))) { continue; }  // said once
      misplaced.push(e);
      const what = (e.textContent || '').trim().slice(0, 50) || e.tagName;
      problems.push(`"${what}" is at ${Math.round(r.left)},${Math.round(r.top)}-`
        + `${Math.round(r.right)},${Math.round(r.bottom)}, the bar's top at ${bar.top}`);
    }
  }
  const shown = main.querySelector(
    '[data-testid="stPlotlyChart"] .main-svg, [data-testid="stDeckGlJsonChart"] canvas, table');
  if (!shown) {
    problems.push('no figure drawn');
  } else {
    const r = shown.getBoundingClientRect();
    if (r.top < 0 || r.bottom > bar.top + 0.5 || r.height < vh * 0.25) {
      problems.push(`the figure is at ${Math.round(r.top)}-${Math.round(r.bottom)}`);
    }
  }
  for (const text of document.querySelectorAll('.tip-fit')) {
    const box = text.closest('[data-testid="stVerticalBlock"]');
    if (text.getAttribute('data-fitted') !== box.clientWidth + 'x' + box.clientHeight) {
      problems.push('a table or key is not fitted to its room yet');
    }
  }
  // Labels: plotly's axis and legend texts, the table's cells.
  const labels = [];
  for (const e of document.querySelectorAll('.xtick text, .ytick text, .legendtext')) {
    const svg = e.closest('svg').getBoundingClientRect();
    const r = e.getBoundingClientRect();
    const inside = r.left >= svg.left - 0.5 && r.right <= svg.right + 0.5
      && r.top >= svg.top - 0.5 && r.bottom <= svg.bottom + 0.5;
    labels.push([e.textContent.trim(), inside]);
  }
  for (const e of main.querySelectorAll('.tip-present th, .tip-present td')) {
    labels.push([e.textContent.trim(), e.scrollWidth <= e.clientWidth + 1]);
  }
  const texts = labels.map(([t]) => t);
  for (const name of names) {
    if (!texts.includes(name)) { problems.push(`"${name}" is not drawn whole`); }
  }
  for (const [text, inside] of labels) {
    const stem = text.replace(/(\u2026|\.\.\.)$/, '');
    if ((names.includes(text) || countries.includes(text)) && !inside) {
      problems.push(`"${text}" is cut by its box`);
    } else if (stem.length >= 3 && !countries.includes(text) && !names.includes(text)
               && countries.some(c => c !== text && c.startsWith(stem))) {
      problems.push(`"${text}" is a country's name cut short`);
    }
  }
  // On-screen "next" points and sits the reading way.
  const place = k => document.querySelector(`.st-key-present_${k} button`).getBoundingClientRect();
  const icon = document.querySelector('.st-key-present_next [data-testid="stIconMaterial"]');
  const onward = rtl ? place('next').right <= place('prev').left
                     : place('next').left >= place('prev').right;
  if (!onward || !icon || icon.textContent !== (rtl ? 'chevron_left' : 'chevron_right')) {
    problems.push('the next button does not point and sit the reading way');
  }
  return problems;
}
"""

SETTLED = f"(args) => ({PROBLEMS})(args).length === 0"

# The contrast of each control's text (its label or icon) with what is behind it.
CONTRAST = r"""
() => {
  const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = c => {
    const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const behind = e => {
    for (; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || c[3] > 0.5) { return c; }
    }
    return [255, 255, 255];
  };
  const texts = '.st-key-present_bar button p, .st-key-present_bar [data-testid="stIconMaterial"],'
    + ' #tip-fullscreen, .st-key-present_bar a p';
  return [...document.querySelectorAll(texts)]
    .filter(e => e.getBoundingClientRect().width > 0)
    .map(e => {
      const [a, b] = [lum(rgb(getComputedStyle(e).color)), lum(behind(e))].sort((x, y) => y - x);
      const control = e.closest('button, a');
      return [control.textContent.trim() || control.outerHTML.slice(0, 60),
              (a + 0.05) / (b + 0.05)];
    });
}
"""


def expected_labels(view) -> list[str]:
    """What the slide draws as labels that must be whole: a table's cells, a chart's legend
    and its bars' categories."""
    if view.kind == "table":
        header, rows = view.table
        return [*header, *(str(cell) for row in rows for cell in row)]
    if view.kind != "chart":
        return []
    names = [t.name for t in view.figure.data if t.name and t.showlegend is not False]
    bars = [t for t in view.figure.data if t.type == "bar" and t.orientation == "h"]
    return list(dict.fromkeys(names + [str(y) for t in bars for y in t.y or ()]))


def bar_names(page) -> list[str]:
    """The bar's controls as the accessibility tree has them: role and name."""
    snapshot = page.locator(".st-key-present_bar").aria_snapshot()
    return [f"{role} {name}" for role, name in NAMED.findall(snapshot)]


def map_is_dark(page) -> tuple[bool, str]:
    """Whether the map is drawn over the dark land: waits until the land is drawn (its colour
    shows), then measures how much of the map is bright."""
    import numpy as np
    from PIL import Image

    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    for _ in range(100):
        image = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB").resize((240, 160))
        pixels = np.asarray(image, dtype=int).reshape(-1, 3)
        light, dark = ((np.abs(pixels - c).max(axis=1) <= 10).mean() for c in (LAND, DARK[0]))
        bright = (pixels.mean(axis=1) > 200).mean()
        if light > 0.03:
            return False, "drawn over the bright land"
        if dark > 0.03:
            return bright < 0.05, f"{bright:.0%} of it bright"
        page.wait_for_timeout(300)  # the land image is still on its way to the GPU
    return False, "the dark land was never drawn"


@pytest.fixture(scope="module")
def shared(browser):
    """One browser context for every session here: each session is a page of its own (its own
    Streamlit session), and the charts' code is fetched once."""
    context = browser.new_context()
    context.set_default_timeout(WAIT_MS)
    yield context
    context.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("screen", SCREENS)
def test_every_slide_fits_the_screen(
    browser, shared, server, bundled, tmp_path, screen, lang, theme
):
    loc = Locale(lang)
    t = loc.t
    deck = dk.load(config.decks_path())[0]["forum-session"]
    countries = sorted(set(bundled.countries[f"name_{lang}"].dropna()))
    width, height = SCREENS[screen]
    url = f"{server}/present?lang={lang}&theme={theme}"
    visit = open_page(browser, url, width, height, context=shared)
    page = visit.page
    other = "en" if lang == "ar" else "ar"
    buttons = [t(f"present.{name}") for name in ("first", "prev", "next", "last")]
    names = [*buttons, t(f"lang.{other}"), t(f"present.theme_{theme}"), t("present.full")]
    controls = [f"button {name}" for name in names] + [f"link {t('present.leave')}"]
    failures: list[str] = []
    for number, slide in enumerate(deck.slides, start=1):
        total = len(deck.slides)
        counter = page.locator("[data-testid='tip-slide-counter']")
        expect(counter).to_have_text(t("present.counter", n=str(number), total=str(total)))
        view = build(bundled, loc, slide.page, slide.query)
        wait_drawn(page, 1 if view.kind == "chart" else 0, timeout=WAIT_MS)
        args = {"names": expected_labels(view), "countries": countries, "rtl": loc.rtl}
        with contextlib.suppress(PlaywrightTimeout):  # then say below what is still wrong
            page.wait_for_function(SETTLED, arg=args, timeout=SETTLE_MS, polling=250)
        problems = page.evaluate(PROBLEMS, args)
        if bar_names(page) != controls:
            problems.append(f"the bar's controls are named {bar_names(page)}, not {controls}")
        faint = [(name, round(ratio, 2)) for name, ratio in page.evaluate(CONTRAST) if ratio < 4.5]
        if faint:
            problems.append(f"controls under 4.5:1: {faint}")
        if view.kind == "map" and theme == "dark":
            dark, detail = map_is_dark(page)
            if not dark:
                problems.append(f"the map is not dark: {detail}")
        if problems:
            shot = tmp_path / f"slide-{number}.png"
            page.screenshot(path=str(shot))
            failures.append(f"slide {number} ({shot}): " + "; ".join(problems))
        if number < total:  # the on-screen next button, by its name: forward, also in Arabic
            onward = page.get_by_role("button", name=t("present.next"), exact=True)
            if onward.count() != 1:
                failures.append(f"slide {number}: no button is named {t('present.next')}")
                onward = page.locator(".st-key-present_next button").first
            onward.click()
            page.mouse.move(1, 1)  # its tooltip would cover the slide's foot
    page.close()
    assert failures == [], "\n".join(failures)
    assert visit.outside == [] and visit.errors == []
