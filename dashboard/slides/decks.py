"""Decks: ordered lists of saved views (a page and its URL state) with a title and takeaway.

A deck is a YAML file under `data/decks/` (read with `yaml.safe_load`, checked here, never
trusted), or is built in the app, slide by slide, and then travels in the URL (`build=`): JSON,
compressed and base64url-encoded, so a reload or a link to a co-chair keeps it.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import yaml

from dashboard import registry
from dashboard.i18n import Locale
from dashboard.views.params import Number

PAGES = registry.SLIDES  # the pages a slide can show
LANGS = ("en", "ar")
MAX_SLIDES = 30
# A slide that steps through its years (slides.adapt.steps) is a step per year: the slide
# shown, in the address, counts steps.
MAX_STEPS = 20 * MAX_SLIDES
SLIDE = Number("slide", 1, 1, MAX_STEPS)
MAX_TEXT = 300  # a title or a takeaway: one line
MAX_VIEW = 2000  # a view's query string
MAX_FILE = 200_000  # bytes of a deck file
MAX_BUILT = 8000  # characters of an encoded deck in the URL
# Parameters that belong to the app, not to a view: a slide never carries them.
APP_PARAMS = frozenset({"lang", "digits", "build", "deck", "slide", "present", "theme"})


@dataclass(frozen=True)
class Where:
    """Where in a deck a problem is: the deck (file name), a slide (from 1), a part of it."""

    deck: str = ""
    slide: int | None = None
    part: str | None = None  # "title" or "takeaway"

    def at(self, part: str) -> Where:
        return Where(self.deck, self.slide, part)

    def text(self, locale: Locale) -> str:
        t = locale.t
        if self.slide is None:
            place = self.deck
        else:
            key = "deck_error.where_slide" if self.deck else "deck_error.where_slide_only"
            place = t(key, deck=self.deck, n=locale.number(self.slide))
        if self.part:
            place = t("deck_error.where_part", place=place, part=t(f"deck_error.{self.part}"))
        return place


class DeckError(ValueError):
    """A deck that cannot be used, with where and why, readable in either language
    (`text(locale)`); `str()` is the English text."""

    def __init__(self, why: str, where: Where, **values: object) -> None:
        self.why, self.where, self.values = why, where, values
        super().__init__(self.text(Locale("en")))

    def text(self, locale: Locale) -> str:
        sep = locale.t("flows.list_sep")
        values = {k: sep.join(v) if isinstance(v, tuple) else v for k, v in self.values.items()}
        why = locale.t_numbers(f"deck_error.{self.why}", **values)
        return locale.t("deck_error.line", where=self.where.text(locale), why=why)

    def __reduce__(self):  # copied or pickled: made again from its parts
        return partial(type(self), self.why, self.where, **self.values), ()


@dataclass(frozen=True)
class Slide:
    page: str
    view: tuple[tuple[str, str], ...]  # the page's URL parameters, in order
    title: Mapping[str, str] = field(default_factory=dict)  # by language; may be empty
    takeaway: Mapping[str, str] = field(default_factory=dict)

    @property
    def query(self) -> dict[str, str]:
        return dict(self.view)

    @property
    def link(self) -> str:
        """The view's address in the app, relative to its root."""
        return self.page + (("?" + urlencode(self.view)) if self.view else "")

    def line(self, what: str, lang: str) -> str:
        """The slide's title or takeaway in `lang`, else in the other language, else ''."""
        texts = self.title if what == "title" else self.takeaway
        return texts.get(lang) or next((t for t in texts.values() if t), "")

    def said(self, what: str, loc: Locale) -> str:
        """`line` as the reader reads it: in their language, its numbers in their digits."""
        return loc.numbers_in(self.line(what, loc.lang))


@dataclass(frozen=True)
class Deck:
    id: str
    title: Mapping[str, str]
    slides: tuple[Slide, ...]

    def name(self, loc: Locale, default: str = "") -> str:
        """The deck's title in the reader's language (else the other), numbers in their digits."""
        title = self.title.get(loc.lang) or next((t for t in self.title.values() if t), default)
        return loc.numbers_in(title)


def _text(value, where: Where, required: bool) -> dict[str, str]:
    if value is None and not required:
        return {}
    if not isinstance(value, Mapping):
        raise DeckError("both_languages", where)
    texts = {}
    for lang in LANGS:
        text = value.get(lang)
        if text is None and not required:
            continue
        if not isinstance(text, str) or not text.strip():
            raise DeckError("text_missing", where, lang=lang)
        if len(text) > MAX_TEXT or "\n" in text.strip():
            raise DeckError("text_line", where, lang=lang, max=MAX_TEXT)
        texts[lang] = text.strip()
    return texts


def _view(value, where: Where) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = dict(parse_qsl(value.lstrip("?"), keep_blank_values=True))
    if not isinstance(value, Mapping):
        raise DeckError("view_mapping", where)
    items = []
    for name, raw in value.items():
        if isinstance(raw, list | tuple):
            raw = ",".join(str(v) for v in raw)
        if not isinstance(name, str) or isinstance(raw, Mapping | bool) or raw is None:
            raise DeckError("view_value", where, name=repr(name))
        if name not in APP_PARAMS:
            items.append((name, str(raw)))
    if len(urlencode(items)) > MAX_VIEW:
        raise DeckError("view_long", where)
    return tuple(items)


def slide_from(value, where: Where, texts_required: bool) -> Slide:
    if not isinstance(value, Mapping):
        raise DeckError("slide_fields", where)
    page = value.get("page")
    if page not in PAGES:
        raise DeckError("unknown_page", where, page=repr(page), pages=PAGES)
    return Slide(
        page,
        _view(value.get("view"), where),
        _text(value.get("title"), where.at("title"), texts_required),
        _text(value.get("takeaway"), where.at("takeaway"), texts_required),
    )


def _refuse_aliases(text: str) -> None:
    """A deck needs no anchors or aliases; refused from the parser's events, before anything
    is built, because a few hundred bytes of nested aliases expand to gigabytes."""
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.YAMLError("anchors and aliases (& and *) are not allowed in a deck")


def parse(text: str, deck_id: str) -> Deck:
    """A deck from the text of its YAML file; DeckError says what is wrong and where."""
    if len(text.encode()) > MAX_FILE:
        raise DeckError("too_large", Where(deck_id), max=MAX_FILE)
    try:
        _refuse_aliases(text)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise DeckError("not_yaml", Where(deck_id), error=str(error)) from None
    if not isinstance(raw, Mapping) or not isinstance(raw.get("slides"), list):
        raise DeckError("deck_fields", Where(deck_id))
    slides = raw["slides"]
    if not 1 <= len(slides) <= MAX_SLIDES:
        raise DeckError("slide_count", Where(deck_id), min=1, max=MAX_SLIDES)
    return Deck(
        deck_id,
        _text(raw.get("title"), Where(deck_id, part="title"), True),
        tuple(slide_from(s, Where(deck_id, i), True) for i, s in enumerate(slides, 1)),
    )


def load(folder: Path) -> tuple[dict[str, Deck], list[DeckError]]:
    """Every deck in `folder` (by file name), and what is wrong with each unusable file."""
    decks, problems = {}, []
    for path in sorted(folder.glob("*.yaml")):
        try:
            decks[path.stem] = parse(path.read_text(encoding="utf-8"), path.stem)
        except DeckError as error:
            problems.append(error)
        except (OSError, UnicodeDecodeError) as error:
            problems.append(DeckError("unreadable", Where(path.stem), error=str(error)))
    return decks, problems


def dump(deck: Deck) -> str:
    """The deck as a YAML file the secretariat can put under `data/decks/`."""
    raw = {
        "title": dict(deck.title),
        "slides": [
            {
                "page": s.page,
                "view": dict(s.view),
                "title": dict(s.title),
                "takeaway": dict(s.takeaway),
            }
            for s in deck.slides
        ],
    }
    return yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=100)


def encode(slides: tuple[Slide, ...]) -> str:
    """A deck built in the app, as the text the address carries (compressed JSON, base64)."""
    raw = [[s.page, urlencode(s.view), dict(s.title), dict(s.takeaway)] for s in slides]
    packed = zlib.compress(json.dumps(raw, ensure_ascii=False, separators=(",", ":")).encode())
    return base64.urlsafe_b64encode(packed).decode().rstrip("=")


def decode(text: str) -> tuple[Slide, ...] | None:
    """The slides of an encoded deck; None for anything that is not one (never raises)."""
    if not text:
        return ()
    if len(text) > MAX_BUILT:
        return None
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        inflater = zlib.decompressobj()
        raw = json.loads(inflater.decompress(packed, MAX_FILE))
        if inflater.unconsumed_tail or not isinstance(raw, list) or len(raw) > MAX_SLIDES:
            return None
        slides = []
        for i, item in enumerate(raw, 1):
            page, view, title, takeaway = item
            if not isinstance(view, str):
                return None
            value = {"page": page, "view": view, "title": title or None}
            value["takeaway"] = takeaway or None
            slides.append(slide_from(value, Where(slide=i), False))
        return tuple(slides)
    except (ValueError, TypeError, zlib.error, binascii.Error, DeckError, RecursionError):
        return None


def built(slides: tuple[Slide, ...], title: Mapping[str, str]) -> Deck:
    return Deck("built", title, slides)
