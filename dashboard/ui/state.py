"""View state in the URL: every selection is a query parameter, so a link shares the view.

`parse` is pure (tested, and fuzzed): an unknown, malformed or oversized value falls back to
the default and is reported by name, never raised.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import streamlit as st

# A value longer than this is not a value of ours: fall back instead of looking it up.
MAX_LENGTH = 64


@dataclass(frozen=True)
class Choice:
    """One query parameter with a closed set of values."""

    name: str
    default: str
    allowed: tuple[str, ...]


LANG = Choice("lang", "en", ("en", "ar"))
DIGITS = Choice("digits", "latn", ("latn", "arab"))


def parse(
    query: Mapping[str, object], choices: Sequence[Choice]
) -> tuple[dict[str, str], list[str]]:
    """Values for `choices` read from a query mapping, and the names that were not usable."""
    values: dict[str, str] = {}
    rejected: list[str] = []
    for choice in choices:
        raw = query.get(choice.name)
        if raw is None:
            values[choice.name] = choice.default
            continue
        if isinstance(raw, list | tuple):
            raw = raw[-1] if raw else ""
        text = str(raw)
        if len(text) > MAX_LENGTH or text not in choice.allowed:
            values[choice.name] = choice.default
            rejected.append(choice.name)
        else:
            values[choice.name] = text
    return values, rejected


def widget_key(choice: Choice) -> str:
    return f"qp_{choice.name}"


def bind(choices: Sequence[Choice]) -> list[str]:
    """Seed each choice's widget state from the URL once per session; return rejected names.

    Widgets then use `key=widget_key(choice)`, and `publish` writes their values back.
    """
    fresh = [c for c in choices if widget_key(c) not in st.session_state]
    if not fresh:
        return []
    values, rejected = parse(st.query_params.to_dict(), fresh)
    for choice in fresh:
        st.session_state[widget_key(choice)] = values[choice.name]
    return rejected


def value(choice: Choice) -> str:
    """The choice's current value; the default when a widget was cleared (e.g. deselected)."""
    current = st.session_state.get(widget_key(choice))
    return current if current in choice.allowed else choice.default


def publish(choices: Sequence[Choice]) -> None:
    """Write the current values to the URL, so the address bar always shares this view."""
    for choice in choices:
        current = value(choice)
        if st.query_params.get(choice.name) != current:
            st.query_params[choice.name] = current
