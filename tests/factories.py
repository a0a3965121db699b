"""Small datasets and reference files built from code, for tests. Synthetic: never real data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from dashboard.dataset.io import sort_table, write_folder
from dashboard.dataset.schema import TABLES_BY_NAME
from dashboard.metrics.flows import COUNTED

MANIFEST = {
    "name": "test-dataset",
    "title": "Synthetic test dataset (not real figures)",
    "version": "1",
    "created": "2025-01-01",
}


def _obs(iso3, year, indicator, value=None, status="reported", lower=None, upper=None, **kw):
    row = {
        "iso3": iso3,
        "year": year,
        "indicator": indicator,
        "sex": "total",
        "age": "total",
        "form": "total",
        "value": value,
        "lower": lower,
        "upper": upper,
        "status": status,
        "source": "test_source",
        "note": "",
        "note_ar": "",
    }
    row.update(kw)
    return row


def tiny_tables() -> dict[str, pd.DataFrame]:
    """A complete, valid dataset of a handful of rows (synthetic numbers)."""
    tables = {
        "sources": pd.DataFrame(
            [
                {
                    "source": "test_source",
                    "title": "Synthetic test source",
                    "title_ar": "مصدر اختبار اصطناعي",
                    "citation_en": "Tests, synthetic source",
                    "citation_ar": "اختبارات، مصدر اصطناعي",
                    "publisher": "Tests",
                    "edition": "1",
                    "url": "",
                    "licence": "none",
                    "licence_ar": "لا يوجد",
                    "accessed": "2025-01-01",
                }
            ]
        ),
        "countries": pd.DataFrame(
            [
                _country("BHR", "Bahrain", "البحرين", member=True, gcc=True, mena=True),
                _country("JOR", "Jordan", "الأردن", member=True, mena=True),
                _country("NPL", "Nepal", "نيبال"),
                _country("XUN", "Citizenship not stated", "الجنسية غير محددة", entity="group"),
            ]
        ),
        "indicators": pd.DataFrame(
            [
                _indicator("victims_detected", "count"),
                _indicator("persons_prosecuted", "count"),
                _indicator("persons_convicted", "count"),
                _indicator("population", "count"),
                _indicator("tip_tier", "category"),
                _indicator("gsi_m1321", "boolean"),
            ]
        ),
        "categories": pd.DataFrame(
            [
                {
                    "indicator": "tip_tier",
                    "code": 1.0,
                    "label_en": "Tier 1",
                    "label_ar": "الفئة الأولى",
                }
            ]
        ),
        "observations": pd.DataFrame(
            [
                _obs("BHR", 2021, "persons_convicted", 40),
                _obs("BHR", 2022, "persons_convicted", 38),
                _obs("BHR", 2022, "victims_detected", status="suppressed", lower=1, upper=4),
                _obs("JOR", 2022, "persons_prosecuted", 71, status="flagged"),
                _obs("BHR", 2022, "population", 1500000),
                _obs("BHR", 2022, "tip_tier", 1),
            ]
        ),
        "flows": pd.DataFrame(
            [
                {
                    "year": 2022,
                    "origin": "NPL",
                    "transit": "",
                    "destination": "BHR",
                    "kind": "detected_victims",
                    "victims": 12,
                    "lower": None,
                    "upper": None,
                    "status": "reported",
                    "form": "total",
                    "sex": "total",
                    "age": "total",
                    "source": "test_source",
                    "confidence": "",
                    "note": "",
                    "note_ar": "",
                },
                {
                    "year": 2018,
                    "origin": "NPL",
                    "transit": "JOR",
                    "destination": "BHR",
                    "kind": "documented_route",
                    "victims": None,
                    "lower": None,
                    "upper": None,
                    "status": "reported",
                    "form": "unspecified",
                    "sex": "total",
                    "age": "total",
                    "source": "test_source",
                    "confidence": "explicit",
                    "note": "a report says so",
                    "note_ar": "يقول ذلك تقرير",
                },
            ]
        ),
        "measures": pd.DataFrame(
            [
                {
                    "iso3": "BHR",
                    "recommendation": "4",
                    "measure": "gsi_m1321",
                    "status": "yes",
                    "year": 2023,
                    "source": "test_source",
                    "evidence": "",
                }
            ]
        ),
        "editions": pd.DataFrame(
            [
                {
                    "edition": 1,
                    "year": 2019,
                    "host": "BHR",
                    "city_en": "Manama",
                    "city_ar": "المنامة",
                    "dates_en": "14-16 October 2019",
                    "dates_ar": "14-16 أكتوبر 2019",
                    "format": "in_person",
                    "source": "test_source",
                }
            ]
        ),
    }
    return {name: sort_table(frame, TABLES_BY_NAME[name]) for name, frame in tables.items()}


def _country(iso3, en, ar, member=False, gcc=False, mena=False, entity="country"):
    return {
        "iso3": iso3,
        "name_en": en,
        "name_ar": ar,
        "entity": entity,
        "region": "Asia",
        "subregion": "Western Asia",
        "forum_member": member,
        "gcc": gcc,
        "mena": mena,
        "lon": 50.5,
        "lat": 26.0,
    }


def _indicator(indicator, kind):
    return {
        "indicator": indicator,
        "name_en": indicator.replace("_", " "),
        "name_ar": "مؤشر",
        "unit_en": "persons",
        "unit_ar": "أشخاص",
        "kind": kind,
        "pillar": "prosecution",
        "definition_en": "test",
        "definition_ar": "اختبار",
        "source": "test_source",
        "higher_is": "neutral",
    }


def write_tiny(folder: Path) -> Path:
    write_folder(tiny_tables(), MANIFEST, folder)
    return folder


# ---- miniature public source files, in the real files' layouts -------------------------------

GLOTIP_COLUMNS = [
    "Iso3_code",
    "Country",
    "Region",
    "Subregion",
    "Indicator",
    "Dimension",
    "Category",
    "Sex",
    "Age",
    "Year",
    "Unit of measurement",
    "txtVALUE",
    "Source",
]


def glotip_rows() -> list[list]:
    """Rows shaped like UNODC's file, covering each case the importer handles."""

    def row(
        iso, country, indicator, dimension, category, value, year=2022, sex="Total", age="Total"
    ):
        return [
            iso,
            country,
            "Asia",
            "Western Asia",
            indicator,
            dimension,
            category,
            sex,
            age,
            year,
            "Counts",
            value,
            "GLOTIP",
        ]

    return [
        row("BHR", "Bahrain", "Persons convicted", "Total", "Total", "38"),
        row("BHR", "Bahrain", "Persons prosecuted", "Total", "Total", "1,204"),
        row("BHR", "Bahrain", "Detected trafficking victims", "Total", "Total", "<5"),
        row("BHR", "Bahrain", "Detected trafficking victims", "Total", "Total", "3", sex="Female"),
        row(
            "BHR",
            "Bahrain",
            "Detected trafficking victims",
            "by form of exploitation",
            "Other forms of exploitation",
            "7",
        ),
        row(
            "BHR",
            "Bahrain",
            "Detected trafficking victims",
            "by form of exploitation",
            "Other forms of exploitation",
            "<5",
        ),
        row("BHR", "Bahrain", "Detected trafficking victims", "by citizenship", "Nepalese", "12"),
        row("BHR", "Bahrain", "Detected trafficking victims", "by citizenship", "Nepal", "<5"),
        row("BHR", "Bahrain", "Detected trafficking victims", "by citizenship", "Nationals", "2"),
        row(
            "BHR",
            "Bahrain",
            "Detected trafficking victims",
            "by citizenship",
            "Q6.1_10s_2022",
            "61,102,022",
        ),
        row(
            "BHR",
            "Bahrain",
            "Detected trafficking victims",
            "by country of repatriation",
            "Ukraine",
            "<5",
        ),
        row("BHR", "Bahrain", "Persons convicted", "by citizenship", "Nationals", "6,112,022"),
        row("JOR", "Jordan", "Persons prosecuted", "Total", "Total", "28", year=2019),
        row("JOR", "Jordan", "Persons convicted", "Total", "Total", "28", year=2019),
        row("JOR", "Jordan", "Persons prosecuted", "Total", "Total", "40", year=2020),
        row("JOR", "Jordan", "Persons convicted", "Total", "Total", "40", year=2020),
        row("JOR", "Jordan", "Persons prosecuted", "Total", "Total", "71", year=2021),
        row("JOR", "Jordan", "Persons convicted", "Total", "Total", "71", year=2021),
        row("JOR", "Jordan", "Detected trafficking victims", "Total", "Total", "407", sex="Female"),
        row("JOR", "Jordan", "Detected trafficking victims", "Total", "Total", "36", sex="Female"),
    ]


def write_reference(folder: Path) -> Path:
    """A reference-data folder with every file the build reads, each a few rows long."""
    (folder / "unodc_glotip").mkdir(parents=True)
    book = Workbook()
    sheet = book.active
    sheet.append(["UNODC data portal banner"])
    sheet.append([None])
    sheet.append(GLOTIP_COLUMNS)
    for r in glotip_rows():
        sheet.append(r)
    book.save(folder / "unodc_glotip" / "data_glotip.xlsx")

    wb = folder / "worldbank_population"
    wb.mkdir()
    years = [str(y) for y in range(1960, 2025)]
    header = ["Country Name", "Country Code", "Indicator Name", "Indicator Code", *years]
    lines = [
        '"Data Source","World Development Indicators",',
        "",
        '"Last Updated Date","2025-10-07",',
        "",
    ]
    lines.append(",".join(f'"{h}"' for h in header) + ",")
    for code, name, base in (
        ("BHR", "Bahrain", 1_000_000),
        ("JOR", "Jordan", 9_000_000),
        ("WLD", "World", 8e9),
    ):
        values = [str(int(base + i)) for i in range(len(years))]
        lines.append(
            ",".join(f'"{v}"' for v in [name, code, "Population, total", "SP.POP.TOTL", *values])
            + ","
        )
    (wb / "API_SP.POP.TOTL_DS2_en_csv_v2_1.csv").write_text(
        "\ufeff" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    (wb / "Metadata_Country_API_SP.POP.TOTL_DS2_en_csv_v2_1.csv").write_text(
        '\ufeff"Country Code","Region","IncomeGroup","SpecialNotes","TableName",\n'
        '"BHR","Middle East & North Africa","High income","","Bahrain",\n'
        '"JOR","Middle East & North Africa","Upper middle income","","Jordan",\n'
        '"NPL","South Asia","Lower middle income","","Nepal",\n',
        encoding="utf-8",
    )

    gsi = folder / "walkfree_gsi"
    gsi.mkdir()
    book = Workbook()
    summary = book.active
    summary.title = "GSI 2023 summary data"
    summary.append([None])
    summary.append(["Source: Walk Free 2023"])
    summary.append(
        [
            "Country",
            "Population",
            "Region",
            "Estimated prevalence of modern slavery per 1,000 population",
            "Estimated number of people in modern slavery",
            "Governance issues",
            "Lack of basic needs",
            "Inequality",
            "Disenfranchised groups",
            "Effects of conflict",
            "Total Vulnerability score (%)",
            "Survivors (%)",
            "Justice (%)",
            "Coordination (%)",
            "Risk (%)",
            "Supply (%)",
            "Government response total (%)",
        ]
    )
    summary.append(
        [
            "Bahrain",
            1700000,
            "Arab States",
            6.7,
            11000,
            1,
            2,
            3,
            4,
            5,
            40.5,
            50,
            60,
            70,
            40,
            10,
            52.5,
        ]
    )
    summary.append(
        [
            "Jordan",
            10200000,
            "Arab States",
            10.0,
            102000,
            1,
            2,
            3,
            4,
            5,
            45.1,
            None,
            None,
            None,
            None,
            None,
            None,
        ]
    )
    indicators = book.create_sheet("Govt response - Indicators")
    indicators.append([None])
    indicators.append(["Source"])
    from dashboard.importers.common import static_table

    codes = sorted(set(static_table("gsi_measures.csv")["code"]))
    indicators.append(["Region", "Country", *codes])
    indicators.append(["Arab States", "Bahrain", *[1] * len(codes)])
    indicators.append(["Arab States", "Jordan", *[0 if c != "M4224NEG" else -1 for c in codes]])
    indicators.append(["Arab States", None, *["=SUMIF(A:A,1)"] * len(codes)])
    book.save(gsi / "2023-Global-Slavery-Index-Data.xlsx")

    tip = folder / "tip_report"
    tip.mkdir()
    (tip / "tip_tiers_kelley_cho_2001_2015.csv").write_text(
        "countryname,iso,year,ccode,tier\nBahrain,BHR,2001,692.0,\nBahrain,BHR,2002,692.0,Tier 3\n"
        "Bahrain,BHR,2003,692.0,Watchlist\n",
        encoding="utf-8",
    )
    (tip / "tip_tiers_2016_2025.csv").write_text(
        "iso3,country,report_year,tier,evidence_url,note,source_kind\n"
        "BHR,Bahrain,2018,Tier 1,url,report text,TIP Report text or official copy\n"
        "JOR,Jordan,2019,Tier 2,url,news,secondary (news report of the TIP Report)\n",
        encoding="utf-8",
    )
    (tip / "documented_transit_routes.csv").write_text(
        "origin,transit,destination,form,victims_group,report,evidence,confidence,year\n"
        'NPL,JOR,BHR,labour,women,"US TIP Report 2018, Nepal narrative",text,explicit,2018\n'
        "NPL,JOR,Middle East (region),mixed/unspecified,migrants,"
        '"US TIP Report 2018",text,partial,2018\n',
        encoding="utf-8",
    )
    desa = folder / "undesa_migrant_stock"
    desa.mkdir()
    (desa / "UN_MigrantStockByOriginAndDestination_2017_wide.csv").write_text(
        "Year,MajorArea,Total,Other North,Other South,Nepal,Jordan,Channel Islands\n"
        "2017.0,WORLD,100,0,0,50,50,0\n"
        "2017.0,Bahrain,722649.0,0,0,62000.0,0,0\n"
        "2017.0,Jordan,3000000.0,0,0,1000,0,0\n"
        ",,,,,,,\n",
        encoding="utf-8",
    )
    return folder


# Labels of the reference UNODC release used only as citizenships, each in one shared string,
# and the made-up labels a test release puts in their place (real figures, unreal names).
UNKNOWN_LABELS = {"Ugandean": "Atlantean", "Somali": "Lilliputian", "Eritrean": "Erewhonian"}


def relabelled_release(path, renames=UNKNOWN_LABELS) -> bytes:
    """The reference UNODC release with some citizenship labels renamed, as bytes: its shared
    strings are edited in place, so every other byte of the workbook is as published."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/sharedStrings.xml":
                text = data.decode("utf-8")
                for old, new in renames.items():
                    assert text.count(f">{old}<") == 1, old
                    text = text.replace(f">{old}<", f">{new}<")
                data = text.encode("utf-8")
            copy.writestr(item, data)
    return out.getvalue()


def tiny_dataset(folder: Path, **changes: list[dict]):
    """The tiny dataset with some tables replaced by the rows given (e.g. `observations=[...]`,
    made with `obs`), written to `folder` and loaded: a Dataset, or an AssertionError that says
    why it is not valid."""
    from dashboard.dataset import load_dataset

    tables = tiny_tables()
    for name, rows in changes.items():
        tables[name] = sort_table(
            pd.DataFrame(rows, columns=tables[name].columns), TABLES_BY_NAME[name]
        )
    write_folder(tables, MANIFEST, folder)
    result = load_dataset(folder)
    assert result.dataset is not None, result.report.render()
    return result.dataset


obs = _obs


# -- flows tables, a row at a time ------------------------------------------------------------

FLOW_COLUMNS = list(TABLES_BY_NAME["flows"].column_names)


def flow(year, origin, destination, victims=None, *, kind=COUNTED, transit="", **kw):
    """One row of the flows table: a reported total count unless told otherwise."""
    row = dict.fromkeys(FLOW_COLUMNS, "")
    row.update(
        year=year,
        origin=origin,
        transit=transit,
        destination=destination,
        kind=kind,
        victims=victims,
        lower=None,
        upper=None,
        status="reported",
        form="total",
        sex="total",
        age="total",
        source="src",
    )
    row.update(kw)
    return row


def flow_frame(*rows) -> pd.DataFrame:
    """A flows table of these rows, its figures as floats as the dataset loads them."""
    out = pd.DataFrame(list(rows), columns=FLOW_COLUMNS)
    for column in ("victims", "lower", "upper"):
        out[column] = out[column].astype(float)
    return out


def withheld_flow(year, origin, destination):
    """A flow the source withheld: 1 to 4 victims."""
    return flow(year, origin, destination, None, status="suppressed", lower=1, upper=4)
