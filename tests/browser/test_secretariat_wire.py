"""The secretariat's actions refuse anyone not signed in, even one who crafts the widget
messages by hand: the widget ids of a signed-in session's rollback form, replayed through the
protocol-level client by a session that never gave the passphrase, change nothing."""

from __future__ import annotations

import pytest

from dashboard.dataset.store import DirectoryStore
from dashboard.i18n import Locale
from tests.browser.conftest import served
from tests.streamlit_client import Session
from tests.streamlit_client import run as run_async

KEY = "correct horse battery staple"
T = Locale("en").t


@pytest.fixture(scope="module")
def secretariat(tmp_path_factory, bundled):
    store_path = tmp_path_factory.mktemp("store")
    store = DirectoryStore(store_path, bundled.path)
    store.ensure()
    tables = {name: frame.copy() for name, frame in bundled.tables.items()}
    store.write_if_current(
        1, tables, bundled.manifest, by="t", source="t", comment="t", kind="update"
    )
    env = {"TIP_DASHBOARD_STORE": str(store_path), "TIP_DASHBOARD_SECRETARIAT_KEY": KEY}
    with served(env) as url:
        yield url, store


def rollback_states(widgets):
    return [
        (widgets[T("secretariat.rollback_to")], "1"),
        (widgets["rollback_who"], "someone"),
        (widgets["rollback_why"], "crafted"),
        (widgets[T("secretariat.rollback")], True),
    ]


async def scenario(url, store):
    async with Session(url) as insider, Session(url) as outsider:
        opened = await insider.open("secretariat")
        sign_in = opened.widgets[T("secretariat.sign_in")]
        signed = await insider.send_states(
            [(opened.widgets[T("secretariat.passphrase")], KEY), (sign_in, True)]
        )
        assert T("secretariat.rollback") in signed.widgets  # the insider sees the form
        crafted = rollback_states(signed.widgets)

        shown = await outsider.open("secretariat")
        assert set(shown.widgets) & {"rollback_who", "rollback_why"} == set()
        replay = await outsider.send_states(crafted)
        assert store.current().id == 2  # nothing rolled back
        assert "rollback_who" not in replay.widgets
        guessed = await outsider.send_states([(sign_in, True), *crafted])  # sign-in replayed
        assert "rollback_who" not in guessed.widgets
        assert store.current().id == 2

        done = await insider.send_states(crafted)  # the same messages, from the insider
        assert not done.errors
        assert store.current().id == 3


def test_crafted_widget_messages_do_nothing_without_the_passphrase(secretariat):
    url, store = secretariat
    run_async(scenario(url, store))
