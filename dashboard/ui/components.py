"""Pieces every page uses: the source line under a chart, tables, the data-table toggle.

Dataset text is always escaped here: names, notes and sources are shown as text, never as
markup (a hostile string in a dataset must not inject anything).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from html import escape

import pandas as pd
import streamlit as st

from dashboard.catalogue import catalogue
from dashboard.charts.style import for_page
from dashboard.dataset import Dataset
from dashboard.i18n import LRI, PDI, Locale
from dashboard.metrics.memo import shared


def citation(dataset: Dataset, locale: Locale, source_ids: Iterable[str]) -> str:
    """The short citations of the given sources, in the reader's language, joined."""
    return catalogue(dataset, locale).citation(source_ids)


MARKDOWN = set("\\`*_{}[]()#+-.!|<>~$&:@=")
# GitHub-style autolinks are found in the text after escapes are read, so "http://", "www."
# and "a@b.c" would still become links: an invisible word joiner breaks each pattern.
AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)
JOINER = "\u2060"
# A line break would let the text start a Markdown block of its own (a heading under a line of
# "===" or "---", a list, a quote, code); each becomes a space, so the text stays one line.
LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def md(text: object) -> str:
    """Text from the dataset (or a visitor) shown as itself where Streamlit reads Markdown
    (`st.markdown`, captions, headings, alerts): every character Markdown or Streamlit's
    directives could read (`![..](..)`, `[..](..)`, `:red[..]`, `$..$`) is escaped, and no
    address becomes a link. Line breaks become spaces, so the text cannot start a block of its
    own (a heading, a rule, a list): it stays within the line it is written in."""
    unlinked = AUTOLINK.sub(JOINER, LINE_BREAK.sub(" ", str(text)))
    return "".join("\\" + c if c in MARKDOWN else c for c in unlinked)


def source_line(
    dataset: Dataset,
    locale: Locale,
    source_ids: Iterable[str],
    years: Sequence[int] | None = None,
) -> None:
    """The line under every chart and table: its sources and the years it covers."""
    text = source_text(dataset, locale, source_ids, years)
    st.html(f'<p class="tip-source">{escape(text)}</p>')


def source_html(text: str) -> None:
    """A source line worked out by a view (`Catalogue.source_text`), under its chart."""
    st.html(f'<p class="tip-source">{escape(text)}</p>')


HEADLINE_KEY = "tip-headline"  # its box is `.st-key-tip-headline` in the page


def headline(text: str, source: str) -> None:
    """A page's headline figures, under its title and before its charts, with their source:
    what a reader sees first, while the charts are still on their way. Markdown and a caption,
    as the title is, not `st.html`: the browser loads the code for an HTML element only when
    one arrives, and on a page with plotly charts that code then waited behind plotly's
    (measured: the headline seen up to a second after the title; now with it)."""
    if text:
        with st.container(key=HEADLINE_KEY):
            st.markdown(md(text))
            st.caption(md(source))


def source_text(
    dataset: Dataset,
    locale: Locale,
    source_ids: Iterable[str],
    years: Sequence[int] | None = None,
) -> str:
    """The sources, then the year covered or the span (see `Catalogue.source_text`)."""
    return catalogue(dataset, locale).source_text(source_ids, years)


def html_table(
    header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()
) -> str:
    """An escaped HTML table: it follows the page's direction (st.dataframe does not)."""
    head = "".join(f"<th scope='col'>{escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            tag = "th scope='row'" if i == 0 else "td"
            css = " class='num'" if i in numeric else ""
            cells.append(f"<{tag}{css}>{escape(str(cell))}</{tag.split()[0]}>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        "<div class='tip-table-wrap'><table class='tip-table'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()):
    """An HTML table (`html_table`). A view's rows (a list the view keeps) are made into HTML
    once and shared by every session, as the view is."""
    if isinstance(rows, list | tuple):
        st.html(_table_of(rows, tuple(header), tuple(numeric)))
    else:
        st.html(html_table(header, rows, numeric))


@shared
def _table_of(rows: Sequence[Sequence[str]], header: tuple, numeric: tuple) -> str:
    return html_table(header, rows, numeric)


@shared
def _frame_table(frame: pd.DataFrame) -> str:
    rows = ([cell_text(v) for v in row] for row in frame.itertuples(index=False))
    return html_table(list(frame.columns), rows)


def is_phone(user_agent: str | None) -> bool:
    """Whether a browser says it is on a phone: mobile browsers put "Mobi" in their user agent
    ("Mobile" on Android and iOS phones, "Mobi" on others); tablets and desktops do not."""
    return "Mobi" in (user_agent or "")


def on_phone() -> bool:
    """Whether this page is being read on a phone (`is_phone` of the browser's user agent)."""
    return is_phone(st.context.headers.get("User-Agent"))


def page_theme() -> str:
    """The reader's page theme, "dark" or "light": what Streamlit's menu is set to, or the
    reader's system when it is set to follow it. Unknown (a run with no browser) is light."""
    return "dark" if st.context.theme.type == "dark" else "light"


def plotly_chart(ctx, fig, **kwargs) -> None:
    """A chart on the page, in the page's theme (charts.style.for_page)."""
    st.plotly_chart(for_page(fig, ctx.theme), **kwargs)


def controls_box(locale: Locale):
    """Where a page's choices are gathered, right under its title: open on a desktop or a
    projector, closed on a phone, so that there the page opens with its figures, not with a
    screenful of widgets (the choices stay in the address either way)."""
    return st.expander(locale.t("app.controls"), expanded=not on_phone(), icon=":material/tune:")


def cell_text(value: object) -> str:
    """A cell of a data table as a reader sees it: nothing where there is no value (never
    "nan" or "<NA>"), a whole number without decimals ("38", not "38.0")."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def data_table(locale: Locale, frame: pd.DataFrame, key: str) -> None:
    """The text alternative of a chart, one click away."""
    with st.expander(locale.t("chart.data_table"), expanded=False):
        st.html(_frame_table(frame))


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# The isolates that keep web addresses left to right in Arabic on screen: a spreadsheet sets
# out its own cells, and a copied address must not carry invisible marks.
SCREEN_ONLY = str.maketrans("", "", LRI + PDI)


def _written(value):
    """One cell as a download writes it: text a spreadsheet would run as a formula made inert
    with a leading apostrophe, and without the screen's isolates; a whole number whole ('52',
    never '52.0'); empty as empty."""
    if isinstance(value, str):
        value = value.translate(SCREEN_ONLY)
        return "'" + value if value.startswith(FORMULA_START) else value
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else int(value) if value.is_integer() else value
    return value


def _inert(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as a download writes it (see `_written`): its text and decimal columns cell
    by cell, kept as written (pandas would read whole numbers back as decimals)."""
    safe = frame.copy()
    safe.columns = [str(c).translate(SCREEN_ONLY) for c in safe.columns]
    for column in safe.columns:
        values = safe[column]
        if (
            values.dtype == object
            or pd.api.types.is_string_dtype(values)
            or pd.api.types.is_float_dtype(values)
        ):
            safe[column] = pd.Series([_written(v) for v in values], index=safe.index, dtype=object)
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel shows Arabic), text that a
    spreadsheet would run as a formula made inert with a leading apostrophe, whole numbers
    written whole."""
    return _inert(frame).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str, rtl: bool = False) -> bytes:
    """An Excel workbook of one sheet; text is stored as text (never a formula)."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    page = book.active
    page.title = sheet[:31]
    page.sheet_view.rightToLeft = rtl
    safe = _inert(frame)
    page.append([str(c) for c in safe.columns])
    for row in safe.itertuples(index=False):
        page.append([None if v is pd.NA or (isinstance(v, float) and v != v) else v for v in row])
        for cell in page[page.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download_xlsx(label: str, frame: pd.DataFrame, file_name: str, key: str, rtl: bool) -> None:
    st.download_button(
        label,
        # Made when asked for, not on every run of the page (the run stays short under load).
        lambda: xlsx_bytes(frame, file_name.rsplit(".", 1)[0], rtl),
        file_name=file_name,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key,
        on_click="ignore",
    )


def chart_downloads(
    ctx,
    fig,
    heading: str,
    source: str,
    table: pd.DataFrame,
    file_name: str,
    key: str,
    picture=None,
    csv: bool = True,
    picture_key: Sequence[str] = (),
) -> None:
    """A chart's own files: its images (PNG, SVG: `chart_images`) and its figures (CSV,
    `file_name`, unless `csv` is false; the images are named after it)."""
    stem = file_name.rsplit(".", 1)[0]
    chart_images(ctx, fig, heading, source, stem, key, picture, picture_key)
    if csv:
        download_csv(ctx.locale.t("trends.download"), table, file_name, f"{key}_csv")


def chart_images(
    ctx, fig, heading: str, source: str, stem: str, key: str, picture=None, picture_key=()
) -> None:
    """A chart's own images to take home, PNG and SVG, each made when asked for: the chart
    with its heading, its source line and the dataset's version drawn into the image. A map
    drawn on the page by the browser alone is given as `picture` (a function making its PNG,
    as slides show it) with `fig` None, and its key in words as `picture_key`. Not offered
    where the server cannot draw them (no Chromium)."""
    from dashboard.slides import figures  # kaleido is loaded only when an image is asked for

    if not figures.can_render():
        return
    loc = ctx.locale
    footer = figures.dataset_line(ctx.dataset, loc)
    columns = st.columns(2)
    for column, fmt, mime in zip(
        columns, ("png", "svg"), ("image/png", "image/svg+xml"), strict=True
    ):
        with column:
            st.download_button(
                loc.t(f"app.download_{fmt}"),
                lambda fmt=fmt: figures.chart_file(
                    fig() if callable(fig) else fig,
                    heading,
                    source,
                    footer,
                    loc,
                    fmt,
                    picture,
                    picture_key,
                ),
                file_name=f"{stem}.{fmt}",
                mime=mime,
                key=f"{key}_{fmt}",
                on_click="ignore",
            )


def download_csv(label: str, frame: pd.DataFrame, file_name: str, key: str) -> None:
    st.download_button(
        label,
        lambda: csv_bytes(frame),  # made when asked for, as above
        file_name=file_name,
        mime="text/csv",
        key=key,
        on_click="ignore",
    )
