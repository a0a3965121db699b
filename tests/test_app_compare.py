"""Compare and country profile pages, headless with AppTest."""

from __future__ import annotations

import pytest

from dashboard.i18n import Locale
from tests.apptest import figures, html, run_page, shown

EN = Locale("en").t


def table(at):
    """The compare table as the page draws it (an HTML table), with the country codes of its
    names as `iso3`."""
    from io import StringIO

    import pandas as pd

    page = html(at)
    start = page.index("<table class='tip-table'>")
    frame = pd.read_html(
        StringIO(page[start : page.index("</table>", start)]), keep_default_na=False
    )[0]
    frame = frame.astype(str)
    codes = {"Bahrain": "BHR", "Egypt": "EGY", "Jordan": "JOR", "Kuwait": "KWT", "Oman": "OMN"}
    codes |= {"Qatar": "QAT", "Saudi Arabia": "SAU", "United Arab Emirates": "ARE", "Nepal": "NPL"}
    frame.insert(0, "iso3", frame["Country"].map(codes))
    return frame


@pytest.mark.parametrize("how", ["absolute", "per100k", "per_victims", "ratio"])
def test_each_measure(how):
    at = run_page("compare", measure=how)
    assert not at.exception and not at.warning
    bars = figures(at)[1]
    if how != "absolute":
        assert bars["layout"]["xaxis"]["title"]["text"] == EN(f"compare.measure_{how}")
    assert len(table(at)) == 8


def test_ratio_matches_the_dataset():
    at = run_page("compare", measure="ratio", year="2019")
    rows = table(at).set_index("iso3")
    assert float(rows.loc["ARE", "Value"]) == pytest.approx(round(92 / 93, 2))


def test_peer_group_and_hand_picked_countries():
    at = run_page("compare", group="gcc", add="NPL,EGY")
    assert set(table(at).iso3) == {"ARE", "BHR", "KWT", "OMN", "QAT", "SAU", "NPL", "EGY"}


def test_latest_available_shows_each_countrys_year():
    rows = table(run_page("compare")).set_index("iso3")
    assert rows.loc["BHR", "Year"] == "2022" and rows.loc["KWT", "Year"] == "2017"
    bars = figures(run_page("compare"))[1]
    assert "18 (2017)" in bars["data"][0]["text"]


def test_a_withheld_value_is_a_range():
    at = run_page("compare", indicator="victims_detected")
    bars = figures(at)[1]["data"][0]
    oman = bars["y"].index("Oman")
    assert bars["text"][oman] == "1–4 (2022)"
    assert bars["base"][oman] == 1


def test_a_missing_country_is_listed_as_missing():
    at = run_page("compare", group="gcc", year="2010")
    texts = [shown(m.value) for m in at.markdown]
    assert any(t.startswith("No figure for:") and "Kuwait" in t for t in texts)
    rows = table(at).set_index("iso3")
    assert rows.loc["KWT", "Value"] == "" and rows.loc["KWT", "Rank"] == ""


def test_side_by_side_of_four_countries():
    at = run_page("compare", side="BHR,SAU,NPL,QAT")
    page = html(at)
    score = page.split("tip-score")[1]
    header = score.split("</thead>")[0]
    assert [n in header for n in ("Bahrain", "Saudi Arabia", "Nepal", "Qatar")] == [True] * 4
    assert "Persons convicted" in score and "US TIP Report tier" in score


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_scorecard_says_its_shading_rule_and_the_years_it_ranks(bundled, lang):
    from dashboard.metrics.compare import peer_group, values

    at = run_page("compare", side="BHR,SAU,NPL,QAT", lang=lang)
    assert not at.exception
    loc = Locale(lang)
    captions = [shown(c.value) for c in at.caption]
    assert loc.t("compare.score_rule") in captions
    before = loc.t("compare.score_years", items="{items}").split("{items}")[0]
    said = [c for c in captions if c.startswith(before)]
    assert len(said) == 1, captions
    # Persons convicted: the peer group's and the chosen countries' latest exact figures.
    everyone = sorted(set(peer_group(bundled, "forum")) | {"BHR", "SAU", "NPL", "QAT"})
    latest = values(bundled.observations, everyone, "persons_convicted").dropna(subset=["value"])
    first, last = int(latest.year.min()), int(latest.year.max())
    assert first < last  # the figures compared really come from different years
    name = bundled.indicators.set_index("indicator").loc["persons_convicted", f"name_{lang}"]
    item = loc.t("compare.score_years_item", indicator=name, years=loc.years(first, last))
    assert item in shown(said[0])


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("country", ["BHR", "SAU", "NPL"])
def test_country_profiles(country, lang):
    at = run_page("profile", country=country, lang=lang)
    t = Locale(lang).t
    assert not at.exception
    # The only warnings: where UNODC's parts add up to more than its total (see test_app_profile).
    caution = t("trends.parts_exceed", years="{years}").split("{years}")[0]
    assert all(w.value.startswith(caution) for w in at.warning)
    assert at.subheader[0].value == t("profile.headline_heading")
    assert len(at.subheader) == 10
    assert at.query_params["country"] == country
    page = html(at)
    assert "tip-coverage" in page and "tip-source" in page


def test_bahrain_profile_figures():
    page = html(run_page("profile", country="BHR"))
    assert "38 (2022)" in page  # persons convicted
    assert "Nepal" in page or "India" in page  # citizenship of victims detected in Bahrain
    assert "✓ In place · 2023 · Global Slavery Index 2023" in page
    assert "Tier 1" in page or "Tier 2" in page


def test_nepal_profile_has_outflows():
    page = html(run_page("profile", country="NPL"))
    outflows = page.split(EN("profile.col_destination"))
    assert len(outflows) > 1


def test_bad_country_falls_back():
    at = run_page("profile", country="<script>")
    assert not at.exception
    assert any("“country”" in w.value for w in at.warning)
    assert at.title[0].value == EN("profile.title", country="Bahrain")
