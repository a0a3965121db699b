"""Helpers to run the app headless with Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

TIMEOUT = 60
APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


def run_app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


def html(at: AppTest) -> str:
    """Every st.html body on the page, joined (tables, source lines)."""
    return "\n".join(e.proto.body for e in at.get("html"))


def plotly_specs(at: AppTest) -> list[str]:
    return [e.proto.spec for e in at.get("plotly_chart")]


def run_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"dashboard/pages/{page}.py")
    at.run()
    return at


def figures(at: AppTest) -> list[dict]:
    """The plotly figures on the page, in order, as dictionaries."""
    import json

    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def shown(markdown: str) -> str:
    """What a reader sees of Markdown source written with `components.md`: escapes read and
    the invisible joiners that stop autolinks dropped."""
    from dashboard.ui.components import JOINER

    out, chars = [], iter(markdown.replace(JOINER, ""))
    for c in chars:
        out.append(next(chars, "") if c == "\\" else c)
    return "".join(out)
