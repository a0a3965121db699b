"""Flow computations: sums over years, routes never summed, transit legs, scale, stock."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.metrics import flows as fl
from tests.factories import flow, flow_frame, withheld_flow

SEL = fl.Selection(2018, 2022)


def test_counts_are_summed_over_the_chosen_years_only():
    data = flow_frame(
        flow(2018, "NPL", "KWT", 10),
        flow(2020, "NPL", "KWT", 5),
        flow(2017, "NPL", "KWT", 100),  # before the range
        flow(2023, "NPL", "KWT", 100),  # after it
    )
    row = fl.counted(data, SEL).iloc[0]
    assert (row.lower, row.upper, row.victims) == (15, 15, 15)
    assert row.years == (2018, 2020)
    assert not row.withheld


def test_a_withheld_year_turns_the_sum_into_a_range():
    data = flow_frame(flow(2021, "NPL", "KWT", 12), withheld_flow(2022, "NPL", "KWT"))
    row = fl.counted(data, SEL).iloc[0]
    assert (row.lower, row.upper) == (13, 16)
    assert math.isnan(row.victims)
    assert not row.withheld  # part of it was counted


def test_a_corridor_withheld_every_year_is_marked_withheld():
    data = flow_frame(withheld_flow(2021, "NPL", "KWT"), withheld_flow(2022, "NPL", "KWT"))
    row = fl.counted(data, SEL).iloc[0]
    assert row.withheld and (row.lower, row.upper) == (2, 8)


def test_a_flagged_count_is_kept_and_marked():
    data = flow_frame(flow(2021, "XUN", "BOL", None, status="flagged", lower=26, upper=332))
    row = fl.counted(data, SEL).iloc[0]
    assert row.flagged and (row.lower, row.upper) == (26, 332)


def test_documented_routes_are_never_counted_or_summed():
    data = flow_frame(
        flow(2018, "ETH", "SAU", kind=fl.ROUTE, transit="YEM"),
        flow(2019, "ETH", "SAU", kind=fl.ROUTE, transit="YEM", form="forced_labour"),
        flow(2020, "ETH", "SAU", 7),
    )
    counted = fl.counted(data, SEL)
    assert len(counted) == 1 and counted.iloc[0].lower == 7  # the routes added nothing
    routes = fl.routes(data, SEL)
    assert len(routes) == 1  # one route, described in two years
    route = routes.iloc[0]
    assert route.years == (2018, 2019)
    assert route.forms == ("total", "forced_labour")
    assert "victims" not in routes.columns and "lower" not in routes.columns


def test_destination_origin_and_focus_filters():
    data = flow_frame(
        flow(2020, "NPL", "KWT", 1),
        flow(2020, "NPL", "BHR", 2),
        flow(2020, "PHL", "BHR", 3),
        flow(2020, "ETH", "SAU", kind=fl.ROUTE, transit="YEM"),
    )
    into = fl.counted(data, fl.Selection(2020, 2020, destinations=("BHR",)))
    assert set(into.destination) == {"BHR"} and into.lower.sum() == 5
    out = fl.counted(data, fl.Selection(2020, 2020, origins=("NPL",)))
    assert set(out.origin) == {"NPL"} and out.lower.sum() == 3
    through = fl.routes(data, fl.Selection(2020, 2020, focus="YEM"))
    assert list(through.transit) == ["YEM"]  # a transit country's own flows include routes
    assert fl.counted(data, fl.Selection(2020, 2020, focus="YEM")).empty


def test_counted_flows_take_totals_unless_a_breakdown_is_chosen():
    data = flow_frame(
        flow(2020, "NPL", "KWT", 10),
        flow(2020, "NPL", "KWT", 6, sex="female"),
        flow(2020, "NPL", "KWT", 4, sex="male"),
    )
    assert fl.counted(data, fl.Selection(2020, 2020)).lower.sum() == 10  # not 20
    women = fl.counted(data, fl.Selection(2020, 2020, sex="female"))
    assert women.lower.sum() == 6


def test_a_chosen_form_keeps_the_routes_of_that_form_and_no_total_count():
    data = flow_frame(
        flow(2020, "NPL", "KWT", 10),  # counts are totals only, as the source gives them
        flow(2020, "NPL", "KWT", kind=fl.ROUTE, form="sexual_exploitation"),
        flow(2020, "ETH", "SAU", kind=fl.ROUTE, transit="YEM", form="forced_labour"),
    )
    chosen = fl.Selection(2020, 2020, form="sexual_exploitation")
    assert fl.counted(data, chosen).empty
    routes = fl.routes(data, chosen)
    assert list(routes.origin) == ["NPL"] and list(routes.forms) == [("sexual_exploitation",)]


def test_minimum_applies_to_the_lower_end():
    data = flow_frame(flow(2020, "NPL", "KWT", 10), withheld_flow(2020, "PHL", "KWT"))
    kept = fl.counted(data, fl.Selection(2020, 2020, minimum=2))
    assert list(kept.origin) == ["NPL"]


def test_years_given_in_either_order():
    assert fl.Selection(2022, 2018).years == (2018, 2019, 2020, 2021, 2022)


def test_a_route_keeps_its_confidence_and_only_arabic_notes_that_are_evidence():
    from dashboard.importers.routes import ATTRIBUTION_AR

    data = flow_frame(
        route := flow(2018, "ETH", "SAU", kind=fl.ROUTE, transit="YEM", confidence="partial"),
        {**route, "year": 2019, "confidence": "explicit"},
        flow(
            2018,
            "UGA",
            "JOR",
            kind=fl.ROUTE,
            transit="KEN",
            confidence="partial",
            note_ar=ATTRIBUTION_AR + "US TIP Report 2018, Uganda narrative",
        ),
        flow(2018, "SOM", "YEM", kind=fl.ROUTE, confidence="explicit", note_ar="عبر بونتلاند"),
    )
    routes = fl.routes(data, SEL).set_index("origin")
    assert routes.loc["ETH", "confidence"] == "explicit"  # stated outright in one year
    assert routes.loc["UGA", "confidence"] == "partial"
    assert routes.loc["UGA", "evidence_ar"] == ""  # it only names the report
    assert routes.loc["SOM", "evidence_ar"] == "عبر بونتلاند"
    assert fl.arabic_evidence(ATTRIBUTION_AR + "A | " + ATTRIBUTION_AR + "B") == ""
    assert fl.arabic_evidence(ATTRIBUTION_AR + "A؛ عبر سيناء") != ""


def test_a_route_through_a_transit_country_splits_into_two_legs_and_joins_back():
    paths = pd.DataFrame(
        {
            "origin": ["ETH", "NPL"],
            "transit": ["YEM", ""],
            "destination": ["SAU", "KWT"],
        }
    )
    legs = fl.legs(paths)
    assert list(legs.itertuples(index=False)) == [
        (0, 1, "ETH", "YEM"),
        (0, 2, "YEM", "SAU"),
        (1, 0, "NPL", "KWT"),
    ]
    back = fl.join_legs(legs)
    assert back[["origin", "transit", "destination"]].equals(paths)


def test_legs_that_go_nowhere_are_not_drawn():
    paths = pd.DataFrame(
        {"origin": ["SOM", "EGY"], "transit": ["SOM", ""], "destination": ["YEM", "EGY"]}
    )
    legs = fl.legs(paths)
    # SOM -> SOM -> YEM is drawn as one leg; EGY -> EGY (domestic) not at all.
    assert list(legs.itertuples(index=False)) == [(0, 0, "SOM", "YEM")]


def test_legs_that_do_not_join_are_refused():
    broken = pd.DataFrame(
        [(0, 1, "ETH", "YEM"), (0, 2, "DJI", "SAU")], columns=["path", "leg", "start", "end"]
    )
    with pytest.raises(ValueError):
        fl.join_legs(broken)


codes = st.sampled_from(["ETH", "YEM", "SAU", "NPL", "KWT", "XGS"])


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(codes, st.sampled_from(["", "DJI", "ETH", "YEM"]), codes), max_size=20))
def test_split_and_join_are_inverse_for_every_drawable_path(triples):
    paths = pd.DataFrame(triples, columns=["origin", "transit", "destination"])
    legs = fl.legs(paths)
    back = fl.join_legs(legs).set_index("path")
    for k, (origin, transit, destination) in enumerate(triples):
        if transit and transit not in (origin, destination):  # two legs, even out and back
            assert tuple(back.loc[k]) == (origin, transit, destination)
        elif origin != destination:
            assert tuple(back.loc[k]) == (origin, "", destination)
        else:  # stays in one place: nothing to draw
            assert k not in back.index


def test_hubs_count_routes_through_each_transit_country():
    paths = pd.DataFrame(
        {
            "origin": ["ETH", "SOM", "NPL", "SOM"],
            "transit": ["YEM", "YEM", "", "SOM"],
            "destination": ["SAU", "SAU", "KWT", "YEM"],
        }
    )
    assert fl.hubs(paths).to_dict() == {"YEM": 2}


def test_fitted_scale_follows_the_view_and_fixed_scale_does_not():
    data = flow_frame(
        flow(2018, "NPL", "KWT", 100),
        flow(2022, "NPL", "KWT", 50),
        flow(2022, "PHL", "KWT", 10),
        flow(2022, "KWT", "KWT", 5000),  # domestic: never a line, never the reference
        flow(2022, "XUN", "KWT", 9000),  # no place: never drawn
    )
    placed = {"NPL", "KWT", "PHL"}
    reference = fl.fixed_reference(data, placed)
    assert reference == 150  # NPL -> KWT, every year summed
    one_year = fl.drawable(fl.counted(data, fl.Selection(2022, 2022)), placed)
    all_years = fl.drawable(fl.counted(data, fl.Selection(2018, 2022)), placed)
    fitted = (fl.scale(one_year, False, reference), fl.scale(all_years, False, reference))
    assert fitted[0].width(50) == fitted[1].width(150) == fl.MAX_WIDTH
    assert fitted[0].width(10) != fitted[1].width(10)
    fixed = (fl.scale(one_year, True, reference), fl.scale(all_years, True, reference))
    assert fixed[0].width(10) == fixed[1].width(10)
    assert fixed[0].width(150) == fl.MAX_WIDTH
    # Logarithmic: 1, 10 and 100 victims step up evenly, and even 1 is drawn.
    w1, w10, w100 = (fixed[0].width(v) for v in (1, 10, 100))
    assert fl.MIN_WIDTH < w1 < w10 < w100 < fl.MAX_WIDTH
    assert w100 - w10 >= w10 - w1 > 2  # a linear scale would crush these below 2 px
    assert fixed[0].width(0) == fl.MIN_WIDTH
    assert fixed[0].samples() == [150, 10, 1]
    assert fitted[1].samples() == [150, 75, 15]


def test_migrant_stock_is_the_latest_estimate_up_to_the_last_year():
    data = flow_frame(
        flow(2015, "NPL", "KWT", 1000, kind=fl.STOCK, source="undesa"),
        flow(2017, "NPL", "KWT", 1200, kind=fl.STOCK, source="undesa"),
        flow(2019, "PHL", "KWT", 800, kind=fl.STOCK, source="undesa"),
    )
    corridors = pd.DataFrame(
        {"origin": ["NPL", "PHL", "ETH"], "destination": ["KWT", "KWT", "KWT"]}
    )
    out = fl.with_stock(corridors, data, last=2016).set_index("origin")
    assert (out.loc["NPL", "stock"], out.loc["NPL", "stock_year"]) == (1000, 2015)
    # No estimate before 2016 for PHL: the earliest after it, and its year says so.
    assert (out.loc["PHL", "stock"], out.loc["PHL", "stock_year"]) == (800, 2019)
    assert math.isnan(out.loc["ETH", "stock"])
    later = fl.with_stock(corridors, data, last=2022).set_index("origin")
    assert later.loc["NPL", "stock_year"] == 2017


def test_node_totals_keep_ranges_and_separate_domestic_victims():
    data = flow_frame(
        flow(2020, "NPL", "KWT", 10),
        withheld_flow(2020, "PHL", "KWT"),
        flow(2020, "KWT", "KWT", 7),
    )
    totals = fl.node_totals(fl.counted(data, fl.Selection(2020, 2020)))
    assert (totals.loc["KWT", "in_lower"], totals.loc["KWT", "in_upper"]) == (11, 14)
    assert totals.loc["KWT", "home_lower"] == 7
    assert totals.loc["NPL", "out_lower"] == 10 and totals.loc["NPL", "in_upper"] == 0
