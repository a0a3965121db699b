"""The coverage grid: which of the three counts each country reported, year by year.

Drawn as an HTML table rather than a plotted heatmap: it is a table of facts, it follows the
page's direction by itself, prints cleanly, gives screen readers real text, and costs the
browser nothing to draw.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from dashboard.i18n import Locale

# Cell colours by how many counts were reported (viridis steps; text colour chosen for a
# contrast of at least 4.5:1 on each).
LEVELS = ("cov-0", "cov-1", "cov-2", "cov-3")


def coverage_cells(
    grid: pd.DataFrame, years: list[int], indicators: list[str]
) -> dict[tuple[str, int], list[str]]:
    """For each (country, year): the indicators reported, in the given order."""
    reported = grid[grid["reported"]]
    cells: dict[tuple[str, int], list[str]] = {}
    for (iso3, year), group in reported.groupby(["iso3", "year"]):
        present = set(group["indicator"])
        cells[(iso3, int(year))] = [i for i in indicators if i in present]
    return cells


def coverage_html(
    grid: pd.DataFrame,
    years: list[int],
    names: dict[str, str],
    letters: dict[str, str],
    locale: Locale,
    newest_first: bool = False,
) -> str:
    """A country x year table; each cell lists the letters of the counts reported. Newest year
    first on a phone, where the years beyond the screen are scrolled to: the recent ones then
    show first."""
    iso3s = list(dict.fromkeys(grid["iso3"]))
    indicators = list(letters)
    cells = coverage_cells(grid, years, indicators)
    years = sorted(years, reverse=newest_first)
    head = "".join(f"<th scope='col'>{locale.year(y)}</th>" for y in years)
    rows = []
    for iso3 in iso3s:
        name = escape(names[iso3])
        row = [f"<th scope='row'>{name}</th>"]
        for year in years:
            done = cells.get((iso3, year), [])
            text = " ".join(letters[i] for i in done)
            hover = locale.t(
                "overview.coverage_hover",
                country=names[iso3],
                year=locale.year(year),
                reported=text or locale.t("overview.coverage_none"),
            )
            row.append(
                f"<td class='{LEVELS[len(done)]}' title='{escape(hover, quote=True)}'>"
                f"{escape(text)}</td>"
            )
        rows.append("<tr>" + "".join(row) + "</tr>")
    legend = "".join(
        f"<span class='tip-legend-item'><span class='tip-swatch {LEVELS[k]}'></span>"
        f"{locale.number(k)}</span>"
        for k in range(len(indicators) + 1)
    )
    return (
        "<div class='tip-table-wrap'><table class='tip-coverage'>"
        f"<thead><tr><th></th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        f"<p class='tip-legend'>{escape(locale.t('overview.coverage_legend'))}: {legend}</p>"
    )
