"""The rules for repeated and contradictory UNODC rows (docs/dataset.md, "Repeated rows"),
checked on the real rows of the bundled dataset and of the reference UNODC file."""

from __future__ import annotations

import pytest

from dashboard.importers import unodc
from dashboard.importers.build import UNODC_FILE


def cell(bundled, iso3, year, indicator, form="total", sex="total", age="total"):
    obs = bundled.observations
    rows = obs[
        (obs.iso3 == iso3)
        & (obs.year == year)
        & (obs.indicator == indicator)
        & (obs.form == form)
        & (obs.sex == sex)
        & (obs.age == age)
    ]
    assert len(rows) == 1
    return rows.iloc[0]


def high(row, column="value"):
    return row[column] if row[column] == row[column] else row["upper"]


def test_slovenia_2020_other_forms_not_above_the_total(bundled):
    # The source lists "Other forms of exploitation" twice as 5, against 5 convicted in all:
    # summing made 10.
    total = cell(bundled, "SVN", 2020, "persons_convicted")
    other = cell(bundled, "SVN", 2020, "persons_convicted", form="other")
    assert total.value == 5
    assert other.value == 5 and other.status == "flagged"


def test_no_summed_part_above_its_total_unless_flagged_as_published(bundled):
    obs = bundled.observations
    summed = obs[(obs.form == "other") & obs.note.str.contains("rows|sub-forms", regex=True)]
    totals = obs[obs.form == "total"].set_index(["iso3", "year", "indicator", "sex", "age"])
    totals = totals[~totals.index.duplicated()]
    checked = 0
    for row in summed.itertuples():
        key = (row.iso3, row.year, row.indicator, row.sex, row.age)
        if key not in totals.index:
            continue
        top = totals.loc[key]
        top = top.value if top.value == top.value else top.upper
        part = row.value if row.value == row.value else row.upper
        checked += 1
        if part > top:
            assert row.status == "flagged" and "as published by UNODC" in row.note
    assert checked > 100


def test_solomon_islands_nationals_and_demonym_are_one_flow(bundled):
    flows = bundled.flows
    domestic = flows[
        (flows.origin == "SLB") & (flows.destination == "SLB") & (flows.kind == "detected_victims")
    ].set_index("year")
    total = cell(bundled, "SLB", 2019, "victims_detected")
    assert domestic.loc[2019, "victims"] == 8 == total.value  # was 16 (8 + 8)
    assert "one flow listed under 2 labels" in domestic.loc[2019, "note"]
    for year in (2017, 2018, 2020):
        assert high(domestic.loc[year], "victims") <= high(
            cell(bundled, "SLB", year, "victims_detected")
        )


def test_bolivia_2018_blank_label_is_not_a_citizenship(bundled):
    flows = bundled.flows
    rows = flows[(flows.destination == "BOL") & (flows.year == 2018) & (flows.origin == "XUN")]
    assert rows.victims.tolist() == [26]  # the blank row (332) is Bolivia's total
    assert rows.status.tolist() == ["reported"]
    assert cell(bundled, "BOL", 2018, "victims_detected").value == 332


@pytest.mark.reference
def test_blank_labels_that_repeat_the_total_are_left_out_others_stay_not_stated(reference, bundled):
    glotip = unodc.read(reference / UNODC_FILE)
    blank = glotip[
        (glotip.Indicator == "Detected trafficking victims")
        & (glotip.Dimension == "by citizenship")
        & (glotip.Category.str.strip() == "")
    ].set_index(["Iso3_code", "Year"])["txtVALUE"]
    assert (
        blank[("ARE", "2018")]
        == "51"
        == f"{cell(bundled, 'ARE', 2018, 'victims_detected').value:g}"
    )
    assert blank[("ALB", "2017")] == "60"  # Albania's 2017 total is 95: not the total
    flows = bundled.flows
    unstated = flows[(flows.origin == "XUN") & (flows.kind == "detected_victims")]
    assert 51 not in set(
        unstated[(unstated.destination == "ARE") & (unstated.year == 2018)].victims
    )
    assert 60 in set(unstated[(unstated.destination == "ALB") & (unstated.year == 2017)].victims)


# The same rules checked in any dataset, bundled or uploaded: what the build combines, the
# validator refuses (an error) or points out (a warning) when a dataset holds it anyway.
FLOW = "2022,NPL,,BHR,detected_victims,12,,,reported,total,total,total,test_source,,,\n"


def _validated(folder):
    from dashboard.dataset.model import load_dataset

    return load_dataset(folder)


def test_a_flow_listed_twice_is_an_error(tiny):
    path = tiny / "flows.csv"
    path.write_text(
        path.read_text(encoding="utf-8") + FLOW, encoding="utf-8"
    )  # Nationals + demonym
    result = _validated(tiny)
    assert result.dataset is None
    assert any(p.table == "flows" and "duplicate" in p.message for p in result.report.errors)


def test_a_flow_without_a_citizenship_is_an_error(tiny):
    path = tiny / "flows.csv"
    text = path.read_text(encoding="utf-8").replace(FLOW, FLOW.replace(",NPL,", ",,", 1))
    path.write_text(text, encoding="utf-8")
    result = _validated(tiny)
    assert result.dataset is None
    assert any(p.table == "flows" and p.column == "origin" for p in result.report.errors)


def test_parts_above_their_total_are_a_warning_and_the_dataset_loads(tiny):
    path = tiny / "observations.csv"
    part = "BHR,2022,persons_convicted,male,total,total,50,,,reported,test_source,,\n"
    path.write_text(path.read_text(encoding="utf-8") + part, encoding="utf-8")  # 50 of 38
    result = _validated(tiny)
    assert result.dataset is not None
    assert any("more than the total of 38" in p.message for p in result.report.warnings)
