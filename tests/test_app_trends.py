"""The conviction trends page, headless with AppTest: every measure and view, both languages."""

from __future__ import annotations

import pytest

from dashboard.i18n import Locale
from tests.apptest import figures, html, run_page, shown

EN = Locale("en").t


def trend(at):
    return figures(at)[0]


def traces(spec, name):
    return [t for t in spec["data"] if t.get("name") == name]


def test_default_view():
    at = run_page("trends")
    assert not at.exception
    # The only warning: Bahrain's parts by form exceed its total in UNODC's own figures.
    assert [w.value.split(" in ")[0] for w in at.warning] == [
        EN("trends.parts_exceed", years="").split(" in ")[0]
    ]
    assert at.title[0].value == EN("trends.title")
    specs = figures(at)
    assert len(specs) == 3  # trend, funnel, breakdown
    names = {t["name"] for t in specs[0]["data"] if t.get("showlegend", True)}
    assert {"Bahrain", "Saudi Arabia", "Jordan", "Qatar"} <= names
    assert at.query_params["countries"] == "BHR,EGY,JOR,KWT,OMN,QAT,SAU,ARE"
    assert "tip-source" in html(at)


@pytest.mark.parametrize("how", ["absolute", "per100k", "ratio", "per_victims", "index"])
def test_each_measure(how):
    at = run_page("trends", measure=how, countries="BHR,ARE,QAT", base="2017")
    assert not at.exception
    spec = trend(at)
    assert spec["layout"]["yaxis"]["title"]["text"] == EN(f"trends.measure_{how}")
    assert EN(f"trends.explain_{how}") in [c.value for c in at.caption]


def test_ratio_values_match_the_dataset(bundled):
    at = run_page("trends", measure="ratio", countries="ARE")
    line = traces(trend(at), "United Arab Emirates")[0]
    by_year = dict(zip(line["x"], line["y"], strict=True))
    assert by_year[2019] == pytest.approx(92 / 93)  # 92 convicted / 93 prosecuted (UNODC)


def test_index_names_countries_without_a_base():
    at = run_page("trends", measure="index", countries="BHR,KWT", base="2020")
    assert any("Kuwait" in i.value for i in at.info)


def test_index_on_the_default_base_year_draws_and_says_who_has_no_base():
    """2015, the default base year, once wiped the page ('could not be drawn')."""
    at = run_page("trends", measure="index", base="2015")
    assert not at.exception and not at.error
    assert any("no exact figure in 2015" in m.value for m in at.info)


def test_small_multiples():
    at = run_page("trends", layout="multiples", scales="free", countries="BHR,JOR,QAT,ARE")
    titles = [a["text"] for a in trend(at)["layout"]["annotations"]]
    assert titles[:4] == ["Bahrain", "Jordan", "Qatar", "United Arab Emirates"]


def convicted_years(bundled, iso3):
    obs = bundled.observations
    rows = obs[
        (obs.iso3 == iso3)
        & (obs.indicator == "persons_convicted")
        & (obs.sex == "total")
        & (obs.age == "total")
        & (obs.form == "total")
    ]
    return set(rows.year)


def test_regional_line_only_in_years_every_country_reported(bundled):
    at = run_page("trends", countries="BHR,KWT", region="complete")
    label = EN("trends.region_name")
    years = set()
    for t in trend(at)["data"]:  # the region's line, and its range markers (withheld parts)
        for x, y, hover in zip(
            t["x"], t["y"], t.get("hovertext") or [""] * len(t["x"]), strict=True
        ):
            if y is not None and hover.startswith(label):
                years.add(x)
    both = convicted_years(bundled, "BHR") & convicted_years(bundled, "KWT")
    assert years == both and len(years) < len(convicted_years(bundled, "BHR"))


def test_regional_line_over_reporters_says_n_of_m():
    at = run_page("trends", countries="BHR,KWT", region="reported")
    line = traces(trend(at), EN("trends.region_name"))[0]
    hovers = [h for h in line["hovertext"] if h]
    assert any("1 of 2 countries reported" in h for h in hovers)
    assert any("2 of 2 countries reported" in h for h in hovers)
    written = [t for t in line["text"] if t]  # on the chart, not only on hover
    assert "1 of 2" in written and "2 of 2" in written


def test_funnel_for_2021():
    at = run_page("trends", funnel_year="2021", countries="BHR,EGY")
    funnel = figures(at)[1]
    convicted = next(t for t in funnel["data"] if t["name"] == "Persons convicted")
    assert convicted["text"] == ["53", "25"]  # UNODC 2021: Bahrain 53, Egypt 25


def test_breakdown_by_form():
    at = run_page("trends", countries="BHR", by="form", b_indicator="victims_detected")
    breakdown = figures(at)[2]
    names = {t["name"] for t in breakdown["data"]}
    assert names & {"Sexual exploitation", "Forced labour", "Other"}


def test_events_on_the_timeline():
    at = run_page("trends", events="on", countries="BHR,OMN")
    spec = trend(at)
    lines = {s["x0"] for s in spec["layout"].get("shapes", [])}
    assert {2019, 2021} <= lines  # forum editions inside 2003-2022
    assert "Forum: Manama 2019" in html(at)


def test_measures_in_place_are_events_after_the_last_count():
    at = run_page("trends", events="on", countries="BHR")
    spec = trend(at)
    assert 2023 in {s["x0"] for s in spec["layout"]["shapes"]}
    assert spec["layout"]["xaxis"]["range"][1] > 2023
    page = html(at)
    assert "Bahrain: A National Referral Mechanism (NRM) exists (in place, Walk Free" in page


def test_arabic():
    at = run_page("trends", lang="ar", digits="arab")
    t = Locale("ar").t
    assert at.title[0].value == t("trends.title")
    spec = trend(at)
    assert spec["layout"]["yaxis"]["side"] == "right"
    low, high = spec["layout"]["xaxis"]["range"]
    assert low > high  # time runs right to left
    assert "البحرين" in {tr["name"] for tr in spec["data"]}
    assert "٢٠٢٢" in spec["layout"]["xaxis"]["ticktext"]


@pytest.mark.parametrize(
    "params",
    [
        {"countries": "BHR,ZZZ"},
        {"measure": "sum"},
        {"from": "1800"},
        {"funnel_year": "x" * 5000},
        {"countries": ",".join(["BHR"] * 40)},
    ],
)
def test_bad_parameters_fall_back_with_a_notice(params):
    at = run_page("trends", **params)
    assert not at.exception
    assert any(f"“{next(iter(params))}”" in shown(w.value) for w in at.warning)
    assert len(figures(at)) == 3


def test_change_figures_refuse_short_series():
    page = html(run_page("trends", countries="KWT,ARE", **{"from": "2015"}))
    kuwait = page.split("<th scope='row'>Kuwait</th>")[1].split("</tr>")[0]
    emirates = page.split("<th scope='row'>United Arab Emirates</th>")[1].split("</tr>")[0]
    assert "No figure: fewer than 3 years reported in 2015–2022." in kuwait
    assert "a year (" in emirates and "years reported)" in emirates


@pytest.mark.parametrize("group", ["forum", "gcc", "mena"])
def test_complete_years_only_for_every_peer_group(bundled, group):
    """No year in which every member of these groups reported convictions: the page says so
    and still draws the countries (it used to fail with 'This view could not be drawn')."""
    from dashboard.metrics.overview import members

    convicted = {i for i in members(bundled.countries, group) if convicted_years(bundled, i)}
    at = run_page("trends", countries=",".join(sorted(convicted)[:12]), region="complete")
    assert not at.exception and not at.error
    infos = [i.value for i in at.info]
    assert any("every chosen country reported" in i for i in infos)
    assert not traces(trend(at), EN("trends.region_name"))
    names = {t["name"] for t in trend(at)["data"] if t.get("showlegend", True)}
    assert len(names) >= min(len(convicted), 12) - 1


@pytest.mark.parametrize(("iso3", "by", "year"), [("BHR", "form", "2021"), ("NPL", "sex", "2020")])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_breakdown_says_where_parts_exceed_the_total(iso3, by, year, lang):
    # UNODC: Bahrain 2021, 32 victims detected, 44 in forced labour alone; Nepal 2020, 187
    # detected, 1,078 of them male. Kept as published; the chart says so in both languages.
    at = run_page("trends", countries=iso3, by=by, b_indicator="victims_detected", lang=lang)
    assert not at.exception
    loc = Locale(lang)
    said = [w.value for w in at.warning]
    assert any(
        w.startswith(loc.t("trends.parts_exceed", years="")[:20]) and loc.year(int(year)) in w
        for w in said
    ), said
