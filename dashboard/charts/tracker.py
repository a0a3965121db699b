"""The tracker's matrix: states by recommendations, each cell a status readable without colour
(a symbol and a word), with its evidence year and kind of source."""

from __future__ import annotations

from html import escape

import pandas as pd

from dashboard.i18n import Locale
from dashboard.metrics.tracker import Rule


def cell_text(row, locale: Locale, short: bool = False) -> str:
    """'✓ In place · 2023 · GSI 2023' (short) or with the sources' full names."""
    status = locale.t(f"tracker.status_{row.status}")
    if row.status == "unknown" or pd.isna(row.year):
        return status
    label = "tracker.short_" if short else "tracker.kind_"
    kinds = locale.t("flows.list_sep").join(
        locale.t(label + k) for k in str(row.kinds).split(",") if k
    )
    text = locale.t("tracker.cell", status=status, year=locale.year(int(row.year)), kinds=kinds)
    return text if row.complete else text + " *"


def matrix_html(
    frame: pd.DataFrame, rules: list[Rule], names: dict[str, str], locale: Locale
) -> str:
    title = f"title_{locale.lang}"
    rule_text = f"rule_{locale.lang}"
    head = "".join(
        f"<th scope='col' title='{escape(getattr(r, rule_text), quote=True)}'>"
        f"{escape(_number(r.recommendation, locale))} {escape(getattr(r, title))}</th>"
        for r in rules
    )
    body = []
    for iso3, group in frame.groupby("iso3", sort=False):
        cells = {row.recommendation: row for row in group.itertuples()}
        row_html = [f"<th scope='row'>{escape(names[iso3])}</th>"]
        for r in rules:
            row = cells[r.recommendation]
            row_html.append(
                f"<td class='trk trk-{row.status}'>{escape(cell_text(row, locale, True))}</td>"
            )
        body.append("<tr>" + "".join(row_html) + "</tr>")
    return (
        "<div class='tip-table-wrap'><table class='tip-table tip-tracker'>"
        f"<thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _number(recommendation: str, locale: Locale) -> str:
    return locale.digits_of(recommendation) + "." if recommendation.isdigit() else ""
