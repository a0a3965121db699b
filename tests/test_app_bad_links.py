"""Links that cannot be used: every page, given unknown values, wrong types, huge lists and
10 kB strings in its parameters, draws its default view with a notice naming what it could
not use, and never an exception."""

from __future__ import annotations

import pytest

from dashboard.i18n import Locale
from tests.apptest import run_page, shown

EN = Locale("en").t

HUGE = "A" * 10_000
LIST = ",".join(["BHR"] * 500)
BAD = {
    "overview": {"group": HUGE},
    "compare": {"indicator": "<script>", "year": "20x2", "add": LIST, "side": "ZZZ"},
    "profile": {"country": HUGE},
    "flows": {"from": "-99999", "to": "1e9", "dest": LIST, "min": "NaN", "show": "all"},
    "trends": {"countries": LIST, "measure": HUGE, "base": "[1]", "funnel_year": "2022.5"},
    "tracker": {"countries": "BHR,BHR,XXX", "view": "../../etc/passwd", "since": HUGE},
    "deck": {"deck": HUGE, "build": HUGE},
    "present": {"slide": "0", "theme": "{}", "deck": "%00"},
}


@pytest.mark.parametrize("page", sorted(BAD))
def test_unusable_parameters_fall_back_with_a_notice(page):
    at = run_page(page, lang=HUGE, digits="[]", **BAD[page])
    assert not at.exception
    warned = {shown(w.value) for w in at.warning}
    for name in ("lang", "digits", *BAD[page]):
        assert EN("notice.bad_param", name=name) in warned, name
    assert at.query_params["lang"] == "en"  # the defaults are what the address now says
