"""Limits on guessing the secretariat's passphrase, per address and per session.

A few wrong passphrases are free (a typo); after that each one locks the address and the
session for twice as long as the one before, up to `MAX_WAIT` seconds, and a guess made while
locked is not even compared. Counts are kept in this process, shared by its sessions. Failures
are logged with the address, never with what was typed.

Behind the deployment's nginx every visitor arrives from the loopback address, so the address
counted is the one nginx sets in `X-Real-IP`; that header is believed only from loopback,
where nothing but the deployment's own proxy can send it.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

log = logging.getLogger(__name__)
FREE = 3
MAX_WAIT = 300.0
LOOPBACK = ("127.0.0.1", "::1", "localhost")


@dataclass
class _Count:
    failures: int = 0
    until: float = 0.0


class Limiter:
    """Failures and lock-outs by key ('address 1.2.3.4', 'session abc')."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._counts: dict[str, _Count] = {}
        self._lock = threading.Lock()

    def wait(self, *keys: str) -> float:
        """Seconds until a guess is taken from these keys again (0: now)."""
        now = self._clock()
        with self._lock:
            return max([self._counts[k].until - now for k in keys if k in self._counts] + [0.0])

    def failed(self, *keys: str) -> None:
        now = self._clock()
        with self._lock:
            for key in keys:
                count = self._counts.setdefault(key, _Count())
                count.failures += 1
                if count.failures > FREE:
                    count.until = now + min(MAX_WAIT, 2.0 ** (count.failures - FREE))
        log.warning("wrong secretariat passphrase from %s", " ".join(keys))

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._counts.pop(key, None)


def address(peer: str | None, headers) -> str:
    """The visitor's address: nginx's `X-Real-IP` when the peer is loopback, else the peer."""
    forwarded = (headers.get("X-Real-IP") or "").strip() if headers else ""
    if (peer or "") in LOOPBACK and forwarded:
        return forwarded
    return peer or "unknown"


LIMITER = Limiter()
