"""A deck as a 16:9 PowerPoint file (python-pptx): bar and line charts are native, editable
charts built from the same numbers as the screen (a withheld or missing figure is a gap); the
flow map is a picture made with Pillow; tables are PowerPoint tables. Arabic slides are right
to left (paragraph direction, alignment, table and axis direction). A closing slide lists every
source.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from dashboard.i18n import Locale
from dashboard.slides.adapt import View
from dashboard.slides.figures import Page


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
