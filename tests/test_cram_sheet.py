"""The cram sheet: `make handout` (scripts/handout.py) prints the hidden page review/cram-sheet/
to cram-sheet.pdf. Read back (pages and fonts with pypdf, text with pdftotext): A4 (or Letter
with PAPER=letter), at most 12 pages, in the bundled fonts, carrying every exam trap, every key
number, the key tables, every diagram's steps and every then-and-now note; the page stays out of
the navigation and the handout, and the home page and the handout's cover link the PDF."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.facts import load_facts
from macros.practice import all_traps, plain
from macros.practice_pages import NOT_KEY_NUMBERS
from scripts.handout import CRAM_MAX_PAGES, HandoutError, render_cram
from tests.support import pdf_page_texts, read_page, require_tool

A4 = (595, 842)
LETTER = (612, 792)
BUNDLED_FONTS = ("Roboto", "RobotoMono")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def page_sizes(reader) -> list[tuple[int, int]]:
    """Each page's size in whole points (Chromium writes A4 as 595.92 x 842.88)."""
    return [(int(float(p.mediabox.width)), int(float(p.mediabox.height))) for p in reader.pages]


def read(path: Path):
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    sizes = page_sizes(reader)
    text = "".join(pdf_page_texts(path))
    fonts = set()
    for p in reader.pages:
        for font in (p.get("/Resources", {}).get("/Font", {}) or {}).values():
            obj = font.get_object()
            name = str(obj.get("/BaseFont", ""))
            if not name and "/FontDescriptor" in obj:
                name = str(obj["/FontDescriptor"].get_object().get("/FontName", ""))
            fonts.add(name.split("+")[-1].lstrip("/"))
    return sizes, squash(text), fonts


@pytest.fixture(scope="module")
def cram(printed_pdfs):
    # The sheet `make handout` printed beside the handout (tests/conftest.py printed_pdfs).
    return read(printed_pdfs["cram"])


def test_a4_two_columns_at_most_twelve_pages(cram):
    sizes, text, fonts = cram
    assert 1 <= len(sizes) <= CRAM_MAX_PAGES == 12
    assert set(sizes) == {A4}
    assert fonts and all(f.startswith(BUNDLED_FONTS) for f in fonts), fonts
    assert "Cramsheet:DVA-C02Security" in text


def test_every_exam_trap_and_key_number_is_on_it(cram):
    _, text, _ = cram
    traps = [t for _, ts in all_traps() for t in ts]
    assert len(traps) >= 20
    missing = [t for t in traps if squash(plain(t)) not in text]
    assert missing == []
    numbers = [f.text() for f in load_facts().facts if f.unit not in NOT_KEY_NUMBERS]
    assert len(numbers) >= 80
    assert [n for n in numbers if squash(n) not in text] == []


def test_diagram_steps_notes_and_tables_are_on_it(cram, built_site):
    _, text, _ = cram
    soup = read_page(built_site / "review/cram-sheet/index.html")
    steps = soup.select(".cram-steps li")
    assert len(steps) >= 8 and all(squash(li.get_text()) in text for li in steps[:: max(1, len(steps) // 10)])
    assert len(soup.select(".cram-notes li")) >= 10
    tables = soup.select(".cram-table table")
    assert tables, "the pages' comparison tables"
    assert squash(tables[0].select_one("th").get_text()) in text
    assert "{{" not in soup.select_one(".cram").get_text()


def test_letter_paper(built_site, tmp_path):
    require_tool("chromium")
    out = tmp_path / "letter.pdf"
    result = render_cram(built_site, out, "letter")
    from pypdf import PdfReader

    assert set(page_sizes(PdfReader(str(out)))) == {LETTER} and result.pages <= CRAM_MAX_PAGES


def test_too_many_pages_stops_the_script(tmp_path, monkeypatch):
    # A three-page sheet against a limit of two: the script stops and says how to shorten it.
    require_tool("chromium")
    import scripts.handout as handout

    page = tmp_path / "site" / handout.CRAM_PAGE
    page.parent.mkdir(parents=True)
    sheets = "".join(f'<p style="break-after: page">Sheet {n}</p>' for n in range(3))
    page.write_text(f"<!doctype html><title>cram</title>{sheets}", encoding="utf-8")
    monkeypatch.setattr(handout, "CRAM_MAX_PAGES", 2)
    with pytest.raises(HandoutError, match="has 3 pages; the cram sheet may have at most 2"):
        handout.render_cram(tmp_path / "site", tmp_path / "c.pdf")
    assert not (tmp_path / "c.pdf").exists()


def test_hidden_from_navigation_and_handout_but_linked(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="cram-sheet.pdf"' in home
    nav = BeautifulSoup(home, "html.parser").select(".md-nav a")
    assert not any("cram-sheet" in (a.get("href") or "") for a in nav)
    printed = (built_site / "print_page/index.html").read_text(encoding="utf-8")
    assert 'href="../cram-sheet.pdf"' in printed and 'class="cram"' not in printed
    page = (built_site / "review/cram-sheet/index.html").read_text(encoding="utf-8")
    assert "assets/css/cram.css" in page and "cram.css" not in home
