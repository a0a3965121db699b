"""Every command the documentation gives can be run as written on a fresh clone: each names a
make target, a module, a script or a file that exists, and none relies on a bare `python` that
is not the project's environment."""

from __future__ import annotations

import functools
import importlib.util
import re
import shlex
import subprocess
import sys

import pytest

from tests.conftest import ROOT

DOCS = [ROOT / "README.md", ROOT / "data" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# Programs of the operating system that the documentation may name.
SYSTEM = {"apt-get", "git", "cd", "mkdir", "sudo", "bash"}
PLACEHOLDERS = re.compile(r"^(PATH|PID|SOURCE|TARGET|NAME|\.\.\.|[a-z-]+\.(xlsx|csv|svg|zip))$")


def commands() -> list[tuple[str, str]]:
    """(document, command) for each line of a shell block and each inline command."""
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for block in re.findall(r"```(?:sh|bash|shell)\n(.*?)```", text, re.S):
            for line in block.splitlines():
                line = line.split(" #", 1)[0].strip()
                if line and not line.startswith("#"):
                    found.append((str(doc.relative_to(ROOT)), line))
        for inline in re.findall(r"`((?:make|\.venv/bin/|python3? )[^`]*)`", text):
            found.append((str(doc.relative_to(ROOT)), " ".join(inline.split())))
    return found


COMMANDS = commands()


@functools.cache
def make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))


@functools.cache
def help_of(module: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", module, "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def check(command: str) -> None:
    words = shlex.split(command)
    program, args = words[0], words[1:]
    assert program not in {"python", "python3", "pip"}, "use .venv/bin/python (or a make target)"
    if program == "make":
        targets = [a for a in args if "=" not in a]
        assert set(targets) <= make_targets(), f"no make target {set(targets) - make_targets()}"
        return
    if program in SYSTEM:
        return
    assert program.startswith(".venv/bin/"), f"unknown program {program}"
    if program != ".venv/bin/python":
        assert (ROOT / program).exists(), f"{program} is not installed by the requirements"
        return
    if args[0] == "-m":
        module = args[1]
        assert importlib.util.find_spec(module) is not None, f"no module {module}"
        subcommand = next((a for a in args[2:] if not a.startswith("-")), None)
        if subcommand and module.startswith("dashboard."):
            assert re.search(rf"\b{re.escape(subcommand)}\b", help_of(module)), (
                f"{module} has no command {subcommand}"
            )
        rest = args[3:]
    else:
        assert (ROOT / args[0]).is_file(), f"no script {args[0]}"
        rest = args[1:]
    for arg in rest:  # paths into the project must exist
        top = arg.split("/", 1)[0]
        if "/" in arg and (ROOT / top).is_dir() and not PLACEHOLDERS.match(arg):
            assert (ROOT / arg).exists(), f"no {arg}"


def test_the_documentation_gives_commands():
    docs = {doc for doc, _ in COMMANDS}
    assert {"README.md", "data/README.md", "docs/dataset.md"} <= docs
    assert ("README.md", "make run") in COMMANDS and ("README.md", "make test") in COMMANDS


@pytest.mark.parametrize(("doc", "command"), COMMANDS, ids=[f"{d}:{c}" for d, c in COMMANDS])
def test_command_names_what_exists(doc, command):
    check(command)


@pytest.mark.parametrize(
    "wrong",
    [
        "python -m dashboard.dataset validate data",
        "make serve-everything",
        ".venv/bin/python -m dashboard.nothing",
        ".venv/bin/python deploy/nowhere.py",
        ".venv/bin/python -m dashboard.dataset vanish 3",
        ".venv/bin/python -m dashboard.dataset validate docs/missing.md",
    ],
)
def test_a_wrong_command_is_caught(wrong):
    with pytest.raises(AssertionError):
        check(wrong)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_notice_of_a_missing_dataset_gives_the_command_as_the_readme_does(lang):
    from dashboard.i18n import Locale

    text = Locale(lang).t("notice.dataset_missing", path="data", code_path="data")
    command = text.rsplit("`", 2)[1]  # a code span: copied as it is, with no invisible mark
    assert command == ".venv/bin/python -m dashboard.dataset validate data"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert ".venv/bin/python -m dashboard.dataset validate PATH" in readme
    check(command)
