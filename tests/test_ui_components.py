"""The small rules of the page components that need no page: which browsers are phones, and how
a data table's cell is written."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.ui.components import cell_text, is_phone

ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/131.0.0.0 Mobile Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
    " Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"
OPERA_MINI = "Opera/9.80 (J2ME/MIDP; Opera Mini/9.80 (S60; SymbOS; Opera Mobi/23.348; U; en)"
DESKTOP = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/131.0.0.0 Safari/537.36"
)
TABLET = (
    "Mozilla/5.0 (Linux; Android 14; SM-X910) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/131.0.0.0 Safari/537.36"
)


@pytest.mark.parametrize(
    "agent, phone",
    [
        (ANDROID, True),
        (IPHONE, True),
        (FIREFOX_ANDROID, True),
        (OPERA_MINI, True),
        (DESKTOP, False),
        (TABLET, False),  # a tablet has room for the choices
        ("", False),
        (None, False),  # no header at all: shown as on a desktop
    ],
)
def test_phones_are_told_by_their_user_agent(agent, phone):
    assert is_phone(agent) is phone


@pytest.mark.parametrize(
    "value, text",
    [(52.0, "52"), (0.25, "0.25"), (None, ""), (float("nan"), ""), (pd.NA, ""), ("DZA", "DZA")],
)
def test_a_cell_is_written_as_a_reader_expects(value, text):
    assert cell_text(value) == text
