"""The overview's view: built on tiny datasets, and the same on the page and on its slide."""

from __future__ import annotations

import re
from html import unescape

import pandas as pd
import pytest

from dashboard.charts.coverage import coverage_html
from dashboard.dataset import load_dataset
from dashboard.dataset.io import sort_table, write_folder
from dashboard.dataset.schema import TABLES_BY_NAME
from dashboard.i18n import Locale
from dashboard.slides import adapt as slides
from dashboard.ui.components import html_table
from dashboard.views.overview import OverviewState, build
from tests.apptest import html, run_page
from tests.factories import MANIFEST, _obs, tiny_tables

SOURCE_LINE = re.compile(r'<p class="tip-source">(.*?)</p>', re.S)


def dataset(tmp_path, observations):
    tables = tiny_tables()
    tables["observations"] = sort_table(
        pd.DataFrame(observations, columns=tables["observations"].columns),
        TABLES_BY_NAME["observations"],
    )
    write_folder(tables, MANIFEST, tmp_path / "data")
    result = load_dataset(tmp_path / "data")
    assert result.dataset is not None, result.report.render()
    return result.dataset


BHR_2022 = [
    _obs("BHR", 2021, "persons_convicted", 40),
    _obs("BHR", 2022, "persons_convicted", 38),
    _obs("BHR", 2022, "victims_detected", status="suppressed", lower=1, upper=4),
]
JOR_FLAGGED = _obs("JOR", 2020, "persons_prosecuted", 71, status="flagged", note="same as C")


@pytest.mark.parametrize(
    ("observations", "group", "lang", "rows", "notes", "years"),
    [
        (
            BHR_2022,
            "forum",
            "en",
            [
                ["Bahrain", "1–4 (2022)", "not reported", "38 (2022)"],
                ["Jordan", "not reported", "not reported", "not reported"],
            ],
            [],
            [2022],
        ),
        (
            [*BHR_2022, JOR_FLAGGED],
            "forum",
            "en",
            [
                ["Bahrain", "1–4 (2022)", "not reported", "38 (2022)"],
                ["Jordan", "not reported", "71 (2020) · see note 1", "not reported"],
            ],
            ["same as C"],
            [2020, 2022],
        ),
        (
            [*BHR_2022, JOR_FLAGGED],
            "gcc",
            "en",
            [["Bahrain", "1–4 (2022)", "not reported", "38 (2022)"]],
            [],
            [2022],
        ),
        (
            [_obs("JOR", 2019, "persons_convicted", 1204)],
            "forum",
            "ar",
            [
                ["الأردن", "لم يُبلَّغ عنه", "لم يُبلَّغ عنه", "1,204 (2019)"],
                ["البحرين", "لم يُبلَّغ عنه", "لم يُبلَّغ عنه", "لم يُبلَّغ عنه"],
            ],
            [],
            [2019],
        ),
    ],
)
def test_latest_figures(tmp_path, observations, group, lang, rows, notes, years):
    data = dataset(tmp_path, observations)
    view = build(data, Locale(lang), OverviewState(group))
    assert view.rows == rows
    assert view.notes == notes
    assert view.numbered_notes == [f"{i + 1}. {n}" for i, n in enumerate(notes)]
    assert view.years == years
    assert view.sources == ["test_source"]
    citation = "Tests, synthetic source" if lang == "en" else "اختبارات، مصدر اصطناعي"
    assert citation in view.source_text


@pytest.mark.parametrize(
    ("observations", "years", "reported"),
    [
        (
            BHR_2022,
            [2021, 2022],
            {
                ("BHR", 2021, "persons_convicted"),
                ("BHR", 2022, "persons_convicted"),
                ("BHR", 2022, "victims_detected"),
            },
        ),
        ([JOR_FLAGGED], [2020], {("JOR", 2020, "persons_prosecuted")}),
        ([], [], set()),
    ],
)
def test_coverage_grid(tmp_path, observations, years, reported):
    data = dataset(tmp_path, observations)
    view = build(data, Locale("en"), OverviewState("forum"))
    assert view.coverage_years == years
    grid = view.coverage
    cells = [(r.iso3, r.year, r.indicator) for r in grid.itertuples() if r.reported]
    assert set(cells) == reported
    assert len(grid) == 2 * len(years) * 3  # every country, year and count, reported or not
    assert ("Year" in view.coverage_source_text) == bool(years)


@pytest.mark.parametrize(
    ("loc", "note_ar", "note", "mark"),
    [
        (Locale("en"), "كما في C", "same as C", "71 (2020) · see note 1"),
        (Locale("ar", "arab"), "كما في C", "كما في C", "٧١ (٢٠٢٠) · انظر الملاحظة ١"),
        (Locale("ar"), "", "same as C", "71 (2020) · انظر الملاحظة 1"),  # no Arabic note
    ],
)
def test_a_flagged_figures_note_is_in_the_readers_language(tmp_path, loc, note_ar, note, mark):
    flagged = {**JOR_FLAGGED, "note_ar": note_ar}
    view = build(dataset(tmp_path, [flagged]), loc, OverviewState("forum"))
    jordan = next(row for row in view.rows if row[0] == {"en": "Jordan", "ar": "الأردن"}[loc.lang])
    assert jordan[2] == mark
    assert view.notes == [note]
    assert view.note_rows == [(loc.number(1), note)]


@pytest.mark.parametrize("loc", [Locale("en"), Locale("ar", "arab")])
def test_a_year_with_all_three_counts_is_the_darkest_cell(tmp_path, loc):
    counts = ("victims_detected", "persons_prosecuted", "persons_convicted")
    rows = [_obs("BHR", 2021, i, 5) for i in counts] + [_obs("BHR", 2022, counts[2], 5)]
    view = build(dataset(tmp_path, rows), loc, OverviewState("forum"))
    names = {"en": {"BHR": "Bahrain", "JOR": "Jordan"}, "ar": {"BHR": "البحرين", "JOR": "الأردن"}}
    grid = coverage_html(view.coverage, view.coverage_years, names[loc.lang], view.letters, loc)
    cells = re.findall(r"<th scope='row'>([^<]*)</th>((?:<td[^>]*>[^<]*</td>)*)", grid)
    bahrain = dict(cells)[names[loc.lang]["BHR"]]
    letters = " ".join(view.letters[i] for i in counts)
    assert re.findall(r"<td class='(cov-\d)'[^>]*>([^<]*)</td>", bahrain) == [
        ("cov-3", letters),
        ("cov-1", view.letters["persons_convicted"]),
    ]


def test_editions_and_sources_in_arabic(tmp_path):
    view = build(dataset(tmp_path, BHR_2022), Locale("ar", "arab"), OverviewState("forum"))
    assert view.editions_rows == [
        ("١", "٢٠١٩", "البحرين", "المنامة", "١٤-١٦ أكتوبر ٢٠١٩", view.editions_rows[0][5])
    ]
    assert view.sources_rows == [("مصدر اختبار اصطناعي", "اختبارات، مصدر اصطناعي", "لا يوجد", "")]
    assert view.rows[1][:2] == ["البحرين", "١–٤ (٢٠٢٢)"]  # after الأردن, by name


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("group", ["forum", "gcc"])
def test_slide_and_page_show_the_same(bundled, lang, group):
    loc = Locale(lang)
    slide = slides.build(bundled, loc, "overview", {"group": group})
    at = run_page("overview", lang=lang, group=group)
    assert not at.exception
    page = html(at)
    header, rows = slide.table
    assert html_table(header, rows, numeric=(1, 2, 3)) in page
    notes = [n.split(". ", 1) for n in slide.notes]
    if notes:
        assert html_table(["#", ""], notes) in page
    assert unescape(SOURCE_LINE.findall(page)[0]) == slides.source_text(bundled, loc, slide)
    view = build(bundled, loc, OverviewState(group))
    assert slide.heading == view.heading
