"""The tracker's rules on small hand-made measure tables."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.metrics.tracker import (
    RuleError,
    assess,
    load_rules,
    matrix,
    parse_condition,
    progress,
)
from tests.conftest import DATA

RULES = DATA / "tracker_rules.csv"
NEGATIVE = {"gsi_m4224neg"}


def facts(*rows):
    return pd.DataFrame(
        [
            {
                "iso3": iso3,
                "recommendation": "4",
                "measure": measure,
                "status": status,
                "year": year,
                "source": source,
                "evidence": "",
            }
            for iso3, measure, status, year, source in rows
        ]
    )


@pytest.fixture(scope="module")
def rules(bundled):
    return {r.recommendation: r for r in load_rules(RULES, set(bundled.indicators.indicator))}


GSI = "walkfree_gsi_2023"


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (("yes", "yes"), "in_place"),
        (("yes", "no"), "partly"),  # an NRM exists, survivors not referred through it
        (("no", "yes"), "not_yet"),  # partly needs the NRM itself
        (("no", "no"), "not_yet"),
    ],
)
def test_nrm_rule_each_status(rules, statuses, expected):
    table = facts(
        ("BHR", "gsi_m1321", statuses[0], 2023, GSI), ("BHR", "gsi_m1322", statuses[1], 2023, GSI)
    )
    assert assess(table, "BHR", rules["4"], NEGATIVE).status == expected


def test_missing_evidence_is_unknown(rules):
    a = assess(facts(("JOR", "gsi_m1321", "yes", 2023, GSI)), "BHR", rules["4"], NEGATIVE)
    assert (a.status, a.year, a.kinds) == ("unknown", None, ())


def test_incomplete_evidence_is_marked(rules):
    a = assess(facts(("BHR", "gsi_m1321", "yes", 2023, GSI)), "BHR", rules["4"], NEGATIVE)
    assert a.status == "partly" and not a.complete


def test_newer_evidence_wins(rules):
    table = facts(
        ("BHR", "gsi_m1321", "yes", 2023, GSI),
        ("BHR", "gsi_m1322", "no", 2023, GSI),
        ("BHR", "gsi_m1322", "yes", 2025, "state_report_bhr"),
    )
    a = assess(table, "BHR", rules["4"], NEGATIVE)
    assert (a.status, a.year) == ("in_place", 2025)
    assert a.kinds == ("gsi", "state")
    assert assess(table, "BHR", rules["4"], NEGATIVE, as_of=2024).status == "partly"


def test_a_states_report_beside_gsi_in_the_same_year_wins(rules):
    table = facts(
        ("BHR", "gsi_m1321", "yes", 2023, GSI),
        ("BHR", "gsi_m1322", "no", 2023, GSI),
        ("BHR", "gsi_m1322", "yes", 2023, "state_report_bhr"),
    )
    a = assess(table, "BHR", rules["4"], NEGATIVE)
    assert a.status == "in_place"
    row = a.evidence.set_index("measure").loc["gsi_m1322"]
    assert row.source == "state_report_bhr"


def test_negative_indicator_is_met_when_the_practice_is_absent(rules):
    base = [("QAT", "gsi_m4213", "yes", 2023, GSI), ("QAT", "gsi_m2173", "yes", 2023, GSI)]
    absent = facts(*base, ("QAT", "gsi_m4224neg", "no", 2023, GSI))
    present = facts(*base, ("QAT", "gsi_m4224neg", "negative", 2023, GSI))
    assert assess(absent, "QAT", rules["6"], NEGATIVE).status == "in_place"
    assert assess(present, "QAT", rules["6"], NEGATIVE).status == "partly"


def test_at_least_two_of():
    condition = parse_condition("at least 2 of: a, b, c")
    assert condition.holds({"a": True, "c": True})
    assert not condition.holds({"a": True})


@pytest.mark.parametrize("text", ["some of: a", "all: a, b", "", "at least two of: a"])
def test_unreadable_conditions_are_refused(text):
    with pytest.raises(RuleError, match="cannot read the condition"):
        parse_condition(text)


def test_rules_file_with_an_unknown_measure_names_the_row(tmp_path, bundled):
    path = tmp_path / "rules.csv"
    path.write_text(
        RULES.read_text(encoding="utf-8").replace("gsi_m1322", "gsi_m9999"), encoding="utf-8"
    )
    with pytest.raises(RuleError, match=r"row 5: unknown measure\(s\) gsi_m9999"):
        load_rules(path, set(bundled.indicators.indicator))


def test_progress_since_an_edition(rules):
    table = facts(
        ("BHR", "gsi_m1321", "yes", 2023, GSI),
        ("BHR", "gsi_m1322", "no", 2023, GSI),
        ("BHR", "gsi_m1322", "yes", 2025, "state_report_bhr"),
        ("OMN", "gsi_m1321", "no", 2023, GSI),
        ("OMN", "gsi_m1322", "no", 2023, GSI),
        ("QAT", "gsi_m1321", "yes", 2025, "state_report_qat"),
    )
    changes = progress(table, [rules["4"]], ["BHR", "OMN", "QAT"], NEGATIVE, since=2024)
    assert set(zip(changes.iso3, changes.change, strict=True)) == {
        ("BHR", "established"),
        ("QAT", "first_evidence"),
    }
    m = matrix(table, [rules["4"]], ["OMN"], NEGATIVE)
    assert m.status.tolist() == ["not_yet"]
