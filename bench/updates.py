"""How long the secretariat waits: preparing an update (checks, validation, the preview of
every changed cell) from a filled template, a full dataset workbook and a UNODC release, and
writing a new version. No targets: reference figures for the README."""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, summary

RUNS = 3
REFERENCE = ROOT.parent / "shared" / "reference-data"
UNODC = REFERENCE / "unodc_glotip" / "data_glotip.xlsx"


def filled_template(dataset) -> bytes:
    from openpyxl import load_workbook

    from dashboard.dataset.template import build_template

    book = load_workbook(io.BytesIO(build_template(dataset, "BHR", 2018, 2022)))
    sheet = book["Figures"]
    for indicator, value in (("persons_convicted", 41), ("persons_prosecuted", 60)):
        sheet.append(
            [
                "BHR",
                2023,
                indicator,
                "total",
                "total",
                "total",
                value,
                None,
                None,
                "reported",
                None,
                None,
                None,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timed(function, runs: int = RUNS) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def measure() -> dict:
    from dashboard.dataset.io import write_workbook
    from dashboard.dataset.model import load_dataset
    from dashboard.dataset.store import DirectoryStore
    from dashboard.dataset.updates import prepare

    base = load_dataset(ROOT / "data").dataset
    template = filled_template(base)
    with tempfile.TemporaryDirectory() as folder:
        workbook = Path(folder) / "whole.xlsx"
        write_workbook(base.tables, base.manifest, workbook)
        whole = workbook.read_bytes()
        limit = 100_000_000

        def run(name, data):
            return lambda: prepare(name, data, base, 1, REFERENCE, limit)

        results = {
            "prepare_template_s": summary(timed(run("t.xlsx", template))),
            "prepare_full_workbook_s": summary(timed(run("whole.xlsx", whole))),
        }
        if UNODC.exists():
            results["prepare_unodc_release_s"] = summary(
                timed(run("data_glotip.xlsx", UNODC.read_bytes()))
            )
        store = DirectoryStore(Path(folder) / "store", ROOT / "data")
        store.ensure()
        proposal = run("t.xlsx", template)()
        versions = iter(range(1, 100))

        def write():
            store.write_if_current(
                next(versions),
                proposal.tables,
                proposal.manifest,
                by="bench",
                source="t",
                comment="bench",
            )

        results["write_version_s"] = summary(timed(write))
    return results


if __name__ == "__main__":
    import json

    print(json.dumps(measure(), indent=2))
