"""The source line under every chart and table: its sources and the year or years covered."""

from __future__ import annotations

from dashboard.i18n import Locale
from dashboard.ui.components import source_text


def test_a_span_of_years(bundled):
    text = source_text(bundled, Locale("en"), ["unodc_glotip"], [2019, 2015, 2023])
    assert text.startswith("Source: UNODC") and text.endswith(". Years 2015–2023.")


def test_one_year_is_not_a_span(bundled):
    assert source_text(bundled, Locale("en"), ["unodc_glotip"], [2023, 2023]).endswith(
        ". Year 2023."
    )
    arabic = source_text(bundled, Locale("ar", "arab"), ["unodc_glotip"], [2023])
    assert arabic.startswith("المصدر: ") and arabic.endswith(". السنة ٢٠٢٣.")
    assert "–" not in arabic


def test_no_years_no_year_words(bundled):
    text = source_text(bundled, Locale("en"), ["unodc_glotip"])
    assert text.startswith("Source: UNODC") and "Year" not in text
