"""Compare countries: one indicator on a map, ranked and in a table; and several indicators
side by side for a few countries."""

import streamlit as st

from dashboard import config
from dashboard.catalogue import catalogue
from dashboard.charts.compare import legend_html, legend_items, map_config, map_for_file
from dashboard.metrics import compare as cmp
from dashboard.ui import components as ui
from dashboard.ui import shell, state
from dashboard.ui.files import shapes, static_url
from dashboard.views import drawn
from dashboard.views.compare import EXTENTS, CompareState, CompareView, build

SHAPE_FILES = {"world": "countries.geojson", "region": "countries-region.geojson"}


def shapes_url(extent: str) -> str:
    """The shapes as the app serves them. The regional view uses a smaller file: the browser
    redraws the map faster."""
    return static_url(SHAPE_FILES[extent])


def drawn_codes(extent: str) -> tuple[str, ...]:
    return drawn.shape_codes(shapes(str(config.assets_path() / SHAPE_FILES[extent])))


def small_codes(extent: str) -> dict[str, tuple[float, float]]:
    """The countries marked with a dot on this view of the map (`small_shapes`)."""
    return drawn.small_places(shapes(str(config.assets_path() / SHAPE_FILES[extent])), extent)


def map_figure(view: CompareView, names: dict, loc) -> object:
    extent = view.state.extent
    return drawn.compare_map(
        view, shapes_url(extent), drawn_codes(extent), names, loc, small_codes(extent)
    )


def map_file(view: CompareView, names: dict, loc):
    """The map as an image to take home (made when asked for): its shapes and its legend
    drawn with it."""
    extent = view.state.extent
    sequential = view.steps and not view.categories
    note = f"({loc.t('compare.darker_more')})" if sequential else ""
    return map_for_file(
        map_figure(view, names, loc),
        shapes(str(config.assets_path() / SHAPE_FILES[extent])),
        legend_items(loc, view.categories, view.steps),
        note,
    )


def group_label(t, g):
    return t(f"group.{g}") if g in ("forum", "gcc", "mena") else t(f"compare.group_{g}")


def controls(ctx, p, cat) -> None:
    t, loc = ctx.locale.t, ctx.locale
    c1, c2, c3 = st.columns([3, 2, 2])
    with c1:
        state.widget(
            st.selectbox,
            p["indicator"],
            t("compare.indicator"),
            p["indicator"].allowed,
            cat.indicators.get,
        )
    with c2:
        state.widget(
            st.selectbox,
            p["year"],
            t("compare.year"),
            p["year"].allowed,
            lambda y: t("compare.latest") if y == "latest" else loc.year(int(y)),
        )
    with c3:
        state.widget(
            st.selectbox,
            p["measure"],
            t("compare.measure"),
            cmp.MEASURES,
            lambda k: t(f"compare.measure_{k}"),
        )
    c4, c5, c6 = st.columns([2, 3, 1])
    with c4:
        state.widget(
            st.selectbox, p["group"], t("compare.group"), cmp.GROUPS, lambda g: group_label(t, g)
        )
    with c5:
        state.widget(
            st.multiselect,
            p["add"],
            t("compare.add"),
            sorted(p["add"].allowed, key=cat.name),
            cat.name,
            placeholder=ctx.locale.t("app.choose"),
        )
    with c6:
        state.widget(
            st.radio,
            p["extent"],
            t("compare.extent"),
            EXTENTS,
            lambda k: t(f"compare.extent_{k}"),
        )


def compare_section(ctx, view: CompareView, cat) -> None:
    t, loc = ctx.locale.t, ctx.locale
    for note in view.notes:
        st.caption(ui.md(note))
    names = dict(cat.names)
    st.subheader(t("compare.map_heading"))
    ui.plotly_chart(ctx, map_figure(view, names, loc), key="map", config=map_config(static_url("")))
    st.html(legend_html(loc, view.categories, view.steps))
    ui.source_html(view.source_text)
    st.caption(t("sidebar.disclaimer"))
    ui.chart_downloads(
        ctx,
        lambda: map_file(view, names, loc),
        view.heading,
        view.source_text,
        view.table,
        f"{view.file_stem}-map.csv",
        "map",
    )
    if view.bars:
        st.subheader(t("compare.bars_heading"))
        bars = drawn.compare_bars(view, names, loc)
        ui.plotly_chart(ctx, bars, key="bars")
        st.caption(t("compare.rank_rule"))
        ui.source_html(view.source_text)
        ui.chart_downloads(
            ctx,
            bars,
            view.heading,
            view.source_text,
            view.table,
            f"{view.file_stem}-ranked.csv",
            "bars",
        )
    if view.missing_text:
        st.markdown(ui.md(view.missing_text))
    st.subheader(t("compare.table_heading"))
    # An HTML table follows the page's direction (st.dataframe keeps left to right in Arabic).
    ui.table(view.table_header, view.table_rows, numeric=view.table_numeric)
    c1, c2 = st.columns(2)
    with c1:
        ui.download_csv(
            t("compare.download_csv"), view.table, f"{view.file_stem}.csv", "compare_csv"
        )
    with c2:
        ui.download_xlsx(
            t("compare.download_xlsx"),
            view.table,
            f"{view.file_stem}.xlsx",
            "compare_xlsx",
            loc.rtl,
        )


def side_controls(ctx, p, cat) -> None:
    t = ctx.locale.t
    st.subheader(t("compare.side_heading"))
    st.caption(t("compare.side_caption"))
    state.widget(
        st.multiselect,
        p["side"],
        t("compare.side_countries"),
        sorted(p["side"].allowed, key=cat.name),
        cat.name,
        max_selections=6,
        placeholder=t("app.choose"),
    )


def side_section(ctx, view: CompareView, p, cat) -> None:
    t, loc = ctx.locale.t, ctx.locale
    side = view.side
    if side is None:
        st.info(t("compare.side_too_few"))
        return
    cats = {i: dict(c) for i, c in cat.categories.items()}
    st.html(drawn.scorecard(side, dict(cat.names), cats, loc))
    for note in side.notes:
        st.caption(ui.md(note))
    st.caption(t("compare.score_rule"))
    if side.years_text:
        st.caption(ui.md(side.years_text))
    ui.source_html(side.source_text)
    state.widget(
        st.multiselect,
        p["side_ind"],
        t("compare.side_trends"),
        sorted(p["side_ind"].allowed, key=list(cat.indicators).index),
        cat.indicators.get,
        max_selections=3,
        placeholder=t("app.choose"),
    )
    for trend in side.trends:
        st.markdown(f"**{ui.md(trend.title)}**")
        fig = drawn.from_json(trend, "figure")
        ui.plotly_chart(ctx, fig, key=f"side_{trend.indicator}")
        ui.source_html(trend.source)
        key = f"side_{trend.indicator}"
        ui.chart_downloads(ctx, fig, trend.title, trend.source, trend.table, trend.file_name, key)


def main() -> None:
    """Draw the page (Streamlit runs this file as `__main__`)."""
    ctx = shell.context()
    with shell.guard(ctx) as ready:
        if ready:
            data, t = ctx.dataset, ctx.locale.t
            cat = catalogue(data, ctx.locale)
            st.title(t("compare.title"))
            p = CompareState.declare(data)
            shell.bind(ctx, *p.values())
            state.settle(p.values())
            # The view is built from the choices as they stand (the widgets hold them), so
            # that its headline figures come first, before the controls and the charts.
            view = build(data, ctx.locale, state.current(CompareState, p))
            ui.headline(view.headline, view.source_text)
            with ui.controls_box(ctx.locale):
                controls(ctx, p, cat)
            st.markdown(t("compare.intro"))
            state.publish(p.values())
            compare_section(ctx, view, cat)

            def side_by_side() -> None:
                """Its own controls: a change reruns this section alone (the map's part of
                the view is shared)."""
                side_controls(ctx, p, cat)
                state.publish(p.values())
                side_section(ctx, build(data, ctx.locale, state.current(CompareState, p)), p, cat)

            shell.section(ctx, side_by_side)


if __name__ == "__main__":
    main()
