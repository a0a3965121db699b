"""nginx's access log of the documented deployment, read as the deployment test and the
bytes-on-the-wire benchmark (`bench/wire.py`) both need it: `deploy/nginx.conf.template` logs the
bytes really sent per request (the websocket's at its close)."""

from __future__ import annotations

from pathlib import Path


def sent_since(log: Path, offset: int) -> tuple[int, int, list[str]]:
    """Bytes nginx logged after `offset`, the new offset, and the requests."""
    with log.open("rb") as handle:
        handle.seek(offset)
        lines = handle.read().decode(errors="replace").splitlines()
        end = handle.tell()
    total, requests = 0, []
    for line in lines:
        parts = line.split('"')
        if len(parts) < 3:
            continue
        fields = parts[2].split()
        total += int(fields[1])
        requests.append(f"{parts[1]} {fields[0]} {fields[1]}")
    return total, end, requests
