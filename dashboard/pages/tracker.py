"""Recommendations tracker: status by state and recommendation, the rule and evidence behind
each, one recommendation across the states, and progress between the forum's editions."""

import streamlit as st

from dashboard import config
from dashboard.catalogue import catalogue
from dashboard.ui import components as ui
from dashboard.ui import shell, state
from dashboard.ui.files import rules as load_rules
from dashboard.views import drawn
from dashboard.views.tracker import TrackerState, TrackerView, build


def choose_recommendation(ctx, p, view: TrackerView) -> None:
    """The recommendation selector (shared by both views)."""
    state.widget(
        st.selectbox,
        p["rec"],
        ctx.locale.t("tracker.recommendation"),
        p["rec"].allowed,
        view.labels.get,
    )


def rule_line(ctx, text: str) -> None:
    st.markdown(f"**{ui.md(ctx.locale.t('tracker.rule_heading'))}:** {ui.md(text)}")


def matrix_view(ctx, p, view: TrackerView, cat) -> None:
    t, loc = ctx.locale.t, ctx.locale
    st.subheader(t("tracker.matrix_heading"))
    if view.matrix_note:
        st.caption(ui.md(view.matrix_note))
    st.html(drawn.tracker_matrix(view, loc))
    st.caption(ui.md(view.legend))
    ui.source_html(view.source_text)
    c1, c2 = st.columns(2)
    with c1:
        ui.download_csv(t("tracker.download_csv"), view.table, view.csv_name, "tracker_csv")
    with c2:
        ui.download_xlsx(
            t("tracker.download_xlsx"), view.table, view.xlsx_name, "tracker_xlsx", loc.rtl
        )
    c1, c2 = st.columns(2)
    with c1:
        state.widget(st.selectbox, p["country"], t("tracker.country"), view.iso3s, cat.name)
    with c2:
        choose_recommendation(ctx, p, view)
    evidence = view.evidence
    st.markdown(f"#### {ui.md(evidence.heading)}")
    rule_line(ctx, evidence.rule_text)
    if not evidence.rows:
        st.info(ui.md(evidence.no_evidence))
        return
    ui.table(evidence.header, evidence.rows)
    ui.source_html(evidence.source_text)


def recommendation_view(ctx, p, view: TrackerView) -> None:
    t = ctx.locale.t
    choose_recommendation(ctx, p, view)
    per_rec = view.per_rec
    st.subheader(ui.md(per_rec.heading))
    rule_line(ctx, per_rec.rule_text)
    ui.table(per_rec.header, per_rec.rows)
    ui.source_html(per_rec.source_text)
    if per_rec.related_header:
        st.markdown(f"#### {ui.md(t('tracker.related_heading'))}")
        st.caption(t("tracker.related_caption"))
        ui.table(per_rec.related_header, per_rec.related_rows)
        ui.source_html(per_rec.related_source_text)


def progress_view(ctx, p, view: TrackerView) -> None:
    t = ctx.locale.t
    st.subheader(t("tracker.progress_heading"))
    state.widget(
        st.selectbox, p["since"], t("tracker.since"), p["since"].allowed, view.edition_labels.get
    )
    progress = view.progress
    if progress.none_text:
        st.info(ui.md(progress.none_text))
        return
    for summary in progress.summaries:
        st.markdown(f"- {ui.md(summary)}")
    ui.table(progress.header, progress.rows)


def main() -> None:
    """Draw the page (Streamlit runs this file as `__main__`)."""
    ctx = shell.context()
    with shell.guard(ctx) as ready:
        if ready:
            data, t, loc = ctx.dataset, ctx.locale.t, ctx.locale
            st.title(t("tracker.title"))
            rules, problem = load_rules(config.rules_path(), data)
            if problem:  # what the page is for, and why it cannot show it now
                st.markdown(t("tracker.intro"))
                st.error(t("tracker.rules_error", error=ui.md(problem)))
                return
            cat = catalogue(data, loc)
            p = TrackerState.declare(data, rules, loc)
            shell.bind(ctx, *p.values())
            state.settle(p.values())
            box = ui.controls_box(loc)
            c1, c2 = box.columns([3, 1])
            with c1:
                state.widget(
                    st.multiselect,
                    p["countries"],
                    t("tracker.countries"),
                    sorted(p["countries"].allowed, key=cat.name),
                    cat.name,
                    max_selections=20,
                    placeholder=t("app.choose"),
                )
            with c2:
                state.widget(
                    st.radio,
                    p["view"],
                    t("tracker.view"),
                    p["view"].allowed,
                    lambda k: t(f"tracker.view_{k}"),
                )
            # The focus country is one of the chosen states: declared once they are known.
            p = TrackerState.declare(data, rules, loc, state.value(p["countries"]))
            shell.bind(ctx, p["country"])
            state.settle([p["country"]])
            state.publish(p.values())
            st.markdown(t("tracker.intro"))
            view = build(data, loc, state.current(TrackerState, p), rules)
            if view.state.view == "matrix":
                matrix_view(ctx, p, view, cat)
            else:
                recommendation_view(ctx, p, view)
            progress_view(ctx, p, view)


if __name__ == "__main__":
    main()
