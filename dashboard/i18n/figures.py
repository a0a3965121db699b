"""How one figure reads: a number, a range for a withheld count, or 'not reported'."""

from __future__ import annotations

import math

from dashboard.i18n import Locale


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def figure_text(value, lower, upper, status: str | None, locale: Locale) -> str:
    """'38', '1–4' (suppressed or uncertain), or 'not reported' when there is no row."""
    if status is None:
        return locale.t("status.not_reported")
    if not _missing(value):
        return locale.number(value)
    if not _missing(lower) and not _missing(upper):
        return locale.range(lower, upper)
    return locale.t("status.not_reported")


def with_year(text: str, year: int, locale: Locale) -> str:
    return f"{text} ({locale.year(year)})"
