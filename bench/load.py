"""Load test: N concurrent sessions, each opening a page and changing its selections for a
fixed time, spoken to with the protocol-level client (`tests/streamlit_client.py`); and a soak, with
sessions opening and closing, watching the server's memory.

Sessions arrive spread over the first `ramp` seconds ("a hundred delegates open the same link in
the same minute"), then each waits 5-15 s between changes, as a reader looks at a chart before
changing it (seeded, so runs compare; `--think` to change it). A burst is the moment a chair
says "open the link now": the sessions arrive within 10 s, each opens the default page first,
and the time from its arrival to that first page's run finished is reported too.
Reported: latency of each change (sent -> the server's run finished) as p50 / p95 / max, the
time to open a page, errors (an exception or error shown, a run not finished, a lost
connection), and the server's resident memory and CPU (from /proc, every 0.5 s).

    python bench/load.py                     # N = 1, 10, 50, 100 for 150 s each; a 10 min soak
    python bench/load.py --sessions 5 --seconds 20 --no-soak
    python bench/load.py --url http://127.0.0.1:8080 --pids 1234,1235   # a running deployment
    python bench/load.py --deploy 4 --sessions 100 --burst 100   # through nginx, 4 processes
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import free_port, start_server, stop, wait_healthy
from tests.streamlit_client import Session

# (page, query string, widget key to change); the options are the widget's own.
SCENARIOS = [
    ("trends", "lang=en", "qp_measure"),
    ("compare", "lang=en", "qp_indicator"),
    ("flows", "lang=en", "qp_from"),
    ("tracker", "lang=ar", "qp_view"),
    ("trends", "lang=ar", "qp_series"),
]
THINK = (5.0, 15.0)  # seconds between two changes of one reader
RAMP = 60.0  # seconds over which the sessions arrive
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Tally:
    changes: list[float] = field(default_factory=list)
    opens: list[float] = field(default_factory=list)
    firsts: list[float] = field(default_factory=list)  # arrival -> the first page run finished
    errors: list[str] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # percent of one core, per sample


def _rss_and_ticks(pids: list[int]) -> tuple[float, int]:
    rss, ticks = 0, 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
            rss += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            continue
    return rss / 2**20, ticks


async def watch(pids: list[int], tally: Tally, stop: asyncio.Event) -> None:
    last_rss, last_ticks = _rss_and_ticks(pids)
    last = time.perf_counter()
    tally.rss_mb.append(last_rss)
    while not stop.is_set():
        await asyncio.sleep(0.5)
        rss, ticks = _rss_and_ticks(pids)
        now = time.perf_counter()
        tally.rss_mb.append(rss)
        tally.cpu.append(100.0 * (ticks - last_ticks) / TICKS / (now - last))
        last_ticks, last = ticks, now


async def reader(
    url: str,
    n: int,
    deadline: float,
    tally: Tally,
    rng: random.Random,
    delay: float = 0.0,
    think: tuple[float, float] = THINK,
    landing: bool = False,
) -> None:
    """One reader: opens its scenario's page (after the default page, with `landing`: a
    shared link to the app opened first), then changes its selection until `deadline`."""
    page, query, key = SCENARIOS[n % len(SCENARIOS)]
    await asyncio.sleep(delay)
    try:
        arrived = time.perf_counter()
        async with Session(url) as session:
            if landing:
                first = await session.open("", query)
                tally.firsts.append(time.perf_counter() - arrived)
                tally.errors += first.errors + ([] if first.finished else ["open not finished"])
            run = await session.open(page, query)
            tally.opens.append(run.seconds)
            tally.errors += run.errors + ([] if run.finished else [f"{page}: open not finished"])
            options = session.widgets[key].options
            k = 0
            while time.perf_counter() < deadline:
                await asyncio.sleep(rng.uniform(*think))
                k += 1
                run = await session.change(key, options[k % min(len(options), 3)])
                tally.changes.append(run.seconds)
                tally.errors += run.errors
                if not run.finished:
                    tally.errors.append(f"{page}: run not finished")
    except Exception as exc:  # a lost connection or a timeout is an error of the run
        tally.errors.append(f"{page}: {type(exc).__name__}: {exc}")


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(tally: Tally, sessions: int, seconds: float) -> dict:
    return {
        "sessions": sessions,
        "seconds": seconds,
        "changes": len(tally.changes),
        "change_p50_s": _pct(tally.changes, 0.5),
        "change_p95_s": _pct(tally.changes, 0.95),
        "change_max_s": max(tally.changes, default=None),
        "first_page_p50_s": _pct(tally.firsts, 0.5),
        "first_page_p95_s": _pct(tally.firsts, 0.95),
        "first_page_max_s": max(tally.firsts, default=None),
        "open_p50_s": _pct(tally.opens, 0.5),
        "open_p95_s": _pct(tally.opens, 0.95),
        "errors": len(tally.errors),
        "error_examples": sorted(set(tally.errors))[:5],
        "rss_max_mb": max(tally.rss_mb, default=None),
        "cpu_mean_percent": statistics.mean(tally.cpu) if tally.cpu else None,
    }


async def load(
    url: str,
    pids: list[int],
    sessions: int,
    seconds: float,
    ramp: float = RAMP,
    think: tuple[float, float] = THINK,
    seed: int = 7,
) -> dict:
    """`sessions` readers arriving over `ramp` seconds, each reading until `seconds` are up."""
    tally, stop = Tally(), asyncio.Event()
    watcher = asyncio.create_task(watch(pids, tally, stop))
    deadline = time.perf_counter() + seconds
    rngs = [random.Random(seed * 1000 + n) for n in range(sessions)]
    delays = [ramp * n / max(1, sessions) for n in range(sessions)]
    await asyncio.gather(
        *(reader(url, n, deadline, tally, rngs[n], delays[n], think) for n in range(sessions))
    )
    stop.set()
    await watcher
    out = report(tally, sessions, seconds)
    pages = {SCENARIOS[n % len(SCENARIOS)][0] for n in range(sessions)}
    out.update(ramp_s=ramp, think_s=list(think), pages=sorted(pages))
    return out


async def burst(
    url: str,
    pids: list[int],
    sessions: int = 100,
    within: float = 10.0,
    seconds: float = 150,
    think: tuple[float, float] = THINK,
    seed: int = 11,
) -> dict:
    """ "Open the link now": `sessions` readers arriving within `within` seconds, each opening
    the default page, then its scenario's page, then changing a selection every 5-15 s.
    Reported beside the changes: each session's time from its arrival (connection included) to
    its first page run finished, and how many took longer than `within`."""
    tally, stop = Tally(), asyncio.Event()
    watcher = asyncio.create_task(watch(pids, tally, stop))
    deadline = time.perf_counter() + seconds
    rngs = [random.Random(seed * 1000 + n) for n in range(sessions)]
    delays = [within * n / max(1, sessions) for n in range(sessions)]
    await asyncio.gather(
        *(
            reader(url, n, deadline, tally, rngs[n], delays[n], think, landing=True)
            for n in range(sessions)
        )
    )
    stop.set()
    await watcher
    out = report(tally, sessions, seconds)
    out.update(
        arrivals_within_s=within,
        first_page_over_10_s=sum(1 for t in tally.firsts if t > 10.0),
        first_pages=len(tally.firsts),
    )
    return out


async def soak(url: str, pids: list[int], seconds: float, concurrent: int = 20) -> dict:
    """Sessions open, change three times, close, and are replaced, for `seconds`."""
    tally, stop = Tally(), asyncio.Event()
    watcher = asyncio.create_task(watch(pids, tally, stop))
    end = time.perf_counter() + seconds
    opened = 0

    async def lane(n: int) -> None:
        nonlocal opened
        rng = random.Random(n)
        while time.perf_counter() < end:
            opened += 1
            await reader(url, opened, time.perf_counter() + 3 * THINK[1], tally, rng)

    await asyncio.gather(*(lane(n) for n in range(concurrent)))
    stop.set()
    await watcher
    out = report(tally, concurrent, seconds)
    samples = tally.rss_mb
    warm = samples[len(samples) // 10 : len(samples) // 10 + 20] or samples
    last = samples[-20:]
    out.update(
        sessions_opened=opened,
        rss_after_warmup_mb=statistics.mean(warm),
        rss_at_end_mb=statistics.mean(last),
        rss_growth_mb=statistics.mean(last) - statistics.mean(warm),
    )
    return out


def knee(levels: list[dict], limit: float = 1.0) -> int | None:
    """The first level whose p95 passes `limit` seconds (the interaction target at N=1)."""
    for level in levels:
        if level["change_p95_s"] is not None and level["change_p95_s"] > limit:
            return level["sessions"]
    return None


def measure(
    levels=(1, 10, 50, 100),
    seconds: float = 150,
    soak_seconds: float = 600,
    url: str | None = None,
    pids: list[int] | None = None,
    ramp: float = RAMP,
    think: tuple[float, float] = THINK,
) -> dict:
    process = None
    if url is None:
        port = free_port()
        process = start_server(port)
        wait_healthy(port)
        url, pids = f"http://127.0.0.1:{port}", [process.pid]
    pids = pids or []  # a running server given by its URL alone: no memory or CPU watched
    try:
        asyncio.run(load(url, pids, len(SCENARIOS), 10, 0, (1, 2)))  # warm every scenario
        results = {"levels": []}
        for n in levels:
            results["levels"].append(asyncio.run(load(url, pids, n, seconds, ramp, think)))
            print(json.dumps(results["levels"][-1]), file=sys.stderr)
        results["knee_sessions"] = knee(results["levels"])
        if soak_seconds:
            results["soak"] = asyncio.run(soak(url, pids, soak_seconds))
        return results
    finally:
        if process is not None:
            stop(process)


def measure_deployments(
    counts=(2, 4),
    levels=(50, 100),
    seconds: float = 150,
    ramp: float = RAMP,
    bursts=(100,),
    burst_counts=(4,),
) -> dict:
    """The same load through nginx in front of 2 and 4 processes (deploy/serve.py), sharing
    a PostgreSQL dataset store (a throwaway server from deploy/postgres.py), as documented."""
    from dashboard import config
    from dashboard.dataset.store import PostgresStore
    from deploy.postgres import LocalPostgres
    from deploy.serve import Deployment

    results = {}
    with LocalPostgres() as database, tempfile.TemporaryDirectory() as cache:
        PostgresStore(database.url, config.bundled_path(), cache).ensure()
        env = {"TIP_DASHBOARD_STORE": database.url, "TIP_DASHBOARD_CACHE": cache}
        for count in counts:
            results[f"{count}_processes"] = _through(
                Deployment(count, env=env),
                levels,
                seconds,
                ramp,
                bursts if count in burst_counts else (),
            )
    results["store"] = "postgresql"
    return results


def _through(deployment, levels, seconds, ramp, bursts=()) -> list[dict]:
    """The load levels, then a burst of each size in `bursts`, through one deployment."""
    with deployment:
        url, pids = deployment.url, deployment.pids
        asyncio.run(load(url, pids, 2 * len(SCENARIOS), 10, 0, (1, 2)))  # warm each process
        found = [asyncio.run(load(url, pids, n, seconds, ramp)) for n in levels]
        for n in bursts:
            found.append({"burst": True, **asyncio.run(burst(url, pids, n, seconds=seconds))})
        return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, action="append")
    parser.add_argument("--seconds", type=float, default=150)
    parser.add_argument("--ramp", type=float, default=RAMP)
    parser.add_argument("--think", type=float, nargs=2, default=THINK)
    parser.add_argument("--soak", type=float, default=600)
    parser.add_argument("--no-soak", action="store_true")
    parser.add_argument("--url")
    parser.add_argument(
        "--deploy", type=int, help="through nginx and this many processes (deploy/serve.py)"
    )
    parser.add_argument(
        "--burst", type=int, action="append", help="sessions arriving within 10 s (with --deploy)"
    )
    parser.add_argument("--pids", help="server process ids to watch, comma-separated")
    args = parser.parse_args()
    pids = [int(p) for p in args.pids.split(",")] if args.pids else None
    if args.deploy:
        results = measure_deployments(
            (args.deploy,),
            tuple(args.sessions or ()),
            args.seconds,
            args.ramp,
            tuple(args.burst or ()),
            (args.deploy,),
        )
        print(json.dumps(results, indent=2))
        return 0
    results = measure(
        tuple(args.sessions or (1, 10, 50, 100)),
        args.seconds,
        0 if args.no_soak else args.soak,
        args.url,
        pids,
        args.ramp,
        tuple(args.think),
    )
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
