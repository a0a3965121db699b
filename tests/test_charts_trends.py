"""Trend, funnel and breakdown figures: gaps, ranges, flags, region, events, direction."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.trends import breakdown_figure, funnel_figure, trend_figure
from dashboard.i18n import Locale
from dashboard.metrics.trends import breakdown, funnel, measure, regional
from tests.factories import _obs

NAMES = {"BHR": "Bahrain", "JOR": "Jordan"}
YEARS = [2018, 2019, 2020, 2021]
OBS = pd.DataFrame(
    [
        _obs("BHR", 2018, "persons_convicted", 20),
        _obs("BHR", 2020, "persons_convicted", 40, "flagged", note="same as prosecuted"),
        _obs("BHR", 2021, "persons_convicted", None, "suppressed", 1, 4),
        _obs("JOR", 2018, "persons_convicted", 10),
        _obs("JOR", 2019, "persons_convicted", 30),
        _obs("BHR", 2018, "victims_detected", 5),
        _obs("BHR", 2018, "persons_prosecuted", 40),
        _obs("BHR", 2020, "victims_detected", 6, sex="female"),
        _obs("BHR", 2020, "victims_detected", None, "suppressed", 1, 4, sex="male"),
    ]
)


def figure(locale=None, **kw):
    locale = locale or Locale("en")
    frame, _ = measure(OBS, ["BHR", "JOR"], "persons_convicted", "absolute")
    return trend_figure(frame, ["BHR", "JOR"], NAMES, YEARS, locale, y_title="persons", **kw)


def traces_named(fig, name):
    return [t for t in fig.data if t.name == name]


def test_missing_years_are_gaps_not_zero():
    line = traces_named(figure(), "Bahrain")[0]
    assert list(line.x) == YEARS
    assert list(line.y) == [20, None, 40, None]
    assert line.connectgaps is False


def test_suppressed_is_a_range_marker_not_a_point():
    bahrain = traces_named(figure(), "Bahrain")
    ranged = next(t for t in bahrain if t.error_y and t.error_y.array is not None)
    assert list(ranged.x) == [2021]
    middle = ranged.y[0]
    assert middle - ranged.error_y.arrayminus[0] == 1
    assert middle + ranged.error_y.array[0] == 4
    assert "withheld: between 1 and 4" in ranged.hovertext[0]


def test_flagged_figures_carry_a_visible_marker():
    bahrain = traces_named(figure(), "Bahrain")
    marks = [t for t in bahrain if t.marker and t.marker.symbol == "x-thin"]
    assert list(marks[0].x) == [2020]
    assert "flagged" in traces_named(figure(), "Bahrain")[0].hovertext[2]


KEY_FLAGGED, KEY_WITHHELD = (
    Locale("en").t("trends.key_flagged"),
    Locale("en").t("trends.key_withheld"),
)


def in_legend(fig) -> list[str]:
    return [
        t.name for t in fig.data if t.showlegend is not False and fig.layout.showlegend is not False
    ]


def test_the_legend_names_the_flagged_cross_and_the_withheld_bar():
    for fig in (figure(), figure(multiples=True)):
        assert in_legend(fig)[-2:] == [KEY_FLAGGED, KEY_WITHHELD]
        flag, withheld = traces_named(fig, KEY_FLAGGED)[0], traces_named(fig, KEY_WITHHELD)[0]
        # the legend's symbol is the mark drawn: the flagged cross, and a vertical bar
        cross = next(t for t in traces_named(fig, "Bahrain") if t.marker.symbol == "x-thin")
        assert flag.marker.symbol == cross.marker.symbol
        assert withheld.marker.symbol == "line-ns"
        assert list(flag.x) == [None] and list(withheld.x) == [None]  # a key, not a point
    arabic = figure(Locale("ar", "arab"))
    assert Locale("ar", "arab").t("trends.key_withheld") in in_legend(arabic)


def test_a_mark_not_drawn_is_not_in_the_legend():
    frame, _ = measure(OBS, ["JOR"], "persons_convicted", "absolute")
    fig = trend_figure(frame, ["JOR"], NAMES, YEARS, Locale("en"), y_title="persons")
    assert in_legend(fig) == ["Jordan"]
    # nor the marks of a country whose rows are in the frame but not chosen
    frame, _ = measure(OBS, ["BHR", "JOR"], "persons_convicted", "absolute")
    fig = trend_figure(frame, ["JOR"], NAMES, YEARS, Locale("en"), y_title="persons")
    assert in_legend(fig) == ["Jordan"]
    multiples = trend_figure(
        frame, ["JOR"], NAMES, YEARS, Locale("en"), y_title="persons", multiples=True
    )
    assert multiples.layout.showlegend is False


def test_a_withheld_regional_figure_is_keyed_too():
    region = pd.DataFrame(
        {"year": [2021], "value": [float("nan")], "low": [1.0], "high": [4.0], "n": [1], "m": [2]}
    )
    frame, _ = measure(OBS, ["JOR"], "persons_convicted", "absolute")
    fig = trend_figure(frame, ["JOR"], NAMES, YEARS, Locale("en"), y_title="p", region=region)
    assert KEY_WITHHELD in in_legend(fig) and KEY_FLAGGED not in in_legend(fig)


def test_regional_line_with_n_of_m_in_hover():
    region = regional(OBS, ["BHR", "JOR"], "persons_convicted", "absolute", "reported")
    fig = figure(region=region)
    line = traces_named(fig, "Chosen countries together")[0]
    assert list(line.y)[:2] == [30, 30]
    assert "1 of 2 countries reported" in line.hovertext[1]
    # written on the chart too, not only on hover: a point of 1 of 2 is not the region
    assert list(line.text) == ["2 of 2", "1 of 2", "1 of 2", ""]
    assert line.line.dash == "dash"


def test_small_multiples_one_panel_per_country():
    fig = figure(multiples=True, shared=False)
    titles = [a.text for a in fig.layout.annotations]
    assert titles == ["Bahrain", "Jordan"]
    assert fig.layout.xaxis2 is not None and fig.layout.yaxis2.matches is None


def drawn_ranges(fig) -> dict[str, list[float]]:
    """Each value axis's range as plotly.js computes it (in the bundled browser engine)."""
    full = fig.full_figure_for_development(warn=False)
    return {a.plotly_name: list(a.range) for a in full.select_yaxes()}


def test_every_panel_on_one_scale_draws_its_highest_figure():
    # plotly's matched axes with a fixed time range kept the empty range 0-4: lines off-chart
    ranges = drawn_ranges(figure(multiples=True, shared=True))
    assert len(ranges) == 2 and len({tuple(r) for r in ranges.values()}) == 1
    low, high = next(iter(ranges.values()))
    assert low == 0 and 40 <= high < 50  # Bahrain's 40 (2020) is the highest figure drawn
    free = drawn_ranges(figure(multiples=True, shared=False))
    assert free["yaxis"][1] >= 40 and 30 <= free["yaxis2"][1] < 40  # Jordan's own scale


def test_events_are_vertical_lines_with_labels():
    fig = figure(events=[(2019, "Forum: Manama 2019")])
    assert any(s.x0 == 2019 and s.type == "line" for s in fig.layout.shapes)
    assert any(a.text == "Forum: Manama 2019" for a in fig.layout.annotations)


def test_arabic_time_runs_right_to_left():
    fig = figure(Locale("ar", "arab"))
    assert list(fig.layout.xaxis.range) == [2021.5, 2017.5]
    assert fig.layout.yaxis.side == "right"
    assert list(fig.layout.xaxis.ticktext) == ["٢٠١٨", "٢٠١٩", "٢٠٢٠", "٢٠٢١"]


def test_funnel_labels_missing_stages_and_ranges():
    frame = funnel(OBS, ["BHR", "JOR"], 2018)
    stages = {
        "victims_detected": "Detected",
        "persons_formal_contact": "Contact",
        "persons_prosecuted": "Prosecuted",
        "persons_convicted": "Convicted",
    }
    fig = funnel_figure(frame, ["BHR", "JOR"], NAMES, stages, Locale("en"))
    bars = {t.name: t for t in fig.data}
    assert list(bars["Detected"].text) == ["5", "not reported"]
    assert list(bars["Contact"].x) == [0, 0]
    assert list(bars["Convicted"].text) == ["20", "10"]


def test_breakdown_percent_and_withheld_parts_not_stacked():
    frame = breakdown(OBS, "BHR", "victims_detected", "sex")
    fig = breakdown_figure(
        frame,
        {"female": "Female", "male": "Male"},
        [2020],
        Locale("en"),
        percent=True,
        y_title="%",
    )
    assert fig.layout.barnorm == "percent"
    assert [t.name for t in fig.data] == ["Female"]


def test_each_country_has_its_own_shape_and_colour():
    iso3s = ["ARE", "BHR", "EGY", "JOR", "KWT", "OMN", "QAT", "SAU"]
    obs = pd.DataFrame([_obs(i, 2020, "persons_convicted", 10 + k) for k, i in enumerate(iso3s)])
    frame, _ = measure(obs, iso3s, "persons_convicted", "absolute")
    fig = trend_figure(frame, iso3s, {i: i for i in iso3s}, [2020], Locale("en"), y_title="p")
    lines = [t for t in fig.data if t.mode == "lines+markers"]
    assert len(lines) == 8
    assert len({t.marker.symbol for t in lines}) == 8  # not told apart by colour alone
    assert len({t.line.color for t in lines}) == 8
    assert {"square", "x-thin"}.isdisjoint({t.marker.symbol for t in lines})  # region, flag
