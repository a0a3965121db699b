"""Command line for the dataset and its versions.

    python -m dashboard.dataset validate PATH          check a folder or workbook
    python -m dashboard.dataset convert SRC DST        folder <-> .xlsx
    python -m dashboard.dataset versions               list the versions, the current marked
    python -m dashboard.dataset diff A B               what changes from A to B (version ids
                                                       or paths); --csv FILE writes every cell
    python -m dashboard.dataset apply FILE --by NAME --comment TEXT [--accept-warnings]
                                                       [--map LABEL=CODE ...]
    python -m dashboard.dataset rollback ID --by NAME --comment TEXT

The version store is `$TIP_DASHBOARD_STORE` (default var/store/); see README.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard import config
from dashboard.dataset import diff as differ
from dashboard.dataset.io import write_folder, write_workbook
from dashboard.dataset.model import Dataset, load_dataset
from dashboard.dataset.store import Conflict, StoreError
from dashboard.dataset.store import configured as configured_store
from dashboard.dataset.updates import UploadError, prepare


def _dataset(ref: str, store) -> Dataset:
    if ref.isdigit():
        return store.read(int(ref))
    result = load_dataset(Path(ref))
    if result.dataset is None:
        raise StoreError("invalid_dataset", ref=str(ref), **result.report.counts())
    return result.dataset


def _summary(changes) -> str:
    if changes.empty:
        return "no differences"
    counts = changes.groupby(["table", "change"]).size()
    return "\n".join(f"  {table:13} {change:8} {n:>7,}" for (table, change), n in counts.items())


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
    commands.add_parser("versions", help="list the dataset's versions")
    compare = commands.add_parser("diff", help="what changes between two versions or paths")
    compare.add_argument("a")
    compare.add_argument("b")
    compare.add_argument("--csv", type=Path, help="write every changed cell to this CSV file")
    apply = commands.add_parser("apply", help="apply a template, dataset or UNODC release file")
    apply.add_argument("file", type=Path)
    apply.add_argument("--by", required=True, help="who applies it")
    apply.add_argument("--comment", required=True, help="why")
    apply.add_argument("--accept-warnings", action="store_true")
    apply.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="LABEL=CODE",
        help="a UNODC release's label nothing matches, and its country or region code "
        "(repeat for each; kept with the new version for the next release)",
    )
    back = commands.add_parser("rollback", help="make an earlier version current again")
    back.add_argument("id", type=int)
    back.add_argument("--by", required=True)
    back.add_argument("--comment", required=True)
    args = parser.parse_args(argv)
    args.written = []  # what this command has written so far, for the message on an error
    try:
        return _run(args)
    except Exception as exc:  # a file broken in a way no check foresaw: say so, no traceback
        what = getattr(args, "file", None) or getattr(args, "path", None) or args.command
        done = (
            "written before the error: " + ", ".join(args.written)
            if args.written
            else "nothing was changed"
        )
        print(f"error: {what}: {type(exc).__name__}: {exc}; {done}", file=sys.stderr)
        return 2


def _run(args) -> int:
    if args.command in ("validate", "convert"):
        return _validate_or_convert(args)
    if args.command == "apply" and args.file.is_dir():
        print(
            f"error: {args.file} is a folder: apply takes one file (a submission template, a "
            "dataset workbook, a .zip of a dataset folder or a UNODC release)",
            file=sys.stderr,
        )
        return 1
    mapped: dict[str, str] = {}
    if args.command == "apply":
        mapped, wrong = _mappings(args.map)
        if wrong:
            for item in wrong:
                print(
                    f"error: --map {item!r} is not LABEL=CODE (for example "
                    "--map 'Atlantean=UGA'); nothing was changed",
                    file=sys.stderr,
                )
            return 2
    store = configured_store()
    try:
        if args.command == "apply" and mapped:
            unknown = _unknown_codes(store, mapped)
            if unknown:
                for label, code in unknown.items():
                    print(
                        f"error: --map '{label}={code}': {code} is not the code of a country "
                        "or region in the dataset (its countries table); nothing was changed",
                        file=sys.stderr,
                    )
                return 2
        if args.command == "versions":
            current = store.current().id
            for v in store.versions():
                mark = "*" if v.id == current else " "
                print(
                    f"{mark} {v.id:>4}  {v.created}  {v.kind:8}  {v.by}: {v.comment} ({v.source})"
                )
            return 0
        if args.command == "diff":
            changes = differ.diff(_dataset(args.a, store).tables, _dataset(args.b, store).tables)
            print(_summary(changes))
            if args.csv:
                args.written.append(f"{args.csv} (perhaps only in part)")
                changes.to_csv(args.csv, index=False)
                args.written[-1] = str(args.csv)
                print(f"wrote {args.csv}")
            return 0
        base = store.current()
        if args.command == "rollback":
            target = store.read(args.id)
            try:
                summary = _summary(differ.diff(store.read(base.id).tables, target.tables))
            except StoreError:  # the current version is broken: rolling back repairs it
                summary = f"version {base.id} (current) does not load: replaced as a whole"
            version = store.write_if_current(
                base.id,
                target.tables,
                target.manifest,
                by=args.by,
                source=f"version {args.id}",
                comment=args.comment,
                kind="rollback",
            )
            args.written.append(f"version {version.id} of the store, now current")
            print(summary)
            print(f"version {version.id} is current: the content of version {args.id}")
            return 0
        data = store.read(base.id)
        proposal = prepare(
            args.file.name,
            args.file.read_bytes(),
            data,
            base.id,
            config.reference_path(),
            config.upload_limit_bytes(),
            aliases=mapped,
        )
        for label, rows, low, high in proposal.unmatched:
            victims = f"{low:,}" if low == high else f"{low:,}-{high:,}"
            print(
                f"label {label!r} matches no country or region: {rows:,} rows, {victims} "
                f"victims left out (map it with --map '{label}=CODE')"
            )
        for label, code in sorted(proposal.aliases.items()):
            print(f"label {label!r} mapped to {code}")
        if not proposal.ok:
            print("\n".join(p.describe() for p in proposal.report.errors), file=sys.stderr)
            print(
                f"{args.file}: not applied, {proposal.report.error_count} error(s)", file=sys.stderr
            )
            return 1
        print(f"{args.file}: {proposal.kind}, against version {base.id}")
        print(_summary(proposal.changes))
        for warning in proposal.warnings:
            print(f"warning: {warning}")
        if proposal.empty:
            print("nothing to apply: the file changes nothing")
            return 0
        if proposal.warnings and not args.accept_warnings:
            print("not applied: review the warnings, then add --accept-warnings", file=sys.stderr)
            return 1
        version = store.write_if_current(
            base.id,
            proposal.tables,
            proposal.manifest,
            by=args.by,
            source=args.file.name,
            comment=args.comment,
        )
        args.written.append(f"version {version.id} of the store, now current")
        print(f"version {version.id} is current")
        return 0
    except (Conflict, StoreError, UploadError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _mappings(items: list[str]) -> tuple[dict[str, str], list[str]]:
    """The --map items as label -> code (code in capitals), and the items that are not
    LABEL=CODE with both parts given."""
    mapped, wrong = {}, []
    for item in items:
        label, sep, code = item.rpartition("=")
        if not sep or not label.strip() or not code.strip():
            wrong.append(item)
        else:
            mapped[label.strip()] = code.strip().upper()
    return mapped, wrong


def _unknown_codes(store, mapped: dict[str, str]) -> dict[str, str]:
    """The mappings whose code is not in the countries table of the dataset they would be
    applied to (the current version; the bundled dataset while the store does not exist yet,
    so that nothing is created just to check)."""
    if store.exists():
        countries = store.read(store.current().id).countries
    else:
        seed = load_dataset(store.seed).dataset
        if seed is None:  # the store cannot be made either: its own error says why
            return {}
        countries = seed.countries
    codes = set(countries.iso3)
    return {label: code for label, code in mapped.items() if code not in codes}


def _validate_or_convert(args) -> int:
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
    args.written.append(f"{args.target} (perhaps only in part)")
    if args.target.suffix.lower() == ".xlsx":
        write_workbook(tables, result.dataset.manifest, args.target)
    else:
        write_folder(tables, result.dataset.manifest, args.target)
    args.written[-1] = str(args.target)
    print(f"wrote {args.target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
