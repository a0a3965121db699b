"""Preparing updates: the template round trip, each warning, an exact preview, and uploads
that are refused with a clear message."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from dashboard.dataset import updates
from dashboard.dataset.io import write_workbook
from dashboard.dataset.model import load_dataset
from dashboard.dataset.report import Report
from dashboard.dataset.store import DirectoryStore
from dashboard.dataset.template import COLUMNS, build_template
from dashboard.i18n import Locale, messages

LIMIT = 25_000_000


@pytest.fixture
def base(tiny):
    return load_dataset(tiny).dataset


def fill(template: bytes, rows=(), edits=()) -> bytes:
    """The template with figures changed (`edits`: (row, column letter, value)) and added."""
    book = load_workbook(io.BytesIO(template))
    sheet = book["Figures"]
    for row, column, value in edits:
        sheet[f"{column}{row}"] = value
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def figure(iso3, year, indicator, value, source=None):
    return [
        iso3,
        year,
        indicator,
        "total",
        "total",
        "total",
        value,
        None,
        None,
        "reported",
        source,
        None,
        None,
    ]


def test_template_has_instructions_lists_and_current_figures(base):
    book = load_workbook(io.BytesIO(build_template(base, "BHR", 2020, 2022)))
    assert book.sheetnames == ["Instructions", "Figures", "Recommendations", "Sources", "Lists"]
    instructions = " ".join(str(c.value) for row in book["Instructions"].iter_rows() for c in row)
    assert "Fill in one row per figure" in instructions and "املأ صفًا" in instructions
    figures = list(book["Figures"].iter_rows(values_only=True))
    assert figures[2][:3] == ("iso3", "year", "indicator")  # the codes, under two headings
    assert ("BHR", 2022, "persons_convicted") in {r[:3] for r in figures[3:]}
    assert all(r[0] == "BHR" and 2020 <= r[1] <= 2022 for r in figures[3:])
    rules = book["Figures"].data_validations.dataValidation
    columns = {str(rule.sqref).split(":")[0] for rule in rules}
    assert {"A4", "C4", "D4", "E4", "F4", "J4", "K4"} <= columns  # drop-downs on the coded columns


def test_the_figures_sheet_is_headed_in_english_and_arabic_above_its_codes(base):
    """A ministry reads what each column holds in either language; the importer reads the
    codes under them."""
    sheet = load_workbook(io.BytesIO(build_template(base, "BHR", 2020, 2022)))["Figures"]
    english, arabic, codes = (list(r) for r in sheet.iter_rows(max_row=3, values_only=True))
    assert codes == COLUMNS
    assert english[:7] == [
        "Country code",
        "Year",
        "Indicator (from the list)",
        "Sex",
        "Age",
        "Form of exploitation",
        "Figure",
    ]
    assert arabic[:3] == ["رمز البلد", "السنة", "المؤشر (من القائمة)"]
    assert all(re.search("[\u0600-\u06ff]", a) for a in arabic)
    assert not set(english) & set(COLUMNS) and not set(arabic) & set(COLUMNS)
    assert sheet.freeze_panes == "A4"  # the headings stay in view


def test_the_template_lists_every_source_the_dataset_accepts_with_its_titles(bundled):
    book = load_workbook(io.BytesIO(build_template(bundled, "BHR", 2020, 2022)))
    rows = list(book["Sources"].iter_rows(min_row=3, values_only=True))
    listed = {r[0]: (r[1], r[2]) for r in rows}
    sources = bundled.sources.set_index("source")
    assert set(sources.index) <= set(listed)
    for source, (title, title_ar) in listed.items():
        if source in sources.index:
            assert (title, title_ar) == (
                sources.at[source, "title"],
                sources.at[source, "title_ar"],
            )
    # The state's own two, created when the file is applied: its submission, its report.
    assert [r[0] for r in rows[:2]] == ["state_submission_bhr", "state_report_bhr"]
    assert set(listed) == set(sources.index) | {"state_submission_bhr", "state_report_bhr"}
    assert "State report" not in str(listed) and all(t and a for t, a in listed.values())
    rules = {
        str(r.sqref).split(":")[0]: r.formula1
        for r in book["Figures"].data_validations.dataValidation
    }
    assert rules["K4"] == f"=Sources!$A$3:$A${len(rows) + 2}"  # the source column's list


def recommendation(iso3, rec, measure, status, year, source=None, evidence=None):
    return [iso3, rec, measure, status, year, source, evidence, None]


def fill_measures(template: bytes, rows) -> bytes:
    book = load_workbook(io.BytesIO(template))
    for row in rows:
        book["Recommendations"].append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_states_own_report_state_report_bhr_is_accepted(base, tiny, tmp_path):
    """The README's example: a state's own report on a recommendation, cited as
    `state_report_bhr`, in the template's Recommendations sheet (and for a figure, in its
    Figures sheet); the source is added with the change and the tracker reads it."""
    template = fill(
        build_template(base, "BHR", 2020, 2022),
        rows=[figure("BHR", 2024, "persons_convicted", 45, source="state_report_bhr")],
    )
    filled = fill_measures(
        template,
        [
            recommendation("BHR", "4", "gsi_m1321", "yes", 2025, "state_report_bhr", "NRM decree"),
            recommendation("BHR", "5", "gsi_m1321", "yes", 2025, None, "Same, left empty"),
        ],
    )
    proposal = updates.prepare("bhr.xlsx", filled, base, 1, tmp_path, LIMIT)
    assert proposal.ok, proposal.report.render()
    sources = proposal.tables["sources"].set_index("source")
    assert sources.at["state_report_bhr", "title"] == (
        "National report of Bahrain on combating trafficking in persons"
    )
    assert "state_submission_bhr" not in sources.index  # no row cites it: not added
    measures = proposal.tables["measures"]
    mine = measures[(measures.iso3 == "BHR") & (measures.year == 2025)]
    assert set(zip(mine.recommendation, mine.source, mine.evidence, strict=True)) == {
        ("4", "state_report_bhr", "NRM decree"),
        ("5", "state_report_bhr", "Same, left empty"),
    }
    assert len(measures) == len(base.measures) + 2  # added; the 2023 status is kept
    obs = proposal.tables["observations"]
    row = obs[(obs.iso3 == "BHR") & (obs.year == 2024)].iloc[0]
    assert (row.value, row.source) == (45, "state_report_bhr")
    from dashboard.metrics.tracker import newest

    latest = newest(measures, ["BHR"], set())
    assert set(latest[latest.measure == "gsi_m1321"].source) == {"state_report_bhr"}


def test_a_template_row_citing_a_source_the_dataset_lacks_is_refused_at_its_row(base, tmp_path):
    filled = fill(
        build_template(base, "BHR", 2020, 2022),
        rows=[figure("BHR", 2024, "persons_convicted", 45, source="state_report_qat")],
    )
    proposal = updates.prepare("bhr.xlsx", filled, base, 1, tmp_path, LIMIT)
    assert not proposal.ok
    last = len(list(load_workbook(io.BytesIO(filled))["Figures"].iter_rows()))
    assert {(p.row, p.column) for p in proposal.report.errors} == {(last, "source")}


def test_a_template_of_the_older_layout_is_still_read(base, tmp_path):
    """Templates sent out before the headings were added: the codes in the first row."""
    book = load_workbook(io.BytesIO(build_template(base, "BHR", 2020, 2022)))
    sheet = book["Figures"]
    sheet.delete_rows(1, 2)
    del book["Recommendations"]
    sheet.append(figure("BHR", 2023, "persons_convicted", "many"))
    out = io.BytesIO()
    book.save(out)
    proposal = updates.prepare("old.xlsx", out.getvalue(), base, 1, tmp_path, LIMIT)
    assert {(p.row, p.column) for p in proposal.report.errors} == {(sheet.max_row, "value")}


def test_template_round_trip_lists_exactly_the_three_figures(base, tiny, tmp_path):
    template = build_template(base, "BHR", 2020, 2022)
    rows = list(load_workbook(io.BytesIO(template))["Figures"].iter_rows(values_only=True))
    convicted_2022 = next(
        i for i, r in enumerate(rows, start=1) if r[1] == 2022 and r[2] == "persons_convicted"
    )
    filled = fill(
        template,
        rows=[
            figure("BHR", 2023, "persons_convicted", 41),
            figure("BHR", 2023, "persons_prosecuted", 60),
        ],
        edits=[(convicted_2022, "G", 39)],
    )
    proposal = updates.prepare("bhr.xlsx", filled, base, 1, tmp_path, LIMIT)
    assert proposal.ok and proposal.kind == "template"
    observations = proposal.changes[proposal.changes.table == "observations"]
    assert len(observations) == 3
    changed = observations[observations.change == "changed"].iloc[0]
    assert (changed.column, changed.old, changed.new) == ("value", "38", "39")
    added = observations[observations.change == "added"]
    assert set(added.indicator) == {"persons_convicted", "persons_prosecuted"}
    assert all("source=state_submission_bhr" in k for k in added.key)
    sources = proposal.changes[proposal.changes.table == "sources"]
    assert list(sources.change) == ["added"]  # the state's submission becomes a source
    store = DirectoryStore(tmp_path / "store", tiny)
    store.ensure()
    version = store.write_if_current(
        1, proposal.tables, proposal.manifest, by="t", source="bhr.xlsx", comment="c"
    )
    obs = store.read(version.id).observations
    got = obs[(obs.iso3 == "BHR") & (obs.year == 2023)].set_index("indicator").value
    assert got.to_dict() == {"persons_convicted": 41, "persons_prosecuted": 60}


def test_an_unchanged_template_changes_nothing(base, tmp_path):
    proposal = updates.prepare(
        "same.xlsx", build_template(base, "BHR", 2020, 2022), base, 1, tmp_path, LIMIT
    )
    assert proposal.ok and proposal.empty and proposal.warnings == []


def test_template_errors_point_at_the_template_rows(base, tmp_path):
    filled = fill(
        build_template(base, "BHR", 2020, 2022),
        rows=[
            figure("BHR", 2023, "not_an_indicator", 5),
            figure("BHR", 2023, "persons_convicted", "many"),
        ],
    )
    proposal = updates.prepare("bad.xlsx", filled, base, 1, tmp_path, LIMIT)
    assert not proposal.ok
    messages = {(p.row, p.column) for p in proposal.report.errors}
    last = len(list(load_workbook(io.BytesIO(filled))["Figures"].iter_rows()))
    assert (last - 1, "indicator") in messages and (last, "value") in messages


def test_a_template_for_two_countries_is_refused(base, tmp_path):
    filled = fill(
        build_template(base, "BHR", 2020, 2022), rows=[figure("JOR", 2023, "persons_convicted", 5)]
    )
    proposal = updates.prepare("two.xlsx", filled, base, 1, tmp_path, LIMIT)
    assert not proposal.ok
    assert "one country" in proposal.report.render()


def test_warning_tenfold_change(base, tmp_path):
    filled = fill(
        build_template(base, "BHR", 2020, 2022),
        rows=[figure("BHR", 2023, "persons_convicted", 900)],
    )
    proposal = updates.prepare("x.xlsx", filled, base, 1, tmp_path, LIMIT)
    assert proposal.ok
    assert [str(w) for w in proposal.warnings] == [
        "tenfold change: persons_convicted for BHR goes from 38 (2022) to 900 (2023)"
    ]


def test_warning_tenfold_change_of_a_figure_already_there(base, tmp_path):
    template = build_template(base, "BHR", 2020, 2022)
    rows = list(load_workbook(io.BytesIO(template))["Figures"].iter_rows(values_only=True))
    row = next(
        i for i, r in enumerate(rows, start=1) if r[1] == 2022 and r[2] == "persons_convicted"
    )
    proposal = updates.prepare(
        "x.xlsx", fill(template, edits=[(row, "G", 400)]), base, 1, tmp_path, LIMIT
    )
    assert [str(w) for w in proposal.warnings] == [
        "tenfold change: persons_convicted for BHR in 2022 goes from 38 to 400"
    ]


def test_warning_series_stops(base, tiny, tmp_path):
    tables = dict(base.tables)
    obs = tables["observations"]
    tables["observations"] = obs[
        ~((obs.iso3 == "BHR") & (obs.year == 2022) & (obs.indicator == "persons_convicted"))
    ]
    path = tmp_path / "whole.xlsx"
    write_workbook(tables, base.manifest, path)
    proposal = updates.prepare("whole.xlsx", path.read_bytes(), base, 1, tmp_path, LIMIT)
    assert proposal.ok and proposal.kind == "dataset"
    assert any(
        w.startswith("series stops: persons_convicted for BHR") and "now ends in 2021" in w
        for w in map(str, proposal.warnings)
    )
    removed = proposal.changes[proposal.changes.change == "removed"]
    assert len(removed) == 1 and "year=2022" in removed.iloc[0].key


def test_warning_new_country(base, tmp_path):
    filled = fill(
        build_template(base, "NPL", 2020, 2022), rows=[figure("NPL", 2022, "persons_convicted", 3)]
    )
    proposal = updates.prepare("npl.xlsx", filled, base, 1, tmp_path, LIMIT)
    assert proposal.ok
    assert "new country: NPL has figures for the first time" in map(str, proposal.warnings)


def xlsx(build) -> bytes:
    book = Workbook()
    build(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(name, content)
    return out.getvalue()


def claims_rows(data: bytes, rows: int) -> bytes:
    """A workbook whose sheet says it has `rows` rows (as a huge one would)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                # openpyxl writes '<dimension ref="A1:A1" />', or without the space with lxml
                body = re.sub(
                    rb'<dimension ref="A1:A1" ?/>', f'<dimension ref="A1:M{rows}"/>'.encode(), body
                )
                body = re.sub(
                    rb"<sheetData></sheetData>|<sheetData ?/>",
                    (
                        f'<sheetData><row r="{rows}"><c r="A{rows}" t="inlineStr">'
                        "<is><t>x</t></is></c></row></sheetData>"
                    ).encode(),
                    body,
                )
            target.writestr(item, body)
    return out.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def hidden(book):
    book.create_sheet("secret").sheet_state = "hidden"


def formula(book):
    book.active.title = "Figures"
    book.active.append(["iso3", "year"])
    book.active.append(["BHR", "=2020+1"])


BAD = {
    "program.exe": (b"MZ", "only .xlsx, .csv and .zip"),
    "empty.xlsx": (b"", "is empty"),
    "junk.xlsx": (b"this is not a workbook", "not a valid .xlsx"),
    "macros.xlsx": (with_member(xlsx(lambda b: None), "xl/vbaProject.bin", b"x"), "macros"),
    "hidden.xlsx": (xlsx(hidden), "hidden sheet"),
    "formula.xlsx": (xlsx(formula), "a formula"),
    "huge.xlsx": (claims_rows(xlsx(lambda b: None), 1_000_000), "1,000,000 rows"),
    "escape.zip": (zip_of({"../evil.csv": b"a"}), "outside"),
    "program.zip": (zip_of({"data/run.sh": b"rm -rf /"}), "not a CSV or JSON"),
    "million.csv": (("a,b\n" + "1,2\n" * 1_000_000).encode(), "rows"),
    "latin1.csv": ("iso3,note\nBHR,caf\xe9\n".encode("latin-1"), "not UTF-8"),
    "notes.xlsx": (xlsx(lambda b: b.active.append(["hello"])), "neither a submission template"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_uploads_are_refused_clearly_and_change_nothing(name, base, tiny, tmp_path):
    data, message = BAD[name]
    store = DirectoryStore(tmp_path / "store", tiny)
    store.ensure()
    with pytest.raises(updates.UploadError, match=message):
        updates.prepare(name, data, base, 1, tmp_path, LIMIT)
    assert [v.id for v in store.versions()] == [1]


def test_refusals_are_worded_in_arabic(base, tmp_path):
    from dashboard.i18n import Locale
    from dashboard.ui.wording import refusal_text

    with pytest.raises(updates.UploadError) as caught:
        updates.prepare("big.xlsx", b"x" * 1_500_000, base, 1, tmp_path, 1_000_000)
    arabic = refusal_text(Locale("ar", "arab"), caught.value)
    assert arabic == "حجم big.xlsx هو ١٫٥ ميغابايت؛ والحد ١ ميغابايت"


def test_an_oversized_upload_is_refused_before_it_is_read(base, tmp_path):
    with pytest.raises(updates.UploadError, match="the limit is 1 MB"):
        updates.prepare("big.xlsx", b"x" * 1_500_000, base, 1, tmp_path, 1_000_000)


def test_a_zipped_dataset_folder_replaces_the_dataset(base, tiny, tmp_path):
    members = {f"tiny/{p.name}": p.read_bytes() for p in tiny.iterdir()}
    csv = members["tiny/observations.csv"].decode()
    members["tiny/observations.csv"] = csv.replace(
        "BHR,2021,persons_convicted,total,total,total,40",
        "BHR,2021,persons_convicted,total,total,total,44",
    ).encode()
    proposal = updates.prepare("tiny.zip", zip_of(members), base, 1, tmp_path, LIMIT)
    assert proposal.ok and proposal.kind == "dataset"
    assert list(proposal.changes[["column", "old", "new"]].itertuples(index=False, name=None)) == [
        ("value", "40", "44")
    ]


def test_a_unodc_release_gives_what_the_build_gives(reference, bundled):
    """The reference's own UNODC file, applied to the bundled dataset (which the build made
    from it): not one cell differs."""
    data = (reference / "unodc_glotip" / "data_glotip.xlsx").read_bytes()
    proposal = updates.prepare("data_glotip.xlsx", data, bundled, 1, reference, 50_000_000)
    assert proposal.kind == "unodc" and proposal.ok, proposal.report.render()
    assert proposal.changes.empty


def test_warnings_are_worded_in_the_readers_language(base, tmp_path):
    from dashboard.i18n import Locale
    from dashboard.ui.wording import warning_text

    filled = fill(
        build_template(base, "BHR", 2020, 2022),
        rows=[figure("BHR", 2023, "persons_convicted", 900)],
    )
    (warning,) = updates.prepare("x.xlsx", filled, base, 1, tmp_path, LIMIT).warnings
    english = warning_text(Locale("en"), base, warning)
    assert english.startswith("Tenfold change:") and "Bahrain" in english and "900" in english
    arabic = warning_text(Locale("ar", "arab"), base, warning)
    assert "البحرين" in arabic and "٩٠٠" in arabic and "٢٠٢٣" in arabic
    assert "BHR" not in arabic and "persons_convicted" not in arabic


def test_the_validators_fixed_messages_are_worded_in_arabic():
    import inspect

    from dashboard.dataset import template, validate
    from dashboard.i18n import Locale, messages
    from dashboard.ui.wording import problem_text

    english = {k: v for k, v in messages("en").items() if k.startswith("problem.")}
    written = inspect.getsource(validate) + inspect.getsource(template)
    written += inspect.getsource(updates)
    for key, text in english.items():
        assert text in written, f"{key} is no longer a message of the validator"
        arabic = problem_text(Locale("ar"), text)
        assert arabic == messages("ar")[key] and arabic != text
    assert problem_text(Locale("ar"), "something else 12") == "something else 12"


def test_template_errors_reach_the_page_in_arabic(base, tmp_path):
    from dashboard.i18n import Locale
    from dashboard.ui.wording import problem_text

    filled = fill(
        build_template(base, "BHR", 2020, 2022),
        rows=[figure("BHR", 2023, "persons_convicted", "many")],
    )
    proposal = updates.prepare("bad.xlsx", filled, base, 1, tmp_path, LIMIT)
    worded = [problem_text(Locale("ar"), e.message) for e in proposal.report.errors]
    assert "المتوقع رقم" in worded  # "expected a number", for the value "many"


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x7f"])
def test_a_note_holding_a_control_character_is_refused_and_changes_nothing(
    character, base, tiny, tmp_path
):
    store = DirectoryStore(tmp_path / "store", tiny)
    store.ensure()
    before = store.versions()
    row = figure("BHR", 2023, "persons_convicted", 900)
    row[COLUMNS.index("note")] = f"before{character}after"
    text = ",".join(COLUMNS) + "\n" + ",".join("" if v is None else str(v) for v in row) + "\n"
    proposal = updates.prepare("bhr.csv", text.encode(), base, 1, tmp_path, LIMIT)
    assert not proposal.ok
    assert any(p.message == "holds a control character" for p in proposal.report.problems)
    clean = text.replace(character, "")
    assert updates.prepare("bhr.csv", clean.encode(), base, 1, tmp_path, LIMIT).ok
    assert store.versions() == before


def test_texts_that_look_like_formulas_reach_the_template_as_text(tiny, tmp_path):
    link = '=HYPERLINK("http://example.invalid/","click")'
    indicators = tiny / "indicators.csv"
    indicators.write_text(
        indicators.read_text(encoding="utf-8").replace("persons convicted", "=1+1", 1),
        encoding="utf-8",
    )
    quoted = '"' + link.replace('"', '""') + '"'
    observations = tiny / "observations.csv"
    observations.write_text(
        observations.read_text(encoding="utf-8").replace(
            "BHR,2022,persons_convicted,total,total,total,38,,,reported,test_source,,",
            f"BHR,2022,persons_convicted,total,total,total,38,,,reported,test_source,{quoted},",
            1,
        ),
        encoding="utf-8",
    )
    dataset = load_dataset(tiny).dataset
    assert link in set(dataset.observations.note)
    template = build_template(dataset, "BHR", 2020, 2022)
    assert updates.check_file("bhr.xlsx", template, LIMIT)[1] is None
    book = load_workbook(io.BytesIO(template))
    texts = {c.value for s in book.worksheets for row in s.iter_rows() for c in row}
    assert link in texts and "=1+1" in texts
    assert all(c.data_type != "f" for s in book.worksheets for row in s.iter_rows() for c in row)


def test_the_csv_row_limit_counts_figures_not_the_header(monkeypatch):
    monkeypatch.setattr(updates, "MAX_ROWS", 2)
    assert len(updates._csv_rows(b"a,b\n1,2\n3,4\n")) == 3
    with pytest.raises(updates.UploadError, match="3"):
        updates._csv_rows(b"a,b\n1,2\n3,4\n5,6\n")


def test_a_zipped_csv_over_the_row_limit_is_refused_while_it_inflates(base, tiny, tmp_path):
    members = {f"tiny/{p.name}": p.read_bytes() for p in tiny.iterdir()}
    header = members["tiny/observations.csv"].split(b"\n", 1)[0]
    line = b"BHR,2021,persons_convicted,total,total,total,40,,,reported,,,\n"
    members["tiny/observations.csv"] = header + b"\n" + line * (updates.MAX_ROWS + 5)
    packed = zip_of(members)
    assert len(packed) < len(members["tiny/observations.csv"]) / 50  # small on the wire
    with pytest.raises(updates.UploadError, match="more than 250,000 rows") as refused:
        updates.prepare("many.zip", packed, base, 1, tmp_path, LIMIT)
    assert refused.value.kind == "zip_rows"
    assert refused.value.values["entry"] == "tiny/observations.csv"


def test_a_zipped_file_over_the_file_limit_is_refused_while_it_inflates(
    base, tiny, tmp_path, monkeypatch
):
    monkeypatch.setenv("TIP_DASHBOARD_MAX_FILE_MB", "1")
    members = {f"tiny/{p.name}": p.read_bytes() for p in tiny.iterdir()}
    members["tiny/sources.csv"] = members["tiny/sources.csv"] + b" " * (2 * 1024 * 1024)
    with pytest.raises(updates.UploadError, match="too large once unpacked"):
        updates.prepare("wide.zip", zip_of(members), base, 1, tmp_path, LIMIT)


def test_a_full_dataset_keeps_the_label_mappings_of_the_version_it_replaces(base, tmp_path):
    import json
    from dataclasses import replace

    mapped = {"Atlantean": "NPL", "Erewhonian": "JOR"}
    kept = replace(
        base, manifest={**base.manifest, updates.ALIASES: json.dumps(mapped, sort_keys=True)}
    )
    path = tmp_path / "whole.xlsx"
    write_workbook(dict(base.tables), base.manifest, path)  # a workbook without mappings
    proposal = updates.prepare("whole.xlsx", path.read_bytes(), kept, 1, tmp_path, LIMIT)
    assert proposal.ok and proposal.kind == "dataset"
    assert updates.label_aliases(proposal.manifest) == mapped

    own = {**base.manifest, updates.ALIASES: json.dumps({"Atlantean": "BHR"})}
    write_workbook(dict(base.tables), own, path)  # one with a mapping of its own: it counts
    proposal = updates.prepare("whole.xlsx", path.read_bytes(), kept, 1, tmp_path, LIMIT)
    assert updates.label_aliases(proposal.manifest) == {"Atlantean": "BHR", "Erewhonian": "JOR"}


@pytest.mark.parametrize(
    ("n", "english", "arabic"),
    [
        (1, "1 row;", "صف واحد؛"),
        (2, "2 rows;", "صفّان؛"),
        (3, "3 rows;", "3 صفوف؛"),
        (11, "11 rows;", "11 صفًّا؛"),
        (300_000, "300,000 rows;", "300,000 صف؛"),
    ],
)
def test_a_count_in_a_refusal_is_in_its_grammatical_number(n, english, arabic):
    refusal = updates.UploadError("rows", name="f.xlsx", sheet="Figures", rows=n, limit=250_000)
    assert english in str(refusal)
    assert arabic in refusal.text(Locale("ar"))


COUNTED = re.compile(r"\{(count|rows|seconds|shown|n)\}")
PLURAL = re.compile(r"\.(zero|one|two|few|many|other)$")


def test_every_count_the_secretariat_reads_is_worded_by_the_plural_rules():
    """No "1 warnings" or "error(s)": a text of the secretariat's (its page, refusals, the
    store's messages, validation summaries) that writes a count is a table of grammatical
    numbers (`Locale.plural`)."""
    theirs = ("secretariat.", "refusal.", "store.", "report.", "notice.dataset")
    for lang in ("en", "ar"):
        for key, text in messages(lang).items():
            if not key.startswith(theirs) or PLURAL.search(key):
                continue
            assert not COUNTED.search(text), (lang, key)
            assert "(s)" not in text, (lang, key)
    summary = Report()
    assert summary.summary() == "0 errors, 0 warnings"
    assert summary.summary(Locale("ar")) == "لا أخطاء، لا تحذيرات"
