"""Country profile: everything about one country on one page, printable, one link per country."""

import streamlit as st

from dashboard import config
from dashboard.catalogue import catalogue
from dashboard.slides.documents import profile_pdf
from dashboard.slides.figures import can_render
from dashboard.ui import components as ui
from dashboard.ui import shell, state
from dashboard.ui.files import rules as load_rules
from dashboard.views import drawn
from dashboard.views.profile import ProfileState, ProfileView, Split, Table, Trend, build


def table(view_table: Table, caption: bool = True) -> None:
    st.subheader(view_table.heading)
    if caption and view_table.caption:
        st.caption(ui.md(view_table.caption))
    ui.table(view_table.header, view_table.rows, numeric=view_table.numeric)
    if view_table.source_text:
        ui.source_html(view_table.source_text)


def ten_years(ctx, view: ProfileView) -> None:
    st.subheader(view.trends_heading)
    trend = view.trend
    if trend is None:
        st.info(ui.md(view.none))
        return
    fig = drawn.profile_trend(trend, ctx.locale)
    ui.plotly_chart(ctx, fig, key="profile_trend")
    ui.source_html(trend.source_text)
    downloads(ctx, fig, trend, "trend")


def downloads(ctx, fig, chart: Trend | Split, key: str) -> None:
    """A chart's own files: its images (PNG, SVG) with its heading and source line, and its
    figures (CSV)."""
    heading, source = chart.heading, chart.source_text
    ui.chart_downloads(ctx, fig, heading, source, chart.table, chart.file_name, f"profile_{key}")


def splits(ctx, view: ProfileView) -> None:
    for split in view.splits:
        if not isinstance(split, Split):
            _, heading = split
            st.subheader(heading)
            st.markdown(ui.md(view.none))
            continue
        st.subheader(split.heading)
        fig = drawn.profile_split(split, ctx.locale)
        ui.plotly_chart(ctx, fig, key=f"profile_{split.by}")
        if split.caution:
            st.warning(split.caution)  # our own words and years, as on the trends page
        if split.withheld_text:
            st.caption(ui.md(split.withheld_text))
        ui.source_html(split.source_text)
        downloads(ctx, fig, split, split.by)


def corridors(view: ProfileView) -> None:
    for side in view.corridors:
        if isinstance(side, Table):
            table(side)
        else:
            st.subheader(side)
            st.markdown(ui.md(view.none))


def recommendations(ctx, view: ProfileView, problem: str) -> None:
    t = ctx.locale.t
    if view.recommendations is None:
        st.subheader(t("profile.recs_heading"))
        st.error(t("tracker.rules_error", error=ui.md(problem)))
        return
    table(view.recommendations)


def assessments(view: ProfileView) -> None:
    for found, heading, caption in (
        (view.tiers, view.tiers_heading, view.tiers_caption),
        (view.gsi, view.gsi_heading, ""),
    ):
        if found is None:
            st.subheader(heading)
            if caption:
                st.caption(ui.md(caption))
            st.markdown(ui.md(view.none))
        else:
            table(found)


def coverage_section(ctx, view: ProfileView, cat) -> None:
    st.subheader(view.coverage_heading)
    if not view.coverage_years:
        st.markdown(ui.md(view.none))
        return
    st.html(drawn.years_grid(view, dict(cat.names), ctx.locale, ui.on_phone()))
    ui.source_html(view.coverage_source_text)


def pdf_download(ctx, view: ProfileView) -> None:
    """The profile as an A4 PDF made on the server (made only when asked for)."""
    data, loc = ctx.dataset, ctx.locale
    if not can_render():
        return  # the browser's Print still makes an A4 PDF
    st.download_button(
        loc.t("present.profile_pdf"),
        lambda: profile_pdf(data, loc, view.iso3),
        file_name=view.pdf_name,
        mime="application/pdf",
        key="profile_pdf",
        on_click="ignore",
    )


def main() -> None:
    """Draw the page (Streamlit runs this file as `__main__`)."""
    ctx = shell.context()
    with shell.guard(ctx) as ready:
        if ready:
            data, t, loc = ctx.dataset, ctx.locale.t, ctx.locale
            cat = catalogue(data, loc)
            p = ProfileState.declare(data)
            shell.bind(ctx, *p.values())
            state.settle(p.values())
            rules, problem = load_rules(config.rules_path(), data)
            view = build(data, loc, state.current(ProfileState, p), None if problem else rules)
            st.title(t("profile.title", country=ui.md(view.name)))
            st.markdown(t("profile.intro"))
            state.widget(
                st.selectbox,
                p["country"],
                t("profile.country"),
                sorted(p["country"].allowed, key=cat.name),
                cat.name,
            )
            state.publish(p.values())
            pdf_download(ctx, view)
            table(view.headline)
            ten_years(ctx, view)
            splits(ctx, view)
            corridors(view)
            recommendations(ctx, view, problem)
            assessments(view)
            coverage_section(ctx, view, cat)


if __name__ == "__main__":
    main()
