"""Every session that asks for the same view of the same dataset gets the view built once;
a new dataset (the secretariat's next version) is built anew."""

from __future__ import annotations

import importlib

import pytest

from dashboard.dataset import load_dataset
from dashboard.i18n import Locale
from tests.factories import tiny_dataset

VIEWS = ["compare", "trends", "flows", "overview", "profile"]


@pytest.mark.parametrize("page", VIEWS)
def test_the_same_view_is_built_once_per_dataset(tmp_path, page):
    module = importlib.import_module(f"dashboard.views.{page}")
    state_class = next(
        v for k, v in vars(module).items() if k.endswith("State") and k != "ViewState"
    )
    data = tiny_dataset(tmp_path)
    state, _ = state_class.read(data, {})
    first = module.build(data, Locale("en"), state)
    assert module.build(data, Locale("en"), state) is first
    assert module.build(data, Locale("ar"), state) is not first  # another language
    again = load_dataset(tmp_path).dataset  # the same files loaded anew: a new object
    rebuilt = module.build(again, Locale("en"), state_class.read(again, {})[0])
    assert rebuilt is not first


def test_the_flow_map_is_drawn_once_per_view(tmp_path):
    from dashboard.views.flows import FlowsState, build

    data = tiny_dataset(tmp_path)
    view = build(data, Locale("en"), FlowsState.read(data, {})[0])
    assert view.deck("/land.png") is view.deck("/land.png")
    assert view.deck("/other.png") is not view.deck("/land.png")


# page -> its query: every page that draws a plotly chart or a large HTML block from a view
DRAWN = {
    "trends": {},
    "compare": {"side": "BHR,QAT"},
    "profile": {"country": "BHR"},
    "flows": {},
    "overview": {},
    "tracker": {},
}


@pytest.mark.parametrize("page", sorted(DRAWN))
def test_a_second_session_sends_the_charts_built_for_the_first(monkeypatch, page):
    """The charts, the scorecard, the years grid and the matrix are built once per view, not
    on every run: a second session showing the same view is handed the very same objects."""
    import streamlit as st

    from tests.apptest import run_page

    handed: list[list[object]] = []
    plotly_chart, html = st.plotly_chart, st.html

    def chart(figure, *args, **kwargs):
        handed[-1].append(figure)
        return plotly_chart(figure, *args, **kwargs)

    def block(body, *args, **kwargs):
        if len(body) > 2_000:  # the grid, the matrix, the scorecard (not a source line)
            handed[-1].append(body)
        return html(body, *args, **kwargs)

    monkeypatch.setattr(st, "plotly_chart", chart)
    monkeypatch.setattr(st, "html", block)
    for _ in range(2):
        handed.append([])
        at = run_page(page, lang="en", **DRAWN[page])
        assert not at.exception
    first, second = handed
    assert first, f"{page} drew nothing to check"
    assert len(first) == len(second)
    for one, other in zip(first, second, strict=True):
        assert other is one, f"{page}: a {type(one).__name__} was built again"


def test_a_section_is_built_once_for_every_state_that_shares_its_choices():
    """Changing one section's choice rebuilds that section alone: the others are the very
    objects built before (and so are their figures)."""
    from dataclasses import replace

    from dashboard.views import compare, trends
    from tests.conftest import ROOT

    data = load_dataset(ROOT / "data").dataset
    loc = Locale("en")
    base, _ = trends.TrendsState.read(data, {})
    first = trends.build(data, loc, base)
    other_year = trends.build(data, loc, replace(base, funnel_year=base.funnel_year - 1))
    assert other_year.trend is first.trend and other_year.breakdown is first.breakdown
    assert other_year.funnel is not first.funnel and other_year.funnel.year != first.funnel.year
    other_split = trends.build(data, loc, replace(base, by="sex"))
    assert other_split.trend is first.trend and other_split.funnel is first.funnel
    assert other_split.breakdown is not first.breakdown
    # a section built from its own choices is the one built from the whole state
    alone = trends._funnel(data, catalogue_of(data, loc), base)
    assert alone.table.equals(first.funnel.table) and alone.year == first.funnel.year

    state, _ = compare.CompareState.read(data, {})
    view = compare.build(data, loc, state)
    sides = compare.build(data, loc, replace(state, side=("BHR", "QAT", "SAU")))
    assert sides.frame is view.frame and sides.ranked is view.ranked
    assert sides.side.chosen != view.side.chosen
    other = compare.build(data, loc, replace(state, indicator="victims_detected"))
    assert other.side is view.side and other.frame is not view.frame


def catalogue_of(data, loc):
    from dashboard.catalogue import catalogue

    return catalogue(data, loc)
