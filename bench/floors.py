"""Each page's floor: what the page draws, element by element, recorded from the app itself,
and redrawn by `bench/floor_pages_app.py` as a bare Streamlit page with no project code.

A page's time is read against its own floor, measured in the same run: a page with a map, a
ranked bar chart and nine lines of small multiples is compared with a bare page holding a
map, a bar chart and nine lines, of the same heights, with the same widgets, headings, texts
and download buttons, built from small fixed data. What the page takes beyond its floor is
this project's own cost.

    python -m bench.floors --write    record the pages now into bench/floors.json
    python -m bench.floors --check    say where the pages and bench/floors.json differ

`tests/test_floors.py` fails when a page no longer draws what its floor says (record again
with `--write` after changing what a page draws) or the floor app does not draw its spec. How
elements are read and compared is `tests/page_elements.py`'s, shared with that test.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.page_elements import DRIVERS, PAGES, SPEC, differences, inventory, served, spec

__all__ = ["DRIVERS", "PAGES", "SPEC"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="record the pages into floors.json")
    parser.add_argument("--check", action="store_true", help="compare the pages with it")
    args = parser.parse_args()
    with served() as url:
        pages = inventory(url)
    if args.write:
        written = {
            name: {"elements": elements, "driver": DRIVERS.get(name)}
            for name, elements in pages.items()
        }
        SPEC.write_text(json.dumps(written, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"written: {SPEC}")
        return 0
    recorded = spec()
    problems = [
        f"{name}: {problem}"
        for name, elements in pages.items()
        for problem in differences(elements, recorded.get(name, {}).get("elements", []))
    ]
    print("\n".join(problems) or "every page draws what its floor says")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
