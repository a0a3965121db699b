"""Command line: `python -m dashboard.dataset validate PATH` and `convert SRC DST`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.dataset.io import write_folder, write_workbook
from dashboard.dataset.model import load_dataset


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.dataset")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check a dataset folder or workbook")
    check.add_argument("path", type=Path)
    convert = commands.add_parser(
        "convert", help="write a valid dataset in the other form (folder <-> .xlsx)"
    )
    convert.add_argument("source", type=Path)
    convert.add_argument("target", type=Path)
    args = parser.parse_args(argv)

    path = args.path if args.command == "validate" else args.source
    result = load_dataset(path)
    print(result.report.render())
    if result.dataset is None:
        print(f"{path}: NOT VALID", file=sys.stderr)
        return 1
    if args.command == "validate":
        rows = sum(len(t) for t in result.dataset.tables.values())
        print(f"{path}: valid (version {result.dataset.version}, {rows:,} rows)")
        return 0
    tables = dict(result.dataset.tables)
    if args.target.suffix.lower() == ".xlsx":
        write_workbook(tables, result.dataset.manifest, args.target)
    else:
        write_folder(tables, result.dataset.manifest, args.target)
    print(f"wrote {args.target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
