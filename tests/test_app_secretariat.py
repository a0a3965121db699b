"""The secretariat page, headless: absent without a passphrase, closed until signed in."""

from __future__ import annotations

import pytest

from dashboard.i18n import Locale
from tests.apptest import run_app, run_page, shown

EN, AR = Locale("en").t, Locale("ar").t


def uploaders(at):
    return at.get("file_uploader")


def test_without_a_passphrase_there_is_no_page_and_no_action(monkeypatch, tmp_path):
    monkeypatch.delenv("TIP_DASHBOARD_SECRETARIAT_KEY", raising=False)
    monkeypatch.setenv("TIP_DASHBOARD_STORE", str(tmp_path / "store"))
    at = run_app()
    links = " ".join(str(link.proto) for link in at.get("page_link"))
    assert "secretariat" not in links.lower()
    page = run_page("secretariat")  # asked for directly: not there, the overview instead
    assert page.title[0].value == EN("overview.title")
    assert not uploaders(page) and not page.text_input
    assert not (tmp_path / "store").exists()  # nothing was created


def test_with_a_passphrase_the_page_stays_closed_until_signed_in(monkeypatch, tmp_path):
    monkeypatch.setenv("TIP_DASHBOARD_SECRETARIAT_KEY", "a long passphrase")
    monkeypatch.setenv("TIP_DASHBOARD_STORE", str(tmp_path / "store"))
    at = run_page("secretariat")
    assert [t.label for t in at.text_input] == [EN("secretariat.passphrase")]
    assert not uploaders(at) and not at.get("download_button") and not at.selectbox
    at.text_input[0].input("a wrong guess")
    at.button[0].click().run()
    assert EN("secretariat.wrong_passphrase") in [e.value for e in at.error]
    assert not uploaders(at)
    assert not (tmp_path / "store").exists()


def test_signed_in_the_secretariat_sees_template_upload_and_versions(monkeypatch, tmp_path):
    monkeypatch.setenv("TIP_DASHBOARD_SECRETARIAT_KEY", "a long passphrase")
    monkeypatch.setenv("TIP_DASHBOARD_STORE", str(tmp_path / "store"))
    at = run_page("secretariat")
    at.text_input[0].input("a long passphrase")
    at.button[0].click().run()
    assert not at.exception and not at.error
    headings = [h.value for h in at.subheader]
    assert headings == [
        EN("secretariat.template_heading"),
        EN("secretariat.upload_heading"),
        EN("secretariat.versions_heading"),
    ]
    assert len(uploaders(at)) == 1
    assert [b.proto.label for b in at.get("download_button")] == [
        EN("secretariat.download_template")
    ]
    assert (tmp_path / "store" / "current").read_text().strip() == "1"  # bundled = version 1


def test_arabic_page(monkeypatch, tmp_path):
    monkeypatch.setenv("TIP_DASHBOARD_SECRETARIAT_KEY", "k")
    monkeypatch.setenv("TIP_DASHBOARD_STORE", str(tmp_path / "store"))
    at = run_page("secretariat", lang="ar")
    assert at.title[0].value == Locale("ar").t("secretariat.title")


def test_delegates_see_a_new_version_at_their_next_interaction(monkeypatch, tmp_path):
    from dashboard.dataset.store import configured as configured_store

    monkeypatch.delenv("TIP_DASHBOARD_SECRETARIAT_KEY", raising=False)
    monkeypatch.setenv("TIP_DASHBOARD_STORE", str(tmp_path / "store"))
    at = run_app()
    assert not at.warning
    store = configured_store()
    store.ensure()  # the bundled dataset becomes version 1: nothing new to say
    at.run()
    assert not at.warning
    base = store.read(1)
    tables = dict(base.tables)
    obs = tables["observations"].copy()
    obs.loc[(obs.iso3 == "BHR") & (obs.year == 2022), "note"] = "checked again"
    tables["observations"] = obs
    store.write_if_current(1, tables, base.manifest, by="t", source="t", comment="t")
    at.run()  # the delegate's next interaction
    notices = [w.value for w in at.warning]
    assert any(n.startswith("The dataset has been updated: version 2 of") for n in notices)
    assert any("Dataset version 2" in c.value for c in at.sidebar.caption)


def test_a_store_that_cannot_be_used_is_said_in_arabic(monkeypatch, tmp_path):
    monkeypatch.setenv("TIP_DASHBOARD_SECRETARIAT_KEY", "k")
    monkeypatch.setenv("TIP_DASHBOARD_STORE", "postgresql://tip@127.0.0.1:1/nowhere")
    monkeypatch.setenv("TIP_DASHBOARD_CACHE", str(tmp_path / "cache"))
    at = run_page("secretariat", lang="ar")
    at.text_input[0].input("k")
    at.button[0].click().run()
    assert not at.exception
    (error,) = [e.value for e in at.error]
    lead = AR("secretariat.store_error", reason="")
    assert error.startswith(lead)
    reason = shown(error[len(lead) :])  # escaped: the server's message is text, not Markdown
    assert reason.startswith("تعذر الوصول إلى قاعدة بيانات مجموعة البيانات: ")
    assert not uploaders(at)  # nothing offered that could not be applied


def broken_current(store_path, data):
    """A store whose current version (2) does not load: its observations hold a NUL byte."""
    from dashboard.dataset.store import DirectoryStore

    store = DirectoryStore(store_path, data)
    store.ensure()
    first = store.read(1)
    store.write_if_current(1, first.tables, first.manifest, by="A", source="f", comment="")
    broken = store.path(2) / "observations.csv"
    broken.write_bytes(broken.read_bytes().replace(b"BHR", b"B\x00R", 1))
    return store


def test_signed_in_with_a_broken_current_version_the_secretariat_rolls_back(
    monkeypatch, tmp_path, tiny
):
    monkeypatch.setenv("TIP_DASHBOARD_SECRETARIAT_KEY", "a long passphrase")
    monkeypatch.setenv("TIP_DASHBOARD_STORE", str(tmp_path / "store"))
    store = broken_current(tmp_path / "store", tiny)
    at = run_page("secretariat")
    assert not at.exception
    at.text_input[0].input("a long passphrase")
    at.button[0].click().run()
    assert not at.exception
    assert any("does not load" in w.value or "cannot be read" in w.value for w in at.warning)
    target = next(s for s in at.selectbox if s.label == EN("secretariat.rollback_to"))
    target.select(1)
    at.text_input(key="rollback_who").input("Data manager")
    at.text_input(key="rollback_why").input("version 2 does not load")
    next(b for b in at.button if b.label == EN("secretariat.rollback")).click().run()
    assert not at.exception and not at.error
    assert EN("secretariat.rolled_back", version="3", target="1") in [s.value for s in at.success]
    sidebar = " ".join(c.value for c in at.sidebar.caption)
    assert "version 3" in sidebar  # the sidebar names the new version at once
    assert store.current().id == 3
    assert store.read(3).tables["observations"].equals(store.read(1).tables["observations"])


def sign_in(at, key: str = "a long passphrase"):
    at.text_input[0].input(key)
    at.button[0].click().run()
    assert not at.exception


def roll_back(at, why: str = "withdrawn"):
    """Roll back to the first version offered, as the data manager."""
    target = next(s for s in at.selectbox if s.label == EN("secretariat.rollback_to"))
    target.select(1)
    at.text_input(key="rollback_who").input("Data manager")
    at.text_input(key="rollback_why").input(why)
    next(b for b in at.button if b.label == EN("secretariat.rollback")).click().run()
    assert not at.exception and not at.error


def sidebar_text(at) -> str:
    return " ".join(c.value for c in at.sidebar.caption)


def test_with_a_database_store_the_sidebar_names_the_new_version_at_once(
    monkeypatch, tmp_path, postgres, tiny
):
    """Each process looks up a database store's current version at most every few seconds; the
    process that has just written a version serves it at once, so the page that says "version 3
    is now served" does not name version 2 beside it."""
    from dashboard.dataset import store as stores

    url = postgres.database()
    monkeypatch.setenv("TIP_DASHBOARD_SECRETARIAT_KEY", "a long passphrase")
    monkeypatch.setenv("TIP_DASHBOARD_STORE", url)
    monkeypatch.setenv("TIP_DASHBOARD_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(stores, "_served", {})
    monkeypatch.setattr(stores, "CHECK_EVERY", 3600.0)  # no look falls due during the test
    store = stores.PostgresStore(url, tiny, tmp_path / "cache")
    store.ensure()
    first = store.read(1)
    store.write_if_current(1, first.tables, first.manifest, by="A", source="f", comment="")
    at = run_page("secretariat")
    sign_in(at)
    assert "Dataset version 2" in sidebar_text(at)
    roll_back(at)
    assert EN("secretariat.rolled_back", version="3", target="1") in [s.value for s in at.success]
    assert "Dataset version 3" in sidebar_text(at)
    assert store.current().id == 3


@pytest.mark.parametrize(
    ("lang", "said"), [("en", "(1 error, 0 warnings)"), ("ar", "(خطأ واحد، لا تحذيرات)")]
)
def test_a_version_that_does_not_load_is_counted_in_the_readers_grammar(
    monkeypatch, tmp_path, tiny, lang, said
):
    """The page counts a broken version's problems as its language counts: "1 error", never
    "1 error(s)"; in Arabic "خطأ واحد", and no count left in English."""
    monkeypatch.setenv("TIP_DASHBOARD_SECRETARIAT_KEY", "a long passphrase")
    monkeypatch.setenv("TIP_DASHBOARD_STORE", str(tmp_path / "store"))
    broken_current(tmp_path / "store", tiny)
    at = run_page("secretariat", lang=lang)
    sign_in(at)
    shown_texts = [shown(w.value) for w in at.warning] + [shown(e.value) for e in at.error]
    broken = [text for text in shown_texts if said in text]
    assert broken, shown_texts
    assert not any("(s)" in text for text in shown_texts)


@pytest.mark.parametrize(
    ("size", "lang", "said"),
    [(25_000_000, "en", "25"), (25_500_000, "en", "25.5"), (2_250_000, "ar", "٢٫٢٥")],
)
def test_the_upload_limit_is_said_as_it_is(size, lang, said):
    """The page says the true limit: never rounded to a figure above or below it."""
    from dashboard.ui.wording import megabytes

    assert megabytes(Locale(lang, "arab" if lang == "ar" else "latn"), size) == said


def test_the_versions_table_reads_right_in_arabic(monkeypatch, tmp_path):
    """In Arabic the bundled folder ("data/"), a version's date and time, and an uploaded
    file's name stay left to right (they read "/data" and "UTC 11:19 2026-12-07" otherwise),
    and a rollback says which version it brought back in Arabic."""
    from dashboard.dataset.store import configured as configured_store
    from dashboard.i18n import LRI, PDI
    from tests.apptest import html

    monkeypatch.setenv("TIP_DASHBOARD_SECRETARIAT_KEY", "a long passphrase")
    monkeypatch.setenv("TIP_DASHBOARD_STORE", str(tmp_path / "store"))
    store = configured_store()
    store.ensure()
    old = store.read(1)
    store.write_if_current(
        1,
        old.tables,
        old.manifest,
        by="Data manager",
        source="version 1",
        comment="x",
        kind="rollback",
    )
    at = run_page("secretariat", lang="ar")
    at.text_input[0].input("a long passphrase")
    at.button[0].click().run()
    assert not at.exception
    body = html(at)
    table = body[body.index(AR("secretariat.col_when")) :]
    assert f"{LRI}data/{PDI}" in table
    assert AR("secretariat.from_version", version="1") in table
    assert ">version 1<" not in table
    for version in store.versions():
        when = version.created.replace("T", " ").replace("Z", " UTC")
        assert f"{LRI}{when}{PDI}" in table
