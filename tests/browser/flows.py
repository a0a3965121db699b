"""The flow map in a real browser: open the flows page with its deck painted, read its pixels,
and find where a place's mark is drawn. Used by the flows and hostile-input browser tests."""

from __future__ import annotations

import io
import json
import time

import numpy as np
from PIL import Image

from tests.apptest import run_page
from tests.browser.conftest import WAIT_MS, open_page
from tests.browser.drawn import NEXT_FRAMES
from tests.deckview import mark_places, on_map

DECK = '[data-testid="stDeckGlJsonChart"]'


def open_flows(browser, server, query: str = "", charts: int = 0):
    """The page, with its deck drawn and `charts` plotly charts (the Sankey, when asked for)."""
    visit = open_page(browser, f"{server}/flows?{query}", charts=charts)
    page = visit.page
    page.wait_for_selector(f"{DECK} canvas")
    page.locator(DECK).scroll_into_view_if_needed()
    painted(page)
    return visit


def colours(page) -> Image.Image:
    return colours_of(page.locator(DECK).screenshot())


def painted(page, land: int = 2_000) -> None:
    """Wait until the deck shows the land (its image and shapes load after the canvas) and two
    screenshots in a row are the same (the layers have drawn): no fixed wait."""
    deadline = time.monotonic() + WAIT_MS / 1000
    before = None
    while time.monotonic() < deadline:
        shot = page.locator(DECK).screenshot()
        if shot == before and count_near(colours_of(shot), (238, 240, 244), 4) > land:
            return
        before = shot
        page.evaluate(NEXT_FRAMES)
    raise AssertionError("the flow map was not painted")


def colours_of(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def count_near(image: Image.Image, rgb, tolerance: int = 60) -> int:
    """Pixels close to a colour (the arcs' gradients run from light to dark)."""
    pixels = np.asarray(image, dtype=int)
    close = (np.abs(pixels - np.array(rgb)) < tolerance).all(axis=-1)
    return int(close.sum())


def pixel_on_phone(bundled, query: dict, iso3: str, box: dict) -> tuple[float, float]:
    """Where a place's mark is drawn on a phone: the deck the page builds for a phone's width
    (`FlowsView.deck`), projected as `pixel_of` does."""
    from dashboard.charts.flows import PHONE_WIDTH
    from dashboard.i18n import Locale
    from dashboard.views.flows import FlowsState, build

    state, _ = FlowsState.read(bundled, query)
    deck = build(bundled, Locale(query.get("lang", "en")), state).deck("/land.png", PHONE_WIDTH)
    spec = json.loads(deck.to_json())
    x, y = on_map(spec, *mark_places(spec)[iso3], box["width"], box["height"])
    return box["x"] + x, box["y"] + y


def pixel_of(query: dict, iso3: str, box: dict) -> tuple[float, float]:
    """Where a place's mark is drawn: the deck's own view (from the same page run headless)
    and Web Mercator with deck.gl's 512-pixel world at zoom 0."""
    at = run_page("flows", **query)
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    x, y = on_map(spec, *mark_places(spec)[iso3], box["width"], box["height"])
    return box["x"] + x, box["y"] + y


def deck_spec(query: dict) -> dict:
    """The deck the page sends for an address (the same page run headless)."""
    at = run_page("flows", **query)
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def layer_data(spec: dict, name: str) -> list[dict]:
    return next(x for x in spec["layers"] if x["id"] == name)["data"]


def at_pixel(spec: dict, lonlat, box: dict) -> tuple[float, float]:
    """Where a point is drawn on the deck in its first view, in the page's pixels."""
    x, y = on_map(spec, *lonlat, box["width"], box["height"])
    return box["x"] + x, box["y"] + y


def drawn_width(image: Image.Image, centre, across, rgb, reach: int = 30) -> int:
    """How many pixels of a colour lie on a short segment through `centre` (image pixels)
    along the unit vector `across`, one every pixel: a line's drawn width, crossed there."""
    pixels = np.asarray(image, dtype=int)
    height, width = pixels.shape[:2]
    found = 0
    for k in range(-reach, reach + 1):
        x, y = round(centre[0] + k * across[0]), round(centre[1] + k * across[1])
        if 0 <= x < width and 0 <= y < height:
            found += bool((np.abs(pixels[y, x] - np.array(rgb)) < 60).all())
    return found
