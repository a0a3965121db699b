"""Presentation mode and the deck page, headless with AppTest."""

from __future__ import annotations

import dataclasses
from html import escape
from pathlib import Path

import pytest

from dashboard.i18n import Locale
from dashboard.slides import decks as dk
from tests.apptest import APP, TIMEOUT, figures, html, run_page, shown

EN, AR = Locale("en").t, Locale("ar").t


def counter(at) -> str:
    body = html(at)
    start = body.index("data-testid='tip-slide-counter'>") + len("data-testid='tip-slide-counter'>")
    return body[start : body.index("<", start)]


def test_default_deck_opens_on_its_first_slide():
    at = run_page("present")
    assert not at.exception and not at.error
    assert counter(at) == EN("present.counter", n="1", total="5")
    assert "The member states: latest figures" in html(at)
    assert at.query_params["deck"] == "forum-session" and at.query_params["slide"] == "1"
    assert "tip-source" in html(at) or "tip-present-source" in html(at)


def test_buttons_move_between_slides_and_stop_at_the_ends():
    at = run_page("present", slide="5")
    assert counter(at) == EN("present.counter", n="5", total="5")
    assert at.button(key="present_next").disabled
    at.button(key="present_prev").click().run()
    assert counter(at) == EN("present.counter", n="4", total="5")
    at.button(key="present_first").click().run()
    assert counter(at) == EN("present.counter", n="1", total="5")
    assert at.button(key="present_prev").disabled
    at.button(key="present_last").click().run()
    assert at.query_params["slide"] == "5"


def test_each_slide_draws_its_view():
    at = run_page("present", slide="2")
    assert len(at.get("plotly_chart")) == 1
    at.button(key="present_next").click().run()
    assert len(at.get("deck_gl_json_chart")) == 1  # the flow map
    at.button(key="present_next").click().run()
    assert "tip-table" in html(at)  # the tracker's matrix
    assert not at.exception


def test_language_switch_keeps_the_slide():
    at = run_page("present", slide="3")
    at.button(key="present_lang").click().run()
    assert at.query_params["lang"] == "ar" and at.query_params["slide"] == "3"
    assert counter(at) == AR("present.counter", n="3", total="5")
    assert "التدفقات إلى الدول الأعضاء" in html(at)


def test_a_slide_beyond_the_deck_shows_the_last_and_bad_values_fall_back():
    at = run_page("present", slide="9", theme="<b>", deck="../../etc")
    assert not at.exception
    assert counter(at) == EN("present.counter", n="5", total="5")
    warned = " ".join(w.value for w in at.warning)
    assert "theme" in warned and "deck" in warned


def test_present_1_on_any_page_opens_presentation_mode():
    at = run_page("compare", present="1")
    assert not at.exception
    assert counter(at) == EN("present.counter", n="1", total="5")


def test_present_1_keeps_the_deck_slide_and_language_of_the_link():
    built = dk.encode(
        (
            dk.slide_from(
                {"page": "compare", "view": "indicator=victims_detected"}, dk.Where(), False
            ),
            dk.slide_from({"page": "profile", "view": "country=NPL"}, dk.Where(), False),
        )
    )
    at = run_page("trends", present="1", deck="built", build=built, slide="2", lang="ar")
    assert not at.exception
    assert counter(at) == AR("present.counter", n="2", total="2")
    assert "نيبال" in html(at)


def test_dark_room_theme_draws_the_chart_light_on_black():
    at = run_page("present", slide="2", theme="dark")
    spec = figures(at)[0]
    assert spec["layout"]["paper_bgcolor"] == "#000000"
    assert spec["layout"]["font"]["color"] == "#ffffff"
    assert spec["layout"]["font"]["size"] >= 20


def test_add_to_deck_builds_a_deck_in_the_url():
    at = run_page("trends", measure="ratio", countries="BHR,QAT")
    at.button(key="add_to_deck").click().run()
    slides = dk.decode(at.query_params["build"])
    assert [(s.page, s.query["measure"], s.query["countries"]) for s in slides] == [
        ("trends", "ratio", "BHR,QAT")
    ]
    assert "lang" not in slides[0].query
    at.switch_page("dashboard/pages/deck.py").run()
    assert at.query_params["build"]  # kept while moving between pages
    at.selectbox(key="qp_deck").set_value("built").run()
    assert not at.exception
    assert at.query_params["deck"] == "built"
    titles = [m.value for m in at.markdown]
    assert any(EN("nav.trends") in t for t in titles)


def test_built_deck_can_be_edited_and_presented():
    from streamlit.testing.v1 import AppTest

    slides = (
        dk.slide_from({"page": "trends", "view": "measure=ratio"}, dk.Where(), False),
        dk.slide_from({"page": "profile", "view": "country=NPL"}, dk.Where(), False),
    )
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["build"] = dk.encode(slides)
    at.query_params["deck"] = "built"
    at.switch_page("dashboard/pages/deck.py")
    at.run()
    title = next(t for t in at.text_input if t.key.startswith("edit_title_0_"))
    title.input("Conviction ratio <i>since 2003</i>").run()
    down = next(b for b in at.button if b.key.startswith("down_0_"))
    down.click().run()
    moved = dk.decode(at.query_params["build"])
    assert [s.page for s in moved] == ["profile", "trends"]
    assert moved[1].title == {"en": "Conviction ratio <i>since 2003</i>"}
    at.button(key="start_presenting").click().run()
    assert not at.exception
    assert counter(at) == EN("present.counter", n="1", total="2")
    assert "Nepal" in html(at)
    assert "<i>since" not in html(at)  # deck text is shown as text


def test_a_deck_link_with_a_broken_build_is_refused_with_a_notice():
    at = run_page("deck", build="garbage", deck="built")
    assert not at.exception
    assert "build" in " ".join(w.value for w in at.warning)
    assert EN("present.empty") in [i.value for i in at.info]


def test_a_full_deck_takes_no_more_views():
    full = tuple(
        dk.slide_from({"page": "profile", "view": f"country={c}"}, dk.Where(), False)
        for c in ["BHR", "SAU", "NPL"] * 10
    )
    at = run_page("trends", build=dk.encode(full))
    assert at.button(key="add_to_deck").disabled
    assert at.sidebar.caption[-1].value == EN("present.deck_count", n="30")


def test_a_bad_deck_file_is_named_on_the_deck_page_in_arabic(tmp_path, monkeypatch):
    for path in (Path(APP).parent / "data" / "decks").glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("title: [unclosed", encoding="utf-8")
    monkeypatch.setenv("TIP_DASHBOARD_DECKS", str(tmp_path))
    at = run_page("deck", lang="ar")
    assert not at.exception
    (warning,) = [w.value for w in at.warning if "broken" in w.value]
    assert warning.startswith(AR("present.deck_problem", problem=""))
    assert "broken: تعذرت قراءته بصيغة YAML" in shown(warning)
    assert at.query_params["deck"] == "forum-session"  # the good decks are still offered


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_slide_buttons_are_named_point_the_reading_way_and_say_their_keys(lang):
    t = Locale(lang).t
    at = run_page("present", slide="2", lang=lang)
    for name in ("first", "prev", "next", "last"):
        button = at.button(key=f"present_{name}")
        assert button.label == t(f"present.{name}")  # what a screen reader says
        assert button.help == t(f"present.{name}_keys")
    forward, back = ("chevron_left", "chevron_right")
    if lang == "en":
        forward, back = back, forward
    assert at.button(key="present_next").proto.icon == f":material/{forward}:"
    assert at.button(key="present_prev").proto.icon == f":material/{back}:"
    assert escape(t("present.keys")) in html(at)  # the keys, said on the slide page itself
    space = "المسافة" if lang == "ar" else "Space"  # a clicker's forward button may send it
    assert space in t("present.next_keys") and space in t("present.keys")


@pytest.mark.parametrize("digits", ["arab", "latn"])
def test_a_slides_own_text_is_in_the_digits_chosen(digits):
    """The deck's takeaway is written in its file with Latin digits ("بين 1 و4"); with
    Arabic-Indic digits chosen it is read in them, like every text of the app."""
    at = run_page("present", slide="2", lang="ar", digits=digits)
    assert not at.exception
    body = html(at)
    takeaway = body[
        body.index("tip-present-takeaway") : body.index("</p>", body.index("tip-present-takeaway"))
    ]
    if digits == "arab":
        assert "بين ١ و٤" in takeaway and not any(c.isascii() and c.isdigit() for c in takeaway)
    else:
        assert "بين 1 و4" in takeaway


def test_a_flows_slide_that_plays_its_years_steps_a_year_per_press(bundled):
    import json

    from dashboard.views.flows import FlowsState, build

    view = "dest=forum&from=2020&to=2022&play=on"
    built = dk.encode(
        (
            dk.slide_from({"page": "compare", "view": "indicator=victims_detected"}, dk.Where(), 0),
            dk.slide_from({"page": "flows", "view": view}, dk.Where(), False),
        )
    )
    at = run_page("present", deck="built", build=built, slide="2")
    assert not at.exception
    loc = Locale("en")
    for year, number in ((2020, 2), (2021, 3), (2022, 4)):
        assert counter(at) == EN("present.counter", n=str(number), total="4")
        # The step's map is that year's: the view of the same address at that one year.
        state, _ = FlowsState.read(bundled, {"dest": "forum", "from": "2020", "to": "2022"})
        expected = build(bundled, loc, dataclasses.replace(state, year=str(year)))
        assert expected.year == year
        assert escape(expected.heading) in html(at)
        (deck,) = at.get("deck_gl_json_chart")
        drawn = next(x for x in json.loads(deck.proto.json)["layers"] if x["id"] == "counted")
        mine = json.loads(expected.deck("/app/static/land.png").to_json())["layers"]
        assert drawn == next(x for x in mine if x["id"] == "counted")
        assert drawn["data"] and all(f"({year})" in a["tip_lines"] for a in drawn["data"])
        if year < 2022:
            at.button(key="present_next").click().run()
    assert at.button(key="present_next").disabled
    at.button(key="present_prev").click().run()
    assert counter(at) == EN("present.counter", n="3", total="4")


def test_a_slide_plays_only_when_asked_and_only_when_it_has_years(bundled):
    from dashboard.slides.adapt import steps

    def slide(page, view):
        return dk.slide_from({"page": page, "view": view}, dk.Where(), False)

    still = slide("flows", "from=2020&to=2022")
    one_year = slide("flows", "from=2022&to=2022&play=on")
    other = slide("trends", "play=on")
    playing = slide("flows", "from=2021&to=2022&year=2021&play=on")
    shown = steps(bundled, (still, one_year, other, playing))
    assert shown[:3] == [still, one_year, other]
    assert [s.query.get("year") for s in shown[3:]] == ["2021", "2022"]
    assert all("play" not in s.query and s.query["from"] == "2021" for s in shown[3:])
    # The deck's PDF and PowerPoint have the same pages as the presenter's steps.
    from dashboard.slides.documents import deck_pages

    deck = dk.Deck("test", {"en": "Test"}, (other, playing))
    pages = deck_pages(bundled, Locale("en"), deck)
    assert [p.view.heading for p in pages[1:]] == [
        Locale("en").t("present.heading_flows", years=y) for y in ("2021", "2022")
    ]
