"""A view's selections as URL parameters: every selection is a query parameter, so a link
shares the view.

Three kinds of parameter: a `Choice` from a closed set, `Codes` (several values from a set,
comma-separated, e.g. countries), and a `Number` in a range (e.g. a year). `parse` is pure
(tested, and fuzzed): an unknown, malformed or oversized value falls back to the default and
is reported by name, never raised. No Streamlit here: `dashboard.ui.state` binds these to
widgets, and the views read them from a slide's saved address.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

# A value longer than this is not a value of ours: fall back instead of looking it up.
MAX_LENGTH = 64


@dataclass(frozen=True)
class Choice:
    """One value from a closed set."""

    name: str
    default: str
    allowed: tuple[str, ...]

    @property
    def max_length(self) -> int:
        return MAX_LENGTH

    def read(self, text: str) -> str | None:
        return text if text in self.allowed else None

    def coerce(self, value: object) -> str:
        return value if value in self.allowed else self.default  # type: ignore[return-value]

    def write(self, value: str) -> str:
        return value


@dataclass(frozen=True)
class Codes:
    """Several values from a set, written comma-separated ('BHR,SAU'); order is kept.

    None at all is a value only when it is the default (e.g. 'any origin').
    """

    name: str
    default: tuple[str, ...]
    allowed: Collection[str]
    max_items: int = 30

    @property
    def max_length(self) -> int:
        # Each item and its comma: room for the longest allowed value (an indicator's name is
        # longer than a country code), so every address the page writes can be read back.
        longest = max(map(len, self.allowed), default=0)
        return self.max_items * max(8, longest + 1)

    def read(self, text: str) -> tuple[str, ...] | None:
        items = tuple(dict.fromkeys(p.strip() for p in text.split(",") if p.strip()))
        if not items:
            return () if not self.default else None  # empty is a value when it is the default
        if len(items) > self.max_items:
            return None
        if any(item not in self.allowed for item in items):
            return None
        return items

    def coerce(self, value: object) -> tuple[str, ...]:
        least = 0 if not self.default else 1
        usable = isinstance(value, list | tuple) and least <= len(value) <= self.max_items
        if usable and all(isinstance(v, str) and v in self.allowed for v in value):
            return tuple(value)
        return self.default

    def write(self, value: Sequence[str]) -> str:
        return ",".join(value)


@dataclass(frozen=True)
class Number:
    """A whole number in a range (e.g. a year)."""

    name: str
    default: int
    low: int
    high: int

    @property
    def max_length(self) -> int:
        return 6

    def read(self, text: str) -> int | None:
        if not re.fullmatch(r"-?\d{1,5}", text):
            return None
        value = int(text)
        return value if self.low <= value <= self.high else None

    def coerce(self, value: object) -> int:
        number = isinstance(value, int) and not isinstance(value, bool)
        return value if number and self.low <= value <= self.high else self.default

    def write(self, value: int) -> str:
        return str(value)


Param = Choice | Codes | Number

LANG = Choice("lang", "en", ("en", "ar"))
DIGITS = Choice("digits", "latn", ("latn", "arab"))


def parse(query: Mapping[str, object], params: Sequence[Param]) -> tuple[dict, list[str]]:
    """Values for `params` read from a query mapping, and the names that were not usable."""
    values: dict = {}
    rejected: list[str] = []
    for param in params:
        raw = query.get(param.name)
        if raw is None:
            values[param.name] = param.default
            continue
        if isinstance(raw, list | tuple):
            raw = raw[-1] if raw else ""
        text = str(raw)
        value = param.read(text) if len(text) <= param.max_length else None
        if value is None:
            values[param.name] = param.default
            rejected.append(param.name)
        else:
            values[param.name] = value
    return values, rejected


class ViewState:
    """Base of a page's state: a frozen dataclass whose fields are the page's parameters.

    A subclass declares its parameters with `declare(dataset)`: field name -> parameter (the
    parameter's own name is the one in the address, e.g. field `first` for `from`). `read`
    builds a state from an address (a slide's saved view); the page builds one from its widgets
    with `of`, and `query` writes a state back as an address.
    """

    @classmethod
    def declare(cls, dataset) -> dict[str, Param]:
        raise NotImplementedError

    @classmethod
    def of(cls, params: Mapping[str, Param], values: Mapping[str, object]):
        """The state from values by parameter name (as `parse` gives them)."""
        return cls(**{field: values[param.name] for field, param in params.items()})

    @classmethod
    def read(cls, dataset, query: Mapping[str, object]):
        """The state an address asks for, and the names of the parameters it could not use."""
        params = cls.declare(dataset)
        values, rejected = parse(query, list(params.values()))
        return cls.of(params, values), rejected

    def query(self, params: Mapping[str, Param]) -> dict[str, str]:
        return {p.name: p.write(getattr(self, field)) for field, p in params.items()}

    def keeping(self, fields: tuple[str, ...]):
        """This state with every field but `fields` blanked (None): the key of a section of a
        view that reads only those, so that it is built once for all the states that share
        them (a change of another section's choice finds it built)."""
        import dataclasses

        blank = {f.name: None for f in dataclasses.fields(self) if f.name not in fields}
        return dataclasses.replace(self, **blank)
