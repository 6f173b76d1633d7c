"""The resource registry: schema, the blog's 22 table-of-contents rows, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.data import _cache
from macros.errors import SiteDataError
from macros.registry import REGISTRY_PATH, load_registry
from tests.support import ROOT

# The blog's table of contents, row by row: (section, link text). Written out here so the test
# does not depend on files outside the repository.
BLOG_TOC = [
    ("AWS KMS", "KMS Overview"),
    ("AWS KMS", "Questions on Core Concepts"),
    ("AWS KMS", "Getting started"),
    ("AWS KMS", "GitHub on KMS"),
    ("AWS KMS access control", "Access Control (Authentication)"),
    ("AWS KMS access control", "Using key policies"),
    ("AWS KMS access control", "Questions Sheet"),
    ("AWS KMS access control", "Access Control (Authorisation)"),
    ("AWS KMS Encryption at Rest", "S3 Overview"),
    ("AWS KMS Encryption at Rest", "DynamoDB Overview"),
    ("AWS KMS Encryption at Rest", "How KMS works with EBS"),
    ("AWS Cognito", "Overview"),
    ("AWS Cognito", "Questions on Overview"),
    ("AWS Cognito", "Tutorial (leveraging API Gateway)"),
    ("AWS Cognito", "Scenarios"),
    ("AWS Cognito Security", "Cognito Data Protection"),
    ("AWS Cognito Security", "Best Practice"),
    ("AWS Cognito Security", "Service Linked Roles"),
    ("AWS Cognito Sync", "Cognito Sync Questions"),
    ("AWS Cognito Sync", "Overview"),
    ("AWS Cognito Sync", "Events and streams"),
    ("Security Review", "Various"),
]
SHEETS = {"Questions on Core Concepts", "Questions Sheet", "Questions on Overview", "Cognito Sync Questions"}


@pytest.fixture
def registry_file(tmp_path) -> Path:
    path = tmp_path / "resources.yml"
    path.write_text(REGISTRY_PATH.read_text())
    return path


def test_registry_loads_with_enough_resources():
    # Unique ids, https and a known status are enforced as the file loads: see the bad-data tests below.
    assert len(load_registry().resources) >= 60


def test_toc_rows_reproduce_the_blog_in_order():
    reg = load_registry()
    rows = [(reg.section(r.section).title, r.title) for r in reg.toc_rows()]
    assert rows == BLOG_TOC


def test_the_four_question_sheets_are_flagged():
    reg = load_registry()
    assert {r.title for r in reg.toc_rows() if r.sheet} == SHEETS


def test_every_section_page_exists():
    for section in load_registry().sections:
        assert (ROOT / "docs" / section.page).exists(), section.page


def test_every_moved_or_legacy_row_says_what_changed():
    short = [r.id for r in load_registry().resources if r.status != "current" and len(r.note) <= 20]
    assert not short, f"a moved or legacy row needs a note saying what changed: {short}"


def test_a_plain_http_url_and_an_unknown_status_are_refused(registry_file):
    url = "url: https://docs.aws.amazon.com/kms/latest/developerguide/overview.html"
    with _load_broken(registry_file, url, url.replace("https://", "http://")) as err:
        load_registry(registry_file)
    assert "resource 'kms-overview', field 'url'" in str(err.value) and "https" in str(err.value)
    registry_file.write_text(REGISTRY_PATH.read_text())
    with _load_broken(registry_file, "status: current", "status: gone") as err:
        load_registry(registry_file)
    assert "field 'status'" in str(err.value) and "'current', 'moved' or 'legacy'" in str(err.value)


def _load_broken(path: Path, old: str, new: str):
    path.write_text(path.read_text().replace(old, new, 1))
    _cache.clear()
    return pytest.raises(SiteDataError)


def test_duplicate_id_is_named(registry_file):
    with _load_broken(registry_file, "- id: kms-getting-started", "- id: kms-overview") as err:
        load_registry(registry_file)
    assert "duplicate resource id 'kms-overview'" in str(err.value)
    assert "resources.yml" in str(err.value)


def test_malformed_url_is_named(registry_file):
    with _load_broken(
        registry_file, "url: https://docs.aws.amazon.com/kms/latest/developerguide/overview.html", "url: htps//docs aws"
    ) as err:
        load_registry(registry_file)
    message = str(err.value)
    assert "resource 'kms-overview', field 'url'" in message
    assert "not a well-formed https URL" in message
    assert "Fix:" in message


def test_yaml_syntax_error_names_file_and_line(registry_file):
    text = registry_file.read_text().splitlines()
    line_no = next(i for i, line in enumerate(text) if line.startswith("- id: kms-github-workshop"))
    text[line_no + 1] = "  toc: [4"
    registry_file.write_text("\n".join(text) + "\n")
    _cache.clear()
    with pytest.raises(SiteDataError) as err:
        load_registry(registry_file)
    message = str(err.value)
    assert "YAML syntax error" in message
    # The parser reports the line where it noticed the problem: the broken one or the next.
    reported = int(message.split(":", 2)[1])
    assert line_no + 2 <= reported <= line_no + 3, message


def test_unknown_section_is_named(registry_file):
    with _load_broken(registry_file, "section: kms\n", "section: kms-basics\n") as err:
        load_registry(registry_file)
    assert "unknown section 'kms-basics'" in str(err.value)


def test_unknown_id_lookup_suggests_close_ids():
    with pytest.raises(SiteDataError) as err:
        load_registry().get("kms-overveiw", "docs/kms/index.md")
    message = str(err.value)
    assert message.startswith("docs/kms/index.md: unknown resource id 'kms-overveiw'")
    assert "kms-overview" in message
