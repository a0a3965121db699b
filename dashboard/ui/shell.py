"""The frame around every page: language, direction, digits, dataset, notices, pages.

`streamlit_app.py` calls `start()` and `pages()`; each page calls `context()` and draws
inside `guard()`, so an error in one view shows a short message, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import streamlit as st

from dashboard import config, registry
from dashboard.dataset import Dataset, store
from dashboard.i18n import Locale
from dashboard.slides.decks import MAX_SLIDES
from dashboard.ui import components, deck_builder, state, style, uploads
from dashboard.ui.served import served

log = logging.getLogger(__name__)
_CONTEXT = "_tip_context"
_SEEN = "_tip_dataset_seen"
PRESENT_PARAMS = ("deck", "slide", "theme", "lang", "digits", "build")


@dataclass(frozen=True)
class Context:
    """What a page needs: the reader's locale, the dataset, and notices to show."""

    locale: Locale
    dataset: Dataset | None
    notices: list[str] = field(default_factory=list)
    theme: str = "light"  # the page's theme, "light" or "dark" (components.page_theme)


def _forget_crafted_widgets() -> int:
    """Drop widget states the browser could not have sent: ids that are not Streamlit's element
    ids (`$$ID-...`) and belong to no widget. Streamlit reads such an id as a session key with
    no value and fails on every later run of that session (a traceback in the log each time);
    a crafted message is all it takes. Returns how many were dropped (each is logged)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    from streamlit.runtime.state.common import is_element_id

    run = get_script_run_ctx()
    widgets = getattr(
        getattr(getattr(run, "session_state", None), "_state", None), "_new_widget_state", None
    )
    if widgets is None:
        return 0
    crafted = [
        k for k in list(widgets.states) if not is_element_id(k) and k not in widgets.widget_metadata
    ]
    for key in crafted:
        widgets.states.pop(key, None)
        log.warning("ignored the state of a widget that does not exist: %r", key[:80])
    return len(crafted)


def start() -> Context:
    """Set up the page for this run: call first, from the entry script."""
    _forget_crafted_widgets()  # before any widget: they would fail on it
    uploads.install()  # once per process: no file taken from a session not signed in
    uploads.sweep_now()  # and none kept for a session that has gone
    rejected = state.bind([state.LANG, state.DIGITS, deck_builder.BUILD])
    locale = Locale(state.value(state.LANG), state.value(state.DIGITS))  # type: ignore[arg-type]
    st.set_page_config(
        page_title=locale.t("app.title"),
        layout="wide",
        initial_sidebar_state="auto",
    )
    theme = components.page_theme()
    style.apply(locale)
    notices = [locale.t("notice.bad_param", name=components.md(name)) for name in rejected]
    data = served(store.data_path())
    dataset = data.dataset
    if data.errors and dataset is not None:
        notices.append(
            locale.plural(
                "notice.dataset_fallback",
                data.errors,
                path=components.md(data.path),
                version=dataset.version,
                date=locale.date(dataset.created),
            )
        )
    elif dataset is None:
        notices.append(
            locale.t(
                "notice.dataset_missing",
                path=components.md(data.path),
                code_path=str(data.path).replace("`", "'"),  # inside a code span: no escapes
            )
        )
    if dataset is not None:
        seen = (dataset.version, dataset.created)
        before = st.session_state.get(_SEEN)
        if before is not None and before != seen:
            notices.append(
                locale.t(
                    "notice.dataset_updated",
                    version=locale.digits_of(dataset.version),
                    date=locale.date(dataset.created),
                )
            )
        st.session_state[_SEEN] = seen
    _sidebar(locale, dataset)
    state.publish([state.LANG, state.DIGITS])
    deck_builder.publish()
    context = Context(locale, dataset, notices, theme)
    st.session_state[_CONTEXT] = context
    return context


def _sidebar(locale: Locale, dataset: Dataset | None) -> None:
    with st.sidebar:
        st.radio(
            locale.t("sidebar.language"),
            state.LANG.allowed,
            key=state.widget_key(state.LANG),
            format_func=lambda code: locale.t(f"lang.{code}"),
            horizontal=True,
        )
        st.radio(
            locale.t("sidebar.digits"),
            state.DIGITS.allowed,
            key=state.widget_key(state.DIGITS),
            format_func=lambda code: locale.t(f"sidebar.digits_{code}"),
        )
        if dataset is not None:
            st.caption(
                locale.t(
                    "sidebar.dataset",
                    version=locale.digits_of(dataset.version),
                    date=locale.date(dataset.created),
                )
            )
        st.caption(locale.t("sidebar.disclaimer"))


def pages(context: Context) -> list[st.Page]:
    """The app's pages (`dashboard.registry`), titled in the reader's language. The
    secretariat's page exists only where a passphrase is configured: otherwise the app is
    read-only."""
    t = context.locale.t
    return [
        st.Page(
            str(p.file),
            title=t(p.title_key),
            url_path=p.name,
            default=p.default,
            visibility="hidden" if p.hidden else "visible",
        )
        for p in registry.PAGES
        if not p.secretariat or config.secretariat_key()
    ]


def around(context: Context, page: st.Page) -> None:
    """Before a page runs: `?present=1` opens presentation mode; the sidebar offers to add
    the view to the deck being built."""
    name = page.url_path or registry.DEFAULT  # the default page's path is ""
    if name != "present" and st.query_params.get("present") == "1":
        # The presentation's own settings go along (a page switch clears the address).
        keep = {k: v for k, v in st.query_params.to_dict().items() if k in PRESENT_PARAMS}
        st.switch_page(registry.file_of("present"), query_params=keep)
    style.watch_theme(None if name == "present" else context.theme)
    deck_builder.remember_page(name)
    if name not in registry.SLIDES:
        return
    t = context.locale.t
    with st.sidebar:
        count = len(deck_builder.built_slides())
        st.button(
            t("present.add"),
            key="add_to_deck",
            on_click=deck_builder.add_current_view,
            disabled=count >= MAX_SLIDES,
            help=t("present.add_help"),
        )
        if st.session_state.pop(deck_builder.FULL, False):
            st.warning(t("present.deck_full", n=context.locale.number(MAX_SLIDES)))
        if count:
            st.caption(t("present.deck_count", n=context.locale.number(count)))


def bind(context: Context, *choices: state.Choice) -> None:
    """Read a page's own selections from the URL; say which ones could not be used."""
    for name in state.bind(choices):
        st.warning(context.locale.t("notice.bad_param", name=components.md(name)))


def section(context: Context, draw: Callable[[], None]) -> None:
    """A part of a page with its own controls, drawn as a fragment: changing one of them
    reruns this part alone (`draw`), not the page. An error shows the page's short message
    in its place."""

    @st.fragment
    def part() -> None:
        try:
            draw()
        except Exception:
            log.exception("a part of a page failed to draw")
            st.error(context.locale.t("notice.page_error"))

    part()


def context() -> Context:
    """The context `start()` made for this run."""
    return st.session_state[_CONTEXT]


@contextmanager
def guard(context: Context) -> Iterator[bool]:
    """Draw a page: notices first; any error becomes a short message (logged in full).

    Yields False when there is no dataset to draw from, so the page draws nothing else.
    """
    for notice in context.notices:
        st.warning(notice)
    try:
        yield context.dataset is not None
    except Exception:
        log.exception("a page failed to draw")
        st.error(context.locale.t("notice.page_error"))
