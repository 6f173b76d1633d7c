"""Lighthouse scores (performance, accessibility, best practices, SEO) of each kind of page,
with the system Chromium."""

from __future__ import annotations

import json
from pathlib import Path

from scripts.project import CHROMIUM_ARGS, LIGHTHOUSE_PERFORMANCE_BUDGET, chromium_path

from .common import ROOT, Figure, timed, verdict
from .weight import PAGE_TYPES, PRINT_PAGE

LIGHTHOUSE_FULL = ("accessibility", "best-practices", "seo")

# Every reading kind of page; the print page is for printing, not for a phone's first load.
LIGHTHOUSE_PAGES = [(label, path) for label, path in PAGE_TYPES if path != PRINT_PAGE]


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
    figures = []
    for label, path in LIGHTHOUSE_PAGES:
        report_path = out / f"lighthouse-{(path.strip('/') or 'home').replace('/', '-')}.json"
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
            figures.append(
                Figure(
                    f"Lighthouse {label}",
                    None,
                    status="FAIL",
                    note=f"lighthouse failed: {result.output.strip()[-300:]}",
                )
            )
            continue
        report = json.loads(report_path.read_text())
        for category, data in report["categories"].items():
            score = round((data.get("score") or 0) * 100)
            failing = failing_audits(report, category)
            full = category in LIGHTHOUSE_FULL
            figures.append(
                Figure(
                    f"Lighthouse {label}: {category}",
                    score,
                    "",
                    1,
                    "100" if full else f">= {LIGHTHOUSE_PERFORMANCE_BUDGET}",
                    verdict(score, 100 if full else LIGHTHOUSE_PERFORMANCE_BUDGET, at_most=False),
                    note="; ".join(failing) if failing else "",
                    detail={"failing": failing},
                )
            )
    return figures
