"""The recommendations tracker, headless with AppTest: it lays out the view `build` gives for
its address and the tracker's rules, in both languages. The statuses, evidence, related figures
and changes are the view's, tested on tiny datasets in test_view_tracker.py; here, only that
the page shows them, in order, and what only the page does (the address, its widgets, bad
parameters, a rules file it cannot use)."""

from __future__ import annotations

import csv
import io
import re
import shutil

import pytest
from openpyxl import load_workbook

from dashboard import config
from dashboard.dataset import load_dataset
from dashboard.i18n import Locale
from dashboard.metrics.tracker import RuleError, load_rules
from dashboard.ui.components import csv_bytes, xlsx_bytes
from dashboard.views.tracker import TrackerState, build
from tests.apptest import (
    TABLE,
    address,
    assert_tables,
    bodies,
    bound,
    cells,
    downloads,
    exercised,
    locale_of,
    record_downloads,
    run_page,
    said,
    shown,
    source_html,
    widgets,
)
from tests.conftest import DATA

EN = Locale("en")
MATRIX = "<div class='tip-table-wrap'><table class='tip-table tip-tracker'>"


def tracker_rules(dataset):
    return load_rules(config.rules_path(), set(dataset.indicators.indicator))


def matrix(at) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """The matrix on the page: its header, its rows (a state, then its cells' texts) and each
    cell's status (its class)."""
    (body,) = [b for b in bodies(at) if b.startswith(MATRIX)]
    header, rows = cells(body)
    statuses = [
        re.findall(r"<td class='trk trk-([^']+)'>", row)
        for row in re.findall(r"<tr>(.*?)</tr>", body.split("</thead>")[1])
    ]
    return header, rows, statuses


def sheet(data: bytes) -> tuple[str, bool, list[list]]:
    """A workbook's one sheet: its title, whether it reads right to left, its rows."""
    page = load_workbook(io.BytesIO(data)).active
    return page.title, bool(page.sheet_view.rightToLeft), [list(r) for r in page.values]


def assert_lays_out(at, dataset, view, loc, served, notices=()) -> None:
    """The tracker page shows `view`: its headings, texts, matrix or recommendation, evidence,
    related figures, changes, source lines and downloads in order, its widgets bound to the
    view's state, the state in the address."""
    t, state, progress = loc.t, view.state, view.progress
    assert not at.exception and not at.error
    rule_line = f"**{t('tracker.rule_heading')}:** "
    assert said(at.main.title) == [t("tracker.title")]
    assert said(at.main.warning) == list(notices)
    summaries = [f"- {s}" for s in progress.summaries]
    progress_info = [progress.none_text] if progress.none_text else []
    expected_tables = []
    if state.view == "matrix":
        evidence = view.evidence
        headings = [t("tracker.matrix_heading"), t("tracker.progress_heading")]
        assert said(at.main.subheader) == headings
        assert said(at.main.markdown) == [
            t("tracker.intro"),
            f"#### {evidence.heading}",
            rule_line + evidence.rule_text,
            *summaries,
        ]
        assert said(at.main.caption) == [
            *([view.matrix_note] if view.matrix_note else []),
            view.legend,
        ]
        assert said(at.main.info) == [
            *([] if evidence.rows else [evidence.no_evidence]),
            *progress_info,
        ]
        header, rows, statuses = matrix(at)
        assert header == [view.labels[r.recommendation] for r in view.rules]
        assert rows == [[name, *(text for _, text in row)] for name, row in view.cells]
        assert statuses == [[status for status, _ in row] for _, row in view.cells]
        lines = [view.source_text, *([evidence.source_text] if evidence.rows else [])]
        if evidence.rows:
            expected_tables.append((evidence.header, evidence.rows))
        got = downloads(at, served)
        assert [(label, name) for label, name, _ in got] == [
            (t("tracker.download_csv"), view.csv_name),
            (t("tracker.download_xlsx"), view.xlsx_name),
        ]
        assert got[0][2] == csv_bytes(view.table)
        sheet_name = view.xlsx_name.rsplit(".", 1)[0]
        assert sheet(got[1][2]) == sheet(xlsx_bytes(view.table, sheet_name, loc.rtl))
        fields = {"countries", "view", "country", "rec", "since"}
    else:
        per_rec = view.per_rec
        related = bool(per_rec.related_header)
        assert said(at.main.subheader) == [per_rec.heading, t("tracker.progress_heading")]
        assert said(at.main.markdown) == [
            t("tracker.intro"),
            rule_line + per_rec.rule_text,
            *([f"#### {t('tracker.related_heading')}"] if related else []),
            *summaries,
        ]
        assert said(at.main.caption) == ([t("tracker.related_caption")] if related else [])
        assert said(at.main.info) == progress_info
        assert not [b for b in bodies(at) if b.startswith(MATRIX)]
        lines = [per_rec.source_text, *([per_rec.related_source_text] if related else [])]
        expected_tables.append((per_rec.header, per_rec.rows))
        if related:
            expected_tables.append((per_rec.related_header, per_rec.related_rows))
        assert downloads(at, served) == []
        fields = {"countries", "view", "rec", "since"}
    if not progress.none_text:
        expected_tables.append((progress.header, progress.rows))
    assert_tables(at, expected_tables)
    others = [b for b in bodies(at) if not b.startswith((TABLE, MATRIX))]
    assert others == [source_html(line) for line in lines]
    params = TrackerState.declare(dataset, view.rules, loc, state.countries)
    assert widgets(at) == bound(params, state, fields)
    assert address(at) == state.query(params)


QUERIES = [
    pytest.param({}, ("evidence.rows", "progress.none_text"), id="default"),
    pytest.param(
        {"country": "OMN", "rec": "4", "digits": "arab"}, ("evidence.rows",), id="oman-referral"
    ),
    pytest.param({"countries": "AFG,BHR"}, ("not evidence.rows",), id="no-evidence"),
    pytest.param(
        {"view": "recommendation", "rec": "5"},
        ("per_rec.related_rows", "progress.none_text"),
        id="justice-with-related-figures",
    ),
    pytest.param(
        {"view": "recommendation", "rec": "1", "since": "1"},
        ("not per_rec.related_header", "progress.rows"),
        id="partnerships-and-changes",
    ),
]


@pytest.mark.parametrize(("query", "shows"), QUERIES)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_page_lays_out_its_view(bundled, monkeypatch, lang, query, shows):
    served = record_downloads(monkeypatch)
    at = run_page("tracker", lang=lang, **query)
    loc = locale_of(lang, query)
    rules = tracker_rules(bundled)
    state, rejected = TrackerState.read(bundled, query, rules, loc)
    assert rejected == []
    view = build(bundled, loc, state, rules)
    assert [path for path in shows if not exercised(view, path)] == []
    assert_lays_out(at, bundled, view, loc, served)


def with_a_state_report(folder):
    """The bundled dataset and, for Bahrain, a 2025 state report of three measures in place:
    a recommendation put in place since the latest edition."""
    shutil.copytree(DATA, folder)
    with (folder / "sources.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            [
                "state_report_bhr",
                "Bahrain national report (test)",
                "تقرير البحرين (اختبار)",
                "Bahrain, national report (test)",
                "البحرين، تقرير وطني (اختبار)",
                "Bahrain",
                "2025",
                "",
                "test",
                "اختبار",
                "2025-03-01",
            ]
        )
    with (folder / "measures.csv").open("a", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        for measure in ("gsi_m4221", "gsi_m4222", "gsi_m4223"):
            writer.writerow(
                ["BHR", "2", measure, "yes", "2025", "state_report_bhr", "test", "اختبار"]
            )
    return folder


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_what_was_put_in_place_since_an_edition_is_listed(tmp_path, monkeypatch, lang):
    folder = with_a_state_report(tmp_path / "data")
    monkeypatch.setenv("TIP_DASHBOARD_DATA", str(folder))
    served = record_downloads(monkeypatch)
    query = {"since": "5"}
    at = run_page("tracker", lang=lang, **query)
    data, loc = load_dataset(folder).dataset, Locale(lang)
    rules = tracker_rules(data)
    state, _ = TrackerState.read(data, query, rules, loc)
    view = build(data, loc, state, rules)
    assert exercised(view, "progress.summaries") and exercised(view, "progress.rows")
    assert_lays_out(at, data, view, loc, served)


def test_a_rules_file_it_cannot_use_is_a_message_and_nothing_else(bundled, tmp_path, monkeypatch):
    broken = tmp_path / "rules.csv"
    broken.write_text("recommendation,title_en\n1,x\n", encoding="utf-8")
    monkeypatch.setenv("TIP_DASHBOARD_RULES", str(broken))
    at = run_page("tracker")
    assert not at.exception
    with pytest.raises(RuleError) as problem:
        load_rules(broken, set(bundled.indicators.indicator))
    assert said(at.main.error) == [EN.t("tracker.rules_error", error=str(problem.value))]
    assert said(at.main.title) == [EN.t("tracker.title")]
    assert said(at.main.markdown) == [EN.t("tracker.intro")]
    assert bodies(at) == [] and widgets(at) == {} and not at.main.get("download_button")


def test_bad_parameters_fall_back_with_a_warning_naming_each(bundled, monkeypatch):
    served = record_downloads(monkeypatch)
    query = {"rec": "99", "view": "<b>", "since": "0", "countries": "BHR,XXX"}
    at = run_page("tracker", **query)
    rules = tracker_rules(bundled)
    state, rejected = TrackerState.read(bundled, query, rules, EN)
    assert sorted(rejected) == sorted(query)
    assert state == TrackerState.read(bundled, {}, rules, EN)[0]  # the default view
    notices = [EN.t("notice.bad_param", name=name) for name in rejected]
    assert [shown(w.value).split("“")[1].split("”")[0] for w in at.main.warning] == rejected
    assert_lays_out(at, bundled, build(bundled, EN, state, rules), EN, served, notices)
