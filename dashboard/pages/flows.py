"""Flows: who is trafficked from where to where, and through where.

A map of counted flows (victims detected abroad, by citizenship) and documented routes (with
their transit countries), a Sankey of the counted corridors, and each corridor beside the
migrant stock of the same origin in the same destination. Every filter is in the URL.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import config
from dashboard.charts.flows import (
    flow_deck,
    key_html,
    path_text,
    route_table_html,
    sankey_figure,
    victims_text,
    years_text,
)
from dashboard.dataset.schema import AGES, FORMS, SEXES
from dashboard.metrics import flows as fl
from dashboard.ui import components as ui
from dashboard.ui import shell, state
from dashboard.ui.data import dataset_key, shapes, static_url

LAND = "land.png"
OUTLINES = "countries-outline.geojson"
GROUPS = ("forum", "gcc", "all")  # destination choices that stand for several countries
# Regions the sources name as a destination instead of a country, counted with the forum's.
FORUM_REGIONS = ("XGS", "XME")
SPAN = 5  # the default view: the latest five years
MINIMUM = 100_000
MAP_KEY = "flowmap"
SHOWN = 25  # corridors in the table on the page; the download has every one
_CLICKED = "_flows_clicked"


@st.cache_data(show_spinner=False, max_entries=4)
def page_facts(_data, key):
    """What the page's choices are made of, worked out once per dataset."""
    flows = _data.flows
    shown = flows[flows.kind.isin([fl.COUNTED, fl.ROUTE])]
    counted_years = flows[flows.kind == fl.COUNTED].year
    countries = _data.countries
    places = countries[countries.lon.notna() & countries.lat.notna()].set_index("iso3")[
        ["lon", "lat", "entity"]
    ]
    return {
        "years": (int(shown.year.min()), int(shown.year.max())),
        "latest": int(counted_years.max()) if not counted_years.empty else int(shown.year.max()),
        "destinations": tuple(sorted(shown.destination.unique())),
        "origins": tuple(sorted(shown.origin.unique())),
        "focus": tuple(
            sorted(set(shown.origin) | set(shown.destination) | set(shown.transit) - {""})
        ),
        "reference": fl.fixed_reference(flows, set(places.index)),
        "places": places,
        "forum": tuple(countries.iso3[countries.forum_member]),
        "gcc": tuple(countries.iso3[countries.gcc]),
    }


@st.cache_resource(show_spinner=False)
def outlines() -> dict[str, dict]:
    """The coarse country outlines (code -> GeoJSON geometry), read once: treat as read-only."""
    features = shapes(str(config.assets_path() / OUTLINES))["features"]
    return {f["id"]: f["geometry"] for f in features}


def shaded(sel: fl.Selection, shapes: dict[str, dict]) -> dict[str, dict]:
    """Outlines of the countries to shade: the destinations chosen, and the focus."""
    codes = set(sel.destinations) | ({sel.focus} if sel.focus else set())
    return {c: shapes[c] for c in sorted(codes) if c in shapes}


def params(facts):
    lo, hi = facts["years"]
    latest = facts["latest"]
    return {
        "first": state.Number("from", max(lo, latest - SPAN + 1), lo, hi),
        "last": state.Number("to", latest, lo, hi),
        "dest": state.Codes("dest", ("forum",), frozenset(GROUPS + facts["destinations"]), 30),
        "orig": state.Codes("orig", (), frozenset(facts["origins"]), 30),
        "form": state.Choice("form", fl.ANY, (fl.ANY, *FORMS[1:])),
        "sex": state.Choice("sex", fl.ANY, (fl.ANY, *SEXES[1:])),
        "age": state.Choice("age", fl.ANY, (fl.ANY, *AGES[1:])),
        "min": state.Number("min", 0, 0, MINIMUM),
        "show": state.Codes("show", fl.KINDS, frozenset(fl.KINDS), len(fl.KINDS)),
        "scale": state.Choice("scale", "fitted", ("fitted", "fixed")),
        "focus": state.Choice("focus", "none", ("none",) + facts["focus"]),
    }


def destinations(chosen, facts) -> tuple[str, ...]:
    """The destination codes the choice stands for (empty: every destination)."""
    if "all" in chosen:
        return ()
    codes: list[str] = []
    for c in chosen:
        if c == "forum":
            codes += list(facts["forum"]) + list(FORUM_REGIONS)
        elif c == "gcc":
            codes += [*facts["gcc"], "XGS"]
        else:
            codes.append(c)
    return tuple(dict.fromkeys(codes))


def take_click(p) -> None:
    """A place clicked on the map becomes the focus (once per click, before the widgets)."""
    event = st.session_state.get(MAP_KEY) or {}
    picked = event.get("selection", {}).get("objects", {})
    objects = picked.get("countries", []) + picked.get("places", [])
    clicked = objects[0].get("iso3") if objects else None
    if clicked and clicked != st.session_state.get(_CLICKED) and clicked in p["focus"].allowed:
        st.session_state[state.widget_key(p["focus"])] = clicked
    st.session_state[_CLICKED] = clicked


def controls(ctx, p, names, years):
    t, loc = ctx.locale.t, ctx.locale

    def place(code):
        return t(f"flows.dest_{code}") if code in GROUPS else names.get(code, code)

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
            key=state.widget_key(p["min"]),
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


def selection_of(values: dict, facts) -> fl.Selection:
    """The selection that the page's parameters (by their URL names) stand for."""
    focus = values["focus"]
    return fl.Selection(
        first=values["from"],
        last=values["to"],
        destinations=destinations(values["dest"], facts),
        origins=values["orig"],
        form=values["form"],
        sex=values["sex"],
        age=values["age"],
        minimum=values["min"],
        kinds=values["show"],
        focus="" if focus == "none" else focus,
    )


def selection(p, facts) -> fl.Selection:
    return selection_of({param.name: state.value(param) for param in p.values()}, facts)


def map_section(ctx, p, sel, corridors, routes, facts, names):
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    places = facts["places"]
    fixed = state.value(p["scale"]) == "fixed"
    width_scale = fl.scale(fl.drawable(corridors, places.index), fixed, facts["reference"])
    citations = {s: ui.citation(data, loc, [s]) for s in set(data.flows.source.unique())}
    deck = flow_deck(
        corridors,
        routes,
        fl.legs(routes),
        places,
        names,
        citations,
        loc,
        width_scale,
        static_url(LAND),
        shaded(sel, outlines()),
    )
    st.pydeck_chart(
        deck,
        height=560,
        key=MAP_KEY,
        on_select="rerun",
        selection_mode="single-object",
    )
    drawn = set(places.index)
    regions = sorted(
        {
            c
            for c in set(corridors.origin)
            | set(corridors.destination)
            | set(routes.origin)
            | set(routes.destination)
            | set(routes.transit)
            if c in drawn and places.loc[c, "entity"] != "country"
        },
        key=names.get,
    )
    st.html(
        key_html(
            width_scale,
            regions,
            names,
            loc,
            show_counted="counted" in sel.kinds,
            show_routes="routes" in sel.kinds,
        )
    )
    unplaced = corridors[~corridors.origin.isin(drawn) | ~corridors.destination.isin(drawn)]
    if not unplaced.empty:
        listed = t("flows.list_sep").join(
            f"{path_text((r.origin, r.destination), names, loc)}: {victims_text(r, loc)}"
            for _, r in unplaced.iterrows()
        )
        st.caption(t("flows.not_drawn", flows=ui.md(listed)))
    domestic = corridors[corridors.origin == corridors.destination]
    if not domestic.empty:
        st.caption(t("flows.domestic_note", count=loc.number(len(domestic))))
    ui.source_line(data, loc, fl_sources(corridors) + fl_sources(routes), list(sel.years))
    st.caption(t("sidebar.disclaimer"))


def sankey_section(ctx, sel, corridors, routes, names):
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    st.subheader(t("flows.sankey_heading"))
    if corridors.empty:
        st.info(t("flows.no_counted"))
    else:
        fig, left_out = sankey_figure(corridors, names, loc)
        st.plotly_chart(fig, key="sankey")
        caption = t("flows.sankey_caption")
        if left_out:
            caption += " " + t("flows.sankey_left_out", count=loc.number(left_out))
        st.caption(caption)
        ui.source_line(data, loc, fl_sources(corridors), list(sel.years))
    if "routes" in sel.kinds:
        st.markdown(f"**{t('flows.routes_heading')}**")
        if routes.empty:
            st.caption(t("flows.no_routes"))
        else:
            citations = {s: ui.citation(data, loc, [s]) for s in fl_sources(routes)}
            st.html(route_table_html(routes, names, citations, loc))
            st.caption(t("flows.routes_confidence_note"))
            ui.source_line(data, loc, fl_sources(routes), list(sel.years))


def fl_sources(frame) -> list[str]:
    return [s for s in dict.fromkeys(frame.sources.explode()) if isinstance(s, str)]


def context_section(ctx, sel, corridors, names):
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    st.subheader(t("flows.context_heading"))
    st.caption(t("flows.context_caption"))
    if corridors.empty:
        st.info(t("flows.no_counted"))
        return
    table = fl.with_stock(corridors, data.flows, sel.last)
    rows = []
    for _, r in table[table.origin != table.destination].head(SHOWN).iterrows():
        stock = (
            t("flows.no_stock")
            if pd.isna(r.stock)
            else t(
                "flows.stock_value",
                stock=loc.number(r.stock),
                year=loc.year(int(r.stock_year)),
            )
        )
        rows.append(
            (
                path_text((r.origin, r.destination), names, loc),
                victims_text(r, loc),
                years_text(r.years, loc),
                stock,
            )
        )
    ui.table(
        [
            t("flows.col_corridor"),
            t("flows.col_victims"),
            t("flows.col_years"),
            t("flows.col_stock"),
        ],
        rows,
        numeric=(1,),
    )
    stock_sources = [s for s in table.stock_source.unique() if s]
    ui.source_line(data, loc, fl_sources(table) + stock_sources, list(sel.years))
    export = pd.DataFrame(
        {
            "origin": table.origin,
            t("flows.col_origin"): table.origin.map(lambda c: names.get(c, c)),
            "destination": table.destination,
            t("flows.col_destination"): table.destination.map(lambda c: names.get(c, c)),
            t("flows.col_victims"): table.victims,
            t("flows.col_lower"): table.lower,
            t("flows.col_upper"): table.upper,
            t("flows.col_withheld"): table.withheld.map(
                lambda w: t("flows.yes") if w else t("flows.no")
            ),
            t("flows.col_years"): table.years.map(lambda ys: " ".join(str(y) for y in ys)),
            t("flows.col_stock"): table.stock,
            t("flows.col_stock_year"): table.stock_year,
            t("flows.col_source"): table.sources.map(lambda s: ui.citation(data, loc, s))
            + table.stock_source.map(lambda s: ("; " + ui.citation(data, loc, [s])) if s else ""),
        }
    )
    ui.download_csv(
        t("flows.download"),
        export,
        f"corridors-{sel.first}-{sel.last}.csv",
        "download_corridors",
    )


def main() -> None:
    """Draw the page (Streamlit runs this file as `__main__`)."""
    ctx = shell.context()
    with shell.guard(ctx) as ready:
        if ready:
            data, t, loc = ctx.dataset, ctx.locale.t, ctx.locale
            st.title(t("flows.title"))
            st.markdown(t("flows.intro"))
            facts = page_facts(data, dataset_key(data))
            names = dict(zip(data.countries.iso3, data.countries[f"name_{loc.lang}"], strict=True))
            p = params(facts)
            shell.bind(ctx, *p.values())
            state.settle(p.values())
            take_click(p)
            lo, hi = facts["years"]
            controls(ctx, p, names, list(range(lo, hi + 1)))
            state.publish(p.values())
            sel = selection(p, facts)
            st.caption(t("flows.showing", years=loc.years(sel.first, sel.last)))
            empty = fl.counted(data.flows.iloc[:0], sel)
            corridors = fl.counted(data.flows, sel) if "counted" in sel.kinds else empty
            routes = (
                fl.routes(data.flows, sel)
                if "routes" in sel.kinds
                else fl.routes(data.flows.iloc[:0], sel)
            )
            if corridors.empty and routes.empty:
                st.info(t("flows.nothing"))
            map_section(ctx, p, sel, corridors, routes, facts, names)
            sankey_section(ctx, sel, corridors, routes, names)
            context_section(ctx, sel, corridors, names)


if __name__ == "__main__":
    main()
