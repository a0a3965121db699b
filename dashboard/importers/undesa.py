"""UN DESA International Migrant Stock 2017: migrants by origin living in each destination.

Only corridors into the region's destinations are kept (MENA and Western Asia): the baseline
that gives a trafficking flow its scale ("12 victims detected" beside "310,000 migrants").
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pycountry

from dashboard.importers.common import BuildLog

SOURCE = "undesa_migrant_stock_2017"
LOG = "UN DESA migrant stock"
FILE = "UN_MigrantStockByOriginAndDestination_2017_wide.csv"
NAMES = {
    "Bolivia": "BOL",
    "Cabo Verde": "CPV",
    "Caribbean Netherlands": "BES",
    "China Hong Kong SAR": "HKG",
    "China Macao SAR": "MAC",
    "Cote d'Ivoire": "CIV",
    "Curacao": "CUW",
    "Czechia": "CZE",
    "Faeroe Islands": "FRO",
    "Holy See": "VAT",
    "Turkey": "TUR",
    "Falkland Islands": "FLK",
    "Iran": "IRN",
    "Laos": "LAO",
    "Micronesia": "FSM",
    "North Korea": "PRK",
    "Rep. Dem. of the Congo": "COD",
    "Reunion": "REU",
    "Saint Helena": "SHN",
    "Sint Maarten": "SXM",
    "South Korea": "KOR",
    "State of Palestine": "PSE",
    "Swaziland": "SWZ",
    "TFYR Macedonia": "MKD",
    "United States Virgin Islands": "VIR",
    "Wallis and Futuna Islands": "WLF",
}
# Aggregate columns and rows, not countries.
AGGREGATES = {"Total", "Other North", "Other South"}
# Origins with no ISO 3166 code of their own (Guernsey and Jersey together): left out.
NO_CODE = {"Channel Islands"}


def iso3(name: str) -> str | None:
    if name in NAMES:
        return NAMES[name]
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def flows(folder: Path, destinations: set[str], log: BuildLog) -> pd.DataFrame:
    frame = pd.read_csv(folder / FILE)
    frame = frame[frame["Year"].notna() & frame["MajorArea"].notna()].copy()
    frame["destination"] = frame["MajorArea"].map(iso3)
    frame = frame[frame["destination"].isin(destinations)]
    skip = AGGREGATES | NO_CODE | {"Year", "MajorArea", "destination"}
    origins = {c: iso3(c) for c in frame.columns if c not in skip}
    log.exclude(
        LOG,
        "origin 'Channel Islands' has no ISO 3166 code",
        int(pd.to_numeric(frame["Channel Islands"], errors="coerce").gt(0).sum()),
    )
    unmatched = sorted(c for c, code in origins.items() if code is None)
    if unmatched:
        raise ValueError(f"UN DESA origin names without a code: {unmatched}")
    long = frame.melt(
        id_vars=["Year", "destination"],
        value_vars=list(origins),
        var_name="name",
        value_name="stock",
    )
    long["stock"] = pd.to_numeric(long["stock"], errors="coerce")
    long = long[long["stock"].notna() & (long["stock"] > 0)]
    log.notes.append(
        "UN DESA: the columns 'Other North' and 'Other South' (origins not itemised) are left out"
    )
    return pd.DataFrame(
        {
            "year": long["Year"].astype(int),
            "origin": long["name"].map(origins),
            "transit": "",
            "destination": long["destination"],
            "kind": "migrant_stock",
            "victims": long["stock"].astype(float),
            "lower": float("nan"),
            "upper": float("nan"),
            "status": "estimated",
            "form": "total",
            "sex": "total",
            "age": "total",
            "source": SOURCE,
            "confidence": "",
            "note": "",
            "note_ar": "",
        }
    )
