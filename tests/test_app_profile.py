"""Country profile, headless with AppTest: the breakdown charts say where UNODC's parts add up
to more than its total (Bahrain 2021 by form, Nepal 2020 by sex), in English and Arabic."""

from __future__ import annotations

import pytest

from dashboard.i18n import Locale, messages
from tests.apptest import run_page


def cautions_by_heading(at) -> dict[str, list[str]]:
    """Each subheader on the page with the warnings drawn after it (before the next one)."""
    out: dict[str, list[str]] = {}
    heading = ""
    for node in at.main:
        if node.type == "subheader":
            heading = node.value
            out[heading] = []
        elif node.type == "warning" and heading:
            out[heading].append(node.value)
    return out


def years_in(caution: str, loc: Locale) -> list[str]:
    """The years a parts caution lists, as written (digits and separator of the language)."""
    before, after = messages(loc.lang)["trends.parts_exceed"].split("{years}")
    assert caution.startswith(before) and caution.endswith(after), caution
    return caution[len(before) : len(caution) - len(after)].split(loc.t("flows.list_sep"))


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize(
    ("iso3", "heading", "year"),
    [("BHR", "profile.forms_heading", 2021), ("NPL", "profile.sex_heading", 2020)],
)
def test_breakdown_says_where_parts_exceed_the_total(iso3, heading, year, lang):
    # UNODC: Bahrain 2021, 32 victims detected, 44 in forced labour alone; Nepal 2020, 187
    # detected, 1,078 of them male. Kept as published; the chart says so beside it.
    at = run_page("profile", country=iso3, lang=lang)
    assert not at.exception
    loc = Locale(lang)
    cautions = cautions_by_heading(at)[loc.t(heading)]
    assert len(cautions) == 1, cautions
    assert loc.year(year) in years_in(cautions[0], loc)


def test_caution_lists_only_the_years_the_metric_finds(bundled):
    from dashboard.metrics.trends import parts_exceed

    at = run_page("profile", country="NPL")
    loc = Locale("en")
    cautions = cautions_by_heading(at)
    for by, heading in (("form", "profile.forms_heading"), ("sex", "profile.sex_heading")):
        expected = parts_exceed(bundled.observations, "NPL", "victims_detected", by)
        assert years_in(cautions[loc.t(heading)][0], loc) == [str(y) for y in expected]


def test_arabic_caution_uses_the_arabic_list_separator_and_digits():
    at = run_page("profile", country="BHR", lang="ar")
    caution = cautions_by_heading(at)[Locale("ar").t("profile.forms_heading")][0]
    assert "2020، 2021" in caution
    at = run_page("profile", country="BHR", lang="ar", digits="arab")
    caution = cautions_by_heading(at)[Locale("ar").t("profile.forms_heading")][0]
    assert "٢٠٢٠، ٢٠٢١" in caution and "2021" not in caution


def test_no_caution_where_the_parts_fit():
    # Kuwait's parts by form and by sex never exceed its reported totals.
    at = run_page("profile", country="KWT")
    assert not at.exception
    assert not at.warning
