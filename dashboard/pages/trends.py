"""Conviction trends: measures over time, the regional line, change, the funnel, breakdowns."""

import streamlit as st

from dashboard.catalogue import catalogue
from dashboard.ui import components as ui
from dashboard.ui import shell, state
from dashboard.views.trends import MAX_COUNTRIES, TrendsState, TrendsView, build


def _years(p) -> list[int]:
    return list(range(p["first"].low, p["first"].high + 1))


def controls(ctx, p, cat, chosen: TrendsState) -> None:
    t, loc = ctx.locale.t, ctx.locale
    years = _years(p)
    c1, c2, c3 = st.columns([3, 2, 2])
    with c1:
        state.widget(
            st.multiselect,
            p["countries"],
            t("trends.countries"),
            sorted(p["countries"].allowed, key=cat.name),
            cat.name,
            max_selections=MAX_COUNTRIES,
            placeholder=t("app.choose"),
        )
    with c2:
        state.widget(
            st.selectbox, p["series"], t("trends.series"), p["series"].allowed, cat.indicators.get
        )
    with c3:
        state.widget(
            st.selectbox,
            p["measure"],
            t("trends.measure"),
            p["measure"].allowed,
            lambda k: t(f"trends.measure_{k}"),
        )
    c4, c5, c6, c7 = st.columns(4)
    with c4:
        state.widget(st.selectbox, p["first"], t("trends.from_year"), years, loc.year)
        state.widget(st.selectbox, p["last"], t("trends.to_year"), years, loc.year)
    with c5:
        state.widget(
            st.radio,
            p["layout"],
            t("trends.layout"),
            p["layout"].allowed,
            lambda k: t(f"trends.layout_{k}"),
        )
        if chosen.asks_scales:
            state.widget(
                st.radio,
                p["scales"],
                t("trends.scales"),
                p["scales"].allowed,
                lambda k: t(f"trends.scales_{k}"),
            )
    with c6:
        state.widget(
            st.radio,
            p["region"],
            t("trends.region"),
            p["region"].allowed,
            lambda k: t(f"trends.region_{k}"),
        )
    with c7:
        state.widget(
            st.radio,
            p["events"],
            t("trends.events"),
            p["events"].allowed,
            lambda k: t(f"trends.events_{k}"),
        )
        if chosen.asks_base:
            state.widget(st.selectbox, p["base"], t("trends.base_year"), years, loc.year)


def _stem(file_name: str) -> str:
    """A chart's images are named as its CSV is."""
    return file_name.rsplit(".", 1)[0]


def trend_section(ctx, view: TrendsView) -> None:
    t, loc = ctx.locale.t, ctx.locale
    trend = view.trend
    st.caption(trend.explain)
    if trend.span_text:
        st.caption(ui.md(trend.span_text))
    if trend.undrawn_text:
        st.caption(ui.md(trend.undrawn_text))
    if trend.left_out_text:
        st.info(ui.md(trend.left_out_text))
    if trend.empty_text:
        st.info(ui.md(trend.empty_text))
        return
    if trend.region_text:
        st.info(ui.md(trend.region_text))
    fig = trend.figure()
    ui.plotly_chart(ctx, fig, key="trend")
    ui.source_html(trend.source_text)
    ui.chart_images(ctx, fig, trend.heading, trend.source_text, _stem(trend.file_name), "trend")
    if trend.flagged_text:
        st.caption(ui.md(trend.flagged_text))
    if trend.events_rows:
        ui.table([t("trends.col_year"), t("trends.events_heading")], trend.events_rows)
    if trend.notes_rows:
        st.markdown(f"**{t('trends.notes_heading')}**")
        ui.table([t("trends.col_country"), t("trends.col_note")], trend.notes_rows)
    ui.data_table(loc, trend.table, "trend")
    ui.download_csv(t("trends.download"), trend.table, trend.file_name, "download_trend")


def change_section(ctx, view: TrendsView) -> None:
    t = ctx.locale.t
    if view.changes is None:
        return
    st.subheader(t("trends.change_heading"))
    st.caption(t("trends.change_caption"))
    ui.table(view.changes.header, view.changes.rows)


def funnel_section(ctx, view: TrendsView, p) -> None:
    t, loc = ctx.locale.t, ctx.locale
    funnel = view.funnel
    st.subheader(t("trends.funnel_heading"))
    st.caption(t("trends.funnel_caption"))
    state.widget(st.selectbox, p["funnel_year"], t("trends.funnel_year"), _years(p), loc.year)
    fig = funnel.figure()
    ui.plotly_chart(ctx, fig, key="funnel")
    if funnel.unreported_text:
        st.caption(ui.md(funnel.unreported_text))
    ui.source_html(funnel.source_text)
    heading = f"{t('trends.funnel_heading')} ({loc.year(funnel.year)})"
    ui.chart_images(ctx, fig, heading, funnel.source_text, _stem(funnel.file_name), "funnel")
    ui.data_table(loc, funnel.table, "funnel")
    ui.download_csv(t("trends.download_funnel"), funnel.table, funnel.file_name, "download_funnel")


def breakdown_section(ctx, view: TrendsView, p, focus, cat) -> None:
    t, loc = ctx.locale.t, ctx.locale
    part = view.breakdown
    st.subheader(t("trends.breakdown_heading"))
    st.caption(t("trends.breakdown_caption"))
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        state.widget(
            st.selectbox,
            focus["focus"],
            t("trends.breakdown_country"),
            focus["focus"].allowed,
            cat.name,
        )
    with c2:
        state.widget(
            st.selectbox,
            p["b_indicator"],
            t("trends.breakdown_indicator"),
            p["b_indicator"].allowed,
            cat.indicators.get,
        )
    with c3:
        state.widget(
            st.radio,
            p["by"],
            t("trends.breakdown_by"),
            p["by"].allowed,
            lambda k: t(f"trends.by_{k}"),
        )
    with c4:
        state.widget(
            st.radio,
            p["stack"],
            t("trends.stack"),
            p["stack"].allowed,
            lambda k: t(f"trends.stack_{k}"),
        )
    if part.empty_text:
        st.info(ui.md(part.empty_text))
        return
    fig = part.figure()
    ui.plotly_chart(ctx, fig, key="breakdown")
    if part.caution:
        st.warning(part.caution)
    if part.withheld_text:
        st.caption(ui.md(part.withheld_text))
    ui.source_html(part.source_text)
    heading = (
        f"{t('trends.breakdown_heading')}: {cat.name(part.iso3)} · {cat.indicators[part.indicator]}"
        f" ({t('trends.by_' + view.state.by)})"
    )
    ui.chart_images(ctx, fig, heading, part.source_text, _stem(part.file_name), "breakdown")
    ui.data_table(loc, part.table, "breakdown")
    ui.download_csv(
        t("trends.download_breakdown"), part.table, part.file_name, "download_breakdown"
    )


def main() -> None:
    """Draw the page (Streamlit runs this file as `__main__`)."""
    ctx = shell.context()
    with shell.guard(ctx) as ready:
        if ready:
            data, t = ctx.dataset, ctx.locale.t
            cat = catalogue(data, ctx.locale)
            st.title(t("trends.title"))
            p = TrendsState.declare(data)
            shell.bind(ctx, *p.values())
            state.settle(p.values())
            focus = state.current(TrendsState, p).declare_focus()
            shell.bind(ctx, *focus.values())
            state.settle(focus.values())
            params = {**p, **focus}
            # Built from the choices as they stand (the widgets hold them): the headline
            # figures come first, before the controls and the charts.
            view = build(data, ctx.locale, state.current(TrendsState, params))
            if not view.trend.empty_text:
                ui.headline(view.trend.headline, view.trend.source_text)
            with ui.controls_box(ctx.locale):
                controls(ctx, p, cat, state.current(TrendsState, p))
            st.markdown(t("trends.intro"))
            state.publish(p.values())
            state.publish(focus.values())
            trend_section(ctx, view)
            change_section(ctx, view)

            def now() -> TrendsView:
                """The view as the section's controls now say (its other parts are shared)."""
                state.publish(params.values())
                return build(data, ctx.locale, state.current(TrendsState, params))

            # The funnel and the breakdowns have their own controls: a change reruns only them
            shell.section(ctx, lambda: funnel_section(ctx, now(), p))
            shell.section(ctx, lambda: breakdown_section(ctx, now(), p, focus, cat))


if __name__ == "__main__":
    main()
