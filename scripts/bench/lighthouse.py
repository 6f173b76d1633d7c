"""Lighthouse scores (performance, accessibility, best practices, SEO) of each kind of page,
with the system Chromium."""

from __future__ import annotations

import json
from pathlib import Path

from scripts.project import CHROMIUM_ARGS, LIGHTHOUSE_PERFORMANCE_BUDGET, chromium_path

from .common import ROOT, Figure, timed, verdict
from .weight import PAGE_TYPES, PRINT_PAGE

LIGHTHOUSE_FULL = ("accessibility", "best-practices", "seo")
LIGHTHOUSE_RUNS = 5

# Every reading kind of page; the print page is for printing, not for a phone's first load.
LIGHTHOUSE_PAGES = [(label, path) for label, path in PAGE_TYPES if path != PRINT_PAGE]


def page_stem(path: str) -> str:
    return (path.strip("/") or "home").replace("/", "-")


def category_score(category: dict) -> int:
    """A Lighthouse category's score out of 100 (a category that could not be scored counts 0)."""
    return round((category.get("score") or 0) * 100)


def performance_score(report: dict) -> int:
    return category_score(report["categories"]["performance"])


def failing_audits(report: dict, category: str) -> list[str]:
    """'audit-id (score)' for every scored audit below 1 in a Lighthouse category."""
    audits = report.get("audits", {})
    out = []
    for ref in report.get("categories", {}).get(category, {}).get("auditRefs", []):
        audit = audits.get(ref["id"], {})
        score = audit.get("score")
        if ref.get("weight", 0) > 0 and score is not None and score < 1:
            out.append(f"{ref['id']} ({score:.2f}): {audit.get('title', '')}")
    return out


def bench_lighthouse(base: str, out: Path) -> list[Figure]:
    cli = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not cli.exists():
        return [
            Figure(
                "Lighthouse",
                None,
                status="n/a",
                note="n/a: node_modules/.bin/lighthouse missing; run 'make setup-test'",
            )
        ]
    # Single runs of the same page ranged over 10 points here, and medians of 3 moved by 3 points
    # between benches of one commit. The figure is the median of 5, the count Lighthouse's guide
    # on variability (docs/variability.md) gives for halving the spread. The runs go in rounds,
    # every page once a round: this machine's speed drifts by a quarter over minutes (Lighthouse's
    # benchmarkIndex, noted per run), and five runs in a row could all fall in a slow spell.
    reports: dict[str, list[dict]] = {path: [] for _, path in LIGHTHOUSE_PAGES}
    failures: dict[str, str] = {}
    for run in range(LIGHTHOUSE_RUNS):
        for _, path in LIGHTHOUSE_PAGES:
            if path in failures:
                continue
            report_path = out / f"lighthouse-{page_stem(path)}-run{run + 1}.json"
            result = timed(
                [
                    str(cli),
                    base + path,
                    "--quiet",
                    "--output=json",
                    f"--output-path={report_path}",
                    f"--chrome-flags={' '.join(['--headless=new', *CHROMIUM_ARGS])}",
                    "--only-categories=performance,accessibility,best-practices,seo",
                ],
                ROOT,
                timeout=600,
                extra_env={"CHROME_PATH": chromium_path() or ""},
            )
            if result.returncode != 0 or not report_path.exists():
                failures[path] = result.output.strip()[-300:]
                continue
            reports[path].append(json.loads(report_path.read_text()))
    figures = []
    for label, path in LIGHTHOUSE_PAGES:
        if path in failures:
            figures.append(
                Figure(f"Lighthouse {label}", None, status="FAIL", note=f"lighthouse failed: {failures[path]}")
            )
            continue
        stem = page_stem(path)
        performance = sorted(performance_score(r) for r in reports[path])
        in_order = ", ".join(
            f"{performance_score(r)} @ {round(r.get('environment', {}).get('benchmarkIndex') or 0)}"
            for r in reports[path]
        )
        report = next(r for r in reports[path] if performance_score(r) == performance[len(performance) // 2])
        (out / f"lighthouse-{stem}.json").write_text(json.dumps(report), encoding="utf-8")
        for category, data in report["categories"].items():
            score = category_score(data)
            failing = failing_audits(report, category)
            full = category in LIGHTHOUSE_FULL
            runs_note = (
                f"runs {in_order} (score @ machine speed, Lighthouse's benchmarkIndex, in run order); "
                if category == "performance"
                else ""
            )
            figures.append(
                Figure(
                    f"Lighthouse {label}: {category}",
                    score,
                    "",
                    LIGHTHOUSE_RUNS if category == "performance" else 1,
                    "100" if full else f">= {LIGHTHOUSE_PERFORMANCE_BUDGET}",
                    verdict(score, 100 if full else LIGHTHOUSE_PERFORMANCE_BUDGET, at_most=False),
                    note=runs_note + ("; ".join(failing) if failing else ""),
                    detail={"failing": failing},
                )
            )
    return figures
