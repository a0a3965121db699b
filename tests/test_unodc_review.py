"""A UNODC release with labels nothing matches, prepared as the Secretariat page prepares it:
the labels are listed with their rows and victims, two are mapped, and the mapped flows are in
the proposal, recorded in its manifest for the next release; an unknown code is never used."""

from __future__ import annotations

import pytest

from dashboard.dataset import updates
from dashboard.importers import unodc
from dashboard.importers.build import UNODC_FILE
from tests.factories import UNKNOWN_LABELS, relabelled_release

pytestmark = pytest.mark.reference
LIMIT = 30 * 1024 * 1024


@pytest.fixture(scope="module")
def release(reference) -> bytes:
    return relabelled_release(reference / UNODC_FILE)


@pytest.fixture(scope="module")
def published(reference):
    """Victims detected by each renamed label, counted on the release's all-sexes-and-ages rows."""
    frame = unodc.read(reference / UNODC_FILE)
    rows = frame[
        (frame["Dimension"] == "by citizenship")
        & (frame["Indicator"] == "Detected trafficking victims")
        & (frame["Sex"] == "Total")
        & (frame["Age"] == "Total")
    ]
    values = unodc.parse_values(rows["txtVALUE"], rows["Year"])
    low = values["value"].fillna(values["lower"])
    return {new: int(low[rows["Category"] == old].sum()) for old, new in UNKNOWN_LABELS.items()}


def prepare(release, bundled, reference, aliases=None):
    return updates.prepare(
        "data_glotip.xlsx", release, bundled, 1, reference, LIMIT, aliases=aliases
    )


def test_unknown_labels_are_listed_then_two_are_mapped(release, bundled, reference, published):
    first = prepare(release, bundled, reference)
    assert first.ok  # the build goes on
    listed = {label: low for label, _, low, _ in first.unmatched}
    assert listed == published and all(published.values())

    mapping = {"Atlantean": "UGA", "Erewhonian": "ERI", "Lilliputian": "ZZZ"}  # ZZZ: no such code
    mapping["Nepalese"] = "UKR"  # the curated table's: never overridden, not recorded
    second = prepare(release, bundled, reference, mapping)
    assert second.ok
    assert [u[0] for u in second.unmatched] == ["Lilliputian"]
    assert second.aliases == {"Atlantean": "UGA", "Erewhonian": "ERI"}
    assert updates.label_aliases(second.manifest) == second.aliases
    flows = second.tables["flows"]
    mapped = flows[(flows.note == unodc.MAPPED) & (flows.sex == "total") & (flows.age == "total")]
    detected = mapped[mapped.kind == "detected_victims"]
    assert set(detected.origin) == {"UGA", "ERI"}
    assert int(detected.victims.fillna(detected.lower).sum()) == (
        published["Atlantean"] + published["Erewhonian"]
    )


def test_the_command_line_lists_and_maps_the_same_labels(
    reference, tiny, tmp_path, monkeypatch, capsys
):
    from dashboard.dataset import __main__ as cli
    from dashboard.dataset.store import DirectoryStore

    release = tmp_path / "data_glotip.xlsx"
    release.write_bytes(relabelled_release(reference / UNODC_FILE))
    monkeypatch.setenv("TIP_DASHBOARD_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("TIP_DASHBOARD_REFERENCE", str(reference))
    argv = ["apply", str(release), "--by", "A", "--comment", "release", "--accept-warnings"]
    code = cli.main([*argv, "--map", "Atlantean=uga"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "label 'Atlantean' mapped to UGA" in out
    assert "label 'Lilliputian' matches no country or region" in out
    assert "label 'Atlantean' matches" not in out
    store = DirectoryStore(tmp_path / "store", tiny)
    assert updates.label_aliases(store.read(store.current().id).manifest) == {"Atlantean": "UGA"}
