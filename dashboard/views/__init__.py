"""One view per page, shared by the page and its slide.

Each module holds a frozen `<Page>State` (the page's selections, declared as URL parameters in
`declare`, read from an address with `read`) and a pure `build(dataset, locale, state)` that
returns a `<Page>View`: every frame, figure input, text, source line, caution and download
table the page shows. No Streamlit here. A page reads its state from its widgets, builds, and
lays the view out; a slide (`dashboard.slides.adapt`) adapts the same view, so no rule, number
or text is worked out twice. Names, units, sources and separators come from
`dashboard.catalogue`.
"""
