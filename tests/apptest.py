"""Helpers to run the app headless with Streamlit's AppTest, and to read a page back: its
layout, texts, tables, source lines, downloads and the address it writes. Every page test
module uses them; none imports another test module."""

from __future__ import annotations

import re
from html import escape, unescape
from pathlib import Path

import pandas as pd
import pandas.testing as pdt
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from dashboard.i18n import Locale

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


# -- a page read back ---------------------------------------------------------------------


def locale_of(lang: str, query: dict) -> Locale:
    """The locale a page run with this language and address draws in."""
    return Locale(lang, query.get("digits", "latn"))


def said(elements) -> list[str]:
    """The texts of a page's titles, captions, alerts or Markdown, as a reader sees them."""
    return [shown(e.value) for e in elements]


def bodies(at) -> list[str]:
    """Every st.html body in the page's main area (tables, keys, source lines), in order."""
    return [e.proto.body for e in at.main.get("html")]


def source_html(text: str) -> str:
    """A source line as the page writes it (escaped HTML)."""
    return f'<p class="tip-source">{escape(text)}</p>'


def headline_layout(text: str, source: str) -> list[tuple[str, str]]:
    """A page's headline figures and their source, as a reader sees them: Markdown and a
    caption (kinds and texts, as the layouts in the page tests list them)."""
    return [("markdown", text), ("caption", source)]


def source_lines(at) -> list[str]:
    """The page's source lines, in order, as escaped HTML."""
    return [b for b in bodies(at) if b.startswith('<p class="tip-source">')]


TABLE = "<div class='tip-table-wrap'><table class='tip-table'>"


def cells(html: str) -> tuple[list[str], list[list[str]]]:
    """A table's header and rows, as text."""
    head, body = html.split("</thead>")
    header = [unescape(h) for h in re.findall(r"<th scope='col'[^>]*>(.*?)</th>", head)]
    rows = [
        [unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body)
    ]
    return header, rows


def tables(at) -> list[tuple[list[str], list[list[str]]]]:
    """The tables the page shows with `ui.table` or `ui.data_table`, in order."""
    return [cells(b) for b in bodies(at) if b.startswith(TABLE)]


def screen(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame as a data table shows it: each cell as text, nothing where there is no value,
    a whole number without decimals."""

    def cell(value) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    return frame.map(cell).reset_index(drop=True)


def assert_tables(at, expected: list) -> None:
    """The page shows these tables in this order: a frame (a data table, compared as shown)
    or (header, rows)."""
    got = tables(at)
    assert len(got) == len(expected), [header for header, _ in got]
    for (header, rows), want in zip(got, expected, strict=True):
        if isinstance(want, pd.DataFrame):
            shown_frame = pd.DataFrame(rows, columns=header, dtype=object)
            pdt.assert_frame_equal(shown_frame, screen(want).astype(object), check_dtype=False)
        else:
            assert (header, rows) == (list(want[0]), [list(r) for r in want[1]])


def record_downloads(monkeypatch) -> dict:
    """From now on, each download button's file (Streamlit makes it when clicked): its name
    and its maker, by the id the button carries."""
    served: dict = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data, mimetype, coordinates, file_name=None, **kw):
        file_id = original(self, data, mimetype, coordinates, file_name=file_name, **kw)
        served[file_id] = (file_name, data)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return served


# A chart's image, as `downloads` lists it: not made there (each takes a Chromium a second or
# two); the chart-image tests make them and read them back.
IMAGE = "a chart's image, made when asked for"


def downloads(at, served: dict) -> list[tuple[str, str, bytes | str]]:
    """The page's downloads, in order: (label, file name, the file's bytes, or IMAGE)."""
    out = []
    for button in at.main.get("download_button"):
        name, make = served[button.proto.deferred_file_id]
        image = name.endswith((".png", ".svg"))
        out.append((button.proto.label, name, IMAGE if image else make()))
    return out


def chart_images(loc, stem: str) -> list[tuple[str, str, str]]:
    """The downloads of a chart's images, as `downloads` lists them, where the server can make
    them (a Chromium)."""
    from dashboard.slides.figures import can_render

    if not can_render():
        return []
    return [(loc.t(f"app.download_{f}"), f"{stem}.{f}", IMAGE) for f in ("png", "svg")]


def chart_files(loc, file_name: str) -> list[tuple[str, str]]:
    """A chart's own downloads, as `ui.chart_downloads` offers them: its images (where they
    can be made) then its CSV, as (label, file name)."""
    stem = file_name.rsplit(".", 1)[0]
    images = [(label, name) for label, name, _ in chart_images(loc, stem)]
    return [*images, (loc.t("trends.download"), file_name)]


def widgets(at) -> dict[str, object]:
    """The page's inputs bound to the address: widget key -> value."""
    return {
        w.key: w.value
        for kind in ("multiselect", "selectbox", "radio", "number_input", "select_slider")
        for w in at.main.get(kind)
        if (w.key or "").startswith("qp_")
    }


def address(at) -> dict[str, str]:
    """The address the page wrote back, but for the language and digits (the app's own)."""
    return {k: v for k, v in at.query_params.items() if k not in ("lang", "digits")}


def bound(params: dict, state, fields) -> dict[str, object]:
    """What each shown widget must hold: its field's value in the state (a list in a
    multiselect)."""
    out = {}
    for field, param in params.items():
        if field in fields:
            value = getattr(state, field)
            out[f"qp_{param.name}"] = list(value) if isinstance(value, tuple) else value
    return out


def exercised(view, path: str) -> bool:
    """Whether the view holds something at `path` ('trend.region_text'), or with 'not ' before
    it, nothing: a case is there to show it, so it must."""
    if path.startswith("not "):
        return not exercised(view, path.removeprefix("not "))
    value = view
    for part in path.split("."):
        value = getattr(value, part)
    if isinstance(value, pd.DataFrame):
        return not value.empty
    return value is not None and bool(value)


TEXTS = ("title", "subheader", "caption", "markdown", "info", "warning", "error")


def layout(at) -> list[tuple[str, str | None]]:
    """The main area in order, as (kind, content): each text element with what a reader sees
    of it, each st.html with its body, a download by its label; charts and tables by kind
    only (their content is checked against the view on its own). Widgets are left out."""
    out: list[tuple[str, str | None]] = []
    for node in at.main:
        if node.type in TEXTS:
            out.append((node.type, shown(node.value)))
        elif node.type == "html":
            out.append(("html", node.proto.body))
        elif node.type == "download_button":
            out.append(("download_button", node.proto.label))
        elif node.type in ("plotly_chart", "dataframe"):
            out.append((node.type, None))
    return out


def offered(monkeypatch) -> list[tuple[str, str, object]]:
    """Record every download the page offers, as (label, file name, data), in order; the
    buttons are still drawn."""
    import streamlit

    seen: list[tuple[str, str, object]] = []
    original = streamlit.download_button

    def spy(label, data, *args, file_name=None, **kwargs):
        seen.append((label, file_name, data))
        return original(label, data, *args, file_name=file_name, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", spy)
    return seen
