"""Flows: who is trafficked from where to where, and through where. Counted flows (victims
detected abroad, by citizenship) and documented routes (with their transit countries) on a
map, a Sankey of the counted corridors, and each corridor beside the migrant stock of the
same origin in the same destination. The page and its slide both draw a `FlowsView`."""

from __future__ import annotations

import dataclasses
import functools
import json
from dataclasses import dataclass

import pandas as pd

from dashboard import config
from dashboard.catalogue import Catalogue, catalogue
from dashboard.charts.flows import (
    DESKTOP_WIDTH,
    Circles,
    evidence_text,
    flow_deck,
    key_html,
    path_text,
    route_table_html,
    sankey_figure,
    scale_note,
    victims_text,
    years_text,
)
from dashboard.dataset import Dataset
from dashboard.dataset.schema import AGES, FORMS, SEXES
from dashboard.i18n import Locale
from dashboard.metrics import flows as fl
from dashboard.metrics.memo import shared
from dashboard.views import exports as ex
from dashboard.views.params import Choice, Codes, Number, ViewState

# The world's land, an asset the app serves (the page or slide makes its URL); the dark-room
# slides draw it dark, so the map is no bright rectangle on a black screen.
LANDS = {"light": "land.png", "dark": "land-dark.png"}
LAND = LANDS["light"]
OUTLINES = "countries-outline.geojson"
GROUPS = ("forum", "gcc", "all")  # destination choices that stand for several countries
# Regions the sources name as a destination instead of a country, counted with the forum's.
FORUM_REGIONS = ("XGS", "XME")
SPAN = 5  # the default view: the latest five years
MINIMUM = 100_000
SHOWN = 25  # corridors in the table on the page; the download has every one
TOP = 25  # the largest corridors drawn as lines by default; the rest are gathered as one
MOST = 999  # the largest choice of corridors drawn (0 is every one)
EVERY = "all"  # the `year` of a view that sums its years (else one year of them is shown)
GROUPINGS = ("auto", "regions", "countries")
WORLD = 150.0  # degrees of longitude between the origins drawn: the map spans the world
COUNTED_AS = "victims_detected"  # the indicator whose unit a counted flow is in


@dataclass(frozen=True)
class Facts:
    """What the page's choices are made of, worked out once per dataset. Read-only."""

    years: tuple[int, int]
    latest: int  # the latest year with a counted flow
    destinations: tuple[str, ...]
    origins: tuple[str, ...]
    focus: tuple[str, ...]
    reference: float  # the fixed scale's reference (metrics.flows.fixed_reference)
    circles: float  # the largest circle's victims on the fixed scale (every year summed)
    places: pd.DataFrame  # code -> lon, lat, entity: every place that can be drawn
    forum: tuple[str, ...]
    gcc: tuple[str, ...]
    groups: dict  # origin code -> the node it is gathered into (metrics.flows.group_of)
    group_places: pd.DataFrame  # node code -> lon, lat, entity "gathered": its members' centre


@shared
def facts(dataset: Dataset) -> Facts:
    flows = dataset.flows
    shown = flows[flows.kind.isin([fl.COUNTED, fl.ROUTE])]
    counted_years = flows[flows.kind == fl.COUNTED].year
    countries = dataset.countries
    places = countries[countries.lon.notna() & countries.lat.notna()].set_index("iso3")[
        ["lon", "lat", "entity"]
    ]
    return Facts(
        years=(int(shown.year.min()), int(shown.year.max())),
        latest=int(counted_years.max()) if not counted_years.empty else int(shown.year.max()),
        destinations=tuple(sorted(shown.destination.unique())),
        origins=tuple(sorted(shown.origin.unique())),
        focus=tuple(sorted(set(shown.origin) | set(shown.destination) | set(shown.transit) - {""})),
        reference=fl.fixed_reference(flows, set(places.index)),
        circles=_everything_circles(flows),
        places=places,
        forum=tuple(countries.iso3[countries.forum_member]),
        gcc=tuple(countries.iso3[countries.gcc]),
        **_groups(countries, places),
    )


def _groups(countries: pd.DataFrame, places: pd.DataFrame) -> dict:
    """Which origins are gathered into which node when the map spans the world, and where
    each node is drawn: the middle of its members. The Middle East and North Africa and the
    forum's members are never gathered."""
    apart = countries.mena | countries.forum_member | (countries.entity != "country")
    groups = {
        code: fl.group_of(str(region or ""), str(subregion or ""))
        for code, region, subregion in zip(
            countries.iso3[~apart],
            countries.region[~apart].fillna(""),
            countries.subregion[~apart].fillna(""),
            strict=True,
        )
        if code in places.index
    }
    groups = {code: node for code, node in groups.items() if node}
    members = places.loc[list(groups)].assign(node=[groups[c] for c in groups])
    centres = members.groupby("node")[["lon", "lat"]].mean().round(2)
    return {"groups": groups, "group_places": centres.assign(entity="gathered")}


def _everything_circles(flows: pd.DataFrame) -> float:
    """The largest total in or out of one place over the whole dataset (every year)."""
    if flows.empty:
        return 0.0
    everything = fl.Selection(int(flows.year.min()), int(flows.year.max()))
    return fl.circle_reference(fl.counted(flows, everything))


@functools.lru_cache(maxsize=2)
def _outlines(path: str) -> dict[str, dict]:
    with open(path, encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    return {f["id"]: f["geometry"] for f in features}


def outlines() -> dict[str, dict]:
    """The coarse country outlines (code -> GeoJSON geometry), read once: treat as read-only."""
    return _outlines(str(config.assets_path() / OUTLINES))


@dataclass(frozen=True)
class FlowsState(ViewState):
    first: int
    last: int
    dest: tuple[str, ...]
    orig: tuple[str, ...]
    form: str
    sex: str
    age: str
    minimum: int
    show: tuple[str, ...]
    scale: str
    focus: str  # a country code, or "none"
    top: int  # the largest corridors drawn as lines (0: every one)
    group: str  # GROUPINGS: origins gathered by region ("auto": when the map spans the world)
    year: str  # EVERY (the years from `first` to `last` summed), or one year of them

    @classmethod
    def declare(cls, dataset: Dataset) -> dict:
        f = facts(dataset)
        lo, hi = f.years
        return {
            "first": Number("from", max(lo, f.latest - SPAN + 1), lo, hi),
            "last": Number("to", f.latest, lo, hi),
            "dest": Codes("dest", ("forum",), frozenset(GROUPS + f.destinations), 30),
            "orig": Codes("orig", (), frozenset(f.origins), 30),
            "form": Choice("form", fl.ANY, (fl.ANY, *FORMS[1:])),
            "sex": Choice("sex", fl.ANY, (fl.ANY, *SEXES[1:])),
            "age": Choice("age", fl.ANY, (fl.ANY, *AGES[1:])),
            "minimum": Number("min", 0, 0, MINIMUM),
            "show": Codes("show", fl.KINDS, frozenset(fl.KINDS), len(fl.KINDS)),
            "scale": Choice("scale", "fitted", ("fitted", "fixed")),
            "focus": Choice("focus", "none", ("none", *f.focus)),
            "top": Number("top", TOP, 0, MOST),
            "group": Choice("group", "auto", GROUPINGS),
            "year": Choice("year", EVERY, (EVERY, *(str(y) for y in range(lo, hi + 1)))),
        }


def destinations(chosen, f: Facts) -> tuple[str, ...]:
    """The destination codes the choice stands for (empty: every destination)."""
    if "all" in chosen:
        return ()
    codes: list[str] = []
    for c in chosen:
        if c == "forum":
            codes += list(f.forum) + list(FORUM_REGIONS)
        elif c == "gcc":
            codes += [*f.gcc, "XGS"]
        else:
            codes.append(c)
    return tuple(dict.fromkeys(codes))


def frame_year(state: FlowsState) -> int | None:
    """The one year a state shows (None: it sums its years). A year outside the state's
    years is none of them: the view sums them."""
    if state.year == EVERY:
        return None
    year = int(state.year)
    first, last = sorted((state.first, state.last))
    return year if first <= year <= last else None


def selection(dataset: Dataset, state: FlowsState, span: bool = False) -> fl.Selection:
    """The selection a state stands for: its one year when it has one (`span`: its years)."""
    year = None if span else frame_year(state)
    return fl.Selection(
        first=state.first if year is None else year,
        last=state.last if year is None else year,
        destinations=destinations(state.dest, facts(dataset)),
        origins=state.orig,
        form=state.form,
        sex=state.sex,
        age=state.age,
        minimum=state.minimum,
        kinds=state.show,
        focus="" if state.focus == "none" else state.focus,
    )


def sources_of(frame: pd.DataFrame) -> list[str]:
    """The source ids of a frame of corridors or routes (its `sources` column), in order."""
    return [s for s in dict.fromkeys(frame.sources.explode()) if isinstance(s, str)]


@dataclass(frozen=True)
class FlowsView:
    state: FlowsState
    locale: Locale
    selection: fl.Selection
    heading: str  # the slide's heading
    headline: str  # the largest counted corridor, before the map ("" when none is counted)
    showing: str  # the years the counts are summed over
    nothing: str  # "" unless nothing matches
    notes: list[str]
    names: dict[str, str]  # code -> name, in the reader's language
    # The map and its key
    corridors: pd.DataFrame  # metrics.flows.counted (empty when counted flows are not shown)
    lines: pd.DataFrame  # the corridors drawn as lines: the largest `state.top` drawable ones
    others: fl.Others  # the drawable corridors not drawn as lines
    others_text: str  # what they hold ("" when every one is drawn)
    circles: Circles  # each place's totals in and out, and who did not report
    year: int | None  # the one year shown (None: the years are summed)
    frames: tuple[int, ...]  # the years a view can step through (from `first` to `last`)
    routes: pd.DataFrame  # metrics.flows.routes (empty when routes are not shown)
    legs: pd.DataFrame  # metrics.flows.legs of the routes
    places: pd.DataFrame  # Facts.places
    width_scale: fl.Scale
    citations: dict[str, str]  # source id -> citation
    outlines: dict[str, dict]  # the countries shaded: the destinations chosen and the focus
    land: str  # the land image's asset file name
    regions: list[str]  # regions (not countries) drawn, by name
    show_counted: bool
    show_routes: bool
    unplaced_text: str  # corridors with an end that has no place ("" when none)
    domestic_text: str  # counts of victims detected in their own country ("" when none)
    sources: list[str]
    years: list[int]
    source_text: str  # under the map
    # The Sankey
    sankey: dict | None  # plotly JSON; None when there is no counted flow
    sankey_caption: str
    sankey_source_text: str
    # The documented routes
    routes_html: str
    routes_source_text: str
    routes_table: pd.DataFrame  # the documented routes, as downloaded
    routes_file_name: str
    # The corridors beside the migrant stock
    context_header: list[str]
    context_rows: list[tuple[str, str, str, str]]
    context_source_text: str
    table: pd.DataFrame  # every counted corridor, as downloaded
    file_name: str

    @property
    def counted(self) -> bool:
        """Whether any counted corridor is shown."""
        return not self.corridors.empty

    def deck(self, land_url: str, width: int = DESKTOP_WIDTH):
        """The flow map (pydeck), with the land image at `land_url` (where the app serves
        `self.land`), fitted to a map `width` pixels wide: built once per view and width."""
        return _deck(self, land_url, width)

    def picture_key(self) -> list[str]:
        """The key of the map's picture (slides, PDFs, the page's images), in words: what its
        lines and marks are, what their widths mean, and the counts it cannot place."""
        words = [self.locale.t("flows.picture_key")]
        if self.show_counted:
            words.append(scale_note(self.width_scale, self.locale))
        if self.unplaced_text:
            words.append(self.unplaced_text)
        if self.others_text:
            words.append(self.others_text)
        return words

    def key(self, hover: bool = True) -> str:
        """The map's key as HTML; on a slide (`hover=False`) it does not ask to hover. Made
        once per view."""
        return _key(self, hover)


@shared
def _key(view: FlowsView, hover: bool) -> str:
    return key_html(
        view.width_scale,
        view.regions,
        view.names,
        view.locale,
        show_counted=view.show_counted,
        show_routes=view.show_routes,
        hover=hover,
        unplaced=view.unplaced_text,
        others=view.others_text,
        circles=view.circles,
    )


@shared
def _deck(view: FlowsView, land_url: str, width: int):
    return flow_deck(
        view.lines,
        view.routes,
        view.legs,
        view.places,
        view.names,
        view.citations,
        view.locale,
        view.width_scale,
        land_url,
        view.outlines,
        width,
        view.circles,
    )


def _whole(values: pd.Series) -> pd.Series:
    """Counts as whole numbers (empty stays empty)."""
    numbers = pd.to_numeric(values, errors="coerce")
    if (numbers.dropna() % 1 == 0).all():
        return numbers.round().astype("Int64")
    return numbers


def _export(cat: Catalogue, table: pd.DataFrame) -> pd.DataFrame:
    """Every counted corridor as downloaded: the codes, then the columns in the reader's
    language; numbers stay numbers, empty stays empty."""
    t = cat.locale.t
    return pd.DataFrame(
        {
            "origin_iso3": table.origin,
            "destination_iso3": table.destination,
            t("flows.col_origin"): table.origin.map(cat.name),
            t("flows.col_destination"): table.destination.map(cat.name),
            **ex.described(
                cat,
                len(table),
                t("export.flows_indicator"),
                t("export.flows_measure"),
                ex.unit(cat, COUNTED_AS),
            ),
            t("flows.col_victims"): _whole(table.victims),
            t("flows.col_lower"): _whole(table.lower),
            t("flows.col_upper"): _whole(table.upper),
            t("flows.col_withheld"): table.withheld.map(
                lambda w: t("flows.yes") if w else t("flows.no")
            ),
            t("flows.col_years"): table.years.map(lambda ys: " ".join(str(y) for y in ys)),
            t("flows.col_stock"): _whole(table.stock),
            t("flows.col_stock_year"): table.stock_year.astype("Int64"),
            t("flows.col_source"): [
                cat.citation([*sources, stock] if stock else sources)
                for sources, stock in zip(table.sources, table.stock_source, strict=True)
            ],
        }
    )


def _routes_export(cat: Catalogue, routes: pd.DataFrame, citations: dict) -> pd.DataFrame:
    """Every documented route shown, as downloaded: the codes (transit empty for a direct
    route), the places in the reader's language, what a route is (no count: described in a
    report), its years, forms and confidence, and its source as the route table names it."""
    t, names = cat.locale.t, dict(cat.names)

    def place(code: str) -> str:
        return cat.name(code) if code else ""

    return pd.DataFrame(
        {
            "origin_iso3": routes.origin,
            "transit_iso3": routes.transit,
            "destination_iso3": routes.destination,
            t("flows.col_origin"): routes.origin.map(place),
            t("flows.col_transit"): routes.transit.map(place),
            t("flows.col_destination"): routes.destination.map(place),
            **ex.described(
                cat,
                len(routes),
                t("export.routes_indicator"),
                t("export.routes_measure"),
                t("export.routes_unit"),
            ),
            t("flows.col_years"): routes.years.map(lambda ys: " ".join(str(y) for y in ys)),
            t("flows.form"): routes.forms.map(
                lambda fs: t("flows.list_sep").join(t(f"split.{f}") for f in fs)
            ),
            t("flows.col_confidence"): [
                t(f"flows.confidence_{c or 'unknown'}") for c in routes.confidence
            ],
            t("flows.col_source"): [
                evidence_text(r, citations, names, cat.locale) for r in routes.itertuples()
            ],
        }
    )


def _context_rows(cat: Catalogue, table: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    t, loc = cat.locale.t, cat.locale
    names = dict(cat.names)
    rows = []
    for _, r in table[table.origin != table.destination].head(SHOWN).iterrows():
        stock = (
            t("flows.no_stock")
            if pd.isna(r.stock)
            else t("flows.stock_value", stock=loc.number(r.stock), year=loc.year(int(r.stock_year)))
        )
        rows.append(
            (
                path_text((r.origin, r.destination), names, loc),
                victims_text(r, loc),
                years_text(r.years, loc),
                stock,
            )
        )
    return rows


@shared
def _frames(dataset: Dataset, state: FlowsState, gathering: bool) -> tuple[float, float]:
    """The largest line (lower end) and the largest circle of any one year of the state's
    years (its origins gathered by region when `gathering`): the references of a view that
    shows one of those years at a time, so that every year of them is drawn on the same
    scale and years compare."""
    span = selection(dataset, state, span=True)
    f = facts(dataset)
    widest = largest = 0.0
    for year in span.years:
        one = fl.counted(dataset.flows, dataclasses.replace(span, first=year, last=year))
        lines = fl.drawable(one, f.places.index)
        if gathering:
            lines = fl.gathered(lines, f.groups)
        widest = max(widest, float(lines.lower.max()) if not lines.empty else 0.0)
        largest = max(largest, fl.circle_reference(one), fl.circle_reference(lines))
    return widest, largest


def _scales(
    dataset: Dataset, state: FlowsState, corridors, lines, gathering: bool
) -> tuple[fl.Scale, float]:
    """The lines' scale and the largest circle's victims: fixed across every view, fitted to
    the view, or (one year of several) fitted to the largest of those years."""
    f = facts(dataset)
    if state.scale == "fixed":
        return fl.Scale(f.reference, True), f.circles
    if frame_year(state) is None:
        largest = max(fl.circle_reference(corridors), fl.circle_reference(lines))
        return fl.scale(lines, False, f.reference), largest
    widest, largest = _frames(dataset, dataclasses.replace(state, year=EVERY), gathering)
    return fl.Scale(widest, False), largest


def _gathering(state: FlowsState, sel: fl.Selection, lines: pd.DataFrame, f: Facts) -> bool:
    """Whether the view's origins are gathered by region: when asked, or by default when the
    origins drawn span the world and no origin is chosen or in focus."""
    if state.group != "auto":
        return state.group == "regions"
    if sel.focus or sel.origins or lines.empty:
        return False
    lons = f.places.loc[lines.origin.unique(), "lon"]
    return float(lons.max() - lons.min()) > WORLD


def _circles(
    cat: Catalogue,
    dataset: Dataset,
    sel: fl.Selection,
    corridors,
    reference,
    drawn: pd.DataFrame,
) -> Circles:
    """Each place's totals in and out, with the years and the destinations they come from,
    and the destinations chosen that reported nothing in the view's years. A node that
    gathers origins (in the lines `drawn`, when gathered) totals its members and names them."""
    t, loc = cat.locale.t, cat.locale
    f = facts(dataset)
    countries = set(dataset.countries.iso3[dataset.countries.entity == "country"])
    # The destination countries of the view (None: every destination), or the one in focus.
    chosen = [c for c in sel.destinations if c in countries] if sel.destinations else None
    if sel.focus and sel.focus in (chosen or ()):
        chosen = [sel.focus]
    reported = fl.reporting(dataset.flows, chosen, sel.years)
    totals = fl.node_totals(corridors)
    nodes = drawn[drawn.origin.str.startswith(fl.GROUP)] if "members" in drawn else drawn.iloc[:0]
    if not nodes.empty:
        totals = pd.concat([totals, fl.node_totals(nodes).loc[nodes.origin.unique()]])
    span = loc.years(sel.first, sel.last)
    reporters = sum(1 for years in reported.values() if years)
    notes: dict[str, list[str]] = {}
    for code, row in totals.iterrows():
        said = []
        if row.in_upper > 0:
            years = fl.reporting(dataset.flows, [code], sel.years)[code]
            said.append(
                t(
                    "flows.tip_reported_years",
                    k=loc.number(len(years)),
                    m=loc.number(len(sel.years)),
                    years=years_text(years, loc) if years else "",
                )
            )
        if row.out_upper > 0 and reported:
            said.append(
                t(
                    "flows.tip_reported_by",
                    k=loc.number(reporters),
                    m=loc.number(len(reported)),
                    years=span,
                )
            )
        if code in set(nodes.origin):
            gathered = sorted(
                {c for m in nodes.members[nodes.origin == code] for c in m}, key=cat.name
            )
            said.insert(0, t("flows.tip_gathered", places=cat.join(cat.name(c) for c in gathered)))
        notes[code] = said
    # Every destination that never reported is not worth a mark on a map of all of them.
    silent = tuple(
        ()
        if chosen is None
        else sorted(
            (c for c, years in reported.items() if not years and c in f.places.index),
            key=cat.name,
        )
    )
    return Circles(
        totals=totals,
        reference=reference,
        notes=notes,
        silent=silent,
        silent_note=t("flows.tip_silent", years=span),
        gathered=tuple(sorted(set(nodes.origin))),
    )


@shared
def build(dataset: Dataset, locale: Locale, state: FlowsState) -> FlowsView:
    """Everything the flows page and its slide show, for one state."""
    cat = catalogue(dataset, locale)
    t, loc = locale.t, locale
    f = facts(dataset)
    sel = selection(dataset, state)
    flows = dataset.flows
    show_counted, show_routes = "counted" in sel.kinds, "routes" in sel.kinds
    corridors = fl.counted(flows if show_counted else flows.iloc[:0], sel)
    routes = fl.routes(flows if show_routes else flows.iloc[:0], sel)
    legs = fl.legs(routes)
    places = f.places
    names = dict(cat.names)
    drawable = fl.drawable(corridors, places.index)
    gathering = _gathering(state, sel, drawable, f)
    if gathering:
        drawable = fl.gathered(drawable, f.groups)
        nodes = sorted(set(drawable.origin) & set(f.group_places.index))
        places = pd.concat([places, f.group_places.loc[nodes]])
        names.update({n: t(f"flows.group_{n.removeprefix(fl.GROUP)}") for n in nodes})
    lines, others = fl.largest(drawable, state.top)
    width_scale, circle_reference = _scales(dataset, state, corridors, drawable, gathering)
    circles = Circles()
    if show_counted:
        circles = _circles(cat, dataset, sel, corridors, circle_reference, drawable)
    others_text = ""
    if others.count:
        victims = (
            loc.number(others.lower)
            if others.lower == others.upper
            else loc.range(others.lower, others.upper)
        )
        others_text = t("flows.others", count=loc.number(others.count), victims=victims)
    span = selection(dataset, state, span=True)
    citations = {s: cat.citation([s]) for s in dict.fromkeys(flows.source)}
    shapes = outlines()
    shaded = set(sel.destinations) | ({sel.focus} if sel.focus else set())
    drawn = set(places.index)
    ends = set(corridors.origin) | set(corridors.destination)
    ends |= set(routes.origin) | set(routes.destination) | set(routes.transit)
    regions = sorted(
        (c for c in ends if c in drawn and places.loc[c, "entity"] != "country"), key=cat.name
    )
    unplaced = corridors[~corridors.origin.isin(drawn) | ~corridors.destination.isin(drawn)]
    unplaced_text = ""
    if not unplaced.empty:
        listed = cat.join(
            f"{path_text((r.origin, r.destination), names, loc)}: {victims_text(r, loc)}"
            for _, r in unplaced.iterrows()
        )
        widest = float(drawable.lower.max()) if not drawable.empty else 0.0
        biggest = float(unplaced.lower.max())
        unplaced_text = (
            t("flows.not_drawn_larger", flows=listed, widest=loc.number(round(widest)))
            if not drawable.empty and biggest > widest
            else t("flows.not_drawn", flows=listed)
        )
    domestic = corridors[corridors.origin == corridors.destination]
    domestic_text = (
        t("flows.domestic_note", count=loc.number(len(domestic))) if not domestic.empty else ""
    )
    years = list(sel.years)
    across = corridors[corridors.origin != corridors.destination]
    headline = ""
    if not across.empty:
        top = across.iloc[0]  # the corridors come largest first
        headline = t(
            "headline.corridor",
            path=path_text((top.origin, top.destination), names, loc),
            victims=victims_text(top, loc),
            years=years_text(top.years, loc),
            span=loc.years(sel.first, sel.last),
            n=loc.number(len(corridors)),
        )
    sources = list(dict.fromkeys(sources_of(corridors) + sources_of(routes)))
    nothing = t("flows.nothing") if corridors.empty and routes.empty else ""

    sankey, sankey_caption = None, ""
    if not corridors.empty:
        fig, left_out = sankey_figure(corridors, names, loc)
        sankey = fig.to_plotly_json()
        sankey_caption = t("flows.sankey_caption")
        if left_out:
            sankey_caption += " " + t("flows.sankey_left_out", count=loc.number(left_out))

    table = fl.with_stock(corridors, flows, sel.last)
    stock_sources = [s for s in table.stock_source.unique() if s]
    return FlowsView(
        state=state,
        locale=locale,
        selection=sel,
        heading=t("present.heading_flows", years=loc.years(sel.first, sel.last)),
        headline=headline,
        showing=(
            t("flows.showing", years=loc.years(sel.first, sel.last))
            if frame_year(state) is None
            else t(
                "flows.showing_year",
                year=loc.year(sel.first),
                years=loc.years(span.first, span.last),
            )
        ),
        nothing=nothing,
        notes=[nothing] if nothing else [],
        names=names,
        corridors=corridors,
        lines=lines,
        others=others,
        others_text=others_text,
        circles=circles,
        year=frame_year(state),
        frames=span.years,
        routes=routes,
        legs=legs,
        places=places,
        width_scale=width_scale,
        citations=citations,
        outlines={c: shapes[c] for c in sorted(shaded) if c in shapes},
        land=LAND,
        regions=regions,
        show_counted=show_counted,
        show_routes=show_routes,
        unplaced_text=unplaced_text,
        domestic_text=domestic_text,
        sources=sources,
        years=years,
        source_text=cat.source_text(sources, years),
        sankey=sankey,
        sankey_caption=sankey_caption,
        sankey_source_text=cat.source_text(sources_of(corridors), years),
        routes_html=route_table_html(routes, names, citations, loc) if not routes.empty else "",
        routes_source_text=cat.source_text(sources_of(routes), years),
        routes_table=_routes_export(cat, routes, citations),
        routes_file_name=f"routes-{sel.first}-{sel.last}.csv",
        context_header=[
            t("flows.col_corridor"),
            t("flows.col_victims"),
            t("flows.col_years"),
            t("flows.col_stock"),
        ],
        context_rows=_context_rows(cat, table),
        context_source_text=cat.source_text(sources_of(table) + stock_sources, years),
        table=_export(cat, table),
        file_name=f"corridors-{sel.first}-{sel.last}.csv",
    )
