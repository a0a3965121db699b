"""The line of headline figures a page shows under its title, before its charts: the highest
and the lowest figure of the view, each with its country and year, and how many of the
countries chosen have a figure. Written from the view's own exact figures: a withheld count
(a range, 1-4) or a missing one is neither the highest nor the lowest, and is counted as no
figure. The page puts the view's source line right under it."""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.i18n import Locale


def extremes(
    locale: Locale,
    what: str,
    figures: Sequence[tuple[str, float, int]],
    chosen: int,
    decimals: int | None,
) -> str:
    """`figures`: (country, exact figure, its year), in the view's order (a tie goes to the
    first); `chosen`: how many countries the view covers."""
    t = locale.t
    if not figures:
        return t("headline.empty", what=what)
    top = max(figures, key=lambda f: f[1])
    low = min(figures, key=lambda f: f[1])
    if len(figures) == 1:
        return t(
            "headline.single",
            what=what,
            name=top[0],
            value=locale.number(top[1], decimals),
            year=locale.year(top[2]),
            m=locale.number(chosen),
        )
    return t(
        "headline.range",
        what=what,
        top=top[0],
        top_value=locale.number(top[1], decimals),
        top_year=locale.year(top[2]),
        low=low[0],
        low_value=locale.number(low[1], decimals),
        low_year=locale.year(low[2]),
        n=locale.number(len(figures)),
        m=locale.number(chosen),
    )


def counted(locale: Locale, what: str, having: int, chosen: int) -> str:
    """For figures that are categories (a tier): how many of the countries have one."""
    return locale.t("headline.count", what=what, n=locale.number(having), m=locale.number(chosen))
