"""Command line: `python -m dashboard.importers build --reference DIR --out DIR`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard import config
from dashboard.importers.build import build


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
    args = parser.parse_args(argv)
    try:
        log = build(args.reference, args.out, None if args.no_shapes else args.assets)
    except Exception as exc:  # a source file in a form no reader foresaw: say which, briefly
        print(f"error: the build stopped: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(
            f"every source file is read before anything is written: if the error is about a "
            f"file in {args.reference}, {args.out} is as it was",
            file=sys.stderr,
        )
        return 2
    for note in log.notes:
        print(note)
    print(f"dataset written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
