"""UNODC Global Report on Trafficking in Persons data (`data_glotip.xlsx`).

Country totals and their splits become `observations`; victims by citizenship become
`detected_victims` flows into the reporting country; victims by country of repatriation become
`repatriated_victims` flows out of it. `<5` is a suppressed count between 1 and 4, never 0.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import ftfy
import numpy as np
import pandas as pd
import pycountry

from dashboard.importers.common import BuildLog, combine_parts, static_table

SOURCE = "unodc_glotip"
LOG = "UNODC GLOTIP"

INDICATORS = {
    "Detected trafficking victims": "victims_detected",
    "Persons prosecuted": "persons_prosecuted",
    "Persons convicted": "persons_convicted",
    "Persons brought into formal contact": "persons_formal_contact",
    "Offences of trafficking in persons": "offences",
}
SEXES = {
    "Total": "total",
    "Female": "female",
    "Male": "male",
    "Other": "other",
    "Unknown": "unknown",
}
AGES = {
    "Total": "total",
    "18 years or over": "adult",
    "0 to 17 years": "child",
    "Unknown": "unknown",
}
FORMS = {
    "Total": "total",
    "Sexual exploitation": "sexual_exploitation",
    "Forced labour": "forced_labour",
    "Other forms of exploitation": "other",
}
# Arabic for the notes of the alias table (static/unodc_citizenship.csv).
NOTES_AR = {
    "": "",
    "mapped by the secretariat on the review screen": "ربطته الأمانة بالبلد في شاشة المراجعة",
    "citizenship not stated": "الجنسية غير محددة",
    "no label given: citizenship not stated": "بلا تسمية: الجنسية غير محددة",
    "nationals of the reporting country": "مواطنو البلد المُبلِّغ",
    "repatriated from abroad, country not stated": "أُعيدوا من الخارج، البلد غير محدد",
    "foreign nationals, country not stated": "رعايا أجانب، البلد غير محدد",
    "other countries, not itemised": "بلدان أخرى غير مفصّلة",
    "label mixes Niger (3) and Tunisia (1); kept as not itemised": (
        "التسمية تجمع النيجر (3) وتونس (1)؛ أُبقيت غير مفصّلة"
    ),
    "label gives a count of Malian nationals": "التسمية تذكر عدداً من رعايا مالي",
    "read as Nigerien (Niger)": "قُرئت بمعنى النيجر",
    "European countries not itemised": "بلدان أوروبية غير مفصّلة",
}
# Flag a country's prosecuted and convicted series when they are identical this many years.
IDENTICAL_YEARS = 3
OBS_KEY = ["iso3", "year", "indicator", "sex", "age", "form"]
FLOW_KEY = ["year", "origin", "destination", "kind", "form", "sex", "age"]


def read(path: Path) -> pd.DataFrame:
    """The sheet as text. Its header is on the third row (the first two are a banner)."""
    frame = pd.read_excel(path, header=2, dtype=str, keep_default_na=False)
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


AR_MONTHS = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)


def release_date(path: Path) -> pd.Timestamp | None:
    """The release date UNODC writes in the file's banner (second row, e.g. 14/04/2025)."""
    banner = pd.read_excel(path, header=None, nrows=2, usecols=[0], dtype=str)
    found = pd.to_datetime(banner.iloc[-1, 0], dayfirst=True, errors="coerce")
    return None if pd.isna(found) else found


def edition(sources: pd.DataFrame, path: Path, frame: pd.DataFrame) -> pd.DataFrame:
    """The UNODC source row as the release itself says it: its date and the years it covers,
    so that the dataset's version, source lines and slides name the edition that was read."""
    date = release_date(path)
    years = pd.to_numeric(frame["Year"], errors="coerce").dropna().astype(int)
    if date is None or years.empty:
        return sources
    out = sources.copy()
    row = out["source"] == SOURCE
    en = f"{date.day} {date.strftime('%B')} {date.year}"
    ar = f"{date.day} {AR_MONTHS[date.month - 1]} {date.year}"
    span = f"{years.min()}-{years.max()}"
    out.loc[row, "citation_en"] = f"UNODC, Global Report on Trafficking in Persons (data of {en})"
    out.loc[row, "citation_ar"] = (
        f"مكتب الأمم المتحدة المعني بالمخدرات والجريمة، التقرير العالمي عن الاتجار بالأشخاص "
        f"(بيانات {ar})"
    )
    out.loc[row, "edition"] = f"GLOTIP export of {en} (years {span})"
    out.loc[row, "accessed"] = date.strftime("%Y-%m-%d")
    return out


def parse_values(text: pd.Series, years: pd.Series) -> pd.DataFrame:
    """Value, lower, upper, status and whether the cell is an artefact, for each text cell."""
    text = text.astype(str).str.strip()
    suppressed = text == "<5"
    digits = text.str.replace(",", "", regex=False)
    numeric = digits.str.fullmatch(r"\d+")
    value = pd.to_numeric(digits.where(numeric), errors="coerce")
    # Questionnaire dates leaked into some cells as numbers ("6,112,019" for 6.11.2019).
    ends_with_year = pd.Series(
        [d.endswith(y) for d, y in zip(digits, years.astype(str), strict=True)], index=text.index
    )
    date_like = numeric & (digits.str.len() >= 7) & ends_with_year
    artefact = (~suppressed & ~numeric) | date_like
    return pd.DataFrame(
        {
            "value": value.where(numeric & ~date_like),
            "lower": np.where(suppressed, 1.0, np.nan),
            "upper": np.where(suppressed, 4.0, np.nan),
            "status": np.where(suppressed, "suppressed", "reported"),
            "artefact": artefact,
        },
        index=text.index,
    )


def _shown(values: pd.Series, separator: str = "; ") -> str:
    """The parts of a cell as a list: "; " in an English note, the Arabic comma in an Arabic
    one (a Latin semicolon between Arabic words reads as a stray mark)."""
    return separator.join("<5" if pd.isna(v) else f"{v:g}" for v in values.tolist())


def _shown_ar(values: pd.Series) -> str:
    return _shown(values, "، ")


def _cap(group: pd.DataFrame, total: tuple[float, float] | None, parts: str, parts_ar: str):
    """A sum of parts held within its total (value, lower, upper, status, note, note_ar,
    reason), or None when the sum fits. The sub-form rows of 'other' carry no label of their
    own, so two equal rows may be one row listed twice: the sum is then a range from the
    largest part to the total. Where one part alone exceeds the total, UNODC's own figures
    disagree: the sum is kept as published, flagged."""
    if total is None:
        return None
    low = group["value"].fillna(group["lower"])
    high = group["value"].fillna(group["upper"])
    top = total[1]
    if pd.isna(top) or high.sum() <= top:
        return None
    if low.max() > top:
        value, lower, upper, status = combine_parts(group["value"], low, high)
        return (
            value,
            lower,
            upper,
            "flagged",
            f"sum of {len(group)} rows ({parts}); a part alone exceeds the total of {top:g}: "
            "as published by UNODC",
            f"مجموع {len(group)} صفوف ({parts_ar})؛ جزء منها وحده يزيد على المجموع الكلي {top:g}: "
            "كما نشره مكتب الأمم المتحدة المعني بالمخدرات والجريمة",
            "rows with a part above the total, summed as published and flagged",
        )
    lower = float(low.sum()) if low.sum() <= top else float(low.max())
    exact = lower == top
    status = "flagged" if low.sum() > top else "suppressed"
    return (
        top if exact else np.nan,
        np.nan if exact else lower,
        np.nan if exact else top,
        "flagged" if exact else status,
        f"{len(group)} rows ({parts}) add up to more than the total ({top:g}); "
        "held within the total",
        f"مجموع {len(group)} صفوف ({parts_ar}) يزيد على المجموع الكلي ({top:g})؛ أُبقي ضمن المجموع",
        "rows whose sum exceeds the total, held within it",
    )


def _collapse(
    frame: pd.DataFrame,
    key: list[str],
    log: BuildLog,
    what: str,
    totals: dict[tuple, tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """One row per key, by the rules written in docs/dataset.md ("Repeated rows"):

    - equal repeats (same value, whatever their labels) count once: UNODC lists some cells
      twice, and some domestic flows under both "Nationals" and the country's demonym;
    - different sub-forms of 'other' (or alias labels) are summed, but a part is never above
      its total: a sum above the cell's total becomes a range from the largest part to the total;
    - other repeats with different values are kept as a flagged range.
    """
    repeated = frame.duplicated(key, keep=False)
    single = frame[~repeated]
    groups = []
    for cell, group in frame[repeated].groupby(key, sort=False):
        row = group.iloc[0].copy()
        labels = sorted(set(group.get("label", pd.Series(dtype=str))) - {""})
        values = group["value"].fillna(-1).unique()
        if len(values) == 1 and row["form"] != "other":
            if len(labels) > 1:
                row["note"] = f"one flow listed under {len(labels)} labels: {', '.join(labels)}"
                row["note_ar"] = f"تدفق واحد مدرج تحت {len(labels)} تسميات: {'، '.join(labels)}"
                log.exclude(
                    LOG,
                    f"{what}: one flow listed under two labels (e.g. Nationals and the "
                    "country's demonym), counted once",
                    len(group) - 1,
                    group.iloc[1:],
                )
            else:
                log.exclude(
                    LOG,
                    f"{what}: exact repeat of another row, counted once",
                    len(group) - 1,
                    group.iloc[1:],
                )
        elif row["form"] == "other" or len(labels) > 1:
            value, lower, upper, status = combine_parts(
                group["value"],
                group["value"].fillna(group["lower"]),
                group["value"].fillna(group["upper"]),
            )
            row["value"], row["lower"], row["upper"], row["status"] = value, lower, upper, status
            parts, parts_ar = _shown(group["value"]), _shown_ar(group["value"])
            if len(labels) > 1:
                row["note"] = f"sum of rows labelled {', '.join(labels)} ({parts})"
                row["note_ar"] = f"مجموع صفوف وردت بالتسميات {'، '.join(labels)} ({parts_ar})"
            else:
                row["note"] = f"sum of {len(group)} sub-forms listed as 'other forms' ({parts})"
                row["note_ar"] = (
                    f"مجموع {len(group)} من الأشكال الفرعية المدرجة تحت «أشكال أخرى» ({parts_ar})"
                )
            total = (totals or {}).get(cell[:-1] if what == "observations" else None)
            capped = _cap(group, total, parts, parts_ar)
            if capped is not None:
                row["value"], row["lower"], row["upper"], row["status"] = capped[:4]
                row["note"], row["note_ar"], reason = capped[4:]
                log.flag(LOG, f"{what}: {reason}", len(group), group)
            else:
                log.flag(
                    LOG,
                    f"{what}: rows summed into one (sub-forms or alias labels)",
                    len(group),
                    group,
                )
        else:
            row["value"] = np.nan
            row["lower"] = group["value"].fillna(group["lower"]).min()
            row["upper"] = group["value"].fillna(group["upper"]).max()
            row["status"] = "flagged"
            shown = _shown(group["value"])
            row["note"] = f"the source gives {len(group)} different values for this cell: {shown}"
            row["note_ar"] = (
                f"يذكر المصدر {len(group)} قيم مختلفة لهذه الخانة: {_shown_ar(group['value'])}"
            )
            log.flag(
                LOG, f"{what}: conflicting values for one cell, kept as a range", len(group), group
            )
        groups.append(row)
    if groups:
        return pd.concat([single, pd.DataFrame(groups)], ignore_index=True)
    return single.reset_index(drop=True)


def observations(frame: pd.DataFrame, known: set[str], log: BuildLog) -> pd.DataFrame:
    """Country totals and their splits by sex, age and form of exploitation."""
    rows = frame[frame["Dimension"].isin(["Total", "by form of exploitation"])].copy()
    unknown_country = ~rows["Iso3_code"].isin(known)
    for name in sorted(set(rows.loc[unknown_country, "Country"])):
        log.notes.append(f"UNODC reporting entity '{name}' has no ISO code; its rows are left out")
    log.exclude(
        LOG,
        "reporting entity without an ISO 3166 code (Sark)",
        int(unknown_country.sum()),
        rows[unknown_country],
    )
    rows = rows[~unknown_country]
    parsed = parse_values(rows["txtVALUE"], rows["Year"])
    log.exclude(
        LOG,
        "value is not a count (questionnaire artefact)",
        int(parsed["artefact"].sum()),
        rows[parsed["artefact"].to_numpy()],
    )
    out = pd.DataFrame(
        {
            "iso3": rows["Iso3_code"],
            "year": rows["Year"].astype(int),
            "indicator": rows["Indicator"].map(INDICATORS),
            "sex": rows["Sex"].map(SEXES),
            "age": rows["Age"].map(AGES),
            "form": np.where(rows["Dimension"] == "Total", "total", rows["Category"].map(FORMS)),
        }
    ).join(parsed)
    out = out[~out.pop("artefact")]
    out["source"] = SOURCE
    out["note"] = ""
    out["note_ar"] = ""
    whole = out[out["form"] == "total"].drop_duplicates(OBS_KEY[:-1])
    top = whole["value"].fillna(whole["upper"])
    totals = dict(
        zip(
            map(tuple, whole[OBS_KEY[:-1]].to_numpy().tolist()),
            zip(whole["value"], top, strict=True),
            strict=True,
        )
    )
    out = _collapse(out, OBS_KEY, log, "observations", totals)
    out = flag_identical_series(out, log)
    return out


def flag_identical_series(out: pd.DataFrame, log: BuildLog) -> pd.DataFrame:
    """Flag prosecuted and convicted series that are identical for several years (e.g. Jordan)."""
    totals = out[(out["sex"] == "total") & (out["age"] == "total") & (out["form"] == "total")]
    wide = totals.pivot_table(
        index=["iso3", "year"], columns="indicator", values="value", aggfunc="first"
    )
    if not {"persons_prosecuted", "persons_convicted"} <= set(wide.columns):
        return out
    same = wide["persons_prosecuted"].notna() & (
        wide["persons_prosecuted"] == wide["persons_convicted"]
    )
    same_years = same[same].reset_index().groupby("iso3")["year"].apply(sorted)
    for iso3, years in same_years.items():
        if len(years) < IDENTICAL_YEARS:
            continue
        span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
        target = (
            (out["iso3"] == iso3)
            & out["indicator"].isin(["persons_prosecuted", "persons_convicted"])
            & out["year"].isin(years)
            & (out["sex"] == "total")
            & (out["age"] == "total")
            & (out["form"] == "total")
        )
        out.loc[target, "status"] = "flagged"
        out.loc[target, "note"] = (
            f"persons prosecuted and persons convicted are identical in the source for "
            f"{len(years)} years ({span}); they may be one figure reported twice"
        )
        out.loc[target, "note_ar"] = (
            f"تتطابق أعداد الأشخاص الملاحَقين قضائياً والمدانين في المصدر لمدة {len(years)} "
            f"سنوات ({span})؛ قد يكون الرقم نفسه أُبلغ عنه مرتين"
        )
        log.flag(
            LOG, f"{iso3}: identical prosecuted and convicted series", int(target.sum()), [span]
        )
    return out


# Questionnaire item codes (e.g. "Q6.1_10s_2019") that leaked into the Category column.
QUESTIONNAIRE = re.compile(r"^Q\d+(\.\d+)*_")
ARTEFACT = ("EXCLUDE", "questionnaire item code, not a citizenship")


# A count written before a nationality ("97 albanian"): the label is the nationality.
COUNTED = re.compile(r"^\d[\d,.]*\s+(?=\D)")


def fold(label: str) -> str:
    """A label as it is compared: mis-encoded text repaired (ftfy: "CÃ´te" -> "Côte"), accents
    and case folded, spaces collapsed. A character lost in encoding (U+FFFD) stays, and is
    matched as any one character."""
    text = ftfy.fix_text(str(label))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(text.split())


MAPPED = "mapped by the secretariat on the review screen"
LANGUAGES = ("en", "fr", "es")  # the languages UNODC's questionnaires come back in


def iso_names() -> dict[str, str]:
    """Every country's ISO 3166 names (short, common and official) in English, French and
    Spanish, folded, to its alpha-3 code (pycountry's translations of the standard). A folded
    name two countries share is left out: it names neither for certain."""
    found: dict[str, set[str]] = {}
    for lang in LANGUAGES:
        local = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=lang == "en"
        )
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                name = getattr(country, attr, None)
                if name:
                    found.setdefault(fold(local.gettext(name)), set()).add(country.alpha_3)
    return {key: codes.pop() for key, codes in found.items() if len(codes) == 1}


class Aliases(dict):
    """The alias table (label -> (code, note)), with the secretariat's own mappings kept apart
    in `mapped`: `resolve` reads them only for a label the curated rules leave unresolved, so a
    mapping can add a label but never change what the curated table says."""

    mapped: dict[str, tuple[str, str]]


def _with_folded(
    exact: dict[str, tuple[str, str]], folded: dict[str, tuple[str, str]]
) -> dict[str, tuple[str, str]]:
    """Exact labels, then their folded forms, over `folded`; a folded spelling two codes share
    is left out (only its exact labels count)."""
    folded = dict(folded)
    clash: set[str] = set()
    kept: dict[str, tuple[str, str]] = {}
    for label, mapped in exact.items():
        key = fold(label)
        if kept.get(key, mapped)[0] != mapped[0]:
            clash.add(key)  # two codes for one folded spelling: only the exact label counts
        kept.setdefault(key, mapped)
    folded.update({k: v for k, v in kept.items() if k not in clash})
    for key in clash:
        folded.pop(key, None)
    return {**folded, **exact}


def aliases(extra: Mapping[str, str] | None = None) -> Aliases:
    """Label -> (code, note): the alias table (static/unodc_citizenship.csv, data kept by hand:
    exact labels, then their folded forms), over ISO names in UNODC's three languages. `extra`
    (label -> code, mapped by the secretariat on the review screen) is kept apart and used only
    for labels these curated rules do not resolve (see `resolve`)."""
    table = static_table("unodc_citizenship.csv")
    exact = {row.label: (row.code, row.note) for row in table.itertuples()}
    curated = Aliases(_with_folded(exact, {k: (code, "") for k, code in iso_names().items()}))
    mapped = {label: (code, MAPPED) for label, code in (extra or {}).items()}
    curated.mapped = _with_folded(mapped, {}) if mapped else {}
    return curated


# How a release names a group of countries it does not itemise: "M49 Region: Africa",
# "Asia others", "Other Asia". The region is what is left once these words are taken away.
REGION_WORDS = re.compile(r"^m49 region\s*:\s*|\bothers?\b|\bcountries\b|[,:]", re.IGNORECASE)


def regions(table: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """The alias table's regions (codes X..), by their name without the words of REGION_WORDS
    ("Africa others" -> "africa"); a name two regions share is left out."""
    found: dict[str, set[tuple[str, str]]] = {}
    for label, mapped in table.items():
        if mapped[0].startswith("X") and mapped[0] not in ("XUN", "XKX"):  # not Kosovo
            found.setdefault(_region_key(label), set()).add(mapped)
    return {k: v.pop() for k, v in found.items() if k and len({m[0] for m in v}) == 1}


_REGIONS: dict[int, tuple[dict, dict]] = {}


def _regions(table: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    held = _REGIONS.get(id(table))
    if held is None or held[0] is not table:
        if len(_REGIONS) >= 4:  # a curated table and its mappings are read in turn
            _REGIONS.clear()
        held = _REGIONS[id(table)] = (table, regions(table))
    return held[1]


def _region_key(label: str) -> str:
    return " ".join(REGION_WORDS.sub(" ", fold(label)).split())


def resolve(label: str, table: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The code and note for a citizenship label, or None when nothing maps it: the exact
    label, then its folded form, then without a leading count, then with a lost character
    matched as any one character when only one code fits. Never a guess beyond that. The
    secretariat's mappings (`Aliases.mapped`) are read the same way, only when all of this
    finds nothing."""
    found = _resolve(label, table)
    mapped = getattr(table, "mapped", None)
    if found is None and mapped:
        found = _resolve(label, mapped)
    return found


def _resolve(label: str, table: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    if label in table:
        return table[label]
    if QUESTIONNAIRE.match(label):
        return ARTEFACT
    key = fold(label)
    for candidate in (key, COUNTED.sub("", key)):
        if candidate in table:
            return table[candidate]
    region = _regions(table).get(_region_key(label))
    if region is not None and _region_key(label) != key:  # it said "other", "M49 Region"...
        return region
    if "\ufffd" in key:
        pattern = re.compile(re.escape(key).replace("\ufffd", "."))
        codes = {table[k] for k in table if pattern.fullmatch(k)}
        if len({c[0] for c in codes}) == 1:
            return sorted(codes)[0]
    return None


def unmapped_labels(frame: pd.DataFrame) -> list[str]:
    """Citizenship or repatriation labels that the alias table does not map."""
    table = aliases()
    labels = frame.loc[
        frame["Dimension"].isin(["by citizenship", "by country of repatriation"]), "Category"
    ]
    return sorted(label for label in set(labels) if resolve(label, table) is None)


def _report_unmatched(rows: pd.DataFrame, log: BuildLog) -> None:
    if rows.empty:
        return
    log.exclude(
        LOG, "flow label that no alias matches (left out, listed in the notes)", len(rows), rows
    )
    parsed = parse_values(rows["txtVALUE"], rows["Year"])
    # Victims are counted on the rows of all sexes and ages only: the rows by sex or age split
    # the same victims again.
    whole = ((rows["Sex"] == "Total") & (rows["Age"] == "Total")).to_numpy()
    for label, group in parsed.groupby(rows["Category"].to_numpy(), sort=True):
        total = group[whole[rows.index.get_indexer(group.index)]]
        low = int(total["value"].fillna(total["lower"]).sum())
        high = int(total["value"].fillna(total["upper"]).sum())
        victims = f"{low:,}" if low == high else f"{low:,}-{high:,}"
        log.unmatched.append((str(label), len(group), low, high))
        log.notes.append(
            f"UNODC label {label!r} matches no alias: {len(group)} rows, {victims} victims left "
            "out of the flows; add it to the alias table to include them"
        )


def flows(
    frame: pd.DataFrame, known: set[str], log: BuildLog, extra: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Victims by citizenship (into the reporter) and by country of repatriation (out of it);
    `extra` maps labels the alias table does not (see `aliases`)."""
    table = aliases(extra)
    rows = frame[frame["Dimension"].isin(["by citizenship", "by country of repatriation"])].copy()
    convicted = rows["Indicator"] != "Detected trafficking victims"
    log.exclude(
        LOG,
        "persons convicted by citizenship (offenders, not a victim flow)",
        int(convicted.sum()),
        rows[convicted],
    )
    rows = rows[~convicted]
    stranger = ~rows["Iso3_code"].isin(known)
    log.exclude(
        LOG,
        "flow row of a reporting entity without an ISO 3166 code (Sark)",
        int(stranger.sum()),
        rows[stranger],
    )
    rows = rows[~stranger]
    # A blank label is never a citizenship. Where its value repeats the reporter's total for
    # the year (Bolivia 2018: 332, beside 26 "not stated") it is that total and is left out;
    # otherwise it is kept as "citizenship not stated", as the alias table says.
    blank = rows["Category"].str.strip() == ""
    whole = frame[(frame["Dimension"] == "Total") & (frame["Category"] == "Total")]
    whole = whole.drop_duplicates(["Iso3_code", "Year", "Indicator", "Sex", "Age"])
    key = ["Iso3_code", "Year", "Indicator", "Sex", "Age"]
    same = rows[key].merge(whole[[*key, "txtVALUE"]], on=key, how="left")["txtVALUE"]
    is_total = blank & (same.to_numpy() == rows["txtVALUE"].to_numpy())
    log.exclude(
        LOG,
        "flow row with a blank label whose value is the reporter's total (not a citizenship)",
        int(is_total.sum()),
        rows[is_total],
    )
    rows = rows[~is_total]
    found = {label: resolve(label, table) for label in set(rows["Category"])}
    resolved = rows["Category"].map(found)
    # A label nothing matches is left out of the flows, never guessed, and reported with its
    # rows and victims so that the data manager can add it to the alias table and re-run.
    unmatched = resolved.isna()
    _report_unmatched(rows[unmatched], log)
    rows, resolved = rows[~unmatched], resolved[~unmatched]
    code = resolved.str[0]
    excluded = code == "EXCLUDE"
    for note, count in resolved[excluded].str[1].value_counts().items():
        which = rows[excluded.to_numpy() & (resolved.str[1] == note).to_numpy()]
        log.exclude(LOG, f"flow label: {note}", int(count), which)
    rows, code = rows[~excluded], code[~excluded]
    partner = code.where(code != "SELF", rows["Iso3_code"])
    parsed = parse_values(rows["txtVALUE"], rows["Year"])
    log.exclude(
        LOG,
        "flow value is not a count (questionnaire artefact)",
        int(parsed["artefact"].sum()),
        rows[parsed["artefact"].to_numpy()],
    )
    repatriation = rows["Dimension"] == "by country of repatriation"
    out = pd.DataFrame(
        {
            "year": rows["Year"].astype(int),
            "origin": partner.where(~repatriation, rows["Iso3_code"]),
            "transit": "",
            "destination": rows["Iso3_code"].where(~repatriation, partner),
            "kind": np.where(repatriation, "repatriated_victims", "detected_victims"),
            "form": "total",
            "sex": rows["Sex"].map(SEXES),
            "age": rows["Age"].map(AGES),
            "label": rows["Category"],
        }
    ).join(parsed)
    out = out[~out.pop("artefact")]
    out["note"] = resolved.str[1].reindex(out.index).fillna("")
    out["note_ar"] = out["note"].map(lambda n: NOTES_AR.get(n, ""))
    out = _collapse(out, FLOW_KEY, log, "flows")
    out = out.drop(columns="label").rename(columns={"value": "victims"})
    out["source"] = SOURCE
    out["confidence"] = ""
    return out
