"""What was once seen on the pages, in the language and on the screen where it was seen, now fixed:
web addresses drawn backwards on the Arabic overview, the index view that could not be drawn,
the flows' largest figure left to a footnote, a Sankey of identical "Direct" nodes, a tracker
matrix that repeated one year and source in every cell, a profile whose index figures had no
unit or scale and whose caption promised migrant numbers it did not have, and a scorecard that
pointed to notes it did not show."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from dashboard import config
from dashboard.catalogue import catalogue
from dashboard.charts.flows import path_text, victims_text
from dashboard.i18n import Locale
from dashboard.metrics import trends as m
from dashboard.metrics.tracker import load_rules
from dashboard.views import compare as compare_view
from dashboard.views import flows as flows_view
from dashboard.views import profile as profile_view
from dashboard.views import tracker as tracker_view
from dashboard.views import trends as trends_view
from tests.browser.conftest import open_page, screenshot

EN = Locale("en")
ALERT = '[data-testid="stAlert"]'

# Each web address in the main area, with where its first and last characters are drawn: read
# left to right, its "h" is left of its last character ("/https://..." has them the other way).
ADDRESSES_DRAWN = """() => {
  const found = [];
  const main = document.querySelector('[data-testid="stMain"]');
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.textContent.matchAll(/https?:\\/\\/[^\\s\u2069]*[^\\s\u2069.,]/g)) {
      const at = i => {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        return range.getClientRects()[0];
      };
      const first = at(m.index), last = at(m.index + m[0].length - 1);
      if (!first || !last) continue;
      const line = Math.abs(first.top - last.top) < 2;  // on one line: compare left and right
      found.push({url: m[0], line, reads_ltr: first.left < last.left});
    }
  }
  return found;
}"""


# Each country line of the first chart: its name, and its figure in each year drawn.
INDEX_LINES = """(names) => {
  const plot = document.querySelector('.js-plotly-plot');
  return plot.data
    .filter(t => names.includes(t.name) && String(t.mode).includes('lines'))
    .map(t => ({name: t.name, x: Array.from(t.x || []).map(Number),
                y: Array.from(t.y || [])}));
}"""

# The blocks under a heading of the page, up to the next heading: its caption and its table.
UNDER_HEADING = """(heading) => {
  const blocks = [...document.querySelectorAll(
    '[data-testid="stMain"] [data-testid="stElementContainer"]')];
  const at = blocks.findIndex(b => b.querySelector('h3') && b.innerText.trim() === heading);
  const found = {heading: at >= 0, caption: '', header: [], rows: []};
  if (at < 0) return found;
  for (const block of blocks.slice(at + 1)) {
    if (block.querySelector('h3')) break;
    const caption = block.querySelector('[data-testid="stCaptionContainer"]');
    if (caption && !found.caption) found.caption = caption.innerText.trim();
    const table = block.querySelector('table.tip-table');
    if (table && !found.header.length) {
      found.header = [...table.querySelectorAll('thead th')].map(c => c.innerText.trim());
      found.rows = [...table.querySelectorAll('tbody tr')]
        .map(tr => [...tr.children].map(c => c.innerText.trim()));
    }
  }
  return found;
}"""


def test_the_index_with_its_default_base_year_is_drawn(browser, server, bundled):
    """The index (base year = 100) with its default base year, 2015, once showed "This view
    could not be drawn", and then drew no line at all (no member reported 2015). The default
    base year is now the earliest year the most members reported: lines for them. With a base
    year chosen, the page is drawn, saying which countries have no figure in it, and where
    countries have one each line is at 100 in the base year."""
    state, _ = trends_view.TrendsState.read(bundled, {"measure": "index"})
    exact = m.totals(bundled.observations, list(state.countries), state.series)
    exact = exact[exact.value.notna()]
    reporting = exact.groupby(exact.year.astype(int)).iso3.nunique()
    assert state.base == min(reporting[reporting == reporting.max()].index)
    view = trends_view.build(bundled, EN, state)
    drawn = [name for name, values in view.trend.series if any(v is not None for v in values)]
    assert len(drawn) >= reporting.max()  # a line for each member with a figure in its base year
    left_out = view.trend.left_out_text
    visit = open_page(browser, f"{server}/trends?measure=index", 1440, 900, charts=2)
    page = visit.page
    assert visit.outside == [] and visit.errors == []
    expect(page.locator(ALERT, has_text=EN.t("notice.page_error"))).to_have_count(0)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.locator("h1")).to_have_text(EN.t("trends.title"))
    if left_out:  # the countries with no figure in the base year are named
        expect(page.locator(ALERT, has_text=left_out)).to_have_count(1)
    chosen = ["NPL", "PHL", "THA", "BHR"]
    frame, _ = m.measure(bundled.observations, chosen, state.series, "index", 2015)
    names = dict(zip(bundled.countries.iso3, bundled.countries.name_en, strict=True))
    based = {names[i] for i in frame[(frame.year == 2015) & frame.value.notna()].iso3}
    assert based  # some of these countries have a figure in the base year
    visit = open_page(
        browser,
        f"{server}/trends?measure=index&base=2015&countries={','.join(chosen)}",
        1440,
        900,
        charts=3,
        context=page.context,
    )
    page = visit.page
    assert visit.outside == [] and visit.errors == []
    expect(page.locator(ALERT, has_text=EN.t("notice.page_error"))).to_have_count(0)
    assert page.locator('[data-testid="stPlotlyChart"] .main-svg').count() >= 3
    lines = page.evaluate(INDEX_LINES, list(names.values()))
    at_base = {
        line["name"]: line["y"][line["x"].index(2015)] for line in lines if 2015 in line["x"]
    }
    assert {name for name, y in at_base.items() if y is not None} == based
    assert all(at_base[name] == pytest.approx(100) for name in based), at_base
    screenshot(page, "trends-index-2015-1440")
    page.context.close()


def test_the_largest_unplaced_flow_is_in_the_maps_key(browser, server, bundled):
    """The largest figure of the flows page (a count whose origin the source does not name)
    was once only in a grey footnote: the map's key says it."""
    state, _ = flows_view.FlowsState.read(bundled, {})
    view = flows_view.build(bundled, EN, state)
    placed = set(view.places.index)
    corridors = view.corridors
    unplaced = corridors[~corridors.origin.isin(placed) | ~corridors.destination.isin(placed)]
    assert not unplaced.empty
    largest = unplaced.sort_values("lower", ascending=False).iloc[0]
    said = f"{path_text((largest.origin, largest.destination), view.names, EN)}: "
    said += victims_text(largest, EN)
    visit = open_page(browser, f"{server}/flows", 1440, 900)
    page = visit.page
    assert visit.outside == [] and visit.errors == []
    key = page.locator(".tip-flow-key")
    expect(key).to_have_count(1)
    key.scroll_into_view_if_needed()
    expect(key.locator(".tip-key-unplaced")).to_be_visible()
    expect(key.locator(".tip-key-unplaced")).to_contain_text(said)
    screenshot(page, "flows-key-unplaced-1440")
    page.context.close()


def test_arabic_overview_draws_every_web_address_left_to_right(browser, server):
    """The Arabic overview's sources once showed "/https://dataunodc.un.org": each address,
    alone in a right-to-left cell, is drawn from its "h" on the left to its end on the right."""
    visit = open_page(browser, f"{server}/?lang=ar", 1440, 900)
    page = visit.page
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    drawn = page.evaluate(ADDRESSES_DRAWN)
    one_line = [d for d in drawn if d["line"]]
    assert len(one_line) >= 3, drawn  # the sources' addresses are found at all
    assert [d["url"] for d in one_line if not d["reads_ltr"]] == []
    screenshot(page, "overview-ar-addresses")
    assert visit.outside == [] and visit.errors == []
    page.context.close()


def test_the_sankey_has_no_repeated_direct_node(browser, server):
    """The Sankey's middle column was once five identical "Direct" nodes: no label is drawn
    twice."""
    visit = open_page(browser, f"{server}/flows?diagram=on", 1440, 900, charts=1)
    page = visit.page
    assert visit.outside == [] and visit.errors == []
    page.locator(".sankey .node-label").first.wait_for()
    labels = [x.strip() for x in page.locator(".sankey .node-label").all_text_contents()]
    assert len(labels) >= 3
    repeated = [label for label, n in Counter(labels).items() if n > 1]
    assert repeated == []
    screenshot(page, "flows-sankey-labels")
    page.context.close()


def test_the_tracker_says_the_shared_year_and_source_once(browser, server, bundled):
    """Every cell of the tracker's matrix once repeated "2023 · GSI 2023": the year and source
    most cells share is said once above the matrix, and the cells say their status."""
    rules = load_rules(config.rules_path(), set(bundled.indicators.indicator))
    state, _ = tracker_view.TrackerState.read(bundled, {}, rules, EN)
    note = tracker_view.build(bundled, EN, state, rules).matrix_note
    assert note
    visit = open_page(browser, f"{server}/tracker", 1440, 900)
    page = visit.page
    assert visit.outside == [] and visit.errors == []
    matrix = page.locator("table.tip-tracker")
    matrix.wait_for()
    cells = [x.strip() for x in matrix.locator("tbody td").all_text_contents()]
    assert len(cells) >= 8 * 9
    dated = Counter(
        found.group(1) for c in cells if (found := re.search(r"(\d{4} · [^*]+?)\s*\*?$", c))
    )
    assert max(dated.values(), default=0) <= 3, dated
    shared = page.locator('[data-testid="stCaptionContainer"]', has_text=note)
    expect(shared).to_have_count(1)
    expect(shared).to_be_visible()
    assert shared.bounding_box()["y"] < matrix.bounding_box()["y"]  # above the matrix
    screenshot(page, "tracker-shared-evidence-1440")
    page.context.close()


@pytest.mark.parametrize("iso3", ["BHR", "JOR", "ARE", "QAT"])
def test_the_profile_gives_units_and_scale_and_promises_only_what_it_shows(
    browser, server, bundled, iso3
):
    """A profile's Global Slavery Index figures once had no unit or scale, and the corridors'
    caption promised migrant numbers that were not there: each figure has its unit, the scale
    is said, and a caption speaks of migrants only above a table that gives their numbers."""
    t = EN.t
    state, _ = profile_view.ProfileState.read(bundled, {"country": iso3})
    view = profile_view.build(bundled, EN, state)
    visit = open_page(browser, f"{server}/profile?country={iso3}", 1440, 900, charts=3)
    page = visit.page
    assert visit.outside == [] and visit.errors == []
    gsi = page.evaluate(UNDER_HEADING, t("profile.gsi_heading"))
    assert gsi["heading"] and gsi["header"][-1] == t("profile.col_unit")
    units = catalogue(bundled, EN).units
    by_name = {name: i for i, name in catalogue(bundled, EN).indicators.items()}
    assert len(gsi["rows"]) == len(view.gsi.rows) > 0
    for name, value, unit in gsi["rows"]:
        assert unit and unit == units[by_name[name]], (name, value, unit)
    assert gsi["caption"] == t("profile.gsi_scale")
    checked = 0
    for heading in (t("profile.inflows_heading"), t("profile.outflows_heading")):
        side = page.evaluate(UNDER_HEADING, heading)
        if not side["header"]:
            continue
        checked += 1
        promised = "migrant" in side["caption"].lower()
        column = [k for k, h in enumerate(side["header"]) if h == t("profile.col_migrants")]
        assert promised == bool(column), side
        if column:
            figures = [r[column[0]] for r in side["rows"] if re.search(r"\d", r[column[0]])]
            assert figures, side  # the numbers promised are there
    assert checked >= 1
    screenshot(page, f"profile-{iso3}-gsi-corridors")
    page.context.close()


def test_each_flagged_scorecard_cell_has_its_note_under_the_table(browser, server, bundled):
    """The scorecard once pointed to notes it did not show: each note number in its cells is
    said under the table, with its note."""
    state, _ = compare_view.CompareState.read(bundled, {})
    side = compare_view.build(bundled, EN, state).side
    assert side is not None and side.notes
    visit = open_page(browser, f"{server}/compare", 1440, 900, charts=3)
    page = visit.page
    assert visit.outside == [] and visit.errors == []
    card = page.locator(".tip-score")
    card.scroll_into_view_if_needed()
    expect(card).to_be_visible()
    cells = " ".join(card.locator("tbody td").all_text_contents())
    marks = sorted({int(n) for n in re.findall(r"\[(\d+)\]", cells)})
    assert marks == list(range(1, len(side.notes) + 1))
    bottom = card.bounding_box()["y"] + card.bounding_box()["height"]
    captions = page.locator('[data-testid="stCaptionContainer"]')
    for n, note in zip(marks, side.notes, strict=True):
        said = captions.filter(has_text=re.compile(rf"^\[{n}\] "))
        expect(said).to_have_count(1)
        expect(said).to_be_visible()
        expect(said).to_have_text(note)
        assert said.bounding_box()["y"] >= bottom  # under the table
    screenshot(page, "compare-scorecard-notes")
    page.context.close()
