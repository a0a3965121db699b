"""View state in the URL, bound to Streamlit widgets.

The parameters themselves (`Choice`, `Codes`, `Number`) and `parse` are in
`dashboard.views.params`, without Streamlit; here each is seeded from the address once per
session, held by its widget, and written back so the address bar always shares the view.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard.views.params import (  # noqa: F401  (re-exported for the pages)
    DIGITS,
    LANG,
    MAX_LENGTH,
    Choice,
    Codes,
    Number,
    Param,
    parse,
)


def widget_key(param: Param) -> str:
    return f"qp_{param.name}"


def _widget_value(param: Param, value):
    """How a widget holds the value: multiselects hold lists."""
    return list(value) if isinstance(param, Codes) else value


def bind(params: Sequence[Param]) -> list[str]:
    """Seed each parameter's widget state from the URL once per session; return rejected names.

    Widgets then use `key=widget_key(param)`, and `publish` writes their values back.
    """
    fresh = [p for p in params if widget_key(p) not in st.session_state]
    if not fresh:
        return []
    values, rejected = parse(st.query_params.to_dict(), fresh)
    for param in fresh:
        st.session_state[widget_key(param)] = _widget_value(param, values[param.name])
    return rejected


def settle(params) -> None:
    """Replace a widget's stored value that is no longer usable (e.g. a country removed from
    its options) by the default, before the widget is drawn."""
    for param in params:
        key = widget_key(param)
        current = st.session_state.get(key)
        fixed = _widget_value(param, param.coerce(current))
        if current != fixed:
            st.session_state[key] = fixed


def value(param: Param):
    """The parameter's current value; the default when a widget holds something unusable."""
    return param.coerce(st.session_state.get(widget_key(param)))


def current(cls, params):
    """A page's state (a `ViewState` subclass) from its widgets' current values."""
    return cls(**{field: value(param) for field, param in params.items()})


def publish(params: Sequence[Param]) -> None:
    """Write the current values to the URL, so the address bar always shares this view."""
    for param in params:
        text = param.write(value(param))
        if st.query_params.get(param.name) != text:
            st.query_params[param.name] = text


def widget(kind, param: Param, label: str, options, fmt, **kwargs):
    """A Streamlit input (selectbox, radio, multiselect...) bound to a URL parameter. A
    multiselect's chosen items wrap onto more rows (in a column Streamlit would keep them on one
    row that scrolls sideways, which on a phone shows "Kuw" for Kuwait)."""
    if kind is st.multiselect:
        kwargs.setdefault("wrap", True)
    return kind(label, options, key=widget_key(param), format_func=fmt, **kwargs)
