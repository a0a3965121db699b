"""The benchmarks' floor pages draw in a real browser, offline, with every chart and map the
page they stand for draws: a floor that never finished drawing (a map waiting for a file from
the internet) would make every ratio against it meaningless."""

from __future__ import annotations

import pytest

from dashboard import registry
from tests import page_elements
from tests.browser.conftest import open_page
from tests.page_elements import FLOOR_APP


@pytest.fixture(scope="module")
def floor_server():
    with page_elements.served(FLOOR_APP) as url:
        yield url


@pytest.mark.parametrize("name", sorted(page_elements.PAGES))
def test_each_floor_page_is_drawn_from_this_server_only(browser, floor_server, name):
    path, query = page_elements.PAGES[name]
    charts = registry.page(name).plotly_charts
    visit = open_page(browser, f"{floor_server}/{path}?{query}", charts=charts)
    assert visit.outside == [] and visit.errors == []
    drawn = visit.page.locator('[data-testid="stPlotlyChart"] .main-svg').count()
    assert drawn >= charts
    decks = visit.page.locator('[data-testid="stDeckGlJsonChart"] canvas').count()
    assert decks == registry.page(name).maps
    visit.page.context.close()
