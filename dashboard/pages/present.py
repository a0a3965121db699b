"""Presentation mode: one slide of a deck at a time, in large type, with no controls in the way.

Each slide fits the screen, whatever its size from 1280 x 720 up: nothing scrolls and nothing is
under the button bar (the sizes are in style.presentation_css). Keys (what presentation
clickers send): → PageDown Space next, ← PageUp previous, in both languages; Home first, End
last, F full screen. The on-screen buttons point the reading way (in Arabic "next" points and
sits left); each is named for a screen reader in the reader's language. The deck, the slide,
the theme and the language are in the URL, so a reload or a switch of language stays on the
same slide.
"""

from html import escape

import streamlit as st

from dashboard import registry
from dashboard.slides.adapt import build, source_text, steps
from dashboard.slides.decks import SLIDE
from dashboard.slides.figures import THEMES, dataset_line, slide_figure
from dashboard.ui import components as ui
from dashboard.ui import deck_builder, shell, state, style
from dashboard.ui.files import static_url
from dashboard.views.flows import LANDS

THEME = state.Choice("theme", "light", tuple(THEMES))

# Keys to the on-screen buttons: the buttons do the work, so both behave the same. A clicker's
# forward button sends → or Page Down (some send Space): forward in both languages, although
# the on-screen "next" points the reading way (left in Arabic). The same script fits each
# slide's table or map key to the room the screen leaves (see style.presentation_css).
SCRIPT = """
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
  // The largest type (a share of the slide's own, from SMALLEST to the text's data-largest)
  // at which a box's content is not larger than the box; the box's size comes from the screen
  // (CSS).
  const SMALLEST = 0.5;
  function overflows(box) {
    return box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;
  }
  function fit(text) {
    const box = text.closest("[data-testid=stVerticalBlock]");
    let low = SMALLEST, high = parseFloat(text.getAttribute("data-largest")) || 1;
    text.style.setProperty("--fit", String(high));
    if (overflows(box)) {
      for (let step = 0; step < 9; step++) {
        const middle = (low + high) / 2;
        text.style.setProperty("--fit", String(middle));
        if (overflows(box)) { high = middle; } else { low = middle; }
      }
      text.style.setProperty("--fit", String(low));
    }
    text.setAttribute("data-fitted", box.clientWidth + "x" + box.clientHeight);
  }
  // One part's type changes the room left to the others (the notes to the figure): fit again
  // until no box has changed, a few rounds at most.
  let rounds = 0;
  function fitAll() {
    let changed = false;
    doc.querySelectorAll(".tip-fit").forEach(function (text) {
      const box = text.closest("[data-testid=stVerticalBlock]");
      if (box && text.getAttribute("data-fitted") !== box.clientWidth + "x" + box.clientHeight) {
        fit(text);
        changed = true;
      }
    });
    if (changed && rounds < 4) { rounds++; later(); } else { rounds = 0; }
  }
  let pending = false;
  function later() {
    if (pending) { return; }
    pending = true;
    requestAnimationFrame(function () { pending = false; fitAll(); });
  }
  new MutationObserver(later).observe(doc.body, {childList: true, subtree: true});
  window.addEventListener("resize", later);
  if (doc.fonts) { doc.fonts.ready.then(later); }
  later();
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


def fitted(html: str, largest: float = 1.0) -> str:
    """HTML whose type shrinks until it fits its part of the slide (a table, a map's key, the
    notes), or grows up to `largest` times the slide's type to fill it."""
    return f"<div class='tip-present tip-fit' data-largest='{largest}'>{html}</div>"


def draw_view(ctx, view, theme: str) -> None:
    """The view in the room the screen leaves under the title: the figure takes what the
    texts under it do not (style.presentation_css), a map its key beside it."""
    data, loc = ctx.dataset, ctx.locale
    notes = [f"<p class='tip-present-notes'>{escape(note)}</p>" for note in view.notes]
    with st.container(key="present_figure"):
        if view.kind == "chart":
            st.plotly_chart(
                slide_figure(view.figure, theme).update_layout(height=None),
                key="slide_chart",
                theme=None,
                config={"displayModeBar": False, "responsive": True},
                height="stretch",
            )
        elif view.kind == "map":
            with st.container(key="present_map", horizontal=True, gap="medium"):
                with st.container(key="present_map_deck"):
                    deck = view.deck_over(static_url(LANDS[theme])) if view.deck_over else view.deck
                    st.pydeck_chart(deck, height="stretch", key="slide_map")
                with st.container(key="present_map_key"):
                    st.html(fitted(view.deck_key + "".join(notes)))
            notes = []
        else:
            header, rows = view.table
            st.html(fitted(ui.html_table(header, rows), largest=1.2))
    line = source_text(data, loc, view) + " · " + dataset_line(data, loc)
    with st.container(key="present_foot"):  # long notes are set smaller, not over the figure
        st.html(fitted("".join(notes) + f"<p class='tip-present-source'>{escape(line)}</p>"))


def nav_bar(ctx, number: int, total: int, theme: str) -> None:
    """The buttons, fixed at the foot of the screen; the keys press them."""
    with st.container(key="present_bar", horizontal=True, vertical_alignment="center"):
        _buttons(ctx, number, total, theme)


# The steps' icons, first to last, pointing the reading way: in Arabic "next" points left (and,
# the bar being laid out right to left, sits left of "previous").
STEPS = ("first", "prev", "next", "last")
ICONS = ("first_page", "chevron_left", "chevron_right", "last_page")


def _buttons(ctx, number: int, total: int, theme: str) -> None:
    t = ctx.locale.t
    icons = dict(zip(STEPS, ICONS[::-1] if ctx.locale.rtl else ICONS, strict=True))
    targets = (1, number - 1, number + 1, total)
    with st.container(key="present_steps", horizontal=True, width="content"):
        for name, target in zip(STEPS, targets, strict=True):
            # The label is the button's name for a screen reader (shown only as the icon);
            # the tooltip says the keys that press it.
            st.button(
                t(f"present.{name}"),
                key=f"present_{name}",
                icon=f":material/{icons[name]}:",
                help=t(f"present.{name}_keys"),
                on_click=go_to,
                args=(target,),
                disabled=not 1 <= target <= total or target == number,
            )
    with st.container(key="present_tools", horizontal=True, width="content"):
        other = "ar" if ctx.locale.lang == "en" else "en"
        st.button(t(f"lang.{other}"), key="present_lang", on_click=other_language)
        st.button(t(f"present.theme_{theme}"), key="present_theme", on_click=other_theme)
        st.html(
            f"<button id='tip-fullscreen' type='button'>{escape(t('present.full'))}</button>",
            width="content",
        )
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
        st.html(SCRIPT, unsafe_allow_javascript=True)
        deck = deck_builder.deck_of(found, state.value(chosen), ctx.locale)
        if deck is None:
            st.info(ctx.locale.t("present.no_deck"))
            st.page_link(registry.file_of("deck"), label=ctx.locale.t("present.leave"))
            return
        shown = steps(ctx.dataset, deck.slides)  # a slide that plays its years: one per year
        total = len(shown)
        number = min(state.value(SLIDE), total)
        go_to(number)
        state.publish([chosen, SLIDE, THEME])
        slide = shown[number - 1]
        loc = ctx.locale
        view = build(ctx.dataset, loc, slide.page, slide.query)
        title = slide.said("title", loc) or view.heading
        deck_title = deck.name(loc)
        takeaway = slide.said("takeaway", loc)
        counter = loc.t("present.counter", n=loc.number(number), total=loc.number(total))
        st.html(
            "<div class='tip-present'>"
            f"<div class='tip-present-counter'><span>{escape(deck_title)}</span>"
            f"<span data-testid='tip-slide-counter'>{escape(counter)}</span></div>"
            f"<h1 class='tip-present-title'>{escape(title)}</h1>"
            + (f"<p class='tip-present-takeaway'>{escape(takeaway)}</p>" if takeaway else "")
            + f"<p class='tip-sr-only'>{escape(loc.t('present.keys'))}</p>"
            + "</div>"
        )
        for name in view.rejected:
            st.caption(loc.t("notice.bad_param", name=ui.md(name)))
        draw_view(ctx, view, theme)
        nav_bar(ctx, number, total, theme)


if __name__ == "__main__":
    main()
