"""Flows between countries: counted (detected victims by citizenship) and documented routes.

Two kinds of flow never mix. Counted flows are summed over the chosen years, keeping ranges
as ranges (a withheld 1-4 adds 1 to the lower and 4 to the upper end). Documented routes are
qualitative (a report says people were moved this way) and are never summed or counted:
they are listed, with the years and sources that describe them. A route through a transit
country is split into two legs for drawing, and can be joined back.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import pandas as pd

from dashboard.dataset.schema import CONFIDENCES
from dashboard.importers.routes import ATTRIBUTION_AR
from dashboard.metrics.memo import shared

COUNTED = "detected_victims"
ROUTE = "documented_route"
STOCK = "migrant_stock"
KINDS = ("counted", "routes")  # what the reader can choose to show
ANY = "all"
BREAKDOWN = ("form", "sex", "age")
ARABIC = re.compile(r"[\u0621-\u064A]")  # Arabic letters

# On the map, a counted line is this many pixels wide at the scale's reference value.
MAX_WIDTH = 18.0
MIN_WIDTH = 1.5


@dataclass(frozen=True)
class Selection:
    """What the reader asked to see. Empty origins/destinations mean every one."""

    first: int
    last: int
    destinations: Collection[str] = ()
    origins: Collection[str] = ()
    form: str = ANY
    sex: str = ANY
    age: str = ANY
    minimum: int = 0
    kinds: tuple[str, ...] = KINDS
    focus: str = ""  # one country: only flows from, through or into it
    years: tuple[int, ...] = field(init=False)

    def __post_init__(self):
        first, last = sorted((self.first, self.last))
        object.__setattr__(self, "first", first)
        object.__setattr__(self, "last", last)
        object.__setattr__(self, "years", tuple(range(first, last + 1)))


def _chosen(frame: pd.DataFrame, sel: Selection, counted: bool) -> pd.DataFrame:
    keep = frame.year.between(sel.first, sel.last)
    if sel.destinations:
        keep &= frame.destination.isin(sel.destinations)
    if sel.origins:
        keep &= frame.origin.isin(sel.origins)
    for column in BREAKDOWN:
        wanted = getattr(sel, column)
        if wanted != ANY:
            keep &= frame[column] == wanted
        elif counted:
            # A count split by sex (say) also has its total: take only totals, or the
            # parts would be counted twice.
            keep &= frame[column] == "total"
    if sel.focus:
        keep &= (
            (frame.origin == sel.focus)
            | (frame.destination == sel.focus)
            | (frame.transit == sel.focus)
        )
    return frame[keep]


@shared
def counted(flows: pd.DataFrame, sel: Selection) -> pd.DataFrame:
    """Counted corridors summed over the selection's years, largest first.

    One row per (origin, transit, destination): `lower`/`upper` are the summed ends (equal when
    every year was an exact count), `victims` is the exact sum or NaN when it is a range,
    `years` the years that have a count, `withheld` True when every count was withheld (1-4),
    `flagged` True when any was flagged. The minimum applies to the lower end.
    """
    rows = _chosen(flows[flows.kind == COUNTED], sel, counted=True)
    columns = [
        "origin",
        "transit",
        "destination",
        "victims",
        "lower",
        "upper",
        "years",
        "withheld",
        "flagged",
        "sources",
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows = rows.assign(
        low=rows.lower.fillna(rows.victims),
        high=rows.upper.fillna(rows.victims),
        is_withheld=rows.status == "suppressed",
        is_flagged=rows.status == "flagged",
    )
    grouped = rows.groupby(["origin", "transit", "destination"], sort=False)
    out = grouped.agg(
        lower=("low", "sum"),
        upper=("high", "sum"),
        withheld=("is_withheld", "all"),
        flagged=("is_flagged", "any"),
        years=("year", lambda s: tuple(sorted(set(s)))),
        sources=("source", lambda s: tuple(dict.fromkeys(s))),
    ).reset_index()
    out["victims"] = out.lower.where(out.lower == out.upper)
    out = out[out.lower >= sel.minimum]
    out = out.sort_values(["lower", "upper", "origin", "destination"], ascending=[0, 0, 1, 1])
    return out[columns].reset_index(drop=True)


def arabic_evidence(note_ar: str) -> str:
    """The Arabic note of a route when it gives evidence, "" when it only names the report.

    The build writes `ATTRIBUTION_AR` + the report's (English) name for every route whose
    evidence exists only in English (importers.routes): that is a citation, not evidence.
    """
    rest = note_ar.replace(ATTRIBUTION_AR.strip(), "")
    return note_ar if ARABIC.search(rest) else ""


def _confidence(values: Iterable[str]) -> str:
    """A route stated outright by any of its reports is stated; else partial (or unknown)."""
    found = set(values)
    return next((c for c in CONFIDENCES if c in found), "")


@shared
def routes(flows: pd.DataFrame, sel: Selection) -> pd.DataFrame:
    """Documented routes in the selection, one row per (origin, transit, destination).

    Nothing is summed: each row lists the years, forms, sources and notes that describe it,
    its `confidence` ('explicit' when a report states it outright, 'partial' when a place or
    a leg was inferred) and `evidence_ar`, its Arabic notes that are evidence (see
    `arabic_evidence`; "" when the evidence is in English only).
    """
    rows = _chosen(flows[flows.kind == ROUTE], sel, counted=False)
    columns = [
        "origin",
        "transit",
        "destination",
        "years",
        "forms",
        "sources",
        "confidence",
        "note",
        "note_ar",
        "evidence_ar",
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)

    def joined(values: Iterable[str]) -> str:
        return " · ".join(dict.fromkeys(v for v in values if v))

    rows = rows.assign(
        confidence=rows.confidence.fillna(""),
        evidence_ar=rows.note_ar.fillna("").map(arabic_evidence),
    )
    grouped = rows.groupby(["origin", "transit", "destination"], sort=True)
    out = grouped.agg(
        years=("year", lambda s: tuple(sorted(set(s)))),
        forms=("form", lambda s: tuple(dict.fromkeys(s))),
        sources=("source", lambda s: tuple(dict.fromkeys(s))),
        confidence=("confidence", _confidence),
        note=("note", joined),
        note_ar=("note_ar", joined),
        evidence_ar=("evidence_ar", joined),
    ).reset_index()
    return out[columns]


def legs(paths: pd.DataFrame) -> pd.DataFrame:
    """Each path (origin, transit, destination) as the legs drawn on a map.

    A path with a transit country becomes origin -> transit (leg 1) and transit -> destination
    (leg 2); a direct path is one leg (0). A leg that starts and ends in the same place (a
    transit equal to the origin, or domestic flows) is not drawn. `path` is the row's position
    in `paths`, so `join_legs` can put a route back together.
    """
    out = []
    for k, (origin, transit, destination) in enumerate(
        zip(paths.origin, paths.transit, paths.destination, strict=True)
    ):
        if transit and transit not in (origin, destination):
            out.append((k, 1, origin, transit))
            out.append((k, 2, transit, destination))
        elif origin != destination:
            out.append((k, 0, origin, destination))
    return pd.DataFrame(out, columns=["path", "leg", "start", "end"])


def join_legs(parts: pd.DataFrame) -> pd.DataFrame:
    """Paths back from their legs: the inverse of `legs` for every drawable path."""
    out = []
    for path, group in parts.sort_values(["path", "leg"]).groupby("path", sort=True):
        if list(group.leg) == [0]:
            row = group.iloc[0]
            out.append((path, row.start, "", row.end))
        elif list(group.leg) == [1, 2] and group.end.iloc[0] == group.start.iloc[1]:
            out.append((path, group.start.iloc[0], group.end.iloc[0], group.end.iloc[1]))
        else:
            raise ValueError(f"path {path} has legs that do not join: {list(group.leg)}")
    return pd.DataFrame(out, columns=["path", "origin", "transit", "destination"])


def hubs(paths: pd.DataFrame) -> pd.Series:
    """Transit countries and the number of routes through each, most first."""
    through = paths[(paths.transit != "") & (paths.transit != paths.origin)]
    through = through[through.transit != through.destination]
    return through.transit.value_counts()


@dataclass(frozen=True)
class Scale:
    """Line widths for counted flows: `reference` victims are drawn `MAX_WIDTH` pixels wide.

    Fitted to the view, widths are proportional and the widest line is the largest flow
    shown. Fixed, the reference is the largest corridor of the whole dataset (every year
    summed) and widths grow with the logarithm of the count, so that one corridor of 5 and
    one of 10,000 both stay visible, and a width means the same number whatever years and
    filters are chosen.
    """

    reference: float
    fixed: bool

    def width(self, victims: float) -> float:
        if self.reference <= 0:
            return MIN_WIDTH
        if self.fixed:
            share = math.log1p(max(0.0, float(victims))) / math.log1p(self.reference)
            return min(MAX_WIDTH, MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * share)
        return max(MIN_WIDTH, MAX_WIDTH * float(victims) / self.reference)

    def samples(self) -> list[float]:
        """Counts to show in the key: the widest, then smaller steps."""
        if self.reference <= 0:
            return []
        if self.fixed:
            steps = [10.0**k for k in range(0, 7) if 10.0**k <= self.reference / 2]
            return [self.reference, *reversed(steps[-4:])]
        return [self.reference, self.reference / 2, self.reference / 10]


def drawable(corridors: pd.DataFrame, placed: Collection[str]) -> pd.DataFrame:
    """Corridors that can be drawn as a line: both ends have a place, and they differ."""
    ends = corridors.origin.isin(placed) & corridors.destination.isin(placed)
    return corridors[ends & (corridors.origin != corridors.destination)]


def fixed_reference(flows: pd.DataFrame, placed: Collection[str]) -> float:
    """The largest drawable counted corridor (every year summed, lower end) of the whole
    dataset: the reference of the fixed scale."""
    everything = Selection(int(flows.year.min()), int(flows.year.max()), kinds=KINDS)
    lines = drawable(counted(flows, everything), placed)
    return float(lines.lower.max()) if not lines.empty else 0.0


def scale(lines: pd.DataFrame, fixed: bool, reference: float) -> Scale:
    """The scale for the counted lines drawn (`drawable` corridors; their lower ends)."""
    if fixed:
        return Scale(reference, True)
    return Scale(float(lines.lower.max()) if not lines.empty else 0.0, False)


def with_stock(corridors: pd.DataFrame, flows: pd.DataFrame, last: int) -> pd.DataFrame:
    """Each corridor with the migrant stock of its origin in its destination (UN DESA).

    The stock is taken from the latest estimate at or before `last`, or the earliest one
    after it when there is none before; `stock_year` says which. No estimate: NaN.
    """
    stock = flows[flows.kind == STOCK][["origin", "destination", "year", "victims", "source"]]
    out = corridors.copy()
    if stock.empty or out.empty:
        out["stock"] = pd.Series(dtype=float)
        out["stock_year"] = pd.Series(dtype="Int64")
        out["stock_source"] = pd.Series(dtype=str)
        return out
    stock = stock.assign(after=stock.year > last, distance=(stock.year - last).abs())
    best = (
        stock.sort_values(["after", "distance"])
        .drop_duplicates(["origin", "destination"])
        .rename(columns={"victims": "stock", "year": "stock_year", "source": "stock_source"})
    )
    out = out.merge(
        best[["origin", "destination", "stock", "stock_year", "stock_source"]],
        on=["origin", "destination"],
        how="left",
    )
    out["stock_year"] = out.stock_year.astype("Int64")
    out["stock_source"] = out.stock_source.fillna("")
    return out


def node_totals(corridors: pd.DataFrame) -> pd.DataFrame:
    """Per place: victims detected abroad from it (out), detected in it (in), and at home.

    Lower and upper ends are kept; `domestic` is victims detected in their own country.
    """
    international = corridors[corridors.origin != corridors.destination]
    domestic = corridors[corridors.origin == corridors.destination]
    parts = [
        international.groupby("origin")[["lower", "upper"]].sum().add_prefix("out_"),
        international.groupby("destination")[["lower", "upper"]].sum().add_prefix("in_"),
        domestic.groupby("origin")[["lower", "upper"]].sum().add_prefix("home_"),
    ]
    out = pd.concat(parts, axis=1).fillna(0.0)
    for column in ("out_lower", "out_upper", "in_lower", "in_upper", "home_lower", "home_upper"):
        if column not in out:
            out[column] = 0.0
    out.index.name = "iso3"
    return out


@dataclass(frozen=True)
class Others:
    """The drawable corridors of a view left out of its lines: how many, and their victims
    (the sums of their lower and upper ends)."""

    count: int = 0
    lower: float = 0.0
    upper: float = 0.0


def largest(lines: pd.DataFrame, n: int) -> tuple[pd.DataFrame, Others]:
    """The `n` largest of the `drawable` corridors `lines` (largest first, as `counted` gives
    them; `n` 0: every one), and the rest gathered as one."""
    if n <= 0 or len(lines) <= n:
        return lines, Others()
    rest = lines.iloc[n:]
    return lines.iloc[:n], Others(len(rest), float(rest.lower.sum()), float(rest.upper.sum()))


@shared
def reported_years(flows: pd.DataFrame) -> pd.Series:
    """Each destination's years with any counted flow (a tuple, sorted): a destination that
    has no count in a year did not report its victims' citizenship that year (which is not a
    year with no victims)."""
    rows = flows[flows.kind == COUNTED]
    return rows.groupby("destination").year.agg(lambda s: tuple(sorted(set(int(y) for y in s))))


def reporting(flows: pd.DataFrame, destinations: Collection[str] | None, years) -> dict[str, tuple]:
    """The destinations asked about (None: every one that ever reported), each with the years
    of `years` it reported in (empty: it reported none of them)."""
    known = reported_years(flows)
    wanted = set(int(y) for y in years)
    codes = list(known.index) if destinations is None else list(destinations)
    return {c: tuple(y for y in (known.get(c) or ()) if y in wanted) for c in dict.fromkeys(codes)}


def circle_reference(corridors: pd.DataFrame) -> float:
    """The largest total in or out of one place (lower ends) among `corridors`."""
    totals = node_totals(corridors)
    if totals.empty:
        return 0.0
    return float(max(totals.in_lower.max(), totals.out_lower.max()))


# Origins gathered into one node when the map spans the world: by region, the Middle East
# and North Africa (and the forum's members) always apart, since the forum reads them one
# by one. (region, subregion) -> group; a region or subregion not named here stays apart.
GATHERED = {
    ("Africa", ""): "africa",
    ("Americas", "Northern America"): "northern_america",
    ("Americas", ""): "latin_america",
    ("Asia", "Central Asia"): "central_asia",
    ("Asia", "Eastern Asia"): "eastern_asia",
    ("Asia", "South-eastern Asia"): "south_eastern_asia",
    ("Asia", "Southern Asia"): "southern_asia",
    ("Europe", ""): "europe",
    ("Oceania", ""): "oceania",
}
GROUP = "group:"  # the code of a gathered node: GROUP + its group


def group_of(region: str, subregion: str) -> str:
    """The group an origin of this region and subregion is gathered into ("" for none)."""
    found = GATHERED.get((region, subregion))
    if found is None and region != "Asia":  # Asia's subregions differ too much for one node
        found = GATHERED.get((region, ""))
    return GROUP + found if found else ""


def gathered(lines: pd.DataFrame, groups: dict[str, str]) -> pd.DataFrame:
    """Corridors with each origin in `groups` (code -> node code) replaced by its node, and
    corridors that then share their ends summed as `counted` sums them (ranges kept), largest
    first; `members` holds the origins each line gathers."""
    if lines.empty:
        return lines.assign(members=pd.Series(dtype=object))
    out = lines.assign(
        members=lines.origin.map(lambda c: (c,)),
        origin=lines.origin.map(lambda c: groups.get(c, c)),
    )
    grouped = out.groupby(["origin", "transit", "destination"], sort=False)
    out = grouped.agg(
        lower=("lower", "sum"),
        upper=("upper", "sum"),
        withheld=("withheld", "all"),
        flagged=("flagged", "any"),
        years=("years", lambda s: tuple(sorted(set().union(*s)))),
        sources=("sources", lambda s: tuple(dict.fromkeys(x for t in s for x in t))),
        members=("members", lambda s: tuple(sorted(set().union(*s)))),
    ).reset_index()
    out["victims"] = out.lower.where(out.lower == out.upper)
    out = out.sort_values(["lower", "upper", "origin", "destination"], ascending=[0, 0, 1, 1])
    return out[[*lines.columns, "members"]].reset_index(drop=True)
