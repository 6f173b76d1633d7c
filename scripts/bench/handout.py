"""`make handout`: seconds to print the revision handout."""

from __future__ import annotations

from pathlib import Path

from .common import Figure, has_make_target, timed


def bench_handout(project: Path) -> Figure:
    if not has_make_target(project, "handout"):
        return Figure("make handout", None, status="n/a", note="n/a: make handout not present")
    result = timed(["make", "--no-print-directory", "handout"], project, extra_env={"CI": ""})
    if result.returncode != 0:
        return Figure(
            "make handout",
            None,
            "s",
            1,
            status="FAIL",
            note=f"make handout failed: {result.output.strip().splitlines()[-1:]}",
        )
    return Figure("make handout (includes its strict build)", result.wall, "s", 1, note="1 run (slow)")
