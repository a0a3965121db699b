"""Query parameters: good values are read, anything else falls back to the default."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.ui.state import DIGITS, LANG, MAX_LENGTH, Choice, parse

GROUP = Choice("group", "forum", ("forum", "gcc", "mena"))
CHOICES = [LANG, DIGITS, GROUP]


def test_defaults_when_absent():
    assert parse({}, CHOICES) == ({"lang": "en", "digits": "latn", "group": "forum"}, [])


def test_values_are_read():
    values, rejected = parse({"lang": "ar", "digits": "arab", "group": "gcc"}, CHOICES)
    assert values == {"lang": "ar", "digits": "arab", "group": "gcc"}
    assert rejected == []


def test_unknown_value_falls_back_and_is_named():
    values, rejected = parse({"lang": "fr", "group": "<script>alert(1)</script>"}, CHOICES)
    assert values["lang"] == "en" and values["group"] == "forum"
    assert rejected == ["lang", "group"]


def test_repeated_parameter_takes_the_last():
    assert parse({"lang": ["en", "ar"]}, [LANG])[0]["lang"] == "ar"
    assert parse({"lang": []}, [LANG]) == ({"lang": "en"}, ["lang"])


def test_oversized_value_is_not_looked_up():
    values, rejected = parse({"lang": "a" * 10_000}, [LANG])
    assert values == {"lang": "en"} and rejected == ["lang"]
    assert MAX_LENGTH < 10_000


values = st.one_of(
    st.none(),
    st.text(max_size=200),
    st.lists(st.text(max_size=20), max_size=5),
    st.integers(),
    st.binary(max_size=20),
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["lang", "digits", "group", "other"]), values))
def test_parse_never_raises_and_always_returns_allowed_values(query):
    query = {k: v for k, v in query.items() if v is not None}
    result, rejected = parse(query, CHOICES)
    for choice in CHOICES:
        assert result[choice.name] in choice.allowed
    assert set(rejected) <= {c.name for c in CHOICES}
