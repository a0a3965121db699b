"""World Bank WDI population (SP.POP.TOTL): the denominator of per-100,000 rates."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

SOURCE = "worldbank_population"
FIRST_YEAR = 1990
DATA_GLOB = "API_SP.POP.TOTL_*.csv"
META_GLOB = "Metadata_Country_API_SP.POP.TOTL_*.csv"
MENA = "Middle East & North Africa"


def _one(folder: Path, pattern: str) -> Path:
    matches = sorted(folder.glob(pattern))
    if len(matches) != 1:
        raise FileNotFoundError(f"expected one file {pattern} in {folder}, found {len(matches)}")
    return matches[0]


def observations(folder: Path, known: set[str]) -> pd.DataFrame:
    """Population per country and year from FIRST_YEAR on; aggregates (e.g. 'World') left out."""
    frame = pd.read_csv(_one(folder, DATA_GLOB), skiprows=4, dtype=str, encoding="utf-8-sig")
    frame = frame[frame["Country Code"].isin(known)]
    years = [c for c in frame.columns if c.isdigit() and int(c) >= FIRST_YEAR]
    long = frame.melt(id_vars=["Country Code"], value_vars=years, var_name="year")
    long["value"] = pd.to_numeric(long["value"], errors="coerce")
    long = long[long["value"].notna()]
    return pd.DataFrame(
        {
            "iso3": long["Country Code"],
            "year": long["year"].astype(int),
            "indicator": "population",
            "sex": "total",
            "age": "total",
            "form": "total",
            "value": long["value"],
            "lower": float("nan"),
            "upper": float("nan"),
            "status": "reported",
            "source": SOURCE,
            "note": "",
            "note_ar": "",
        }
    )


def mena_members(folder: Path) -> set[str]:
    """Codes the World Bank groups as Middle East & North Africa (the 'MENA' peer group)."""
    meta = pd.read_csv(_one(folder, META_GLOB), dtype=str, encoding="utf-8-sig")
    return set(meta.loc[meta["Region"] == MENA, "Country Code"])
