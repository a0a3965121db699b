"""The coverage grid's figure: counts, text, hover, and mirroring for Arabic."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.coverage import coverage_grid
from dashboard.i18n import Locale
from dashboard.metrics.overview import coverage
from tests.factories import _obs

NAMES = {"BHR": "Bahrain", "JOR": "Jordan"}
LETTERS = {"victims_detected": "V", "persons_prosecuted": "P", "persons_convicted": "C"}


def figure(locale):
    obs = pd.DataFrame(
        [
            _obs("BHR", 2019, "persons_convicted", 39),
            _obs("BHR", 2019, "victims_detected", 11),
            _obs("JOR", 2020, "persons_prosecuted", 40),
        ]
    )
    grid, years = coverage(obs, ["BHR", "JOR"])
    return coverage_grid(grid, years, NAMES, LETTERS, locale)


def test_cells_count_and_name_what_was_reported():
    trace = figure(Locale("en")).data[0]
    assert list(trace.y) == ["Bahrain", "Jordan"]
    assert list(trace.x) == ["2019", "2020"]
    assert [list(r) for r in trace.z] == [[2, 0], [0, 1]]
    assert [list(r) for r in trace.text] == [["V C", ""], ["", "P"]]
    assert trace.hovertext[1][0] == "Jordan, 2019: nothing reported"


def test_english_reads_left_to_right():
    fig = figure(Locale("en"))
    assert fig.layout.xaxis.autorange is None
    assert fig.layout.yaxis.side != "right"


def test_arabic_is_mirrored_with_arabic_digits():
    fig = figure(Locale("ar", "arab"))
    assert fig.layout.xaxis.autorange == "reversed"
    assert fig.layout.yaxis.side == "right"
    assert list(fig.layout.xaxis.ticktext) == ["٢٠١٩", "٢٠٢٠"]
    assert "لم يُبلَّغ عن شيء" in fig.data[0].hovertext[1][0]
    assert fig.layout.margin.r > fig.layout.margin.l
