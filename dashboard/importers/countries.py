"""The countries table: every ISO 3166 country, Kosovo, and the non-country groups sources use.

English names follow UNODC (United Nations usage) where UNODC reports the country, else
ISO 3166 via pycountry. Arabic names come from Natural Earth, else from pycountry's Arabic
ISO 3166 names without diacritics; `static/country_names.csv` overrides either.
"""

from __future__ import annotations

import gettext
import re

import pandas as pd
import pycountry

from dashboard.importers.common import static_table

FORUM_MEMBERS = ("BHR", "SAU", "ARE", "KWT", "OMN", "QAT", "EGY", "JOR")
GCC = ("BHR", "SAU", "ARE", "KWT", "OMN", "QAT")
DIACRITICS = re.compile(r"[\u064B-\u0652\u0670]")
EXTRA = {"XKX": "Kosovo"}


def build(natural_earth: pd.DataFrame, unodc: pd.DataFrame, mena: set[str]) -> pd.DataFrame:
    """One row per country or group, sorted by code."""
    arabic = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    reporters = (
        unodc[unodc["Iso3_code"].str.fullmatch(r"[A-Z]{3}")]
        .drop_duplicates("Iso3_code")
        .set_index("Iso3_code")
    )
    overrides = static_table("country_names.csv").set_index("iso3")
    rows = []
    entries = [(c.alpha_3, getattr(c, "common_name", c.name), c.name) for c in pycountry.countries]
    entries += [(code, name, name) for code, name in EXTRA.items()]
    for iso3, common, official in entries:
        ne = natural_earth.loc[iso3] if iso3 in natural_earth.index else None
        name_en = reporters.loc[iso3, "Country"] if iso3 in reporters.index else common
        name_ar = ne["name_ar"] if ne is not None and isinstance(ne["name_ar"], str) else ""
        if not name_ar:
            name_ar = DIACRITICS.sub("", arabic.gettext(official))
        if iso3 in overrides.index:
            name_en = overrides.loc[iso3, "name_en"] or name_en
            name_ar = overrides.loc[iso3, "name_ar"] or name_ar
        region = reporters.loc[iso3, "Region"] if iso3 in reporters.index else ""
        subregion = reporters.loc[iso3, "Subregion"] if iso3 in reporters.index else ""
        if not region and ne is not None:
            region, subregion = ne["region"], ne["subregion"]
        rows.append(
            {
                "iso3": iso3,
                "name_en": name_en,
                "name_ar": name_ar,
                "entity": "country",
                "region": region,
                "subregion": subregion,
                "forum_member": iso3 in FORUM_MEMBERS,
                "gcc": iso3 in GCC,
                "mena": iso3 in mena,
                "lon": None if ne is None else float(ne["lon"]),
                "lat": None if ne is None else float(ne["lat"]),
            }
        )
    groups = static_table("groups.csv")
    for row in groups.itertuples():
        rows.append(
            {
                "iso3": row.iso3,
                "name_en": row.name_en,
                "name_ar": row.name_ar,
                "entity": "group",
                "region": row.region,
                "subregion": row.subregion,
                "forum_member": False,
                "gcc": False,
                "mena": False,
                "lon": float(row.lon) if row.lon else None,
                "lat": float(row.lat) if row.lat else None,
            }
        )
    return pd.DataFrame(rows).sort_values("iso3").reset_index(drop=True)
