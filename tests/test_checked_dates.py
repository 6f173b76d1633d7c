"""Every section page says when its claims were last checked and against which botocore: the
front matter holds a valid `checked:` date and `botocore:` version, the page shows both under
its title, and the handout prints them. A page without them stops the build."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from macros.checked import problems, section_pages
from tests.support import ROOT, build_fails, read_page


def front_matter(page: str) -> dict:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    assert match, f"docs/{page} has no front matter"
    return yaml.safe_load(match.group(1))


def site_page(site, page: str):
    """The built HTML of docs page `page` (directory URLs: kms/access-control.md -> kms/access-control/index.html)."""
    return site / (
        page.replace("index.md", "index.html")
        if page.endswith("index.md")
        else page.removesuffix(".md") + "/index.html"
    )


BLOG_SECTION_PAGES = {
    "kms/index.md",
    "kms/access-control.md",
    "kms/encryption-at-rest.md",
    "cognito/index.md",
    "cognito/security.md",
    "cognito-sync/index.md",
    "security-review/index.md",
}


def test_the_seven_blog_section_pages_are_section_pages():
    # Sections beyond the blog add to these; the blog's seven must stay.
    assert BLOG_SECTION_PAGES <= set(section_pages()), section_pages()


@pytest.mark.parametrize("page", section_pages())
def test_section_page_has_a_valid_checked_date_and_botocore_version(page):
    meta = front_matter(page)
    assert not problems(meta), f"docs/{page}: {problems(meta)}"


@pytest.mark.parametrize(
    ("meta", "fragment"),
    [
        ({"botocore": "1.44.8"}, "'checked: None' is not a date"),
        ({"checked": "3 December 2026", "botocore": "1.44.8"}, "is not a date"),
        ({"checked": dt.date(2999, 1, 1), "botocore": "1.44.8"}, "is in the future"),
        ({"checked": dt.date(2026, 12, 3)}, "'botocore: None' is not a botocore release"),
        ({"checked": dt.date(2026, 12, 3), "botocore": 1.44}, "'botocore: 1.44' is not a botocore release"),
        ({"checked": dt.date(2026, 12, 3), "botocore": "latest"}, "is not a botocore release"),
    ],
)
def test_a_planted_bad_value_is_reported(meta, fragment):
    found = problems(meta, today=dt.date(2026, 12, 3))
    assert any(fragment in p for p in found), found


def test_a_section_page_with_a_bad_date_stops_the_build(minimal_copy):
    page = minimal_copy / "docs" / "kms" / "access-control.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("checked: 2026-12-03", "checked: last week", 1), encoding="utf-8"
    )
    build_fails(minimal_copy, "docs/kms/access-control.md", "'checked: last week' is not a date", "Fix:")


@pytest.mark.parametrize("page", section_pages())
def test_the_page_shows_the_date_and_version_under_its_title(built_site, page):
    meta = front_matter(page)
    soup = read_page(site_page(built_site, page))
    h1 = soup.find("article").find("h1")
    line = h1.find_next_sibling()
    assert line is not None and "page-checked" in line.get("class", []), (
        f"{page}: no checked line right under the title"
    )
    assert line.find("time")["datetime"] == str(meta["checked"])
    assert f"botocore {meta['botocore']}" in line.get_text(" ", strip=True)


def test_the_handout_prints_every_checked_line(built_site):
    soup = read_page(built_site / "print_page" / "index.html")
    printed = sorted(
        t["datetime"] + " " + p["data-botocore"] for p in soup.select(".page-checked") for t in p.select("time")
    )
    wanted = sorted(f"{front_matter(page)['checked']} {front_matter(page)['botocore']}" for page in section_pages())
    assert printed == wanted
