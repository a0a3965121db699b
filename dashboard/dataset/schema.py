"""The shared indicators dataset's schema: every table, column, type and rule, declared once.

`docs/dataset.md` documents the same schema for people; `tests/test_schema_docs.py` fails when
the two disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SCHEMA_VERSION = "1.0"

ColumnType = Literal["str", "int", "float", "bool"]

STATUSES = ("reported", "suppressed", "estimated", "flagged")
SEXES = ("total", "female", "male", "other", "unknown")
AGES = ("total", "adult", "child", "unknown")
FORMS = (
    "total",
    "sexual_exploitation",
    "forced_labour",
    "domestic_servitude",
    "other",
    "unspecified",
)
FLOW_KINDS = ("detected_victims", "repatriated_victims", "documented_route", "migrant_stock")
INDICATOR_KINDS = ("count", "rate", "ratio", "score", "category", "boolean")
PILLARS = ("prosecution", "protection", "prevention", "partnership", "context")
HIGHER_IS = ("better", "worse", "neutral")
ENTITIES = ("country", "group")
MEASURE_STATUSES = ("yes", "no", "negative", "partly", "unknown")
RECOMMENDATIONS = ("1", "2", "3", "4", "5", "6", "7", "8", "coordination")
EDITION_FORMATS = ("in_person", "virtual")
CONFIDENCES = ("explicit", "partial")

MIN_YEAR = 1950
MAX_YEAR = 2100


@dataclass(frozen=True)
class Column:
    """One column: its type, whether a value is required, and what values it may hold."""

    name: str
    dtype: ColumnType = "str"
    required: bool = True
    allowed: tuple[str, ...] | None = None
    references: tuple[str, str] | None = None
    pattern: str | None = None
    non_negative: bool = False
    year: bool = False


@dataclass(frozen=True)
class Table:
    """One table of the dataset: one CSV file, or one sheet of the workbook."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    description: str = ""
    optional_columns: tuple[str, ...] = field(default=())

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


ISO3 = r"^[A-Z]{3}$"

SOURCES = Table(
    "sources",
    (
        Column("source", pattern=r"^[a-z0-9_]+$"),
        Column("title"),
        Column("title_ar"),
        Column("citation_en"),
        Column("citation_ar"),
        Column("publisher"),
        Column("edition"),
        Column("url", required=False),
        Column("licence"),
        Column("licence_ar"),
        Column("accessed", pattern=r"^\d{4}-\d{2}-\d{2}$"),
    ),
    key=("source",),
    description="Every publication a figure comes from, with its terms of use.",
)

COUNTRIES = Table(
    "countries",
    (
        Column("iso3", pattern=ISO3),
        Column("name_en"),
        Column("name_ar"),
        Column("entity", allowed=ENTITIES),
        Column("region", required=False),
        Column("subregion", required=False),
        Column("forum_member", "bool"),
        Column("gcc", "bool"),
        Column("mena", "bool"),
        Column("lon", "float", required=False),
        Column("lat", "float", required=False),
    ),
    key=("iso3",),
    description="Countries and the non-country groups that sources use (regions, unknown).",
)

INDICATORS = Table(
    "indicators",
    (
        Column("indicator", pattern=r"^[a-z0-9_]+$"),
        Column("name_en"),
        Column("name_ar"),
        Column("unit_en"),
        Column("unit_ar"),
        Column("kind", allowed=INDICATOR_KINDS),
        Column("pillar", allowed=PILLARS),
        Column("definition_en"),
        Column("definition_ar"),
        Column("source", references=("sources", "source")),
        Column("higher_is", allowed=HIGHER_IS),
    ),
    key=("indicator",),
    description="The catalogue: what each indicator means, in both languages.",
)

CATEGORIES = Table(
    "categories",
    (
        Column("indicator", references=("indicators", "indicator")),
        Column("code", "float"),
        Column("label_en"),
        Column("label_ar"),
    ),
    key=("indicator", "code"),
    description="Labels for the codes of category indicators (e.g. TIP tiers).",
)

OBSERVATIONS = Table(
    "observations",
    (
        Column("iso3", references=("countries", "iso3")),
        Column("year", "int", year=True),
        Column("indicator", references=("indicators", "indicator")),
        Column("sex", allowed=SEXES),
        Column("age", allowed=AGES),
        Column("form", allowed=FORMS),
        Column("value", "float", required=False),
        Column("lower", "float", required=False),
        Column("upper", "float", required=False),
        Column("status", allowed=STATUSES),
        Column("source", references=("sources", "source")),
        Column("note", required=False),
        Column("note_ar", required=False),
    ),
    key=("iso3", "year", "indicator", "sex", "age", "form", "source"),
    description="One figure per country, year, indicator and split.",
)

FLOWS = Table(
    "flows",
    (
        Column("year", "int", year=True),
        Column("origin", references=("countries", "iso3")),
        Column("transit", required=False, references=("countries", "iso3")),
        Column("destination", references=("countries", "iso3")),
        Column("kind", allowed=FLOW_KINDS),
        Column("victims", "float", required=False, non_negative=True),
        Column("lower", "float", required=False, non_negative=True),
        Column("upper", "float", required=False, non_negative=True),
        Column("status", allowed=STATUSES),
        Column("form", allowed=FORMS),
        Column("sex", allowed=SEXES),
        Column("age", allowed=AGES),
        Column("source", references=("sources", "source")),
        Column("confidence", required=False, allowed=CONFIDENCES),
        Column("note", required=False),
        Column("note_ar", required=False),
    ),
    key=("year", "origin", "transit", "destination", "kind", "form", "sex", "age", "source"),
    description="Who moves from where to where: counted victims, documented routes, migrants.",
)

MEASURES = Table(
    "measures",
    (
        Column("iso3", references=("countries", "iso3")),
        Column("recommendation", allowed=RECOMMENDATIONS),
        Column("measure", references=("indicators", "indicator")),
        Column("status", allowed=MEASURE_STATUSES),
        Column("year", "int", year=True),
        Column("source", references=("sources", "source")),
        Column("evidence", required=False),
        Column("evidence_ar", required=False),
    ),
    key=("iso3", "recommendation", "measure", "year", "source"),
    description="Tracker facts: is a measure in place, since when, says who.",
)

EDITIONS = Table(
    "editions",
    (
        Column("edition", "int"),
        Column("year", "int", year=True),
        Column("host", references=("countries", "iso3")),
        Column("city_en"),
        Column("city_ar"),
        Column("dates_en"),
        Column("dates_ar"),
        Column("format", allowed=EDITION_FORMATS),
        Column("source", references=("sources", "source")),
    ),
    key=("edition",),
    description="The forum's editions: when and where.",
)

TABLES: tuple[Table, ...] = (
    SOURCES,
    COUNTRIES,
    INDICATORS,
    CATEGORIES,
    OBSERVATIONS,
    FLOWS,
    MEASURES,
    EDITIONS,
)
TABLES_BY_NAME = {t.name: t for t in TABLES}

COUNT_KINDS = ("count",)
