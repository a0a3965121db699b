"""A throwaway PostgreSQL server on loopback, from Debian's `postgresql` package.

The tests and the benchmarks start one to run the app's processes on a shared database store;
it is also a quick way to try that deployment on one machine:

    python deploy/postgres.py          prints the store's URL and runs until Ctrl-C

A real deployment points `TIP_DASHBOARD_STORE` at a database the venue keeps and backs up
(see README.md, "Deploying for many viewers"). Everything here lives in a temporary folder that
is removed on exit. As root, the server runs as Debian's `postgres` user (PostgreSQL refuses
to run as root).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.processes import free_port  # noqa: E402


def binaries() -> Path | None:
    """Debian's PostgreSQL programs (the newest installed), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_major)
    return Path(found[-1]).parent if found else None


def _major(path: str) -> int:
    part = Path(path).parent.parent.name
    return int(part) if part.isdigit() else 0


@dataclass
class LocalPostgres:
    """initdb + pg_ctl start on 127.0.0.1:`port`, database `tip`; a context manager."""

    port: int = 0
    folder: Path | None = None

    @property
    def url(self) -> str:
        return f"postgresql://tip@127.0.0.1:{self.port}/tip"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{Path(command[0]).name} failed:\n{done.stdout}{done.stderr}")

    def __enter__(self) -> LocalPostgres:
        bin_dir = binaries()
        if bin_dir is None:
            raise RuntimeError("Debian's postgresql is not installed (apt-get install postgresql)")
        self.port = self.port or free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="tip-postgres-"))
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        data = self.folder / "data"
        try:
            self._run(
                str(bin_dir / "initdb"), "-D", str(data), "-U", "tip", "-A", "trust",
                "-E", "UTF8", "--locale", "C", "--no-sync",
            )  # fmt: skip
            self._run(
                str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(self.folder / "server.log"),
                "-w", "-t", "60", "start", "-o",
                f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder}",
            )  # fmt: skip
            self._create_database()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _create_database(self) -> None:
        import psycopg

        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(
                    f"postgresql://tip@127.0.0.1:{self.port}/postgres", autocommit=True
                ) as conn:
                    conn.execute("CREATE DATABASE tip")
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def database(self) -> str:
        """A new empty database on this server; its URL (a test's own store)."""
        import psycopg

        self._databases = getattr(self, "_databases", 0) + 1
        name = f"tip_{self._databases}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"postgresql://tip@127.0.0.1:{self.port}/{name}"

    def log(self) -> str:
        try:
            return (self.folder / "server.log").read_text(errors="replace")
        except OSError:
            return ""

    def __exit__(self, *exc) -> None:
        bin_dir = binaries()
        if self.folder is None:
            return
        if bin_dir is not None and (self.folder / "data" / "postmaster.pid").exists():
            with contextlib.suppress(Exception):
                self._run(
                    str(bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast",
                    "-w", "stop",
                )  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None


def main() -> int:
    with LocalPostgres() as server:
        print(f"TIP_DASHBOARD_STORE={server.url}  (Ctrl-C stops and removes it)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
