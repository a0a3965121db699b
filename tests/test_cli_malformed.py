"""The command lines given malformed files: a one-line reason and a non-zero exit, never a
traceback, and the store unchanged."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest

from dashboard.dataset import __main__ as dataset_cli
from dashboard.dataset.store import DirectoryStore
from dashboard.importers import __main__ as importers_cli


def run(cli, argv, capsys) -> tuple[int, str]:
    code = cli.main([str(a) for a in argv])
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text
    return code, text


def broken_xml(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
    return path


def folder_with_a_folder_for_a_table(tiny):
    (tiny / "countries.csv").unlink()
    (tiny / "countries.csv").mkdir()
    return tiny


def manifest_version_not_text(tiny):
    manifest = json.loads((tiny / "datapackage.json").read_text())
    manifest["version"] = {"a": 1}
    (tiny / "datapackage.json").write_text(json.dumps(manifest))
    return tiny


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda tiny, tmp: broken_xml(tmp / "broken.xlsx"), "not a readable workbook"),
        (lambda tiny, tmp: folder_with_a_folder_for_a_table(tiny), "cannot be read: Is a direc"),
        (lambda tiny, tmp: manifest_version_not_text(tiny), "field 'version' is not text"),
    ],
)
def test_validate_names_the_problem(make, reason, tiny, tmp_path, capsys):
    code, text = run(dataset_cli, ["validate", make(tiny, tmp_path)], capsys)
    assert code == 1 and reason in text and "NOT VALID" in text


@pytest.fixture
def store(tiny, tmp_path, monkeypatch):
    monkeypatch.setenv("TIP_DASHBOARD_DATA", str(tiny))
    monkeypatch.setenv("TIP_DASHBOARD_STORE", str(tmp_path / "store"))
    store = DirectoryStore(tmp_path / "store", tiny)
    store.ensure()
    return store


def versions(store) -> list[int]:
    return [v.id for v in store.versions()]


def test_apply_given_a_folder_says_it_takes_a_file(store, tiny, capsys):
    before = versions(store)
    code, text = run(dataset_cli, ["apply", tiny, "--by", "A", "--comment", "c"], capsys)
    assert code == 1 and "is a folder: apply takes one file" in text
    assert versions(store) == before


def test_apply_of_a_file_that_breaks_an_unforeseen_way_says_so(
    store, tmp_path, capsys, monkeypatch
):
    def breaks(*args, **kwargs):
        raise RuntimeError("a reader met something new")

    monkeypatch.setattr(dataset_cli, "prepare", breaks)
    path = tmp_path / "figures.csv"
    path.write_text("iso3,year\n")
    before = versions(store)
    code, text = run(dataset_cli, ["apply", path, "--by", "A", "--comment", "c"], capsys)
    assert code == 2
    assert "RuntimeError: a reader met something new; nothing was changed" in text
    assert versions(store) == before


def test_a_build_from_a_broken_source_file_stops_with_its_reason(reference, tmp_path, capsys):
    copy = tmp_path / "reference"
    shutil.copytree(reference, copy)
    unodc = next(copy.glob("unodc_glotip/*.xlsx"))
    unodc.write_bytes(b"PK\x03\x04 not really a workbook")
    out = tmp_path / "out"
    code, text = run(
        importers_cli, ["build", "--reference", copy, "--out", out, "--no-shapes"], capsys
    )
    assert code == 2 and "error: the build stopped" in text
    assert not out.exists()  # nothing was written


def test_rollback_repairs_a_current_version_that_does_not_load(store, capsys):
    first = store.read(1)
    store.write_if_current(1, first.tables, first.manifest, by="A", source="f", comment="")
    broken = store.path(2) / "observations.csv"
    broken.write_bytes(broken.read_bytes().replace(b"BHR", b"B\x00R", 1))
    code, text = run(dataset_cli, ["rollback", "1", "--by", "A", "--comment", "repair"], capsys)
    assert code == 0, text
    assert "version 2 (current) does not load" in text
    assert store.current().id == 3 and versions(store) == [1, 2, 3]
    assert store.read(3).tables["observations"].equals(first.tables["observations"])


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ("Atlantean", "--map 'Atlantean' is not LABEL=CODE"),
        ("Atlantean=", "--map 'Atlantean=' is not LABEL=CODE"),
        ("=UGA", "--map '=UGA' is not LABEL=CODE"),
        ("Atlantean=zzz", "--map 'Atlantean=ZZZ': ZZZ is not the code of a country or region"),
    ],
)
def test_apply_refuses_a_mapping_it_cannot_use(item, reason, store, tmp_path, capsys, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("the file was read although a mapping cannot be used")

    monkeypatch.setattr(dataset_cli, "prepare", never)
    path = tmp_path / "data_glotip.xlsx"
    path.write_bytes(b"not read")
    before = versions(store)
    argv = ["apply", path, "--by", "A", "--comment", "c", "--map", "Erewhonian=npl"]
    code, text = run(dataset_cli, [*argv, "--map", item], capsys)
    assert code == 2, text
    assert reason in text and "nothing was changed" in text
    assert "Erewhonian" not in text  # the usable mapping is not blamed
    assert versions(store) == before


def test_a_mapping_is_checked_without_creating_the_store(tiny, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TIP_DASHBOARD_DATA", str(tiny))
    monkeypatch.setenv("TIP_DASHBOARD_STORE", str(tmp_path / "store"))
    path = tmp_path / "data_glotip.xlsx"
    path.write_bytes(b"not read")
    argv = ["apply", path, "--by", "A", "--comment", "c", "--map", "Atlantean=ZZZ"]
    code, text = run(dataset_cli, argv, capsys)
    assert code == 2 and "ZZZ is not the code" in text
    assert not (tmp_path / "store").exists()


def test_an_error_after_a_write_says_what_was_written(store, capsys, monkeypatch):
    import builtins

    def print_fails(*args, **kwargs):  # stdout breaks once the version is written
        if "file" not in kwargs:
            raise RuntimeError("stdout went away")
        builtins.print(*args, **kwargs)

    first = store.read(1)
    store.write_if_current(1, first.tables, first.manifest, by="A", source="f", comment="")
    monkeypatch.setattr(dataset_cli, "print", print_fails, raising=False)
    code, text = run(dataset_cli, ["rollback", "1", "--by", "A", "--comment", "c"], capsys)
    assert code == 2 and "RuntimeError: stdout went away" in text
    assert "written before the error: version 3 of the store, now current" in text
    assert "nothing was changed" not in text
    assert store.current().id == 3


def test_a_convert_that_fails_while_writing_says_the_target_may_be_partly_written(
    tiny, tmp_path, capsys, monkeypatch
):
    def half_written(tables, manifest, folder):
        folder.mkdir()
        (folder / "countries.csv").write_text("iso3\n")
        raise RuntimeError("disk full")

    monkeypatch.setattr(dataset_cli, "write_folder", half_written)
    target = tmp_path / "copy"
    code, text = run(dataset_cli, ["convert", tiny, target], capsys)
    assert code == 2 and "RuntimeError: disk full" in text
    assert f"written before the error: {target} (perhaps only in part)" in text
    assert "nothing was changed" not in text


def test_a_build_that_fails_after_writing_says_what_it_wrote(tmp_path, capsys, monkeypatch):
    from dashboard.importers import build as builder
    from tests.factories import write_reference

    reference = write_reference(tmp_path / "reference")

    def invalid(path):
        raise RuntimeError("the built dataset is not valid")

    monkeypatch.setattr(builder, "load_dataset", invalid)
    out = tmp_path / "out"
    argv = ["build", "--reference", reference, "--out", out, "--no-shapes"]
    code, text = run(importers_cli, argv, capsys)
    assert code == 2 and "the built dataset is not valid" in text
    assert f"written before the error (perhaps only in part, and not a valid build): {out}" in text
    assert "as it was" not in text and (out / "observations.csv").exists()


def test_install_moves_a_valid_build_into_place_and_keeps_the_other_files(tiny, tmp_path, capsys):
    data, assets = tmp_path / "data", tmp_path / "assets"
    data.mkdir()
    assets.mkdir()
    (data / "README.md").write_text("kept")
    (data / "observations.csv").write_text("old")
    (assets / "world_110m.json").write_text("kept")
    build = tmp_path / "build"
    shutil.copytree(tiny, build / "data")
    (build / "assets").mkdir()
    (build / "assets" / "land.png").write_bytes(b"png")
    argv = ["install", build, "--out", data, "--assets", assets]
    code, text = run(importers_cli, argv, capsys)
    assert code == 0, text
    assert (data / "README.md").read_text() == "kept"
    assert (data / "observations.csv").read_bytes() == (tiny / "observations.csv").read_bytes()
    assert (assets / "world_110m.json").read_text() == "kept"
    assert (assets / "land.png").read_bytes() == b"png"


def test_install_refuses_a_build_that_does_not_validate_and_changes_nothing(tiny, tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(tiny, data)
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    build = tmp_path / "build"
    shutil.copytree(tiny, build / "data")
    (build / "data" / "countries.csv").write_text("iso3\nBHR\n")
    argv = ["install", build, "--out", data, "--assets", tmp_path / "assets"]
    code, text = run(importers_cli, argv, capsys)
    assert code == 1 and "is not a valid dataset; nothing was changed" in text
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before
    assert not (tmp_path / "assets").exists()
