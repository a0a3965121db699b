"""Serve the dashboard from several processes behind nginx (sticky sessions, websockets,
compression and caching of Streamlit's scripts). For a venue where one process is not enough.

    .venv/bin/python deploy/serve.py --processes 4 --port 8080 --address 0.0.0.0

Starts the processes on 127.0.0.1 (free ports), writes an nginx configuration from
`nginx.conf.template` into `var/nginx/`, and runs Debian's nginx in the foreground until
stopped (Ctrl-C stops everything). The processes share the dataset store named by
`$TIP_DASHBOARD_STORE` (or `--store`): a folder all of them can reach, or a PostgreSQL URL
(`postgresql://user@host:port/db`, for processes on several machines), so an update applied
through one is served by all. The tests and the benchmarks start the same thing on loopback
with `Deployment`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.processes import free_port, start_server, stop, wait_healthy  # noqa: E402

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def nginx_config(prefix: Path, listen: str, ports: list[int]) -> str:
    upstreams = "\n".join(f"        server 127.0.0.1:{p};" for p in ports)
    # Run as root, nginx's workers would be root too: they run as nobody instead.
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
    return (
        TEMPLATE.read_text(encoding="utf-8")
        .replace("@PREFIX@", str(prefix))
        .replace("@LISTEN@", listen)
        .replace("@UPSTREAMS@", upstreams)
        .replace("@USER@", user)
        .replace("@DEPLOY@", str(TEMPLATE.parent))
    )


@dataclass
class Deployment:
    """`processes` app processes and nginx on 127.0.0.1:`port`; a context manager."""

    processes: int = 2
    port: int = 0
    env: dict | None = None
    address: str = "127.0.0.1"  # where nginx listens: 0.0.0.0 for every network (a room)
    prefix: Path = ROOT / "var" / "nginx"
    apps: list[subprocess.Popen] = field(default_factory=list)
    ports: list[int] = field(default_factory=list)
    nginx: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.apps]

    def __enter__(self) -> Deployment:
        self.port = self.port or free_port()
        try:
            for _ in range(self.processes):
                port = free_port()
                self.apps.append(start_server(port, env=self.env))
                self.ports.append(port)
            for port, process in zip(self.ports, self.apps, strict=True):
                wait_healthy(port, process)
            self.prefix.mkdir(parents=True, exist_ok=True)
            config = self.prefix / "nginx.conf"
            config.write_text(nginx_config(self.prefix, f"{self.address}:{self.port}", self.ports))
            self.nginx = subprocess.Popen(
                [NGINX, "-p", str(self.prefix), "-c", str(config), "-g", "daemon off;"],
                stderr=subprocess.PIPE,
            )
            self._wait_proxy()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait_proxy(self, timeout: float = 30) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.nginx.poll() is not None:
                raise RuntimeError("nginx stopped: " + self.nginx.stderr.read().decode())
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError("nginx did not answer")

    def __exit__(self, *exc) -> None:
        for process in [self.nginx, *self.apps]:  # all asked at once, then each waited for
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in [self.nginx, *self.apps]:
            stop(process)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--processes", type=int, default=max(2, os.cpu_count() or 2))
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument(
        "--address",
        default="127.0.0.1",
        help="where to listen: 127.0.0.1 (this machine only, the default) or 0.0.0.0 (a room)",
    )
    parser.add_argument(
        "--store", help="the dataset store: a folder or a postgresql:// URL ($TIP_DASHBOARD_STORE)"
    )
    args = parser.parse_args()
    env = {"TIP_DASHBOARD_STORE": args.store} if args.store else None
    with Deployment(args.processes, args.port, env=env, address=args.address) as deployment:
        where = f"http://{args.address}:{deployment.port}"
        print(f"serving {where} from {args.processes} processes; Ctrl-C stops")
        with contextlib.suppress(KeyboardInterrupt):
            deployment.nginx.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
