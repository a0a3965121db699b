"""Conviction trends: measures over time, the regional line, change, the funnel, breakdowns."""

import pandas as pd
import streamlit as st

from dashboard.charts.trends import breakdown_figure, funnel_figure, trend_figure
from dashboard.metrics import trends as m
from dashboard.metrics.overview import members
from dashboard.ui import components as ui
from dashboard.ui import shell, state

SOURCE = "unodc_glotip"
DECIMALS = {"absolute": 0, "per100k": 2, "ratio": 2, "per_victims": 1, "index": 0}
EVENT_MEASURES = ("gsi_m1321", "gsi_m2311", "gsi_m3111")
NOTE = {"en": "note", "ar": "note_ar"}


def params(convicted, lo: int, hi: int, chosen_default: tuple[str, ...]):
    """The page's URL parameters; countries are those that reported any convictions."""
    codes = sorted(set(convicted.iso3))
    return {
        "countries": state.Codes("countries", chosen_default, frozenset(codes), 12),
        "series": state.Choice("series", "persons_convicted", m.SERIES),
        "measure": state.Choice("measure", "absolute", m.MEASURES),
        "base": state.Number("base", max(lo, 2015), lo, hi),
        "first": state.Number("from", lo, lo, hi),
        "last": state.Number("to", hi, lo, hi),
        "layout": state.Choice("layout", "single", ("single", "multiples")),
        "scales": state.Choice("scales", "shared", ("shared", "free")),
        "region": state.Choice("region", "none", m.RULES),
        "events": state.Choice("events", "off", ("off", "on")),
        "funnel_year": state.Number("funnel_year", hi, lo, hi),
        "b_indicator": state.Choice("b_indicator", "victims_detected", m.SERIES[::2]),
        "by": state.Choice("by", "form", m.BREAKDOWNS),
        "stack": state.Choice("stack", "stacked", ("stacked", "percent")),
    }


def controls(ctx, p, names, years):
    t, loc = ctx.locale.t, ctx.locale
    c1, c2, c3 = st.columns([3, 2, 2])
    with c1:
        state.widget(
            st.multiselect,
            p["countries"],
            t("trends.countries"),
            sorted(p["countries"].allowed, key=names.get),
            names.get,
            max_selections=12,
            placeholder=ctx.locale.t("app.choose"),
        )
    with c2:
        catalogue = ctx.dataset.indicators.set_index("indicator")[f"name_{loc.lang}"]
        state.widget(st.selectbox, p["series"], t("trends.series"), m.SERIES, catalogue.get)
    with c3:
        state.widget(
            st.selectbox,
            p["measure"],
            t("trends.measure"),
            m.MEASURES,
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
            ("single", "multiples"),
            lambda k: t(f"trends.layout_{k}"),
        )
        if state.value(p["layout"]) == "multiples":
            state.widget(
                st.radio,
                p["scales"],
                t("trends.scales"),
                ("shared", "free"),
                lambda k: t(f"trends.scales_{k}"),
            )
    with c6:
        state.widget(
            st.radio, p["region"], t("trends.region"), m.RULES, lambda k: t(f"trends.region_{k}")
        )
    with c7:
        state.widget(
            st.radio,
            p["events"],
            t("trends.events"),
            ("off", "on"),
            lambda k: t(f"trends.events_{k}"),
        )
        if state.value(p["measure"]) == "index":
            state.widget(st.selectbox, p["base"], t("trends.base_year"), years, loc.year)


def events(ctx, iso3s, names, first, last):
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    found = []
    for e in data.editions.itertuples():
        if first <= e.year <= last:
            found.append(
                (
                    e.year,
                    t(
                        "trends.event_edition",
                        city=getattr(e, f"city_{loc.lang}"),
                        year=loc.year(e.year),
                    ),
                )
            )
    catalogue = data.indicators.set_index("indicator")[f"name_{loc.lang}"]
    measures = data.measures[
        data.measures.iso3.isin(iso3s)
        & data.measures.measure.isin(EVENT_MEASURES)
        & (data.measures.status == "yes")
    ]
    for r in measures.drop_duplicates(["iso3", "measure", "year"]).itertuples():
        if first <= r.year <= last:
            cite = ui.citation(data, loc, [r.source])
            found.append(
                (
                    r.year,
                    t(
                        "trends.event_measure",
                        country=names[r.iso3],
                        measure=catalogue[r.measure],
                        source=cite,
                    ),
                )
            )
    return found


def trend_section(ctx, p, iso3s, names):
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    series, how = state.value(p["series"]), state.value(p["measure"])
    first, last = sorted((state.value(p["first"]), state.value(p["last"])))
    years = list(range(first, last + 1))
    base = state.value(p["base"])
    frame, left_out = m.measure(data.observations, iso3s, series, how, base)
    frame = frame[frame.year.between(first, last)]
    st.caption(t(f"trends.explain_{how}"))
    if left_out:
        st.info(
            t(
                "trends.left_out",
                countries=ui.md(", ".join(names[i] for i in left_out)),
                year=loc.year(base),
            )
        )
    if frame.empty:
        st.info(t("trends.no_data"))
        return frame
    rule = state.value(p["region"])
    region = None
    if rule != "none" and state.value(p["layout"]) == "single":
        region = m.regional(data.observations, iso3s, series, how, rule, base)
        region = region[region.year.between(first, last)]
        if region.empty and rule == "complete":
            st.info(t("trends.region_none_complete", first=loc.year(first), last=loc.year(last)))
    shown = [i for i in iso3s if i in set(frame.iso3)]
    marks = []
    if state.value(p["events"]) == "on":
        # Measures are dated by their evidence (e.g. GSI 2023), often after the last count:
        # the time axis then runs on to show them.
        marks = events(ctx, shown, names, first, max(last, *data.measures.year))
        years = list(range(first, max([last] + [y for y, _ in marks]) + 1))
    label = t(f"trends.measure_{how}")
    fig = trend_figure(
        frame,
        shown,
        names,
        years,
        loc,
        y_title=label,
        decimals=DECIMALS[how],
        multiples=state.value(p["layout"]) == "multiples",
        shared=state.value(p["scales"]) == "shared",
        region=region,
        events=_merge(marks),
    )
    st.plotly_chart(fig, key="trend")
    ui.source_line(
        data, loc, [SOURCE] + (["worldbank_population"] if how == "per100k" else []), years
    )
    if marks:
        ui.table(
            [t("trends.col_year"), t("trends.events_heading")],
            [(loc.year(y), text) for y, text in sorted(marks)],
        )
    notes = frame[(frame.status == "flagged") & (frame[NOTE[loc.lang]] != "")]
    if not notes.empty:
        st.markdown(f"**{t('trends.notes_heading')}**")
        ui.table(
            [t("trends.col_country"), t("trends.col_note")],
            sorted({(names[r.iso3], getattr(r, NOTE[loc.lang])) for r in notes.itertuples()}),
        )
    table = export(ctx, frame, names, how)
    ui.data_table(loc, table, "trend")
    ui.download_csv(t("trends.download"), table, f"trends-{series}-{how}.csv", "download_trend")
    return frame


def _merge(marks):
    """One line per year on the chart: labels of the same year joined."""
    by_year = {}
    for year, text in marks:
        by_year.setdefault(year, []).append(text)
    return [
        (y, " · ".join(texts) if len(texts) < 3 else f"{texts[0]} (+{len(texts) - 1})")
        for y, texts in sorted(by_year.items())
    ]


def export(ctx, frame, names, how):
    t, loc = ctx.locale.t, ctx.locale
    return pd.DataFrame(
        {
            "iso3": frame.iso3,
            t("trends.col_country"): frame.iso3.map(names),
            t("trends.col_year"): frame.year,
            t("trends.col_value"): frame.value.round(4),
            t("trends.col_lower"): frame.lower.round(4),
            t("trends.col_upper"): frame.upper.round(4),
            t("trends.col_status"): frame.status.map(lambda s: t(f"trends.status_{s}")),
            t("trends.col_note"): frame[NOTE[loc.lang]],
        }
    ).sort_values(["iso3", t("trends.col_year")])


def change_section(ctx, frame, iso3s, names, first, last, decimals):
    t, loc = ctx.locale.t, ctx.locale
    st.subheader(t("trends.change_heading"))
    st.caption(t("trends.change_caption"))
    rows = []
    for c in m.changes(frame, [i for i in iso3s if i in set(frame.iso3)], first, last):
        latest = (
            t("trends.change_one")
            if c.last is None
            else t(
                "trends.change_last_value",
                value=_signed(loc, c.last[2], decimals),
                first=loc.year(c.last[0]),
                last=loc.year(c.last[1]),
            )
        )
        if c.average is None:
            average = t("trends.change_too_few", years=loc.years(first, last))
        else:
            average = t(
                "trends.change_average_value",
                value=_signed(loc, c.average[3], max(decimals, 1)),
                first=loc.year(c.average[0]),
                last=loc.year(c.average[1]),
                n=loc.number(c.average[2]),
            )
        rows.append((names[c.iso3], latest, average))
    ui.table([t("trends.col_country"), t("trends.change_last"), t("trends.change_average")], rows)


def _signed(loc, value, decimals):
    text = loc.number(abs(value), decimals)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def funnel_section(ctx, p, iso3s, names, years):
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    st.subheader(t("trends.funnel_heading"))
    st.caption(t("trends.funnel_caption"))
    state.widget(st.selectbox, p["funnel_year"], t("trends.funnel_year"), years, loc.year)
    year = state.value(p["funnel_year"])
    frame = m.funnel(data.observations, iso3s, year)
    catalogue = data.indicators.set_index("indicator")[f"name_{loc.lang}"]
    stages = {s: catalogue[s] for s in m.STAGES}
    st.plotly_chart(funnel_figure(frame, iso3s, names, stages, loc), key="funnel")
    ui.source_line(data, loc, [SOURCE], [year])
    table = pd.DataFrame(
        {
            "iso3": frame.iso3,
            t("trends.col_country"): frame.iso3.map(names),
            t("trends.col_stage"): frame.stage.map(stages),
            t("trends.col_value"): frame.value,
            t("trends.col_lower"): frame.lower,
            t("trends.col_upper"): frame.upper,
            t("trends.col_status"): frame.status.map(lambda s: t(f"trends.status_{s}")),
        }
    )
    ui.data_table(loc, table, "funnel")
    ui.download_csv(t("trends.download_funnel"), table, f"funnel-{year}.csv", "download_funnel")


def breakdown_section(ctx, p, iso3s, names, years):
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    st.subheader(t("trends.breakdown_heading"))
    st.caption(t("trends.breakdown_caption"))
    focus = state.Choice("focus", iso3s[0], tuple(iso3s))
    shell.bind(ctx, focus)
    state.settle([focus])
    catalogue = data.indicators.set_index("indicator")[f"name_{loc.lang}"]
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        state.widget(st.selectbox, focus, t("trends.breakdown_country"), focus.allowed, names.get)
    with c2:
        state.widget(
            st.selectbox,
            p["b_indicator"],
            t("trends.breakdown_indicator"),
            p["b_indicator"].allowed,
            catalogue.get,
        )
    with c3:
        state.widget(
            st.radio, p["by"], t("trends.breakdown_by"), m.BREAKDOWNS, lambda k: t(f"trends.by_{k}")
        )
    with c4:
        state.widget(
            st.radio,
            p["stack"],
            t("trends.stack"),
            ("stacked", "percent"),
            lambda k: t(f"trends.stack_{k}"),
        )
    state.publish([focus])
    iso3 = state.value(focus)
    by = state.value(p["by"])
    frame = m.breakdown(data.observations, iso3, state.value(p["b_indicator"]), by)
    frame = frame[frame.year.isin(years)]
    if frame.empty:
        st.info(t("trends.no_breakdown", country=ui.md(names[iso3])))
        return
    categories = {c: t(f"split.{c}") for c in sorted(set(frame.category))}
    percent = state.value(p["stack"]) == "percent"
    y_title = t("trends.percent_axis") if percent else catalogue[state.value(p["b_indicator"])]
    shown = sorted(set(frame.year))
    st.plotly_chart(
        breakdown_figure(frame, categories, shown, loc, percent=percent, y_title=y_title),
        key="breakdown",
    )
    ui.parts_caution(data, loc, iso3, state.value(p["b_indicator"]), by, shown)
    withheld = frame[frame.value.isna()]
    if not withheld.empty:
        parts = ", ".join(
            f"{categories[r.category]} {loc.year(r.year)}" for r in withheld.itertuples()
        )
        st.caption(t("trends.withheld_parts", parts=ui.md(parts)))
    ui.source_line(data, loc, [SOURCE], shown)
    table = pd.DataFrame(
        {
            "iso3": iso3,
            t("trends.col_country"): names[iso3],
            t("trends.col_year"): frame.year,
            t("trends.breakdown_by"): frame.category.map(categories),
            t("trends.col_value"): frame.value,
            t("trends.col_lower"): frame.lower,
            t("trends.col_upper"): frame.upper,
            t("trends.col_status"): frame.status.map(lambda s: t(f"trends.status_{s}")),
        }
    )
    ui.data_table(loc, table, "breakdown")
    ui.download_csv(
        t("trends.download_breakdown"), table, f"breakdown-{iso3}.csv", "download_breakdown"
    )


def main() -> None:
    """Draw the page (Streamlit runs this file as `__main__`)."""
    ctx = shell.context()
    with shell.guard(ctx) as ready:
        if ready:
            data, t = ctx.dataset, ctx.locale.t
            st.title(t("trends.title"))
            st.markdown(t("trends.intro"))
            convicted = m.totals(data.observations, data.countries.iso3, "persons_convicted")
            all_years = sorted(set(convicted.year))
            lo, hi = all_years[0], all_years[-1]
            names = dict(
                zip(data.countries.iso3, data.countries[f"name_{ctx.locale.lang}"], strict=True)
            )
            forum = tuple(sorted(members(data.countries, "forum"), key=names.get))
            p = params(convicted, lo, hi, forum)
            shell.bind(ctx, *p.values())
            state.settle(p.values())
            years = list(range(lo, hi + 1))
            controls(ctx, p, names, years)
            state.publish(p.values())
            iso3s = list(state.value(p["countries"]))
            first, last = sorted((state.value(p["first"]), state.value(p["last"])))
            frame = trend_section(ctx, p, iso3s, names)
            if not frame.empty:
                decimals = DECIMALS[state.value(p["measure"])]
                change_section(ctx, frame, iso3s, names, first, last, decimals)
            funnel_section(ctx, p, iso3s, names, years)
            breakdown_section(ctx, p, iso3s, names, list(range(first, last + 1)))


if __name__ == "__main__":
    main()
