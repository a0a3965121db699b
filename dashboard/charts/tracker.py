"""The tracker's matrix: states by recommendations, each cell a status readable without colour
(a symbol and a word), with its evidence year and kind of source (the cells' words are the
view's: `dashboard.views.tracker.cell_text`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from dashboard.i18n import Locale
from dashboard.metrics.tracker import Rule


def matrix_html(
    cells: Sequence[tuple[str, Sequence[tuple[str, str]]]],
    rules: Sequence[Rule],
    labels: Mapping[str, str],
    locale: Locale,
) -> str:
    """The matrix as an escaped HTML table: a column per recommendation (its label, its rule
    on hover), one row per state (its name, then each recommendation's status and the cell's
    text), as `dashboard.views.tracker` words them."""
    rule_text = f"rule_{locale.lang}"
    head = "".join(
        f"<th scope='col' title='{escape(getattr(r, rule_text), quote=True)}'>"
        f"{escape(labels[r.recommendation])}</th>"
        for r in rules
    )
    body = []
    for name, row in cells:
        row_html = [f"<th scope='row'>{escape(name)}</th>"]
        for status, text in row:
            row_html.append(f"<td class='trk trk-{status}'>{escape(text)}</td>")
        body.append("<tr>" + "".join(row_html) + "</tr>")
    return (
        "<div class='tip-table-wrap'><table class='tip-table tip-tracker'>"
        f"<thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )
