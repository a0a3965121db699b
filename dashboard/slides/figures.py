"""A slide as a plotly figure, and figures as PDF pages, PNG or SVG images, made on the server
and offline (plotly through kaleido, which drives Debian's Chromium): each slide is one page
with its title, takeaway, notes, source line and the dataset's version; pages are joined with
pypdf. Every text from a deck or the dataset is escaped before plotly sees it (plotly reads a
few HTML tags in text).
"""

from __future__ import annotations

import base64
import io
import tempfile
import textwrap
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from dashboard import config
from dashboard.charts.style import legible_traces, room_for_bar_labels
from dashboard.dataset import Dataset
from dashboard.i18n import Locale
from dashboard.slides.adapt import View, source_text

pio.defaults.mathjax = None  # no outside fetch, and nothing to typeset
# A map (plotly's `geo`) fetches its world outlines even with none shown: from the app's own
# file (dashboard/charts/compare.py, BASE_LAYERS), never plotly's CDN.
pio.defaults.topojson = config.assets_path().resolve().as_uri() + "/"

SLIDE = (1920, 1080)
A4 = (794, 1123)  # pixels at 96 dpi: kaleido makes the PDF page the figure's size
THEMES = {
    "light": {
        "paper": "#ffffff",
        "text": "#000000",
        "muted": "#222222",
        "grid": "#c8ccd4",
        "dim": "#595959",  # a control that cannot be used: still 7:1 on the paper
    },
    "dark": {
        "paper": "#000000",
        "text": "#ffffff",
        "muted": "#e6e6e6",
        "grid": "#4a4f5a",
        "dim": "#a6a6a6",
    },
}
CHART_FONT = 24  # chart text on a slide: at least 20 px when shown at 1920 x 1080
SMALL_FONT = 20


@dataclass(frozen=True)
class Page:
    """One slide's texts around its view, in one language."""

    title: str
    takeaway: str
    view: View
    source: str
    footer: str


def page_of(data: Dataset, loc: Locale, view: View, title: str, takeaway: str, footer: str):
    return Page(title or view.heading, takeaway, view, source_text(data, loc, view), footer)


def dataset_line(data: Dataset, loc: Locale) -> str:
    return loc.t(
        "present.dataset_line",
        version=loc.digits_of(data.version),
        date=loc.date(data.created),
    )


def slide_figure(fig: go.Figure, theme: str = "light") -> go.Figure:
    """A copy of a chart in large type and the theme's colours, for a projector."""
    colours = THEMES[theme]
    out = go.Figure(fig)
    legible_traces(out, colours)
    out.update_layout(
        font={"size": CHART_FONT, "color": colours["text"]},
        paper_bgcolor=colours["paper"],
        plot_bgcolor=colours["paper"],
        legend={"font": {"size": CHART_FONT}},
        hoverlabel={"font": {"size": SMALL_FONT}},
        margin={"l": 90, "r": 90, "t": 40, "b": 20},
    )
    out.update_xaxes(
        tickfont_size=SMALL_FONT + 2, title_font_size=CHART_FONT, gridcolor=colours["grid"]
    )
    out.update_yaxes(
        tickfont_size=SMALL_FONT + 2, title_font_size=CHART_FONT, gridcolor=colours["grid"]
    )
    for note in out.layout.annotations:
        note.font = {"size": max(SMALL_FONT, (note.font.size or 0)), "color": colours["text"]}
    out.for_each_trace(
        lambda t: (
            t.update(textfont={"size": SMALL_FONT + 2, "color": colours["text"]})
            if getattr(t, "text", None) is not None and t.type in ("bar", "scatter")
            else None
        )
    )
    room_for_bar_labels(out, SMALL_FONT + 2)
    if len(out.data) and out.data[0].type == "bar" and out.data[0].orientation == "h":
        out.update_layout(height=max(560, 90 + 52 * len(out.data[0].y or [])))
    else:
        out.update_layout(height=620)
    return out


def _wrap(text: str, width: int) -> str:
    return "<br>".join(escape(line) for line in textwrap.wrap(text, width)) if text else ""


def _table_figure(view: View, loc: Locale, theme: str) -> go.Figure:
    colours = THEMES[theme]
    header, rows = view.table
    columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in header]
    if loc.rtl:  # a plotly table runs left to right: put the first column on the right
        header, columns = header[::-1], columns[::-1]
    align = "right" if loc.rtl else "left"
    size = SMALL_FONT if len(header) <= 5 else 16
    return go.Figure(
        go.Table(
            header={
                "values": [f"<b>{escape(h)}</b>" for h in header],
                "align": align,
                "font": {"size": size, "color": colours["text"]},
                "fill_color": colours["grid"],
                "height": 44,
            },
            cells={
                "values": [[escape(str(c)) for c in col] for col in columns],
                "align": align,
                "font": {"size": size, "color": colours["text"]},
                "fill_color": colours["paper"],
                "line_color": colours["grid"],
                "height": 40,
            },
        )
    )


def _map_figure(view: View) -> go.Figure:
    png = base64.b64encode(view.map_image()).decode()
    fig = go.Figure()
    fig.add_layout_image(
        source=f"data:image/png;base64,{png}",
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        sizex=1,
        sizey=1,
        xanchor="center",
        yanchor="middle",
        sizing="contain",
        layer="below",
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def page_figure(page: Page, loc: Locale, size=SLIDE, theme: str = "light") -> go.Figure:
    """A whole slide (or A4 page) as one figure: title, takeaway, the view, notes, source."""
    width, height = size
    colours = THEMES[theme]
    view = page.view
    notes = view.notes
    if view.kind == "map":
        fig = _map_figure(view)
        # the picture has no text of its own: its key, in words, leads the notes
        notes = [*(view.map_key or [loc.t("flows.picture_key")]), *notes]
    elif view.kind == "chart":
        fig = slide_figure(view.figure, theme)
    else:
        fig = _table_figure(view, loc, theme)
    chars = int(width / 17)
    top, bottom = (250, 240) if width > height else (270, 280)
    notes = " · ".join(notes)
    texts = [
        (_wrap(page.title, int(width / 26)), 40, top - 20, True),
        (_wrap(page.takeaway, chars), 26, top - 110, False),
        (_wrap(notes, chars + 10), SMALL_FONT, -60, False),
        (_wrap(page.source, chars + 10), SMALL_FONT, -bottom / 2, False),
        (escape(page.footer), SMALL_FONT, -bottom + 40, False),
    ]
    plot_height = height - top - bottom
    x, anchor = (1, "right") if loc.rtl else (0, "left")
    annotations = list(fig.layout.annotations)
    for text, font, pixels, bold in texts:
        if not text:
            continue
        annotations.append(
            go.layout.Annotation(
                text=f"<b>{text}</b>" if bold else text,
                xref="paper",
                yref="paper",
                x=x,
                xanchor=anchor,
                y=1 + pixels / plot_height if pixels > 0 else pixels / plot_height,
                yanchor="top",
                align=anchor,
                showarrow=False,
                font={"size": font, "color": colours["text"]},
            )
        )
    fig.update_layout(
        width=width,
        height=height,
        annotations=annotations,
        margin={"l": 90, "r": 90, "t": top, "b": bottom},
        paper_bgcolor=colours["paper"],
        plot_bgcolor=colours["paper"],
        showlegend=view.kind == "chart" and fig.layout.showlegend is not False,
    )
    if view.kind == "chart":  # the legend above the chart, clear of the lines below it
        fig.update_layout(
            legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "xanchor": anchor, "x": x}
        )
    return fig


def can_render() -> bool:
    """Whether PDF and images can be made here: kaleido needs a Chromium on the server."""
    import shutil

    return any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome"))


def _chromium() -> str | None:
    import shutil

    return next(
        (
            found
            for n in ("chromium", "chromium-browser", "google-chrome")
            if (found := shutil.which(n))
        ),
        None,
    )


PRINT_SECONDS = 120  # a document still not printed by then is given up
# One image or document made at a time in a process: each takes a Chromium and a core for a
# second or more, so a visitor asking for many at once waits in turn instead of taking the
# machine.
RENDERING = threading.BoundedSemaphore(1)
RENDER_WAIT = 120  # seconds a file waits for its turn before it is refused


def _one_at_a_time(make):
    if not RENDERING.acquire(timeout=RENDER_WAIT):
        raise RuntimeError("the server is busy making other files: try again in a minute")
    try:
        return make()
    finally:
        RENDERING.release()


def print_pdf(html: str) -> bytes:
    """An HTML document printed to PDF by the server's Chromium, with the page size and margins
    its CSS gives (`@page`) and an outline of its headings; offline: the browser fetches
    nothing and runs no script (the document's own policy says so, and scripts are off)."""
    return _one_at_a_time(lambda: _print_pdf(html))


def _print_pdf(html: str) -> bytes:
    import subprocess

    browser = _chromium()
    if browser is None:
        raise RuntimeError("no Chromium on this server: a PDF cannot be made here")
    with tempfile.TemporaryDirectory(prefix="tip-print-") as folder:
        document = Path(folder) / "document.html"
        document.write_text(html, encoding="utf-8")
        out = Path(folder) / "document.pdf"
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={out}",
            document.as_uri(),
        ]
        subprocess.run(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=PRINT_SECONDS,
            check=False,
        )
        if not out.exists() or not out.stat().st_size:
            raise RuntimeError("Chromium made no PDF of the document")
        return out.read_bytes()


def render(figures: Sequence[go.Figure], fmt: str) -> list[bytes]:
    """Figures as PDF, PNG or SVG, all in one browser session (kaleido, local Chromium)."""
    if not figures:
        return []
    return _one_at_a_time(lambda: _render(figures, fmt))


def _render(figures: Sequence[go.Figure], fmt: str) -> list[bytes]:
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / f"{k}.{fmt}" for k in range(len(figures))]
        pio.write_images(
            list(figures),
            paths,
            format=fmt,
            width=[f.layout.width or SLIDE[0] for f in figures],
            height=[f.layout.height or SLIDE[1] for f in figures],
        )
        return [p.read_bytes() for p in paths]


def pdf(pages: Sequence[Page], loc: Locale, size=SLIDE, theme: str = "light") -> bytes:
    """One PDF page per slide."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in render([page_figure(p, loc, size, theme) for p in pages], "pdf"):
        writer.append(io.BytesIO(part))
    writer.add_metadata({"/Title": pages[0].title if pages else ""})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


CHART_FILE = (1600, 1000)  # a page's chart as an image: room for its heading and source


def chart_file(
    fig: go.Figure | None,
    heading: str,
    source: str,
    footer: str,
    loc: Locale,
    fmt: str,
    picture: Callable[[], bytes] | None = None,
    picture_key: Sequence[str] = (),
):
    """One chart of a page as a file to take home, PNG or SVG: the chart in large type with
    its heading above it, and its source line and the dataset's version (`footer`) under it,
    drawn into the image, as on a slide. A map drawn as a picture (`picture`, the flow map's
    PNG) is set in the same frame, with its key in words (`picture_key`) under it."""
    view = View("chart", heading, [], [], figure=fig, map_image=picture, map_key=list(picture_key))
    return render([page_figure(Page(heading, "", view, source, footer), loc, CHART_FILE)], fmt)[0]


def chart_image(view: View, fmt: str, theme: str = "light") -> bytes:
    """One view's chart at slide resolution (1920 x 1080): PNG, or SVG for a chart."""
    if view.kind == "map":
        if fmt != "png":
            raise ValueError("the flow map is a picture: PNG only")
        return view.map_image()
    fig = slide_figure(view.figure, theme) if view.kind == "chart" else None
    if fig is None:
        raise ValueError("a table has no chart image")
    fig.update_layout(width=SLIDE[0], height=SLIDE[1])
    return render([fig], fmt)[0]
