"""Recommendations tracker: status by state and recommendation, the rule and evidence behind
each, one recommendation across the states, and progress between the forum's editions."""

import pandas as pd
import streamlit as st

from dashboard import config
from dashboard.charts.tracker import cell_text, matrix_html
from dashboard.metrics import tracker as trk
from dashboard.metrics.overview import latest, members
from dashboard.ui import components as ui
from dashboard.ui import shell, state
from dashboard.ui.data import rules as load_rules


def params(data, rules, names):
    countries = data.countries[data.countries.entity == "country"].iso3
    forum = tuple(sorted(members(data.countries, "forum"), key=names.get))
    editions = tuple(str(e) for e in data.editions.edition)
    return {
        "countries": state.Codes("countries", forum, frozenset(countries), 20),
        "view": state.Choice("view", "matrix", ("matrix", "recommendation")),
        "rec": state.Choice("rec", rules[0].recommendation, tuple(r.recommendation for r in rules)),
        "since": state.Choice(
            "since", editions[-2] if len(editions) > 1 else editions[0], editions
        ),
    }


def rec_label(rule, loc):
    number = f"{loc.digits_of(rule.recommendation)}. " if rule.recommendation.isdigit() else ""
    return number + getattr(rule, f"title_{loc.lang}")


def choose_recommendation(ctx, p, rules):
    """The recommendation selector (shared by both views); returns the chosen rule."""
    by_id = {r.recommendation: r for r in rules}
    state.widget(
        st.selectbox,
        p["rec"],
        ctx.locale.t("tracker.recommendation"),
        p["rec"].allowed,
        lambda k: rec_label(by_id[k], ctx.locale),
    )
    return by_id[state.value(p["rec"])]


def evidence_table(ctx, iso3, rule, names, negative):
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    st.markdown(f"**{t('tracker.rule_heading')}:** {ui.md(getattr(rule, f'rule_{loc.lang}'))}")
    found = trk.assess(data.measures, iso3, rule, negative)
    if found.evidence.empty:
        st.info(t("tracker.no_evidence"))
        return
    catalogue = data.indicators.set_index("indicator")[f"name_{loc.lang}"]
    rows = [
        (
            catalogue[r.measure],
            t(f"tracker.measure_{r.status}"),
            t("tracker.yes") if r.met else t("tracker.no"),
            loc.year(r.year),
            ui.citation(data, loc, [r.source]),
            (r.evidence_ar or r.evidence) if loc.rtl else r.evidence,
        )
        for r in found.evidence.itertuples()
    ]
    header = [t(f"tracker.{k}") for k in ("measure", "value", "met", "year", "source", "detail")]
    ui.table(header, rows)
    ui.source_line(data, loc, found.evidence.source)


def export(ctx, frame, rules, names):
    t, loc = ctx.locale.t, ctx.locale
    titles = {r.recommendation: rec_label(r, loc) for r in rules}
    return pd.DataFrame(
        {
            "iso3": frame.iso3,
            t("tracker.country"): frame.iso3.map(names),
            t("tracker.col_recommendation"): frame.recommendation.map(titles),
            t("tracker.col_status"): [t(f"tracker.status_{s}") for s in frame.status],
            t("tracker.col_year"): frame.year,
            t("tracker.col_sources"): [cell_text(r, loc) for r in frame.itertuples()],
        }
    )


def matrix_view(ctx, p, rules, iso3s, names, negative):
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    st.subheader(t("tracker.matrix_heading"))
    frame = trk.matrix(data.measures, rules, iso3s, negative)
    st.html(matrix_html(frame, rules, names, loc))
    st.caption(t("tracker.legend"))
    ui.source_line(data, loc, sorted(set(data.measures[data.measures.iso3.isin(iso3s)].source)))
    table = export(ctx, frame, rules, names)
    c1, c2 = st.columns(2)
    with c1:
        ui.download_csv(t("tracker.download_csv"), table, "tracker.csv", "tracker_csv")
    with c2:
        ui.download_xlsx(t("tracker.download_xlsx"), table, "tracker.xlsx", "tracker_xlsx", loc.rtl)
    focus = state.Choice("country", iso3s[0], tuple(iso3s))
    shell.bind(ctx, focus)
    state.settle([focus])
    c1, c2 = st.columns(2)
    with c1:
        state.widget(st.selectbox, focus, t("tracker.country"), focus.allowed, names.get)
    with c2:
        rule = choose_recommendation(ctx, p, rules)
    state.publish([focus])
    st.markdown(
        "#### "
        + t(
            "tracker.evidence_heading",
            country=ui.md(names[state.value(focus)]),
            recommendation=ui.md(rec_label(rule, loc)),
        )
    )
    evidence_table(ctx, state.value(focus), rule, names, negative)


def recommendation_view(ctx, p, rules, iso3s, names, negative):
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    rule = choose_recommendation(ctx, p, rules)
    st.subheader(t("tracker.per_rec_heading", recommendation=ui.md(rec_label(rule, loc))))
    st.markdown(f"**{t('tracker.rule_heading')}:** {ui.md(getattr(rule, f'rule_{loc.lang}'))}")
    rows, sources = [], set()
    for iso3 in iso3s:
        a = trk.assess(data.measures, iso3, rule, negative)
        sources |= set(a.evidence.source)
        row = pd.Series(
            {"status": a.status, "year": a.year, "kinds": ",".join(a.kinds), "complete": a.complete}
        )
        met = int(a.evidence.met.sum()) if not a.evidence.empty else 0
        rows.append(
            (
                names[iso3],
                cell_text(row, loc),
                t("tracker.states_met", n=loc.number(met), m=loc.number(len(rule.measures))),
            )
        )
    ui.table([t("tracker.country"), t("tracker.col_status"), t("tracker.met")], rows)
    ui.source_line(data, loc, sorted(sources))
    if rule.related:
        st.markdown(f"#### {t('tracker.related_heading')}")
        st.caption(t("tracker.related_caption"))
        figures = latest(data.observations, iso3s, rule.related)
        catalogue = data.indicators.set_index("indicator")[f"name_{loc.lang}"]
        cells = {(r.iso3, r.indicator): r for r in figures.itertuples()}
        body = []
        for iso3 in iso3s:
            line = [names[iso3]]
            for indicator in rule.related:
                r = cells.get((iso3, indicator))
                line.append(figure(r, loc, t))
            body.append(line)
        ui.table([t("tracker.country"), *[catalogue[i] for i in rule.related]], body)
        ui.source_line(data, loc, ["unodc_glotip"], sorted(set(figures.year)))


def figure(row, loc, t) -> str:
    """A latest figure with its year, a range when withheld, or 'not reported'."""
    if row is None:
        return t("status.not_reported")
    text = loc.number(row.value) if row.value == row.value else loc.range(row.lower, row.upper)
    return f"{text} ({loc.year(row.year)})"


def progress_view(ctx, p, rules, iso3s, names, negative):
    t, loc, data = ctx.locale.t, ctx.locale, ctx.dataset
    st.subheader(t("tracker.progress_heading"))
    editions = data.editions.set_index(data.editions.edition.astype(str))

    def label(e):
        return t(
            "tracker.edition_label",
            city=editions.loc[e, f"city_{loc.lang}"],
            year=loc.year(editions.loc[e, "year"]),
        )

    state.widget(st.selectbox, p["since"], t("tracker.since"), p["since"].allowed, label)
    edition = state.value(p["since"])
    since = int(editions.loc[edition, "year"])
    changes = trk.progress(data.measures, rules, iso3s, negative, since)
    if changes.empty:
        years = sorted(set(data.measures[data.measures.iso3.isin(iso3s)].year))
        st.info(
            t(
                "tracker.changes_none",
                edition=ui.md(label(edition)),
                years=", ".join(loc.year(y) for y in years),
            )
        )
        return
    by_id = {r.recommendation: r for r in rules}
    for rec, group in changes[changes.change == "established"].groupby("recommendation"):
        st.markdown(
            "- "
            + t(
                "tracker.summary_established",
                edition=ui.md(label(edition)),
                n=loc.number(len(group)),
                title=ui.md(rec_label(by_id[rec], loc)),
            )
        )
    rows = [
        (
            names[c.iso3],
            rec_label(by_id[c.recommendation], loc),
            t(f"tracker.status_{c.status_then}"),
            t(f"tracker.status_{c.status_now}"),
            t(f"tracker.change_{c.change}"),
            loc.year(int(c.year_now)),
        )
        for c in changes.itertuples()
    ]
    header = [
        t("tracker.country"),
        t("tracker.recommendation"),
        t("tracker.from_status"),
        t("tracker.to_status"),
        t("tracker.change"),
        t("tracker.col_year"),
    ]
    ui.table(header, rows)


def main() -> None:
    """Draw the page (Streamlit runs this file as `__main__`)."""
    ctx = shell.context()
    with shell.guard(ctx) as ready:
        if ready:
            data, t, loc = ctx.dataset, ctx.locale.t, ctx.locale
            st.title(t("tracker.title"))
            st.markdown(t("tracker.intro"))
            rules, problem = load_rules(config.rules_path(), data)
            if problem:
                st.error(t("tracker.rules_error", error=ui.md(problem)))
            else:
                names = dict(
                    zip(data.countries.iso3, data.countries[f"name_{loc.lang}"], strict=True)
                )
                negative = set(data.indicators[data.indicators.higher_is == "worse"].indicator)
                p = params(data, rules, names)
                shell.bind(ctx, *p.values())
                state.settle(p.values())
                c1, c2 = st.columns([3, 1])
                with c1:
                    state.widget(
                        st.multiselect,
                        p["countries"],
                        t("tracker.countries"),
                        sorted(p["countries"].allowed, key=names.get),
                        names.get,
                        max_selections=20,
                        placeholder=ctx.locale.t("app.choose"),
                    )
                with c2:
                    state.widget(
                        st.radio,
                        p["view"],
                        t("tracker.view"),
                        p["view"].allowed,
                        lambda k: t(f"tracker.view_{k}"),
                    )
                state.publish(p.values())
                iso3s = list(state.value(p["countries"]))
                if state.value(p["view"]) == "matrix":
                    matrix_view(ctx, p, rules, iso3s, names, negative)
                else:
                    recommendation_view(ctx, p, rules, iso3s, names, negative)
                progress_view(ctx, p, rules, iso3s, names, negative)


if __name__ == "__main__":
    main()
