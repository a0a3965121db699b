"""Where a server's time goes under load: one app process driven by the load client
(`bench/load.py`'s sessions changing their selections), sampled by py-spy, summed by function.

    python bench/profile.py [--sessions 20] [--seconds 60] [--out var/profile]

Writes py-spy's collapsed stacks (`profile.txt`, readable by any flame graph tool) and prints,
for the busiest functions, the share of the samples in which each is on the stack (inclusive)
and at the top of it (self). Samples of idle threads (waiting on a lock, a socket or a
condition) are left out, so the shares are of the time the server was working.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load
from bench.common import ROOT, free_port, start_server, stop, wait_healthy

IDLE = (
    "wait (threading.py",
    "select (selectors.py",
    "_worker (concurrent",
    "run_forever (",
    "epoll",
)
PY_SPY = Path(sys.executable).with_name("py-spy")


def busy(stack: str) -> bool:
    top = stack.rsplit(";", 1)[-1]
    return not any(mark in top for mark in IDLE)


def summarise(collapsed: Path, top: int = 25) -> dict:
    """function -> (inclusive share, self share) of the working samples."""
    inclusive: collections.Counter = collections.Counter()
    own: collections.Counter = collections.Counter()
    total = 0
    for line in collapsed.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit() or not busy(stack):
            continue
        n = int(count)
        total += n
        frames = stack.split(";")
        for frame in set(frames):
            inclusive[frame] += n
        own[frames[-1]] += n
    share = lambda c: round(100 * c / total, 1) if total else 0.0  # noqa: E731
    return {
        "working_samples": total,
        "inclusive_percent": {f: share(c) for f, c in inclusive.most_common(top)},
        "self_percent": {f: share(c) for f, c in own.most_common(top)},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "profile")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    collapsed = args.out / "profile.txt"
    port = free_port()
    process = start_server(port)
    try:
        wait_healthy(port)
        url = f"http://127.0.0.1:{port}"
        asyncio.run(load.load(url, [process.pid], len(load.SCENARIOS), 10, 0, (1, 2)))  # warm
        command = [str(PY_SPY), "record", "--pid", str(process.pid), "--format", "raw"]
        command += ["--rate", "100", "--duration", str(int(args.seconds))]
        command += ["--output", str(collapsed), "--nonblocking"]
        spy = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0)
        figures = asyncio.run(
            load.load(url, [process.pid], args.sessions, args.seconds - 2, 5, (2.0, 6.0))
        )
        spy.wait(timeout=args.seconds + 60)
    finally:
        stop(process)
    result = {"load": figures, "profile": summarise(collapsed)}
    print(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
