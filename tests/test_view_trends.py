"""The trends view: built from tiny synthetic datasets, each case's rows giving its numbers; and
for the bundled dataset, the slide shows what the page shows, in both languages."""

from __future__ import annotations

from html import escape

import pandas as pd
import pytest

from dashboard.catalogue import catalogue
from dashboard.dataset import load_dataset
from dashboard.dataset.io import sort_table, write_folder
from dashboard.dataset.schema import TABLES_BY_NAME
from dashboard.i18n import Locale
from dashboard.slides import adapt as slides
from dashboard.views.trends import TrendsState, build
from tests.apptest import figures, html, run_page, shown
from tests.factories import MANIFEST, _obs, tiny_tables

EN, AR = Locale("en"), Locale("ar")
POP_SOURCE = {
    "source": "pop_source",
    "title": "Synthetic population",
    "title_ar": "سكان اصطناعيون",
    "citation_en": "Tests, population",
    "citation_ar": "اختبارات، السكان",
    "publisher": "Tests",
    "edition": "1",
    "url": "",
    "licence": "none",
    "licence_ar": "لا يوجد",
    "accessed": "2025-01-01",
}


def dataset(tmp_path, rows, population_source=False):
    """The tiny dataset with `rows` as its observations."""
    tables = tiny_tables()
    tables["observations"] = pd.DataFrame(rows)
    if population_source:
        tables["sources"] = pd.concat([tables["sources"], pd.DataFrame([POP_SOURCE])])
        indicators = tables["indicators"]
        indicators.loc[indicators.indicator == "population", "source"] = "pop_source"
    tables = {name: sort_table(frame, TABLES_BY_NAME[name]) for name, frame in tables.items()}
    folder = tmp_path / "data"
    write_folder(tables, MANIFEST, folder)
    result = load_dataset(folder)
    assert result.dataset is not None, result.report.render()
    return result.dataset


def state(data, **query):
    chosen, rejected = TrendsState.read(data, query)
    assert rejected == []
    return chosen


def convicted(iso3, year, value=None, **kw):
    return _obs(iso3, year, "persons_convicted", value, **kw)


def lines(view):
    return dict(view.trend.series)


# -- the trend: measures, gaps, ranges, sources -------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "query", "expected", "decimals", "sources"),
    [
        pytest.param(
            [convicted("BHR", 2021, 40), convicted("BHR", 2022, 38)],
            {},
            {"Bahrain": [40.0, 38.0]},
            0,
            ["test_source"],
            id="counts",
        ),
        pytest.param(
            [
                convicted("BHR", 2020, 30),
                convicted("BHR", 2022, 38),
            ],
            {},
            {"Bahrain": [30.0, None, 38.0]},  # 2021 not reported: a gap, never zero
            0,
            ["test_source"],
            id="gap",
        ),
        pytest.param(
            [
                convicted("BHR", 2021, 40),
                convicted("BHR", 2022, status="suppressed", lower=1, upper=4),
            ],
            {},
            {"Bahrain": [40.0, None]},  # withheld 1-4: a range, not a number
            0,
            ["test_source"],
            id="withheld",
        ),
        pytest.param(
            [
                convicted("BHR", 2021, 40),
                convicted("BHR", 2022, 38),
                _obs("BHR", 2021, "population", 2_000_000),
                _obs("BHR", 2022, "population", 1_900_000, source="pop_source"),
            ],
            {"measure": "per100k"},
            {"Bahrain": [2.0, 2.0]},
            2,
            ["test_source", "pop_source"],
            id="per100k",
        ),
        pytest.param(
            [
                convicted("BHR", 2021, 40),
                convicted("BHR", 2022, 38),
                _obs("BHR", 2021, "persons_prosecuted", 80),
                _obs("BHR", 2022, "persons_prosecuted", 38),
            ],
            {"measure": "ratio"},
            {"Bahrain": [0.5, 1.0]},
            2,
            ["test_source"],
            id="ratio",
        ),
        pytest.param(
            [
                convicted("BHR", 2021, 40),
                convicted("BHR", 2022, 38),
                _obs("BHR", 2021, "victims_detected", 50),
                _obs("BHR", 2022, "victims_detected", 19),
            ],
            {"measure": "per_victims"},
            {"Bahrain": [80.0, 200.0]},
            1,
            ["test_source"],
            id="per_victims",
        ),
        pytest.param(
            [convicted("BHR", 2021, 40), convicted("BHR", 2022, 50)],
            {"measure": "index", "base": "2021"},
            {"Bahrain": [100.0, 125.0]},
            0,
            ["test_source"],
            id="index",
        ),
    ],
)
def test_trend_numbers_decimals_and_sources(tmp_path, rows, query, expected, decimals, sources):
    data = dataset(tmp_path, rows, population_source=True)
    view = build(data, EN, state(data, countries="BHR", **query))
    trend = view.trend
    got = {
        name: [None if v is None else pytest.approx(v) for v in vs]
        for name, vs in lines(view).items()
    }
    assert got == expected
    first, last = min(trend.years), max(trend.years)
    assert trend.years == list(range(first, last + 1))
    assert trend.decimals == decimals
    assert trend.sources == sources
    how = query.get("measure", "absolute")  # the axis and the caption name the measure
    assert trend.y_title == EN.t(f"trends.measure_{how}")
    assert trend.explain == EN.t(f"trends.explain_{how}")
    cited = "; ".join(
        {"test_source": "Tests, synthetic source", "pop_source": "Tests, population"}[s]
        for s in sources
    )
    assert trend.source_text == EN.t(
        "chart.source_years", sources=cited, first=str(first), last=str(last)
    )
    assert view.changes is not None and [r[0] for r in view.changes.rows] == ["Bahrain"]


def test_download_keeps_years_whole_and_ranges_empty(tmp_path):
    data = dataset(
        tmp_path,
        [convicted("BHR", 2021, 40), convicted("BHR", 2022, status="suppressed", lower=1, upper=4)],
    )
    table = build(data, EN, state(data, countries="BHR")).trend.table
    assert str(table[EN.t("trends.col_year")].dtype) == "Int64"
    assert list(table[EN.t("trends.col_year")]) == [2021, 2022]
    values = list(table[EN.t("trends.col_value")])
    assert values[0] == 40 and pd.isna(values[1])  # empty, never a made-up 0
    assert list(table[EN.t("trends.col_lower")])[1] == 1


def test_nothing_reported_in_the_years_says_so(tmp_path):
    data = dataset(tmp_path, [convicted("BHR", 2020, 30), convicted("BHR", 2022, 38)])
    view = build(data, EN, state(data, countries="BHR", **{"from": "2021", "to": "2021"}))
    assert view.trend.empty_text == EN.t("trends.no_data")
    assert view.trend.series == [] and view.changes is None


@pytest.mark.parametrize("base", ["2015", "2021"])
def test_an_index_with_no_country_reporting_the_base_year_names_them_all(tmp_path, base):
    """The default base year (2015) once wiped the page when no country had a figure in it."""
    data = dataset(
        tmp_path,
        [convicted("BHR", 2010, 40), convicted("BHR", 2022, 38), convicted("JOR", 2022, 7)],
    )
    view = build(data, EN, state(data, countries="BHR,JOR", measure="index", base=base))
    trend = view.trend
    assert trend.left_out_text == EN.t("trends.left_out", countries="Bahrain, Jordan", year=base)
    assert trend.empty_text == EN.t("trends.no_data")
    assert trend.series == [] and view.changes is None


# -- texts: who has no index, flagged notes, in both languages ---------------------------------


@pytest.mark.parametrize(
    ("lang", "countries"), [("en", "Bahrain, Jordan"), ("ar", "البحرين، الأردن")]
)
def test_countries_with_no_base_are_listed_with_the_readers_separator(tmp_path, lang, countries):
    data = dataset(
        tmp_path,
        [
            convicted("BHR", 2022, 38),
            convicted("JOR", 2021, status="suppressed", lower=1, upper=4),
            convicted("JOR", 2022, 5),
            convicted("NPL", 2021, 10),
            convicted("NPL", 2022, 20),
        ],
    )
    loc = Locale(lang)
    view = build(data, loc, state(data, countries="BHR,JOR,NPL", measure="index", base="2021"))
    assert view.trend.left_out_text == loc.t("trends.left_out", countries=countries, year="2021")
    nepal = "Nepal" if lang == "en" else "نيبال"
    assert lines(view) == {nepal: [100.0, 200.0]}


@pytest.mark.parametrize(
    ("lang", "note_ar", "said"),
    [
        ("en", "عُدّ مرتين", "Bahrain (counted twice), Jordan"),
        ("ar", "عُدّ مرتين", "البحرين (عُدّ مرتين)، الأردن"),
        ("ar", "", "البحرين (counted twice)، الأردن"),  # no Arabic note: the source's own
    ],
)
def test_flagged_countries_are_named_with_their_note(tmp_path, lang, note_ar, said):
    data = dataset(
        tmp_path,
        [
            convicted("BHR", 2021, 40),
            convicted("BHR", 2022, 38, status="flagged", note="counted twice", note_ar=note_ar),
            convicted("JOR", 2022, 7, status="flagged"),
        ],
    )
    loc = Locale(lang)
    trend = build(data, loc, state(data, countries="BHR,JOR")).trend
    assert trend.flagged_text == loc.t("present.flagged", countries=said)
    name = "Bahrain" if lang == "en" else "البحرين"
    note = note_ar if lang == "ar" else "counted twice"
    assert trend.notes_rows == ([(name, note)] if note else [])


# -- the regional line -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "jordan", "region", "says"),
    [
        ("complete", [2022], [None, 48.0], False),  # only the year both reported
        ("reported", [2022], [40.0, 48.0], False),  # every year, over those who reported
        ("complete", [2020], None, True),  # no year both reported: said, not drawn
    ],
)
def test_regional_line(tmp_path, rule, jordan, region, says):
    rows = [convicted("BHR", 2021, 40), convicted("BHR", 2022, 38)]
    rows += [convicted("JOR", y, 10) for y in jordan]
    data = dataset(tmp_path, rows)
    view = build(data, EN, state(data, countries="BHR,JOR", region=rule, **{"from": "2021"}))
    trend = view.trend
    assert lines(view).get(EN.t("trends.region_name")) == region
    assert bool(trend.region_text) == says
    if says:
        assert trend.region_text == EN.t("trends.region_none_complete", first="2021", last="2022")


def test_with_no_year_every_country_reported_the_countries_are_still_drawn(tmp_path):
    # It used to fail with "This view could not be drawn" for the forum, the GCC and MENA.
    rows = [convicted("BHR", 2021, 40), convicted("BHR", 2022, 38), convicted("JOR", 2020, 10)]
    data = dataset(tmp_path, rows)
    view = build(data, EN, state(data, countries="BHR,JOR", region="complete"))
    assert view.trend.region_text == EN.t("trends.region_none_complete", first="2020", last="2022")
    assert lines(view) == {"Bahrain": [None, 40.0, 38.0], "Jordan": [10.0, None, None]}


def test_no_regional_line_with_one_panel_per_country(tmp_path):
    data = dataset(tmp_path, [convicted("BHR", 2021, 40), convicted("JOR", 2021, 10)])
    view = build(data, EN, state(data, countries="BHR,JOR", region="reported", layout="multiples"))
    assert view.trend.region is None and list(lines(view)) == ["Bahrain", "Jordan"]


@pytest.mark.parametrize(
    ("lang", "edition", "measure"),
    [
        ("en", "Forum: Manama 2019", "Bahrain: gsi m1321 (in place, Tests, synthetic source)"),
        ("ar", "المنتدى: المنامة 2019", "البحرين: مؤشر (قائم، اختبارات، مصدر اصطناعي)"),
    ],
)
def test_events_are_the_forums_editions_and_the_measures_in_place(tmp_path, lang, edition, measure):
    # The tiny dataset: an edition in Manama in 2019; Bahrain's measure in place in 2023.
    data = dataset(tmp_path, [convicted("BHR", 2018, 5), convicted("BHR", 2022, 38)])
    loc = Locale(lang)
    view = build(data, loc, state(data, countries="BHR", events="on"))
    trend = view.trend
    assert trend.events == [(2019, edition), (2023, measure)]
    assert trend.events_rows == [("2019", edition), ("2023", measure)]
    # The measure is dated by its evidence, after the last count: the time axis runs on to it,
    # with no figure in the years after the last count.
    assert trend.years == list(range(2018, 2024))
    assert [values[-2:] for values in lines(view).values()] == [[38.0, None]]
    off = build(data, loc, state(data, countries="BHR")).trend
    assert off.events == [] and off.events_rows == [] and off.years[-1] == 2022


def test_a_measure_of_a_country_not_drawn_is_no_event(tmp_path):
    data = dataset(tmp_path, [convicted("BHR", 2018, 5), convicted("JOR", 2022, 38)])
    trend = build(data, EN, state(data, countries="JOR", events="on")).trend
    assert trend.events == [(2019, "Forum: Manama 2019")]  # Bahrain's measure is not drawn
    # Jordan's one figure is 2022: the axis starts at the edition, not at the empty 2018
    assert trend.years == [2019, 2020, 2021, 2022]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "Drawn: 2019–2020, the years with a figure for the chosen countries"
            " (chosen: 2017–2022).",
        ),
        (
            "ar",
            "المرسوم: 2019–2020، وهي السنوات التي فيها رقم للبلدان المختارة (المختار: 2017–2022).",
        ),
    ],
)
def test_the_time_axis_leaves_out_the_empty_years_around_the_figures(tmp_path, lang, said):
    rows = [convicted("BHR", 2017, 5), convicted("BHR", 2022, 9), convicted("JOR", 2019, 3)]
    rows.append(convicted("JOR", 2020, 4))
    data = dataset(tmp_path, rows)
    trend = build(data, Locale(lang), state(data, countries="JOR")).trend
    assert trend.years == [2019, 2020]
    assert trend.span_text == said
    assert "2019" in trend.heading and "2017" not in trend.heading
    both = build(data, Locale(lang), state(data, countries="BHR,JOR")).trend
    assert both.years == list(range(2017, 2023)) and both.span_text == ""


# -- change, funnel, breakdown ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "latest", "average"),
    [
        ({2020: 30, 2021: 40, 2022: 38}, ("−2", "2021", "2022"), ("+4.0", "2020", "2022", "3")),
        ({2021: 40, 2022: 38}, ("−2", "2021", "2022"), None),
        ({2022: 38}, None, None),
    ],
)
def test_change_figures(tmp_path, values, latest, average):
    data = dataset(tmp_path, [convicted("BHR", y, v) for y, v in values.items()])
    first = min(values)
    changes = build(data, EN, state(data, countries="BHR", **{"from": str(first)})).changes
    t = EN.t
    said = (
        t("trends.change_one")
        if latest is None
        else t("trends.change_last_value", value=latest[0], first=latest[1], last=latest[2])
    )
    if average is None:
        years = EN.years(first, 2022)
        expected = t("trends.change_too_few", years=years)
    else:
        value, a, b, n = average
        expected = t("trends.change_average_value", value=value, first=a, last=b, n=n)
    assert changes.rows == [("Bahrain", said, expected)]


def test_funnel_of_one_year(tmp_path):
    data = dataset(
        tmp_path,
        [
            convicted("BHR", 2021, 40),
            convicted("BHR", 2022, 38),
            _obs("BHR", 2022, "victims_detected", 90),
            _obs("BHR", 2022, "persons_prosecuted", status="suppressed", lower=1, upper=4),
            _obs("BHR", 2021, "persons_prosecuted", 70),
            convicted("JOR", 2020, 5),
        ],
    )
    funnel = build(data, EN, state(data, countries="BHR", funnel_year="2022")).funnel
    assert dict(zip(funnel.frame.stage, funnel.frame.value.fillna(-1), strict=True)) == {
        "victims_detected": 90,
        "persons_prosecuted": -1,
        "persons_convicted": 38,
    }
    assert funnel.source_text == EN.t(
        "chart.source_year", sources="Tests, synthetic source", year="2022"
    )
    assert funnel.file_name == "funnel-2022.csv"
    assert funnel.unreported_text == ""
    # no chosen country reported victims detected in 2021: named under the chart, not a bar
    year = build(data, EN, state(data, countries="BHR", funnel_year="2021")).funnel
    assert list(year.stages) == ["persons_prosecuted", "persons_convicted"]
    victims = catalogue(data, EN).indicators["victims_detected"]
    assert year.unreported_text == (
        f"Not reported by any of the chosen countries in 2021, so not drawn: {victims}."
    )
    nothing = build(data, EN, state(data, countries="BHR", funnel_year="2020")).funnel
    assert len(nothing.stages) == 3 and nothing.unreported_text == ""  # each stage says so


def form(iso3, year, indicator, part, value=None, **kw):
    return _obs(iso3, year, indicator, value, form=part, **kw)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_breakdown_lists_withheld_parts_and_parts_over_the_total(tmp_path, lang):
    rows = [
        convicted("BHR", 2021, 40),
        convicted("JOR", 2022, 8),
        _obs("BHR", 2021, "victims_detected", 10),
        _obs("BHR", 2022, "victims_detected", 10),
        form("BHR", 2021, "victims_detected", "sexual_exploitation", 6),
        form(
            "BHR", 2021, "victims_detected", "forced_labour", status="suppressed", lower=1, upper=4
        ),
        form("BHR", 2022, "victims_detected", "sexual_exploitation", 8),
        form("BHR", 2022, "victims_detected", "forced_labour", 5),
        form("BHR", 2022, "victims_detected", "other", status="suppressed", lower=1, upper=4),
    ]
    data = dataset(tmp_path, rows)
    loc = Locale(lang)
    view = build(data, loc, state(data, countries="JOR,BHR", focus="BHR", **{"from": "2021"}))
    part = view.breakdown
    assert part.iso3 == "BHR" and part.years == [2021, 2022]
    labour, other = loc.t("split.forced_labour"), loc.t("split.other")
    sep = ", " if lang == "en" else "، "
    assert part.withheld_text == loc.t(
        "trends.withheld_parts", parts=f"{labour} {loc.year(2021)}{sep}{other} {loc.year(2022)}"
    )
    assert part.caution == loc.t("trends.parts_exceed", years=loc.year(2022))  # 8 + 5 > 10
    assert str(part.table[loc.t("trends.col_year")].dtype) == "Int64"
    # Jordan reported no split: said, with nothing drawn.
    jordan = build(data, loc, state(data, countries="JOR,BHR")).breakdown
    assert jordan.iso3 == "JOR"
    jordan_name = "Jordan" if lang == "en" else "الأردن"
    assert jordan.empty_text == loc.t("trends.no_breakdown", country=jordan_name)


def test_the_breakdowns_country_must_be_one_chosen(tmp_path):
    data = dataset(tmp_path, [convicted("BHR", 2022, 38), convicted("JOR", 2022, 8)])
    chosen, rejected = TrendsState.read(data, {"countries": "BHR", "focus": "JOR"})
    assert rejected == ["focus"] and chosen.focus == "BHR"


def test_the_default_countries_are_the_forums_in_english_order(tmp_path):
    data = dataset(tmp_path, [convicted("BHR", 2022, 38), convicted("JOR", 2022, 8)])
    assert TrendsState.read(data, {})[0].countries == ("BHR", "JOR")


# -- the slide shows what the page shows -----------------------------------------------------

VIEWS = [
    pytest.param({}, id="default"),
    pytest.param({"measure": "per100k", "countries": "BHR,QAT,ARE"}, id="per100k"),
    pytest.param({"region": "reported", "countries": "BHR,KWT"}, id="region"),
]


def chart_lines(spec) -> dict[str, dict]:
    """Each line of the page's trend chart (country or region): its numbers by year."""
    out = {}
    for trace in spec["data"]:
        if trace.get("mode", "").startswith("lines") and trace.get("name"):
            out[trace["name"]] = dict(zip(trace["x"], trace["y"], strict=True))
    return out


@pytest.mark.parametrize("query", VIEWS)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_slide_equals_page(bundled, lang, query):
    loc = Locale(lang)
    slide = slides.build(bundled, loc, "trends", query)
    assert slide.rejected == [] and slide.series is not None
    at = run_page("trends", lang=lang, **query)
    assert not at.exception
    page = html(at)
    line = escape(slides.source_text(bundled, loc, slide))
    assert f'<p class="tip-source">{line}</p>' in page
    spec = figures(at)[0]
    drawn = chart_lines(spec)
    assert [name for name, _ in slide.series.series] == list(drawn)
    for name, values in slide.series.series:
        by_year = drawn[name]
        for year, value in zip(slide.series.categories, values, strict=True):
            assert by_year.get(int(year)) == (None if value is None else pytest.approx(value))
    assert spec["layout"]["yaxis"]["title"]["text"] == slide.series.axis_title
    said = [shown(c.value) for c in at.caption] + [shown(i.value) for i in at.info]
    for note in slide.notes:
        assert note in said
    if "region" in query:
        assert loc.t("trends.region_name") in drawn


@pytest.mark.parametrize("how", ["ratio", "per_victims"])
def test_a_ratio_of_withheld_counts_is_named_not_drawn(tmp_path, how):
    withheld = {"status": "suppressed", "lower": 1, "upper": 4}
    rows = [
        convicted("BHR", 2020, 10),
        _obs("BHR", 2020, "persons_prosecuted", 20),
        _obs("BHR", 2020, "victims_detected", 40),
        _obs("BHR", 2021, "persons_convicted", **withheld),
        _obs("BHR", 2021, "persons_prosecuted", **withheld),
        _obs("BHR", 2021, "victims_detected", **withheld),
    ]
    data = dataset(tmp_path, rows)
    trend = build(data, EN, state(data, countries="BHR", measure=how)).trend
    assert list(trend.frame.year) == [2020]  # drawn: the exact ratio only
    assert trend.undrawn_text == EN.t(
        "trends.ranges_not_drawn", measure=EN.t(f"trends.measure_{how}"), countries="Bahrain (2021)"
    )
    fig = trend.figure()
    assert not [t for t in fig.data if t.error_y and t.error_y.array is not None]  # no range bar
    # the table and the download keep the range
    ranged = trend.table[trend.table.Year == 2021]
    assert len(ranged) == 1 and ranged["Value"].isna().all()
    assert ranged["Lower bound"].notna().all() and ranged["Upper bound"].notna().all()
    counts = build(data, EN, state(data, countries="BHR", measure="absolute")).trend
    assert counts.undrawn_text == "" and 2021 in set(counts.frame.year)  # a count's 1-4 is drawn
    # nor the regional line's range that year
    query = {"countries": "BHR", "measure": how, "region": "reported"}
    region = build(data, EN, state(data, **query)).trend
    assert region.region is not None and list(region.region.year) == [2020]
    assert region.undrawn_text.endswith("Bahrain (2021), Chosen countries together (2021).")
    assert region.years == [2020, 2021]
