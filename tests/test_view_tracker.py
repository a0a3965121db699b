"""The tracker's view: built on tiny datasets, and the same on the page and on its slide."""

from __future__ import annotations

import io
import re
from html import unescape

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard import config
from dashboard.dataset import load_dataset
from dashboard.dataset.io import sort_table, write_folder
from dashboard.dataset.schema import TABLES_BY_NAME
from dashboard.i18n import Locale
from dashboard.metrics.tracker import Rule, load_rules, parse_condition
from dashboard.slides import adapt as slides
from dashboard.ui.components import xlsx_bytes
from dashboard.views.tracker import TrackerState, build
from tests.apptest import html, run_page, shown
from tests.factories import MANIFEST, _indicator, tiny_tables

GSI, STATE = "walkfree_gsi_2023", "state_report_bhr"
NRM = Rule(
    recommendation="4",
    title_en="Referral",
    title_ar="الإحالة",
    in_place=parse_condition("all of: gsi_m1321, gsi_m1322"),
    partly=parse_condition("any of: gsi_m1321"),
    related=("persons_convicted",),
    rule_en="In place when both hold.",
    rule_ar="قائمة حين يتحقق الأمران.",
)
RULES = (NRM,)
SOURCE_LINE = re.compile(r'<p class="tip-source">(.*?)</p>', re.S)


def measure(iso3, name, status, year, source):
    return {
        "iso3": iso3,
        "recommendation": "4",
        "measure": name,
        "status": status,
        "year": year,
        "source": source,
        "evidence": f"{name} in {year}",
    }


def dataset(tmp_path, measures, editions=((1, 2019, "BHR"),)):
    tables = tiny_tables()
    source = tables["sources"].iloc[0]
    tables["sources"] = pd.DataFrame(
        [
            source.to_dict(),
            {
                **source.to_dict(),
                "source": GSI,
                "citation_en": "Walk Free",
                "citation_ar": "ووك فري",
            },
            {
                **source.to_dict(),
                "source": STATE,
                "citation_en": "Bahrain",
                "citation_ar": "البحرين",
            },
        ]
    )
    tables["indicators"] = pd.concat(
        [tables["indicators"], pd.DataFrame([_indicator("gsi_m1322", "boolean")])]
    )
    edition = tables["editions"].iloc[0].to_dict()
    tables["editions"] = pd.DataFrame(
        [{**edition, "edition": n, "year": y, "host": h} for n, y, h in editions]
    )
    tables["measures"] = pd.DataFrame(measures, columns=tables["measures"].columns)
    tables = {k: sort_table(v, TABLES_BY_NAME[k]) for k, v in tables.items()}
    write_folder(tables, MANIFEST, tmp_path / "data")
    result = load_dataset(tmp_path / "data")
    assert result.dataset is not None, result.report.render()
    return result.dataset


@pytest.mark.parametrize(
    ("measures", "lang", "matrix", "slide", "year"),
    [
        (
            [measure("BHR", "gsi_m1321", "yes", 2023, GSI)],
            "en",
            {"Bahrain": "◐ Partly *", "Jordan": "? Unknown"},
            {"Bahrain": "◐ Partly *", "Jordan": "? Unknown"},
            [2023, None],
        ),
        (
            [
                measure("BHR", "gsi_m1321", "yes", 2023, GSI),
                measure("BHR", "gsi_m1322", "yes", 2024, STATE),
            ],
            "en",
            {"Bahrain": "✓ In place", "Jordan": "? Unknown"},
            {"Bahrain": "✓ In place", "Jordan": "? Unknown"},
            [2024, None],
        ),
        (
            [
                measure("BHR", "gsi_m1321", "yes", 2023, GSI),
                measure("BHR", "gsi_m1322", "yes", 2024, STATE),
                measure("JOR", "gsi_m1321", "no", 2022, GSI),
            ],
            "ar",
            {
                "البحرين": "✓ قائمة · 2024 · مؤشر العبودية 2023، تقرير الدولة",
                "الأردن": "✗ لم تتحقق بعد · 2022 · مؤشر العبودية 2023 *",
            },
            {"البحرين": "✓ قائمة", "الأردن": "✗ لم تتحقق بعد *"},
            [2024, 2022],
        ),
    ],
)
def test_matrix_cells(tmp_path, measures, lang, matrix, slide, year):
    """Cells whose evidence is the year and source most cells share say their status only:
    the year and source are said once, in the note above the matrix."""
    data = dataset(tmp_path, measures)
    loc = Locale(lang)
    state, rejected = TrackerState.read(data, {"countries": "BHR,JOR"}, RULES, loc)
    assert rejected == [] and state.country == "BHR"
    view = build(data, loc, state, RULES)
    assert {name: cells[0][1] for name, cells in view.cells} == matrix
    dated = [y for y in year if y is not None]
    if len(dated) == 1:  # one dated cell: its year and sources are in the note
        assert loc.year(dated[0]) in view.matrix_note
    else:  # no year shared by most cells: each cell keeps its own, and no note
        assert view.matrix_note == ""
    assert {row[0]: row[1] for row in view.status_rows} == slide
    assert view.status_header == [loc.t("tracker.country"), f"4. {getattr(NRM, f'title_{lang}')}"]
    years = view.table[loc.t("tracker.col_year")]
    assert str(years.dtype) == "Int64"
    assert [None if pd.isna(v) else int(v) for v in years] == year
    sheet = load_workbook(io.BytesIO(xlsx_bytes(view.table, "tracker"))).active
    at = list(view.table.columns).index(loc.t("tracker.col_year"))
    assert [r[at] for r in sheet.iter_rows(min_row=2, values_only=True)] == year  # empty: no year
    assert view.years == sorted({y for y in year if y is not None})
    assert view.sources == sorted({m["source"] for m in measures})


@pytest.mark.parametrize(("lang", "order"), [("en", ["BHR", "JOR"]), ("ar", ["JOR", "BHR"])])
def test_the_default_states_are_the_forums_by_name_in_the_readers_language(tmp_path, lang, order):
    # Bahrain, Jordan in English; الأردن, البحرين in Arabic.
    data = dataset(tmp_path, [measure("BHR", "gsi_m1321", "yes", 2023, GSI)])
    loc = Locale(lang)
    state, rejected = TrackerState.read(data, {}, RULES, loc)
    assert rejected == [] and list(state.countries) == order and state.country == order[0]
    view = build(data, loc, state, RULES)
    names = dict(zip(data.countries.iso3, data.countries[f"name_{lang}"], strict=True))
    assert [name for name, _ in view.cells] == [names[i] for i in order]
    assert all(len(row) == len(RULES) for _, row in view.cells)  # a cell per recommendation


def test_a_cells_year_is_in_the_readers_digits(tmp_path):
    data = dataset(
        tmp_path,
        [
            measure("BHR", "gsi_m1321", "yes", 2023, GSI),
            measure("BHR", "gsi_m1322", "yes", 2024, STATE),
        ],
    )
    loc = Locale("ar", "arab")
    state, _ = TrackerState.read(data, {"countries": "BHR"}, RULES, loc)
    view = build(data, loc, state, RULES)
    ((name, ((status, text),)),) = view.cells
    assert (name, status) == ("البحرين", "in_place")
    # the one cell's year is every cell's: said once, above the matrix, in the reader's digits
    assert text == "✓ قائمة" and "٢٠٢٤" in view.matrix_note
    assert view.evidence.rows[0][3] == "٢٠٢٣"


def test_a_cells_evidence(tmp_path):
    data = dataset(
        tmp_path,
        [
            measure("BHR", "gsi_m1321", "yes", 2023, GSI),
            measure("BHR", "gsi_m1322", "no", 2024, STATE),
        ],
    )
    loc = Locale("en")
    state, _ = TrackerState.read(data, {"countries": "JOR,BHR", "country": "BHR"}, RULES, loc)
    view = build(data, loc, state, RULES)
    assert [name for name, _ in view.cells] == ["Jordan", "Bahrain"]  # the order asked for
    evidence = view.evidence
    assert evidence.heading == "Evidence: Bahrain, recommendation 4. Referral"
    assert evidence.rule_text == "In place when both hold."
    assert evidence.rows == [
        ("gsi m1321", "yes", "yes", "2023", "Walk Free", "gsi_m1321 in 2023"),
        ("gsi m1322", "no", "no", "2024", "Bahrain", "gsi_m1322 in 2024"),
    ]
    assert evidence.source_text == "Source: Bahrain; Walk Free."
    assert view.per_rec is None


def test_the_focus_country_is_one_of_the_chosen(tmp_path):
    data = dataset(tmp_path, [])
    loc = Locale("en")
    state, rejected = TrackerState.read(data, {"countries": "JOR", "country": "BHR"}, RULES, loc)
    assert state.country == "JOR" and rejected == ["country"]
    assert build(data, loc, state, RULES).evidence.rows == []


@pytest.mark.parametrize(
    ("lang", "related", "source"),
    [
        ("en", [["Bahrain", "38 (2022)"], ["Jordan", "not reported"]], "Tests, synthetic source"),
        ("ar", [["البحرين", "38 (2022)"], ["الأردن", "لم يُبلَّغ عنه"]], "اختبارات، مصدر اصطناعي"),
    ],
)
def test_one_recommendation_with_its_related_figures(tmp_path, lang, related, source):
    data = dataset(tmp_path, [measure("BHR", "gsi_m1321", "yes", 2023, GSI)])
    loc = Locale(lang)
    query = {"countries": "BHR,JOR", "view": "recommendation"}
    state, _ = TrackerState.read(data, query, RULES, loc)
    view = build(data, loc, state, RULES)
    assert view.evidence is None
    per_rec = view.per_rec
    title = getattr(NRM, f"title_{lang}")
    assert per_rec.heading == loc.t("tracker.per_rec_heading", recommendation=f"4. {title}")
    assert per_rec.rule_text == getattr(NRM, f"rule_{lang}")
    assert [row[0] for row in per_rec.rows] == [related[0][0], related[1][0]]
    assert per_rec.rows[0][2] == loc.t("tracker.states_met", n="1", m="2")
    indicator = "persons convicted" if lang == "en" else "مؤشر"
    assert per_rec.related_header == [loc.t("tracker.country"), indicator]
    assert per_rec.related_rows == related
    assert per_rec.related_source_text == loc.t(
        "chart.source_year", sources=source, year=loc.year(2022)
    )


@pytest.mark.parametrize(
    ("lang", "years"),
    [("en", "2017, 2018"), ("ar", "2017، 2018"), (None, "٢٠١٧، ٢٠١٨")],
)
def test_nothing_changed_since_an_edition_lists_the_evidence_years(tmp_path, lang, years):
    data = dataset(
        tmp_path,
        [
            measure("BHR", "gsi_m1321", "yes", 2017, GSI),
            measure("BHR", "gsi_m1322", "yes", 2018, GSI),
        ],
    )
    loc = Locale(lang) if lang else Locale("ar", "arab")
    state, _ = TrackerState.read(data, {}, RULES, loc)
    progress = build(data, loc, state, RULES).progress
    assert progress.summaries == [] and progress.rows == []
    assert progress.none_text == loc.t(
        "tracker.changes_none", edition=progress.since_label, years=years
    )
    assert progress.since_label.endswith(loc.year(2019))


def test_a_recommendation_put_in_place_since_an_edition(tmp_path):
    data = dataset(
        tmp_path,
        [
            measure("BHR", "gsi_m1321", "yes", 2018, GSI),
            measure("BHR", "gsi_m1322", "yes", 2024, STATE),
        ],
        editions=((1, 2019, "BHR"), (2, 2022, "JOR")),
    )
    loc = Locale("en")
    state, _ = TrackerState.read(data, {"since": "1"}, RULES, loc)
    progress = build(data, loc, state, RULES).progress
    assert progress.since_label == "Manama 2019"
    assert progress.summaries == [
        "Since the Manama 2019 edition: 1 state(s) put “4. Referral” in place."
    ]
    assert progress.rows == [
        ("Bahrain", "4. Referral", "◐ Partly", "✓ In place", "put in place", "2024")
    ]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("query", [{}, {"countries": "QAT,BHR", "rec": "4"}])
def test_slide_and_page_show_the_same(bundled, lang, query):
    loc = Locale(lang)
    slide = slides.build(bundled, loc, "tracker", query)
    at = run_page("tracker", lang=lang, **query)
    assert not at.exception and not at.error
    page = html(at)
    matrix = page.split("tip-tracker")[1].split("</table>")[0]
    header = [unescape(h) for h in re.findall(r"<th scope='col'[^>]*>([^<]*)</th>", matrix)]
    assert header == slide.table[0][1:]
    rows = re.findall(r"<tr><th scope='row'>([^<]+)</th>(.*?)</tr>", matrix)
    assert [unescape(name) for name, _ in rows] == [row[0] for row in slide.table[1]]
    for (_, body), row in zip(rows, slide.table[1], strict=True):
        cells = [unescape(c) for c in re.findall(r"<td class='trk [^']+'>([^<]*)</td>", body)]
        for cell, status in zip(cells, row[1:], strict=True):
            assert cell.startswith(status.removesuffix(" *"))
            assert cell.endswith(" *") == status.endswith(" *")
    assert unescape(SOURCE_LINE.findall(page)[0]) == slides.source_text(bundled, loc, slide)
    captions = [shown(c.value) for c in at.caption]
    assert all(note in captions for note in slide.notes)
    rules = load_rules(config.rules_path(), set(bundled.indicators.indicator))
    state, _ = TrackerState.read(bundled, query, rules, loc)
    assert slide.heading == build(bundled, loc, state, rules).heading


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_year_and_source_every_cell_shares_is_said_once(tmp_path, lang):
    data = dataset(
        tmp_path,
        [
            measure("BHR", "gsi_m1321", "yes", 2023, GSI),
            measure("BHR", "gsi_m1322", "yes", 2023, GSI),
            measure("JOR", "gsi_m1321", "no", 2023, GSI),
        ],
    )
    loc = Locale(lang)
    state, _ = TrackerState.read(data, {"countries": "BHR,JOR"}, RULES, loc)
    view = build(data, loc, state, RULES)
    texts = [text for _, row in view.cells for _, text in row]
    assert texts and not any(loc.year(2023) in t or loc.t("tracker.short_gsi") in t for t in texts)
    assert loc.year(2023) in view.matrix_note and loc.t("tracker.kind_gsi") in view.matrix_note
    full = view.table[loc.t("tracker.col_cell")]  # the download keeps each cell's own
    assert all(loc.t("tracker.kind_gsi") in v for v in full)
