"""The README keeps up with the code: settings, commands and make targets are documented."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_two_commands_are_at_the_top():
    top = README.split("## Two commands", 1)[1].split("##", 1)[0]
    assert "make run" in top and "make test" in top


def test_every_make_target_is_real():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z-]+):", makefile, re.M))
    mentioned = set(re.findall(r"`make ([a-z-]+)", README))
    assert mentioned <= targets, mentioned - targets


def test_streamlit_config_keeps_the_browser_offline():
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["browser"]["gatherUsageStats"] is False
    assert settings["client"]["showErrorDetails"] == "none"


def test_every_pinned_package_is_explained():
    pinned = [
        line.split("==")[0].split("[")[0]  # without extras
        for name in ("requirements.txt", "requirements-dev.txt")
        for line in (ROOT / name).read_text().splitlines()
        if "==" in line
    ]
    explained = README.split("## Dependencies and why", 1)[1]
    missing = [p for p in pinned if p not in explained]
    assert missing == []


def test_streamlits_upload_endpoint_is_capped_like_the_deployment():
    import re
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    settings = tomllib.loads((root / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    nginx = (root / "deploy" / "nginx.conf.template").read_text(encoding="utf-8")
    body = int(re.search(r"client_max_body_size (\d+)m;", nginx).group(1))
    assert settings["server"]["maxUploadSize"] == body == 30  # megabytes, not Streamlit's 200


def test_every_file_the_architecture_and_layout_name_exists():
    """docs/architecture.md and the README's layout name real files and folders."""
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    layout = README.split("## Project layout", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"\b(dashboard/[\w/<>.]+\.py|dashboard/\w+/)", architecture + layout))
    named |= {f"dashboard/{m}" for m in re.findall(r"^  (\w+(?:\.py|/))", layout, re.M)}
    assert len(named) > 15
    missing = []
    for path in named:
        if "<page>" in path or "<name>" in path:
            pages = [path.replace("<page>", p).replace("<name>", p) for p in ("compare", "flows")]
            missing += [p for p in pages if not (ROOT / p).exists()]
        elif not (ROOT / path).exists():
            missing.append(path)
    assert missing == []
