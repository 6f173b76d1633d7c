"""The set-up behind `make serve` and `make test`: pinned dependencies, idempotence, and a
clear message on systems without apt-get."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from tests.support import ROOT

ENSURE = ROOT / ".ci" / "ensure-tools"


def locked() -> dict[str, tuple[str, list[str]]]:
    """requirements.txt as pip-compile writes it: name -> (version, hashes)."""
    pins: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([\w.+-]+) \\", line)
            assert match, f"not an exact pin followed by its hashes: {line}"
            current = match.group(1).lower().replace("_", "-")
            pins[current] = (match.group(2), [])
        else:
            hashed = re.fullmatch(r"\s+--hash=sha256:([0-9a-f]{64})( \\)?", line)
            assert hashed and current, f"unexpected line in requirements.txt: {line}"
            pins[current][1].append(hashed.group(1))
    return pins


def test_every_python_dependency_is_pinned_exactly_with_hashes():
    pins = locked()
    assert len(pins) > 40, "requirements.txt pins the whole tree, not only the direct dependencies"
    unhashed = [name for name, (_, hashes) in pins.items() if not hashes]
    assert not unhashed, f"pins without a hash (set-up installs with --require-hashes): {unhashed}"
    assert pins["mkdocs"][0].startswith("1.") and int(pins["mkdocs"][0].split(".")[1]) >= 6
    assert pins["mkdocs-material"][0].startswith("9.")
    assert "--require-hashes" in (ROOT / "Makefile").read_text()


def test_direct_dependencies_are_all_pinned():
    direct = [
        re.split(r"[<>=\[ ]", line)[0].lower()
        for line in (ROOT / "requirements.in").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    pinned = set(locked())
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


def _fake_tool(folder: Path, name: str, script: str = "exit 0") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"#!/bin/sh\n{script}\n")
    (folder / name).chmod(0o755)


def test_nothing_to_do_when_tools_are_present(tmp_path):
    # A fake `dot` is on the PATH, and an apt-get that would leave a mark if it were called.
    tools, mark = tmp_path / "tools", tmp_path / "apt-was-called"
    _fake_tool(tools, "dot")
    _fake_tool(tools, "apt-get", f"touch {mark}")
    result = _run_ensure(_fake_path(tmp_path, []) + os.pathsep + str(tools), "dot")
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""
    assert not mark.exists(), "ensure-tools ran apt-get for a tool that was already there"


def _fake_apt(tools: Path, log: Path, known: str) -> None:
    """An apt-get that records what it is asked to install, and an apt-cache that knows one package."""
    _fake_tool(tools, "apt-get", f'echo "$@" >> {log}')
    _fake_tool(tools, "apt-cache", f'[ "$2" = "{known}" ]')


def test_an_optional_tool_is_installed_where_apt_has_its_package(tmp_path):
    tools, log = tmp_path / "tools", tmp_path / "apt.log"
    _fake_apt(tools, log, known="chromium-headless-shell")
    result = _run_ensure(_fake_path(tmp_path, ["mkdir", "touch"]) + os.pathsep + str(tools), "chromium-headless-shell?")
    installs = [line for line in log.read_text().splitlines() if line.startswith("install")]
    assert installs and "chromium-headless-shell" in installs[0], (installs, result.stderr)


def test_an_optional_tool_apt_does_not_have_is_left_out_quietly(tmp_path):
    tools, log = tmp_path / "tools", tmp_path / "apt.log"
    _fake_apt(tools, log, known="nothing-like-it")
    result = _run_ensure(_fake_path(tmp_path, []) + os.pathsep + str(tools), "chromium-headless-shell?")
    assert result.returncode == 0, result.stderr
    assert not log.exists() or "install" not in log.read_text()


def test_without_apt_get_an_optional_tool_is_no_error(tmp_path):
    result = _run_ensure(_fake_path(tmp_path, []), "chromium-headless-shell?")
    assert result.returncode == 0 and result.stderr == ""


def test_set_up_is_idempotent(tmp_path):
    """A second `make setup` installs nothing: the venv is rebuilt only when requirements.txt changes.
    Run on a copy of the Makefile, with a fake python that records each pip install."""
    for name in ("Makefile", "requirements.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    log = tmp_path / "pip.log"
    _fake_tool(tmp_path / ".venv" / "bin", "python", f'echo "$@" >> {log}')
    _fake_tool(tmp_path / ".ci", "ensure-tools")
    make = ["make", "--no-print-directory", ".venv/.installed"]
    first = subprocess.run(make, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stdout + first.stderr
    second = subprocess.run(make, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert second.returncode == 0, second.stdout + second.stderr
    installs = [line for line in log.read_text().splitlines() if "pip install" in line]
    assert len(installs) == 1, f"pip install ran {len(installs)} times for two set-ups: {installs}"
    stamp = (tmp_path / ".venv" / ".installed").stat().st_mtime
    os.utime(tmp_path / "requirements.txt", (stamp + 10, stamp + 10))  # a changed lock file installs again
    subprocess.run(make, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True)
    assert len([line for line in log.read_text().splitlines() if "pip install" in line]) == 2


def test_makefile_has_the_documented_targets():
    text = (ROOT / "Makefile").read_text()
    for target in ["serve", "test", "build", "linkcheck", "linkcheck-online", "clean"]:
        assert re.search(rf"^{re.escape(target)}:", text, re.M), target
    assert "mkdocs serve" in text and "127.0.0.1:8000" in text


def test_ci_run_calls_make_test_and_nothing_else_of_substance():
    commands = [
        line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line.strip() and not line.startswith("#")
    ]
    assert commands[-1].strip() == "make test"
    assert all(c.startswith(("set ", "cd ", "export ", "make test")) for c in commands), commands
