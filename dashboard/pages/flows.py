"""Flows: who is trafficked from where to where, and through where.

A map of counted flows (victims detected abroad, by citizenship) and documented routes (with
their transit countries), a Sankey of the counted corridors, and each corridor beside the
migrant stock of the same origin in the same destination. Every filter is in the URL; the
page lays out a `FlowsView` (dashboard/views/flows.py), which its slide draws too.
"""

from __future__ import annotations

import streamlit as st

from dashboard.catalogue import catalogue
from dashboard.charts.flows import DESKTOP_WIDTH, MAP_HEIGHT, PHONE_WIDTH
from dashboard.metrics import flows as fl
from dashboard.ui import components as ui
from dashboard.ui import shell, state
from dashboard.ui.files import static_url
from dashboard.views import drawn
from dashboard.views.flows import (
    EVERY,
    GROUPS,
    LANDS,
    MINIMUM,
    MOST,
    FlowsState,
    FlowsView,
    build,
)

MAP_KEY = "flowmap"
_CLICKED = "_flows_clicked"
# The corridors' diagram is drawn when asked for: it is the page's only plotly chart, and
# plotly's script (1.4 MB) would be most of a first visit on a phone in a full room. The map
# and the corridors' table below it hold every figure the diagram shows; its images can be
# taken home without drawing it. The choice is in the address like every other.
DIAGRAM = state.Choice("diagram", "off", ("off", "on"))
_DIAGRAM_TOGGLE = "flows_diagram_toggle"
# Playing the years: a year every PLAY_SECONDS, then it stops at the last. In the address
# like every choice: a view added to a deck while it plays is a slide that steps through its
# years, a year per press of the clicker (slides.adapt.steps).
PLAY = state.Choice("play", "off", ("off", "on"))
PLAY_SECONDS = 2.0
_PLAY = "flows_play"
_PLAY_DRAWN = "_flows_play_drawn"


def take_click(p) -> None:
    """A place clicked on the map becomes the focus, and a region's gathered origins are
    drawn apart (once per click, before the widgets)."""
    event = st.session_state.get(MAP_KEY) or {}
    picked = event.get("selection", {}).get("objects", {})
    objects = picked.get("countries", []) + picked.get("places", [])
    clicked = objects[0].get("iso3") if objects else None
    fresh = clicked and clicked != st.session_state.get(_CLICKED)
    if fresh and clicked in p["focus"].allowed:
        st.session_state[state.widget_key(p["focus"])] = clicked
    elif fresh and str(clicked).startswith(fl.GROUP):  # a region's gathered origins: apart
        st.session_state[state.widget_key(p["group"])] = "countries"
    st.session_state[_CLICKED] = clicked


def controls(ctx, p, cat, years):
    t, loc = ctx.locale.t, ctx.locale

    def place(code):
        return t(f"flows.dest_{code}") if code in GROUPS else cat.name(code)

    c1, c2, c3 = st.columns([3, 3, 2])
    with c1:
        options = list(GROUPS) + sorted(p["dest"].allowed - set(GROUPS), key=place)
        state.widget(
            st.multiselect,
            p["dest"],
            t("flows.destinations"),
            options,
            place,
            max_selections=30,
            placeholder=t("app.choose"),
        )
    with c2:
        state.widget(
            st.multiselect,
            p["orig"],
            t("flows.origins"),
            sorted(p["orig"].allowed, key=place),
            place,
            max_selections=30,
            placeholder=t("flows.any_origin"),
        )
    with c3:
        state.widget(st.selectbox, p["first"], t("flows.from_year"), years, loc.year)
        state.widget(st.selectbox, p["last"], t("flows.to_year"), years, loc.year)
    c4, c5, c6, c7 = st.columns(4)
    with c4:
        state.widget(
            st.selectbox,
            p["form"],
            t("flows.form"),
            p["form"].allowed,
            lambda k: t("flows.any_form") if k == fl.ANY else t(f"split.{k}"),
        )
        state.widget(
            st.selectbox,
            p["sex"],
            t("flows.sex"),
            p["sex"].allowed,
            lambda k: t("flows.any_sex") if k == fl.ANY else t(f"split.{k}"),
        )
        state.widget(
            st.selectbox,
            p["group"],
            t("flows.grouping"),
            p["group"].allowed,
            lambda k: t(f"flows.grouping_{k}"),
            help=t("flows.grouping_help"),
        )
    with c5:
        state.widget(
            st.selectbox,
            p["age"],
            t("flows.age"),
            p["age"].allowed,
            lambda k: t("flows.any_age") if k == fl.ANY else t(f"split.{k}"),
        )
        st.number_input(
            t("flows.minimum"),
            min_value=0,
            max_value=MINIMUM,
            step=1,
            key=state.widget_key(p["minimum"]),
            help=t("flows.minimum_help"),
        )
    with c6:
        state.widget(
            st.multiselect,
            p["show"],
            t("flows.show"),
            fl.KINDS,
            lambda k: t(f"flows.kind_{k}"),
            placeholder=t("app.choose"),
        )
        state.widget(
            st.radio,
            p["scale"],
            t("flows.scale"),
            ("fitted", "fixed"),
            lambda k: t(f"flows.scale_{k}"),
        )
    with c7:
        state.widget(
            st.selectbox,
            p["focus"],
            t("flows.focus"),
            ("none", *sorted(p["focus"].allowed[1:], key=place)),
            lambda k: t("flows.focus_none") if k == "none" else place(k),
            help=t("flows.focus_help"),
        )
        st.number_input(
            t("flows.top"),
            min_value=0,
            max_value=MOST,
            step=5,
            key=state.widget_key(p["top"]),
            help=t("flows.top_help"),
        )


def year_section(ctx, p, view: FlowsView) -> None:
    """The year shown: every year of the view summed, or one of them on a slider, and a
    switch that plays them one after another."""
    t, loc = ctx.locale.t, ctx.locale
    key = state.widget_key(p["year"])
    options = [EVERY, *(str(y) for y in view.frames)]
    if st.session_state.get(key) not in options:
        st.session_state[key] = EVERY  # a year outside the years chosen: they are summed
    if len(view.frames) < 2 or not view.show_counted:
        st.session_state[state.widget_key(PLAY)] = "off"  # one year: nothing to play
        return
    c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
    with c1:
        # Time runs the reading way, as on the charts: in Arabic the earliest year is on the
        # right, and the left arrow key steps forward (Streamlit's slider is drawn left to
        # right whatever the page's direction).
        state.widget(
            st.select_slider,
            p["year"],
            t("flows.year"),
            options[::-1] if loc.rtl else options,
            lambda y: t("flows.year_every") if y == EVERY else loc.year(int(y)),
            help=t("flows.year_help"),
        )
    with c2:
        if _PLAY not in st.session_state:
            st.session_state[_PLAY] = state.value(PLAY) == "on"
        playing = st.toggle(t("flows.play"), key=_PLAY, help=t("flows.play_help"))
    st.session_state[state.widget_key(PLAY)] = "on" if playing else "off"
    if playing:
        st.session_state[_PLAY_DRAWN] = True
        _player(key, options[1:])


@st.fragment(run_every=PLAY_SECONDS)
def _player(key: str, years: list[str]) -> None:
    """While the years play: every PLAY_SECONDS, the next year (then stop at the last)."""
    if st.session_state.pop(_PLAY_DRAWN, False):
        return  # drawn with the page: the next year is for the next tick
    shown = st.session_state.get(key)
    if not st.session_state.get(_PLAY) or shown == years[-1]:
        st.session_state[_PLAY] = False
        st.session_state[state.widget_key(PLAY)] = "off"
    else:
        st.session_state[key] = years[years.index(shown) + 1] if shown in years else years[0]
    st.rerun()


def map_section(ctx, view: FlowsView, p) -> None:
    t = ctx.locale.t
    st.pydeck_chart(
        view.deck(static_url(LANDS[ctx.theme]), PHONE_WIDTH if ui.on_phone() else DESKTOP_WIDTH),
        height=MAP_HEIGHT,
        key=MAP_KEY,
        on_select="rerun",
        selection_mode="single-object",
    )
    # The years under the map, as on a timeline: on a phone the map is on the first screen.
    year_section(ctx, p, view)
    st.html(view.key())  # it leads with the counts the map cannot draw
    if view.others.count:
        st.button(
            t("flows.draw_every"),
            key="flows_draw_every",
            on_click=_draw_every,
            args=(state.widget_key(p["top"]),),
        )
    if view.domestic_text:
        st.caption(ui.md(view.domestic_text))
    ui.source_html(view.source_text)
    st.caption(t("sidebar.disclaimer"))
    if view.nothing:
        return  # a map of nothing is not worth taking home
    ui.chart_downloads(
        ctx,
        None,
        view.heading,
        view.source_text,
        view.table,
        f"{view.file_name.rsplit('.', 1)[0]}-map.csv",
        "flowmap_files",
        picture=lambda: map_picture(view),
        csv=view.counted,  # documented routes alone: their table is on the page
        picture_key=view.picture_key(),
    )


def _draw_every(key: str) -> None:
    st.session_state[key] = 0


def map_picture(view: FlowsView) -> bytes:
    """The map as the slides draw it (a PNG made on the server, no browser), for its images."""
    from dashboard.charts.flowimage import flow_map_png

    return flow_map_png(view.lines, view.legs, view.places, view.width_scale)


def sankey_section(ctx, view: FlowsView) -> None:
    t = ctx.locale.t
    st.subheader(t("flows.sankey_heading"))
    if view.sankey is None:
        st.info(t("flows.no_counted"))
    else:
        if diagram_toggle(ctx):
            ui.plotly_chart(ctx, drawn.from_json(view, "sankey"), key="sankey")
            st.caption(ui.md(view.sankey_caption))
        else:
            st.caption(t("flows.sankey_not_drawn"))
        ui.source_html(view.sankey_source_text)
        stem = f"{view.file_name.rsplit('.', 1)[0]}-sankey"
        ui.chart_images(ctx, view.sankey, view.heading, view.sankey_source_text, stem, "sankey")
    if view.show_routes:
        st.markdown(f"**{t('flows.routes_heading')}**")
        if not view.routes_html:
            st.caption(t("flows.no_routes"))
        else:
            st.html(view.routes_html)
            st.caption(t("flows.routes_confidence_note"))
            ui.source_html(view.routes_source_text)
            ui.download_csv(
                t("flows.routes_download"), view.routes_table, view.routes_file_name, "routes_csv"
            )


def diagram_toggle(ctx) -> bool:
    """The switch that draws the diagram; whether it is on (held in the address)."""
    key = state.widget_key(DIAGRAM)
    if _DIAGRAM_TOGGLE not in st.session_state:
        st.session_state[_DIAGRAM_TOGGLE] = state.value(DIAGRAM) == "on"
    on = st.toggle(
        ctx.locale.t("flows.sankey_toggle"),
        key=_DIAGRAM_TOGGLE,
        help=ctx.locale.t("flows.sankey_toggle_help"),
    )
    st.session_state[key] = "on" if on else "off"
    return on


def context_section(ctx, view: FlowsView) -> None:
    t = ctx.locale.t
    st.subheader(t("flows.context_heading"))
    st.caption(t("flows.context_caption"))
    if not view.counted:
        st.info(t("flows.no_counted"))
        return
    ui.table(view.context_header, view.context_rows, numeric=(1,))
    ui.source_html(view.context_source_text)
    ui.download_csv(t("flows.download"), view.table, view.file_name, "download_corridors")


def main() -> None:
    """Draw the page (Streamlit runs this file as `__main__`)."""
    ctx = shell.context()
    with shell.guard(ctx) as ready:
        if ready:
            data, t = ctx.dataset, ctx.locale.t
            cat = catalogue(data, ctx.locale)
            st.title(t("flows.title"))
            p = FlowsState.declare(data)
            shell.bind(ctx, *p.values(), DIAGRAM, PLAY)
            state.settle(p.values())
            take_click(p)
            lo, hi = p["first"].low, p["first"].high
            # Built from the choices as they stand (the widgets hold them): the headline
            # figures come first, before the controls and the map.
            view = build(data, ctx.locale, state.current(FlowsState, p))
            ui.headline(view.headline, view.source_text)
            with ui.controls_box(ctx.locale):
                controls(ctx, p, cat, list(range(lo, hi + 1)))
            st.markdown(t("flows.intro"))
            state.publish(p.values())
            st.caption(ui.md(view.showing))
            if view.nothing:
                st.info(ui.md(view.nothing))
            map_section(ctx, view, p)
            sankey_section(ctx, view)
            state.publish([DIAGRAM, PLAY])
            context_section(ctx, view)


if __name__ == "__main__":
    main()
