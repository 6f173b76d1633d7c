"""Compare two built sites as a reader sees them: which files were added or removed, and which
pages differ in their markup or text once formatting noise is set aside.

    python scripts/compare_sites.py BEFORE_SITE AFTER_SITE [--show 5]

Used to prove that a refactor changes nothing a reader sees: build the site at the old commit
and at the new one (`mkdocs build --strict -d DIR`, with the same SOURCE_DATE_EPOCH), then run
this. HTML is compared after parsing: attribute order, whitespace between tags, and the
Content-Security-Policy's hashes (which follow any byte of inline markup) do not count. Other
files are compared by content. Exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import sys
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

IGNORED_META = {"Content-Security-Policy"}


def canonical(html: str) -> list[str]:
    """One line per element or text run: tag with sorted attributes, or collapsed text."""
    soup = BeautifulSoup(html, "html.parser")
    lines: list[str] = []

    def walk(node, depth: int) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                text = " ".join(str(child).split())
                if text:
                    lines.append("  " * depth + repr(text))
            elif isinstance(child, Tag):
                if child.name == "meta" and child.get("http-equiv") in IGNORED_META:
                    continue
                attrs = " ".join(
                    f'{k}="{" ".join(v) if isinstance(v, list) else v}"' for k, v in sorted(child.attrs.items())
                )
                lines.append("  " * depth + f"<{child.name}{' ' + attrs if attrs else ''}>")
                walk(child, depth + 1)

    walk(soup, 0)
    return lines


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compare(before: Path, after: Path, show: int = 5) -> list[str]:
    """Human-readable differences; empty when the sites read the same."""
    old = {p.relative_to(before).as_posix() for p in before.rglob("*") if p.is_file()}
    new = {p.relative_to(after).as_posix() for p in after.rglob("*") if p.is_file()}
    report = [f"added: {name}" for name in sorted(new - old)] + [f"removed: {name}" for name in sorted(old - new)]
    for name in sorted(old & new):
        a, b = before / name, after / name
        if name.endswith(".html"):
            left, right = canonical(a.read_text(encoding="utf-8")), canonical(b.read_text(encoding="utf-8"))
            if left != right:
                diff = [
                    line
                    for line in difflib.unified_diff(left, right, lineterm="", n=0)
                    if not line.startswith(("---", "+++", "@@"))
                ]
                report.append(
                    f"changed: {name} ({len(diff)} lines differ)\n    "
                    + "\n    ".join(line[:200] for line in diff[:show])
                )
        elif digest(a) != digest(b):
            report.append(f"changed: {name} (content)")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--show", type=int, default=5, help="differing lines to print per page")
    args = parser.parse_args(argv)
    report = compare(args.before, args.after, args.show)
    print("\n".join(report) if report else "The two sites read the same.")
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
