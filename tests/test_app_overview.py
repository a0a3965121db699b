"""The app shell and the Overview page, run headless with AppTest, in both languages: the page
lays out the overview view it builds, in order; the shell falls back from links and datasets it
cannot use. The numbers themselves are tested on tiny datasets in test_view_overview.py.

Also the helpers the compare and profile page tests share (`layout`, `source_p`, `offered`)."""

from __future__ import annotations

import pytest

from dashboard.catalogue import catalogue
from dashboard.charts.coverage import coverage_html
from dashboard.dataset import load_dataset
from dashboard.i18n import Locale
from dashboard.ui.components import html_table
from dashboard.views.overview import OverviewState, build
from tests.apptest import layout, locale_of, run_app, run_page, source_html
from tests.factories import write_tiny

# -- the overview page lays out its view ---------------------------------------------------------

QUERIES = {
    "default": {},
    "gcc": {"group": "gcc"},
    "mena-arabic-digits": {"group": "mena", "digits": "arab"},
}


def expected_layout(view, cat) -> list[tuple[str, str | None]]:
    t = cat.locale.t
    out = [
        ("title", t("overview.title")),
        ("markdown", t("overview.intro")),
        ("subheader", t("overview.latest_heading")),
        ("caption", t("overview.latest_caption")),
        ("html", html_table(view.header, view.rows, numeric=view.numeric)),
    ]
    if view.note_rows:
        out += [
            ("markdown", f"**{t('overview.notes_heading')}**"),
            ("html", html_table(["#", ""], view.note_rows)),
        ]
    grid = coverage_html(
        view.coverage, view.coverage_years, dict(cat.names), view.letters, cat.locale
    )
    out += [
        ("html", source_html(view.source_text)),
        ("subheader", t("overview.coverage_heading")),
        ("caption", t("overview.coverage_caption")),
        ("html", grid),
        ("html", source_html(view.coverage_source_text)),
        ("subheader", t("overview.editions_heading")),
        ("html", html_table(view.editions_header, view.editions_rows)),
        ("html", source_html(view.editions_source_text)),
        ("subheader", t("overview.caveats_heading")),
        *[("markdown", f"- {caveat}") for caveat in view.caveats],
        ("subheader", t("overview.sources_heading")),
        ("html", html_table(view.sources_header, view.sources_rows)),
    ]
    return out


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_the_page_lays_out_its_view(bundled, lang, query):
    at = run_page("overview", lang=lang, **query)
    assert not at.exception and not at.warning and not at.error
    loc = locale_of(lang, query)
    state, rejected = OverviewState.read(bundled, query)
    assert rejected == []
    view = build(bundled, loc, state)
    assert layout(at) == expected_layout(view, catalogue(bundled, loc))
    assert [b.value for b in at.get("button_group")] == [state.group]
    assert dict(at.query_params) == {"group": state.group, "lang": lang, "digits": loc.digits}


def test_the_first_page_of_the_app_is_the_overview(bundled):
    at = run_app()
    assert not at.exception
    view = build(bundled, Locale("en"), OverviewState("forum"))
    assert layout(at) == expected_layout(view, catalogue(bundled, Locale("en")))


def test_switching_language_updates_the_url_and_the_page(bundled):
    at = run_app()
    at.sidebar.radio[0].set_value("ar").run()
    assert at.query_params["lang"] == "ar"
    view = build(bundled, Locale("ar"), OverviewState("forum"))
    assert layout(at) == expected_layout(view, catalogue(bundled, Locale("ar")))


def test_choosing_a_group_writes_it_to_the_address(bundled):
    at = run_page("overview")
    at.get("button_group")[0].set_value("gcc").run()
    assert not at.exception
    assert at.query_params["group"] == "gcc"
    view = build(bundled, Locale("en"), OverviewState("gcc"))
    assert html_table(view.header, view.rows, numeric=view.numeric) in [b for _, b in layout(at)]


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
    assert at.query_params[name] == {"lang": "en", "group": "forum", "digits": "latn"}[name]


def test_unknown_parameters_are_ignored():
    at = run_app(page="nowhere", country="ZZZ")
    assert not at.exception and not at.warning
    assert at.title[0].value == Locale("en").t("overview.title")


def test_invalid_dataset_gives_a_message_not_a_traceback(tmp_path, monkeypatch):
    broken = write_tiny(tmp_path / "broken")
    (broken / "observations.csv").write_bytes(b"\xff\xfe junk")
    monkeypatch.setenv("TIP_DASHBOARD_DATA", str(broken))
    at = run_app()
    assert not at.exception
    assert any(".venv/bin/python -m dashboard.dataset validate" in w.value for w in at.warning)
    assert not at.title


def test_a_dataset_that_turns_invalid_keeps_the_last_valid_one(tmp_path, monkeypatch):
    folder = write_tiny(tmp_path / "live")
    monkeypatch.setenv("TIP_DASHBOARD_DATA", str(folder))
    view = build(load_dataset(folder).dataset, Locale("en"), OverviewState("forum"))
    latest = ("html", html_table(view.header, view.rows, numeric=view.numeric))
    assert latest in layout(run_app())
    (folder / "flows.csv").write_text("not,a,flows,table\n1,2,3,4\n", encoding="utf-8")
    at = run_app()
    assert not at.exception
    assert any("last valid dataset" in w.value for w in at.warning)
    assert latest in layout(at)
