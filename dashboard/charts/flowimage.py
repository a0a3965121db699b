"""The flow map as a picture, made on the server for slides and PDFs (no browser, no tiles).

The land is the app's own Web Mercator image (`assets/land.png`), cropped to the places drawn;
counted flows are blue curves as wide as on the screen map (same `Scale`), withheld ones (1-4)
faint; documented routes are thin vermilion curves drawn higher, leg by leg through their
transit country; every curve ends in an arrowhead at its destination, so direction reads
without colour. There is no text on the picture: the slide's key and source line carry it.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw

from dashboard import config
from dashboard.charts.curves import COUNTED_LIFT, ROUTE_LIFT, curve
from dashboard.importers.natural_earth import mercator
from dashboard.metrics.flows import Scale

WIDTH, HEIGHT = 1920, 1080
SCALE = 2  # drawn twice as large, then reduced: smooth curves
COUNTED = (0, 70, 140, 230)
WITHHELD = (0, 70, 140, 80)
ROUTE = (165, 55, 0, 230)
PLACE = (31, 36, 48, 255)


def _crop(points: np.ndarray, world: int) -> tuple[float, float, float]:
    """Left, top and pixels-per-world-pixel of a 16:9 window around `points`."""
    if len(points) == 0:
        points = mercator(np.array([25.0, 65.0]), np.array([5.0, 40.0]), world)
    x0, y0 = points.min(axis=0)
    x1, y1 = points.max(axis=0)
    pad = 0.12 * max(x1 - x0, y1 - y0, world / 24)
    x0, x1, y0, y1 = x0 - pad, x1 + pad, y0 - pad, y1 + pad
    span_x = max(x1 - x0, (y1 - y0) * WIDTH / HEIGHT)
    zoom = WIDTH / span_x
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - WIDTH / zoom / 2, cy - HEIGHT / zoom / 2, zoom


def _arrow(draw, line, width: float, colour) -> None:
    (px, py), (bx, by) = line[-4], line[-1]
    angle = math.atan2(by - py, bx - px)
    size = 10 * SCALE + width * 1.5
    left = (bx - size * math.cos(angle - 0.45), by - size * math.sin(angle - 0.45))
    right = (bx - size * math.cos(angle + 0.45), by - size * math.sin(angle + 0.45))
    draw.polygon([(bx, by), left, right], fill=colour)


def flow_map_png(
    corridors: pd.DataFrame,
    legs: pd.DataFrame,
    places: pd.DataFrame,
    scale: Scale,
) -> bytes:
    """The selection's flows over the land, as a 1920x1080 PNG."""
    land = Image.open(config.assets_path() / "land.png").convert("RGB")
    world = land.width
    placed = set(places.index)
    pairs = [
        (r.origin, r.destination, r)
        for r in corridors.itertuples()
        if r.origin in placed and r.destination in placed and r.origin != r.destination
    ]
    steps = [(r.start, r.end) for r in legs.itertuples() if r.start in placed and r.end in placed]
    codes = sorted({c for a, b, _ in pairs for c in (a, b)} | {c for s in steps for c in s})
    lonlat = places.loc[codes, ["lon", "lat"]].to_numpy(dtype=float) if codes else np.empty((0, 2))
    points = mercator(lonlat[:, 0], lonlat[:, 1], world) if codes else np.empty((0, 2))
    left, top, zoom = _crop(points, world)
    box = (int(left), int(top), int(left + WIDTH / zoom) + 1, int(top + HEIGHT / zoom) + 1)
    base = land.crop(box).resize((WIDTH * SCALE, HEIGHT * SCALE), Image.Resampling.BICUBIC)
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    where = {
        c: ((p[0] - box[0]) * zoom * SCALE, (p[1] - box[1]) * zoom * SCALE)
        for c, p in zip(codes, points, strict=True)
    }
    for a, b, r in sorted(pairs, key=lambda p: -float(p[2].upper)):
        width = scale.width(r.lower) * SCALE  # as on the screen map
        colour = WITHHELD if r.withheld else COUNTED
        line = curve(where[a], where[b], COUNTED_LIFT, 40)
        draw.line(line, fill=colour, width=max(2, round(width)), joint="curve")
        _arrow(draw, line, width, colour)
    for a, b in steps:
        line = curve(where[a], where[b], ROUTE_LIFT, 40)
        draw.line(line, fill=ROUTE, width=2 * SCALE, joint="curve")
        _arrow(draw, line, 2 * SCALE, ROUTE)
    for x, y in where.values():
        r = 5 * SCALE
        draw.ellipse((x - r, y - r, x + r, y + r), fill=PLACE)
    image = Image.alpha_composite(base.convert("RGBA"), layer).convert("RGB")
    image = image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
