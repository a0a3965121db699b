"""Walk Free, Global Slavery Index 2023: prevalence, vulnerability, government response.

Scores go to `observations` (year 2023); the yes/no government-response indicators that speak
to the forum's recommendations (`static/gsi_measures.csv`, from DOMAIN.md) go to `measures`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pycountry

from dashboard.importers.common import BuildLog, static_table

SOURCE = "walkfree_gsi_2023"
LOG = "Walk Free GSI 2023"
YEAR = 2023
FILE = "2023-Global-Slavery-Index-Data.xlsx"
NAMES = {
    "Cape Verde": "CPV",
    "Democratic Republic of the Congo": "COD",
    "Kosovo": "XKX",
    "Lao PDR": "LAO",
    "Russia": "RUS",
}
SUMMARY = {
    "Estimated prevalence of modern slavery per 1,000 population": "gsi_prevalence",
    "Estimated number of people in modern slavery": "gsi_victims_estimate",
    "Total Vulnerability score (%)": "gsi_vulnerability",
    "Government response total (%)": "gsi_response_total",
}
MILESTONES = (
    "gsi_response_survivors",
    "gsi_response_justice",
    "gsi_response_coordination",
    "gsi_response_risk",
    "gsi_response_supply_chains",
)
STATUS = {1: "yes", 0: "no", -1: "negative"}


def iso3(name: str) -> str | None:
    if name in NAMES:
        return NAMES[name]
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def _sheet(path: Path, sheet: str, header: int) -> pd.DataFrame:
    frame = pd.read_excel(path, sheet_name=sheet, header=header)
    frame = frame[frame["Country"].notna()].copy()
    frame.insert(0, "iso3", frame["Country"].map(iso3))
    return frame


def observations(folder: Path, log: BuildLog) -> pd.DataFrame:
    frame = _sheet(folder / FILE, "GSI 2023 summary data", 2)
    log.exclude(LOG, "summary row without a country", int(frame["iso3"].isna().sum()))
    frame = frame[frame["iso3"].notna()]
    columns = dict(SUMMARY)
    response = [c for c in frame.columns if str(c).endswith("(%)") and c not in SUMMARY]
    columns.update(dict(zip(response, MILESTONES, strict=True)))
    long = frame.melt(id_vars=["iso3"], value_vars=list(columns), var_name="column")
    long["value"] = pd.to_numeric(long["value"], errors="coerce")
    log.exclude(
        LOG,
        "score not given for the country (blank in the workbook)",
        int(long["value"].isna().sum()),
    )
    long = long[long["value"].notna()]
    return pd.DataFrame(
        {
            "iso3": long["iso3"],
            "year": YEAR,
            "indicator": long["column"].map(columns),
            "sex": "total",
            "age": "total",
            "form": "total",
            # The workbook stores single-precision floats; four decimals is all they hold.
            "value": long["value"].astype(float).round(4),
            "lower": float("nan"),
            "upper": float("nan"),
            "status": "estimated",
            "source": SOURCE,
            "note": "",
            "note_ar": "",
        }
    )


def measures(folder: Path, log: BuildLog) -> pd.DataFrame:
    frame = _sheet(folder / FILE, "Govt response - Indicators", 2)
    frame = frame[frame["iso3"].notna()]
    mapping = static_table("gsi_measures.csv")
    rows = []
    for item in mapping.itertuples():
        values = pd.to_numeric(frame[item.code], errors="coerce")
        for code, value in zip(frame["iso3"], values, strict=True):
            if pd.isna(value):
                continue
            rows.append(
                {
                    "iso3": code,
                    "recommendation": item.recommendation,
                    "measure": "gsi_" + item.code.lower(),
                    "status": STATUS[int(value)],
                    "year": YEAR,
                    "source": SOURCE,
                    "evidence": f"GSI 2023 indicator {item.code} = {int(value)}",
                    "evidence_ar": f"مؤشر العبودية العالمي 2023، المؤشر {item.code} = {int(value)}",
                }
            )
    return pd.DataFrame(rows)
