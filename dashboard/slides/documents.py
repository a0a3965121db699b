"""Whole documents: a deck as PowerPoint or PDF, a country profile as A4 PDF pages."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from html import escape

from dashboard import config
from dashboard.catalogue import catalogue
from dashboard.charts.coverage import coverage_html
from dashboard.dataset import Dataset
from dashboard.i18n import Locale
from dashboard.slides.adapt import build, steps
from dashboard.slides.figures import SLIDE, Page, dataset_line, page_of, pdf, print_pdf, render
from dashboard.slides.powerpoint import pptx
from dashboard.ui.components import html_table
from dashboard.ui.files import rules as load_rules
from dashboard.ui.style import document_css
from dashboard.views.profile import ProfileState, ProfileView, Split, Table
from dashboard.views.profile import build as build_profile


def deck_pages(data: Dataset, loc: Locale, deck) -> list[Page]:
    """Every slide of a deck drawn as a page in `loc`'s language, as the presenter steps
    through them."""
    footer = dataset_line(data, loc)
    return [
        page_of(
            data,
            loc,
            build(data, loc, s.page, s.query),
            s.said("title", loc),
            s.said("takeaway", loc),
            footer,
        )
        for s in steps(data, deck.slides)  # a slide that plays its years: a page per year
    ]


def cited(data: Dataset, loc: Locale, pages: Sequence[Page]) -> list[str]:
    """The full reference of every source the pages use, once each, in order."""
    return catalogue(data, loc).reference_lines(s for p in pages for s in p.view.sources)


def deck_pptx(data: Dataset, loc: Locale, deck) -> bytes:
    pages = deck_pages(data, loc, deck)
    title = deck.name(loc, loc.t("present.built"))
    return pptx(pages, loc, title, cited(data, loc, pages), dataset_line(data, loc))


def deck_pdf(data: Dataset, loc: Locale, deck, theme: str = "light") -> bytes:
    return pdf(deck_pages(data, loc, deck), loc, SLIDE, theme)


# A profile's charts on A4 (portrait, 14 mm margins: 182 mm of width, in CSS pixels).
CHART_SIZE = (688, 330)
COVERAGE_YEARS = 14  # years of the coverage grid side by side; more wrap to a second grid
# The document may show its own pictures and styles, and fetch or run nothing.
POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def profile_view(data: Dataset, loc: Locale, iso3: str) -> tuple[ProfileView, str]:
    """The profile as its page builds it (with the tracker's rules), and why the rules could
    not be read ("" when they could)."""
    rules, problem = load_rules(config.rules_path(), data)
    state, _ = ProfileState.read(data, {"country": iso3})
    return build_profile(data, loc, state, None if problem else rules), problem


def profile_charts(view: ProfileView, loc: Locale) -> dict[str, object]:
    """The profile's charts as the page draws them, sized for A4: the ten years ("trend") and
    each split that has figures (by its `by`)."""
    charts = {}
    if view.trend is not None:
        charts["trend"] = view.trend.figure(loc)
    for split in view.splits:
        if isinstance(split, Split):
            charts[split.by] = split.figure(loc)
    for fig in charts.values():  # new figures: resizing them leaves the shared ones alone
        fig.update_layout(width=CHART_SIZE[0], height=CHART_SIZE[1])
    return charts


def _p(text: str, css: str = "") -> str:
    if not text:
        return ""
    return f'<p class="{css}">{escape(text)}</p>' if css else f"<p>{escape(text)}</p>"


def _h2(text: str) -> str:
    return f"<h2>{escape(text)}</h2>"


def _figure(svg: bytes | None, label: str) -> str:
    if svg is None:
        return ""
    data = base64.b64encode(svg).decode()
    alt = escape(label, quote=True)
    return f"<figure><img alt='{alt}' src='data:image/svg+xml;base64,{data}'></figure>"


def _table(table: Table) -> str:
    return "".join(
        (
            _h2(table.heading),
            _p(table.caption, "tip-muted"),
            html_table(table.header, table.rows, numeric=table.numeric),
            _p(table.source_text, "tip-source"),
        )
    )


def profile_html(
    data: Dataset,
    loc: Locale,
    view: ProfileView,
    images: Mapping[str, bytes],
    problem: str = "",
) -> str:
    """The profile page as one HTML document for print, section by section as the page lays
    them out: the same tables (the page's own HTML), its charts as pictures (`images`, SVG,
    by the keys of `profile_charts`), the same source lines. Every text is escaped."""
    t = loc.t
    cat = catalogue(data, loc)
    parts = [_table(view.headline), _h2(view.trends_heading)]
    if view.trend is None:
        parts.append(_p(view.none))
    else:
        parts += [
            _figure(images.get("trend"), view.trends_heading),
            _p(view.trend.source_text, "tip-source"),
        ]
    for split in view.splits:
        if not isinstance(split, Split):
            parts += [_h2(split[1]), _p(view.none)]
            continue
        parts += [
            _h2(split.heading),
            _figure(images.get(split.by), split.heading),
            _p(split.caution, "tip-caution"),
            _p(split.withheld_text, "tip-muted"),
            _p(split.source_text, "tip-source"),
        ]
    for side in view.corridors:
        parts += [_table(side)] if isinstance(side, Table) else [_h2(side), _p(view.none)]
    if view.recommendations is None:
        parts += [_h2(t("profile.recs_heading")), _p(t("tracker.rules_error", error=problem))]
    else:
        parts.append(_table(view.recommendations))
    for found, heading, caption in (
        (view.tiers, view.tiers_heading, view.tiers_caption),
        (view.gsi, view.gsi_heading, ""),
    ):
        parts += (
            [_table(found)]
            if found is not None
            else [_h2(heading), _p(caption, "tip-muted"), _p(view.none)]
        )
    parts.append(_h2(view.coverage_heading))
    years = view.coverage_years
    if not years:
        parts.append(_p(view.none))
    for start in range(0, len(years), COVERAGE_YEARS):
        chunk = years[start : start + COVERAGE_YEARS]
        parts.append(coverage_html(view.coverage, chunk, dict(cat.names), view.letters, loc))
    if years:
        parts.append(_p(view.coverage_source_text, "tip-source"))
    title = t("profile.title", country=view.name)
    footer = dataset_line(data, loc)
    return (
        f"<!doctype html><html lang='{loc.lang}' dir='{loc.direction}'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{POLICY}\">"
        f"<title>{escape(title)}</title><style>{document_css(loc, footer)}</style></head><body>"
        f"<h1>{escape(title)}</h1>{''.join(parts)}</body></html>"
    )


def profile_pdf(data: Dataset, loc: Locale, iso3: str) -> bytes:
    """A country profile on A4 pages: every section of its page, tables split only between
    rows (their header repeated on the next page)."""
    view, problem = profile_view(data, loc, iso3)
    charts = profile_charts(view, loc)
    images = dict(zip(charts, render(list(charts.values()), "svg"), strict=True))
    return print_pdf(profile_html(data, loc, view, images, problem))
