"""Command line.

    python -m dashboard.importers build --reference DIR --out DIR [--assets DIR | --no-shapes]
    python -m dashboard.importers install BUILD --out data --assets assets

`build` writes the dataset (and the map files) from the public files; `install` checks a
build's `BUILD/data` and only then moves its files (and those of `BUILD/assets`) into place,
each file replaced in one step. `make data` runs the two, with `validate` between them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard import config
from dashboard.importers.build import build, install
from dashboard.importers.common import BuildLog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.importers")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("build", help="build the bundled dataset from the public files")
    run.add_argument(
        "--reference",
        type=Path,
        default=config.reference_path(),
        help=f"the public source files (default: ${config.REFERENCE_ENV}, else %(default)s)",
    )
    run.add_argument("--out", type=Path, default=config.bundled_path())
    run.add_argument(
        "--assets", type=Path, default=config.assets_path(), help="where to write the map shapes"
    )
    run.add_argument("--no-shapes", action="store_true", help="do not rebuild the map shapes")
    put = commands.add_parser(
        "install", help="move a checked build (BUILD/data, BUILD/assets) into place"
    )
    put.add_argument("build", type=Path, help="the folder holding the build's data/ and assets/")
    put.add_argument("--out", type=Path, default=config.bundled_path())
    put.add_argument("--assets", type=Path, default=config.assets_path())
    args = parser.parse_args(argv)
    if args.command == "install":
        return _install(args)
    log = BuildLog()
    try:
        build(args.reference, args.out, None if args.no_shapes else args.assets, log)
    except Exception as exc:  # a source file in a form no reader foresaw: say which, briefly
        print(f"error: the build stopped: {type(exc).__name__}: {exc}", file=sys.stderr)
        if log.written:
            print(
                "written before the error (perhaps only in part, and not a valid build): "
                + ", ".join(log.written),
                file=sys.stderr,
            )
        else:
            print(f"nothing was written: {args.out} is as it was", file=sys.stderr)
        return 2
    for note in log.notes:
        print(note)
    print(f"dataset written to {args.out}")
    return 0


def _install(args) -> int:
    from dashboard.dataset.model import load_dataset

    data, assets = args.build / "data", args.build / "assets"
    result = load_dataset(data) if data.is_dir() else None
    if result is None or result.dataset is None:
        if result is not None:
            print(result.report.render(), file=sys.stderr)
        print(
            f"error: {data} is not a valid dataset; nothing was changed in {args.out}",
            file=sys.stderr,
        )
        return 1
    done: list[Path] = []
    try:
        done += install(data, args.out)
        if assets.is_dir():
            done += install(assets, args.assets)
    except Exception as exc:
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        if done:
            print("installed before the error: " + ", ".join(map(str, done)), file=sys.stderr)
        else:
            print("nothing was changed", file=sys.stderr)
        return 2
    print(
        f"installed {len(done)} files into {args.out}"
        + (f" and {args.assets}" if assets.is_dir() else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
