"""Documented transit routes: origin -> transit -> destination legs that reports describe in
words. Qualitative: a report says the route exists; there is no count, so `victims` is empty.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from dashboard.importers.common import BuildLog, static_table

SOURCE = "us_tip_report_routes"
FILE = "documented_transit_routes.csv"
# The Arabic note of every route: the reports' evidence is in English, so the Arabic note can
# only say which report described the route ("a transit route described by: <report>").
ATTRIBUTION_AR = "مسار عبور وصفه: "
# How the routes file names a country chapter of the US TIP Report: "US TIP Report 2018, Nepal
# narrative", "... Iraq special-case narrative (via Refworld)". Such a name can be said in Arabic
# (`Chapter`); any other report keeps its English name, and the build says how many do.
CHAPTER = re.compile(
    r"^US TIP Report (?P<year>\d{4}), (?P<country>[^,()]+?) (?P<special>special-case )?"
    r"narrative(?: \(via (?P<via>[^()]+)\))?$"
)


class Chapter(NamedTuple):
    """A country chapter of the US TIP Report, as a route cites it."""

    year: int
    country: str  # ISO code of the country the chapter is about
    special: bool  # a "special case" chapter (a country the report does not rank)
    via: str  # the site the chapter was read from ("Refworld"), "" if none is named


@functools.cache
def _aliases():
    from dashboard.importers import unodc  # ISO names in three languages: read when needed

    return unodc.aliases()


def chapter(report: str) -> Chapter | None:
    """The chapter a report's name says (its country read as a citizenship label is read:
    the alias table, then ISO names); None for any other report, or a country it cannot
    name for certain."""
    found = CHAPTER.match(report.strip())
    if not found:
        return None
    from dashboard.importers.unodc import resolve

    code = resolve(found["country"], _aliases())
    if code is None or code[0].startswith("X"):
        return None
    return Chapter(int(found["year"]), code[0], bool(found["special"]), found["via"] or "")


FORMS = {
    "labour": "forced_labour",
    "sexual": "sexual_exploitation",
    "domestic servitude": "domestic_servitude",
    "mixed/unspecified": "unspecified",
}
GROUPS = {
    "women": ("female", "adult"),
    "men": ("male", "adult"),
    "girls": ("female", "child"),
    "women and girls": ("female", "total"),
}


def _code(label: str, labels: dict[str, tuple[str, str]], known: set[str]) -> tuple[str, str]:
    label = label.strip()
    if label in labels:
        return labels[label]
    if label in known:
        return label, ""
    raise ValueError(f"route label {label!r} is neither a known code nor in route_labels.csv")


def flows(folder: Path, known: set[str], log: BuildLog) -> pd.DataFrame:
    frame = pd.read_csv(folder / FILE, dtype=str, keep_default_na=False)
    labels = {r.label: (r.code, r.note) for r in static_table("route_labels.csv").itertuples()}
    rows = []
    for row in frame.itertuples():
        origin, origin_note = _code(row.origin, labels, known)
        transit, transit_note = _code(row.transit, labels, known)
        destination, destination_note = _code(row.destination, labels, known)
        sex, age = GROUPS.get(row.victims_group, ("total", "total"))
        notes = [n for n in (origin_note, transit_note, destination_note) if n]
        notes.append(f"victims: {row.victims_group}")
        notes.append(f"{row.report}: {row.evidence}")
        rows.append(
            {
                "year": int(row.year),
                "origin": origin,
                "transit": transit,
                "destination": destination,
                "kind": "documented_route",
                "victims": float("nan"),
                "lower": float("nan"),
                "upper": float("nan"),
                "status": "reported",
                "form": FORMS[row.form],
                "sex": sex,
                "age": age,
                "source": SOURCE,
                "confidence": row.confidence,
                "note": "; ".join(notes),
                "note_ar": ATTRIBUTION_AR + row.report,
            }
        )
    out = pd.DataFrame(rows)
    unnamed = sorted({r for r in frame.report if chapter(r) is None})
    log.flag(
        "Documented routes",
        "reports the Arabic pages cannot name: their English name is shown",
        int(frame.report.isin(unnamed).sum()),
        examples=unnamed,
    )
    key = ["year", "origin", "transit", "destination", "form", "sex", "age"]
    repeated = out.duplicated(key, keep="first")
    log.flag(
        "Documented routes",
        "same route described twice in one report year: notes joined",
        int(repeated.sum()),
    )
    if repeated.any():
        joined = out.groupby(key, sort=False)[["note", "note_ar"]].agg(" | ".join)
        out = out[~repeated].set_index(key)
        out["note"] = joined["note"]
        out["note_ar"] = joined["note_ar"]
        out = out.reset_index()
    return out
