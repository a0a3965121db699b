"""Whole documents: a deck as PowerPoint or PDF, a country profile as A4 PDF pages."""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.catalogue import catalogue
from dashboard.dataset import Dataset
from dashboard.i18n import Locale
from dashboard.slides.adapt import build, profile_pages
from dashboard.slides.figures import A4, SLIDE, Page, dataset_line, page_of, pdf
from dashboard.slides.powerpoint import pptx


def deck_pages(data: Dataset, loc: Locale, deck) -> list[Page]:
    """Every slide of a deck drawn as a page in `loc`'s language."""
    footer = dataset_line(data, loc)
    return [
        page_of(
            data,
            loc,
            build(data, loc, s.page, s.query),
            s.line("title", loc.lang),
            s.line("takeaway", loc.lang),
            footer,
        )
        for s in deck.slides
    ]


def cited(data: Dataset, loc: Locale, pages: Sequence[Page]) -> list[str]:
    """The full reference of every source the pages use, once each, in order."""
    return catalogue(data, loc).reference_lines(s for p in pages for s in p.view.sources)


def deck_pptx(data: Dataset, loc: Locale, deck) -> bytes:
    pages = deck_pages(data, loc, deck)
    title = deck.title.get(loc.lang) or next(iter(deck.title.values()), loc.t("present.built"))
    return pptx(pages, loc, title, cited(data, loc, pages), dataset_line(data, loc))


def deck_pdf(data: Dataset, loc: Locale, deck, theme: str = "light") -> bytes:
    return pdf(deck_pages(data, loc, deck), loc, SLIDE, theme)


def profile_pdf(data: Dataset, loc: Locale, iso3: str) -> bytes:
    """A country profile on A4 pages: headline figures, ten years, recommendations."""
    footer = dataset_line(data, loc)
    pages = [page_of(data, loc, v, v.heading, "", footer) for v in profile_pages(data, loc, iso3)]
    return pdf(pages, loc, A4)
