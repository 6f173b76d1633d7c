"""Pages and the home page's table of contents, as built."""

from __future__ import annotations

import re
from pathlib import Path

from macros.registry import load_registry
from tests.support import ROOT, read_page

URL_IN_SOURCE = re.compile(r"https?://", re.I)


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_pages_never_write_an_external_url_by_hand():
    offenders = []
    for md in sorted((ROOT / "docs").rglob("*.md")):
        rel = md.relative_to(ROOT / "docs")
        if rel.parts[0].startswith("_"):
            continue  # data and examples, not pages
        for n, line in enumerate(md.read_text(encoding="utf-8").splitlines(), 1):
            if URL_IN_SOURCE.search(line):
                offenders.append(f"docs/{rel}:{n}: {line.strip()[:90]}")
    assert not offenders, "cite a registry id instead of writing the URL:\n" + "\n".join(offenders)


def test_home_page_has_the_complete_linked_table_of_contents(built_site):
    reg = load_registry()
    page = read_page(built_site / "index.html")
    table = page.find("table")
    rows = table.find("tbody").find_all("tr")
    toc = reg.toc_rows()
    assert len(rows) == len(toc) == 22
    for tr, resource in zip(rows, toc):
        cells = tr.find_all("td")
        assert text_of(cells[0]) == str(resource.toc)
        assert text_of(cells[1]) == reg.section(resource.section).title
        assert text_of(cells[2]).startswith(resource.title)
        assert cells[3].find("a")["href"] == resource.url
        local = cells[4].find("a")["href"]
        target = built_site / local.split("#")[0]
        assert (target / "index.html").exists() or target.exists(), local
        if resource.sheet:
            assert local.endswith("#question-sheet")
        badge = cells[2].find(class_="badge")
        if resource.status == "current":
            assert badge is None
        else:
            assert badge is not None and resource.status in badge["class"][-1]
            assert badge["title"] == resource.note

            def squash(text: str) -> str:
                return re.sub(r"\s+", "", text)  # abbreviation markup splits words

            assert squash(resource.note) in squash(badge.get_text())  # printed, not only on hover


def test_home_page_says_what_the_guide_is_for(built_site):
    text = text_of(read_page(built_site / "index.html").find("article"))
    for phrase in ("DVA-C02", "How to use", "question sheet", "handout"):
        assert phrase.lower() in text.lower(), phrase


def test_every_section_page_has_a_resources_box_from_the_registry(built_site):
    reg = load_registry()
    urls = {r.url for r in reg.resources}
    for section in reg.sections:
        html = built_site / section.page.replace(".md", "") / "index.html"
        if section.page.endswith("index.md"):
            html = built_site / Path(section.page).parent / "index.html"
        box = read_page(html).find("section", class_="resources-box")
        assert box is not None, section.page
        links = [a["href"] for a in box.find_all("a", class_="resource-link")]
        assert links and set(links) <= urls
        for row in reg.toc_rows():
            if row.section == section.id:
                assert row.url in links, f"{section.page} must list its table-of-contents row {row.id}"


def test_navigation_mirrors_the_blog_order(built_site):
    tabs = [text_of(a) for a in read_page(built_site / "index.html").select("nav.md-tabs a.md-tabs__link")]
    order = ["AWS KMS", "Amazon Cognito", "Security review"]
    assert [t for t in tabs if t in order] == order
    side = [
        text_of(a) for a in read_page(built_site / "kms" / "index.html").select("nav.md-nav--primary a.md-nav__link")
    ]
    wanted = [
        "KMS overview and concepts",
        "KMS access control",
        "KMS encryption at rest",
        "Cognito overview",
        "Cognito security",
        "Cognito Sync (legacy)",
    ]
    positions = [next(i for i, t in enumerate(side) if t.startswith(w)) for w in wanted]
    assert positions == sorted(positions)
