"""Several app processes sharing a PostgreSQL store (Debian's server, started on loopback): the
secretariat applies an update in a browser on one process and every process serves it; two
applies sent at the same moment through two processes: the first wins, the second is told and
changes nothing. (Each write here pauses 4 s inside its transaction, so the second really is
sent while the first is being written.)"""

from __future__ import annotations

import pytest

from dashboard.dataset.store import PostgresStore
from deploy.serve import Deployment
from tests.browser.conftest import open_page
from tests.browser.deploy import require_nginx, version_seen
from tests.browser.secretariat import KEY, accept_warnings, fill_in, signed_in, upload


@pytest.fixture(scope="module")
def shared(postgres, tmp_path_factory, bundled):
    require_nginx()
    url = postgres.database()
    cache = tmp_path_factory.mktemp("cache")
    PostgresStore(url, bundled.path, cache).ensure()
    env = {
        "TIP_DASHBOARD_STORE": url,
        "TIP_DASHBOARD_CACHE": str(cache),
        "TIP_DASHBOARD_SECRETARIAT_KEY": KEY,
        "TIP_DASHBOARD_TEST_PAUSE": "written:4",
    }
    with Deployment(2, env=env, prefix=tmp_path_factory.mktemp("nginx")) as running:
        running.store = PostgresStore(url, bundled.path, tmp_path_factory.mktemp("reader"))
        yield running


def prepared(browser, port: int, filled):
    """The secretariat page of one process, signed in, the filled template uploaded and
    reviewed; the apply form ready."""
    visit = signed_in(browser, f"http://127.0.0.1:{port}")
    page = visit.page
    upload(page, filled)
    accept_warnings(page)
    form = page.locator('[data-testid="stForm"]').filter(has_text="Apply as a new version")
    form.get_by_label("Your name").fill("Data manager")
    form.get_by_label("Why (kept with the version)").fill(f"applied through {port}")
    return page, form


def test_two_processes_apply_at_once_one_wins_and_every_process_serves_it(
    browser, shared, tmp_path
):
    first_port, second_port = shared.ports
    visit = signed_in(browser, f"http://127.0.0.1:{first_port}")
    with visit.page.expect_download() as info:
        visit.page.get_by_text("Download the template (Excel)").click()
    template = tmp_path / "template.xlsx"
    info.value.save_as(template)
    visit.page.context.close()
    filled = tmp_path / "filled.xlsx"
    fill_in(template, filled)

    first, first_form = prepared(browser, first_port, filled)
    second, second_form = prepared(browser, second_port, filled)
    first_form.get_by_role("button", name="Apply as a new version").click()
    second_form.get_by_role("button", name="Apply as a new version").click()
    outcomes = {}
    for port, page in ((first_port, first), (second_port, second)):
        told = page.get_by_text("version 2 is now served").or_(page.get_by_text("Not applied:"))
        told.first.wait_for()
        outcomes[port] = told.first.inner_text()
    winners = [port for port, text in outcomes.items() if "version 2 is now served" in text]
    assert len(winners) == 1, outcomes
    (loser,) = set(outcomes) - set(winners)
    told = first if winners[0] == first_port else second  # its sidebar too names version 2
    assert "Dataset version 2" in told.locator('[data-testid="stSidebar"]').inner_text()
    assert "the dataset is now version 2, not 1" in outcomes[loser]
    versions = shared.store.versions()
    assert [v.id for v in versions] == [1, 2]
    assert versions[-1].comment == f"applied through {winners[0]}"
    first.context.close()
    second.context.close()

    for port in shared.ports:  # each process, asked directly, serves version 2
        assert "Dataset version 2" in version_seen(port)
        compare = open_page(
            browser, f"http://127.0.0.1:{port}/compare?indicator=persons_convicted", charts=3
        )
        bars = compare.page.locator('[data-testid="stPlotlyChart"] .bartext').all_text_contents()
        assert "41 (2023)" in bars
        assert compare.outside == []
        compare.page.context.close()
