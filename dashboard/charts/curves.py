"""The curve every flow line is drawn along, on the screen map and on its picture alike."""

from __future__ import annotations

import math

# How far lines bow (a share of their length): documented routes more, so the two kinds
# never lie on each other.
COUNTED_LIFT, ROUTE_LIFT = 0.18, 0.32


MERCATOR_LIMIT = 85.0511  # the latitude where Web Mercator's square world ends


def unit_mercator(lon: float, lat: float) -> tuple[float, float]:
    """A point on Web Mercator's unit square (x east, y down), as the map and its picture
    project it."""
    lat = max(-MERCATOR_LIMIT, min(MERCATOR_LIMIT, lat))
    y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2
    return (lon + 180.0) / 360.0, y


def curve(a, b, lift: float, steps: int) -> list[tuple[float, float]]:
    """A quadratic curve from a to b (points on a plane whose y runs down, as on a screen),
    bowed to the left of the direction of travel by `lift` times the distance between them.
    Two lines between the same places in opposite directions bow to opposite sides."""
    (ax, ay), (bx, by) = a, b
    mx, my = (ax + bx) / 2, (ay + by) / 2
    dx, dy = bx - ax, by - ay
    cx, cy = mx + dy * lift, my - dx * lift
    out = []
    for k in range(steps + 1):
        t = k / steps
        x = (1 - t) ** 2 * ax + 2 * (1 - t) * t * cx + t**2 * bx
        y = (1 - t) ** 2 * ay + 2 * (1 - t) * t * cy + t**2 * by
        out.append((x, y))
    return out
