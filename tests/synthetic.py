"""A SYNTHETIC dataset about 100 times the bundled one, for the scale benchmark and its test only.

    .venv/bin/python -m tests.synthetic OUT [--scale 1.0] [--seed 20261129]

Every figure in it is random (numpy, fixed seed: the same seed gives the same files). It keeps
the bundled dataset's countries, catalogue, categories and forum editions so that every page
works on it, adds 16 synthetic count indicators (60 in all), and fills 1990-2024 for every
country: counts split by sex, age and form of exploitation (and their pairs), about 5 % of rows
missing, small counts withheld as 1-4, a few flagged; about a million flow rows (detected
victims by form, transit legs, migrant stock, documented routes). Every row's source is
`synthetic_benchmark`, whose title, like the manifest's, says SYNTHETIC: the app then shows
that word in every source line. Never serve it as the forum's data; it is written under
`var/` (ignored by git) by `bench/scale.py`. `--scale 0.01` makes a small one (the tests check
that one, in `tests/test_synthetic.py`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.dataset import load_dataset
from dashboard.dataset.io import write_folder
from dashboard.dataset.schema import AGES, FORMS, SEXES

SEED = 20261129
SOURCE = "synthetic_benchmark"
TITLE = "SYNTHETIC benchmark data: random figures, not real, never to be presented"
YEARS = range(1990, 2025)
NEW_INDICATORS = 16
MISSING = 0.05
FLAGGED = 0.005
FLOW_PAIRS = 4200  # origin -> destination pairs with detected victims, per year (scale 1)
TRANSIT_TRIPLES = 800
STOCK_PAIRS = 3000
ROUTES = 500

SPLIT_SEXES = [s for s in SEXES if s in ("female", "male")]
SPLIT_AGES = [a for a in AGES if a in ("adult", "child")]
SPLIT_FORMS = [f for f in FORMS if f != "total"]


def count_splits() -> list[tuple[str, str, str]]:
    """(sex, age, form) of every row of a count: total, each split alone, and their pairs."""
    splits = [("total", "total", "total")]
    splits += [(s, "total", "total") for s in SPLIT_SEXES]
    splits += [("total", a, "total") for a in SPLIT_AGES]
    splits += [("total", "total", f) for f in SPLIT_FORMS]
    splits += [(s, a, "total") for s in SPLIT_SEXES for a in SPLIT_AGES]
    splits += [(s, "total", f) for s in SPLIT_SEXES for f in SPLIT_FORMS]
    splits += [("total", a, f) for a in SPLIT_AGES for f in SPLIT_FORMS]
    return splits


def _source_row() -> dict:
    return {
        "source": SOURCE,
        "title": TITLE,
        "title_ar": "بيانات اصطناعية لقياس الأداء: أرقام عشوائية، ليست حقيقية، لا تُعرض أبداً",
        "citation_en": "SYNTHETIC (random, tests/synthetic.py)",
        "citation_ar": "اصطناعية (عشوائية، tests/synthetic.py)",
        "publisher": "none: generated",
        "edition": f"seed {SEED}",
        "url": "",
        "licence": "not data",
        "licence_ar": "ليست بيانات",
        "accessed": "2026-11-29",
    }


def _indicators(bundled: pd.DataFrame) -> pd.DataFrame:
    pillars = ["prosecution", "protection", "prevention", "partnership"]
    rows = [
        {
            "indicator": f"synthetic_count_{i:02d}",
            "name_en": f"Synthetic count {i}",
            "name_ar": f"عدد اصطناعي {i}",
            "unit_en": "persons",
            "unit_ar": "أشخاص",
            "kind": "count",
            "pillar": pillars[i % len(pillars)],
            "definition_en": "SYNTHETIC: random figures for the scale benchmark.",
            "definition_ar": "اصطناعي: أرقام عشوائية لقياس الأداء.",
            "source": SOURCE,
            "higher_is": "neutral",
        }
        for i in range(1, NEW_INDICATORS + 1)
    ]
    frame = pd.concat([bundled, pd.DataFrame(rows)], ignore_index=True)
    frame["source"] = SOURCE
    return frame


def _observations(
    rng: np.random.Generator, countries: np.ndarray, indicators: pd.DataFrame, codes: np.ndarray
) -> pd.DataFrame:
    years = np.array(YEARS)
    frames = []
    for indicator, kind in zip(indicators["indicator"], indicators["kind"], strict=True):
        splits = count_splits() if kind == "count" else [("total", "total", "total")]
        n_c, n_y, n_s = len(countries), len(years), len(splits)
        iso3 = np.repeat(countries, n_y * n_s)
        year = np.tile(np.repeat(years, n_s), n_c)
        split = np.tile(np.arange(n_s), n_c * n_y)
        if kind == "count":
            scale = 1e7 if indicator == "population" else 40.0
            level = rng.lognormal(np.log(scale), 1.2, n_c)[:, None]
            trend = np.exp(rng.normal(0, 0.15, (n_c, n_y)).cumsum(axis=1))
            share = np.where(split == 0, 1.0, rng.uniform(0.05, 0.6, split.size))
            value = np.round(np.repeat((level * trend).ravel(), n_s) * share)
        elif kind == "category":
            value = rng.choice(codes, iso3.size)
        elif kind == "boolean":
            value = rng.integers(0, 2, iso3.size).astype(float)
        elif kind == "score":
            value = np.round(rng.uniform(0, 100, iso3.size), 1)
        else:
            value = np.round(rng.uniform(0, 20, iso3.size), 2)
        table = np.array(splits, dtype=object)[split]
        frame = pd.DataFrame(
            {
                "iso3": iso3,
                "year": year,
                "indicator": indicator,
                "sex": table[:, 0],
                "age": table[:, 1],
                "form": table[:, 2],
                "value": value.astype(float),
            }
        )
        frames.append(frame[rng.random(len(frame)) >= MISSING])
    obs = pd.concat(frames, ignore_index=True)
    withheld = (obs["value"] >= 1) & (obs["value"] <= 4) & (obs["indicator"] != "population")
    flagged = rng.random(len(obs)) < FLAGGED
    obs["status"] = np.where(withheld, "suppressed", np.where(flagged, "flagged", "reported"))
    obs["lower"] = np.where(withheld, 1.0, np.nan)
    obs["upper"] = np.where(withheld, 4.0, np.nan)
    obs.loc[withheld, "value"] = np.nan
    obs["source"] = SOURCE
    obs["note"] = ""
    obs["note_ar"] = ""
    return obs


def _pairs(rng, countries: np.ndarray, weights: np.ndarray, count: int, legs: int) -> np.ndarray:
    """`count` distinct tuples of `legs` different countries; the last (the destination) drawn
    with `weights` (the forum's members come up more often)."""
    chosen = set()
    out = []
    possible = np.prod(np.arange(len(countries) - legs + 1, len(countries) + 1))
    count = min(count, int(possible) // 2)
    while len(out) < count:
        batch = rng.choice(len(countries), (count * 2, legs - 1))
        ends = rng.choice(len(countries), count * 2, p=weights)
        for row, end in zip(batch, ends, strict=True):
            key = (*row.tolist(), int(end))
            if len(set(key)) == legs and key not in chosen:
                chosen.add(key)
                out.append(key)
                if len(out) == count:
                    break
    return countries[np.array(out)]


def _legs(year: int, legs: np.ndarray, kind: str, victims, form: str = "total") -> pd.DataFrame:
    """Rows of one kind of flow: `legs` holds (origin, destination) or (origin, transit,
    destination) per row."""
    return pd.DataFrame(
        {
            "year": year,
            "origin": legs[:, 0],
            "transit": legs[:, 1] if legs.shape[1] == 3 else "",
            "destination": legs[:, -1],
            "kind": kind,
            "victims": victims,
            "form": form,
        }
    )


def _flows(rng, countries: np.ndarray, members: np.ndarray, scale: float) -> pd.DataFrame:
    weights = np.where(members, 20.0, 1.0)
    weights = weights / weights.sum()
    frames = []
    n_pairs = max(1, round(FLOW_PAIRS * scale))
    n_transit = max(1, round(TRANSIT_TRIPLES * scale))
    n_stock = max(1, round(STOCK_PAIRS * scale))
    for year in YEARS:
        pairs = _pairs(rng, countries, weights, n_pairs, 2)
        total = rng.lognormal(2.5, 1.3, n_pairs)
        for form in ["total", *SPLIT_FORMS]:
            share = 1.0 if form == "total" else rng.uniform(0.05, 0.6, n_pairs)
            frames.append(_legs(year, pairs, "detected_victims", np.round(total * share), form))
        triples = _pairs(rng, countries, weights, n_transit, 3)
        victims = np.round(rng.lognormal(2.0, 1.0, n_transit))
        frames.append(_legs(year, triples, "detected_victims", victims))
        stock = _pairs(rng, countries, weights, n_stock, 2)
        frames.append(_legs(year, stock, "migrant_stock", np.round(rng.lognormal(9, 2, n_stock))))
    routes = _pairs(rng, countries, weights, max(1, round(ROUTES * scale)), 3)
    frames.append(_legs(2020, routes, "documented_route", np.nan))
    flows = pd.concat(frames, ignore_index=True)
    counted = flows["kind"] == "detected_victims"
    withheld = counted & (flows["victims"] >= 1) & (flows["victims"] <= 4)
    flows["status"] = np.where(
        withheld, "suppressed", np.where(flows["kind"] == "migrant_stock", "estimated", "reported")
    )
    flows["lower"] = np.where(withheld, 1.0, np.nan)
    flows["upper"] = np.where(withheld, 4.0, np.nan)
    flows.loc[withheld, "victims"] = np.nan
    flows["sex"] = "total"
    flows["age"] = "total"
    flows["source"] = SOURCE
    flows["confidence"] = np.where(flows["kind"] == "documented_route", "explicit", "")
    flows["note"] = ""
    flows["note_ar"] = ""
    return flows


def generate(out: Path | str, scale: float = 1.0, seed: int = SEED) -> dict[str, int]:
    """Write the synthetic dataset folder to `out`; the number of rows per table."""
    bundled = load_dataset(Path(__file__).resolve().parent.parent / "data").dataset
    rng = np.random.default_rng(seed)
    countries_table = bundled.countries
    real = countries_table[countries_table["entity"] == "country"]
    n = max(12, round(len(real) * min(scale, 1.0)))  # a smaller scale: fewer countries too
    kept = real.sort_values("forum_member", ascending=False).head(n)
    countries = kept["iso3"].to_numpy()
    members = kept["forum_member"].to_numpy(dtype=bool)
    indicators = _indicators(bundled.indicators)
    codes = bundled.categories["code"].to_numpy(dtype=float)
    sources = pd.concat([bundled.sources, pd.DataFrame([_source_row()])], ignore_index=True)
    measures = bundled.measures.copy()
    measures["status"] = rng.choice(["yes", "no", "partly", "unknown"], len(measures))
    measures["source"] = SOURCE
    measures["evidence"] = "SYNTHETIC"
    measures["evidence_ar"] = "اصطناعي"
    tables = {
        "sources": sources,
        "countries": countries_table,
        "indicators": indicators,
        "categories": bundled.categories,
        "editions": bundled.editions,
        "measures": measures,
        "observations": _observations(rng, countries, indicators, codes),
        "flows": _flows(rng, countries, members, scale),
    }
    manifest = {
        "name": "synthetic-benchmark",
        "title": f"{TITLE} (seed {seed}, scale {scale:g})",
        "version": "synthetic",
        "created": "2026-11-29",
    }
    write_folder(tables, manifest, out)
    return {name: len(frame) for name, frame in tables.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    rows = generate(args.out, args.scale, args.seed)
    for name, count in rows.items():
        print(f"{name:14} {count:>10,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
