"""The report: every figure as a row of bench-results/bench.md with its budget and PASS/FAIL."""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict
from pathlib import Path

from .common import Figure


def markdown_table(figures: list[Figure]) -> str:
    rows = ["| figure | value | runs | budget | result |", "|---|---|---|---|---|"]
    for f in figures:
        rows.append(f"| {f.name} | {format_value(f)} | {f.runs or '-'} | {f.budget or '-'} | {f.status} |")
    return "\n".join(rows)


def format_value(f: Figure) -> str:
    if f.value is None:
        return f.note or "n/a"
    if isinstance(f.value, float):
        text = f"{f.value:.2f}" if f.unit in ("s", "x") else f"{f.value:.1f}"
    else:
        text = str(f.value)
    return f"{text} {f.unit}".strip()


def write_report(out: Path, figures: list[Figure], runs: int, seconds: float, plain_meaning: str) -> None:
    """bench-results/bench.json (for tools) and bench.md (for people), and the table on stdout."""
    load = os.getloadavg()
    meta = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in load],
        "runs": runs,
        "seconds": round(seconds, 1),
        "plain_build": plain_meaning,
    }
    (out / "bench.json").write_text(
        json.dumps({"meta": meta, "figures": [asdict(f) for f in figures]}, indent=2) + "\n"
    )
    notes = "\n".join(f"- {f.name}: {f.note}" for f in figures if f.note)
    (out / "bench.md").write_text(
        f"# make bench, {meta['date']}\n\n{os.cpu_count()} CPUs, load average {load[0]:.1f} at the end. "
        f"Medians of {runs} runs unless a row says 1 (slow figures). Local only: CI does not run the "
        f"benchmark (its minutes are precious, and shared runners make timings meaningless).\n\n"
        f"Plain build: {meta['plain_build']}.\n\n{markdown_table(figures)}\n\n## Notes\n\n{notes}\n"
    )
    print()
    print(markdown_table(figures))
    print(f"\nPlain build = {meta['plain_build']}.")
    print(
        f"Load average {load[0]:.1f} on {os.cpu_count()} CPUs: timings on a busy machine are noisy. Details: {out}/bench.md"
    )
