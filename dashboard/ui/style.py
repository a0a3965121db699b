"""The app's CSS, keyed on Streamlit's data-testid attributes, and the page direction; and the
presentation mode's, which hides Streamlit's chrome and sets a slide's sizes and theme.

Streamlit has no right-to-left mode: setting `dir` on the document flips the whole layout
(sidebar included); the CSS below aligns text and tables that keep their own direction.
"""

from __future__ import annotations

import json

import streamlit as st

from dashboard.i18n import Locale

# Tables and the coverage grid: on the page and in the documents printed from it.
TABLES = """
.tip-table-wrap { overflow-x: auto; margin-bottom: 0.5rem; }
table.tip-table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
table.tip-table th, table.tip-table td {
  border-bottom: 1px solid #d5d8de; padding: 0.35rem 0.6rem; text-align: start;
  vertical-align: top;
}
table.tip-table th { background: #f0f2f6; color: #1f2430; font-weight: 600; }
table.tip-table td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.tip-muted { color: #4a5060; }
table.tip-coverage { border-collapse: separate; border-spacing: 2px; font-size: 0.78rem; }
table.tip-coverage th { font-weight: 600; color: #1f2430; padding: 0.15rem 0.35rem;
  white-space: nowrap; text-align: start; background: #ffffff; }
table.tip-coverage thead th { text-align: center; font-variant-numeric: tabular-nums; }
table.tip-coverage tbody th { position: sticky; inset-inline-start: 0; z-index: 1; }
table.tip-coverage td { min-width: 2.6rem; height: 1.7rem; text-align: center;
  border: 1px solid #d5d8de; white-space: nowrap; }
.cov-0 { background: #ffffff; }
.cov-1 { background: #fde725; color: #1f2430; }
.cov-2 { background: #1b6f6b; color: #ffffff; }
.cov-3 { background: #440154; color: #ffffff; }
"""

BASE = (
    """
[data-testid="stAppViewContainer"] .block-container { padding-top: 2.5rem; max-width: 1400px; }
[data-testid="stHeadingWithActionElements"] :is(h1, h2, h3, h4) { text-align: start; }
"""
    + TABLES
    + """table.tip-tracker td.trk { font-size: 0.85rem; min-width: 5rem; }
table.tip-tracker thead th { font-size: 0.85rem; }
table.tip-tracker tbody th { position: sticky; inset-inline-start: 0; z-index: 1; }
.trk-in_place { background: #d4efe6; color: #1f2430; }
.trk-partly { background: #fdebc8; color: #1f2430; }
.trk-not_yet { background: #f7d9d0; color: #1f2430; }
.trk-unknown { background: #ffffff; color: #4a5060; }
table.tip-score td { white-space: nowrap; font-variant-numeric: tabular-nums; }
table.tip-score tbody th { position: sticky; inset-inline-start: 0; z-index: 1; }
.sc-none { background: #ffffff; }
.sc-w2 { background: #b5541a; color: #ffffff; }  /* white on it 4.9:1 */
.sc-w1 { background: #f4c9a6; color: #1f2430; }
.sc-mid { background: #eef0f3; color: #1f2430; }
.sc-b1 { background: #a9cdea; color: #1f2430; }
.sc-b2 { background: #1f5f99; color: #ffffff; }
.sc-unit { font-weight: normal; font-size: 0.85em; color: #4a5160; }
.tip-legend { font-size: 0.85rem; color: #4a5060; }
.tip-flow-key ul.tip-key { list-style: none; padding: 0; margin: 0.3rem 0;
  display: flex; flex-wrap: wrap; gap: 0.3rem 1.2rem; }
.tip-flow-key li { display: flex; align-items: center; gap: 0.45rem; margin: 0; }
.tip-key-arrow { display: inline-flex; align-items: center; }
.tip-key-line { display: inline-block; width: 40px; }
.tip-key-head { display: inline-block; width: 0; height: 0; }
.tip-key-dot { display: inline-block; border-radius: 50%; box-sizing: border-box; }
.tip-legend-item { margin-inline-end: 0.9rem; white-space: nowrap; }
.tip-swatch { display: inline-block; width: 1rem; height: 0.8rem; border: 1px solid #8a8f9c;
  margin-inline-end: 0.3rem; vertical-align: middle; }
/* plotly measures its labels in an off-screen element of its own (#js-plotly-tester) and places
   them left to right: in a right-to-left document both would run the other way, and the margins
   it makes for the labels would not fit them (plotly.js issue 6837). The charts mirror
   themselves (charts.style.lay_out). */
[data-testid="stPlotlyChart"], #js-plotly-tester, #js-plotly-tester * { direction: ltr; }
.tip-source { color: #4a5060; font-size: 0.85rem; margin-top: -0.25rem; }
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"] { display: none; }
}
"""
)

# Pages on phones and narrow screens (not the presentation's CSS, which is below).
PHONE = """
/* Headings wrap between words only, never inside one; narrow screens get smaller titles so
   the longest word still fits the width. */
[data-testid="stHeadingWithActionElements"] :is(h1, h2, h3, h4),
[data-testid="stHeadingWithActionElements"] :is(h1, h2, h3, h4) span {
  overflow-wrap: normal; word-break: normal; hyphens: manual; }
@media (max-width: 640px) {
  [data-testid="stHeadingWithActionElements"] h1 { font-size: 1.75rem; }
  [data-testid="stHeadingWithActionElements"] h2 { font-size: 1.35rem; }
  [data-testid="stHeadingWithActionElements"] h3 { font-size: 1.2rem; }
  [data-testid="stAppViewContainer"] .block-container { padding-left: 1rem; padding-right: 1rem; }
  /* The side-by-side table on a phone: a figure and its year wrap inside their cell, so the
     chosen countries' columns fit the screen instead of one and a half of them. */
  table.tip-score { font-size: 0.8rem; }
  table.tip-score td { white-space: normal; min-width: 4rem; padding: 0.3rem 0.35rem; }
  table.tip-score tbody th { min-width: 5.5rem; max-width: 7rem; padding: 0.3rem 0.35rem;
    overflow-wrap: normal; hyphens: auto; }
}
/* Chosen items of a multiselect are shown whole: the chips wrap instead of ending in "…". */
[data-testid="stMultiSelect"] [data-tag] { max-width: 100%; height: auto; }
[data-testid="stMultiSelect"] [data-tag] > span {
  max-width: none; white-space: normal; overflow: visible; text-overflow: clip; }
/* Nothing wider than the screen: HTML blocks and charts keep to their column, tables scroll
   in their own box (.tip-table-wrap). */
[data-testid="stHtml"], [data-testid="stElementContainer"] { max-width: 100%; min-width: 0; }
.tip-table-wrap { max-width: 100%; }
/* A page's headline figures, before its charts */
.st-key-tip-headline [data-testid="stMarkdown"] p { font-size: 1.1rem; font-weight: 600; }
"""

RTL = """
[data-testid="stAppViewContainer"], [data-testid="stSidebar"] { text-align: right; }
[data-testid="stMarkdownContainer"] p { text-align: right; }
/* A collapsed sidebar is 0 px wide but slides out the left-to-right way: clip it. */
[data-testid="stSidebar"] { overflow: hidden; }
[data-testid="stMarkdownContainer"] ul, [data-testid="stMarkdownContainer"] ol {
  padding-right: 1.5rem; padding-left: 0;
}
"""


# The dark theme (.streamlit/config.toml, [theme.dark]): the app's own tables, keys and source
# lines in its colours. Keyed on the theme the page shows (THEME_WATCH marks <html> with it),
# so they follow a change of theme at once; the charts follow with the rerun it asks for.
DARK = """
html[data-tip-theme="dark"] table.tip-table :is(th, td) { border-bottom-color: #3a3f4b; }
html[data-tip-theme="dark"] table.tip-table th { background: #262a33; color: #e6e8ee; }
html[data-tip-theme="dark"] :is(.tip-muted, .tip-legend, .tip-source, .sc-unit) {
  color: #aeb4c0; }
html[data-tip-theme="dark"] table.tip-coverage th { color: #e6e8ee; background: #0e1117; }
html[data-tip-theme="dark"] table.tip-coverage td { border-color: #3a3f4b; }
html[data-tip-theme="dark"] :is(.cov-0, .sc-none) { background: #0e1117; }
html[data-tip-theme="dark"] .trk-unknown { background: #0e1117; color: #aeb4c0; }
"""

# The page's style sheet, left to right and right to left: made once, sent on every run.
SHEETS = {
    rtl: f"<style>{BASE + PHONE + DARK + (RTL if rtl else '')}</style>" for rtl in (False, True)
}

# Which theme the page shows, read from its background (a new theme is new styles in the
# document's head, which the script watches): set on <html> (for DARK), and when it is not the
# theme this run drew its charts and maps in (`DRAWN`: the reader changed it in the menu, or
# the first run of a visit could not know it yet), a rerun is asked for, as Streamlit's Rerun
# key does. A run can still draw the theme before (the menu's choice reaches the server a
# moment later): the watch looks again a little later and asks again, at most three times for
# a theme, so a run that cannot tell the theme never loops. `DRAWN` null: a page with a theme
# of its own, never redrawn.
THEME_WATCH = """(() => {
  const drawn = DRAWN;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return;
  const shown = () => {
    const [r, g, b] = (getComputedStyle(app).backgroundColor.match(/[\\d.]+/g) || [255, 255, 255])
      .map(Number);
    return 0.299 * r + 0.587 * g + 0.114 * b >= 128 ? 'light' : 'dark';
  };
  const asks = window.__tipThemeAsks = window.__tipThemeAsks || {};
  let timer = null;
  const check = () => {
    if (window.__tipThemeWatch !== watch) return;
    const now = shown();
    document.documentElement.setAttribute('data-tip-theme', now);
    if (drawn === null || now === drawn) {
      asks[now] = 0;
      return;
    }
    if ((asks[now] || 0) >= 3) return;
    asks[now] = (asks[now] || 0) + 1;
    for (const type of ['keydown', 'keyup']) {  // a key never let go would not press again
      document.dispatchEvent(new KeyboardEvent(type,
        {key: 'r', code: 'KeyR', keyCode: 82, which: 82, bubbles: true}));
    }
    clearTimeout(timer);
    timer = setTimeout(check, 3000);
  };
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(check, 200);
  };
  if (window.__tipThemeWatch) window.__tipThemeWatch.disconnect();
  const watch = new MutationObserver(soon);
  window.__tipThemeWatch = watch;
  watch.observe(document.head, {childList: true, subtree: true, characterData: true});
  check();
})();"""


def apply(locale: Locale) -> None:
    st.html(SHEETS[locale.rtl])
    # The direction must be set on <html> itself, which only a script can reach.
    st.sidebar.html(
        "<script>"
        f"document.documentElement.setAttribute('dir', '{locale.direction}');"
        f"document.documentElement.setAttribute('lang', '{locale.lang}');"
        "</script>",
        unsafe_allow_javascript=True,
    )


def watch_theme(theme: str | None) -> None:
    """The theme watch (THEME_WATCH), `theme` being the theme this run draws its charts and
    maps in; None on a page with a theme of its own (the presentation's `theme=`), which the
    watch marks on <html> but never redraws for."""
    script = THEME_WATCH.replace("DRAWN", json.dumps(theme))
    st.sidebar.html(f"<script>{script}</script>", unsafe_allow_javascript=True)


# Streamlit's file uploader writes its own words, in English: its limit ("200MB per file", or
# Streamlit's own MiB, not the app's limit), "Upload", "Drag and drop a file here" and an error
# under a file it could not send. Its instructions are hidden (the page says the true limit in
# the reader's language); the button, the drop hint and the error are our words, drawn as
# generated content (which screen readers read: it is the button's accessible name).
UPLOADER = """
[data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {
  display: none; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {
  content: BUTTON; }
[data-testid="stFileUploaderDropzone"] > div:not([data-testid]) > span { font-size: 0; }
[data-testid="stFileUploaderDropzone"] > div:not([data-testid]) > span::after {
  content: DROP; font-size: 0.875rem; }
[data-testid="stFileChip"] [role="alert"] { font-size: 0; }
[data-testid="stFileChip"] [role="alert"]::after { content: FAILED; font-size: 0.8rem; }
"""
# The labels that only assistive technology reads (the file input's, the remove button's, the
# retry's) are attributes, which CSS cannot reach: set in the reader's language, and again
# whenever Streamlit draws the uploader anew.
UPLOADER_LABELS = """<script>(() => {
  const words = WORDS;
  const fix = () => {
    for (const input of document.querySelectorAll('[data-testid="stFileUploaderDropzoneInput"]')) {
      if (input.getAttribute('aria-label') !== words.input) {
        input.setAttribute('aria-label', words.input);
      }
    }
    for (const chip of document.querySelectorAll('[data-testid="stFileChip"]')) {
      const named = chip.querySelector('[data-testid="stFileChipName"]');
      const name = named ? named.getAttribute('title') || '' : '';
      const button = chip.querySelector('[data-testid="stFileChipDeleteBtn"] button');
      const remove = words.remove.split('{name}').join(name);
      if (button && button.getAttribute('aria-label') !== remove) {
        button.setAttribute('aria-label', remove);
      }
      const retry = words.retry.split('{name}').join(name);
      if (chip.hasAttribute('title') && chip.getAttribute('title') !== retry) {
        chip.setAttribute('title', retry);
      }
    }
  };
  if (window.__tipUploaderLabels) window.__tipUploaderLabels.disconnect();
  window.__tipUploaderLabels = new MutationObserver(fix);
  window.__tipUploaderLabels.observe(document.body, {subtree: true, childList: true,
    attributes: true, attributeFilter: ['aria-label', 'title']});
  fix();
})();</script>"""


def _css_text(text: str) -> str:
    """A CSS string holding `text` as itself."""
    escaped = "".join(c if c.isalnum() or c in " .,:;()–-" else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def uploader(locale: Locale, limit: str) -> None:
    """The file uploader in the reader's language (`limit`: the true limit, as the page says
    it, in MB). Call before the uploader."""
    t = locale.t
    css = (
        UPLOADER.replace("BUTTON", _css_text(t("secretariat.upload_button")))
        .replace("DROP", _css_text(t("secretariat.upload_drop")))
        .replace("FAILED", _css_text(t("secretariat.upload_failed", limit=limit)))
    )
    words = {
        "input": t("secretariat.upload_input"),
        "remove": t("secretariat.upload_remove", name="{name}"),
        "retry": t("secretariat.upload_retry", name="{name}"),
    }
    script = UPLOADER_LABELS.replace("WORDS", json.dumps(words).replace("<", "\\u003c"))
    st.html(f"<style>{css}</style>")
    st.html(script, unsafe_allow_javascript=True)


# A document printed to PDF by Chromium (a country profile on A4): the page's tables, and the
# rules of print: a table splits only between rows and repeats its header on the next page; a
# heading stays with what follows it; a chart is never cut.
DOCUMENT = (
    TABLES
    + """
@page { size: A4; margin: 14mm 14mm 20mm; }
html { font-family: "Noto Sans", "Noto Sans Arabic", "Noto Naskh Arabic", "DejaVu Sans",
  sans-serif; font-size: 10pt; color: #1f2430; }
body { margin: 0; }
h1 { font-size: 18pt; margin: 0 0 1mm; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; break-after: avoid; }
p { margin: 1mm 0 2mm; }
h1, h2, p { text-align: start; }
figure { margin: 0 0 1mm; break-inside: avoid; }
figure img { display: block; width: 100%; height: auto; }
thead { display: table-header-group; }
tr, th, td { break-inside: avoid; }
.tip-table-wrap { overflow: visible; }
table.tip-table { font-size: 9pt; }
table.tip-coverage { font-size: 7.5pt; margin-bottom: 2mm; }
table.tip-coverage td { min-width: 0; width: 2.2em; height: 1.4em; }
.tip-source { font-size: 8pt; margin-top: 0; }
.tip-caution { border-inline-start: 3px solid #e69f00; padding-inline-start: 2mm; }
"""
)
# Every page's foot: the dataset's version on the reading side, the page's number on the other.
PAGE_FOOT = """
@page {
  @bottom-START { content: FOOTER; font-size: 8pt; color: #4a5060; }
  @bottom-END { content: counter(page, DIGITS) " / " counter(pages, DIGITS); font-size: 8pt;
    color: #4a5060; }
}
"""


def document_css(locale: Locale, footer: str) -> str:
    """The CSS of a document printed from the app (see `DOCUMENT`), `footer` on every page."""
    start, end = ("right", "left") if locale.rtl else ("left", "right")
    foot = (
        PAGE_FOOT.replace("START", start)
        .replace("END", end)
        .replace("FOOTER", _css_text(footer))
        .replace("DIGITS", "arabic-indic" if locale.digits == "arab" else "decimal")
    )
    return DOCUMENT + foot


# Presentation mode. No Streamlit chrome (header, toolbar, sidebar, status). Every size is
# in slide pixels (--u): a 1920 x 1080 slide scaled to the screen, whatever its size and shape,
# so a slide shows at 1280 x 720 what it shows at 1920 x 1080. The page is one screen high:
# the figure (a chart, a map and its key, a table) takes what the title, the notes and the
# source line leave above the bar, which is fixed at the foot and covers nothing (the page
# keeps its height free). A table or a map's key that would not fit is set in smaller type
# until it does (the page's script, `tip-fit`).
CHROME = """
:root { --u: max(0.5px, min(calc(100vh / 1080), calc(100vw / 1920)));
  --bar: calc(84 * var(--u)); }
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stStatusWidget"],
[data-testid="stMainMenu"], [data-testid="stAppDeployButton"], footer { display: none !important; }
[data-testid="stApp"] { background: PAPER; color: TEXT; }
[data-testid="stAppViewContainer"] [data-testid="stMainBlockContainer"] {
  box-sizing: border-box; height: 100dvh; max-width: 100%; display: flex;
  flex-direction: column;
  padding: calc(16 * var(--u)) calc(40 * var(--u)) calc(var(--bar) + 12 * var(--u)); }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] {
  flex: 1 1 auto; min-height: 0; gap: calc(12 * var(--u)); }
[data-testid="stLayoutWrapper"]:has(> .st-key-present_figure),
.st-key-present_figure > [data-testid="stLayoutWrapper"] { flex: 1 1 0; min-height: 0; }
.st-key-present_figure { flex: 1 1 0; min-height: 0; height: 100%; }
[data-testid="stLayoutWrapper"]:has(> .st-key-present_figure) {
  min-height: calc(360 * var(--u)); }
[data-testid="stLayoutWrapper"]:has(> .st-key-present_foot) { flex: 0 1 auto; min-height: 0; }
.st-key-present_foot { height: 100%; min-height: 0; }
.st-key-present_map { height: 100%; flex-wrap: nowrap; align-items: stretch;
  gap: calc(32 * var(--u)); }
.st-key-present_map > [data-testid="stLayoutWrapper"] { height: 100%; min-width: 0; }
.st-key-present_map > [data-testid="stLayoutWrapper"]:has(> .st-key-present_map_deck) {
  flex: 3 1 0; }
.st-key-present_map > [data-testid="stLayoutWrapper"]:has(> .st-key-present_map_key) {
  flex: 2 1 0; }
.st-key-present_map_deck, .st-key-present_map_key { height: 100%; min-height: 0; }
.tip-present, .tip-present p, .tip-present li, .tip-present td, .tip-present th,
.tip-present span { font-size: calc(28 * var(--u)); line-height: 1.35; color: TEXT; }
.tip-present.tip-fit, .tip-fit p, .tip-fit li, .tip-fit td, .tip-fit th, .tip-fit span {
  font-size: calc(28 * var(--u) * var(--fit, 1)); }
.tip-present .tip-table-wrap { overflow: visible; margin: 0; }
.tip-present table.tip-table th { background: GRID; color: TEXT; }
.tip-present table.tip-table th, .tip-present table.tip-table td {
  padding: 0.28em 0.5em; border-color: GRID; }
.tip-present table.tip-table td, .tip-present table.tip-table tbody th { white-space: nowrap; }
.tip-present h1.tip-present-title { font-size: calc(54 * var(--u)); font-weight: 700;
  line-height: 1.15; margin: 0 0 calc(6 * var(--u)); padding: 0; color: TEXT; }
.tip-present p.tip-present-takeaway { font-size: calc(34 * var(--u)); margin: 0; }
.tip-present-counter { display: flex; justify-content: space-between;
  gap: calc(32 * var(--u)); }
.tip-present .tip-present-counter span { color: MUTED; }
.tip-present p.tip-present-source, .tip-present p.tip-present-notes { color: MUTED;
  margin: 0 0 calc(6 * var(--u)); }
.tip-present .tip-flow-key ul.tip-key { gap: 0.2em 1em; }
.tip-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip-path: inset(50%); white-space: nowrap; }
.st-key-present_bar { position: fixed; bottom: 0; left: 0; right: 0; z-index: 100;
  height: var(--bar); box-sizing: border-box; padding: 0 calc(40 * var(--u));
  background: PAPER; border-top: 1px solid GRID; justify-content: space-between;
  flex-wrap: nowrap; gap: calc(16 * var(--u)); }
.st-key-present_steps, .st-key-present_tools { flex-wrap: nowrap; width: auto;
  gap: calc(14 * var(--u)); align-items: center; }
.st-key-present_bar button, .st-key-present_bar a[data-testid="stPageLink-NavLink"] {
  box-sizing: border-box; height: calc(60 * var(--u)); min-height: 0; margin: 0;
  padding: 0 calc(20 * var(--u)); border: calc(2 * var(--u)) solid MUTED;
  border-radius: calc(10 * var(--u)); background: PAPER; color: TEXT; white-space: nowrap;
  font-size: calc(28 * var(--u)); line-height: 1.3; cursor: pointer; }
.st-key-present_bar button:hover, .st-key-present_bar a[data-testid="stPageLink-NavLink"]:hover {
  background: GRID; color: TEXT; border-color: TEXT; }
.st-key-present_bar button:focus-visible,
.st-key-present_bar a[data-testid="stPageLink-NavLink"]:focus-visible {
  color: TEXT; outline: calc(4 * var(--u)) solid TEXT; outline-offset: calc(2 * var(--u)); }
.st-key-present_bar button:disabled, .st-key-present_bar button:disabled:hover {
  background: PAPER; color: DIM; border: calc(2 * var(--u)) dashed DIM; cursor: not-allowed; }
.st-key-present_bar button *, .st-key-present_bar a[data-testid="stPageLink-NavLink"] * {
  color: inherit; }
.st-key-present_bar button p, .st-key-present_bar [data-testid="stPageLink"] p,
.st-key-present_bar [data-testid="stPageLink"] span {
  font-size: calc(28 * var(--u)) !important; line-height: 1.3; margin: 0; }
.st-key-present_bar [data-testid="stIconMaterial"] { font-size: calc(40 * var(--u)); }
/* The step buttons show their icon; their label is their name for a screen reader. */
.st-key-present_steps button [data-testid="stMarkdownContainer"] { position: absolute;
  width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.st-key-present_steps button { width: calc(84 * var(--u)); padding: 0; }
/* A screen smaller than 960 x 540 (a phone): type no smaller than 14 px, so the slide is
   longer than the screen; it scrolls, the figure keeps a height of its own, the bar comes
   last. */
@media (max-width: 959px), (max-height: 539px) {
  [data-testid="stAppViewContainer"] [data-testid="stMainBlockContainer"] {
    height: auto; min-height: 100dvh; padding-bottom: calc(16 * var(--u)); }
  [data-testid="stLayoutWrapper"]:has(> .st-key-present_figure),
  .st-key-present_figure > [data-testid="stLayoutWrapper"], .st-key-present_figure,
  .st-key-present_map > [data-testid="stLayoutWrapper"], .st-key-present_map,
  .st-key-present_map_deck, .st-key-present_map_key { flex: none; height: auto; }
  .st-key-present_figure [data-testid="stPlotlyChart"], .st-key-present_map_deck {
    min-height: 60vh; }
  .st-key-present_map { flex-wrap: wrap; }
  .st-key-present_map > [data-testid="stLayoutWrapper"]:has(> .st-key-present_map_deck),
  .st-key-present_map > [data-testid="stLayoutWrapper"]:has(> .st-key-present_map_key) {
    flex: 1 1 100%; }
  .tip-present .tip-table-wrap { overflow-x: auto; }
  .st-key-present_bar { position: static; height: auto; flex-wrap: wrap; padding: 0;
    border: none; }
  .st-key-present_steps, .st-key-present_tools { flex-wrap: wrap; }
}
"""


def presentation_css(colours: dict[str, str]) -> str:
    """The presentation's CSS in a theme's colours (`paper`, `text`, `muted`, `grid`, `dim`)."""
    text = CHROME
    for name in ("paper", "text", "muted", "grid", "dim"):
        text = text.replace(name.upper(), colours[name])
    return f"<style>{text}</style>"
