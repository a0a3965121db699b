"""Where a deck (pydeck map) draws a point in its first view: Web Mercator, with deck.gl's world
512 px wide at zoom 0. Used by the flow map's unit tests and its browser tests."""

from __future__ import annotations

import math


def mark_places(spec: dict) -> dict[str, list[float]]:
    """Each place's mark in a deck's JSON: code -> [lon, lat]."""
    layer = next(x for x in spec["layers"] if x["id"] == "places")
    return {mark["iso3"]: mark["position"] for mark in layer["data"]}


def on_map(spec: dict, lon: float, lat: float, width: float, height: float) -> tuple[float, float]:
    """Where (lon, lat) falls on a map of this size in the deck's first view, in pixels from
    the map's top left."""
    view = spec["initialViewState"]
    size = 512 * 2 ** view["zoom"]

    def project(lon, lat):
        x = (lon + 180) / 360 * size
        y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2 * size
        return x, y

    x0, y0 = project(view["longitude"], view["latitude"])
    x, y = project(lon, lat)
    return width / 2 + x - x0, height / 2 + y - y0
