"""The two forms of the dataset are interchangeable: folder -> workbook -> folder is lossless."""

from __future__ import annotations

import filecmp

from dashboard.dataset import load_dataset
from dashboard.dataset.__main__ import main
from dashboard.dataset.schema import TABLES
from tests.conftest import DATA


def test_bundled_roundtrip_is_byte_identical(tmp_path, capsys):
    book = tmp_path / "dataset.xlsx"
    back = tmp_path / "back"
    assert main(["convert", "data", str(book)]) == 0
    assert main(["convert", str(book), str(back)]) == 0
    capsys.readouterr()
    for table in TABLES:
        name = f"{table.name}.csv"
        assert filecmp.cmp(DATA / name, back / name, shallow=False), name
    assert filecmp.cmp(DATA / "datapackage.json", back / "datapackage.json", shallow=False)


def test_workbook_loads_to_the_same_tables(tiny, tmp_path):
    from dashboard.dataset.io import write_workbook

    folder = load_dataset(tiny).dataset
    write_workbook(dict(folder.tables), folder.manifest, tmp_path / "t.xlsx")
    book = load_dataset(tmp_path / "t.xlsx").dataset
    assert book is not None
    for table in TABLES:
        a = folder.tables[table.name].reset_index(drop=True)
        b = book.tables[table.name].reset_index(drop=True)
        assert a.equals(b), table.name
