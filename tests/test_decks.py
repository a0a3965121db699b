"""Decks: the files under data/decks are checked, never trusted; a built deck survives the URL."""

from __future__ import annotations

import base64
import copy
import zlib

import pytest

from dashboard import config
from dashboard.i18n import Locale
from dashboard.slides import decks as dk


def shipped():
    found, problems = dk.load(config.decks_path())
    assert problems == []
    return found


def test_the_default_deck_is_complete_in_both_languages():
    deck = shipped()["forum-session"]
    assert [s.page for s in deck.slides] == ["overview", "trends", "flows", "tracker", "profile"]
    for slide in deck.slides:
        for lang in ("en", "ar"):
            assert slide.title[lang] and slide.takeaway[lang]
    assert any("\u0600" <= ch <= "\u06ff" for ch in deck.slides[0].title["ar"])
    assert deck.slides[4].query == {"country": "BHR"}
    assert deck.slides[2].query["show"] == "counted,routes"


GOOD = """
title: {en: "T", ar: "ع"}
slides:
  - page: compare
    view: {indicator: persons_convicted, add: [NPL, IND], lang: ar}
    title: {en: "One", ar: "واحد"}
    takeaway: {en: "Line", ar: "سطر"}
"""


def test_a_view_keeps_its_parameters_and_drops_the_apps():
    deck = dk.parse(GOOD, "good")
    assert deck.slides[0].view == (("indicator", "persons_convicted"), ("add", "NPL,IND"))
    assert deck.slides[0].link == "compare?indicator=persons_convicted&add=NPL%2CIND"
    assert dk.parse(dk.dump(deck), "good") == deck


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("title: [unclosed", "not readable as YAML"),
        ("- just a list", "a 'title' and a list of 'slides'"),
        (GOOD.replace("page: compare", "page: secretariat"), "unknown page 'secretariat'"),
        (GOOD.replace('ar: "سطر"', 'fr: "x"'), "the 'ar' text is missing"),
        (GOOD.replace('en: "Line"', 'en: "' + "x" * 400 + '"'), "one line of at most"),
        (GOOD.replace("view: {", "view: {deep: {a: 1}, "), "has no usable value"),
        (GOOD.replace("slides:", "slides: []\nignored:"), "1 to 30 slides"),
        ("!!python/object/apply:os.system ['true']", "not readable as YAML"),
    ],
)
def test_a_bad_deck_file_is_refused_with_where_and_why(text, says):
    with pytest.raises(dk.DeckError, match=r".*") as caught:
        dk.parse(text, "bad")
    assert says in str(caught.value)
    assert str(caught.value).startswith("bad")


def test_a_deck_files_problem_reads_in_arabic_too():
    """Where and why in the reader's language (the file name and YAML's own words stay)."""
    with pytest.raises(dk.DeckError) as caught:
        dk.parse(GOOD.replace('ar: "سطر"', 'fr: "x"'), "bad")
    english = str(caught.value)
    arabic = caught.value.text(Locale("ar"))
    assert english == caught.value.text(Locale("en"))
    assert "slide 1" in english and "الشريحة 1" in arabic
    assert "النص 'ar' غير موجود" in arabic and "missing" not in arabic
    assert copy.deepcopy(caught.value).text(Locale("ar")) == arabic
    with pytest.raises(dk.DeckError) as caught:
        dk.parse(GOOD.replace("slides:", "slides: []\nignored:"), "bad")
    assert caught.value.text(Locale("ar", "arab")) == "bad: تضم المجموعة من ١ إلى ٣٠ شريحة"


def test_one_bad_file_does_not_hide_the_others(tmp_path):
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("slides: 3", encoding="utf-8")
    found, problems = dk.load(tmp_path)
    assert list(found) == ["good"]
    assert len(problems) == 1 and str(problems[0]).startswith("bad")


def test_a_built_deck_round_trips_through_the_url():
    slides = (
        dk.slide_from(
            {"page": "trends", "view": "measure=ratio&countries=BHR,QAT"}, dk.Where(), False
        ),
        dk.slide_from(
            {"page": "flows", "view": {"dest": "BHR"}, "title": {"ar": "عنوان"}}, dk.Where(), False
        ),
    )
    text = dk.encode(slides)
    assert text.isascii() and "=" not in text
    back = dk.decode(text)
    assert back == slides
    assert back[1].line("title", "en") == "عنوان"  # the other language when one is missing
    assert dk.decode("") == ()


def _packed(raw: bytes) -> str:
    return base64.urlsafe_b64encode(zlib.compress(raw)).decode().rstrip("=")


@pytest.mark.parametrize(
    "text",
    [
        "not-base64!",
        "A" * (dk.MAX_BUILT + 1),
        _packed(b"{}"),
        _packed(b'[["nowhere", "", {}, {}]]'),
        _packed(b'[["trends", 5, {}, {}]]'),
        _packed(b"[" + b'["trends","",{},{}],' * 40 + b'["trends","",{},{}]]'),
        _packed(b"[" * 50_000),
        _packed(b" " * 10_000_000),  # small in the URL, huge unpacked
    ],
)
def test_anything_else_in_the_url_is_not_a_deck(text):
    assert dk.decode(text) is None


def test_a_deck_with_aliases_is_refused_before_they_expand():
    import tracemalloc

    from dashboard.slides.decks import DeckError, parse

    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 9):
        levels.append(f"{chr(97 + n)}: &{chr(97 + n)} [" + ",".join([f"*{chr(96 + n)}"] * 10) + "]")
    text = "\n".join(levels) + "\nslides: []\n"
    assert len(text) < 600
    tracemalloc.start()
    try:
        with pytest.raises(DeckError, match="aliases"):
            parse(text, "laughs")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000  # expanded, the last level alone holds 10^9 strings
