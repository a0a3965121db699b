"""Presentations: the decks on offer and the one being built; present, or take them home as
PowerPoint, PDF, or one chart as an image."""

import hashlib
from dataclasses import replace

import streamlit as st

from dashboard import registry
from dashboard.i18n import Locale
from dashboard.slides import decks as dk
from dashboard.slides import documents, figures
from dashboard.slides.adapt import build
from dashboard.slides.decks import SLIDE
from dashboard.ui import components as ui
from dashboard.ui import deck_builder, shell, state

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PAGE_NAMES = {p: registry.page(p).title_key for p in dk.PAGES}


def label(found, key: str, t, loc, built: int) -> str:
    if key == deck_builder.BUILT:
        return t("present.built_label", n=loc.number(built))
    deck = found[key]
    title = deck.name(loc, key)
    return t("present.deck_label", title=title, n=loc.number(len(deck.slides)))


def _edit(index: int, what: str, key: str, lang: str) -> None:
    slides = list(deck_builder.built_slides())
    if index >= len(slides):
        return
    text = " ".join(str(st.session_state.get(key, "")).split())[: dk.MAX_TEXT]
    texts = dict(getattr(slides[index], what))
    if text:
        texts[lang] = text
    else:
        texts.pop(lang, None)
    slides[index] = replace(slides[index], **{what: texts})
    deck_builder.set_built(tuple(slides))


def _move(index: int, step: int) -> None:
    slides = list(deck_builder.built_slides())
    other = index + step
    if 0 <= index < len(slides) and 0 <= other < len(slides):
        slides[index], slides[other] = slides[other], slides[index]
        deck_builder.set_built(tuple(slides))


def _remove(index: int) -> None:
    slides = list(deck_builder.built_slides())
    if 0 <= index < len(slides):
        del slides[index]
        deck_builder.set_built(tuple(slides))


def slide_list(ctx, deck, editable: bool) -> None:
    t, loc = ctx.locale.t, ctx.locale
    for index, slide in enumerate(deck.slides):
        number = loc.number(index + 1)
        title = slide.said("title", loc) or t(PAGE_NAMES[slide.page])
        with st.container(border=True):
            st.markdown(f"**{number}. {ui.md(title)}**")
            takeaway = slide.said("takeaway", loc)
            if takeaway:
                st.markdown(ui.md(takeaway))
            st.caption(t("present.slide_of", page=t(PAGE_NAMES[slide.page])))
            st.page_link(
                registry.file_of(slide.page),
                label=t("present.open_view"),
                query_params=slide.query,
            )
            if editable:
                tag = hashlib.sha256(dk.encode((slide,)).encode()).hexdigest()[:10]
                for what in ("title", "takeaway"):
                    key = f"edit_{what}_{index}_{tag}"
                    st.text_input(
                        t(f"present.edit_{what}"),
                        value=dict(getattr(slide, what)).get(loc.lang, ""),
                        key=key,
                        max_chars=dk.MAX_TEXT,
                        on_change=_edit,
                        args=(index, what, key, loc.lang),
                    )
                c1, c2, c3 = st.columns(3)
                c1.button(
                    t("present.up"),
                    key=f"up_{index}_{tag}",
                    on_click=_move,
                    args=(index, -1),
                    disabled=index == 0,
                )
                c2.button(
                    t("present.down"),
                    key=f"down_{index}_{tag}",
                    on_click=_move,
                    args=(index, 1),
                    disabled=index == len(deck.slides) - 1,
                )
                c3.button(
                    t("present.remove"),
                    key=f"remove_{index}_{tag}",
                    on_click=_remove,
                    args=(index,),
                )


def downloads(ctx, deck, key: str) -> None:
    t, data = ctx.locale.t, ctx.dataset
    st.subheader(t("present.take_home"))
    st.caption(t("present.take_home_caption"))
    lang = st.radio(
        t("present.export_language"),
        ("en", "ar"),
        index=0 if ctx.locale.lang == "en" else 1,
        format_func=lambda code: t(f"lang.{code}"),
        horizontal=True,
        key="export_lang",
    )
    loc = Locale(lang, ctx.locale.digits)  # type: ignore[arg-type]
    stem = f"{key}-{lang}-v{data.version}"
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        t("present.download_pptx"),
        lambda: documents.deck_pptx(data, loc, deck),
        file_name=f"{stem}.pptx",
        mime=PPTX,
        key="download_pptx",
        on_click="ignore",
    )
    drawn = figures.can_render()
    if not drawn:
        c2.caption(t("present.no_chromium"))
    c2.download_button(
        t("present.download_pdf"),
        lambda: documents.deck_pdf(data, loc, deck),
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        key="download_pdf",
        on_click="ignore",
        disabled=not drawn,
    )
    c3.download_button(
        t("present.download_yaml"),
        dk.dump(deck),
        file_name=f"{key}.yaml",
        mime="application/x-yaml",
        key="download_yaml",
        on_click="ignore",
    )
    with st.expander(t("present.images")):
        st.caption(t("present.images_caption"))
        for index, slide in enumerate(deck.slides):
            title = slide.said("title", loc) or t(PAGE_NAMES[slide.page])
            cols = st.columns([4, 1, 1])
            cols[0].markdown(f"{loc.number(index + 1)}. {ui.md(title)}")
            formats = ("png",) if slide.page == "flows" else ("png", "svg") if drawn else ()
            for col, fmt in zip(cols[1:], formats, strict=False):
                col.download_button(
                    fmt.upper(),
                    _image(data, loc, slide, fmt),
                    file_name=f"{key}-{index + 1}-{lang}.{fmt}",
                    mime="image/png" if fmt == "png" else "image/svg+xml",
                    key=f"image_{index}_{fmt}",
                    on_click="ignore",
                )


def _image(data, loc, slide, fmt):
    def make() -> bytes:
        view = build(data, loc, slide.page, slide.query)
        if view.kind == "table":
            return figures.render([figures.page_figure(_page(data, loc, slide, view), loc)], fmt)[0]
        return figures.chart_image(view, fmt)

    return make


def _page(data, loc, slide, view):
    return figures.page_of(
        data,
        loc,
        view,
        slide.said("title", loc),
        slide.said("takeaway", loc),
        figures.dataset_line(data, loc),
    )


def main() -> None:
    ctx = shell.context()
    with shell.guard(ctx) as ready:
        if not ready:
            return
        t, loc = ctx.locale.t, ctx.locale
        st.title(t("present.title"))
        st.markdown(t("present.intro"))
        found, problems = deck_builder.available()
        for problem in problems:
            st.warning(t("present.deck_problem", problem=ui.md(problem.text(loc))))
        chosen = deck_builder.choice(found)
        shell.bind(ctx, chosen)
        state.settle([chosen])
        built = len(deck_builder.built_slides())
        state.widget(
            st.selectbox,
            chosen,
            t("present.deck"),
            chosen.allowed,
            lambda key: label(found, key, t, loc, built),
        )
        state.publish([chosen])
        key = state.value(chosen)
        deck = deck_builder.deck_of(found, key, loc)
        if deck is None:
            st.info(t("present.empty"))
            return
        if st.button(t("present.start"), type="primary", key="start_presenting"):
            st.session_state[state.widget_key(SLIDE)] = 1
            # The deck's selectbox is gone on the next page (and its state with it): the
            # presentation reads the deck from the address instead.
            st.switch_page(registry.file_of("present"), query_params={"deck": key, "slide": "1"})
        st.caption(t("present.keys"))
        slide_list(ctx, deck, editable=key == deck_builder.BUILT)
        downloads(ctx, deck, key)


if __name__ == "__main__":
    main()
