"""The UNODC source row is read from the release: its banner date and the years it covers."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.importers import unodc
from dashboard.importers.build import UNODC_FILE
from dashboard.importers.common import static_table


@pytest.mark.reference
def test_reference_release_names_its_own_date(reference):
    path = reference / UNODC_FILE
    assert unodc.release_date(path) == pd.Timestamp("2025-04-14")
    row = unodc.edition(static_table("sources.csv"), path, unodc.read(path)).set_index("source")
    assert row.loc["unodc_glotip", "edition"] == "GLOTIP export of 14 April 2025 (years 2003-2022)"


def test_another_release_names_its_date_and_years(tmp_path):
    # Synthetic banner and rows (not UNODC figures): a later export covering 2005-2024.
    path = tmp_path / "data_glotip.xlsx"
    banner = pd.DataFrame([["UNODC"], ["03/11/2026"], ["Iso3_code"]])
    banner.to_excel(path, header=False, index=False)
    frame = pd.DataFrame({"Year": ["2005", "2024", "2010"]})
    row = unodc.edition(static_table("sources.csv"), path, frame).set_index("source")
    assert (
        row.loc["unodc_glotip", "edition"] == "GLOTIP export of 3 November 2026 (years 2005-2024)"
    )
    assert "(data of 3 November 2026)" in row.loc["unodc_glotip", "citation_en"]
    assert "نوفمبر 2026" in row.loc["unodc_glotip", "citation_ar"]
    assert row.loc["unodc_glotip", "accessed"] == "2026-11-03"
