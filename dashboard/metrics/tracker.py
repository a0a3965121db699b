"""The recommendations tracker: rules (kept as data, in data/tracker_rules.csv) that turn the
facts in `measures` into a status per state and recommendation. Pure: no Streamlit.

A rule is two conditions written for people: "all of: a, b", "any of: a, b" or
"at least 2 of: a, b, c". A measure counts as met when its status is "yes"; for a negative
indicator (a harmful practice, `higher_is = worse` in the catalogue) when it is "no".
For each measure the newest evidence wins; in the same year a state's own report wins over
other sources.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.metrics.memo import shared

STATUSES = ("in_place", "partly", "not_yet", "unknown")
GSI_SOURCES = "walkfree_gsi"  # every edition of the Global Slavery Index: walkfree_gsi_<year>
STATE_PREFIX = "state_"
CONDITION = re.compile(r"^\s*(all of|any of|at least (\d+) of)\s*:\s*(.+)$", re.IGNORECASE)


class RuleError(ValueError):
    """A rules file that cannot be used, said in plain words."""


@dataclass(frozen=True)
class Condition:
    kind: str  # "all", "any" or "at_least"
    count: int
    measures: tuple[str, ...]

    def holds(self, met: dict[str, bool]) -> bool:
        hits = sum(bool(met.get(m)) for m in self.measures)
        if self.kind == "all":
            return hits == len(self.measures)
        if self.kind == "any":
            return hits >= 1
        return hits >= self.count


@dataclass(frozen=True)
class Rule:
    recommendation: str
    title_en: str
    title_ar: str
    in_place: Condition
    partly: Condition
    related: tuple[str, ...]
    rule_en: str
    rule_ar: str

    @property
    def measures(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.in_place.measures + self.partly.measures))


def parse_condition(text: str) -> Condition:
    match = CONDITION.match(text or "")
    if not match:
        raise RuleError(
            f"cannot read the condition {text!r}: write 'all of: a, b', 'any of: a, b' "
            "or 'at least 2 of: a, b, c'"
        )
    words, count, names = match.groups()
    measures = tuple(n.strip() for n in names.split(",") if n.strip())
    if words.lower() == "all of":
        return Condition("all", len(measures), measures)
    if words.lower() == "any of":
        return Condition("any", 1, measures)
    return Condition("at_least", int(count), measures)


def load_rules(path: Path | str, known_measures: set[str]) -> list[Rule]:
    """Read and check the rules file; a problem raises RuleError naming the row."""
    rules = []
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                rule = Rule(
                    recommendation=row["recommendation"].strip(),
                    title_en=row["title_en"].strip(),
                    title_ar=row["title_ar"].strip(),
                    in_place=parse_condition(row["in_place"]),
                    partly=parse_condition(row["partly"]),
                    related=tuple(
                        s.strip() for s in (row.get("related_series") or "").split(",") if s.strip()
                    ),
                    rule_en=row["rule_en"].strip(),
                    rule_ar=row["rule_ar"].strip(),
                )
            except (KeyError, AttributeError) as exc:
                raise RuleError(f"{Path(path).name}, row {line}: missing column {exc}") from exc
            except RuleError as exc:
                raise RuleError(f"{Path(path).name}, row {line}: {exc}") from exc
            unknown = [m for m in rule.measures if m not in known_measures]
            if unknown:
                raise RuleError(
                    f"{Path(path).name}, row {line}: unknown measure(s) {' '.join(unknown)}"
                )
            rules.append(rule)
    return rules


def source_kind(source: str) -> str:
    """'gsi' (a Global Slavery Index edition), 'state' (a state's own report) or 'other'."""
    if source.startswith(GSI_SOURCES):
        return "gsi"
    if source.startswith(STATE_PREFIX):
        return "state"
    return "other"


EVIDENCE = ["measure", "status", "year", "source", "evidence", "evidence_ar", "met"]


def newest(
    measures: pd.DataFrame, iso3s, negative: set[str], as_of: int | None = None
) -> pd.DataFrame:
    """Per state and measure, the newest record (a state's own report first within a year),
    and whether it counts as met. Computed once per view, then read by every rule."""
    rows = measures[measures["iso3"].isin(list(iso3s))]
    if as_of is not None:
        rows = rows[rows["year"] <= as_of]
    if "evidence_ar" not in rows:
        rows = rows.assign(evidence_ar="")
    rows = rows.assign(state_first=(~rows["source"].str.startswith(STATE_PREFIX)).astype(int))
    rows = rows.sort_values(
        ["iso3", "measure", "year", "state_first"], ascending=[True, True, False, True]
    ).drop_duplicates(["iso3", "measure"])
    met = rows["measure"].isin(list(negative)).to_numpy()
    met = np.where(met, rows["status"] == "no", rows["status"] == "yes")
    return rows.assign(met=met)[["iso3", *EVIDENCE]].reset_index(drop=True)


@dataclass(frozen=True)
class Assessment:
    status: str
    year: int | None
    kinds: tuple[str, ...]
    complete: bool
    evidence: pd.DataFrame


def _judge(found: list[dict], rule: Rule) -> Assessment:
    """A rule applied to a state's newest records (limited to the rule's measures)."""
    evidence_frame = pd.DataFrame(found, columns=EVIDENCE)
    if not found:
        return Assessment("unknown", None, (), False, evidence_frame)
    met = {r["measure"]: bool(r["met"]) for r in found}
    if rule.in_place.holds(met):
        status = "in_place"
    elif rule.partly.holds(met):
        status = "partly"
    else:
        status = "not_yet"
    kinds = tuple(sorted({source_kind(r["source"]) for r in found}))
    complete = set(met) == set(rule.measures)
    return Assessment(status, int(max(r["year"] for r in found)), kinds, complete, evidence_frame)


def _records(frame: pd.DataFrame) -> dict[str, dict[str, dict]]:
    """state -> measure -> newest record, as plain dictionaries (cheap to read per rule)."""
    out: dict[str, dict[str, dict]] = {}
    for record in frame.to_dict("records"):
        out.setdefault(record["iso3"], {})[record["measure"]] = record
    return out


def _for_rule(records: dict[str, dict], rule: Rule) -> list[dict]:
    return [records[m] for m in rule.measures if m in records]


def evidence(
    measures: pd.DataFrame, iso3: str, rule: Rule, negative: set[str], as_of: int | None = None
) -> pd.DataFrame:
    """The evidence a status rests on: per measure of the rule, its newest record."""
    return assess(measures, iso3, rule, negative, as_of).evidence


@shared
def assess(
    measures: pd.DataFrame, iso3: str, rule: Rule, negative: set[str], as_of: int | None = None
) -> Assessment:
    """The status of one recommendation for one state (as of a year, if given)."""
    records = _records(newest(measures, [iso3], negative, as_of)).get(iso3, {})
    return _judge(_for_rule(records, rule), rule)


@shared
def matrix(
    measures: pd.DataFrame,
    rules: list[Rule],
    iso3s,
    negative: set[str],
    as_of: int | None = None,
) -> pd.DataFrame:
    """States x recommendations: status, evidence year, kinds of source, completeness."""
    records = _records(newest(measures, iso3s, negative, as_of))
    rows = []
    for iso3 in iso3s:
        for rule in rules:
            a = _judge(_for_rule(records.get(iso3, {}), rule), rule)
            rows.append(
                {
                    "iso3": iso3,
                    "recommendation": rule.recommendation,
                    "status": a.status,
                    "year": a.year,
                    "kinds": ",".join(a.kinds),
                    "complete": a.complete,
                }
            )
    return pd.DataFrame(rows)


RANK = {"unknown": -1, "not_yet": 0, "partly": 1, "in_place": 2}


@shared
def progress(
    measures: pd.DataFrame, rules: list[Rule], iso3s, negative: set[str], since: int
) -> pd.DataFrame:
    """What changed between the evidence known in year `since` and the newest evidence."""
    before = matrix(measures, rules, iso3s, negative, as_of=since)
    now = matrix(measures, rules, iso3s, negative)
    both = before.merge(now, on=["iso3", "recommendation"], suffixes=("_then", "_now"))
    changed = both[both["status_then"] != both["status_now"]].copy()

    def kind(row) -> str:
        if row.status_then == "unknown":
            return "first_evidence"
        if row.status_now == "in_place":
            return "established"
        return "improved" if RANK[row.status_now] > RANK[row.status_then] else "declined"

    changed["change"] = [kind(r) for r in changed.itertuples()]
    return changed[
        ["iso3", "recommendation", "status_then", "status_now", "year_now", "change"]
    ].reset_index(drop=True)
