"""Documented transit routes: origin -> transit -> destination legs that reports describe in
words. Qualitative: a report says the route exists; there is no count, so `victims` is empty.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.importers.common import BuildLog, static_table

SOURCE = "us_tip_report_routes"
FILE = "documented_transit_routes.csv"
# The Arabic note of every route: the reports' evidence is in English, so the Arabic note can
# only say which report described the route ("a transit route described by: <report>").
ATTRIBUTION_AR = "مسار عبور وصفه: "
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
