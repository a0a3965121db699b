"""Build the bundled dataset from the public reference files: one command, same bytes each time.

python -m dashboard.importers build --reference ../shared/reference-data --out data
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from dashboard.dataset.io import sort_table, write_folder
from dashboard.dataset.model import load_dataset
from dashboard.dataset.schema import TABLES_BY_NAME
from dashboard.importers import countries, gsi, natural_earth, routes, tip, undesa, unodc, worldbank
from dashboard.importers.common import BuildLog, static_table

DATASET_NAME = "tip-middle-east-indicators"
DATASET_TITLE = "Shared indicators dataset on trafficking in persons, Middle East forum"
DATASET_VERSION = "1"
SHAPES = "countries.geojson"
REGION_SHAPES = "countries-region.geojson"
OUTLINE_SHAPES = "countries-outline.geojson"
LAND_IMAGE = "land.png"
DARK_LAND_IMAGE = "land-dark.png"
UNODC_FILE = "unodc_glotip/data_glotip.xlsx"


def build_tables(
    reference: Path, log: BuildLog, aliases: Mapping[str, str] | None = None
) -> dict[str, pd.DataFrame]:
    """Every table of the dataset, built from the reference folder and the static tables;
    `aliases` maps UNODC labels the alias table does not (label -> code)."""
    glotip = unodc.read(reference / UNODC_FILE)
    ne = natural_earth.read()
    population = reference / "worldbank_population"
    country_table = countries.build(ne, glotip, worldbank.mena_members(population))
    known = set(country_table["iso3"])
    observations = pd.concat(
        [
            unodc.observations(glotip, known, log),
            worldbank.observations(population, known),
            gsi.observations(reference / "walkfree_gsi", log),
            tip.observations(reference / "tip_report", known, log),
        ],
        ignore_index=True,
    )
    region = set(country_table.loc[country_table["mena"], "iso3"]) | set(
        country_table.loc[
            (country_table["subregion"] == "Western Asia") & (country_table["entity"] == "country"),
            "iso3",
        ]
    )
    flows = pd.concat(
        [
            unodc.flows(glotip, known, log, aliases),
            routes.flows(reference / "tip_report", known, log),
            undesa.flows(reference / "undesa_migrant_stock", region, log),
        ],
        ignore_index=True,
    )
    tables = {
        "sources": unodc.edition(static_table("sources.csv"), reference / UNODC_FILE, glotip),
        "countries": country_table,
        "indicators": static_table("indicators.csv"),
        "categories": static_table("categories.csv").assign(code=lambda f: f["code"].astype(float)),
        "observations": observations,
        "flows": flows,
        "measures": gsi.measures(reference / "walkfree_gsi", log),
        "editions": static_table("editions.csv").assign(
            edition=lambda f: f["edition"].astype(int), year=lambda f: f["year"].astype(int)
        ),
    }
    for name, frame in tables.items():
        table = TABLES_BY_NAME[name]
        frame = frame.reindex(columns=list(table.column_names))
        for column in table.columns:
            if column.dtype == "str":
                frame[column.name] = frame[column.name].fillna("").astype(str)
        tables[name] = sort_table(frame, table)
    return tables


def manifest(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """The dataset's date is the newest source's date, so the build stays reproducible."""
    return {
        "name": DATASET_NAME,
        "title": DATASET_TITLE,
        "version": DATASET_VERSION,
        "created": max(tables["sources"]["accessed"]),
    }


def build(
    reference: Path, out: Path, assets: Path | None = None, log: BuildLog | None = None
) -> BuildLog:
    """Write the dataset folder (and the map shapes) and check that the result is valid.
    Every source file is read before anything is written; `log.written` says what was."""
    log = BuildLog() if log is None else log
    tables = build_tables(reference, log)
    log.written.append(str(out))
    write_folder(tables, manifest(tables), out)
    (out / "build_report.md").write_text(log.render(), encoding="utf-8")
    if assets is not None:
        log.written.append(str(assets))
        names = tables["countries"].set_index("iso3")
        shapes = natural_earth.read()
        size = natural_earth.write_shapes(shapes, names, assets / SHAPES)
        log.notes.append(f"map shapes: {assets / SHAPES} ({size:,} bytes)")
        size = natural_earth.write_shapes(
            shapes, names, assets / REGION_SHAPES, natural_earth.REGION_BOX
        )
        log.notes.append(f"regional map shapes: {assets / REGION_SHAPES} ({size:,} bytes)")
        size = natural_earth.write_shapes(
            shapes,
            names,
            assets / OUTLINE_SHAPES,
            tolerance=natural_earth.OUTLINE_TOLERANCE,
            decimals=natural_earth.OUTLINE_DECIMALS,
        )
        log.notes.append(f"flow map outlines: {assets / OUTLINE_SHAPES} ({size:,} bytes)")
        size = natural_earth.write_land(shapes, assets / LAND_IMAGE)
        log.notes.append(f"flow map land image: {assets / LAND_IMAGE} ({size:,} bytes)")
        size = natural_earth.write_land(
            shapes, assets / DARK_LAND_IMAGE, colours=natural_earth.DARK
        )
        log.notes.append(f"dark-room land image: {assets / DARK_LAND_IMAGE} ({size:,} bytes)")
        from dashboard.charts.flows import ARROW_IMAGE, arrowhead_png

        size = (assets / ARROW_IMAGE).write_bytes(arrowhead_png())
        log.notes.append(f"flow map arrowhead: {assets / ARROW_IMAGE} ({size:,} bytes)")
    result = load_dataset(out)
    if result.dataset is None:
        raise RuntimeError("the built dataset is not valid:\n" + result.report.render())
    return log


def install(built: Path, target: Path) -> list[Path]:
    """Move every file of the folder `built` into `target`, each replacing the file of the
    same name in one step (a rename); the other files of `target` (data/README.md, the decks,
    the tracker's rules) are left as they are. Returns the files installed."""
    import os
    import shutil

    target.mkdir(parents=True, exist_ok=True)
    done = []
    for path in sorted(p for p in built.iterdir() if p.is_file()):
        try:
            os.replace(path, target / path.name)
        except OSError:  # another file system: copied beside it first, then renamed
            shutil.copy2(path, target / f".{path.name}.new")
            os.replace(target / f".{path.name}.new", target / path.name)
        done.append(target / path.name)
    return done
