"""Guessing the secretariat's passphrase: a growing wait per address and per session, the
forwarded address believed only from the deployment's proxy, failures logged without the
guess."""

from __future__ import annotations

import logging

import pytest

from dashboard.i18n import Locale
from dashboard.ui import signin
from tests.apptest import run_page

EN = Locale("en").t
KEY = "a long passphrase"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_the_wait_grows_with_each_failure_and_a_success_clears_it():
    clock = Clock()
    limiter = signin.Limiter(clock)
    waits = []
    for _ in range(signin.FREE + 3):
        limiter.failed("address 10.0.0.1")
        waits.append(limiter.wait("address 10.0.0.1"))
    assert waits == [0.0] * signin.FREE + [2.0, 4.0, 8.0]
    assert limiter.wait("address 10.0.0.2") == 0.0  # another address is not held up
    assert limiter.wait("address 10.0.0.2", "address 10.0.0.1") == 8.0
    clock.now += 8.0
    assert limiter.wait("address 10.0.0.1") == 0.0
    limiter.succeeded("address 10.0.0.1")
    limiter.failed("address 10.0.0.1")
    assert limiter.wait("address 10.0.0.1") == 0.0


def test_the_wait_has_a_ceiling():
    limiter = signin.Limiter(Clock())
    for _ in range(40):
        limiter.failed("session s")
    assert limiter.wait("session s") == signin.MAX_WAIT


@pytest.mark.parametrize(
    ("peer", "headers", "expected"),
    [
        ("127.0.0.1", {"X-Real-IP": "203.0.113.7"}, "203.0.113.7"),  # behind nginx
        ("198.51.100.2", {"X-Real-IP": "203.0.113.7"}, "198.51.100.2"),  # forged, not believed
        ("198.51.100.2", {}, "198.51.100.2"),
        (None, {}, "unknown"),
    ],
)
def test_the_forwarded_address_is_believed_only_from_loopback(peer, headers, expected):
    assert signin.address(peer, headers) == expected


def test_the_page_refuses_even_the_right_passphrase_while_locked(monkeypatch, tmp_path, caplog):
    clock = Clock()
    monkeypatch.setattr(signin, "LIMITER", signin.Limiter(clock))
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    monkeypatch.setenv("TIP_DASHBOARD_SECRETARIAT_KEY", KEY)
    monkeypatch.setenv("TIP_DASHBOARD_STORE", str(tmp_path / "store"))
    at = run_page("secretariat")
    caplog.set_level(logging.WARNING, logger="dashboard.ui.signin")
    for n in range(signin.FREE + 1):
        at.text_input[0].input(f"wrong guess {n}")
        at.button[0].click().run()
        assert EN("secretariat.wrong_passphrase") in [e.value for e in at.error]
    at.text_input[0].input(KEY)
    at.button[0].click().run()
    assert Locale("en").plural("secretariat.too_many", 3) in [e.value for e in at.error]
    assert not at.get("file_uploader") and not (tmp_path / "store").exists()
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert logged.count("wrong secretariat passphrase") == signin.FREE + 1
    assert "wrong guess" not in logged and KEY not in logged
    clock.now += 2.0
    at.text_input[0].input(KEY)
    at.button[0].click().run()
    assert not at.error and len(at.get("file_uploader")) == 1
