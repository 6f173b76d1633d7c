"""`make test` after set-up: wall time of one pytest run and its slowest tests."""

from __future__ import annotations

import re
from pathlib import Path

from scripts.project import TEST_SUITE_BUDGET_S

from .common import ROOT, Figure, timed, verdict


def slowest_tests(output: str, keep: int = 5) -> list[str]:
    """'12.3s tests/x.py::test_y' for the slowest entries of pytest's --durations table."""
    rows = re.findall(r"^([\d.]+)s (?:call|setup|teardown)\s+(\S+)", output, re.M)
    return [f"{seconds}s {name}" for seconds, name in rows[:keep]]


def bench_tests(out: Path) -> Figure:
    pytest = ROOT / ".venv" / "bin" / "pytest"
    result = timed([str(pytest), "-q", "-p", "no:cacheprovider", "--durations=15"], ROOT, timeout=3600)
    (out / "pytest.log").write_text(result.output)
    summary = next((line for line in reversed(result.output.strip().splitlines()) if " in " in line), "")
    status = verdict(result.wall, TEST_SUITE_BUDGET_S) if result.returncode == 0 else "FAIL"
    note = (
        f"1 run (slow); pytest: {summary.strip('= ')}"
        + ("" if result.returncode == 0 else " (the suite failed)")
        + f"; slowest: {', '.join(slowest_tests(result.output))}; full output in pytest.log"
    )
    return Figure("make test (after set-up)", result.wall, "s", 1, f"< {TEST_SUITE_BUDGET_S:.0f} s", status, note)
