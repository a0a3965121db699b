"""Words for what the dataset code reports in codes and English: here in the reader's
language, with names for codes and the reader's digits."""

from __future__ import annotations

from dashboard.dataset import Dataset
from dashboard.dataset.diff import Check
from dashboard.i18n import Locale, messages
from dashboard.ui import components as ui


def warning_text(loc: Locale, data: Dataset, warning: Check) -> str:
    """A warning in the reader's language, with names for codes and the reader's digits."""
    names = dict(zip(data.countries.iso3, data.countries[f"name_{loc.lang}"], strict=True))
    catalogue = dict(
        zip(data.indicators.indicator, data.indicators[f"name_{loc.lang}"], strict=True)
    )
    values = {}
    for key, value in warning.values:
        if key == "iso3":
            values[key] = names.get(value, value)
        elif key == "indicator":
            values[key] = catalogue.get(value, value)
        elif key in ("year", "old_year", "old_end", "new_end"):
            values[key] = loc.year(value)
        elif key in ("old", "new"):
            values[key] = loc.number(value)
        else:
            values[key] = ui.citation(data, loc, [value]) or value
    return loc.t(f"secretariat.warn_{warning.kind}", **values)


def problem_text(loc: Locale, message: str) -> str:
    """A validation message in the reader's language, where it is one of the validator's
    fixed messages (those with figures in them stay as written)."""
    if loc.lang == "en":
        return message
    english = {text: key for key, text in messages("en").items() if key.startswith("problem.")}
    key = english.get(message)
    return loc.t(key) if key else message


def megabytes(loc: Locale, size: int) -> str:
    """A size in bytes as MB of 1,000,000 bytes, with as many decimals as it needs (up to 3):
    25, 25.5, never a rounded figure that says more or less than the limit."""
    mb = size / 1e6
    decimals = next((d for d in range(3) if round(mb, d) == mb), 3)
    return loc.number(mb, decimals)


def refusal_text(loc: Locale, refusal) -> str:
    """Why an uploaded file was refused (an `UploadError`), in the reader's language."""
    return refusal.text(loc)
