"""What a page draws, element by element, as the server sends it (the protocol-level client):
recorded from the app into the benchmarks' floors (`bench/floors.py`), redrawn by the floor app
(`bench/floor_pages_app.py`), and compared by `tests/test_floors.py`. Here, under `tests/`,
because the tests and the benchmarks both use it (tests never import benchmark code)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "bench" / "floors.json"
FLOOR_APP = ROOT / "bench" / "floor_pages_app.py"
# The pages measured, as bench/browser.py opens them (English, the default view)
PAGES = {
    "overview": ("", "lang=en"),
    "compare": ("compare", "lang=en"),
    "profile": ("profile", "lang=en&country=BHR"),
    "flows": ("flows", "lang=en"),
    "trends": ("trends", "lang=en"),
    "tracker": ("tracker", "lang=en"),
}
# page -> the label of the select box whose change is measured (bench/browser.py): on the
# floor, that box redraws every chart of the page
DRIVERS = {"trends": "Measure", "compare": "Indicator", "flows": "To"}
CHOICES = ("selectbox", "multiselect", "radio", "button_group", "slider")


def describe(sidebar: bool, element) -> dict:
    """One element as its floor needs it: its kind and place; a widget's label, options and
    key; a heading's level (and a title's words, which the benchmarks look for); a chart's
    trace types, height and subplots; a map's layers and height."""
    kind = element.WhichOneof("type")
    inner = getattr(element, kind)
    out = {"kind": kind, "sidebar": sidebar}
    if kind == "heading":
        out["tag"] = inner.tag
        if inner.tag == "h1":
            out["text"] = inner.body
    elif kind == "markdown":
        out["caption"] = inner.element_type == inner.CAPTION
    elif kind in CHOICES:
        out["label"] = inner.label
        out["options"] = list(inner.options) if kind != "button_group" else len(inner.options)
        out["key"] = inner.id.rsplit("-", 1)[-1] if inner.id.startswith("$$ID-") else ""
    elif kind == "plotly_chart":
        figure = json.loads(inner.spec)
        layout = figure.get("layout", {})
        out["traces"] = [trace.get("type", "scatter") for trace in figure.get("data", [])]
        out["height"] = layout.get("height")
        out["axes"] = sum(1 for name in layout if name.startswith("xaxis"))
    elif kind == "deck_gl_json_chart":
        deck = json.loads(inner.json)
        out["layers"] = [layer.get("@@type", "") for layer in deck.get("layers", [])]
        out["height"] = element.height_config.pixel_height or None
        out["selectable"] = bool(inner.selection_mode)
    return out


def summary(elements: list[dict]) -> dict:
    """What must be equal between a page and its floor: how many elements of each kind, in
    the main area and the sidebar; each chart's traces, height and subplots; each map's
    layers and height; the title."""
    return {
        "kinds": dict(
            Counter(f"{'sidebar ' if e['sidebar'] else ''}{e['kind']}" for e in elements)
        ),
        "charts": sorted(
            (sorted(e["traces"]), e["height"], e["axes"])
            for e in elements
            if e["kind"] == "plotly_chart"
        ),
        "maps": [(e["layers"], e["height"]) for e in elements if e["kind"] == "deck_gl_json_chart"],
        "title": next((e["text"] for e in elements if e.get("tag") == "h1"), None),
    }


def differences(page: list[dict], floor: list[dict]) -> list[str]:
    want, got = summary(page), summary(floor)
    found = []
    for part in ("kinds", "charts", "maps", "title"):
        if json.dumps(want[part], sort_keys=True) != json.dumps(got[part], sort_keys=True):
            found.append(f"{part}: the page has {want[part]}, the floor {got[part]}")
    return found


async def _elements(url: str, page: str, query: str) -> list[dict]:
    from tests.streamlit_client import Session

    async with Session(url) as session:
        run = await session.open(page, query)
    if not run.finished or run.errors:
        raise RuntimeError(f"{page or 'overview'}: {run.errors or 'the run did not finish'}")
    return [describe(sidebar, element) for sidebar, element in run.elements]


def inventory(url: str, pages: dict = PAGES) -> dict[str, list[dict]]:
    """page -> its elements, as a server at `url` sends them."""
    from tests.streamlit_client import run

    async def every() -> dict:
        return {name: await _elements(url, *where) for name, where in pages.items()}

    return run(every())  # in a thread of its own: the caller may have an event loop running


def served(script: Path | None = None):
    """A server of the app (or of `script`) on a free port, for `with served() as url:`."""
    import contextlib

    from deploy.processes import free_port, start_server, stop, wait_healthy

    @contextlib.contextmanager
    def serving():
        port = free_port()
        process = start_server(port) if script is None else start_server(port, script)
        try:
            wait_healthy(port)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(process)

    return serving()


def spec() -> dict:
    return json.loads(SPEC.read_text(encoding="utf-8"))
