"""Query parameters: good values are read, anything else falls back to the default."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.ui.state import DIGITS, LANG, MAX_LENGTH, Choice, Codes, Number, parse

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


COUNTRIES = Codes("countries", ("BHR", "JOR"), frozenset({"BHR", "JOR", "SAU", "NPL"}), 3)
YEAR = Number("year", 2021, 2003, 2022)


def test_codes_are_read_in_order_without_repeats():
    assert parse({"countries": "SAU, BHR,SAU"}, [COUNTRIES]) == ({"countries": ("SAU", "BHR")}, [])


def test_codes_with_an_unknown_or_too_many_fall_back():
    assert parse({"countries": "SAU,ZZZ"}, [COUNTRIES])[1] == ["countries"]
    assert parse({"countries": "SAU,BHR,JOR,NPL"}, [COUNTRIES])[1] == ["countries"]
    assert parse({"countries": ""}, [COUNTRIES])[0] == {"countries": ("BHR", "JOR")}


def test_no_codes_is_a_value_only_when_it_is_the_default():
    anyone = Codes("orig", (), frozenset({"NPL", "PHL"}), 3)
    assert parse({"orig": ""}, [anyone]) == ({"orig": ()}, [])  # 'any origin' shared by link
    assert anyone.coerce([]) == () and anyone.coerce(["NPL"]) == ("NPL",)
    assert parse({"countries": ""}, [COUNTRIES]) == ({"countries": ("BHR", "JOR")}, ["countries"])


def test_numbers_in_range():
    assert parse({"year": "2019"}, [YEAR]) == ({"year": 2019}, [])
    for bad in ("1990", "2019.5", "twenty", "9" * 40, "-1"):
        assert parse({"year": bad}, [YEAR]) == ({"year": 2021}, ["year"])


def test_coerce_keeps_widget_values_safe():
    assert COUNTRIES.coerce(["SAU"]) == ("SAU",)
    assert COUNTRIES.coerce([]) == ("BHR", "JOR")
    assert COUNTRIES.coerce(None) == ("BHR", "JOR")
    assert YEAR.coerce(True) == 2021 and YEAR.coerce(2010) == 2010
    assert LANG.coerce(None) == "en"


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_codes_and_numbers_never_raise(text):
    result, _ = parse({"countries": text, "year": text}, [COUNTRIES, YEAR])
    assert set(result["countries"]) <= COUNTRIES.allowed
    assert 2003 <= result["year"] <= 2022
