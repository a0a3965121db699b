"""The coverage grid: counts, letters, hover text, escaping, and direction helpers."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.coverage import coverage_cells, coverage_html
from dashboard.charts.style import lay_out
from dashboard.i18n import Locale
from dashboard.metrics.overview import coverage
from tests.factories import _obs

NAMES = {"BHR": "Bahrain", "JOR": "Jordan"}
LETTERS = {"victims_detected": "V", "persons_prosecuted": "P", "persons_convicted": "C"}


def grid():
    obs = pd.DataFrame(
        [
            _obs("BHR", 2019, "persons_convicted", 39),
            _obs("BHR", 2019, "victims_detected", 11),
            _obs("JOR", 2020, "persons_prosecuted", 40),
        ]
    )
    return coverage(obs, ["BHR", "JOR"])


def test_cells_list_reported_indicators_in_order():
    frame, years = grid()
    cells = coverage_cells(frame, years, list(LETTERS))
    assert cells == {
        ("BHR", 2019): ["victims_detected", "persons_convicted"],
        ("JOR", 2020): ["persons_prosecuted"],
    }


def test_html_grid_levels_letters_and_hover():
    frame, years = grid()
    html = coverage_html(frame, years, NAMES, LETTERS, Locale("en"))
    cells = re.findall(r"<td class='(cov-\d)' title='([^']*)'>([^<]*)</td>", html)
    assert [(c, t) for c, _, t in cells] == [
        ("cov-2", "V C"),
        ("cov-0", ""),
        ("cov-0", ""),
        ("cov-1", "P"),
    ]
    assert cells[2][1] == "Jordan, 2019: nothing reported"
    assert "<th scope='col'>2019</th><th scope='col'>2020</th>" in html


def test_newest_year_first_for_a_phone():
    frame, years = grid()
    html = coverage_html(frame, years, NAMES, LETTERS, Locale("en"), newest_first=True)
    assert "<th scope='col'>2020</th><th scope='col'>2019</th>" in html
    cells = re.findall(r"<td class='(cov-\d)' title='([^']*)'>([^<]*)</td>", html)
    # each cell stays under its year: Bahrain's 2019 is now its second cell
    assert [(t, text) for _, t, text in cells] == [
        ("Bahrain, 2020: nothing reported", ""),
        ("Bahrain, 2019: V C", "V C"),
        ("Jordan, 2020: P", "P"),
        ("Jordan, 2019: nothing reported", ""),
    ]


def test_html_grid_in_arabic_with_arabic_digits():
    frame, years = grid()
    html = coverage_html(
        frame, years, {"BHR": "البحرين", "JOR": "الأردن"}, LETTERS, Locale("ar", "arab")
    )
    assert "<th scope='col'>٢٠١٩</th>" in html
    assert "لم يُبلَّغ عن شيء" in html
    assert "<th scope='row'>البحرين</th>" in html


def test_names_are_escaped():
    frame, years = grid()
    names = {"BHR": "<img src=x onerror=alert(1)>", "JOR": "Jordan's"}
    html = coverage_html(frame, years, names, LETTERS, Locale("en"))
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Jordan&#x27;s" in html


def test_lay_out_mirrors_only_arabic():
    english = lay_out(go.Figure(go.Scatter(x=[2020, 2021], y=[1, 2])), Locale("en"))
    arabic = lay_out(go.Figure(go.Scatter(x=[2020, 2021], y=[1, 2])), Locale("ar"))
    assert english.layout.xaxis.autorange is None and english.layout.yaxis.side is None
    assert arabic.layout.xaxis.autorange == "reversed" and arabic.layout.yaxis.side == "right"
