"""Pages fully drawn in headless Chromium with the server warm (median of 5): opened from a
link in a new tab, and reached from another page of the app through the sidebar; a change on
the trends, compare and flows pages until the page shows it; and the server's run for each of
those changes. Every one is measured on the app and on its floor (`bench/floors.py`: the same
elements on a bare page, served at the same addresses by `bench/floor_pages_app.py`), sample by
sample in turns, so that both see the machine at the same moment, and reported as a ratio.
Also: the bare floor (a title and a line of text) and a process start to the first drawn page.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    CHROMIUM,
    CHROMIUM_ARGS,
    NEXT_FRAMES,
    ROOT,
    free_port,
    start_server,
    stop,
    summary,
    wait_drawn,
    wait_healthy,
)
from dashboard import registry

LOADS = 5
STARTS = 3
CHANGES = 6
# name -> (path, plotly charts the page draws): every page a slide can show, in both languages
# (the registry of pages says what each draws).
EXTRA = {"profile": {"en": "&country=BHR", "ar": "&country=SAU"}}
PAGES = {
    f"{p.name}_{lang}": (
        f"{p.address}?lang={lang}{EXTRA.get(p.name, {}).get(lang, '')}",
        p.plotly_charts,
    )
    for p in registry.PAGES
    if p.slide
    for lang in ("en", "ar")
}
# name -> (page it starts on, its plotly charts, the page reached, its title, its charts)
NAVIGATIONS = {
    "compare_from_overview": ("/?lang=en", 0, "compare", "Compare countries", 3),
    "compare_from_trends": ("/trends?lang=en", 3, "compare", "Compare countries", 3),
    "trends_from_compare": ("/compare?lang=en", 3, "trends", "Conviction trends", 3),
    "profile_from_compare": ("/compare?lang=en", 3, "profile", "Country profile", 3),
    "flows_from_trends": ("/trends?lang=en", 3, "flows", "Flows", 0),
}
MEASURE_LABELS = ("Per 100,000 population", "Number of persons")
INDICATORS = ("Victims detected", "Persons convicted")


def page_loads(
    browser, base: str, path: str, charts: int, loads: int = LOADS, maps: int | None = None
) -> list[float]:
    """Seconds from navigation to 'script finished and charts drawn', fresh tab each time
    (`maps`: the decks to wait for, by default those of the app's page at that address)."""
    samples = []
    for i in range(loads + 1):
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = context.new_page()
        start = time.perf_counter()
        page.goto(base + path)
        wait_drawn(page, charts, maps=maps)
        elapsed = time.perf_counter() - start
        context.close()
        if i:  # the first load warms the server's caches; the target is "server warm"
            samples.append(elapsed)
    return samples


TITLE_IS = """(title) => [...document.querySelectorAll('[data-testid="stMain"] h1')]
  .some(h => h.innerText.startsWith(title))"""


def navigations(browser, base: str, route, loads: int = LOADS) -> list[float]:
    """Seconds from a click on a page's link in the sidebar to that page fully drawn. The
    browser has the app open already, as a delegate moving between pages has: Streamlit's
    code is loaded (plotly too, if the page it starts on has a chart)."""
    start_path, start_charts, url_path, title, charts = route
    samples = []
    for i in range(loads + 1):
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = context.new_page()
        page.goto(base + start_path)
        wait_drawn(page, start_charts)
        link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{url_path}"]')
        start = time.perf_counter()
        link.click()
        page.wait_for_function(TITLE_IS, arg=title)
        wait_drawn(page, charts)
        elapsed = time.perf_counter() - start
        context.close()
        if i:
            samples.append(elapsed)
    return samples


def time_choices(browser, base: str, path: str, charts: int, box: str, options, changed: str):
    """Seconds from choosing an option in the select box labelled `box` to the page showing it:
    `changed(arg)` (JavaScript) must turn true, and the script must have finished."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(base + path)
    wait_drawn(page, charts)
    samples = []
    for i in range(CHANGES):
        label = options[i % len(options)]
        before = page.evaluate(BAR_TEXTS)
        page.locator('[data-testid="stSelectbox"]').filter(has_text=box).click()
        option = page.get_by_role("option", name=label, exact=True)
        start = time.perf_counter()
        option.click()
        page.wait_for_function(changed, arg={"label": label, "before": before})
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        page.evaluate(NEXT_FRAMES)
        samples.append(time.perf_counter() - start)
    context.close()
    return samples


BAR_TEXTS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .bartext')]
  .map(t => t.textContent).join('|')"""
SHOWS_LABEL = """(arg) => [...document.querySelectorAll('.ytitle')]
  .some(title => title.textContent === arg.label)"""
BARS_CHANGED = f"(arg) => ({BAR_TEXTS})() !== arg.before"


def measure_changes(browser, base: str) -> list[float]:
    """Trends: another measure chosen -> the chart shows it (its axis title)."""
    return time_choices(browser, base, "/trends?lang=en", 3, "Measure", MEASURE_LABELS, SHOWS_LABEL)


def indicator_changes(browser, base: str) -> list[float]:
    """Compare: another indicator chosen -> the ranked bars redrawn."""
    return time_choices(browser, base, "/compare?lang=en", 3, "Indicator", INDICATORS, BARS_CHANGED)


SHOWS_YEARS = "(arg) => document.body.innerText.includes('–' + arg.label + ';')"


def flows_filter_changes(browser, base: str) -> list[float]:
    """Flows: another last year chosen -> the page says so, the map redrawn."""
    return time_choices(browser, base, "/flows?lang=en", 0, "To", ("2021", "2022"), SHOWS_YEARS)


# The app says "Counted flows of 2022 only", its floor "Years shown: 2003–2022;"
SHOWS_YEAR = """(arg) => document.body.innerText.includes('of ' + arg.label + ' only')
  || document.body.innerText.includes('Years shown: 2003–' + arg.label + ';')"""


def flows_year_steps(browser, base: str) -> list[float]:
    """Flows, one year at a time: the year slider stepped (its arrow keys, as a delegate steps
    through the years, or as Play does) -> the page shows that year, the map redrawn."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(base + "/flows?lang=en")
    wait_drawn(page, 0)
    thumb = page.locator('[data-testid="stSlider"] input[type="range"]').first
    thumb.focus()
    page.keyboard.press("End")  # the last year, on the app and its floor alike
    page.wait_for_function(SHOWS_YEAR, arg={"label": "2022"})
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    samples = []
    for i in range(CHANGES):
        key, label = ("ArrowLeft", "2021") if i % 2 == 0 else ("ArrowRight", "2022")
        thumb.focus()
        start = time.perf_counter()
        page.keyboard.press(key)
        page.wait_for_function(SHOWS_YEAR, arg={"label": label})
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        page.evaluate(NEXT_FRAMES)
        samples.append(time.perf_counter() - start)
    context.close()
    return samples


# name -> (page, query, widget key, options): the changes above as the server sees them
SERVER_CHANGES = {
    "flows_year_rerun_s": ("flows", "lang=en&year=2021", "qp_year", (["2022"], ["2021"])),
    "trends_measure_rerun_s": ("trends", "lang=en", "qp_measure", MEASURE_LABELS),
    "compare_indicator_rerun_s": ("compare", "lang=en", "qp_indicator", INDICATORS),
    "flows_filter_rerun_s": ("flows", "lang=en", "qp_to", ("2021", "2022")),
}


def server_changes(base: str, page: str, query: str, key: str, options) -> list[float]:
    """Seconds from a change sent to the server's run finished (no browser: the protocol-level
    client), the first change left out (it fills the caches of the new choice)."""
    from tests.streamlit_client import Session, run

    async def changes() -> list[float]:
        async with Session(base) as session:
            await session.open(page, query)
            runs = [
                await session.change(key, options[i % len(options)]) for i in range(CHANGES + 1)
            ]
        if not all(r.finished and not r.errors for r in runs):
            raise RuntimeError(f"{page}: a change did not finish: {[r.errors for r in runs]}")
        return [r.seconds for r in runs[1:]]

    return run(changes())


def measurements(browser) -> dict:
    """measure -> a function (base) -> samples, for the app and its floor alike."""
    found = {}
    for name, (path, charts) in PAGES.items():
        found[f"{name}_drawn_s"] = lambda base, path=path, charts=charts: page_loads(
            browser, base, path, charts, 1
        )
    for name, route in NAVIGATIONS.items():
        found[f"{name}_drawn_s"] = lambda base, route=route: navigations(browser, base, route, 1)
    found["trends_measure_change_s"] = lambda base: measure_changes(browser, base)
    found["compare_indicator_change_s"] = lambda base: indicator_changes(browser, base)
    found["flows_filter_change_s"] = lambda base: flows_filter_changes(browser, base)
    found["flows_year_step_s"] = lambda base: flows_year_steps(browser, base)
    for name, change in SERVER_CHANGES.items():
        found[name] = lambda base, change=change: server_changes(base, *change)
    return found


def against_floors(
    browser, app: str, floor_base: str, rounds: int = LOADS, match: str = ""
) -> dict:
    """Every measurement (whose name holds `match`) on the app and on its floor, in turns
    (which goes first alternates from one sample to the next); a first round warms both
    servers and is left out."""
    samples: dict[str, dict[str, list[float]]] = {"app": {}, "floor": {}}
    chosen = {k: m for k, m in measurements(browser).items() if match in k}
    for round_ in range(rounds + 1):
        for n, (key, measure) in enumerate(chosen.items()):
            order = ("app", "floor") if (n + round_) % 2 == 0 else ("floor", "app")
            for side in order:
                values = measure(app if side == "app" else floor_base)
                if round_:
                    samples[side].setdefault(key, []).extend(values)
    results = {}
    for key, values in samples["app"].items():
        results[key] = summary(values)
        results[f"floor_{key}"] = summary(samples["floor"][key])
    results["over_floor"] = {
        key: round(results[key]["median"] / results[f"floor_{key}"]["median"], 3)
        for key in samples["app"]
    }
    return results


# page -> what its headline figures are drawn in: the line before the charts, or the page's
# first table of figures where it has no chart
PARTS = ("headlines", "floors", "starts")
HEADLINES = {
    "overview": ".tip-table",
    "compare": ".st-key-tip-headline",
    "profile": ".tip-table",
    "flows": ".st-key-tip-headline",
    "trends": ".st-key-tip-headline",
    "tracker": ".tip-tracker",
}
VISIBLE = """(selector) => [...document.querySelectorAll(selector)]
  .some(e => e.getBoundingClientRect().height > 0)"""


def headline_loads(browser, base: str, path: str, selector: str, charts: int) -> list[tuple]:
    """(seconds to the headline visible, seconds to the page fully drawn), from a new tab."""
    samples = []
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(base + path)
    page.wait_for_function(VISIBLE, arg=selector, timeout=60_000, polling="raf")
    seen = time.perf_counter() - start
    wait_drawn(page, charts)
    samples.append((seen, time.perf_counter() - start))
    context.close()
    return samples


def bare_loads(browser, base: str, path: str) -> list[float]:
    """The bare page (a title and a line of text) drawn, from a new tab, at the address of the
    page it is the floor for (`bench/floor_bare_app.py` says why the address matters)."""
    return page_loads(browser, base, path.split("?", 1)[0], 0, 1, maps=0)


def headlines_against_bare(browser, app: str, bare: str, rounds: int = LOADS) -> dict:
    """Each page's headline figures visible against the bare page at the same address drawn,
    in turns; and whether they were visible before the page's charts were drawn."""
    seen: dict[str, list[float]] = {}
    before: dict[str, list[bool]] = {}
    floor_samples: dict[str, list[float]] = {}
    for round_ in range(rounds + 1):
        for n, (name, (path, charts)) in enumerate(PAGES.items()):
            page_name = name.rsplit("_", 1)[0]
            for side in ("app", "bare") if (n + round_) % 2 == 0 else ("bare", "app"):
                if side == "bare":
                    values = bare_loads(browser, bare, path)
                    if round_:
                        floor_samples.setdefault(name, []).extend(values)
                    continue
                pairs = headline_loads(browser, app, path, HEADLINES[page_name], charts)
                if round_:
                    seen.setdefault(name, []).extend(p[0] for p in pairs)
                    before.setdefault(name, []).extend(p[0] < p[1] for p in pairs)
    results = {f"{name}_headline_s": summary(values) for name, values in seen.items()}
    results.update(
        {f"floor_bare_{name}_headline_s": summary(values) for name, values in floor_samples.items()}
    )
    results["headline_over_bare"] = {
        name: round(
            results[f"{name}_headline_s"]["median"]
            / results[f"floor_bare_{name}_headline_s"]["median"],
            3,
        )
        for name in seen
    }
    results["headline_before_charts"] = {
        name: f"{sum(flags)} of {len(flags)}" for name, flags in before.items()
    }
    return results


def floor(browser, script: str, charts: int) -> list[float]:
    """Page loads of one of the bare reference apps in bench/, served on its own."""
    port = free_port()
    process = start_server(port, ROOT / "bench" / script)
    try:
        wait_healthy(port)
        return page_loads(browser, f"http://127.0.0.1:{port}", "/", charts)
    finally:
        stop(process)


def cold_starts(browser, starts: int = STARTS) -> list[float]:
    """Seconds from launching the server process to the Overview fully drawn."""
    samples = []
    for _ in range(starts):
        port = free_port()
        start = time.perf_counter()
        process = start_server(port)
        try:
            wait_healthy(port)
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{port}/")
            wait_drawn(page)
            samples.append(time.perf_counter() - start)
            context.close()
        finally:
            stop(process)
    return samples


def measure(rounds: int = LOADS, parts: tuple[str, ...] = PARTS, match: str = "") -> dict:
    from playwright.sync_api import sync_playwright

    from tests.page_elements import FLOOR_APP

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        servers = []
        try:
            bases = []
            for script in (None, FLOOR_APP, ROOT / "bench" / "floor_bare_app.py"):
                port = free_port()
                servers.append(start_server(port) if script is None else start_server(port, script))
                wait_healthy(port)
                bases.append(f"http://127.0.0.1:{port}")
            app, floor_base, bare = bases
            if "headlines" in parts:
                results.update(headlines_against_bare(browser, app, bare, rounds))
            if "floors" in parts:
                results.update(against_floors(browser, app, floor_base, rounds, match))
        finally:
            for process in servers:
                stop(process)
        if "starts" in parts:
            results["process_start_to_drawn_s"] = summary(cold_starts(browser))
        browser.close()
    return results


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=LOADS, help="samples of each, per side")
    parser.add_argument(
        "--only", nargs="+", choices=PARTS, default=PARTS, help="some of the measures only"
    )
    parser.add_argument(
        "--match", default="", help="only the measures against floors whose name holds this"
    )
    args = parser.parse_args()
    print(json.dumps(measure(args.rounds, tuple(args.only), args.match), indent=2))
