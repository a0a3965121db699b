"""The dataset loader never raises on a damaged file: whatever replaces one of the tables (or
the manifest), it returns either a valid dataset or none with its errors listed."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.dataset import load_dataset
from tests.factories import write_tiny

FILES = ("countries.csv", "observations.csv", "flows.csv", "sources.csv", "datapackage.json")
TINY = Path(tempfile.mkdtemp(prefix="tiny-")) / "tiny"
write_tiny(TINY)

cells = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["BHR", "", "nan", "-1", "1e309", "2022", "suppressed", "total", '"', "\r"]),
)
csv_text = st.lists(st.lists(cells, min_size=1, max_size=8), max_size=12).map(
    lambda rows: "\n".join(",".join(row) for row in rows)
)
garbage = st.one_of(csv_text, st.binary(max_size=300).map(lambda b: b.decode("latin-1")))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(FILES), text=garbage, keep_header=st.booleans())
def test_a_damaged_file_is_reported_never_raised(name, text, keep_header):
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "data"
        shutil.copytree(TINY, copy)
        target = copy / name
        if keep_header and name.endswith(".csv"):
            header = target.read_text(encoding="utf-8").splitlines()[0]
            text = header + "\n" + text
        target.write_bytes(text.encode("utf-8", "surrogatepass"))
        result = load_dataset(copy)
        assert (result.dataset is None) == (result.report.error_count > 0)


def test_a_manifest_that_is_json_but_not_an_object_is_reported():
    """Found by the fuzzing above: '0' or '1' is valid JSON, but no manifest."""
    for text in ("1", "[]", '"x"', "null"):
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "data"
            shutil.copytree(TINY, copy)
            (copy / "datapackage.json").write_text(text, encoding="utf-8")
            result = load_dataset(copy)
            assert result.dataset is None
            assert "not a JSON object" in result.report.render()
