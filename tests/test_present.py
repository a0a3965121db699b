"""Slides and their exports: the numbers of a slide are the dataset's; the PowerPoint has native
charts with those numbers, its source lines, right-to-left Arabic; the PDF one page per slide."""

from __future__ import annotations

import io
import math
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from dashboard import config
from dashboard.charts.style import contrast
from dashboard.i18n import Locale
from dashboard.slides import decks as dk
from dashboard.slides import documents, figures
from dashboard.slides.adapt import build
from dashboard.views.profile import HEADLINE
from tests.chart_marks import trace_colours
from tests.pdf_text import outline, tokens

EN, AR = Locale("en"), Locale("ar")
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def deck():
    return dk.load(config.decks_path())[0]["forum-session"]


def counted(data, indicator, iso3):
    """The dataset's own rows for a country's total of one indicator, by year."""
    obs = data.observations
    rows = obs[
        (obs.indicator == indicator)
        & (obs.iso3 == iso3)
        & (obs.sex == "total")
        & (obs.age == "total")
        & (obs.form == "total")
    ]
    return {int(r.year): r for r in rows.itertuples()}


def test_trend_slide_numbers_are_the_datasets_with_gaps_and_ranges_left_out(bundled):
    view = build(bundled, EN, "trends", {"series": "persons_convicted", "countries": "BHR,OMN"})
    series = dict(view.series.series)
    years = [int(y) for y in view.series.categories]
    for iso3, name in (("BHR", "Bahrain"), ("OMN", "Oman")):
        rows = counted(bundled, "persons_convicted", iso3)
        for year, value in zip(years, series[name], strict=True):
            row = rows.get(year)
            if row is None or math.isnan(row.value):
                assert value is None, (iso3, year)  # a gap or a range is not a number
            else:
                assert value == row.value, (iso3, year)
    # Oman has withheld counts (1-4): they are in the figure as ranges, not in the series.
    assert any(math.isnan(r.value) for r in counted(bundled, "persons_convicted", "OMN").values())


def test_compare_slide_lists_withheld_and_missing_countries(bundled):
    view = build(
        bundled, EN, "compare", {"indicator": "victims_detected", "year": "2022", "add": "NPL"}
    )
    values = dict(zip(view.series.categories, view.series.series[0][1], strict=True))
    assert values["Bahrain"] == counted(bundled, "victims_detected", "BHR")[2022].value
    assert values["Oman"] is None  # 1-4 in 2022
    assert any("Oman" in n for n in view.notes if "range" in n)
    assert any("Nepal" in n for n in view.notes)  # no 2022 figure: listed as missing
    assert "Nepal" not in values


def test_a_bad_parameter_falls_back_and_is_named(bundled):
    view = build(bundled, EN, "trends", {"measure": "<script>", "countries": "XXX"})
    assert set(view.rejected) == {"measure", "countries"}
    assert view.figure is not None


def test_overview_and_tracker_slides_are_tables(bundled):
    overview = build(bundled, AR, "overview", {"group": "gcc"})
    assert overview.kind == "table" and len(overview.table[1]) == 6
    tracker = build(bundled, EN, "tracker", {"countries": "BHR,QAT"})
    assert [row[0] for row in tracker.table[1]] == ["Bahrain", "Qatar"]


def test_flow_map_picture_is_made_on_the_server(bundled):
    view = build(bundled, EN, "flows", {"dest": "BHR"})
    image = Image.open(io.BytesIO(view.map_image()))
    assert image.size == (1920, 1080)
    blues = sum(1 for r, g, b in image.convert("RGB").get_flattened_data() if b > 120 and r < 60)
    assert blues > 500  # the counted flows are drawn


def test_powerpoint_of_the_default_deck(bundled, deck):
    from pptx import Presentation
    from pptx.enum.chart import XL_CHART_TYPE

    made = Presentation(io.BytesIO(documents.deck_pptx(bundled, EN, deck)))
    slides = list(made.slides)
    assert len(slides) == 1 + len(deck.slides) + 1  # cover, one per view, sources
    texts = [[s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in slides]
    for slide, shown in zip(deck.slides, texts[1:-1], strict=True):
        assert shown[0] == slide.title["en"]
        assert slide.takeaway["en"] in shown
        assert any(t.startswith("Source: ") for t in shown)
        assert any("Dataset version 1" in t for t in shown)
    assert texts[-1][0] == "Sources"
    assert "UNODC" in texts[-1][1] and "Walk Free" in texts[-1][1]
    # The trend slide's chart is a native line chart with the dataset's numbers.
    charts = [s.chart for s in slides[2].shapes if s.has_chart]
    assert len(charts) == 1 and charts[0].chart_type == XL_CHART_TYPE.LINE_MARKERS
    chart = charts[0]
    years = [int(c) for c in chart.plots[0].categories]
    bahrain = next(s for s in chart.series if s.name == "Bahrain")
    rows = counted(bundled, "persons_convicted", "BHR")
    for year, value in zip(years, bahrain.values, strict=True):
        expected = rows.get(year)
        if expected is None or pd.isna(expected.value):
            assert value is None
        else:
            assert value == expected.value
    assert [s for s in slides[3].shapes if s.shape_type == 13]  # the flow map, a picture
    assert [s for s in slides[4].shapes if s.has_table]  # the tracker, a table


def test_arabic_powerpoint_is_right_to_left(bundled, deck):
    from pptx import Presentation

    made = Presentation(io.BytesIO(documents.deck_pptx(bundled, AR, deck)))
    slide = list(made.slides)[1]
    title = next(s for s in slide.shapes if s.has_text_frame)
    assert title.text_frame.text == deck.slides[0].title["ar"]
    for shape in slide.shapes:
        frames = [shape.text_frame] if shape.has_text_frame else []
        if shape.has_table:
            assert shape.table._tbl.tblPr.get("rtl") == "1"
            frames = [c.text_frame for row in shape.table.rows for c in row.cells]
        for frame in frames:
            for paragraph in frame.paragraphs:
                assert paragraph._p.pPr.get("rtl") == "1"
                assert paragraph._p.pPr.get("algn") == "r"
    chart = next(s.chart for s in list(made.slides)[2].shapes if s.has_chart)
    assert chart.category_axis.reverse_order  # time runs right to left


needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="kaleido draws with Debian's chromium"
)


@needs_chromium
def test_pdf_of_a_deck_has_one_page_per_slide(bundled, deck):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(documents.deck_pdf(bundled, AR, deck)))
    assert len(reader.pages) == len(deck.slides)
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # a slide, 16:9
    text = reader.pages[1].extract_text()
    assert "2022" in text


@needs_chromium
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_profile_pdf_holds_every_section_of_the_page_and_every_latest_figure(bundled, lang):
    """The A4 PDF of a profile has every heading the profile page shows, in its order, and
    every row of the latest figures (the last one, offences recorded, too)."""
    from pypdf import PdfReader

    from tests.apptest import run_page

    loc = Locale(lang)
    reader = PdfReader(io.BytesIO(documents.profile_pdf(bundled, loc, "NPL")))
    for page in reader.pages:
        box = page.mediabox
        assert abs(float(box.width) / float(box.height) - 210 / 297) < 0.01
    at = run_page("profile", lang=lang, country="NPL")
    headings = [at.title[0].value, *(h.value for h in at.subheader)]
    assert len(headings) == 11
    assert [tokens(h) for h in outline(reader)] == [tokens(h) for h in headings]
    lines = [line for page in reader.pages for line in page.extract_text().splitlines()]
    view, _ = documents.profile_view(bundled, loc, "NPL")
    assert len(view.headline.rows) == len(HEADLINE)  # every figure, reported or not
    for row in view.headline.rows:  # each row whole, within a few lines of the text
        want = tokens(" ".join(row))
        assert any(not want - tokens(" ".join(lines[i : i + 6])) for i in range(len(lines))), row
    if lang == "en":
        text = " ".join(unicodedata.normalize("NFKC", "\n".join(lines)).split())
        assert "Offences recorded 145 (2021)" in text
        assert all("Dataset version 1, 7 October 2025" in p.extract_text() for p in reader.pages)


@needs_chromium
def test_a_printed_table_splits_between_rows_and_repeats_its_header():
    from pypdf import PdfReader

    from dashboard.ui.components import html_table
    from dashboard.ui.style import document_css

    rows = [[f"Country {n}", f"{n * 7} ({2000 + n % 20})", "a note " * (n % 4)] for n in range(150)]
    document = (
        f"<html><head><meta charset='utf-8'><style>{document_css(EN, 'FOOT')}</style></head>"
        f"<body>{html_table(['Country', 'Figure', 'Note'], rows, numeric=(1,))}</body></html>"
    )
    reader = PdfReader(io.BytesIO(figures.print_pdf(document)))
    assert len(reader.pages) > 2
    seen = []
    for page in reader.pages:
        text = page.extract_text()
        assert "FOOT" in text  # the foot of every page
        lines = [line for line in text.splitlines() if "FOOT" not in line]
        assert lines[0] == "Country Figure Note"  # the header, at the top of every page
        seen += [line for line in lines if line.startswith("Country ") and line != lines[0]]
    assert [line.split(" a note")[0].strip() for line in seen] == [
        f"{name} {figure}" for name, figure, _ in rows
    ]  # every row once, whole, in order


@needs_chromium
def test_one_chart_as_png_and_svg_at_slide_size(bundled):
    view = build(bundled, EN, "profile", {"country": "SAU"})
    png = figures.chart_image(view, "png")
    assert Image.open(io.BytesIO(png)).size == (1920, 1080)
    svg = figures.chart_image(view, "svg").decode()
    assert svg.startswith("<svg") and 'width="1920"' in svg
    assert "Persons convicted" in svg


def test_a_score_keeps_its_decimal_on_a_slide(bundled):
    view = build(bundled, EN, "compare", {"indicator": "gsi_response_total", "group": "forum"})
    assert view.series.decimals == 1
    assert any(v is not None and v != int(v) for v in view.series.series[0][1])


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_slides_ask_for_no_hover_and_name_the_flag_they_show(bundled, lang):
    loc = Locale(lang)
    flows = build(bundled, loc, "flows", {})
    assert loc.t("flows.key_direction_still") in flows.deck_key
    assert loc.t("flows.key_direction") not in flows.deck_key  # "hover a line": not on a slide
    trends = build(bundled, loc, "trends", {"series": "persons_convicted", "countries": "BHR,JOR"})
    opening = loc.t("present.flagged", countries="\x00").split("\x00")[0]
    flagged = [n for n in trends.notes if n.startswith(opening)]
    assert len(flagged) == 1
    # The note itself is on the slide, in the reader's language: no "see the trends page".
    note = "identical in the source" if lang == "en" else "تتطابق أعداد الأشخاص"
    assert note in flagged[0]
    names = dict(zip(bundled.countries.iso3, bundled.countries[f"name_{lang}"], strict=True))
    assert names["BHR"] in flagged[0] and names["JOR"] in flagged[0]


@pytest.mark.parametrize("theme", sorted(figures.THEMES))
def test_no_line_or_mark_vanishes_on_the_slides_paper(bundled, theme):
    """The palette's black line and the flag's dark cross would be black on the dark room's
    black: there they are drawn in the theme's text colour."""
    view = build(bundled, EN, "trends", {"series": "persons_convicted", "layout": "single"})
    assert "#000000" in trace_colours(view.figure)  # the page's chart has the black line
    paper = figures.THEMES[theme]["paper"]
    drawn = trace_colours(figures.slide_figure(view.figure, theme))
    assert drawn and min(contrast(c, paper) for c in drawn) >= 2
    if theme == "dark":
        assert "#ffffff" in drawn
