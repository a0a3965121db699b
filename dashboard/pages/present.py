"""Presentation mode: one slide of a deck at a time, in large type, with no controls in the way.

Keys (what presentation clickers send): → PageDown Space next, ← PageUp previous, Home first,
End last, F full screen. The deck, the slide, the theme and the language are in the URL, so a
reload or a switch of language stays on the same slide.
"""

from html import escape

import streamlit as st

from dashboard import registry
from dashboard.slides.adapt import build, source_text
from dashboard.slides.decks import SLIDE
from dashboard.slides.figures import THEMES, dataset_line, slide_figure
from dashboard.ui import components as ui
from dashboard.ui import deck_builder, shell, state, style

THEME = state.Choice("theme", "light", tuple(THEMES))
CHART_HEIGHT = 560
MAP_HEIGHT = 470  # the map's key takes the rest of the screen

# Keys to the on-screen buttons: the buttons do the work, so both behave the same.
KEYS = """
<script>
(function () {
  if (window.__tipPresentKeys) { return; }
  window.__tipPresentKeys = true;
  const doc = window.document;
  const actions = {ArrowRight: "next", PageDown: "next", " ": "next", ArrowLeft: "prev",
                   PageUp: "prev", Home: "first", End: "last", f: "full", F: "full"};
  function fullScreen() {
    if (doc.fullscreenElement) { doc.exitFullscreen(); }
    else { doc.documentElement.requestFullscreen().catch(function () {}); }
  }
  doc.addEventListener("keydown", function (event) {
    if (!doc.querySelector(".st-key-present_next")) { return; }
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    const target = event.target;
    if (target && target.closest && target.closest("input, textarea, select")) { return; }
    const action = actions[event.key];
    if (!action) { return; }
    event.preventDefault();
    if (action === "full") { fullScreen(); return; }
    const button = doc.querySelector(".st-key-present_" + action + " button");
    if (button && !button.disabled) { button.click(); }
  }, true);
  doc.addEventListener("click", function (event) {
    if (event.target && event.target.closest && event.target.closest("#tip-fullscreen")) {
      fullScreen();
    }
  });
})();
</script>
"""


def go_to(number: int) -> None:
    st.session_state[state.widget_key(SLIDE)] = number


def other_language() -> None:
    key = state.widget_key(state.LANG)
    st.session_state[key] = "ar" if st.session_state.get(key) == "en" else "en"


def other_theme() -> None:
    key = state.widget_key(THEME)
    st.session_state[key] = "dark" if st.session_state.get(key) == "light" else "light"


def draw_view(ctx, view, theme: str) -> None:
    data, loc = ctx.dataset, ctx.locale
    if view.kind == "chart":
        st.plotly_chart(
            slide_figure(view.figure, theme).update_layout(height=CHART_HEIGHT),
            key="slide_chart",
            theme=None,
            config={"displayModeBar": False},
        )
    elif view.kind == "map":
        st.pydeck_chart(view.deck, height=MAP_HEIGHT, key="slide_map")
        st.html(f"<div class='tip-present'>{view.deck_key}</div>")
    else:
        header, rows = view.table
        st.html(f"<div class='tip-present'>{ui.html_table(header, rows)}</div>")
    for note in view.notes:
        st.html(f"<p class='tip-present tip-present-notes'>{escape(note)}</p>")
    line = source_text(data, loc, view) + " · " + dataset_line(data, loc)
    st.html(f"<p class='tip-present tip-present-source'>{escape(line)}</p>")


def nav_bar(ctx, number: int, total: int, theme: str) -> None:
    """The buttons, fixed at the foot of the screen; the keys press them."""
    with st.container(key="present_bar"):
        _buttons(ctx, number, total, theme)


def _buttons(ctx, number: int, total: int, theme: str) -> None:
    t = ctx.locale.t
    cols = st.columns([1, 1, 1, 1, 2, 2, 2, 2], vertical_alignment="center")
    # The arrows follow the reading direction: in Arabic, "next" points left.
    start, back, forward, end = "⏮◀▶⏭"[::-1] if ctx.locale.rtl else "⏮◀▶⏭"
    buttons = (
        ("first", start, t("present.first"), 1, number == 1),
        ("prev", back, t("present.prev"), number - 1, number == 1),
        ("next", forward, t("present.next"), number + 1, number == total),
        ("last", end, t("present.last"), total, number == total),
    )
    for col, (name, label, help_text, target, disabled) in zip(cols, buttons, strict=False):
        with col:
            st.button(
                label,
                key=f"present_{name}",
                help=help_text,
                on_click=go_to,
                args=(target,),
                disabled=disabled,
                width="stretch",
            )
    with cols[4]:
        other = "ar" if ctx.locale.lang == "en" else "en"
        st.button(t(f"lang.{other}"), key="present_lang", on_click=other_language)
    with cols[5]:
        st.button(t(f"present.theme_{theme}"), key="present_theme", on_click=other_theme)
    with cols[6]:
        st.html(f"<button id='tip-fullscreen' type='button'>{escape(t('present.full'))}</button>")
    with cols[7]:
        st.page_link(registry.file_of("deck"), label=t("present.leave"))


def main() -> None:
    ctx = shell.context()
    with shell.guard(ctx) as ready:
        if not ready:
            return
        found, _problems = deck_builder.available()
        chosen = deck_builder.choice(found)
        shell.bind(ctx, chosen, SLIDE, THEME)
        state.settle([chosen, SLIDE, THEME])
        theme = state.value(THEME)
        st.html(style.presentation_css(THEMES[theme]))
        st.html(KEYS, unsafe_allow_javascript=True)
        deck = deck_builder.deck_of(found, state.value(chosen), ctx.locale)
        if deck is None:
            st.info(ctx.locale.t("present.no_deck"))
            st.page_link(registry.file_of("deck"), label=ctx.locale.t("present.leave"))
            return
        total = len(deck.slides)
        number = min(state.value(SLIDE), total)
        go_to(number)
        state.publish([chosen, SLIDE, THEME])
        slide = deck.slides[number - 1]
        loc = ctx.locale
        view = build(ctx.dataset, loc, slide.page, slide.query)
        title = slide.line("title", loc.lang) or view.heading
        deck_title = deck.title.get(loc.lang) or next(iter(deck.title.values()), "")
        counter = loc.t("present.counter", n=loc.number(number), total=loc.number(total))
        st.html(
            "<div class='tip-present'>"
            f"<div class='tip-present-counter'><span>{escape(deck_title)}</span>"
            f"<span data-testid='tip-slide-counter'>{escape(counter)}</span></div>"
            f"<h1 class='tip-present-title'>{escape(title)}</h1>"
            + (
                f"<p class='tip-present-takeaway'>{escape(slide.line('takeaway', loc.lang))}</p>"
                if slide.line("takeaway", loc.lang)
                else ""
            )
            + "</div>"
        )
        for name in view.rejected:
            st.caption(loc.t("notice.bad_param", name=ui.md(name)))
        draw_view(ctx, view, theme)
        nav_bar(ctx, number, total, theme)


if __name__ == "__main__":
    main()
