"""The build from public files, on miniature copies that the tests write themselves."""

from __future__ import annotations

import filecmp

import numpy as np
import pandas as pd
import pytest

from dashboard.importers import unodc
from dashboard.importers.build import build
from dashboard.importers.common import BuildLog
from tests.conftest import DATA
from tests.factories import GLOTIP_COLUMNS, glotip_rows, write_reference


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("build")
    reference = write_reference(root / "reference")
    build(reference, root / "out")
    return root


def table(built, name):
    return pd.read_csv(built / "out" / f"{name}.csv", dtype=str, keep_default_na=False)


def obs(built, iso3, indicator, year=2022, sex="total", form="total"):
    frame = table(built, "observations")
    hit = frame[
        (frame.iso3 == iso3)
        & (frame.indicator == indicator)
        & (frame.year == str(year))
        & (frame.sex == sex)
        & (frame.form == form)
    ]
    assert len(hit) == 1, hit
    return hit.iloc[0]


def test_parse_values():
    parsed = unodc.parse_values(
        pd.Series(["38", "1,204", "<5", "abc", "61,102,022"]),
        pd.Series([2022, 2022, 2022, 2022, 2022]),
    )
    assert parsed["value"].tolist()[:2] == [38, 1204]
    assert np.isnan(parsed["value"][2])
    assert (parsed.loc[2, "lower"], parsed.loc[2, "upper"], parsed.loc[2, "status"]) == (
        1.0,
        4.0,
        "suppressed",
    )
    assert parsed["artefact"].tolist() == [False, False, False, True, True]


def test_counts_and_thousands(built):
    assert obs(built, "BHR", "persons_convicted")["value"] == "38"
    assert obs(built, "BHR", "persons_prosecuted")["value"] == "1204"


def test_suppressed_is_a_range_never_zero(built):
    row = obs(built, "BHR", "victims_detected")
    assert (row.value, row.lower, row.upper, row.status) == ("", "1", "4", "suppressed")


def test_other_forms_are_summed_into_a_range(built):
    # Synthetic: the parts (7 and <5) exceed the total (<5) and one part alone is above it,
    # so the sum is kept as published and flagged.
    row = obs(built, "BHR", "victims_detected", form="other")
    assert (row.value, row.lower, row.upper, row.status) == ("", "8", "11", "flagged")
    assert "as published by UNODC" in row.note


def test_an_arabic_note_lists_its_parts_with_the_arabic_comma(built):
    # The same synthetic cells: the Arabic note lists the parts and the values it was given
    # as Arabic does ("7، <5"), the English one as English does ("7; <5").
    summed = obs(built, "BHR", "victims_detected", form="other")
    repeated = obs(built, "JOR", "victims_detected", sex="female")
    flows = table(built, "flows")
    nepal = flows[(flows.kind == "detected_victims") & (flows.origin == "NPL")].iloc[0]
    for row in (summed, repeated, nepal):
        assert "; " in row.note, row.note
        assert "; " not in row.note_ar and ";" not in row.note_ar, row.note_ar
        assert "، " in row.note_ar, row.note_ar


def test_conflicting_repeats_are_flagged_not_chosen(built):
    row = obs(built, "JOR", "victims_detected", sex="female")
    assert (row.value, row.lower, row.upper, row.status) == ("", "36", "407", "flagged")
    assert "407" in row.note and "36" in row.note


def test_identical_prosecuted_and_convicted_series_are_flagged(built):
    for indicator in ("persons_prosecuted", "persons_convicted"):
        for year in (2019, 2020, 2021):
            row = obs(built, "JOR", indicator, year=year)
            assert row.status == "flagged"
            assert "identical" in row.note
    assert obs(built, "JOR", "persons_prosecuted", year=2021).value == "71"


def test_citizenship_flows_with_aliases_and_nationals(built):
    flows = table(built, "flows")
    victims = flows[flows.kind == "detected_victims"]
    nepal = victims[(victims.origin == "NPL") & (victims.destination == "BHR")].iloc[0]
    # 'Nepalese' (12) and 'Nepal' (<5) both mean Nepal: one range, labels named in the note.
    assert (nepal.victims, nepal.lower, nepal.upper, nepal.status) == ("", "13", "16", "suppressed")
    assert "Nepal" in nepal.note and "Nepalese" in nepal.note
    nationals = victims[(victims.origin == "BHR") & (victims.destination == "BHR")].iloc[0]
    assert nationals.victims == "2"
    assert not victims.origin.str.startswith("Q").any()


def test_repatriation_flows_leave_the_reporting_country(built):
    flows = table(built, "flows")
    row = flows[flows.kind == "repatriated_victims"].iloc[0]
    assert (row.origin, row.destination, row.status) == ("BHR", "UKR", "suppressed")


def test_convicted_by_citizenship_and_artefacts_are_left_out_and_logged(built):
    report = (built / "out" / "build_report.md").read_text()
    assert "persons convicted by citizenship" in report
    assert "questionnaire item code" in report


def test_unmapped_label_is_left_out_and_reported_not_fatal():
    rows = [*glotip_rows()]
    rows.append(list(rows[6]))
    rows[-1][GLOTIP_COLUMNS.index("Category")] = "Atlantis"
    frame = pd.DataFrame(rows, columns=GLOTIP_COLUMNS).astype(str)
    assert unodc.unmapped_labels(frame) == ["Atlantis"]
    log = BuildLog()
    flows = unodc.flows(frame, {"BHR", "NPL", "UKR", "XUN"}, log)
    assert not flows.empty
    assert any("'Atlantis' matches no alias: 1 rows" in n for n in log.notes)


def test_a_mapping_adds_labels_but_never_overrides_the_curated_table():
    mapped = {
        "Nepalese": "UKR",  # curated: Nepal
        "ALBANIA": "BHR",  # curated, exact
        "albania": "BHR",  # curated, once folded
        "97 Nepalese": "UKR",  # curated, without its count
        "Atlantis": "UGA",  # nothing curated matches it
    }
    table = unodc.aliases(mapped)
    assert unodc.resolve("Nepalese", table)[0] == "NPL"
    assert unodc.resolve("ALBANIA", table)[0] == "ALB"
    assert unodc.resolve("albania", table)[0] == "ALB"
    assert unodc.resolve("97 Nepalese", table)[0] == "NPL"
    assert unodc.resolve("Atlantis", table) == ("UGA", unodc.MAPPED)
    assert unodc.resolve("ATLANTIS", table) == ("UGA", unodc.MAPPED)  # folded as curated are
    assert unodc.resolve("Atlantis", unodc.aliases()) is None

    rows = [*glotip_rows()]
    rows.append(list(rows[6]))
    rows[-1][GLOTIP_COLUMNS.index("Category")] = "Atlantis"
    frame = pd.DataFrame(rows, columns=GLOTIP_COLUMNS).astype(str)
    known = {"BHR", "NPL", "UKR", "UGA", "XUN"}
    plain = unodc.flows(frame, known, BuildLog())
    flows = unodc.flows(frame, known, BuildLog(), {"Nepalese": "UKR", "Atlantis": "UGA"})
    assert (flows.origin == "UGA").any() and not (plain.origin == "UGA").any()
    curated = flows[flows.origin != "UGA"].reset_index(drop=True)
    pd.testing.assert_frame_equal(curated, plain.reset_index(drop=True))


def test_population_and_mena(built):
    assert obs(built, "BHR", "population", year=2022)["value"] == str(1_000_000 + 62)
    countries = table(built, "countries").set_index("iso3")
    assert countries.loc["BHR", "mena"] == "true"
    assert countries.loc["NPL", "mena"] == "false"
    assert countries.loc["BHR", "forum_member"] == "true"
    assert "WLD" not in set(table(built, "observations").iso3)


def test_gsi_scores_and_measures(built):
    assert obs(built, "BHR", "gsi_prevalence", year=2023).value == "6.7"
    assert obs(built, "BHR", "gsi_response_justice", year=2023).value == "60"
    measures = table(built, "measures")
    nrm = measures[(measures.iso3 == "BHR") & (measures.measure == "gsi_m1321")].iloc[0]
    assert (nrm.recommendation, nrm.status, nrm.year) == ("4", "yes", "2023")
    neg = measures[(measures.iso3 == "JOR") & (measures.measure == "gsi_m4224neg")].iloc[0]
    assert neg.status == "negative"
    # M2322 (prosecutors trained) speaks to two recommendations.
    assert set(measures[measures.measure == "gsi_m2322"].recommendation) == {"5", "8"}


def test_tip_tiers_with_secondary_source_marked(built):
    assert obs(built, "BHR", "tip_tier", year=2002).value == "3"
    early = obs(built, "BHR", "tip_tier", year=2003)
    assert (early.value, early.source) == ("2.5", "tip_kelley_cho")
    assert obs(built, "JOR", "tip_tier", year=2019).source == "us_tip_report_news"
    frame = table(built, "observations")
    assert frame[(frame.indicator == "tip_tier") & (frame.year == "2001")].empty


def test_documented_routes_are_qualitative(built):
    flows = table(built, "flows")
    routes = flows[flows.kind == "documented_route"]
    assert set(routes.victims) == {""}
    row = routes[routes.destination == "BHR"].iloc[0]
    assert (row.origin, row.transit, row.form, row.sex, row.confidence) == (
        "NPL",
        "JOR",
        "forced_labour",
        "female",
        "explicit",
    )
    assert set(routes.destination) == {"BHR", "XME"}


def test_the_build_says_which_route_reports_keep_their_english_name(tmp_path):
    """A chapter of the US TIP Report is named in Arabic on the pages; a report in any other
    form is counted and named in the build's report, for the data manager to see."""
    from dashboard.importers import routes

    reference = write_reference(tmp_path / "reference")
    log = BuildLog()
    routes.flows(reference / "tip_report", {"NPL", "JOR", "BHR"}, log)
    key = ("Documented routes", "reports the Arabic pages cannot name: their English name is shown")
    assert log.flagged[key] == 1  # "US TIP Report 2018", with no chapter named
    assert log.examples[key] == ["US TIP Report 2018"]


def test_migrant_stock_corridors(built):
    flows = table(built, "flows")
    stock = flows[flows.kind == "migrant_stock"]
    row = stock[(stock.origin == "NPL") & (stock.destination == "BHR")].iloc[0]
    assert (row.year, row.victims, row.status) == ("2017", "62000", "estimated")


def test_build_is_deterministic(built, tmp_path):
    build(built / "reference", tmp_path / "again")
    for name in sorted(p.name for p in (built / "out").iterdir()):
        assert filecmp.cmp(built / "out" / name, tmp_path / "again" / name, shallow=False), name


def test_the_build_report_gives_examples_of_each_reason():
    log = BuildLog()
    rows = pd.DataFrame(
        {
            "Iso3_code": ["", "SLB", "SLB", "SLB", "SLB"],
            "Country": ["Sark", "Solomon Islands", "Solomon Islands", "x", "y"],
            "Year": ["2017", "2017", "2018", "2019", "2020"],
            "Category": ["Total", "Nationals", "Solomon islanders", "a", "b"],
        }
    )
    log.exclude("UNODC GLOTIP", "no code", 1, rows.iloc[:1])
    log.flag("UNODC GLOTIP", "two labels", 4, rows.iloc[1:])
    log.exclude("UNODC GLOTIP", "no examples", 2)
    report = log.render()
    assert "| no code | 1 | Sark · 2017 · Total |" in report
    # At most three examples, in the order met.
    assert (
        "| two labels | 4 | SLB · 2017 · Nationals; SLB · 2018 · Solomon islanders; "
        "SLB · 2019 · a |" in report
    )
    assert "| no examples | 2 |  |" in report


def test_the_bundled_build_report_shows_real_examples():
    report = (DATA / "build_report.md").read_text(encoding="utf-8")
    assert "Sark · 2017 · Detected trafficking victims" in report
    assert "SLB · SLB · 2019 · Solomon islanders" in report
