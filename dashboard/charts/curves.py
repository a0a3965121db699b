"""The curve every flow line is drawn along, on the screen map and on its picture alike."""

from __future__ import annotations

# How far lines bow (a share of their length): documented routes more, so the two kinds
# never lie on each other.
COUNTED_LIFT, ROUTE_LIFT = 0.18, 0.32


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
