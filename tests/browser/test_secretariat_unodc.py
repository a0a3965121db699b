"""The data manager takes in a UNODC release with labels nothing matches, from the page: sees
them with their victims, maps two, checks again, applies; the new version's flows hold the two
mapped labels' victims and the third stays out."""

from __future__ import annotations

import pytest

from dashboard.dataset.store import DirectoryStore
from dashboard.importers.build import UNODC_FILE
from dashboard.importers.unodc import MAPPED
from tests.browser.conftest import ROOT, rerun, served
from tests.browser.secretariat import KEY, signed_in
from tests.factories import relabelled_release

pytestmark = pytest.mark.reference
BUILD_MS = 300_000  # the release is rebuilt whole (about 15 s on a quiet machine)


@pytest.fixture(scope="module")
def unodc_server(tmp_path_factory):
    store = tmp_path_factory.mktemp("store")
    with served({"TIP_DASHBOARD_SECRETARIAT_KEY": KEY, "TIP_DASHBOARD_STORE": str(store)}) as url:
        yield url, store


def choose(form, label: str, option: str) -> None:
    box = form.get_by_label(label)
    box.click()
    box.fill(option)
    box.page.keyboard.press("Enter")


def test_unknown_labels_are_mapped_on_the_page_and_applied(
    browser, unodc_server, reference, tmp_path
):
    base, folder = unodc_server
    release = tmp_path / "data_glotip.xlsx"
    release.write_bytes(relabelled_release(reference / UNODC_FILE))
    page = signed_in(browser, base).page
    uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    uploader.set_input_files(str(release))
    page.get_by_text("3 labels match no country or region").wait_for(timeout=BUILD_MS)
    table = page.locator("table").filter(has_text="Label in the release")
    for label in ("Atlantean", "Lilliputian", "Erewhonian"):
        assert table.get_by_text(label).count() == 1
    form = page.locator('[data-testid="stForm"]').filter(has_text="Check the release again")
    choose(form, "“Atlantean” is", "Uganda")
    choose(form, "“Erewhonian” is", "Eritrea")
    form.get_by_role("button", name="Check the release again with these mappings").click()
    page.get_by_text("1 label matches no country or region").wait_for(timeout=BUILD_MS)
    mapped = page.get_by_text("Mapped by the secretariat and used in this check")
    assert "Atlantean → Uganda" in mapped.inner_text()
    box = page.get_by_text("I have checked these warnings")
    if box.count():
        rerun(page, box.click)
    apply = page.locator('[data-testid="stForm"]').filter(has_text="Apply as a new version")
    apply.get_by_label("Your name").fill("Data manager")
    apply.get_by_label("Why (kept with the version)").fill("UNODC release, two labels mapped")
    apply.get_by_role("button", name="Apply as a new version").click()
    page.get_by_text("version 2 is now served").wait_for(timeout=BUILD_MS)
    page.context.close()

    store = DirectoryStore(folder, ROOT / "data")
    version = store.read(2)
    flows = version.tables["flows"]
    mapped_rows = flows[flows.note == MAPPED]
    assert set(mapped_rows.origin) == {"UGA", "ERI"}
    assert "Lilliputian" not in version.manifest.get("label_aliases", "")
    assert "Atlantean" in version.manifest.get("label_aliases", "")
