"""`make test` after set-up (wall time of one pytest run and its slowest tests), and
`make test-fast`'s pytest command."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from scripts.project import TEST_FAST_BUDGET_S, TEST_SUITE_BUDGET_S

from .common import ROOT, Figure, python, timed, verdict


def slowest_tests(output: str, keep: int = 5) -> list[str]:
    """'12.3s tests/x.py::test_y' for the slowest entries of pytest's --durations table."""
    rows = re.findall(r"^([\d.]+)s (?:call|setup|teardown)\s+(\S+)", output, re.M)
    return [f"{seconds}s {name}" for seconds, name in rows[:keep]]


def bench_tests(out: Path) -> Figure:
    # What `make test` runs (two processes, see the Makefile), without its set-up prerequisite.
    result = timed(make_recipe((ROOT / "Makefile").read_text(), "test"), ROOT, timeout=3600)
    (out / "pytest.log").write_text(result.output)
    summary = next((line for line in reversed(result.output.strip().splitlines()) if " in " in line), "")
    status = verdict(result.wall, TEST_SUITE_BUDGET_S) if result.returncode == 0 else "FAIL"
    note = (
        f"1 run (slow); pytest: {summary.strip('= ')}"
        + ("" if result.returncode == 0 else " (the suite failed)")
        + f"; slowest: {', '.join(slowest_tests(result.output))}; full output in pytest.log"
    )
    return Figure("make test (after set-up)", result.wall, "s", 1, f"< {TEST_SUITE_BUDGET_S:.0f} s", status, note)


def make_recipe(makefile: str, target: str) -> list[str]:
    """The first `$(PY)` command of a Makefile target, as argv: `$(PY)` becomes the venv's python. The
    benchmark times what the target runs, without its set-up prerequisite (which reinstalls)."""
    match = re.search(rf"^{re.escape(target)}\s*:.*\n((?:\t.*\n?)+)", makefile, re.M)
    if match is None:
        raise ValueError(f"the Makefile has no target {target!r}")
    commands = [line.strip().lstrip("@") for line in match.group(1).splitlines()]
    line = next((c for c in commands if c.startswith("$(PY)")), None)
    if line is None:
        raise ValueError(f"the Makefile target {target!r} runs no $(PY) command")
    return [python() if word == "$(PY)" else word for word in shlex.split(line)]


def bench_test_fast(out: Path) -> Figure:
    cmd = make_recipe((ROOT / "Makefile").read_text(), "test-fast")
    result = timed(cmd, ROOT, timeout=600)
    (out / "pytest-fast.log").write_text(result.output)
    summary = next((line for line in reversed(result.output.strip().splitlines()) if " in " in line), "")
    status = verdict(result.wall, TEST_FAST_BUDGET_S) if result.returncode == 0 else "FAIL"
    return Figure(
        "make test-fast (its pytest command)",
        result.wall,
        "s",
        1,
        f"< {TEST_FAST_BUDGET_S:.0f} s",
        status,
        f"1 run; pytest: {summary.strip('= ')}" + ("" if result.returncode == 0 else " (the suite failed)"),
    )
