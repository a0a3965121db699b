"""Translations are complete in both languages, and numbers read the same everywhere."""

from __future__ import annotations

import re

import pytest

from dashboard.i18n import Locale, messages
from dashboard.i18n.figures import figure_text, with_year

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_every_key_exists_in_both_languages():
    en, ar = set(messages("en")), set(messages("ar"))
    assert en - ar == set(), f"missing in ar.toml: {sorted(en - ar)}"
    assert ar - en == set(), f"missing in en.toml: {sorted(ar - en)}"


@pytest.mark.parametrize("key", sorted(messages("en")))
def test_placeholders_match(key):
    assert set(PLACEHOLDER.findall(messages("en")[key])) == set(
        PLACEHOLDER.findall(messages("ar")[key])
    )


def test_arabic_texts_are_arabic():
    """Every Arabic text with words in it has Arabic words (templates of numbers excepted)."""
    untranslated = []
    for key, text in messages("ar").items():
        words = PLACEHOLDER.sub("", text)
        if key.startswith("lang.") or not any(ch.isalpha() for ch in words):
            continue
        if not re.search(r"[\u0600-\u06FF]", words):
            untranslated.append(key)
    assert untranslated == []


@pytest.mark.parametrize(
    ("locale", "value", "expected"),
    [
        (Locale("en"), 1204, "1,204"),
        (Locale("ar"), 1204, "1,204"),
        (Locale("ar", "arab"), 1204, "١٬٢٠٤"),
        (Locale("en"), 6.7, "6.7"),
        (Locale("ar", "arab"), 6.7, "٦٫٧"),
        (Locale("en"), float("nan"), ""),
        (Locale("en"), None, ""),
    ],
)
def test_numbers(locale, value, expected):
    assert locale.number(value) == expected


def test_years_have_no_separator():
    assert Locale("en").year(2022) == "2022"
    assert Locale("ar", "arab").year(2022) == "٢٠٢٢"


def test_a_span_of_one_year_is_that_year():
    assert Locale("en").years(2015, 2023) == "2015–2023"
    assert Locale("en").years(2023, 2023) == "2023"
    assert Locale("ar", "arab").years(2023, 2023) == "٢٠٢٣"


def test_dates_with_month_names():
    assert Locale("en").date("2025-10-07") == "7 October 2025"
    assert Locale("ar").date("2025-10-07") == "7 أكتوبر 2025"
    assert Locale("ar", "arab").date("2025-04-14") == "١٤ أبريل ٢٠٢٥"
    assert Locale("en").date("not a date") == "not a date"


def test_direction():
    assert Locale("ar").direction == "rtl"
    assert Locale("en").direction == "ltr"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((38.0, None, None, "reported"), "38"),
        ((float("nan"), 1.0, 4.0, "suppressed"), "1–4"),
        ((float("nan"), 36.0, 407.0, "flagged"), "36–407"),
        ((71.0, None, None, "flagged"), "71"),
        ((None, None, None, None), "not reported"),
    ],
)
def test_figure_text(args, expected):
    assert figure_text(*args, Locale("en")) == expected


def test_figure_text_in_arabic():
    assert figure_text(None, None, None, None, Locale("ar")) == "لم يُبلَّغ عنه"
    assert with_year("١–٤", 2022, Locale("ar", "arab")) == "١–٤ (٢٠٢٢)"
