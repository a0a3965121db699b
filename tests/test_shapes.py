"""The map shapes: small enough to send, Bahrain visible, every country drawn or excused."""

from __future__ import annotations

import json

import pytest
import shapely.geometry

from tests.conftest import ROOT

SHAPES = ROOT / "assets" / "countries.geojson"
# ISO 3166 entries that Natural Earth does not draw as countries of their own.
NO_SHAPE = {"BES", "BVT", "CCK", "CXR", "GLP", "GUF", "MTQ", "MYT", "REU", "SJM", "TKL"}


def features():
    return {f["id"]: f for f in json.loads(SHAPES.read_text(encoding="utf-8"))["features"]}


def test_file_is_at_most_about_one_and_a_half_megabytes():
    assert SHAPES.stat().st_size <= 1.5 * 1024 * 1024


def test_bahrain_is_drawn():
    shape = shapely.geometry.shape(features()["BHR"]["geometry"])
    assert shape.area > 0.05
    assert shape.bounds[0] > 50 and shape.bounds[2] < 51


def test_every_country_has_a_shape_or_is_a_listed_exception(bundled):
    drawn = set(features())
    countries = bundled.countries
    names = countries[countries.entity == "country"]
    missing = set(names.iso3) - drawn
    assert missing == NO_SHAPE


def test_every_country_has_a_point_inside_its_shape(bundled):
    shapes = features()
    countries = bundled.countries
    for row in countries[countries.iso3.isin(list(shapes))].itertuples():
        point = shapely.geometry.Point(row.lon, row.lat)
        shape = shapely.geometry.shape(shapes[row.iso3]["geometry"])
        assert shape.buffer(0.5).contains(point), row.iso3


def test_shapes_carry_arabic_names():
    shapes = features()
    assert shapes["SAU"]["properties"]["name_ar"] == "المملكة العربية السعودية"
    assert all(f["properties"]["name_ar"] for f in shapes.values())


def test_regional_shapes_are_a_smaller_subset_with_the_member_states():
    region = json.loads((ROOT / "assets" / "countries-region.geojson").read_text(encoding="utf-8"))
    ids = {f["id"] for f in region["features"]}
    assert {"BHR", "SAU", "ARE", "KWT", "OMN", "QAT", "EGY", "JOR", "NPL", "ETH"} <= ids
    assert "BRA" not in ids and "USA" not in ids
    assert ids < set(features())
    assert (ROOT / "assets" / "countries-region.geojson").stat().st_size < SHAPES.stat().st_size / 2


def test_flow_map_outlines_are_coarse_and_complete():
    outline = json.loads(
        (ROOT / "assets" / "countries-outline.geojson").read_text(encoding="utf-8")
    )
    ids = {f["id"] for f in outline["features"]}
    assert ids == set(features())
    assert (
        ROOT / "assets" / "countries-outline.geojson"
    ).stat().st_size < SHAPES.stat().st_size / 2


@pytest.mark.parametrize(("name", "colours"), [("land.png", "light"), ("land-dark.png", "dark")])
def test_land_image_is_the_world_in_web_mercator(name, colours):
    """The flow map's land, bright for pages and bright-room slides, dark for the dark room."""
    import numpy as np
    from PIL import Image

    from dashboard.importers.natural_earth import BORDER, DARK, LAND, LAND_SIZE, SEA, mercator

    land, _border, sea = (LAND, BORDER, SEA) if colours == "light" else DARK
    image = Image.open(ROOT / "assets" / name).convert("RGB")
    assert image.size == (LAND_SIZE, LAND_SIZE)

    def colour(lon, lat):
        x, y = mercator(np.array([lon]), np.array([lat]), LAND_SIZE)[0]
        return image.getpixel((int(x), int(y)))

    assert colour(10.0, 23.0) == land  # the Sahara
    assert colour(45.0, 24.0) == land  # Saudi Arabia
    assert colour(-30.0, 0.0) == sea  # the Atlantic
    assert colour(62.0, 15.0) == sea  # the Arabian Sea
    if colours == "dark":  # no bright rectangle on a black screen: nothing in it is light
        assert max(sum(c) / 3 for _, c in image.getcolors(256)) < 140
