"""Settings read from the environment (documented in README.md, "Configuration")."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_ENV = "TIP_DASHBOARD_DATA"


def data_path() -> Path:
    """The dataset the app serves: `$TIP_DASHBOARD_DATA`, else the bundled `data/` folder."""
    value = os.environ.get(DATA_ENV, "").strip()
    return Path(value) if value else ROOT / "data"


RULES_ENV = "TIP_DASHBOARD_RULES"


def rules_path() -> Path:
    """The tracker's rules: `$TIP_DASHBOARD_RULES`, else `data/tracker_rules.csv`."""
    value = os.environ.get(RULES_ENV, "").strip()
    return Path(value) if value else ROOT / "data" / "tracker_rules.csv"


def assets_path() -> Path:
    return ROOT / "assets"
