"""Settings read from the environment (documented in README.md, "Configuration")."""

from __future__ import annotations

import logging
import math
import os
from pathlib import Path

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
_WARNED: set[tuple[str, str]] = set()


def _unusable(name: str, value: str, fallback: str) -> None:
    """Log, once per process and value, that a setting could not be used and what is used."""
    if (name, value) not in _WARNED:
        _WARNED.add((name, value))
        log.warning("$%s=%r cannot be used; %s is used instead", name, value, fallback)


def _megabytes(name: str, default: float) -> float:
    """A size in MB from `$name`: a number above 0; unset, the default; anything else (not a
    number, 0 or below, infinite) the default too, with a warning in the log."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = math.nan
    if not math.isfinite(megabytes) or megabytes <= 0:
        _unusable(name, value, f"the default {default:g} MB")
        return default
    return megabytes


DATA_ENV = "TIP_DASHBOARD_DATA"


def data_setting() -> Path | None:
    """The dataset `$TIP_DASHBOARD_DATA` names, if any (it is served whatever the store holds;
    `dashboard.dataset.store.data_path` gives the dataset served)."""
    value = os.environ.get(DATA_ENV, "").strip()
    return Path(value) if value else None


def bundled_path() -> Path:
    return ROOT / "data"


STORE_ENV = "TIP_DASHBOARD_STORE"


def store_path() -> Path:
    """Where dataset versions are kept: `$TIP_DASHBOARD_STORE`, else `var/store/` (ignored by
    git). The bundled dataset is version 1. A `postgresql://` URL there means a database
    (`dashboard.dataset.store.configured()`), shared by processes on several machines."""
    value = os.environ.get(STORE_ENV, "").strip()
    return Path(value) if value else ROOT / "var" / "store"


def store_location() -> str:
    """The store as `$TIP_DASHBOARD_STORE` gives it: a folder or a `postgresql://` URL."""
    return os.environ.get(STORE_ENV, "").strip() or str(store_path())


def store_is_database() -> bool:
    return os.environ.get(STORE_ENV, "").strip().startswith(("postgresql://", "postgres://"))


CACHE_ENV = "TIP_DASHBOARD_CACHE"


def cache_path() -> Path:
    """Where versions from a database store are unpacked for serving: `$TIP_DASHBOARD_CACHE`,
    else `var/cache/` (ignored by git; safe to delete while the app is stopped)."""
    value = os.environ.get(CACHE_ENV, "").strip()
    return Path(value) if value else ROOT / "var" / "cache"


REFERENCE_ENV = "TIP_DASHBOARD_REFERENCE"


def reference_path() -> Path:
    """The public source files (needed to apply a new UNODC release): `$TIP_DASHBOARD_REFERENCE`,
    else `../shared/reference-data` beside the project."""
    value = os.environ.get(REFERENCE_ENV, "").strip()
    return Path(value) if value else ROOT.parent / "shared" / "reference-data"


UPLOAD_ENV = "TIP_DASHBOARD_UPLOAD_MB"


UPLOAD_MB = 25


def upload_limit_bytes() -> int:
    """The largest file the secretariat may upload: `$TIP_DASHBOARD_UPLOAD_MB` (default 25) MB
    of 1,000,000 bytes; a value that is not a number above 0 gives the default (logged)."""
    return int(_megabytes(UPLOAD_ENV, UPLOAD_MB) * 1_000_000)


KEY_ENV = "TIP_DASHBOARD_SECRETARIAT_KEY"


def secretariat_key() -> str:
    """The secretariat's passphrase: `$TIP_DASHBOARD_SECRETARIAT_KEY`, else `secretariat_key`
    in Streamlit's secrets. Empty: no secretariat page, the app is read-only."""
    value = os.environ.get(KEY_ENV, "").strip()
    if value:
        return value
    try:
        import streamlit as st

        return str(st.secrets.get("secretariat_key", "")).strip()
    except Exception:  # no secrets file, or not running under Streamlit
        return ""


RULES_ENV = "TIP_DASHBOARD_RULES"


def rules_path() -> Path:
    """The tracker's rules: `$TIP_DASHBOARD_RULES`, else `data/tracker_rules.csv`."""
    value = os.environ.get(RULES_ENV, "").strip()
    return Path(value) if value else ROOT / "data" / "tracker_rules.csv"


def assets_path() -> Path:
    return ROOT / "assets"


DECKS_ENV = "TIP_DASHBOARD_DECKS"


def decks_path() -> Path:
    """The presentation decks (YAML): `$TIP_DASHBOARD_DECKS`, else `data/decks/`."""
    value = os.environ.get(DECKS_ENV, "").strip()
    return Path(value) if value else ROOT / "data" / "decks"


MAX_FILE_ENV = "TIP_DASHBOARD_MAX_FILE_MB"
MAX_FILE_MB = 200  # the bundled dataset's largest file is about 10 MB


def max_file_bytes() -> int:
    """The largest dataset file (one CSV of a folder, or a workbook) read before it is refused:
    `$TIP_DASHBOARD_MAX_FILE_MB` (default 200) MB of 1,048,576 bytes, raised only for a much
    larger served dataset; a value that is not a number above 0 gives the default (logged)."""
    return int(_megabytes(MAX_FILE_ENV, MAX_FILE_MB) * 1024 * 1024)


PAUSE_ENV = "TIP_DASHBOARD_TEST_PAUSE"


def test_pause(stage: str) -> float:
    """For the store's crash tests only: `$TIP_DASHBOARD_TEST_PAUSE=stage:seconds` makes a
    writer wait at that stage, so a test can kill it there. 0 everywhere else, and for seconds
    that are not a number of 0 or more (logged)."""
    setting = os.environ.get(PAUSE_ENV, "")
    if not setting.startswith(stage + ":"):
        return 0.0
    try:
        seconds = float(setting.split(":", 1)[1])
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        _unusable(PAUSE_ENV, setting, "no pause")
        return 0.0
    return seconds
