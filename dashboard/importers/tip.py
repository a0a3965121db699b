"""US Trafficking in Persons Report tiers, 2001-2025, from the two tier files.

2001-2015 come from Kelley and Heiss's coding of Cho's data (a secondary source, named as
such); 2016-2025 from the report's country narratives, where rows that rest on a news report
of the TIP Report carry their own source id. The year is the report's year.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.importers.common import BuildLog

LOG = "US TIP Report tiers"
CODES = {
    "Tier 1": 1.0,
    "Tier 2": 2.0,
    "Tier 2 Watch List": 2.5,
    "Watchlist": 2.5,
    "Tier 3": 3.0,
    "Special Case": 99.0,
}
ISO_FIXES = {"KOS": "XKX"}


def _rows(iso3, year, tier, source, note, note_ar) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "iso3": iso3,
            "year": year.astype(int),
            "indicator": "tip_tier",
            "sex": "total",
            "age": "total",
            "form": "total",
            "value": tier.map(CODES),
            "lower": float("nan"),
            "upper": float("nan"),
            "status": "reported",
            "source": source,
            "note": note,
            "note_ar": note_ar,
        }
    )


def observations(folder: Path, known: set[str], log: BuildLog) -> pd.DataFrame:
    early = pd.read_csv(folder / "tip_tiers_kelley_cho_2001_2015.csv", dtype=str)
    unrated = early["tier"].isna()
    log.exclude(LOG, "2001-2015 file: no tier for the country that year", int(unrated.sum()))
    early = early[~unrated]
    early_rows = _rows(
        early["iso"].replace(ISO_FIXES),
        early["year"],
        early["tier"],
        "tip_kelley_cho",
        "coded by Kelley and Heiss from Cho's data (secondary source)",
        "رمّزها كيلي وهايس من بيانات تشو (مصدر ثانوي)",
    )
    late = pd.read_csv(folder / "tip_tiers_2016_2025.csv", dtype=str, keep_default_na=False)
    blank = late["tier"].str.strip() == ""
    log.exclude(LOG, "2016-2025 file: tier not verified (blank)", int(blank.sum()))
    late = late[~blank]
    secondary = late["source_kind"].str.startswith("secondary")
    log.flag(LOG, "2016-2025 tier rests on a news report of the TIP Report", int(secondary.sum()))
    late_rows = _rows(
        late["iso3"],
        late["report_year"],
        late["tier"],
        secondary.map({True: "us_tip_report_news", False: "us_tip_report"}),
        late["note"],
        secondary.map(
            {
                True: "مأخوذ من خبر صحفي عن تقرير الاتجار بالأشخاص (مصدر ثانوي)",
                False: "مأخوذ من نص تقرير الاتجار بالأشخاص أو نسخة رسمية منه",
            }
        ),
    )
    out = pd.concat([early_rows, late_rows], ignore_index=True)
    unknown_tier = out["value"].isna()
    if unknown_tier.any():
        raise ValueError(f"unknown tier labels: {sorted(set(out.loc[unknown_tier, 'note']))}")
    overlap = out.duplicated(["iso3", "year"], keep=False)
    if overlap.any():
        log.notes.append(f"{int(overlap.sum())} tier rows overlap between the two files")
    return out[out["iso3"].isin(known)]
