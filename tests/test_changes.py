"""The public log (docs/_data/changes.yml): it loads, every entry cites a registry id and names
pages that exist, every row of the KMS fact-check is answered, the "What changed" page renders it
newest first (and the handout prints it), and a bad entry stops the load with file:line."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from macros import changes as changes_module
from macros.changes import load_changes, newest_first, page_url
from macros.errors import SiteDataError
from macros.registry import load_registry
from tests.support import ROOT, read_mkdocs_config as mkdocs_config, read_page

KMS_REVIEW_ROWS = 23


def nav_pages(nav) -> set[str]:
    found: set[str] = set()
    for item in nav:
        if isinstance(item, dict):
            for value in item.values():
                if isinstance(value, str):
                    found.add(value)
                elif isinstance(value, list):
                    found |= nav_pages(value)
        elif isinstance(item, str):
            found.add(item)
    return found


def test_the_log_loads_and_every_entry_cites_a_registry_id_and_existing_pages():
    log = load_changes()
    assert log.changes, "the log is empty"
    registry = load_registry()
    pages_in_nav = nav_pages(mkdocs_config()["nav"])
    for change in log.changes:
        registry.get(change.source, "test")  # raises on an unknown id
        for page in change.pages:
            assert (ROOT / "docs" / page).is_file(), page
            assert page in pages_in_nav, f"{page} is not a page in the nav"
        for name in change.files:
            assert (ROOT / name).is_file(), name
        assert change.date.isoformat() <= "2026-12-31"


def test_every_row_of_the_kms_fact_check_has_one_entry():
    answered = sorted(c.review_row for c in load_changes().changes if c.review_name == "kms")
    assert answered == list(range(1, KMS_REVIEW_ROWS + 1)), (
        f"KMS review rows without exactly one entry: {sorted(set(range(1, KMS_REVIEW_ROWS + 1)) - set(answered))}"
    )


SECOND_PAGES_REVIEW_ROWS = 9


def test_every_row_of_the_second_pages_review_has_one_entry_naming_it():
    answers = [c for c in load_changes().changes if c.review_name == "pages2"]
    assert sorted(c.review_row for c in answers) == list(range(1, SECOND_PAGES_REVIEW_ROWS + 1))
    for change in answers:
        assert f"Second review #{change.review_row}" in change.why, change.review


def test_each_entry_names_its_review_row_in_why():
    for change in load_changes().changes:
        if change.review_name == "kms":
            assert f"KMS review #{change.review_row}" in change.why, change.review


def test_newest_first_orders_dates_then_review_rows():
    log = load_changes()
    base = log.changes[0]
    planted = [
        base.model_copy(update={"date": base.date.replace(year=2025), "review": None}),
        base.model_copy(update={"review": "kms#2"}),
        base.model_copy(update={"date": base.date.replace(year=2027), "review": None}),
        base.model_copy(update={"review": "kms#1"}),
    ]
    ordered = newest_first(planted)
    assert [c.date.year for c in ordered] == [2027, 2026, 2026, 2025]
    assert [c.review for c in ordered[1:3]] == ["kms#1", "kms#2"]


def test_page_urls_are_relative_to_the_log_page():
    assert page_url("changes/index.md", "kms/index.md") == "../kms/"
    assert page_url("changes/index.md", "kms/access-control.md") == "../kms/access-control/"
    assert page_url("changes/index.md", "index.md") == "../"
    assert page_url("changes/index.md", "changes/index.md") == "./"


class FakeEnv:
    def __init__(self):
        self.macros = {}
        self.page = SimpleNamespace(file=SimpleNamespace(src_uri="changes/index.md"))
        self.conf = {"nav": mkdocs_config()["nav"]}

    def macro(self, fn):
        self.macros[fn.__name__] = fn
        return fn


BAD_LOG = """\
changes:
  - date: 2026-12-03
    kind: correction
    pages: [kms/index.md]
    what: A correct entry that loads without complaint.
    why: "the first entry is fine"
    source: kms-overview
{bad}"""


def planted(tmp_path: Path, bad: str) -> Path:
    path = tmp_path / "changes.yml"
    path.write_text(BAD_LOG.format(bad=bad), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            '  - date: 2026-12-03\n    kind: correction\n    pages: [kms/index.md]\n    what: An entry whose source is not in the registry.\n    why: "a planted mistake"\n    source: no-such-resource\n',
            "unknown resource id 'no-such-resource'",
        ),
        (
            '  - date: 2026-12-03\n    kind: correction\n    pages: [kms/no-such-page.md]\n    what: An entry naming a page that does not exist.\n    why: "a planted mistake"\n    source: kms-overview\n',
            "page 'kms/no-such-page.md' does not exist",
        ),
        (
            '  - date: 2026-12-03\n    kind: typo\n    pages: [kms/index.md]\n    what: An entry with a kind the schema does not know.\n    why: "a planted mistake"\n    source: kms-overview\n',
            "field 'kind'",
        ),
        (
            '  - date: 2026-12-03\n    kind: disputed\n    pages: [kms/index.md]\n    what: A disputed finding with no evidence given.\n    why: "a planted mistake"\n    source: kms-overview\n',
            "must give 'evidence'",
        ),
        (
            '  - date: 2026-12-03\n    kind: correction\n    review: "kms#1"\n    pages: [kms/index.md]\n    what: The first answer to a review row.\n    why: "a planted mistake"\n    source: kms-overview\n'
            '  - date: 2026-12-03\n    kind: correction\n    review: "kms#1"\n    pages: [kms/index.md]\n    what: A second answer to the same review row.\n    why: "a planted mistake"\n    source: kms-overview\n',
            "review finding 'kms#1' is answered twice",
        ),
    ],
    ids=["unknown-source", "missing-page", "bad-kind", "disputed-without-evidence", "row-answered-twice"],
)
def test_a_planted_bad_entry_fails_with_file_and_line(tmp_path, bad, message):
    path = planted(tmp_path, bad)
    with pytest.raises(SiteDataError) as caught:
        load_changes(path)
    text = str(caught.value)
    assert message in text, text
    # The message points at the last entry: the planted one (or, for a duplicate, the second of the two).
    line = max(n for n, text in enumerate(path.read_text().splitlines(), start=1) if text.startswith("  - date:"))
    assert f"{path}:{line}" in text, text
    assert "Fix:" in text


def test_the_macro_renders_the_log_newest_first_with_escaped_text(tmp_path, monkeypatch):
    path = tmp_path / "changes.yml"
    path.write_text(
        "changes:\n"
        "  - date: 2025-01-02\n    kind: correction\n    pages: [kms/index.md]\n"
        "    what: The older entry, with <b>markup</b> that must be escaped and a `code` span.\n"
        '    why: "an older reason"\n    source: kms-overview\n'
        '  - date: 2026-12-03\n    kind: aws-change\n    review: "kms#3"\n    pages: [kms/access-control.md]\n'
        "    what: The newer entry, which must come first on the page.\n"
        '    why: "KMS review #3: newer"\n    source: kms-overview\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(changes_module, "CHANGES_PATH", path)
    env = FakeEnv()
    changes_module.register(env)
    html = str(env.macros["changes_log"]())
    assert html.index("2026-12-03") < html.index("2025-01-02")
    assert "&lt;b&gt;markup&lt;/b&gt;" in html and "<b>" not in html
    assert "<code>code</code>" in html
    assert 'href="../kms/access-control/"' in html and "KMS review #3" in html
    assert 'id="review-kms-3"' in html


def test_the_built_page_lists_the_log_newest_first_and_the_handout_prints_it(built_site):
    page = read_page(built_site / "changes" / "index.html")
    article = page.find("article")
    dates = [
        h.get_text(" ", strip=True).rstrip("¶").strip()
        for h in article.find_all("h2")
        if h.get("id", "").startswith("changes-")
    ]
    assert dates and dates == sorted(dates, reverse=True), dates
    entries = article.select("li.change")
    assert len(entries) == len(load_changes().changes)
    for n in range(1, KMS_REVIEW_ROWS + 1):
        assert article.find(id=f"review-kms-{n}"), f"KMS review #{n} is not on the page"
    # Every link to a page of this site resolves to a built page.
    for link in article.select("li.change .change-head a"):
        target = (built_site / "changes" / link["href"] / "index.html").resolve()
        assert target.is_file(), link["href"]
    printed = (built_site / "print_page" / "index.html").read_text(encoding="utf-8")
    # print-site prefixes ids with the page ("changes-review-kms-1") and turns page links into anchors.
    assert "What changed" in printed and 'review-kms-1"' in printed and "KMS review #23" in printed
    assert 'href="#kms-encryption-at-rest">KMS encryption at rest</a>' in printed
