"""The country profile's view: built on tiny datasets, and the same on the page, on its slide
and in its PDF."""

from __future__ import annotations

import re
from html import unescape

import pandas as pd
import pytest

from dashboard.catalogue import catalogue
from dashboard.dataset import load_dataset
from dashboard.dataset.io import sort_table, write_folder
from dashboard.dataset.schema import TABLES_BY_NAME
from dashboard.i18n import Locale
from dashboard.metrics.tracker import Rule, parse_condition
from dashboard.slides import adapt as slides
from dashboard.slides import documents
from dashboard.ui.components import html_table
from dashboard.views.profile import ProfileState, Split, Table, build
from tests.apptest import figures, html, run_page, shown
from tests.factories import MANIFEST, _indicator, _obs, tiny_tables

SOURCE_LINE = re.compile(r'<p class="tip-source">(.*?)</p>', re.S)
NRM = Rule(
    recommendation="4",
    title_en="Referral",
    title_ar="الإحالة",
    in_place=parse_condition("all of: gsi_m1321, gsi_m1322"),
    partly=parse_condition("any of: gsi_m1321"),
    related=(),
    rule_en="In place when both hold.",
    rule_ar="قائمة حين يتحقق الأمران.",
)
BASE = [
    _obs("BHR", 2021, "persons_convicted", 40),
    _obs("BHR", 2022, "persons_convicted", 38),
    _obs("BHR", 2022, "victims_detected", status="suppressed", lower=1, upper=4),
]


def dataset(tmp_path, observations, measures=()):
    tables = tiny_tables()
    extra = [
        _indicator("persons_formal_contact", "count"),
        _indicator("offences", "count"),
        _indicator("gsi_prevalence", "rate"),
        _indicator("gsi_victims_estimate", "count"),
        _indicator("gsi_m1322", "boolean"),
    ]
    tables["indicators"] = pd.concat([tables["indicators"], pd.DataFrame(extra)])
    columns = tables["observations"].columns
    tables["observations"] = pd.DataFrame(observations, columns=columns)
    tables["measures"] = pd.DataFrame(
        [
            {
                "iso3": "BHR",
                "recommendation": "4",
                "measure": m,
                "status": status,
                "year": year,
                "source": "test_source",
                "evidence": "",
            }
            for m, status, year in measures
        ],
        columns=tables["measures"].columns,
    )
    tables = {k: sort_table(v, TABLES_BY_NAME[k]) for k, v in tables.items()}
    write_folder(tables, MANIFEST, tmp_path / "data")
    result = load_dataset(tmp_path / "data")
    assert result.dataset is not None, result.report.render()
    return result.dataset


@pytest.mark.parametrize(
    ("observations", "lang", "figures_shown", "years"),
    [
        (
            BASE,
            "en",
            ["1–4 (2022)", "not reported", "38 (2022)", "not reported", "not reported"],
            [2022],
        ),
        (
            [*BASE, _obs("BHR", 2019, "offences", 1204, note="as counted", note_ar="كما عُدّت")],
            "ar",
            ["1–4 (2022)", "لم يُبلَّغ عنه", "38 (2022)", "لم يُبلَّغ عنه", "1,204 (2019)"],
            [2019, 2022],
        ),
        ([], "en", ["not reported"] * 5, []),
    ],
)
def test_headline_figures(tmp_path, observations, lang, figures_shown, years):
    data = dataset(tmp_path, observations)
    loc = Locale(lang)
    view = build(data, loc, ProfileState("BHR"))
    assert [row[1] for row in view.headline.rows] == figures_shown
    assert view.headline.years == years
    assert view.headline.sources == ["test_source"]
    notes = [row[2] for row in view.headline.rows]
    assert notes[4] == ({"en": "as counted", "ar": "كما عُدّت"}[lang] if years[:1] == [2019] else "")
    assert ("2022" in view.headline.source_text) == bool(years)


@pytest.mark.parametrize(
    ("observations", "years", "convicted"),
    [
        (BASE, list(range(2013, 2023)), {2021: 40, 2022: 38}),
        ([_obs("BHR", 2005, "persons_convicted", 7)], list(range(1996, 2006)), {2005: 7}),
        ([], None, None),
    ],
)
def test_ten_years(tmp_path, observations, years, convicted):
    data = dataset(tmp_path, observations)
    view = build(data, Locale("en"), ProfileState("BHR"))
    if years is None:
        assert view.trend is None
        slide = slides.profile(data, Locale("en"), {"country": "BHR"})
        assert slide.notes == [view.none] and slide.figure is None
        return
    trend = view.trend
    assert trend.years == years
    rows = trend.frame[trend.frame.iso3 == "persons_convicted"]
    assert dict(zip(rows.year, rows.value, strict=True)) == convicted
    assert trend.sources == ["test_source"] and trend.decimals == 0


@pytest.mark.parametrize(
    ("loc", "caution"),
    [
        (Locale("en"), "2021, 2022"),
        (Locale("ar"), "2021، 2022"),
        (Locale("ar", "arab"), "٢٠٢١، ٢٠٢٢"),
    ],
)
def test_split_by_sex_says_where_parts_exceed_and_what_is_withheld(tmp_path, loc, caution):
    observations = [
        _obs("BHR", 2021, "victims_detected", 2),
        _obs("BHR", 2021, "victims_detected", 3, sex="female"),
        _obs("BHR", 2022, "victims_detected", 2),
        _obs("BHR", 2022, "victims_detected", 3, sex="female"),
        _obs("BHR", 2022, "victims_detected", None, "suppressed", 1, 4, sex="male"),
    ]
    view = build(dataset(tmp_path, observations), loc, ProfileState("BHR"))
    form, sex = view.splits
    assert form == ("form", loc.t("profile.forms_heading"))  # nothing by form
    assert isinstance(sex, Split) and sex.years == [2021, 2022]
    assert sex.caution == loc.t("trends.parts_exceed", years=caution)
    male_2022 = f"{loc.t('split.male')} {loc.year(2022)}"
    assert sex.withheld_text == loc.t("trends.withheld_parts", parts=male_2022)


@pytest.mark.parametrize(
    ("labour", "caution_years"),
    [(44, "2021"), (30, "")],  # 44 of 32 in forced labour alone: more than the total
)
def test_split_by_form_says_where_parts_exceed_and_only_there(tmp_path, labour, caution_years):
    observations = [
        _obs("BHR", 2020, "victims_detected", 10),
        _obs("BHR", 2020, "victims_detected", 9, form="forced_labour"),
        _obs("BHR", 2021, "victims_detected", 32),
        _obs("BHR", 2021, "victims_detected", labour, form="forced_labour"),
    ]
    loc = Locale("en")
    view = build(dataset(tmp_path, observations), loc, ProfileState("BHR"))
    form, sex = view.splits
    assert sex == ("sex", loc.t("profile.sex_heading"))  # nothing by sex
    assert isinstance(form, Split) and form.years == [2020, 2021]
    expected = loc.t("trends.parts_exceed", years=caution_years) if caution_years else ""
    assert form.caution == expected
    assert form.withheld_text == ""


def test_corridors_recommendations_and_assessments(tmp_path):
    observations = [
        *BASE,
        _obs("BHR", 2023, "gsi_prevalence", 6.66),
        _obs("BHR", 2023, "gsi_victims_estimate", 11000),
        _obs("BHR", 2022, "tip_tier", 1),
    ]
    measures = [("gsi_m1321", "yes", 2023)]
    data = dataset(tmp_path, observations, measures)
    loc = Locale("en")
    view = build(data, loc, ProfileState("BHR"), [NRM])
    inflows, outflows = view.corridors
    assert isinstance(inflows, Table) and inflows.rows == [["Nepal", "12"]]
    assert inflows.sources == ["test_source"]
    assert outflows == loc.t("profile.outflows_heading")  # Bahrain's citizens: none abroad
    assert view.recommendations.rows == [["4", "Referral", "◐ Partly · 2023 · Other source *"]]
    assert view.tiers.rows == [["2022", "Tier 1", "Tests, synthetic source"]]
    units = catalogue(data, loc).units
    assert view.gsi.rows == [
        ["gsi prevalence", "6.7", units["gsi_prevalence"]],
        ["gsi victims estimate", "11,000", units["gsi_victims_estimate"]],
    ]
    assert view.gsi.header[-1] == loc.t("profile.col_unit")
    assert view.gsi.caption == loc.t("profile.gsi_scale") and "0 to 100" in view.gsi.caption
    assert view.gsi.years == [2023]
    # No migrant stock here: the caption promises none.
    assert "migrant" not in inflows.caption.lower() and len(inflows.header) == 2
    assert build(data, loc, ProfileState("BHR")).recommendations is None  # no rules given


def test_a_recommendation_in_place_and_a_countrys_citizens_abroad(tmp_path):
    measures = [("gsi_m1321", "yes", 2023), ("gsi_m1322", "yes", 2023)]
    data = dataset(tmp_path, BASE, measures)
    loc = Locale("en")
    bahrain = build(data, loc, ProfileState("BHR"), [NRM])
    assert bahrain.recommendations.rows == [["4", "Referral", "✓ In place · 2023 · Other source"]]
    # Nepal: its citizens detected in Bahrain; no victims detected in Nepal
    inflows, outflows = build(data, loc, ProfileState("NPL"), [NRM]).corridors
    assert inflows == loc.t("profile.inflows_heading")
    assert isinstance(outflows, Table) and outflows.rows == [["Bahrain", "12"]]
    assert outflows.header == [loc.t("profile.col_destination"), loc.t("profile.col_victims")]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("country", ["BHR", "OMN"])
def test_slide_pdf_pages_and_page_show_the_same(bundled, lang, country):
    loc = Locale(lang)
    slide = slides.build(bundled, loc, "profile", {"country": country})
    at = run_page("profile", lang=lang, country=country)
    assert not at.exception
    page = html(at)
    lines = [unescape(s) for s in SOURCE_LINE.findall(page)]
    assert slides.source_text(bundled, loc, slide) in lines
    trend = figures(at)[0]
    drawn = [(tr["name"], tr["y"]) for tr in trend["data"] if tr.get("mode") == "lines+markers"]
    assert drawn == [(name, values) for name, values in slide.series.series]
    assert [str(x) for x in trend["data"][0]["x"]] == slide.series.categories
    view, problem = documents.profile_view(bundled, loc, country)
    document = documents.profile_html(bundled, loc, view, {}, problem)
    written = [unescape(s) for s in SOURCE_LINE.findall(document)]
    tables = [view.headline, *view.corridors, view.recommendations, view.tiers, view.gsi]
    for table in (t for t in tables if isinstance(t, Table)):  # the PDF's tables: the page's
        drawn = html_table(table.header, table.rows, numeric=table.numeric)
        assert drawn in page and drawn in document
        if table.source_text:
            assert table.source_text in lines and table.source_text in written
    assert shown(at.title[0].value) == loc.t("profile.title", country=view.name)
    assert view.trend.source_text in lines and view.trend.source_text in written


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_corridor_captions_promise_migrants_only_where_the_table_has_them(bundled, lang):
    loc = Locale(lang)
    view = build(bundled, loc, ProfileState("EGY"))  # in- and outflows; stock for inflows only
    inflows, outflows = view.corridors
    assert loc.t("profile.col_migrants") in inflows.header
    assert loc.year(2017) in inflows.caption  # the stock's year is said
    assert loc.t("profile.col_migrants") not in outflows.header
    assert outflows.caption == loc.t(
        "profile.flows_caption", n=loc.number(5), years=loc.years(2018, 2022)
    )
    assert loc.year(2017) not in outflows.caption  # no migrant numbers promised


def test_the_pdfs_document_holds_dataset_text_as_text(tmp_path):
    """A note that is markup stays text in the document printed to PDF, which may fetch
    and run nothing."""
    hostile = '<script>alert(1)</script><img src="http://198.51.100.7/x.png">'
    data = dataset(tmp_path, [*BASE, _obs("BHR", 2019, "offences", 5, note=hostile)])
    view = build(data, Locale("en"), ProfileState("BHR"))
    document = documents.profile_html(data, Locale("en"), view, {"trend": b"<svg/>"})
    assert "<script" not in document and '198.51.100.7/x.png">' not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    policy = re.search(r'content="([^"]*)"', document).group(1)
    assert policy == "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
