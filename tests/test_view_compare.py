"""The compare view: built from tiny, made-up tables whose answers are known; and the page and
its slide showing the same view."""

from __future__ import annotations

import json
import math
from html import escape

import pytest

from dashboard.catalogue import catalogue
from dashboard.i18n import Locale
from dashboard.slides.adapt import build as slide
from dashboard.slides.adapt import source_text
from dashboard.views.compare import CompareState, build
from tests.apptest import figures, html, run_page, shown
from tests.factories import obs, tiny_dataset

EN, AR = Locale("en"), Locale("ar")


def screen(view):
    """The screen table by country code: its rows are the download's, without the codes."""
    return view.table_shown.set_index(view.table.iso3.to_numpy())


def state(data, **query):
    found, rejected = CompareState.read(data, query)
    assert rejected == []
    return found


CASES = {
    # name: (observations, query, expected ranked (iso3, value or None, rank or None))
    "exact figures rank high to low": (
        [obs("BHR", 2022, "persons_convicted", 38), obs("JOR", 2022, "persons_convicted", 71)],
        {"year": "2022"},
        [("JOR", 71.0, 1), ("BHR", 38.0, 2)],
    ),
    "a withheld figure ranks by the top of its range, after an exact equal": (
        [
            obs("BHR", 2022, "persons_convicted", status="suppressed", lower=1, upper=4),
            obs("JOR", 2022, "persons_convicted", 4),
        ],
        {"year": "2022"},
        [("JOR", 4.0, 1), ("BHR", None, 2)],
    ),
    "a country with no figure is missing, never 0": (
        [obs("JOR", 2021, "persons_convicted", 5)],
        {"year": "latest"},
        [("JOR", 5.0, 1), ("BHR", None, None)],
    ),
    "latest is each country's own year": (
        [
            obs("BHR", 2019, "persons_convicted", 9),
            obs("BHR", 2020, "persons_convicted", 3),
            obs("JOR", 2022, "persons_convicted", 4),
        ],
        {},
        [("JOR", 4.0, 1), ("BHR", 3.0, 2)],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_ranking_and_gaps(tmp_path, case):
    rows, query, expected = CASES[case]
    data = tiny_dataset(tmp_path, observations=rows)
    view = build(data, EN, state(data, **query))
    got = [
        (
            r.iso3,
            None if math.isnan(r.value) else r.value,
            None if math.isnan(r["rank"]) else r["rank"],
        )
        for _, r in view.ranked.iterrows()
    ]
    assert got == expected
    missing = [iso3 for iso3, _, rank in expected if rank is None]
    assert view.missing == [view_name(data, i) for i in missing]
    assert bool(view.missing_text) == bool(missing)
    # the download writes ranks and years as whole numbers, an empty cell where there is none
    csv = view.table.to_csv(index=False)
    assert ".0," not in csv
    assert "<NA>" not in "".join(view.table_shown.astype(str).sum())
    # on the screen a country with no figure has an empty value and no rank, never 0
    shown_rows = view.table_shown.set_index("Country")  # the screen has names, not codes
    for iso3 in missing:
        name = view_name(data, iso3)
        assert shown_rows.loc[name, "Value"] == "" and shown_rows.loc[name, "Rank"] == ""


def test_latest_shows_each_countrys_own_year_in_the_table(tmp_path):
    rows = [
        obs("BHR", 2019, "persons_convicted", 9),
        obs("BHR", 2020, "persons_convicted", 3),
        obs("JOR", 2017, "persons_convicted", 18),
    ]
    data = tiny_dataset(tmp_path, observations=rows)
    view = build(data, EN, state(data))
    shown_rows = screen(view)
    assert dict(shown_rows["Year"]) == {"JOR": "2017", "BHR": "2020"}
    assert dict(shown_rows["Value"]) == {"JOR": "18", "BHR": "3"}
    assert view.years == [2017, 2020]


def test_the_peer_group_and_hand_picked_countries(tmp_path):
    rows = [obs("BHR", 2022, "persons_convicted", 1)]
    data = tiny_dataset(tmp_path, observations=rows)
    assert build(data, EN, state(data)).iso3s == ["BHR", "JOR"]  # the forum, by name
    assert build(data, EN, state(data, group="gcc")).iso3s == ["BHR"]
    view = build(data, EN, state(data, group="gcc", add="NPL,JOR"))
    assert view.iso3s == ["BHR", "JOR", "NPL"]
    assert list(view.table.iso3) == ["BHR", "JOR", "NPL"]  # the ranked, then the missing
    assert view.missing == ["Jordan", "Nepal"]


def view_name(data, iso3):
    return dict(zip(data.countries.iso3, data.countries.name_en, strict=True))[iso3]


@pytest.mark.parametrize(
    ("how", "rows", "expected", "decimals", "shown"),
    [
        (
            "per100k",
            [obs("BHR", 2022, "persons_convicted", 30), obs("BHR", 2022, "population", 1_500_000)],
            2.0,
            2,
            "2.00",
        ),
        (
            "per_victims",
            [obs("BHR", 2022, "persons_convicted", 3), obs("BHR", 2022, "victims_detected", 12)],
            25.0,
            1,
            "25.0",
        ),
        (
            "ratio",
            [obs("BHR", 2022, "persons_convicted", 2), obs("BHR", 2022, "persons_prosecuted", 3)],
            2 / 3,
            2,
            "0.67",
        ),
    ],
)
def test_each_measure_divides_the_same_years_figures(
    tmp_path, how, rows, expected, decimals, shown
):
    data = tiny_dataset(tmp_path, observations=rows)
    view = build(data, EN, state(data, measure=how))
    bhr = view.frame.set_index("iso3").loc["BHR"]
    assert bhr.value == pytest.approx(expected)
    assert view.decimals == decimals and view.measure == how
    assert view.unit == EN.t(f"compare.measure_{how}")
    # the table on the screen rounds to the measure's decimals; the download keeps 4 decimals
    assert screen(view).loc["BHR", "Value"] == shown
    # the download keeps four decimals: more than the screen's, fewer than a float's noise
    assert view.table.set_index("iso3").loc["BHR", "Value"] == pytest.approx(expected, abs=5e-5)


def test_a_rate_of_an_indicator_that_is_not_a_count_falls_back_and_says_so(tmp_path):
    data = tiny_dataset(tmp_path, observations=[obs("BHR", 2022, "tip_tier", 1)])
    view = build(data, EN, state(data, indicator="tip_tier", measure="per100k"))
    assert view.measure == "absolute"
    assert view.notes == [EN.t("compare.counts_only")]
    assert view.categories == {1.0: "Tier 1"} and not view.bars
    assert view.category_rows == [("Bahrain", "Tier 1", "2022")]


@pytest.mark.parametrize("loc", [EN, AR])
def test_a_category_indicators_table_names_the_category_and_ranks_nothing(tmp_path, loc):
    # Tiers are one government's assessment, shown as published: not a ranking, and a reader
    # sees "Tier 1", not its code.
    rows = [obs("BHR", 2022, "tip_tier", 1), obs("JOR", 2021, "tip_tier", 1)]
    data = tiny_dataset(tmp_path, observations=rows)
    view = build(data, loc, state(data, indicator="tip_tier"))
    shown_rows = screen(view)
    tier_1 = {"en": "Tier 1", "ar": "الفئة الأولى"}[loc.lang]
    assert dict(shown_rows[loc.t("trends.col_value")]) == {"BHR": tier_1, "JOR": tier_1}
    assert dict(shown_rows[loc.t("compare.col_rank")]) == {"BHR": "", "JOR": ""}
    assert dict(shown_rows[loc.t("trends.col_year")]) == {"BHR": "2022", "JOR": "2021"}
    assert view.table[loc.t("compare.col_rank")].isna().all()
    assert list(view.table[loc.t("trends.col_value")]) == [1, 1]  # the download keeps the code


@pytest.mark.parametrize("loc", [EN, AR])
def test_lists_use_the_readers_separator(tmp_path, loc):
    rows = [obs("NPL", 2022, "persons_convicted", 2)]
    data = tiny_dataset(tmp_path, observations=rows)
    view = build(data, loc, state(data, add="NPL"))
    names = dict(zip(data.countries.iso3, data.countries[f"name_{loc.lang}"], strict=True))
    assert view.missing_text == loc.t(
        "compare.missing",
        countries=loc.t("flows.list_sep").join(sorted([names["BHR"], names["JOR"]])),
    )
    assert (", " in view.missing_text) == (loc.lang == "en")


SIDE_ROWS = [
    obs("BHR", 2020, "persons_convicted", 5),
    obs("JOR", 2022, "persons_convicted", 7),
    obs("BHR", 2019, "persons_prosecuted", 6),
    obs("JOR", 2022, "persons_prosecuted", 8),
]


@pytest.mark.parametrize(
    ("loc", "years_text"),
    [
        (
            EN,
            "The figures compared come from different years: persons convicted: figures from "
            "2020–2022; persons prosecuted: figures from 2019–2022. Each cell shows its own year "
            "and is ranked against the others' latest figures, whatever their year.",
        ),
        (
            Locale("ar", "arab"),
            "الأرقام المقارَنة من سنوات مختلفة: مؤشر: أرقام من ٢٠٢٠–٢٠٢٢؛ مؤشر: أرقام من "
            "٢٠١٩–٢٠٢٢. تُظهر كل خانة سنتها، ويُقارَن رقمها بآخر أرقام البلدان الأخرى أيّاً كانت "
            "سنتها.",
        ),
    ],
)
def test_the_scorecard_says_the_years_each_row_ranks(tmp_path, loc, years_text):
    data = tiny_dataset(tmp_path, observations=SIDE_ROWS)
    side = build(data, loc, state(data, side="BHR,JOR")).side
    assert side.chosen == ["BHR", "JOR"]
    # every indicator that can be ranked or read against another: counts and categories, not
    # yes/no measures
    assert set(side.labels) == {
        "victims_detected",
        "persons_prosecuted",
        "persons_convicted",
        "population",
        "tip_tier",
    }
    assert side.years_text == years_text
    (trend,) = side.trends  # persons convicted, by default
    assert trend.indicator == "persons_convicted"
    assert trend.source == loc.t(
        "chart.source_years",
        sources=catalogue(data, loc).citation(["test_source"]),
        first=loc.year(2020),
        last=loc.year(2022),
    )


def test_the_scorecard_says_no_years_where_they_agree_and_needs_two_countries(tmp_path):
    rows = [obs("BHR", 2022, "persons_convicted", 5), obs("JOR", 2022, "persons_convicted", 7)]
    data = tiny_dataset(tmp_path, observations=rows)
    assert build(data, EN, state(data, side="BHR,JOR")).side.years_text == ""
    assert build(data, EN, state(data, side="BHR")).side is None


def test_the_source_line_names_the_frames_sources_and_years(tmp_path):
    rows = [obs("BHR", 2020, "persons_convicted", 1), obs("JOR", 2022, "persons_convicted", 2)]
    data = tiny_dataset(tmp_path, observations=rows)
    view = build(data, EN, state(data))
    assert view.sources == ["test_source"] and view.years == [2020, 2022]
    assert view.source_text == EN.t(
        "chart.source_years", sources="Tests, synthetic source", first="2020", last="2022"
    )


def test_an_address_it_cannot_use_falls_back_by_name(tmp_path):
    data = tiny_dataset(tmp_path, observations=[obs("BHR", 2022, "persons_convicted", 1)])
    found, rejected = CompareState.read(data, {"measure": "<b>", "side": "BHR,XXX", "year": "2022"})
    assert rejected == ["measure", "side"]
    assert found.measure == "absolute" and found.year == "2022"
    params = CompareState.declare(data)
    assert CompareState.read(data, found.query(params)) == (found, [])


def test_an_address_with_three_side_by_side_trends_reads_back(tmp_path):
    # Three indicator names are longer than three country codes: the address the page writes
    # for them was once refused on the way back in.
    counts = ("victims_detected", "persons_prosecuted", "persons_convicted")
    data = tiny_dataset(tmp_path, observations=[obs("BHR", 2022, i, 1) for i in counts])
    chosen = ",".join(counts)
    found, rejected = CompareState.read(data, {"side_ind": chosen})
    assert rejected == []
    assert found.side_ind == counts
    assert CompareState.read(data, found.query(CompareState.declare(data))) == (found, [])


# -- the page and its slide show one view --------------------------------------------------------

VIEWS = [
    {},
    {"indicator": "victims_detected", "year": "2022", "add": "NPL"},
    {"measure": "per100k", "group": "gcc"},
]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("query", VIEWS, ids=["default", "withheld-and-missing", "per100k"])
def test_the_slide_shows_the_pages_numbers_texts_and_source_line(bundled, lang, query):
    loc = Locale(lang)
    at = run_page("compare", lang=lang, **query)
    assert not at.exception
    view = slide(bundled, loc, "compare", query)
    assert view.rejected == []
    line = source_text(bundled, loc, view)
    # the page draws the same source line (escaped HTML) under its map and its bars
    assert html(at).count(f'<p class="tip-source">{escape(line)}</p>') >= 2
    # the bars: the same countries in the same order with the same exact figures
    layout, bars = figures(at)[1]["layout"], figures(at)[1]["data"][0]
    assert bars["y"] == view.series.categories
    for base, length, want in zip(bars["base"], bars["x"], view.series.series[0][1], strict=True):
        if want is not None:  # an exact figure: a bar from 0 to it (a range floats instead)
            assert (base, length) == (0, pytest.approx(want))
        else:
            assert base > 0 or length < 5
    assert layout["xaxis"]["title"]["text"] == view.series.axis_title
    # every note of the slide is said on the page, but the one that names withheld figures:
    # the page draws those as ranges in its bars and table
    said = [shown(m.value) for m in at.markdown] + [shown(c.value) for c in at.caption]
    page_view = build(bundled, loc, CompareState.read(bundled, query)[0])
    for note in view.notes:
        assert note in said or note == page_view.withheld_text, (note, said)
    if page_view.missing:
        assert page_view.missing_text in view.notes


def test_the_slide_and_the_page_name_the_same_measure_fallback(bundled):
    query = {"indicator": "gsi_response_total", "measure": "per100k"}
    at = run_page("compare", **query)
    captions = [shown(c.value) for c in at.caption]
    assert EN.t("compare.counts_only") in captions
    view = slide(bundled, EN, "compare", query)
    assert EN.t("compare.measure_absolute") in view.heading
    json.dumps(view.series.series)  # plain numbers, as a PowerPoint chart takes them


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_category_indicator_is_a_table_on_its_slide(bundled, lang):
    loc = Locale(lang)
    view = slide(bundled, loc, "compare", {"indicator": "tip_tier"})
    assert view.figure is None and view.table is not None
    _, rows = view.table
    labels = set(bundled.categories[bundled.categories.indicator == "tip_tier"][f"label_{lang}"])
    assert rows and all(row[1] in labels for row in rows)


@pytest.mark.parametrize("loc", [Locale("en"), Locale("ar")])
def test_the_scorecard_shows_the_notes_it_points_to_and_each_rows_unit(tmp_path, loc):
    rows = [
        obs(
            "BHR",
            2022,
            "persons_convicted",
            40,
            status="flagged",
            note="two values",
            note_ar="قيمتان",
        ),
        obs("JOR", 2022, "persons_convicted", 12),
    ]
    data = tiny_dataset(tmp_path, observations=rows)
    state, _ = CompareState.read(data, {"side": "BHR,JOR", "year": "2022"})
    side = build(data, loc, state).side
    assert side.marks == {("persons_convicted", "BHR"): 1}
    note = "قيمتان" if loc.rtl else "two values"
    assert len(side.notes) == 1 and side.notes[0].startswith(f"[{loc.number(1)}] ")
    assert side.notes[0].endswith(note)
    assert side.units["persons_convicted"]  # every row says its unit
    assert side.directions["persons_convicted"] == "neutral"  # a count is not shaded


@pytest.mark.parametrize(
    ("indicator", "said"),
    [
        ("gsi_response_total", "On this score, higher is better."),
        ("gsi_vulnerability", "On this score, higher is worse."),
    ],
)
def test_a_score_says_which_way_is_better(bundled, indicator, said):
    loc = Locale("en")
    view = build(bundled, loc, CompareState.read(bundled, {"indicator": indicator})[0])
    assert said in view.notes
    counts = build(bundled, loc, CompareState.read(bundled, {})[0])
    assert not [n for n in counts.notes if "On this score" in n]
