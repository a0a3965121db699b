"""The flows page, headless with AppTest, on the bundled dataset: filters, legs, scale, Arabic."""

from __future__ import annotations

import json
import re
import shutil

import pandas as pd

from dashboard.charts.flows import path_text
from dashboard.dataset import load_dataset
from dashboard.i18n import Locale
from tests.apptest import figures, html, run_page
from tests.conftest import DATA

EN = Locale("en").t
AR = Locale("ar").t


def tip_text(item: dict) -> str:
    """A deck tooltip as a reader sees it: its title, then its lines."""
    return item["tip_title"] + "\n" + item["tip_lines"]


def deck(at) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def layer(at, name) -> list[dict]:
    return next(x for x in deck(at)["layers"] if x["id"] == name)["data"]


def captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


def test_default_view_flows_into_the_forum_over_the_latest_five_years(bundled):
    at = run_page("flows")
    assert not at.exception and not at.warning and not at.error
    assert at.title[0].value == EN("flows.title")
    assert at.query_params["dest"] == "forum"
    assert (at.query_params["from"], at.query_params["to"]) == ("2018", "2022")
    assert "summed over 2018–2022" in captions(at)
    forum = {"Bahrain", "Egypt", "Jordan", "Kuwait", "Oman", "Qatar", "Saudi Arabia"}
    forum |= {"United Arab Emirates", "Gulf states (region)", "Middle East (region)"}
    arcs = layer(at, "counted")
    assert len(arcs) > 10
    for arc in arcs:
        destination = arc["tip_title"].split(" → ")[-1]
        assert destination in forum
    assert layer(at, "routes")  # documented routes shown by default too
    sankey = figures(at)
    assert len(sankey) == 1 and sankey[0]["data"][0]["type"] == "sankey"
    assert "tip-source" in html(at) and "UNODC" in html(at)
    land = next(x for x in deck(at)["layers"] if x["id"] == "land")
    assert land["image"].endswith("/app/static/land.png")
    shaded = {f["iso3"] for f in layer(at, "countries")["features"]}
    assert shaded == {"ARE", "BHR", "EGY", "JOR", "KWT", "OMN", "QAT", "SAU"}  # the forum


def test_destination_bahrain(bundled):
    at = run_page("flows", dest="BHR")
    arcs = layer(at, "counted")
    assert arcs and all(a["tip_title"].endswith("→ Bahrain") for a in arcs)
    corridors = bundled.flows[
        (bundled.flows.kind == "detected_victims")
        & (bundled.flows.destination == "BHR")
        & bundled.flows.year.between(2018, 2022)
    ]
    table = html(at)
    # The corridor table shows the largest Bahrain corridor with its summed count.
    top = corridors[corridors.status == "reported"].groupby("origin").victims.sum()
    name = bundled.countries.set_index("iso3").name_en[top.idxmax()]
    assert f"{name} → Bahrain" in table


def test_origin_nepal(bundled):
    at = run_page("flows", orig="NPL", dest="all", **{"from": "2007"})
    arcs = layer(at, "counted")
    assert arcs and all(a["tip_title"].startswith("Nepal → ") for a in arcs)
    assert all(leg["tip_title"].startswith("Nepal → ") for leg in layer(at, "routes"))
    # Nepal's documented routes to Iraq through Jordan and Kuwait are there, as legs.
    routes = [tip_text(leg) for leg in layer(at, "routes")]
    assert any("Nepal → Jordan → Iraq" in t for t in routes)


def test_a_route_with_a_transit_country_shows_both_legs():
    # 2016: Bangladesh -> Oman -> United Arab Emirates (US TIP Report).
    at = run_page("flows", dest="ARE", orig="BGD", **{"from": "2016", "to": "2016"})
    legs = [
        leg for leg in layer(at, "routes") if "Bangladesh → Oman → United Arab" in tip_text(leg)
    ]
    assert len(legs) == 2
    assert legs[0]["target"] == legs[1]["source"]  # they meet at the transit country
    hubs = [m for m in layer(at, "places") if m["iso3"] == "OMN"]
    assert hubs and "Transit hub" in tip_text(hubs[0])
    assert "Bangladesh → Oman → United Arab Emirates" in html(at)  # and listed beside the map


def test_fixed_scale_keeps_widths_across_years_and_fitted_does_not():
    def width(scale, first):
        at = run_page("flows", scale=scale, **{"from": first, "to": "2022"})
        arcs = {a["tip_title"]: a["width"] for a in layer(at, "counted")}
        return arcs, at

    fixed_5, at = width("fixed", "2018")
    fixed_1, _ = width("fixed", "2022")
    fitted_5, _ = width("fitted", "2018")
    fitted_1, fitted_at = width("fitted", "2022")
    assert "Fixed line width" in html(at) and "Fitted" not in html(at)
    assert "fitted to this view" in html(fitted_at)
    # A corridor present only in 2022 has the same count either way: same width when fixed.
    same = [k for k in fixed_1 if k in fixed_5 and fixed_1[k] == fixed_5[k]]
    assert same
    assert max(fitted_1.values()) == max(fitted_5.values())  # widest line always widest
    assert max(fixed_1.values()) < max(fixed_5.values())  # the fixed scale does not stretch


def test_arabic():
    at = run_page("flows", lang="ar")
    assert not at.exception
    assert at.title[0].value == AR("flows.title")
    arcs = layer(at, "counted")
    assert all("ضحية" in tip_text(a) and "←" in tip_text(a) for a in arcs)
    assert "dir='rtl'" in html(at)
    # pydeck keeps the tooltip apart from the deck JSON: the element carries it.
    tooltip = json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip)
    assert tooltip["style"]["direction"] == "rtl" and tooltip["style"]["textAlign"] == "right"
    sankey = figures(at)[0]["data"][0]
    labels = sankey["node"]["label"]
    assert len(set(labels)) == len(labels)  # one node per place: no repeated "direct" nodes


def test_focus_on_a_country_keeps_its_flows_in_and_out():
    at = run_page("flows", focus="JOR", dest="all", **{"from": "2008", "to": "2022"})
    for arc in layer(at, "counted"):
        assert "Jordan" in arc["tip_title"]
    tips = [tip_text(leg) for leg in layer(at, "routes")]
    assert tips and all("Jordan" in t.split("</b>")[0] for t in tips)  # transit through JOR


def test_counted_flows_hidden_leave_only_routes():
    at = run_page("flows", show="routes")
    assert layer(at, "counted") == []
    assert layer(at, "routes")
    assert not figures(at)  # no counted flows: no Sankey
    assert EN("flows.no_counted") in [i.value for i in at.info]


def test_breakdown_with_no_counted_flows_says_so():
    at = run_page("flows", form="sexual_exploitation", dest="all")
    assert layer(at, "counted") == []  # the source's flows are totals only
    assert layer(at, "routes")
    table = html(at)
    assert "Sexual exploitation" in table and "Forced labour" not in table


def test_minimum_hides_small_corridors():
    everything = layer(run_page("flows"), "counted")
    large = layer(run_page("flows", min="20"), "counted")
    assert 0 < len(large) < len(everything)


def test_bad_parameters_fall_back_with_a_notice():
    at = run_page(
        "flows",
        dest="ZZZ,<script>",
        orig="NPL" * 200,
        min="-5",
        show="everything",
        scale="huge",
        focus="ATLANTIS",
        **{"from": "abc", "to": "3000"},
    )
    assert not at.exception and not at.error
    warned = " ".join(w.value for w in at.warning)
    for name in ("dest", "orig", "min", "show", "scale", "focus", "from", "to"):
        assert f"“{name}”" in warned or name in warned
    assert at.query_params["dest"] == "forum" and at.query_params["from"] == "2018"
    assert layer(at, "counted")


def test_a_single_year_is_named_as_one():
    at = run_page("flows", **{"from": "2021", "to": "2021"})
    assert not at.exception
    assert "summed over 2021;" in captions(at) and "2021–2021" not in captions(at)


def route_row(at, route: str) -> str:
    """The row of the route list that starts with this route."""
    found = re.search(rf"<tr><th scope='row'>{re.escape(route)}</th>.*?</tr>", html(at))
    assert found, route
    return found.group(0)


def route_names(bundled, lang: str) -> dict[str, str]:
    return dict(zip(bundled.countries.iso3, bundled.countries[f"name_{lang}"], strict=True))


# 2018, into Saudi Arabia: one route the report states, one whose destination was inferred.
STATED = ("ETH", "DJI", "SAU")
INFERRED = ("UGA", "KEN", "SAU")


def test_routes_show_their_confidence_in_the_key_the_tooltips_and_the_list(bundled):
    at = run_page("flows", show="routes", dest="SAU", **{"from": "2018", "to": "2018"})
    assert not at.exception
    page = html(at)
    assert EN("flows.key_route_explicit") in page and EN("flows.key_route_partial") in page
    names = route_names(bundled, "en")
    stated = route_row(at, path_text(STATED, names, Locale("en")))
    inferred = route_row(at, path_text(INFERRED, names, Locale("en")))
    assert f"<td>{EN('flows.confidence_explicit')}</td>" in stated
    assert f"<td>{EN('flows.confidence_partial')}</td>" in inferred
    assert "US TIP Report" in inferred  # the report and its year
    assert "data row" not in page and "destination inferred" not in page  # no compiler notes
    assert "tip-evidence-en" not in page  # nothing marked as English on an English page
    assert EN("flows.routes_confidence_note") in captions(at)
    tips = [tip_text(leg) for leg in layer(at, "routes")]
    assert any("Ethiopia → Djibouti" in t and "Confidence: stated by the source" in t for t in tips)
    assert any(
        "Uganda → Kenya" in t and "Confidence: a place or leg inferred by the compiler" in t
        for t in tips
    )


def test_arabic_route_list_says_the_evidence_is_in_english_and_marks_it(bundled):
    at = run_page("flows", lang="ar", show="routes", dest="SAU", **{"from": "2018", "to": "2018"})
    assert not at.exception
    page = html(at)
    assert AR("flows.key_route_explicit") in page and AR("flows.key_route_partial") in page
    names = route_names(bundled, "ar")
    stated = route_row(at, path_text(STATED, names, Locale("ar")))
    inferred = route_row(at, path_text(INFERRED, names, Locale("ar")))
    assert f"<td>{AR('flows.confidence_explicit')}</td>" in stated
    assert f"<td>{AR('flows.confidence_partial')}</td>" in inferred
    for row in (stated, inferred):
        # The report's (English) name and year, marked as English, left to right.
        assert "<span dir='ltr' lang='en' class='tip-evidence-en'>US TIP Report " in row
        assert "victims: " not in row and "data row" not in row
    tips = [tip_text(leg) for leg in layer(at, "routes")]
    assert any(AR("flows.confidence_partial") in t for t in tips)


def test_arabic_route_list_shows_the_arabic_evidence_where_there_is_one(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    flows = pd.read_csv(folder / "flows.csv", dtype=str, keep_default_na=False)
    route = (
        (flows.kind == "documented_route")
        & (flows.origin == STATED[0])
        & (flows.transit == STATED[1])
        & (flows.destination == STATED[2])
    )
    assert route.sum() == 1
    evidence = "يمر المهاجرون الإثيوبيون عبر جيبوتي واليمن إلى المملكة العربية السعودية"
    flows.loc[route, "note_ar"] = evidence
    flows.to_csv(folder / "flows.csv", index=False)
    monkeypatch.setenv("TIP_DASHBOARD_DATA", str(folder))
    at = run_page("flows", lang="ar", show="routes", dest="SAU", **{"from": "2018", "to": "2018"})
    assert not at.exception
    data = load_dataset(folder).dataset
    names = route_names(data, "ar")
    stated = route_row(at, path_text(STATED, names, Locale("ar")))
    # A note is not a citation: the row gives the source's citation instead.
    assert evidence not in stated and "dir='ltr'" not in stated
    inferred = route_row(at, path_text(INFERRED, names, Locale("ar")))
    assert "tip-evidence-en" in inferred  # the other route still names its report
