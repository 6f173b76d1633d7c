"""Valid HTML: the Nu HTML Checker (vnu-jar, pinned in package.json) over every page of the
built site, errors only. What it reports must be empty, apart from the upstream exceptions
below, each matched by its exact message, the exact markup it points at, and the pages it
may occur on.

Other upstream markup the checker rejected is put right at build time by
hooks/markup_fixes.py (Material's tabindex="" on section labels; print-site's
heading-number attribute and its <style> in <body>).
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import ROOT, require_tool

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class Exception_:
    upstream: str  # the issue that explains why the markup is so
    why: str
    message: str  # the checker's message, exactly
    extract: re.Pattern  # the markup it points at
    files: re.Pattern  # the pages it may occur on (path below the site root)

    def matches(self, finding: dict) -> bool:
        return (
            finding["message"] == self.message
            and bool(self.extract.search(finding.get("extract", "")))
            and bool(self.files.fullmatch(finding["file"]))
        )


EXCEPTIONS = [
    Exception_(
        upstream="https://github.com/squidfunk/mkdocs-material/issues/1513",
        why=(
            'Material\'s two hidden state checkboxes (drawer, search) carry autocomplete="off" so that '
            "Firefox does not restore them checked after Back (Firefox persists checkbox state; see also "
            "https://github.com/validator/validator/issues/1141). The theme kept it after #1513; removing it "
            "would open the drawer or search by itself on return to a page."
        ),
        message=(
            "Attribute \u201cautocomplete\u201d is only allowed when the input type is \u201ccolor\u201d, \u201cdate\u201d, "
            "\u201cdatetime-local\u201d, \u201cemail\u201d, \u201chidden\u201d, \u201cmonth\u201d, \u201cnumber\u201d, \u201cpassword\u201d, "
            "\u201crange\u201d, \u201csearch\u201d, \u201ctel\u201d, \u201ctext\u201d, \u201ctime\u201d, \u201curl\u201d, or \u201cweek\u201d."
        ),
        extract=re.compile(
            r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" autocomplete="off">'
        ),
        files=re.compile(r"(.+/)?index\.html|404\.html"),
    ),
]

CANARY = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>canary</title></head>
<body><p id="twice">one</p><p id="twice">two</p><div><li>stray item</li></div></body></html>
"""


def vnu(*paths: Path) -> list[dict]:
    """Errors of the Nu HTML Checker in file mode, as {"file", "message", "extract", "line"}."""
    require_tool("java")
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run 'npm ci' (make setup-test installs it)"
    # The checker needs a deep stack for its schema; client compiler only: it runs once, briefly.
    command = [
        "java",
        "-Xss4m",
        "-XX:TieredStopAtLevel=1",
        "-jar",
        str(VNU_JAR),
        "--errors-only",
        "--format",
        "json",
        "--skip-non-html",
        *map(str, paths),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    try:
        messages = json.loads(result.stderr)["messages"]  # vnu writes its JSON report to stderr
    except (json.JSONDecodeError, KeyError):
        pytest.fail(
            f"the Nu HTML Checker gave no JSON report (exit {result.returncode}):\n{result.stderr[-2000:]}{result.stdout[-2000:]}"
        )
    findings = []
    for m in messages:
        assert m.get("type") in ("error", "non-document-error"), m
        findings.append(
            {
                "url": m.get("url", ""),
                "message": m.get("message", ""),
                "extract": m.get("extract", ""),
                "line": m.get("lastLine"),
            }
        )
    return findings


@pytest.fixture(scope="module")
def findings(built_site, tmp_path_factory) -> dict[str, list[dict]]:
    """One checker run for the module: the site and a canary page that must fail."""
    canary = tmp_path_factory.mktemp("vnu") / "canary.html"
    canary.write_text(CANARY)
    by_file: dict[str, list[dict]] = {"site": [], "canary": []}
    for finding in vnu(built_site, canary):
        path = Path(finding["url"].removeprefix("file:"))
        if path == canary:
            by_file["canary"].append(finding)
        else:
            finding["file"] = path.relative_to(built_site).as_posix()
            by_file["site"].append(finding)
    return by_file


def test_the_checker_catches_invalid_html(findings):
    messages = " | ".join(f["message"] for f in findings["canary"])
    assert "Duplicate ID \u201ctwice\u201d" in messages, messages
    assert "Element \u201cli\u201d not allowed as child of element \u201cdiv\u201d" in messages, messages


def test_every_page_is_valid_html(findings):
    unexplained = [f for f in findings["site"] if not any(e.matches(f) for e in EXCEPTIONS)]
    report = "\n".join(
        f"{f['file']}:{f['line']}: {f['message']}\n    {f['extract'].strip()[:160]}" for f in unexplained[:40]
    )
    assert not unexplained, f"{len(unexplained)} HTML error(s) the Nu HTML Checker found:\n{report}"


def test_every_exception_is_still_needed(findings):
    """An exception that no longer matches anything is stale: remove it."""
    for exception in EXCEPTIONS:
        assert any(exception.matches(f) for f in findings["site"]), (
            f"no page has the error excused for {exception.upstream}: remove the exception"
        )
