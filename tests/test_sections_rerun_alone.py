"""A section with its own controls reruns alone: on the trends page, choosing the funnel's
year or the breakdown's split redraws that section only (a fragment), not the trend chart
above it, and shows the new choice; on the compare page, so does the side-by-side section.
Spoken to as a browser speaks to the server (`tests/streamlit_client.py`), which sends such a
change as a fragment's rerun."""

from __future__ import annotations

import json

import pytest

from tests import page_elements
from tests.streamlit_client import Session, run


@pytest.fixture(scope="module")
def server():
    with page_elements.served() as url:
        yield url


def charts(run) -> list[dict]:
    return [
        json.loads(e.plotly_chart.spec)
        for _, e in run.elements
        if e.WhichOneof("type") == "plotly_chart"
    ]


def other_choice(run, widget) -> str:
    """An option of the widget other than the one it shows."""
    for _, element in run.elements:
        inner = getattr(element, element.WhichOneof("type"))
        if getattr(inner, "id", None) == widget.id:
            shown = inner.default[0] if hasattr(inner.default, "__len__") else inner.default
            return widget.options[(shown + 1) % len(widget.options)]
    raise AssertionError(f"{widget.id} not drawn")


def test_the_side_by_side_section_of_compare_reruns_alone(server):
    async def change():
        async with Session(server) as session:
            page = await session.open("compare", "lang=en")
            widget = session.widgets["qp_side"]
            assert widget.fragment, "the side-by-side countries are not in a section of their own"
            section = await session.change("qp_side", widget.options[:3])
            return page, section

    page, section = run(change())
    assert page.finished and section.finished and not (page.errors or section.errors)
    assert len(charts(page)) == 3
    assert len(charts(section)) == 1  # the trends of the countries side by side, not the map
    assert not any(c["data"][0].get("type") == "choropleth" for c in charts(section))
    assert len(section.elements) < len(page.elements) / 2


@pytest.mark.parametrize("key", ["qp_funnel_year", "qp_by"], ids=["funnel year", "split"])
def test_a_section_of_the_trends_page_reruns_alone(server, key):
    async def change():
        async with Session(server) as session:
            page = await session.open("trends", "lang=en")
            widget = session.widgets[key]
            assert widget.fragment, f"{key} is not in a section of its own"
            chosen = other_choice(page, widget)
            section = await session.change(key, chosen)
            # a control of the page itself still reruns the whole page
            whole = await session.change("qp_measure", session.widgets["qp_measure"].options[1])
            return page, section, whole

    page, section, whole = run(change())
    assert page.finished and section.finished and whole.finished
    assert not (page.errors or section.errors or whole.errors)
    assert len(charts(page)) == 3 and len(charts(whole)) == 3
    # only the section's own chart and widgets came back, not the trend chart or the title
    assert len(charts(section)) == 1
    assert len(section.elements) < len(page.elements) / 2
    assert "h1" not in {e.heading.tag for _, e in section.elements if e.HasField("heading")}
    redrawn = json.dumps(charts(section)[0])
    assert redrawn not in {json.dumps(c) for c in charts(page)}  # it shows the new choice
