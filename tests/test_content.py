"""The study content: every section page has its parts, enough original explanation, and no
passage copied from the blog."""

from __future__ import annotations

import hashlib
import re

import pytest
from bs4 import BeautifulSoup

from macros.registry import load_registry
from tests.support import ROOT, built_page, read_page

SECTIONS = load_registry().sections
NOT_PROSE = (
    ".quiz, .quiz-sheet, .quiz-question, .resources-box, .example, figure, .objectives, pre, code, table, .headerlink"
)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "").replace("'", ""))


def explanation_words(article) -> int:
    article = BeautifulSoup(str(article), "html.parser")
    for node in article.select(NOT_PROSE):
        node.decompose()
    return len(words(article.get_text(" ")))


@pytest.fixture(scope="module")
def pages(built_site):
    return {s.id: read_page(built_page(built_site, s.page)).find("article") for s in SECTIONS}


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.id)
def test_section_page_has_every_part(pages, section):
    article = pages[section.id]
    assert article.select_one(".admonition.objectives"), "learning objectives (page_intro)"
    assert "DVA-C02" in article.select_one(".admonition.objectives").get_text()
    assert article.select_one(".admonition.then-and-now"), "at least one Then and now note"
    assert article.select_one(".admonition.exam-trap"), "an Exam traps box"
    assert article.select_one("section.resources-box"), "the Resources box"
    assert article.find(id="question-sheet"), "the question sheet"


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.id)
def test_every_second_level_heading_has_a_citation(pages, section):
    article = pages[section.id]
    missing = []
    for h2 in article.find_all("h2"):
        if h2.get("id") in ("question-sheet", "resources-heading"):
            continue
        cited = False
        for sibling in h2.find_next_siblings():
            if sibling.name == "h2" or sibling.find("h2"):
                break
            if sibling.select("a.cite") or (sibling.name == "a" and "cite" in sibling.get("class", [])):
                cited = True
                break
        if not cited:
            missing.append(h2.get_text(" ", strip=True).rstrip("¶"))
    assert not missing, f"{section.page}: cite a registry resource under: {missing}"


def test_enough_original_explanation(pages):
    counts = {sid: explanation_words(article) for sid, article in pages.items()}
    short = {sid: n for sid, n in counts.items() if n < 600}
    assert not short, f"section pages under 600 words: {short}"
    assert sum(counts.values()) >= 8000, counts


def test_no_passage_of_eight_words_repeats_the_blog():
    blog = set((ROOT / "tests/fixtures/blog-8gram-hashes.txt").read_text().split("\n")[2:])
    flagged = []
    for md in sorted((ROOT / "docs").rglob("*.md")):
        if md.relative_to(ROOT / "docs").parts[0].startswith("_"):
            continue
        w = words(re.sub(r"\{\{.*?\}\}", " ", md.read_text(encoding="utf-8"), flags=re.S))
        for i in range(len(w) - 7):
            run = " ".join(w[i : i + 8])
            if hashlib.sha1(run.encode()).hexdigest()[:16] in blog:
                flagged.append(f"{md.relative_to(ROOT)}: '{run}'")
    assert not flagged, "rewrite these runs in your own words:\n" + "\n".join(flagged)
