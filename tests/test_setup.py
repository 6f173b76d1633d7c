"""The set-up behind `make serve` and `make test`: pinned dependencies, idempotence, and a
clear message on systems without apt-get."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT

ENSURE = ROOT / ".ci" / "ensure-tools"


def test_every_python_dependency_is_pinned_exactly():
    lines = [line for line in (ROOT / "requirements.txt").read_text().splitlines() if line and not line.startswith("#")]
    assert len(lines) > 40, "requirements.txt pins the whole tree, not only the direct dependencies"
    for line in lines:
        assert re.fullmatch(r"[A-Za-z0-9_.\[\],-]+==[\w.+-]+", line), f"not an exact pin: {line}"
    pins = {pin.split("==")[0].lower(): pin.split("==")[1] for pin in lines}
    assert pins["mkdocs"].startswith("1.") and int(pins["mkdocs"].split(".")[1]) >= 6
    assert pins["mkdocs-material"].startswith("9.")


def test_direct_dependencies_are_all_pinned():
    direct = [re.split(r"[<>=\[ ]", line)[0].lower() for line in (ROOT / "requirements.in").read_text().splitlines() if line and not line.startswith("#")]
    pinned = {line.split("==")[0].lower().replace("_", "-") for line in (ROOT / "requirements.txt").read_text().splitlines() if "==" in line}
    missing = [d for d in direct if d.replace("_", "-") not in pinned]
    assert not missing, f"add these to requirements.txt ('make lock'): {missing}"


def _fake_path(tmp_path: Path, with_tools: list[str]) -> str:
    """A PATH with bash and coreutils but only the named package managers."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ["bash", "env", "id", "find", "cat", "echo", "dirname"] + with_tools:
        real = shutil.which(tool)
        if real:
            (bin_dir / tool).symlink_to(real)
    return str(bin_dir)


def _run_ensure(path: str, *tools: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(ENSURE), *tools], env={"PATH": path}, capture_output=True, text=True, timeout=30)


def test_without_apt_get_set_up_prints_the_install_command(tmp_path):
    fake_brew = tmp_path / "brewbin"
    fake_brew.mkdir()
    (fake_brew / "brew").write_text("#!/bin/sh\nexit 0\n")
    (fake_brew / "brew").chmod(0o755)
    path = _fake_path(tmp_path, []) + os.pathsep + str(fake_brew)
    result = _run_ensure(path, "dot")
    assert result.returncode == 1
    assert "missing system tool(s): dot" in result.stderr
    assert "brew install graphviz" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_apt_get_or_brew_both_commands_are_shown(tmp_path):
    result = _run_ensure(_fake_path(tmp_path, []), "chromium")
    assert result.returncode == 1
    assert "sudo dnf install -y chromium" in result.stderr and "brew install" in result.stderr


def test_nothing_to_do_when_tools_are_present(tmp_path):
    result = _run_ensure(_fake_path(tmp_path, ["dot"]) if shutil.which("dot") else os.environ["PATH"], "bash")
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""


def test_set_up_is_idempotent():
    """A second `make setup` has nothing to rebuild (make -q: up to date = exit 0)."""
    result = subprocess.run(["make", "-q", ".venv/.installed"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, "the venv stamp is older than requirements.txt: `make setup` would reinstall"


def test_makefile_has_the_documented_targets():
    text = (ROOT / "Makefile").read_text()
    for target in ["serve", "test", "build", "linkcheck", "linkcheck-online", "clean"]:
        assert re.search(rf"^{re.escape(target)}:", text, re.M), target
    assert "mkdocs serve" in text and "127.0.0.1:8000" in text


def test_ci_run_calls_make_test_and_nothing_else_of_substance():
    commands = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert commands[-1].strip() == "make test"
    assert all(c.startswith(("set ", "cd ", "export ", "make test")) for c in commands), commands
