"""The glossary page and the abbreviation tooltips come from one file, docs/_data/abbreviations.md."""

from __future__ import annotations

import re

import pytest

from macros.errors import SiteDataError
from macros.glossary import load_abbreviations, render_glossary
from tests.support import ROOT, read_page

# All-capital words on pages that are API values or plain emphasis, not abbreviations.
NOT_ABBREVIATIONS = {
    "AWS",
    "ENABLED",
    "DISABLED",
    "TOKEN",
    "REQUEST",
    "OPTIONS",
    "GET",
    "PUT",
    "POST",
    "HEAD",
    "MOST",
    "BEST",
    "LEAST",
    "NOT",
    "ID",
    "MB",
    "KB",
    "GB",
    "README",
}
CAPS = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*(?![\w-])")


def page_prose(text: str) -> str:
    """A page's Markdown without the parts the abbr extension never marks up: front matter,
    code, macro calls, HTML tags and link targets."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def test_every_abbreviation_on_a_page_has_a_definition():
    defined = {term for term, _ in load_abbreviations()}
    missing = {}
    for md in sorted((ROOT / "docs").rglob("*.md")):
        rel = md.relative_to(ROOT / "docs")
        if rel.parts[0].startswith("_"):
            continue
        for word in CAPS.findall(page_prose(md.read_text(encoding="utf-8"))):
            # The abbr extension also marks a defined part of a compound: AES in AES-256.
            parts = [p for p in word.split("-") if not p.isdigit()]
            covered = word in defined or all(p in defined or p in NOT_ABBREVIATIONS for p in parts)
            if not covered and word not in NOT_ABBREVIATIONS:
                missing.setdefault(word, str(rel))
    assert not missing, "add these to docs/_data/abbreviations.md: " + ", ".join(
        f"{w} ({p})" for w, p in sorted(missing.items())
    )


def test_a_stray_line_fails_loudly_with_file_and_line(tmp_path):
    path = tmp_path / "abbreviations.md"
    path.write_text("*[KMS]: AWS Key Management Service\nThis sentence would appear on every page.\n", encoding="utf-8")
    with pytest.raises(SiteDataError) as err:
        load_abbreviations(path)
    assert "abbreviations.md:2" in str(err.value)


def test_a_term_defined_twice_fails(tmp_path):
    path = tmp_path / "abbreviations.md"
    path.write_text("*[KMS]: one\n*[KMS]: two\n", encoding="utf-8")
    with pytest.raises(SiteDataError, match="defined twice"):
        load_abbreviations(path)


def test_glossary_escapes_its_data():
    html = render_glossary([("<b>", "a & <script>x</script>")])
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html


def test_glossary_page_lists_every_definition_in_order(built_site):
    entries = load_abbreviations()
    page = read_page(built_site / "review" / "glossary" / "index.html")
    dl = page.find("dl", class_="glossary")
    terms = [dt.get_text() for dt in dl.find_all("dt")]
    definitions = [" ".join(dd.get_text().split()) for dd in dl.find_all("dd")]
    assert terms == [t for t, _ in entries]
    assert terms == sorted(terms, key=str.casefold)
    assert definitions == [d for _, d in entries]


def test_pages_carry_the_tooltips(built_site):
    page = read_page(built_site / "security-review" / "index.html")
    titles = {abbr.get_text(): abbr.get("title") for abbr in page.find_all("abbr")}
    assert titles.get("KMS") == dict(load_abbreviations())["KMS"]
