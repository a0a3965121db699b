"""Country profile: everything about one country on one page, printable, one link per country."""

import pandas as pd
import streamlit as st

from dashboard import config
from dashboard.catalogue import catalogue
from dashboard.charts.coverage import coverage_html
from dashboard.charts.trends import breakdown_figure, trend_figure
from dashboard.i18n.figures import figure_text, with_year
from dashboard.metrics import tracker as trk
from dashboard.metrics import trends as m
from dashboard.metrics.overview import CORE, coverage, latest
from dashboard.ui import components as ui
from dashboard.ui import shell, state
from dashboard.ui.data import rules as load_rules
from dashboard.views.tracker import cell_text

HEADLINE = (*CORE, "persons_formal_contact", "offences")
GSI = (
    "gsi_prevalence",
    "gsi_victims_estimate",
    "gsi_vulnerability",
    "gsi_response_total",
    "gsi_response_survivors",
    "gsi_response_justice",
    "gsi_response_coordination",
    "gsi_response_risk",
    "gsi_response_supply_chains",
)
SPLIT_OF = "victims_detected"  # the indicator whose parts by form and by sex are drawn
FLOW_YEARS = 5
TOP = 10
NOTE = {"en": "note", "ar": "note_ar"}


def headline_rows(loc, data, iso3, catalogue):
    """The country's latest figure of each headline indicator, with its year and note."""
    t = loc.t
    rows = latest(data.observations, [iso3], HEADLINE).set_index("indicator")
    body = []
    for indicator in HEADLINE:
        if indicator not in rows.index:
            body.append((catalogue[indicator], t("status.not_reported"), ""))
            continue
        r = rows.loc[indicator]
        text = with_year(figure_text(r.value, r.lower, r.upper, r.status, loc), r.year, loc)
        body.append((catalogue[indicator], text, r[NOTE[loc.lang]] or r.note))
    header = [t("compare.indicator"), t("trends.col_value"), t("trends.col_note")]
    return header, body, sorted(set(rows.year))


def headline(ctx, iso3, catalogue):
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    st.subheader(t("profile.headline_heading"))
    header, body, years = headline_rows(loc, data, iso3, catalogue)
    ui.table(header, body)
    ui.source_line(data, loc, ["unodc_glotip"], years or None)


def ten_year_frame(data, iso3):
    """Detected, prosecuted and convicted (one 'iso3' per indicator) over the country's last
    ten years of figures, and those years; empty when none."""
    frames = []
    for indicator in CORE:
        frame, _ = m.measure(data.observations, [iso3], indicator, "absolute")
        frames.append(frame.assign(iso3=indicator))
    frame = pd.concat(frames, ignore_index=True)
    if frame.empty:
        return frame, []
    last = int(frame.year.max())
    years = list(range(last - 9, last + 1))
    return frame[frame.year.isin(years)], years


def ten_years(ctx, iso3, catalogue):
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    st.subheader(t("profile.trends_heading"))
    frame, years = ten_year_frame(data, iso3)
    if frame.empty:
        st.info(t("profile.none"))
        return
    labels = {i: catalogue[i] for i in CORE}
    fig = trend_figure(
        frame, list(CORE), labels, years, loc, y_title=t("trends.measure_absolute"), decimals=0
    )
    st.plotly_chart(fig, key="profile_trend")
    ui.source_line(data, loc, ["unodc_glotip"], years)


def splits(ctx, iso3):
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    for by, heading in (("form", "profile.forms_heading"), ("sex", "profile.sex_heading")):
        st.subheader(t(heading))
        frame = m.breakdown(data.observations, iso3, SPLIT_OF, by)
        if frame.empty:
            st.markdown(t("profile.none"))
            continue
        categories = {c: t(f"split.{c}") for c in sorted(set(frame.category))}
        years = sorted(set(frame.year))
        fig = breakdown_figure(
            frame, categories, years, loc, percent=False, y_title=t("trends.measure_absolute")
        )
        st.plotly_chart(fig, key=f"profile_{by}")
        ui.parts_caution(data, loc, iso3, SPLIT_OF, by, years)
        withheld = frame[frame.value.isna()]
        if not withheld.empty:
            parts = ", ".join(
                f"{categories[r.category]} {loc.year(r.year)}" for r in withheld.itertuples()
            )
            st.caption(t("trends.withheld_parts", parts=ui.md(parts)))
        ui.source_line(data, loc, ["unodc_glotip"], years)


def corridor_table(flows, key, names, loc, t, stock=None):
    low = flows.victims.fillna(flows.lower)
    high = flows.victims.fillna(flows.upper)
    summed = (
        pd.DataFrame({"partner": flows[key], "low": low, "high": high}).groupby("partner").sum()
    )
    summed = summed.sort_values(["high", "low"], ascending=False).head(TOP)
    rows = []
    for partner, r in summed.iterrows():
        text = loc.number(r.low) if r.low == r.high else loc.range(r.low, r.high)
        row = [names.get(partner, partner), text]
        if stock is not None:
            row.append(
                loc.number(stock.get(partner))
                if partner in stock.index
                else t("status.not_reported")
            )
        rows.append(row)
    return rows


def corridors(ctx, iso3, names):
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    flows = data.flows[
        (data.flows.kind == "detected_victims")
        & (data.flows.sex == "total")
        & (data.flows.age == "total")
        & (data.flows.form == "total")
    ]
    stock = data.flows[(data.flows.kind == "migrant_stock") & (data.flows.destination == iso3)]
    stock = (
        stock[stock.year == stock.year.max()].set_index("origin").victims
        if not stock.empty
        else None
    )
    for heading, side, key, header in (
        ("profile.inflows_heading", "destination", "origin", "profile.col_origin"),
        ("profile.outflows_heading", "origin", "destination", "profile.col_destination"),
    ):
        st.subheader(t(heading))
        mine = flows[(flows[side] == iso3) & (flows[key] != iso3)]
        if mine.empty:
            st.markdown(t("profile.none"))
            continue
        first = int(mine.year.max()) - FLOW_YEARS + 1
        mine = mine[mine.year >= first]
        st.caption(
            t(
                "profile.flows_caption",
                n=loc.number(FLOW_YEARS),
                years=loc.years(first, int(mine.year.max())),
            )
        )
        columns = [t(header), t("profile.col_victims")]
        with_stock = stock is not None and side == "destination"
        if with_stock:
            columns.append(t("profile.col_migrants"))
        ui.table(
            columns,
            corridor_table(mine, key, names, loc, t, stock if with_stock else None),
            numeric=(1, 2),
        )
        ui.source_line(
            data, loc, ["unodc_glotip"] + (["undesa_migrant_stock_2017"] if with_stock else [])
        )


def recommendation_rows(loc, data, iso3):
    """The country's status on each recommendation, and the sources; or the rules' problem."""
    t = loc.t
    rules, problem = load_rules(config.rules_path(), data)
    if problem:
        return None, problem
    negative = set(data.indicators[data.indicators.higher_is == "worse"].indicator)
    frame = trk.matrix(data.measures, rules, [iso3], negative)
    titles = {r.recommendation: getattr(r, f"title_{loc.lang}") for r in rules}
    rows = [
        (
            loc.digits_of(r.recommendation) if r.recommendation.isdigit() else "",
            titles[r.recommendation],
            cell_text(r, catalogue(data, loc)),
        )
        for r in frame.itertuples()
    ]
    header = ["#", t("tracker.recommendation"), t("tracker.col_status")]
    sources = sorted(set(data.measures[data.measures.iso3 == iso3].source)) or ["walkfree_gsi_2023"]
    return (header, rows, sources), None


def recommendations(ctx, iso3):
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    st.subheader(t("profile.recs_heading"))
    found, problem = recommendation_rows(loc, data, iso3)
    if problem:
        st.error(t("tracker.rules_error", error=ui.md(problem)))
        return
    header, rows, sources = found
    ui.table(header, rows)
    ui.source_line(data, loc, sources)


def assessments(ctx, iso3, catalogue):
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    obs = data.observations[data.observations.iso3 == iso3]
    st.subheader(t("profile.tiers_heading"))
    st.caption(t("profile.tiers_caption"))
    tiers = obs[obs.indicator == "tip_tier"].sort_values("year")
    if tiers.empty:
        st.markdown(t("profile.none"))
    else:
        cats = data.categories[data.categories.indicator == "tip_tier"]
        label = dict(zip(cats.code, cats[f"label_{loc.lang}"], strict=True))
        ui.table(
            [t("trends.col_year"), catalogue["tip_tier"], t("compare.col_source")],
            [
                (loc.year(r.year), label.get(r.value, ""), ui.citation(data, loc, [r.source]))
                for r in tiers.itertuples()
            ],
        )
    st.subheader(t("profile.gsi_heading"))
    gsi = obs[obs.indicator.isin(GSI)].set_index("indicator")
    if gsi.empty:
        st.markdown(t("profile.none"))
    else:
        ui.table(
            [t("compare.indicator"), t("trends.col_value")],
            [
                (
                    catalogue[i],
                    loc.number(gsi.loc[i, "value"], 0 if i == "gsi_victims_estimate" else 1),
                )
                for i in GSI
                if i in gsi.index
            ],
        )
        ui.source_line(data, loc, ["walkfree_gsi_2023"], [2023])


def coverage_section(ctx, iso3, names):
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    st.subheader(t("profile.coverage_heading"))
    grid, years = coverage(data.observations, [iso3])
    if not years:
        st.markdown(t("profile.none"))
        return
    letters = {i: t(f"overview.letter_{i}") for i in CORE}
    st.html(coverage_html(grid, years, names, letters, loc))
    ui.source_line(data, loc, ["unodc_glotip"], years)


def pdf_download(ctx, iso3: str) -> None:
    """The profile as an A4 PDF made on the server (made only when asked for)."""
    from dashboard.present.exports import can_render, profile_pdf

    data, loc = ctx.dataset, ctx.locale
    if not can_render():
        return  # the browser's Print still makes an A4 PDF
    st.download_button(
        loc.t("present.profile_pdf"),
        lambda: profile_pdf(data, loc, iso3),
        file_name=f"profile-{iso3}-{loc.lang}-v{data.version}.pdf",
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
            names = dict(zip(data.countries.iso3, data.countries[f"name_{loc.lang}"], strict=True))
            catalogue = data.indicators.set_index("indicator")[f"name_{loc.lang}"]
            countries = data.countries[data.countries.entity == "country"].iso3
            known = sorted(set(data.observations.iso3.unique()) & set(countries), key=names.get)
            country = state.Choice("country", "BHR", tuple(known))
            shell.bind(ctx, country)
            state.settle([country])
            iso3 = state.value(country)
            st.title(t("profile.title", country=ui.md(names[iso3])))
            st.markdown(t("profile.intro"))
            state.widget(st.selectbox, country, t("profile.country"), country.allowed, names.get)
            state.publish([country])
            iso3 = state.value(country)
            pdf_download(ctx, iso3)
            headline(ctx, iso3, catalogue)
            ten_years(ctx, iso3, catalogue)
            splits(ctx, iso3)
            corridors(ctx, iso3, names)
            recommendations(ctx, iso3)
            assessments(ctx, iso3, catalogue)
            coverage_section(ctx, iso3, names)


if __name__ == "__main__":
    main()
