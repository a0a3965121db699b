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
