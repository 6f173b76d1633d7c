"""Check every registry URL on the live web with lychee, and sort failures by what to do.

    python -m scripts.linkcheck_online [--urls-file FILE] [--report FILE] [--timeout S] [--retries N]

dead       404 or 410: the page is gone. Fix the registry row (new URL, or status: legacy).
transient  timeouts, 429 and 5xx: try again later; no action unless it persists.
other      anything else (403, TLS, DNS...): look at it by hand.

Exit status: 1 when any link is dead or other, else 0. The report (Markdown) is what the weekly
workflow posts in its issue.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import urldefrag, urlparse

from scripts.project import ROOT

# docs.aws.amazon.com adds heading ids with JavaScript: a fragment check there is always wrong.
NO_FRAGMENT_HOSTS = {"docs.aws.amazon.com"}
DEAD = {404, 410}


def registry_urls() -> dict[str, list[str]]:
    from macros.registry import load_registry

    urls: dict[str, list[str]] = defaultdict(list)
    for r in load_registry().resources:
        urls[r.url].append(r.id)
    return dict(urls)


def checkable(url: str) -> str:
    return urldefrag(url)[0] if urlparse(url).hostname in NO_FRAGMENT_HOSTS else url


def classify(entry: dict, timed_out: bool) -> str:
    code = entry.get("status", {}).get("code")
    if timed_out or code == 429 or (code is not None and 500 <= code <= 599):
        return "transient"
    if code in DEAD:
        return "dead"
    return "other"


def run_lychee(urls: list[str], timeout: int, retries: int, cache_dir: Path) -> dict:
    lychee = Path(sys.executable).parent / "lychee"
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        links = Path(tmp) / "links.txt"
        links.write_text("\n".join(urls) + "\n")
        out = Path(tmp) / "report.json"
        cmd = [
            str(lychee),
            "--no-progress",
            "--format",
            "json",
            "--output",
            str(out),
            "--cache",
            "--max-cache-age",
            "1d",
            # A transient failure must be retried next time, not remembered.
            "--cache-exclude-status",
            "429, 500..=599",
            "--max-retries",
            str(retries),
            "--retry-wait-time",
            "2",
            "--timeout",
            str(timeout),
            "--host-concurrency",
            "2",
            "--max-concurrency",
            "8",
            "--include-fragments",
            "--accept",
            "200..=299",
            str(links),
        ]
        proc = subprocess.run(cmd, cwd=cache_dir, capture_output=True, text=True)
        if not out.exists():
            raise SystemExit(f"error: lychee did not run ({proc.returncode}): {proc.stderr.strip()}")
        return json.loads(out.read_text())


def build_report(data: dict, owners: dict[str, list[str]]) -> dict[str, list[tuple[str, str, list[str]]]]:
    groups: dict[str, list[tuple[str, str, list[str]]]] = {"dead": [], "transient": [], "other": []}
    by_checked = defaultdict(list)
    for url, ids in owners.items():
        by_checked[checkable(url)].extend(ids)
    for mapname, timed_out in (("error_map", False), ("timeout_map", True)):
        for entries in data.get(mapname, {}).values():
            for e in entries:
                kind = classify(e, timed_out)
                groups[kind].append((e["url"], e["status"].get("text", ""), by_checked.get(e["url"], [])))
    return groups


def render(groups, total: int) -> str:
    lines = [f"# Registry link check: {total} URLs", ""]
    advice = {
        "dead": "Gone (404/410). Fix the registry row in docs/_data/resources.yml: new URL, or status legacy with a note.",
        "transient": "Timeouts, 429 and 5xx. Retried already; no action unless it persists next week.",
        "other": "Other failures (403, TLS, DNS ...). Open the URL in a browser and decide.",
    }
    for kind in ("dead", "transient", "other"):
        rows = groups[kind]
        lines += [f"## {kind.capitalize()} ({len(rows)})", "", advice[kind], ""]
        lines += [f"- {url}: {text} (registry: {', '.join(ids) or '?'})" for url, text, ids in sorted(rows)]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--urls-file", type=Path, help="check these URLs (one a line) instead of the registry")
    ap.add_argument("--report", type=Path, default=ROOT / ".cache" / "linkcheck" / "report.md")
    ap.add_argument("--timeout", type=int, default=20)
    ap.add_argument("--retries", type=int, default=3)
    ap.add_argument("--cache-dir", type=Path, default=ROOT / ".cache" / "lychee")
    args = ap.parse_args(argv)

    if args.urls_file:
        owners = {u.strip(): [] for u in args.urls_file.read_text().splitlines() if u.strip()}
    else:
        owners = registry_urls()
    urls = sorted({checkable(u) for u in owners})
    data = run_lychee(urls, args.timeout, args.retries, args.cache_dir)
    groups = build_report(data, owners)
    report = render(groups, len(urls))
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(report)
    print(report)
    print(f"Report written to {args.report}")
    return 1 if groups["dead"] or groups["other"] else 0


if __name__ == "__main__":
    sys.exit(main())
