"""`python -m dashboard.dataset validate`: exit 0 on good data, a readable report on bad."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from dashboard.dataset import load_dataset
from dashboard.dataset.__main__ import main
from dashboard.dataset.io import write_workbook
from tests.conftest import DATA
from tests.factories import MANIFEST, tiny_tables


def run_validate(path: Path, capsys) -> tuple[int, str]:
    code = main(["validate", str(path)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def edit_csv(folder: Path, table: str, old: str, new: str, count: int = 1) -> None:
    path = folder / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {table}.csv"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_bundled_dataset_is_valid(capsys):
    code, output = run_validate(DATA, capsys)
    assert code == 0, output
    assert "valid (version 1" in output


def test_tiny_dataset_is_valid(tiny, capsys):
    code, output = run_validate(tiny, capsys)
    assert code == 0, output


@pytest.mark.parametrize(
    ("table", "old", "new", "expected"),
    [
        (
            "observations",
            "iso3,year,indicator",
            "country,year,indicator",
            "observations.csv, column 'iso3': required column is missing",
        ),
        (
            "observations",
            "BHR,2022,persons_convicted,total,total,total,38",
            "BHR,2022,persons_convicted,total,total,total,thirty-eight",
            "column 'value': expected a number (value: 'thirty-eight')",
        ),
        (
            "observations",
            "BHR,2021,persons_convicted",
            "BHR,twenty,persons_convicted",
            "column 'year': expected a number (value: 'twenty')",
        ),
        (
            "observations",
            "BHR,2021,persons_convicted",
            "ZZQ,2021,persons_convicted",
            "column 'iso3': unknown country code (not in countries) (value: 'ZZQ')",
        ),
        (
            "observations",
            "BHR,2021,persons_convicted",
            "BHR,2022,persons_convicted",
            "duplicate key",
        ),
        (
            "observations",
            "total,total,total,38,",
            "total,total,total,-38,",
            "a count cannot be negative",
        ),
        (
            "observations",
            ",1,4,suppressed",
            ",4,1,suppressed",
            "lower bound is greater than upper bound",
        ),
        (
            "observations",
            "BHR,2021,persons_convicted",
            "BHR,2021,persons_sentenced",
            "unknown indicator (not in the indicators catalogue) (value: 'persons_sentenced')",
        ),
        (
            "countries",
            "Nepal,نيبال",
            "Nepal,Nepal",
            "column 'name_ar': Arabic text expected",
        ),
        (
            "observations",
            ",reported,test_source",
            ",reported,nobody",
            "unknown source (not in sources)",
        ),
    ],
    ids=[
        "missing-column",
        "wrong-type",
        "implausible-year-type",
        "unknown-iso",
        "duplicate-key",
        "negative-count",
        "lower-above-upper",
        "unknown-indicator",
        "arabic-missing",
        "unknown-source",
    ],
)
def test_bad_cell_is_reported_with_its_place(tiny, capsys, table, old, new, expected):
    edit_csv(tiny, table, old, new)
    code, output = run_validate(tiny, capsys)
    assert code == 1
    assert expected in output
    assert "NOT VALID" in output


def test_problem_names_the_spreadsheet_row(tiny, capsys):
    edit_csv(tiny, "observations", "BHR,2021,persons_convicted", "ZZQ,2021,persons_convicted")
    _, output = run_validate(tiny, capsys)
    lines = (tiny / "observations.csv").read_text().splitlines()
    row = next(i for i, line in enumerate(lines, start=1) if line.startswith("ZZQ"))
    assert f"observations.csv, row {row}, column 'iso3'" in output


def test_every_problem_is_reported_not_only_the_first(tiny, capsys):
    edit_csv(tiny, "observations", "BHR,2021,persons_convicted", "ZZQ,2021,persons_convicted")
    edit_csv(tiny, "observations", "total,total,total,38,", "total,total,total,-38,")
    edit_csv(tiny, "flows", "NPL,,BHR", "NPL,,QQQ")
    _, output = run_validate(tiny, capsys)
    assert "ZZQ" in output
    assert "a count cannot be negative" in output
    assert "flows.csv" in output and "QQQ" in output
    assert "3 errors, 0 warnings." in output


def test_non_utf8_csv(tiny, capsys):
    path = tiny / "countries.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1256"))
    code, output = run_validate(tiny, capsys)
    assert code == 1
    assert "countries.csv: not UTF-8 text" in output


def test_empty_file(tiny, capsys):
    (tiny / "flows.csv").write_bytes(b"")
    code, output = run_validate(tiny, capsys)
    assert code == 1
    assert "flows.csv: the file is empty" in output


def test_missing_file(tiny, capsys):
    (tiny / "measures.csv").unlink()
    code, output = run_validate(tiny, capsys)
    assert code == 1
    assert "measures.csv: file is missing" in output


def test_workbook_missing_a_sheet(tmp_path, capsys):
    tables = tiny_tables()
    path = tmp_path / "dataset.xlsx"
    write_workbook(tables, MANIFEST, path)
    from openpyxl import load_workbook

    book = load_workbook(path)
    del book["flows"]
    book.save(path)
    code, output = run_validate(path, capsys)
    assert code == 1
    assert "workbook has no sheet 'flows'" in output


def test_fifty_megabyte_junk_file(tmp_path, capsys):
    junk = tmp_path / "dataset.xlsx"
    with junk.open("wb") as handle:
        for _ in range(50):
            handle.write(os.urandom(1024 * 1024))
    code, output = run_validate(junk, capsys)
    assert code == 1
    assert "not a dataset" in output


def test_junk_inside_a_folder(tiny, capsys):
    (tiny / "observations.csv").write_bytes(os.urandom(2 * 1024 * 1024))
    code, output = run_validate(tiny, capsys)
    assert code == 1
    assert "observations.csv" in output


def test_zip_that_is_not_a_workbook(tmp_path, capsys):
    path = tmp_path / "fake.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    code, output = run_validate(path, capsys)
    assert code == 1
    assert "not a readable workbook" in output


def test_suppressed_value_needs_a_range(tiny, capsys):
    edit_csv(tiny, "observations", ",1,4,suppressed", ",,,suppressed")
    code, output = run_validate(tiny, capsys)
    assert code == 1
    assert "give the range in lower and upper" in output


def test_tenfold_change_is_a_warning_not_an_error(tiny, capsys):
    edit_csv(tiny, "observations", "total,total,total,38,", "total,total,total,800,")
    code, output = run_validate(tiny, capsys)
    assert code == 0
    assert "WARNING" in output and "changed more than tenfold since 2021 (40 -> 800)" in output


def test_load_never_raises_on_missing_path(tmp_path):
    result = load_dataset(tmp_path / "nowhere")
    assert result.dataset is None
    assert "no such file or folder" in result.report.render()


def test_formula_text_stays_text_in_the_workbook(tmp_path):
    tables = tiny_tables()
    tables["sources"].loc[0, "title"] = '=HYPERLINK("http://example.invalid")'
    path = tmp_path / "d.xlsx"
    write_workbook(tables, MANIFEST, path)
    result = load_dataset(path)
    assert result.dataset is not None, result.report.render()
    assert result.dataset.sources.loc[0, "title"].startswith("=HYPERLINK")


def test_parts_above_their_total_are_a_warning_in_the_bundled_data(capsys):
    # UNODC's own figures: Bahrain 2021, 32 victims detected in all, 44 in forced labour alone.
    from dashboard.dataset.consistency import parts_over_total

    result = load_dataset(Path("data"))
    obs = result.dataset.observations
    forms = parts_over_total(obs, "form").set_index(["iso3", "year", "indicator"])
    assert forms.loc[("BHR", 2021, "victims_detected"), "total"] == 32
    assert forms.loc[("BHR", 2021, "victims_detected"), "parts"] >= 44
    sexes = parts_over_total(obs, "sex").set_index(["iso3", "year", "indicator"])
    assert sexes.loc[("NPL", 2020, "victims_detected"), "parts"] >= 1078
    messages = [p.message for p in result.report.problems if p.severity == "warning"]
    assert any("the parts by form add up to" in m for m in messages)
    assert not [p for p in result.report.problems if p.severity == "error"]
