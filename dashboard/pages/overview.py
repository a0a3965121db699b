"""Overview: the member states' latest figures, what years they cover, the forum, caveats."""

import streamlit as st

from dashboard.charts.coverage import coverage_html
from dashboard.i18n.figures import figure_text, with_year
from dashboard.metrics.overview import CORE, GROUPS, coverage, latest, members
from dashboard.ui import components as ui
from dashboard.ui import shell, state

GROUP = state.Choice("group", "forum", GROUPS)
SOURCE = "unodc_glotip"


def latest_rows(locale, data, iso3s, names):
    """The latest figures of the core indicators, one row per country, each with its year;
    flagged figures numbered to their notes. Returns header, rows, notes and years."""
    t = locale.t
    rows, notes = latest(data.observations, iso3s), []
    catalogue = data.indicators.set_index("indicator")
    body = []
    for iso3 in iso3s:
        cells = [names[iso3]]
        for indicator in CORE:
            hit = rows[(rows.iso3 == iso3) & (rows.indicator == indicator)]
            if hit.empty:
                cells.append(figure_text(None, None, None, None, locale))
                continue
            r = hit.iloc[0]
            text = with_year(
                figure_text(r.value, r.lower, r.upper, r.status, locale), r.year, locale
            )
            note = getattr(r, f"note_{locale.lang}" if locale.rtl else "note") or r.note
            if r.status == "flagged" and note:
                if note not in notes:
                    notes.append(note)
                text += " · " + t("overview.flag_mark", n=locale.number(notes.index(note) + 1))
            cells.append(text)
        body.append(cells)
    header = [t("overview.country")] + [catalogue.loc[i, f"name_{locale.lang}"] for i in CORE]
    return header, body, notes, sorted(set(rows.year))


def latest_table(ctx, data, iso3s, names) -> None:
    t, locale = ctx.locale.t, ctx.locale
    st.subheader(t("overview.latest_heading"))
    st.caption(t("overview.latest_caption"))
    header, body, notes, years = latest_rows(locale, data, iso3s, names)
    ui.table(header, body, numeric=(1, 2, 3))
    if notes:
        st.markdown(f"**{t('overview.notes_heading')}**")
        ui.table(["#", ""], [(locale.number(i + 1), n) for i, n in enumerate(notes)])
    ui.source_line(data, locale, [SOURCE], years or None)


def coverage_section(ctx, data, iso3s, names) -> None:
    t, locale = ctx.locale.t, ctx.locale
    st.subheader(t("overview.coverage_heading"))
    st.caption(t("overview.coverage_caption"))
    grid, years = coverage(data.observations, iso3s)
    letters = {i: t(f"overview.letter_{i}") for i in CORE}
    st.html(coverage_html(grid, years, names, letters, locale))
    ui.source_line(data, locale, [SOURCE], years)


def editions_section(ctx, data) -> None:
    t, locale = ctx.locale.t, ctx.locale
    st.subheader(t("overview.editions_heading"))
    countries = data.countries.set_index("iso3")
    header = [t(f"overview.{k}") for k in ("edition", "year", "host", "place", "dates", "format")]
    rows = [
        (
            locale.number(e.edition),
            locale.year(e.year),
            countries.loc[e.host, f"name_{locale.lang}"],
            getattr(e, f"city_{locale.lang}"),
            locale.digits_of(getattr(e, f"dates_{locale.lang}")),
            t(f"overview.format_{e.format}"),
        )
        for e in data.editions.itertuples()
    ]
    ui.table(header, rows)
    ui.source_line(data, locale, set(data.editions.source))


def caveats_and_sources(ctx, data) -> None:
    t, locale = ctx.locale.t, ctx.locale
    st.subheader(t("overview.caveats_heading"))
    for key in ("detected", "suppressed", "gaps", "flagged", "population"):
        st.markdown(f"- {t(f'overview.caveat_{key}')}")
    st.subheader(t("overview.sources_heading"))
    lang = locale.lang
    title = "title" if lang == "en" else "title_ar"
    header = [t(f"overview.source_{k}") for k in ("title", "citation", "terms", "link")]
    rows = [
        (s[title], s[f"citation_{lang}"], s["licence" if lang == "en" else "licence_ar"], s.url)
        for _, s in data.sources.iterrows()
    ]
    ui.table(header, rows)


def main() -> None:
    """Draw the page (Streamlit runs this file as `__main__`)."""
    ctx = shell.context()
    with shell.guard(ctx) as ready:
        if ready:
            data = ctx.dataset
            st.title(ctx.locale.t("overview.title"))
            st.markdown(ctx.locale.t("overview.intro"))
            shell.bind(ctx, GROUP)
            st.segmented_control(
                ctx.locale.t("group.label"),
                GROUP.allowed,
                key=state.widget_key(GROUP),
                format_func=lambda g: ctx.locale.t(f"group.{g}"),
            )
            state.publish([GROUP])
            names = dict(
                zip(data.countries.iso3, data.countries[f"name_{ctx.locale.lang}"], strict=True)
            )
            iso3s = sorted(members(data.countries, state.value(GROUP)), key=names.get)
            latest_table(ctx, data, iso3s, names)
            coverage_section(ctx, data, iso3s, names)
            editions_section(ctx, data)
            caveats_and_sources(ctx, data)


if __name__ == "__main__":
    main()
