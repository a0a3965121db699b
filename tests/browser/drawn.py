"""What "drawn" means in headless Chromium, shared by the browser tests and the benchmarks:
Debian's Chromium started so that it fetches nothing from outside, and a page counted as drawn
once its run has finished and every chart and map on it has painted."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Plotly loads lazily: a chart's element appears only once its code has loaded, so "every
# chart drawn" must also count the charts the page is known to have. A plotly map is drawn once
# its shapes are (they arrive from /app/static/ after the chart itself). A deck (pydeck map) is
# drawn once it has its canvas and the shapes it draws have arrived from /app/static/.
# A deck's element too appears only once its code has loaded: the decks expected are counted
# (by default, the maps the page at that address draws).
CHARTS_DRAWN = """([expected, maps]) => {
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  const plotted = charts.length >= expected
    && charts.every(chart => chart.querySelector('.main-svg'))
    && charts.every(chart => !chart.querySelector('g.geo')
      || chart.querySelector('.choroplethlocation'));
  const decks = [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')];
  const shapes = performance.getEntriesByType('resource')
    .some(e => e.name.includes('/app/static/') && e.responseEnd > 0);
  const mapped = decks.length >= maps && decks.every(deck => deck.querySelector('canvas'))
    && (!decks.length || shapes);
  return plotted && mapped;
}"""
# The text under WCAG's 4.5:1 among the elements `selector` finds (outside plotly's charts, which
# draw their own): each element's colour, its transparency mixed in, against the background of
# the nearest element that paints one.
LOW_CONTRAST_JS = """(selector) => {
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
}"""
NEXT_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def maps_at(url: str) -> int:
    """The decks the page at `url` draws by default (none for an address that is no page)."""
    from urllib.parse import urlparse

    from dashboard import registry

    name = urlparse(url).path.strip("/").split("/")[0]
    found = [p for p in registry.PAGES if p.name == name or (p.default and not name)]
    return found[0].maps if found else 0


def wait_drawn(page, charts: int = 0, timeout: float = 60_000, maps: int | None = None) -> None:
    """Fully drawn: connected, script finished, every plotly chart and deck on the page drawn
    (`charts` plotly charts at least; `maps` decks, by default those of the page's address)."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout
    )
    # Before its first run the app also says "notRunning": wait for the page's own content
    # (every page has a title; a page that cannot draw shows an alert) before trusting it.
    page.wait_for_selector('[data-testid="stMain"] h1, [data-testid="stAlert"]', timeout=timeout)
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout
    )
    maps = maps_at(page.url) if maps is None else maps
    page.wait_for_function(CHARTS_DRAWN, arg=[charts, maps], timeout=timeout)
    page.evaluate(NEXT_FRAMES)  # the frame that paints what has just arrived


# The words drawn on more than one line (broken inside the word) in the elements `selector`
# finds: headings and table headers must wrap between words only.
BROKEN_WORDS_JS = """(selector) => {
  const broken = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""
