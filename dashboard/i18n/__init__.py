"""Translations and number formatting, English and Arabic.

Every visible string comes from `en.toml` / `ar.toml` (or the dataset's `_en` / `_ar` columns).
A `Locale` carries the language and the digits the user picked, and formats numbers, years and
dates the same way everywhere (tables, charts, hover text).
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

Lang = Literal["en", "ar"]
Digits = Literal["latn", "arab"]
LANGS: tuple[Lang, ...] = ("en", "ar")
DIGITS: tuple[Digits, ...] = ("latn", "arab")

_FOLDER = Path(__file__).parent
# Arabic-Indic digits, with the Arabic thousands separator and decimal mark.
_ARABIC_INDIC = str.maketrans("0123456789,.", "٠١٢٣٤٥٦٧٨٩٬٫")


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = str(value)
    return out


@cache
def messages(lang: Lang) -> dict[str, str]:
    """All texts of one language, keyed 'section.key'. Read once, then shared (read-only)."""
    with (_FOLDER / f"{lang}.toml").open("rb") as handle:
        return _flatten(tomllib.load(handle))


def plural_form(lang: str, n: int) -> str:
    """CLDR's plural category of a whole number: English one/other; Arabic zero, one, two,
    few (3-10, and 103-110...), many (11-99, and 111-199...), other (100, 101, 102...)."""
    n = abs(int(n))
    if lang != "ar":
        return "one" if n == 1 else "other"
    if n in (0, 1, 2):
        return ("zero", "one", "two")[n]
    if 3 <= n % 100 <= 10:
        return "few"
    if 11 <= n % 100 <= 99:
        return "many"
    return "other"


# Web addresses and file paths: runs of Latin letters, digits and URL punctuation with a slash.
_PATH_CHARS = r"A-Za-z0-9_.~?=&%:#+-"
_LTR_RUN = re.compile(
    rf"(?<![{_PATH_CHARS}/])"
    rf"(?:https?://[^\s<>\"'\u060c\u061b)\]\u2069]*[^\s<>\"'\u060c\u061b)\]\u2069.,;:!?]|[{_PATH_CHARS}]*/(?:[{_PATH_CHARS}/]*[\w/])?)",
    re.ASCII,
)
LRI, PDI = "\u2066", "\u2069"  # Unicode's left-to-right isolate and its end
# What is isolated already, and code spans (`make data`): a command is isolated whole, never
# inside, so that copying it copies no invisible character.
_UNITS = re.compile(f"({LRI}[^{PDI}]*{PDI}|`[^`]*`)")


def isolate(text: str) -> str:
    """Text with each web address, path (https://..., data/, /compare?lang=ar) and code span
    wrapped in Unicode isolates, so that the right-to-left text around it does not reorder it
    (a reader would see "/https://www.un.org" for "https://www.un.org/"). Idempotent."""

    def wrap(match: re.Match) -> str:
        run = match.group(0)
        if not re.search(r"[A-Za-z]", run):  # "1/4" or "2015/16" reads right as it is
            return run
        return f"{LRI}{run}{PDI}"

    def part(p: str) -> str:
        if p.startswith(LRI):
            return p
        if p.startswith("`"):
            return f"{LRI}{p}{PDI}"
        return _LTR_RUN.sub(wrap, p)

    return "".join(part(p) for p in _UNITS.split(text))


# A number written in a text, with the separators inside it ("100,000", "2.5").
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A word with Latin letters in it is a code or a name typed as it is ("M3212", "ISO3",
# "data-2024.xlsx"): it keeps its digits.
_LATIN_WORD = re.compile(r"\S*[A-Za-z]\S*")


def _numbers_in(text: str, convert) -> str:
    """`text` with each number passed through `convert`, except in web addresses, paths, code
    spans and words with Latin letters: those are copied and typed as they are."""

    def words(p: str) -> str:
        out, last = [], 0
        for kept in _LATIN_WORD.finditer(p):
            out.append(_NUMBER.sub(lambda m: convert(m.group(0)), p[last : kept.start()]))
            out.append(kept.group(0))
            last = kept.end()
        out.append(_NUMBER.sub(lambda m: convert(m.group(0)), p[last:]))
        return "".join(out)

    def plain(p: str) -> str:
        pieces, last = [], 0
        for run in _LTR_RUN.finditer(p):
            pieces.append(words(p[last : run.start()]))
            pieces.append(run.group(0))
            last = run.end()
        pieces.append(words(p[last:]))
        return "".join(pieces)

    return "".join(p if p.startswith((LRI, "`")) else plain(p) for p in _UNITS.split(text))


@dataclass(frozen=True)
class Locale:
    """The reader's language and digits."""

    lang: Lang = "en"
    digits: Digits = "latn"

    @property
    def rtl(self) -> bool:
        return self.lang == "ar"

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def sep(self) -> str:
        """Between the items of a list: ", " in English, "، " in Arabic."""
        return self.t("flows.list_sep")

    def t(self, key: str, **values: object) -> str:
        """The text for `key`, with `{name}` placeholders filled in; in Arabic, addresses and
        paths in it kept left to right (`isolate`); its numbers in the reader's digits."""
        text = messages(self.lang)[key]
        text = text.format(**values) if values else text
        text = isolate(text) if self.rtl else text
        return self.numbers_in(text)

    def numbers_in(self, text: str) -> str:
        """With Arabic-Indic digits chosen, every number a text says is in them ("(1–4)", "per
        100,000", a year in a note or a source's name), not only the figures: the app's own
        texts (`t`) and those written elsewhere (a deck's titles and takeaways)."""
        return _numbers_in(text, self.digits_of) if self.digits == "arab" else text

    def plural(self, key: str, count: int, **values: object) -> str:
        """`t` for a sentence about `count` things, in the grammatical number the language
        uses for it: `key.one`, `key.two`, `key.few`... where the file has them, else
        `key.other`. `{count}` is the number as `number` writes it."""
        table = messages(self.lang)
        for form in (plural_form(self.lang, count), "other"):
            if f"{key}.{form}" in table:
                return self.t(f"{key}.{form}", count=self.number(count), **values)
        return self.t(key, count=self.number(count), **values)

    def t_numbers(self, key: str, **values: object) -> str:
        """`t`, with whole numbers among the values written as `number` writes them."""
        return self.t(
            key, **{k: self.number(v) if type(v) is int else v for k, v in values.items()}
        )

    def digits_of(self, text: str) -> str:
        """Text with its digits (and separators) in the digits the user picked."""
        return text.translate(_ARABIC_INDIC) if self.digits == "arab" else text

    def number(self, value: float | None, decimals: int | None = None) -> str:
        """A number with thousands separators: 1,204 / ١٬٢٠٤; '' for a missing value."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        if decimals is None:
            decimals = 0 if float(value).is_integer() else 1
        return self.digits_of(f"{value:,.{decimals}f}")

    def year(self, year: int) -> str:
        """A year: never with a thousands separator."""
        return self.digits_of(str(int(year)))

    def years(self, first: int, last: int) -> str:
        """A span of years, '2015–2023', or one year, '2023', when it begins and ends there."""
        if int(first) == int(last):
            return self.year(first)
        return f"{self.year(first)}–{self.year(last)}"

    def date(self, iso: str) -> str:
        """An ISO date (YYYY-MM-DD) as '7 October 2025' / '7 أكتوبر 2025'."""
        try:
            year, month, day = (int(part) for part in iso.split("-"))
        except ValueError:
            return iso
        return self.digits_of(f"{day} {self.t(f'month.{month}')} {year}")

    def range(self, lower: float, upper: float) -> str:
        return self.t("status.range", lower=self.number(lower), upper=self.number(upper))
