"""Overview: the member states' latest figures, what years they cover, the forum, caveats."""

import streamlit as st

from dashboard.catalogue import catalogue
from dashboard.ui import components as ui
from dashboard.ui import shell, state
from dashboard.views import drawn
from dashboard.views.overview import OverviewState, OverviewView, build


def latest_table(ctx, view: OverviewView) -> None:
    t = ctx.locale.t
    st.subheader(t("overview.latest_heading"))
    st.caption(t("overview.latest_caption"))
    ui.table(view.header, view.rows, numeric=view.numeric)
    if view.note_rows:
        st.markdown(f"**{ui.md(t('overview.notes_heading'))}**")
        ui.table(["#", ""], view.note_rows)
    ui.source_html(view.source_text)


def coverage_section(ctx, view: OverviewView, cat) -> None:
    t = ctx.locale.t
    st.subheader(t("overview.coverage_heading"))
    st.caption(t("overview.coverage_caption"))
    st.html(drawn.years_grid(view, dict(cat.names), ctx.locale, ui.on_phone()))
    ui.source_html(view.coverage_source_text)


def editions_section(ctx, view: OverviewView) -> None:
    st.subheader(ctx.locale.t("overview.editions_heading"))
    ui.table(view.editions_header, view.editions_rows)
    ui.source_html(view.editions_source_text)


def caveats_and_sources(ctx, view: OverviewView) -> None:
    t = ctx.locale.t
    st.subheader(t("overview.caveats_heading"))
    for caveat in view.caveats:
        st.markdown(f"- {ui.md(caveat)}")
    st.subheader(t("overview.sources_heading"))
    ui.table(view.sources_header, view.sources_rows)


def main() -> None:
    """Draw the page (Streamlit runs this file as `__main__`)."""
    ctx = shell.context()
    with shell.guard(ctx) as ready:
        if ready:
            data, t = ctx.dataset, ctx.locale.t
            cat = catalogue(data, ctx.locale)
            st.title(t("overview.title"))
            st.markdown(t("overview.intro"))
            p = OverviewState.declare(data)
            shell.bind(ctx, *p.values())
            state.settle(p.values())
            state.widget(
                st.segmented_control,
                p["group"],
                t("group.label"),
                p["group"].allowed,
                lambda g: t(f"group.{g}"),
            )
            state.publish(p.values())
            view = build(data, ctx.locale, state.current(OverviewState, p))
            latest_table(ctx, view)
            coverage_section(ctx, view, cat)
            editions_section(ctx, view)
            caveats_and_sources(ctx, view)


if __name__ == "__main__":
    main()
