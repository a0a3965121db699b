"""The recommendations tracker, headless with AppTest."""

from __future__ import annotations

import csv
import re
import shutil

from dashboard.i18n import Locale
from tests.apptest import html, run_page, shown
from tests.conftest import DATA

EN = Locale("en").t


def cells(page: str) -> dict[str, list[str]]:
    """Matrix rows: country -> cell texts."""
    table = page.split("tip-tracker")[1].split("</table>")[0]
    rows = re.findall(r"<tr><th scope='row'>([^<]+)</th>(.*?)</tr>", table)
    return {name: re.findall(r"<td class='trk [^']+'>([^<]*)</td>", body) for name, body in rows}


def test_matrix_for_the_member_states():
    at = run_page("tracker")
    assert not at.exception and not at.warning and not at.error
    matrix = cells(html(at))
    assert len(matrix) == 8
    assert all(len(row) == 9 for row in matrix.values())
    assert matrix["Bahrain"][3].startswith("✓ In place")  # NRM
    assert "2023" not in matrix["Bahrain"][3]  # the shared year and source are said once:
    note = "evidence from 2023 (Global Slavery Index 2023)"
    assert any(note in shown(c.value) for c in at.caption)
    assert "Source: Walk Free, Global Slavery Index 2023." in html(at)


def test_a_cells_evidence():
    at = run_page("tracker", country="OMN", rec="4")
    page = html(at)
    assert "A National Referral Mechanism (NRM) exists" in page
    assert EN("tracker.rule_heading") in "".join(m.value for m in at.markdown)
    assert "GSI 2023 indicator M1321" in page


def test_one_recommendation_with_related_figures():
    at = run_page("tracker", view="recommendation", rec="5")
    assert shown(at.subheader[0].value).startswith("Recommendation 5. Justice and convictions")
    page = html(at)
    assert "<th scope='col'>Persons convicted</th>" in page
    assert "38 (2022)" in page  # Bahrain, UNODC


def test_progress_with_a_second_year_of_statuses(tmp_path, monkeypatch):
    folder = tmp_path / "data"
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
    monkeypatch.setenv("TIP_DASHBOARD_DATA", str(folder))
    at = run_page("tracker", since="5")
    assert not at.exception and not at.warning
    texts = [shown(m.value) for m in at.markdown]
    summary = "Since the Muscat 2024 edition: 1 state(s) put “2. Oversight of recruitment"
    assert any(summary in t for t in texts)
    matrix = cells(html(at))
    assert matrix["Bahrain"][1].startswith("✓ In place · 2025 · State report")
    assert "put in place" in html(at)


def test_no_change_is_said_plainly():
    at = run_page("tracker", since="5")
    assert any("No status has changed since the Muscat 2024 edition" in i.value for i in at.info)


def test_arabic():
    at = run_page("tracker", lang="ar", digits="arab")
    t = Locale("ar").t
    assert at.title[0].value == t("tracker.title")
    page = html(at)
    assert "<td class='trk trk-in_place'>✓ قائمة</td>" in page  # year and source said once
    assert "<th scope='row'>البحرين</th>" in page


def test_rules_file_problem_is_a_message(tmp_path, monkeypatch):
    broken = tmp_path / "rules.csv"
    broken.write_text("recommendation,title_en\n1,x\n", encoding="utf-8")
    monkeypatch.setenv("TIP_DASHBOARD_RULES", str(broken))
    at = run_page("tracker")
    assert not at.exception
    assert any("rules file could not be used" in e.value for e in at.error)


def test_bad_parameters_fall_back():
    at = run_page("tracker", rec="99", view="<b>", since="0", countries="BHR,XXX")
    assert not at.exception
    assert {w.value.split("“")[1].split("”")[0] for w in at.warning} == {
        "rec",
        "view",
        "since",
        "countries",
    }
