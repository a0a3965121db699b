"""The app shell and the Overview page, run headless with AppTest, in both languages."""

from __future__ import annotations

import shutil

import pytest

from dashboard.i18n import Locale
from tests.apptest import html, run_app
from tests.conftest import DATA
from tests.factories import write_tiny


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_overview_draws_in_both_languages(lang):
    at = run_app(lang=lang)
    t = Locale(lang).t
    assert not at.exception
    assert [x.value for x in at.title] == [t("overview.title")]
    assert [x.value for x in at.subheader] == [
        t("overview.latest_heading"),
        t("overview.coverage_heading"),
        t("overview.editions_heading"),
        t("overview.caveats_heading"),
        t("overview.sources_heading"),
    ]
    assert not at.warning and not at.error
    assert "tip-coverage" in html(at)
    assert at.query_params["lang"] == lang


def test_latest_figures_with_their_years():
    page = html(run_app())
    assert "<th scope='row'>Bahrain</th>" in page
    assert "38 (2022)" in page  # persons convicted, Bahrain 2022 (UNODC)
    assert "1–4 (2022)" in page  # Oman's victims detected, suppressed
    assert "see note 1" in page
    assert "identical in the source" in page


def test_arabic_names_and_digits():
    page = html(run_app(lang="ar", digits="arab"))
    assert "البحرين" in page and "المملكة العربية السعودية" in page
    assert "٣٨ (٢٠٢٢)" in page
    assert "تتطابق أعداد" in page  # the note in Arabic


def test_coverage_grid_in_arabic():
    page = html(run_app(lang="ar"))
    assert "<th scope='row'>البحرين</th>" in page
    assert "class='cov-3'" in page  # Bahrain reported all three in most years


def test_every_table_has_a_source_line():
    page = html(run_app())
    assert page.count('class="tip-source"') == 3


def test_group_from_the_url_is_restored():
    at = run_app(group="gcc")
    page = html(at)
    assert "<th scope='row'>Kuwait</th>" in page
    assert "<th scope='row'>Egypt</th>" not in page
    assert at.get("button_group")[0].value == "gcc"
    assert at.query_params["group"] == "gcc"


def test_switching_language_updates_the_url_and_the_page():
    at = run_app()
    at.sidebar.radio[0].set_value("ar").run()
    assert at.query_params["lang"] == "ar"
    assert at.title[0].value == Locale("ar").t("overview.title")


@pytest.mark.parametrize(
    "params",
    [
        {"lang": "fr"},
        {"group": "<script>alert(1)</script>"},
        {"digits": "x" * 10_000},
        {"group": "' OR 1=1 --"},
    ],
)
def test_bad_url_parameters_fall_back_with_a_notice(params):
    at = run_app(**params)
    assert not at.exception
    name = next(iter(params))
    assert any(f"“{name}”" in w.value for w in at.warning)
    assert at.title[0].value == Locale("en").t("overview.title")


def test_unknown_parameters_are_ignored():
    at = run_app(page="nowhere", country="ZZZ")
    assert not at.exception and not at.warning


def test_invalid_dataset_gives_a_message_not_a_traceback(tmp_path, monkeypatch):
    broken = write_tiny(tmp_path / "broken")
    (broken / "observations.csv").write_bytes(b"\xff\xfe junk")
    monkeypatch.setenv("TIP_DASHBOARD_DATA", str(broken))
    at = run_app()
    assert not at.exception
    assert any(".venv/bin/python -m dashboard.dataset validate" in w.value for w in at.warning)
    assert not at.title


def test_a_dataset_that_turns_invalid_keeps_the_last_valid_one(tmp_path, monkeypatch):
    folder = tmp_path / "live"
    shutil.copytree(DATA, folder)
    monkeypatch.setenv("TIP_DASHBOARD_DATA", str(folder))
    assert "38 (2022)" in html(run_app())
    (folder / "flows.csv").write_text("not,a,flows,table\n1,2,3,4\n", encoding="utf-8")
    at = run_app()
    assert not at.exception
    assert any("last valid dataset" in w.value for w in at.warning)
    assert "38 (2022)" in html(at)
