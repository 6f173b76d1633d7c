"""Bad input stops the build with a message that names the file and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import build_fails

pytestmark = pytest.mark.slow


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"fixture drift: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_unknown_resource_id_in_a_page(minimal_copy):
    page = minimal_copy / "docs" / "how-to-study.md"
    page.write_text(page.read_text() + '\nSee {{ cite("kms-no-such-page") }}.\n')
    build_fails(
        minimal_copy,
        "docs/how-to-study.md",
        "unknown resource id 'kms-no-such-page'",
        "Fix:",
        "docs/_data/resources.yml",
    )


def test_duplicate_registry_id(minimal_copy):
    edit(minimal_copy / "docs/_data/resources.yml", "- id: kms-getting-started", "- id: kms-overview")
    build_fails(minimal_copy, "docs/_data/resources.yml", "duplicate resource id 'kms-overview'")


def test_malformed_registry_url(minimal_copy):
    edit(
        minimal_copy / "docs/_data/resources.yml",
        "url: https://docs.aws.amazon.com/kms/latest/developerguide/overview.html",
        "url: http:/overview",
    )
    build_fails(
        minimal_copy, "docs/_data/resources.yml", "resource 'kms-overview', field 'url'", "not a well-formed https URL"
    )


def test_yaml_syntax_error_names_file_and_line(minimal_copy):
    registry = minimal_copy / "docs/_data/resources.yml"
    lines = registry.read_text().splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith("- id: kms-github-workshop"))
    lines[n + 1] = "  toc: [4"
    registry.write_text("\n".join(lines) + "\n")
    build_fails(minimal_copy, "docs/_data/resources.yml:", "YAML syntax error", "Fix:")


def test_a_macro_that_raises(minimal_copy):
    page = minimal_copy / "docs" / "how-to-study.md"
    page.write_text(page.read_text() + '\n{{ then_and_now("no-such-note") }}\n')
    build_fails(minimal_copy, "docs/how-to-study.md", "unknown then-and-now note 'no-such-note'", "Fix:")


def test_a_then_and_now_date_that_is_not_a_date(minimal_copy):
    notes = minimal_copy / "docs" / "_data" / "then-and-now.yml"
    text = notes.read_text()
    date = next(line for line in text.splitlines() if line.strip().startswith("date: 20"))
    notes.write_text(text.replace(date, date.split("date:")[0] + "date: last spring", 1))
    build_fails(minimal_copy, "docs/_data/then-and-now.yml", "date 'last spring' is not YYYY-MM-DD or YYYY-MM", "Fix:")


def test_an_undefined_variable(minimal_copy):
    page = minimal_copy / "docs" / "how-to-study.md"
    page.write_text(page.read_text() + "\n{{ no_such_macro() }}\n")
    build_fails(minimal_copy, "how-to-study.md", "no_such_macro")


def test_a_broken_internal_link(minimal_copy):
    page = minimal_copy / "docs" / "how-to-study.md"
    page.write_text(page.read_text() + "\nSee [the missing page](kms/missing.md).\n")
    build_fails(minimal_copy, "how-to-study.md", "kms/missing.md")


def test_a_broken_anchor(minimal_copy):
    page = minimal_copy / "docs" / "how-to-study.md"
    page.write_text(page.read_text() + "\nSee [rotation](kms/index.md#no-such-heading).\n")
    build_fails(minimal_copy, "how-to-study.md", "no-such-heading")
