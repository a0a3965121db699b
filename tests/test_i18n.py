"""Translations are complete in both languages, and numbers read the same everywhere."""

from __future__ import annotations

import re

import pytest

from dashboard.catalogue import figure_text
from dashboard.i18n import Locale, messages, plural_form

PLACEHOLDER = re.compile(r"\{(\w+)\}")


PLURAL = re.compile(r"\.(zero|one|two|few|many|other)$")


def _sentences(lang: str) -> set[str]:
    """The keys of a language, a sentence in grammatical numbers counted once (`key.other`):
    Arabic has more numbers (one, two, few, many) than English (one, other)."""
    return {PLURAL.sub(".other", k) for k in messages(lang)}


def test_every_key_exists_in_both_languages():
    en, ar = _sentences("en"), _sentences("ar")
    assert en - ar == set(), f"missing in ar.toml: {sorted(en - ar)}"
    assert ar - en == set(), f"missing in en.toml: {sorted(ar - en)}"


@pytest.mark.parametrize("key", sorted(messages("en")))
def test_placeholders_match(key):
    if PLURAL.search(key):  # each number's sentence may spell the count out ("خطآن": two)
        base = PLURAL.sub("", key)
        forms = [k for k in messages("ar") if PLURAL.sub("", k) == base]
        names = set().union(*(PLACEHOLDER.findall(messages("ar")[k]) for k in forms))
        assert names - {"count"} == set(PLACEHOLDER.findall(messages("en")[key])) - {"count"}
        assert f"{base}.other" in forms
        return
    assert set(PLACEHOLDER.findall(messages("en")[key])) == set(
        PLACEHOLDER.findall(messages("ar")[key])
    )


@pytest.mark.parametrize(
    ("lang", "n", "form"),
    [
        ("en", 1, "one"),
        ("en", 0, "other"),
        ("en", 2, "other"),
        ("ar", 1, "one"),
        ("ar", 2, "two"),
        ("ar", 3, "few"),
        ("ar", 10, "few"),
        ("ar", 11, "many"),
        ("ar", 99, "many"),
        ("ar", 100, "other"),
        ("ar", 102, "other"),
        ("ar", 105, "few"),
    ],
)
def test_plural_forms(lang, n, form):
    assert plural_form(lang, n) == form


def test_a_count_is_said_in_its_grammatical_number():
    en, ar = Locale("en"), Locale("ar", "arab")
    assert en.plural("secretariat.warnings", 1).startswith("1 warning:")
    assert en.plural("secretariat.warnings", 12).startswith("12 warnings:")
    assert ar.plural("secretariat.warnings", 2).startswith("تحذيران")
    assert ar.plural("secretariat.warnings", 3).startswith("٣ تحذيرات")
    assert ar.plural("secretariat.warnings", 11).startswith("١١ تحذيرًا")


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
    assert figure_text(Locale("en"), *args) == expected


def test_figure_text_in_arabic(bundled):
    from dashboard.catalogue import catalogue

    assert figure_text(Locale("ar"), None, None, None, None) == "لم يُبلَّغ عنه"
    assert figure_text(Locale("ar", "arab"), None, 1.0, 4.0, "suppressed") == "١–٤"
    cat = catalogue(bundled, Locale("ar", "arab"))
    assert cat.with_year("١–٤", 2022) == "١–٤ (٢٠٢٢)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "المصدر: https://www.un.org/x.pdf، 2023",
            "المصدر: \u2066https://www.un.org/x.pdf\u2069، 2023",
        ),
        (
            "المجلد data/ ثم /compare?lang=ar",
            "المجلد \u2066data/\u2069 ثم \u2066/compare?lang=ar\u2069",
        ),
        ("2015/16 و1/4", "2015/16 و1/4"),  # numbers read right as they are
        # a command is isolated whole, so that copying it copies no invisible mark
        ("شغّل `make data REFERENCE=../x/` ثم", "شغّل \u2066`make data REFERENCE=../x/`\u2069 ثم"),
        ("ملف \u200e.zip", "ملف \u200e.zip"),
    ],
)
def test_addresses_and_paths_stay_left_to_right_in_arabic(text, expected):
    from dashboard.i18n import isolate

    assert isolate(text) == expected
    assert isolate(expected) == expected  # once is enough


def test_arabic_texts_isolate_what_they_are_given_and_english_ones_do_not():
    url = "https://example.org/a"
    assert "\u2066" + url + "\u2069" in Locale("ar").t("chart.source_line", sources=url)
    assert Locale("en").t("chart.source_line", sources=url).count("\u2066") == 0


def test_with_arabic_indic_digits_every_number_a_text_says_is_in_them():
    arab = Locale("ar", "arab")
    assert arab.t("trends.key_withheld") == "رقم حجبه المصدر: بين ١ و٤، مرسوم نطاقًا"
    # numbers in filled-in values too (a source's name, a note's years), with their separators
    line = arab.t("chart.source_line", sources="مؤشر العبودية العالمي 2023 (100,000; 2019-2022)")
    assert "٢٠٢٣" in line and "١٠٠٬٠٠٠" in line and "٢٠١٩-٢٠٢٢" in line
    assert not re.search(r"[0-9]", line)
    # but not a code, a web address, a path or a code span: they are typed as they are
    kept = arab.t(
        "chart.source_line", sources="M3212 https://www.un.org/x1 data/v2 `make v3` data-2024.xlsx"
    )
    for code in ("M3212", "https://www.un.org/x1", "data/v2", "`make v3`", "data-2024.xlsx"):
        assert code in kept
    # a sentence's full stop after a number stays a full stop
    assert arab.t("chart.source_line", sources="2023") == "المصدر: ٢٠٢٣."
    # Western digits, or English, as written
    assert Locale("ar").t("trends.key_withheld") == "رقم حجبه المصدر: بين 1 و4، مرسوم نطاقًا"
    assert "1–4" in Locale("en").t("compare.rank_rule")
