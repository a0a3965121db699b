"""The decks the app offers, and the deck a chair builds ("add to deck"), kept in the URL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard import config
from dashboard.slides import decks
from dashboard.ui import state
from dashboard.ui.files import stamp

DEFAULT = "forum-session"
BUILT = "built"
_PAGE = "_tip_page"  # the page of the last run: what "add to deck" adds
FULL = "_tip_deck_full"  # set when a view could not be added


@dataclass(frozen=True)
class Built:
    """The deck being built, as the `build` URL parameter (see `decks.encode`)."""

    name: str = "build"
    default: str = ""

    @property
    def max_length(self) -> int:
        return decks.MAX_BUILT

    def read(self, text: str) -> str | None:
        return text if decks.decode(text) is not None else None

    def coerce(self, value: object) -> str:
        ok = isinstance(value, str) and decks.decode(value) is not None
        return value if ok else self.default  # type: ignore[return-value]

    def write(self, value: str) -> str:
        return value


BUILD = Built()


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(folder: str, fingerprint: tuple):
    return decks.load(Path(folder))


def available() -> tuple[dict[str, decks.Deck], list[decks.DeckError]]:
    """The deck files (checked), and what is wrong with any that cannot be used."""
    folder = config.decks_path()
    return _load(str(folder), stamp(folder))


def built_slides() -> tuple[decks.Slide, ...]:
    return decks.decode(state.value(BUILD)) or ()


def set_built(slides: tuple[decks.Slide, ...]) -> None:
    st.session_state[state.widget_key(BUILD)] = decks.encode(slides) if slides else ""


def choice(found: dict[str, decks.Deck]) -> state.Choice:
    ids = (*found, BUILT)
    default = DEFAULT if DEFAULT in found else ids[0]
    return state.Choice("deck", default, ids)


def deck_of(found: dict[str, decks.Deck], chosen: str, locale) -> decks.Deck | None:
    if chosen == BUILT:
        slides = built_slides()
        title = {locale.lang: locale.t("present.built")}
        return decks.built(slides, title) if slides else None
    return found.get(chosen)


def remember_page(url_path: str) -> None:
    st.session_state[_PAGE] = url_path


def add_current_view() -> None:
    """Callback of "add to deck": the page shown and its URL state become the last slide."""
    page = st.session_state.get(_PAGE)
    if page not in decks.PAGES:
        return
    query = {k: v for k, v in st.query_params.to_dict().items() if k not in decks.APP_PARAMS}
    slides = built_slides()
    try:
        slide = decks.slide_from({"page": page, "view": query}, decks.Where(), False)
    except decks.DeckError:  # a view too long to carry in a link
        slide = None
    grown = (*slides, slide)
    if slide is None or len(grown) > decks.MAX_SLIDES or len(decks.encode(grown)) > decks.MAX_BUILT:
        st.session_state[FULL] = True  # said once, by the sidebar
        return
    set_built(grown)


def publish() -> None:
    """The built deck in the URL; no parameter at all while it is empty."""
    text = state.value(BUILD)
    if text:
        if st.query_params.get(BUILD.name) != text:
            st.query_params[BUILD.name] = text
    elif BUILD.name in st.query_params:
        del st.query_params[BUILD.name]
