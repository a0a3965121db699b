"""Exports made on the server, offline: PowerPoint and PDF of a deck, PDF of a country
profile, PNG and SVG of one slide's chart.

- PowerPoint (python-pptx): bar and line charts are native, editable charts built from the
  same numbers as the screen (a withheld or missing figure is a gap); the flow map is a picture
  made with Pillow; tables are PowerPoint tables. Arabic slides are right to left (paragraph
  direction, alignment, table and axis direction). A closing slide lists every source.
- PDF and images (plotly through kaleido, which drives Debian's Chromium): each slide is one
  page drawn as a plotly figure, with the slide's title, takeaway, notes, source line and the
  dataset's version; the pages are joined with pypdf.

Every text from a deck or the dataset is escaped before plotly sees it (plotly reads a few
HTML tags in text).
"""

from __future__ import annotations

import base64
import io
import tempfile
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.catalogue import catalogue
from dashboard.dataset import Dataset
from dashboard.i18n import Locale
from dashboard.present.views import View, build, profile_pages, source_text

pio.defaults.mathjax = None  # no outside fetch, and nothing to typeset

SLIDE = (1920, 1080)
A4 = (794, 1123)  # pixels at 96 dpi: kaleido makes the PDF page the figure's size
THEMES = {
    "light": {"paper": "#ffffff", "text": "#000000", "muted": "#222222", "grid": "#c8ccd4"},
    "dark": {"paper": "#000000", "text": "#ffffff", "muted": "#e6e6e6", "grid": "#4a4f5a"},
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


# --- plotly: the chart as a slide shows it ---------------------------------------------------


def slide_figure(fig: go.Figure, theme: str = "light") -> go.Figure:
    """A copy of a chart in large type and the theme's colours, for a projector."""
    colours = THEMES[theme]
    out = go.Figure(fig)
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
    if view.kind == "map":
        fig = _map_figure(view)
    elif view.kind == "chart":
        fig = slide_figure(view.figure, theme)
    else:
        fig = _table_figure(view, loc, theme)
    chars = int(width / 17)
    top, bottom = (250, 240) if width > height else (270, 280)
    notes = " · ".join(view.notes)
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


def render(figures: Sequence[go.Figure], fmt: str) -> list[bytes]:
    """Figures as PDF, PNG or SVG, all in one browser session (kaleido, local Chromium)."""
    if not figures:
        return []
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


# --- PowerPoint ----------------------------------------------------------------------------


def _direction(frame, loc: Locale) -> None:
    """Right to left, right-aligned paragraphs in Arabic (python-pptx has no switch for it)."""
    from pptx.enum.text import PP_ALIGN

    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.RIGHT if loc.rtl else PP_ALIGN.LEFT
        if loc.rtl:
            paragraph._p.get_or_add_pPr().set("rtl", "1")


def _text(slide, box, text: str, size: int, loc: Locale, bold: bool = False, colour=None):
    from pptx.util import Pt

    shape = slide.shapes.add_textbox(*box)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.text = text
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            if colour is not None:
                run.font.color.rgb = colour
    _direction(frame, loc)
    return shape


def _native_chart(slide, box, view: View, loc: Locale) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Pt

    series = view.series
    data = CategoryChartData()
    data.categories = series.categories
    number_format = "#,##0" if not series.decimals else "#,##0." + "0" * series.decimals
    for name, values in series.series:
        data.add_series(name, values, number_format)
    kind = XL_CHART_TYPE.BAR_CLUSTERED if series.kind == "bar" else XL_CHART_TYPE.LINE_MARKERS
    chart = slide.shapes.add_chart(kind, *box, data).chart
    chart.font.size = Pt(16)
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.has_title = True
    chart.value_axis.axis_title.text_frame.text = series.axis_title
    if series.kind == "bar":
        chart.has_legend = False
        # PowerPoint draws the first category at the bottom: reverse so rank 1 is on top.
        chart.category_axis.reverse_order = True
        chart.value_axis.reverse_order = loc.rtl
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format = number_format
        plot.data_labels.number_format_is_linked = False
    else:
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.category_axis.reverse_order = loc.rtl  # time runs right to left in Arabic


def _table(slide, box, view: View, loc: Locale) -> None:
    from pptx.util import Pt

    header, rows = view.table
    shape = slide.shapes.add_table(len(rows) + 1, len(header), *box)
    table = shape.table
    if loc.rtl:
        table._tbl.tblPr.set("rtl", "1")
    size = 14 if len(header) <= 5 and len(rows) <= 12 else 11
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = str(value)
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size)
                    run.font.bold = r == 0
            _direction(cell.text_frame, loc)


def pptx(
    pages: Sequence[Page], loc: Locale, deck_title: str, sources: Sequence[str], footer: str
) -> bytes:
    """A 16:9 PowerPoint file: a title slide, one slide per page, and the sources."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    blank = deck.slide_layouts[6]
    muted = RGBColor(0x33, 0x33, 0x33)
    width = deck.slide_width - Inches(1)

    def box(top, height):
        return (Inches(0.5), Inches(top), width, Inches(height))

    cover = deck.slides.add_slide(blank)
    _text(cover, box(2.4, 1.4), deck_title, 40, loc, bold=True)
    _text(cover, box(4.0, 0.8), loc.t("app.title"), 22, loc)
    _text(cover, box(6.6, 0.5), footer, 12, loc, colour=muted)
    for number, page in enumerate(pages, 1):
        slide = deck.slides.add_slide(blank)
        view = page.view
        _text(slide, box(0.3, 0.8), page.title, 30, loc, bold=True)
        if page.takeaway:
            _text(slide, box(1.05, 0.6), page.takeaway, 18, loc)
        body = (Inches(0.5), Inches(1.7), width, Inches(4.3))
        if view.kind == "map":
            picture = io.BytesIO(view.map_image())
            shape = slide.shapes.add_picture(picture, Inches(0), Inches(1.7), height=Inches(4.3))
            shape.left = Emu(int((deck.slide_width - shape.width) / 2))
        elif view.series is not None:
            _native_chart(slide, body, view, loc)
        elif view.table is not None:
            _table(slide, body, view, loc)
        below = " · ".join(view.notes)
        if below:
            _text(slide, box(6.05, 0.45), below, 12, loc, colour=muted)
        _text(slide, box(6.45, 0.45), page.source, 12, loc, colour=muted)
        counter = loc.t("present.counter", n=loc.number(number), total=loc.number(len(pages)))
        _text(slide, box(6.9, 0.4), f"{footer} · {counter}", 11, loc, colour=muted)
    closing = deck.slides.add_slide(blank)
    _text(closing, box(0.3, 0.8), loc.t("present.sources_heading"), 30, loc, bold=True)
    _text(closing, box(1.2, 5.4), "\n".join(sources), 14, loc)
    _text(closing, box(6.9, 0.4), footer, 11, loc, colour=muted)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


# --- whole decks and profiles --------------------------------------------------------------


def deck_pages(data: Dataset, loc: Locale, deck) -> list[Page]:
    """Every slide of a deck drawn as a page in `loc`'s language."""
    footer = dataset_line(data, loc)
    return [
        page_of(
            data,
            loc,
            build(data, loc, s.page, s.query),
            s.line("title", loc.lang),
            s.line("takeaway", loc.lang),
            footer,
        )
        for s in deck.slides
    ]


def cited(data: Dataset, loc: Locale, pages: Sequence[Page]) -> list[str]:
    """The full reference of every source the pages use, once each, in order."""
    return catalogue(data, loc).reference_lines(s for p in pages for s in p.view.sources)


def deck_pptx(data: Dataset, loc: Locale, deck) -> bytes:
    pages = deck_pages(data, loc, deck)
    title = deck.title.get(loc.lang) or next(iter(deck.title.values()), loc.t("present.built"))
    return pptx(pages, loc, title, cited(data, loc, pages), dataset_line(data, loc))


def deck_pdf(data: Dataset, loc: Locale, deck, theme: str = "light") -> bytes:
    return pdf(deck_pages(data, loc, deck), loc, SLIDE, theme)


def profile_pdf(data: Dataset, loc: Locale, iso3: str) -> bytes:
    """A country profile on A4 pages: headline figures, ten years, recommendations."""
    footer = dataset_line(data, loc)
    pages = [page_of(data, loc, v, v.heading, "", footer) for v in profile_pages(data, loc, iso3)]
    return pdf(pages, loc, A4)
