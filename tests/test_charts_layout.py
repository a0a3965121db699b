"""The one layout every chart and slide goes through (`charts.style.lay_out`): margins that
fit their labels, the reader's direction, digits and separators, room for labels outside
bars."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.charts.compare import ranked_bars
from dashboard.charts.style import label_width, lay_out, nice_ticks
from dashboard.charts.trends import breakdown_figure, funnel_figure, trend_figure
from dashboard.i18n import Locale
from dashboard.slides.figures import slide_figure

EN, AR, AR_DIGITS = Locale("en"), Locale("ar"), Locale("ar", "arab")
ARABIC_INDIC = set("٠١٢٣٤٥٦٧٨٩")
NAMES = {"BHR": "Bahrain", "ARE": "United Arab Emirates", "QAT": "Qatar"}


def ranked(values: dict[str, float | None]) -> pd.DataFrame:
    rows = []
    for k, (iso3, v) in enumerate(values.items()):
        withheld = v is None
        rows.append(
            {
                "iso3": iso3,
                "value": float("nan") if withheld else v,
                "lower": 1.0 if withheld else float("nan"),
                "upper": 4.0 if withheld else float("nan"),
                "year": 2022,
                "status": "suppressed" if withheld else "reported",
                "rank": k + 1,
                "missing": False,
            }
        )
    return pd.DataFrame(rows)


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 92, [0, 20, 40, 60, 80, 100]),
        (0, 7, [0, 2, 4, 6, 8]),
        (0, 0.93, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        (3, 3, [0, 1, 2, 3]),  # one figure: the axis still starts at zero
        (-12, 30, [-20, -10, 0, 10, 20, 30]),
    ],
)
def test_ticks_are_round_and_cover_the_figures(low, high, expected):
    assert nice_ticks(low, high) == pytest.approx(expected)


@pytest.mark.parametrize("loc", [EN, AR, AR_DIGITS], ids=["en", "ar", "ar-digits"])
def test_every_chart_fits_its_labels_and_titles(loc):
    bars = ranked_bars(ranked({"ARE": 92.0, "BHR": None}), NAMES, loc, 0, "Persons")
    frame = pd.DataFrame(
        {"iso3": ["BHR", "BHR"], "year": [2020, 2021], "value": [3.0, 5.0]}
        | {"lower": [float("nan")] * 2, "upper": [float("nan")] * 2}
        | {"status": ["reported"] * 2, "flag": ["", ""], "source": ["s", "s"]}
    )
    figures = [bars, trend_figure(frame, ["BHR"], NAMES, [2020, 2021], loc, y_title="Persons")]
    for fig in figures:
        for axis in (fig.layout.xaxis, fig.layout.yaxis):
            assert axis.automargin is True  # margins grow to fit tick labels and titles
            assert axis.title.standoff and axis.title.standoff >= 10
        if loc.rtl:
            assert fig.layout.yaxis.side == "right" and fig.layout.hoverlabel.align == "right"


def test_arabic_indic_digits_reach_the_value_axis():
    fig = ranked_bars(ranked({"ARE": 92.0, "QAT": 1250.0}), NAMES, AR_DIGITS, 0, "عدد")
    axis = fig.layout.xaxis
    assert list(axis.tickvals) == pytest.approx([0, 250, 500, 750, 1000, 1250])
    assert list(axis.ticktext) == ["٠", "٢٥٠", "٥٠٠", "٧٥٠", "١٬٠٠٠", "١٬٢٥٠"]
    assert fig.layout.separators == "٫٬"
    # Latin digits: plotly writes the ticks itself, with the usual separators
    latin = ranked_bars(ranked({"ARE": 92.0, "QAT": 1250.0}), NAMES, AR, 0, "عدد")
    assert latin.layout.xaxis.ticktext is None and latin.layout.separators == ".,"


def test_decimal_ticks_keep_their_decimals_in_arabic_indic_digits():
    fig = lay_out(go.Figure(go.Scatter(x=[2019, 2020], y=[0.35, 0.93])), AR_DIGITS)
    assert list(fig.layout.yaxis.ticktext) == ["٠٫٠", "٠٫٢", "٠٫٤", "٠٫٦", "٠٫٨", "١٫٠"]
    assert fig.layout.xaxis.ticktext is None  # the years are the chart's own business


@pytest.mark.parametrize("loc", [EN, AR], ids=["en", "ar"])
def test_labels_outside_bars_get_room_at_the_far_end(loc):
    fig = ranked_bars(ranked({"ARE": 92.0, "BHR": None, "QAT": 71.0}), NAMES, loc, 0, "n")
    texts = list(fig.data[0].text)
    room = label_width(texts)
    far, near = ("l", "r") if loc.rtl else ("r", "l")
    assert getattr(fig.layout.margin, far) >= room > 40  # "1–4 (2022)" is ten characters
    assert getattr(fig.layout.margin, near) <= 10  # the names' side is plotly's automargin


def test_a_slide_keeps_room_for_its_larger_bar_labels():
    fig = ranked_bars(ranked({"ARE": 92.0, "QAT": 71.0}), NAMES, AR, 0, "n")
    slide = slide_figure(fig)
    size = slide.data[0].textfont.size
    assert size > 14
    assert slide.layout.margin.l >= label_width(list(fig.data[0].text), size)


def test_funnel_and_breakdown_go_through_the_same_layout():
    stages = {"prosecuted": "Prosecuted", "convicted": "Convicted"}
    frame = pd.DataFrame(
        {"iso3": ["BHR", "BHR"], "stage": ["prosecuted", "convicted"], "value": [40.0, 38.0]}
        | {"lower": [float("nan")] * 2, "upper": [float("nan")] * 2}
    )
    funnel = funnel_figure(frame, ["BHR"], NAMES, stages, AR_DIGITS)
    assert funnel.layout.xaxis.ticktext is not None
    assert set("".join(funnel.layout.xaxis.ticktext)) <= ARABIC_INDIC | {"٬"}
    parts = pd.DataFrame(
        {"year": [2020, 2021], "category": ["a", "a"], "value": [3.0, 4.0]}
        | {"lower": [float("nan")] * 2, "upper": [float("nan")] * 2}
    )
    breakdown = breakdown_figure(
        parts, {"a": "A"}, [2020, 2021], AR_DIGITS, percent=False, y_title="n"
    )
    assert set("".join(breakdown.layout.yaxis.ticktext)) <= ARABIC_INDIC | {"٬"}
    assert breakdown.layout.yaxis.automargin is True
