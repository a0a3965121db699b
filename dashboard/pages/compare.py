"""Compare countries: one indicator on a map, ranked and in a table; and several indicators
side by side for a few countries."""

import pandas as pd
import streamlit as st

from dashboard import config
from dashboard.charts.compare import (
    choropleth,
    legend_html,
    map_config,
    ranked_bars,
    ranked_spans,
    scorecard_html,
)
from dashboard.charts.trends import trend_figure
from dashboard.i18n import Locale
from dashboard.metrics import compare as cmp
from dashboard.metrics import trends as m
from dashboard.ui import components as ui
from dashboard.ui import shell, state
from dashboard.ui.data import dataset_key, shapes, static_url

DECIMALS = {"absolute": None, "per100k": 2, "per_victims": 1, "ratio": 2}
SIDE_DEFAULT = ("BHR", "SAU", "ARE", "QAT")
CORE = ("victims_detected", "persons_prosecuted", "persons_convicted")


def params(data, indicators, years, countries):
    return {
        "indicator": state.Choice("indicator", "persons_convicted", indicators),
        "year": state.Choice("year", "latest", ("latest", *years)),
        "measure": state.Choice("measure", "absolute", cmp.MEASURES),
        "group": state.Choice("group", "forum", cmp.GROUPS),
        "add": state.Codes("add", (), frozenset(countries), 30),
        "extent": state.Choice("extent", "region", ("region", "world")),
        "side": state.Codes("side", SIDE_DEFAULT, frozenset(countries), 6),
        "side_ind": state.Codes("side_ind", CORE[2:], frozenset(indicators), 3),
    }


SHAPE_FILES = {"world": "countries.geojson", "region": "countries-region.geojson"}


def shapes_url(extent: str) -> str:
    """The shapes as the app serves them. The regional view uses a smaller file: the browser
    redraws the map faster."""
    return static_url(SHAPE_FILES[extent])


def drawn_codes(extent: str) -> list[str]:
    features = shapes(str(config.assets_path() / SHAPE_FILES[extent]))["features"]
    return [f["id"] for f in features]


def group_label(t, g):
    return t(f"group.{g}") if g in ("forum", "gcc", "mena") else t(f"compare.group_{g}")


def controls(ctx, p, names, catalogue):
    t, loc = ctx.locale.t, ctx.locale
    c1, c2, c3 = st.columns([3, 2, 2])
    with c1:
        state.widget(
            st.selectbox,
            p["indicator"],
            t("compare.indicator"),
            p["indicator"].allowed,
            catalogue.get,
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
            sorted(p["add"].allowed, key=names.get),
            names.get,
            placeholder=ctx.locale.t("app.choose"),
        )
    with c6:
        state.widget(
            st.radio,
            p["extent"],
            t("compare.extent"),
            ("region", "world"),
            lambda k: t(f"compare.extent_{k}"),
        )


def export(ctx, ranked, names):
    """The figures as downloaded: numbers stay numbers, empty stays empty."""
    t, data, loc = ctx.locale.t, ctx.dataset, ctx.locale
    return pd.DataFrame(
        {
            "iso3": ranked.iso3,
            t("trends.col_country"): ranked.iso3.map(names),
            t("compare.col_rank"): ranked["rank"],
            t("trends.col_year"): ranked.year,
            t("trends.col_value"): ranked.value,
            t("trends.col_lower"): ranked.lower,
            t("trends.col_upper"): ranked.upper,
            t("trends.col_status"): [
                t(f"trends.status_{s}") if isinstance(s, str) else t("status.not_reported")
                for s in ranked.status
            ],
            t("compare.col_source"): [
                ui.citation(data, loc, [s]) if isinstance(s, str) else "" for s in ranked.source
            ],
        }
    )


def shown(ctx, table, decimals):
    """The same table for the screen: numbers in the reader's digits, blanks for no value."""
    t, loc = ctx.locale.t, ctx.locale
    out = table.copy()
    for key in ("trends.col_value", "trends.col_lower", "trends.col_upper"):
        out[t(key)] = [loc.number(v, decimals) for v in out[t(key)]]
    for key in ("compare.col_rank", "trends.col_year"):
        out[t(key)] = [loc.year(v) if v == v else "" for v in out[t(key)]]
    return out


def compare_section(ctx, p, iso3s, names, catalogue, kinds):
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    indicator = state.value(p["indicator"])
    how = state.value(p["measure"])
    if kinds[indicator] != "count" and how != "ratio":
        if how != "absolute":
            st.caption(t("compare.counts_only"))
        how = "absolute"
    if how == "ratio":
        st.caption(t("compare.ratio_explained"))
    year = None if state.value(p["year"]) == "latest" else int(state.value(p["year"]))
    frame = cmp.values(data.observations, iso3s, indicator, how, year)
    categories = None
    if kinds[indicator] == "category":
        cats = data.categories[data.categories.indicator == indicator]
        categories = dict(zip(cats.code, cats[f"label_{loc.lang}"], strict=True))
    decimals = DECIMALS[how] if how != "absolute" else (0 if kinds[indicator] == "count" else 1)
    sources = sorted(set(frame.source)) or ["unodc_glotip"]
    cite = ui.citation(data, loc, sources)
    st.subheader(t("compare.map_heading"))
    fig = choropleth(
        frame,
        shapes_url(state.value(p["extent"])),
        drawn_codes(state.value(p["extent"])),
        names,
        loc,
        extent=state.value(p["extent"]),
        categories=categories,
        decimals=decimals,
        citation=cite,
    )
    st.plotly_chart(fig, key="map", config=map_config(static_url("")))
    exact = frame.value.dropna()
    span = None
    if not exact.empty:
        span = (loc.number(exact.min(), decimals), loc.number(exact.max(), decimals))
    st.html(legend_html(loc, categories, span))
    ui.source_line(data, loc, sources, sorted(set(frame.year)))
    st.caption(t("sidebar.disclaimer"))
    ranked = cmp.rank(frame, iso3s)
    if categories is None:
        st.subheader(t("compare.bars_heading"))
        unit = (
            t(f"compare.measure_{how}")
            if how != "absolute"
            else data.indicators.set_index("indicator").loc[indicator, f"unit_{loc.lang}"]
        )
        st.plotly_chart(ranked_bars(ranked, names, loc, decimals, unit), key="bars")
        st.caption(t("compare.rank_rule"))
        ui.source_line(data, loc, sources, sorted(set(frame.year)))
    missing = ranked[ranked.missing].iso3
    if len(missing):
        st.markdown(t("compare.missing", countries=ui.md(", ".join(names[i] for i in missing))))
    st.subheader(t("compare.table_heading"))
    table = export(ctx, ranked, names)
    st.dataframe(shown(ctx, table, decimals), hide_index=True)
    c1, c2 = st.columns(2)
    with c1:
        ui.download_csv(
            t("compare.download_csv"), table, f"compare-{indicator}-{how}.csv", "compare_csv"
        )
    with c2:
        ui.download_xlsx(
            t("compare.download_xlsx"),
            table,
            f"compare-{indicator}-{how}.xlsx",
            "compare_xlsx",
            loc.rtl,
        )


@st.cache_data(show_spinner=False, max_entries=32)
def side_card(_data, key, chosen, peers, shown):
    """The scorecard: cached, since it does not change when the main indicator does."""
    return cmp.scorecard(_data.observations, list(chosen), list(peers), list(shown))


@st.cache_data(show_spinner=False, max_entries=64)
def side_trend(_data, key, chosen, indicator, names, lang, digits, title):
    """One side-by-side trend chart as plotly JSON (cached like the scorecard)."""
    frame, _ = m.measure(_data.observations, list(chosen), indicator, "absolute")
    if frame.empty:
        return None, []
    years = list(range(int(frame.year.min()), int(frame.year.max()) + 1))
    fig = trend_figure(
        frame, list(chosen), names, years, Locale(lang, digits), y_title=title, decimals=0
    )
    return fig.to_plotly_json(), years


@st.cache_data(show_spinner=False, max_entries=8)
def page_facts(_data, key):
    """Indicators with figures, their years, and the country codes: once per dataset."""
    obs = _data.observations
    present = set(obs.indicator.unique())
    catalogue = _data.indicators.indicator
    observed = tuple(i for i in catalogue if i in present and i != "population")
    years = tuple(str(y) for y in sorted(set(obs[obs.indicator.isin(observed)].year), reverse=True))
    countries = tuple(_data.countries[_data.countries.entity == "country"].iso3)
    kinds = _data.indicators.set_index("indicator")["kind"]
    counts = tuple(i for i in catalogue if i in present and kinds[i] == "count")
    return observed, years, countries, counts


def side_section(ctx, p, peers, names, catalogue, kinds, counts):
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    st.subheader(t("compare.side_heading"))
    st.caption(t("compare.side_caption"))
    state.widget(
        st.multiselect,
        p["side"],
        t("compare.side_countries"),
        sorted(p["side"].allowed, key=names.get),
        names.get,
        max_selections=6,
        placeholder=ctx.locale.t("app.choose"),
    )
    chosen = list(state.value(p["side"]))
    if len(chosen) < 2:
        st.info(t("compare.side_too_few"))
        return
    shown = [i for i in catalogue.index if kinds[i] in ("count", "rate", "score", "category")]
    card = side_card(data, dataset_key(data), tuple(chosen), tuple(peers), tuple(shown))
    cats = {
        i: dict(zip(g.code, g[f"label_{loc.lang}"], strict=True))
        for i, g in data.categories.groupby("indicator")
    }
    decimals = {i: (0 if kinds[i] == "count" else 1) for i in shown}
    labels = {i: catalogue[i] for i in shown}
    st.html(scorecard_html(card, chosen, names, labels, cats, decimals, loc))
    st.caption(t("compare.score_rule"))
    spans = ranked_spans(card, labels)
    if spans:
        items = t("compare.items_sep").join(
            t("compare.score_years_item", indicator=ui.md(label), years=loc.years(first, last))
            for label, first, last in spans
        )
        st.caption(t("compare.score_years", items=items))
    ui.source_line(
        data, loc, sorted(set(data.indicators.set_index("indicator").loc[shown, "source"]))
    )
    state.widget(
        st.multiselect,
        p["side_ind"],
        t("compare.side_trends"),
        counts,
        catalogue.get,
        max_selections=3,
        placeholder=ctx.locale.t("app.choose"),
    )
    for indicator in state.value(p["side_ind"]):
        spec, years = side_trend(
            data,
            dataset_key(data),
            tuple(chosen),
            indicator,
            names,
            loc.lang,
            loc.digits,
            catalogue[indicator],
        )
        if spec is None:
            continue
        st.markdown(f"**{ui.md(catalogue[indicator])}**")
        st.plotly_chart(spec, key=f"side_{indicator}")
        ui.source_line(data, loc, ["unodc_glotip"], years)


def main() -> None:
    """Draw the page (Streamlit runs this file as `__main__`)."""
    ctx = shell.context()
    with shell.guard(ctx) as ready:
        if ready:
            data, t, loc = ctx.dataset, ctx.locale.t, ctx.locale
            st.title(t("compare.title"))
            st.markdown(t("compare.intro"))
            catalogue = data.indicators.set_index("indicator")[f"name_{loc.lang}"]
            kinds = data.indicators.set_index("indicator")["kind"]
            observed, years, countries, counts = page_facts(data, dataset_key(data))
            names = dict(zip(data.countries.iso3, data.countries[f"name_{loc.lang}"], strict=True))
            p = params(data, observed, years, countries)
            shell.bind(ctx, *p.values())
            state.settle(p.values())
            controls(ctx, p, names, catalogue)
            state.publish(p.values())
            peers = cmp.peer_group(data, state.value(p["group"]))
            iso3s = sorted(set(peers) | set(state.value(p["add"])), key=names.get)
            compare_section(ctx, p, iso3s, names, catalogue, kinds)
            side_section(ctx, p, peers, names, catalogue, kinds, counts)


if __name__ == "__main__":
    main()
