"""The benchmarks' floors stay true to the pages: every page draws the elements its floor
redraws (`bench/floors.json`), the floor app draws exactly those, and on a floor the measured
select box redraws every chart, as the page's does."""

from __future__ import annotations

import json
import os

import pytest

from dashboard.slides.figures import can_render
from tests import page_elements as floors
from tests.streamlit_client import Session, run


@pytest.fixture(scope="module")
def app_url():
    with floors.served() as url:
        yield url


@pytest.fixture(scope="module")
def floor_url():
    with floors.served(floors.FLOOR_APP) as url:
        yield url


@pytest.mark.skipif(
    not can_render() and os.environ.get("REQUIRE_BROWSER") != "1",
    reason="the pages offer chart images only where a Chromium draws them, as where the floors"
    " were recorded (CI requires it)",
)
def test_every_page_draws_what_its_floor_says(app_url):
    recorded = floors.spec()
    assert sorted(recorded) == sorted(floors.PAGES)
    pages = floors.inventory(app_url)
    problems = {name: floors.differences(pages[name], recorded[name]["elements"]) for name in pages}
    assert not any(problems.values()), (
        f"{problems}: a page changed what it draws; record the floors again with"
        " `.venv/bin/python -m bench.floors --write`"
    )


def test_the_floor_app_draws_each_spec(floor_url):
    recorded = floors.spec()
    drawn = floors.inventory(floor_url)
    for name, page in recorded.items():
        assert floors.differences(page["elements"], drawn[name]) == [], name
    assert floors.summary(drawn["compare"])["charts"], "the compare floor draws no chart"
    assert floors.summary(drawn["flows"])["maps"], "the flows floor draws no map"


def charts(run) -> list[dict]:
    return [
        json.loads(element.plotly_chart.spec)
        for _, element in run.elements
        if element.WhichOneof("type") == "plotly_chart"
    ]


@pytest.mark.parametrize("name", sorted(floors.DRIVERS))
def test_the_measured_box_redraws_every_chart_of_the_floor(floor_url, name):
    page, query = floors.PAGES[name]
    label = floors.DRIVERS[name]

    async def change():
        async with Session(floor_url) as session:
            first = await session.open(page, query)
            key = next(k for k, w in session.widgets.items() if w.label == label)
            options = session.widgets[key].options
            second = await session.change(key, options[1])
            return first, second, options[1]

    first, second, chosen = run(change())
    assert first.finished and second.finished and not second.errors
    before, after = charts(first), charts(second)
    assert (
        len(before)
        == len(after)
        == sum(1 for e in floors.spec()[name]["elements"] if e["kind"] == "plotly_chart")
    )
    for old, new in zip(before, after, strict=True):
        assert new["layout"]["yaxis"]["title"]["text"] == chosen
        for was, now in zip(old["data"], new["data"], strict=True):
            numbers = "x" if was.get("orientation") == "h" else "y"
            if numbers in was and was.get("type", "scatter") in ("scatter", "bar"):
                assert [2 * v for v in was[numbers]] == now[numbers]
    assert any(f"–{chosen};" in text for text in second.texts)
