"""The printable revision handout: `make handout` (scripts/handout.py) prints the site's print page
to a PDF with headless Chromium. These tests read the PDF back (its text with poppler's pdftotext;
its pages, fonts and images with pypdf) and check what a reader holds in their hands: cover,
contents, every part, every cited address, every question once on its sheet and once in the
answer key, page size and page numbers. The print stylesheet is also
checked on a single page, as a reader pressing Ctrl+P gets it."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlparse
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from macros.qr import qr_svg
from macros.quiz import load_banks
from macros.registry import load_registry
from tests.support import (
    ROOT,
    launch_chromium,
    load_hook,
    pdf_page_texts,
    read_mkdocs_config,
    read_page,
    require_tool,
    run_handout,
)

A4 = (595, 842)
LETTER = (612, 792)
handout_hook = load_hook("handout")
# The faces docs/assets/css/fonts.css bundles: the PDF may embed these and nothing else.
BUNDLED_FONTS = ("Roboto", "RobotoMono", "Roboto-", "RobotoMono-")
LIGATURES = re.compile("[\ufb00-\ufb06]")  # ff fi fl ffi ffl ſt st as single code points


def squash(text: str) -> str:
    """Text without any whitespace: the PDF wraps lines (and URLs) wherever the page ends."""
    return re.sub(r"\s+", "", text)


@dataclass
class Handout:
    path: Path
    sizes: list[tuple[float, float]]
    texts: list[str]  # NFKC-normalised, as a reader's search matches them
    raw_texts: list[str]  # as pdftotext extracts them
    images: list[int]

    @property
    def body(self) -> str:
        """The text without the page footers, which would split a URL wrapped across a page."""
        return "\n".join(footer_free(t) for t in self.texts)


def nfkc(text: str) -> str:
    """Compatibility forms folded (a ligature U+FB01 becomes "fi"), as PDF readers' search does."""
    return unicodedata.normalize("NFKC", text)


@pytest.fixture(scope="session")
def handout(printed_pdfs) -> Handout:
    from pypdf import PdfReader

    out = printed_pdfs["handout"]
    pages = PdfReader(str(out)).pages
    raw = pdf_page_texts(out)
    assert len(raw) == len(pages), f"pdftotext read {len(raw)} pages of {out}; pypdf counts {len(pages)}"
    return Handout(
        path=out,
        sizes=[(float(p.mediabox.width), float(p.mediabox.height)) for p in pages],
        texts=[nfkc(t) for t in raw],
        raw_texts=raw,
        # XObjects a page draws (images, forms): counting them is enough to tell a page is not
        # blank, and unlike pypdf's page.images it decodes nothing (35 s for the whole book).
        images=[len((p.get("/Resources") or {}).get("/XObject") or {}) for p in pages],
    )


def printed_pages(built_site: Path) -> list[tuple[str, Path]]:
    """(print-page key, built HTML) of every page the print page holds, in nav order. print-site
    keys a page by its URL with '/' turned into '-' ('kms/access-control/' -> 'kms-access-control')."""
    by_key = {}
    for html in built_site.rglob("index.html"):
        rel = html.parent.relative_to(built_site).as_posix()
        by_key["index" if rel == "." else rel.replace("/", "-")] = html
    sections = read_page(built_site / "print_page" / "index.html").select("#print-site-page section.print-page[id]")
    keys = [s["id"] for s in sections if "md-section" not in s.get("class", [])]
    missing = [k for k in keys if k not in by_key]
    assert not missing, f"print sections without a built page: {missing}"
    return [(k, by_key[k]) for k in keys]


def page_title(html: Path) -> str:
    return read_page(html).select_one("article h1").get_text(" ", strip=True).replace("¶", "").strip()


SITE_NAME = read_mkdocs_config()["site_name"]
# scripts/handout.py's footer, two page-margin boxes that pypdf reads in either order:
# "<site name> · <version>" and "Page N of M".
FOOTER = (re.compile(re.escape(SITE_NAME) + r" · [^\n]*?(?=Page \d+ of \d+|\n|$)"), re.compile(r"Page \d+ of \d+"))


def footer_free(text: str) -> str:
    for part in FOOTER:
        text = part.sub("", text, count=1)
    return text.strip()


def embedded_fonts(path: Path) -> set[str]:
    """The base names of every font the PDF embeds, without the subset tag (ABCDEF+Roboto)."""
    from pypdf import PdfReader

    def name(font) -> str:
        # Type 3 fonts (Chromium draws some glyphs so) have no /BaseFont: their descriptor names the family.
        descriptor = font.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        found = font.get("/BaseFont") or descriptor.get("/FontName") or descriptor.get("/FontFamily") or "?"
        return str(found).lstrip("/").split("+", 1)[-1].replace(" ", "")

    names = set()
    for page in PdfReader(str(path)).pages:
        resources = page.get("/Resources") or {}
        fonts = resources.get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            names.add(name(font))
            for descendant in font.get("/DescendantFonts") or []:
                names.add(name(descendant.get_object()))
    return names


def test_the_pdf_embeds_only_the_bundled_fonts(handout):
    fonts = embedded_fonts(handout.path)
    assert fonts, "no fonts found in the PDF: the check is not reading it"
    foreign = sorted(f for f in fonts if not f.startswith(BUNDLED_FONTS))
    assert not foreign, (
        f"the handout embeds fonts the site does not bundle (the printing machine's own): {foreign}; all: {sorted(fonts)}"
    )


def test_no_ligature_replaces_plain_letters_in_the_pdf_text(handout):
    found = sorted({(n, m.group(0)) for n, text in enumerate(handout.raw_texts, 1) for m in LIGATURES.finditer(text)})
    assert not found, (
        f"ligature code points a reader would copy instead of plain letters (page, character): {found[:10]}"
    )


def test_the_pdf_exists_and_every_page_is_a4(handout):
    assert handout.path.stat().st_size > 100_000
    wrong = [
        (n, size) for n, size in enumerate(handout.sizes, 1) if abs(size[0] - A4[0]) > 2 or abs(size[1] - A4[1]) > 2
    ]
    assert not wrong, f"pages that are not A4 (595x842 pt): {wrong[:5]}"


@pytest.mark.browser
def test_paper_letter_prints_us_letter(tmp_path):
    # A second render of a tiny page: PAPER=letter (as in `PAPER=letter make handout`) reaches the PDF.
    require_tool("chromium")
    from pypdf import PdfReader

    site = tmp_path / "site"
    (site / "print_page").mkdir(parents=True)
    (site / "print_page" / "index.html").write_text(
        "<!doctype html><title>t</title><p>Letter test</p>", encoding="utf-8"
    )
    result = run_handout(str(site), "--no-cram", env={"PAPER": "letter"})  # the tiny site has no cram sheet page
    assert result.returncode == 0, result.stderr
    box = PdfReader(str(site / "handout.pdf")).pages[0].mediabox
    assert abs(float(box.width) - LETTER[0]) <= 2 and abs(float(box.height) - LETTER[1]) <= 2


def test_an_unknown_paper_or_a_missing_site_fails_with_the_fix(tmp_path):
    bad_paper = run_handout(str(tmp_path), "--paper", "a5")
    assert bad_paper.returncode == 1 and "unknown paper 'a5'" in bad_paper.stderr and "letter" in bad_paper.stderr
    no_site = run_handout(str(tmp_path / "nowhere"))
    assert no_site.returncode == 1 and "make build" in no_site.stderr
    assert "Traceback" not in bad_paper.stderr + no_site.stderr


def test_no_page_is_blank(handout):
    blank = [
        n
        for n, (text, images) in enumerate(zip(handout.texts, handout.images), 1)
        if not footer_free(text) and not images
    ]
    assert not blank, f"blank pages: {blank}"


def test_every_page_is_numbered_in_the_footer(handout):
    total = len(handout.texts)
    missing = [n for n, text in enumerate(handout.texts, 1) if f"Page {n} of {total}" not in text]
    assert not missing, f"pages without 'Page N of {total}': {missing[:10]}"


def test_the_page_count_fits_the_amount_of_text(handout):
    # A page of this layout holds about 150 words (a page of QR codes or a diagram) to 600
    # (dense prose). Fewer words per page than 120 means space is wasted (a stray page break
    # per block, an oversized figure); more than 700 means something is cut off or shrunk.
    words = sum(len(footer_free(t).split()) for t in handout.texts)
    pages = len(handout.texts)
    assert words / 700 <= pages <= words / 120, f"{pages} pages for {words} words ({words / pages:.0f} a page)"
    assert 20 <= pages <= 400, pages


def test_the_cover_has_the_title_the_date_and_the_version(handout, built_site):
    cover = handout.texts[0]
    assert squash(SITE_NAME) in squash(footer_free(cover))
    assert re.search(r"Date\s*\d{4}-\d{2}-\d{2}", cover), cover
    # The version the build wrote (git_version(): the commit, see the next test) is on the cover.
    version = read_page(built_site / "print_page" / "index.html").select_one(".handout-version").get_text(strip=True)
    assert re.fullmatch(r"[0-9a-f]{7,}( \(with uncommitted changes\))?|unversioned", version), version
    assert re.search(rf"Version\s*{re.escape(version)}", cover), cover


def test_the_version_is_the_commit_and_falls_back_outside_git(tmp_path):
    assert handout_hook.git_version(tmp_path) == "unversioned"
    sha = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    if sha:  # a source tarball has no .git: then the fallback above is all there is
        assert handout_hook.git_version(ROOT).split(" ")[0] == sha


def test_a_table_of_contents_follows_the_cover(handout, built_site):
    from macros.pages import nav_titles

    toc = squash(handout.texts[1])
    assert "TableofContents" in toc
    titles = nav_titles(read_mkdocs_config()["nav"])  # the ToC lists pages by their nav titles
    for key, _ in printed_pages(built_site):
        src = (
            "index.md"
            if key == "index"
            else next(p for p in titles if p[:-3].replace("/index", "").replace("/", "-") == key)
        )
        assert squash(titles[src]) in toc, f"{titles[src]} is not in the table of contents"


def test_every_chapter_starts_a_page_with_its_numbered_title(handout, built_site):
    print_html = (built_site / "print_page" / "index.html").read_text(encoding="utf-8")
    numbers = dict(re.findall(r"#([\w-]+) > h1:before \{ content: '([\d.]+) ' \}", print_html))
    starts = [squash(footer_free(t))[:200] for t in handout.texts]
    for key, page in printed_pages(built_site):
        heading = squash(f"{numbers[key]} {page_title(page)}")
        # A part's first chapter shares the page with the part's title ("3 AWS KMS").
        assert any(
            s.startswith(heading) or re.match(r"^\d+[^\d.][^.]{0,60}?" + re.escape(heading), s) for s in starts
        ), f"no page starts with {heading}"


def test_chapter_numbers_have_no_gaps(built_site):
    # The excluded mixed review must not leave "6.1" missing before "6.2".
    print_html = (built_site / "print_page" / "index.html").read_text(encoding="utf-8")
    numbers = re.findall(r"> h1:before \{ content: '([\d.]+) ' \}", print_html)
    by_parent: dict[str, list[int]] = {}
    for n in numbers:
        parent, _, last = n.rpartition(".")
        by_parent.setdefault(parent, []).append(int(last))
    for parent, seq in by_parent.items():
        assert sorted(seq) == list(range(1, len(seq) + 1)), (
            f"numbering under '{parent or 'top'}' has gaps: {sorted(seq)}"
        )


def test_every_section_title_is_printed(handout):
    body = squash(handout.body)
    for section in load_registry().sections:
        assert squash(section.title) in body, section.title


def test_every_table_of_contents_resource_title_is_printed(handout):
    body = squash(handout.body)
    missing = [r.title for r in load_registry().toc_rows() if squash(r.title) not in body]
    assert not missing, missing


def cited_urls(built_site: Path) -> set[str]:
    urls = set()
    for _, page in printed_pages(built_site):
        for a in read_page(page).select("article a.cite, article .resources-box a.resource-link"):
            urls.add(a["href"])
    return urls


def test_every_cited_address_is_printed_in_full(handout, built_site):
    body = squash(handout.body)
    urls = cited_urls(built_site)
    assert len(urls) > 20
    missing = sorted(u for u in urls if squash(u) not in body)
    assert not missing, f"cited URLs not printed: {missing[:10]}"


def test_every_resources_entry_carries_a_qr_code_of_its_own_address(built_site):
    import html as html_lib

    entries = 0
    for _, page in printed_pages(built_site):
        for li in read_page(page).select(".resources-box li"):
            url = li.select_one("a.resource-link")["href"]
            code = li.select_one(".resource-qr")
            assert code is not None and code.get("aria-hidden") == "true", f"{page}: no QR code for {url}"
            expected = BeautifulSoup(
                f'<span class="resource-qr" aria-hidden="true">{qr_svg(html_lib.unescape(url))}</span>', "html.parser"
            )
            assert str(code) == str(expected), f"{page}: the QR code of {url} encodes something else"
            entries += 1
    assert entries > 20


def prompt_key(prompt: str) -> str:
    # The sheet renders `code` without backticks; 60 characters identify a prompt.
    return squash(prompt.replace("`", ""))[:60]


def test_every_question_prints_once_on_its_sheet_and_once_in_the_answer_key(handout):
    body = squash(handout.body)
    split = [m.start() for m in re.finditer(r"\d+(?:\.\d+)*Answerkey", body)][
        -1
    ]  # the last one: the key itself, after the contents
    sheets, key = body[:split], body[split:]
    questions = load_banks().questions()
    assert questions
    problems = []
    for q in questions:
        k = prompt_key(q.prompt)
        if sheets.count(k) != 1:
            problems.append(f"{q.id}: {sheets.count(k)} times on the sheets")
        if key.count(k) != 1:
            problems.append(f"{q.id}: {key.count(k)} times in the answer key")
    assert not problems, "\n".join(problems[:15]) + f"\n({len(problems)} problems)"


def test_the_answer_key_gives_each_answer_explanation_and_source(handout):
    body = squash(handout.body)
    key = body[[m.start() for m in re.finditer(r"\d+(?:\.\d+)*Answerkey", body)][-1] :]
    missing = []
    for q in load_banks().questions():
        url = load_registry().get(q.source_id, q.id).url + (f"#{q.source_anchor}" if q.source_anchor else "")
        if squash(q.explanation.replace("`", ""))[:60] not in key or squash(url) not in key:
            missing.append(q.id)
    assert not missing, missing[:10]


def test_no_answers_navigation_or_buttons_on_the_sheets(handout):
    body = handout.body
    for screen_only in (
        "Answer and explanation",
        "Skip to content",
        "Reset answers",
        "Made with",
        "Revision handout (PDF)",
        "Score: 0 of",
    ):
        assert screen_only not in body, f"{screen_only!r} is printed"


def test_diagrams_print_as_vector_with_their_numbered_steps(handout, built_site):
    # A rasterised diagram would carry no text: its labels must be extractable from the PDF.
    body = squash(handout.body)
    figures = 0
    for _, page in printed_pages(built_site):
        for figure in read_page(page).select("figure.diagram"):
            img = figure.select_one("img")
            assert img["src"].endswith(".svg")
            svg = ElementTree.parse(page.parent / img["src"])
            texts = ("".join(t.itertext()).strip() for t in svg.iter() if t.tag.endswith("}text") or t.tag == "text")
            labels = [t for t in texts if len(t) > 3]
            assert labels and sum(squash(label) in body for label in labels) >= len(labels) * 0.8, (
                f"{img['src']}: labels missing from the PDF"
            )
            for step in figure.select(".diagram-steps li .diagram-step-label"):
                assert squash(step.get_text()) in body, f"step {step.get_text()!r} of {img['src']} is not printed"
            figures += 1
    assert figures >= 3


def test_every_page_links_the_handout_where_make_handout_writes_it(built_site):
    # The link is relative (it works under site_url's path); its target is where the script
    # writes by default (test_paper_letter_prints_us_letter reads the PDF from there).
    # Every page a reader opens; not the question files the mixed review fetches into itself.
    pages = [p for p in sorted(built_site.rglob("*.html")) if p.relative_to(built_site).parts[0] != "assets"]
    assert len(pages) >= 20
    for page in pages:
        if page.name == "404.html":
            continue
        link = read_page(page).select_one("a.handout-link")
        assert link is not None, f"{page.relative_to(built_site)} has no handout link"
        assert not urlparse(link["href"]).scheme, link["href"]
        target = urljoin(page.relative_to(built_site).as_posix(), link["href"])
        assert target == "handout.pdf", f"{page.relative_to(built_site)}: {link['href']} resolves to {target}"


def test_a_link_into_an_excluded_page_goes_online_and_an_unknown_anchor_fails(built_site):
    from mkdocs.exceptions import PluginError

    class Page:
        url = "review/"

    html = '<h1 id="kms">K</h1><a href="#review">mixed</a><a href="#review-questions">q</a><a href="#kms">k</a>'
    fixed = handout_hook.retarget_dangling_links(html, [Page()], "print_page/")
    assert 'href="../review/"' in fixed and 'href="../review/#questions"' in fixed and 'href="#kms"' in fixed
    with pytest.raises(PluginError, match="#nowhere"):
        handout_hook.retarget_dangling_links('<a href="#nowhere">x</a>', [Page()], "print_page/")
    printed = (built_site / "print_page" / "index.html").read_text(encoding="utf-8")
    assert 'href="#review"' not in printed


# Ctrl+P on a single page: the print stylesheet, in print media, on the dark scheme.
@pytest.fixture(scope="module")
def printed_page(built_site):
    require_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(color_scheme="dark")
        page.goto((built_site / "kms" / "index.html").as_uri())
        page.evaluate("""() => {
            document.body.setAttribute("data-md-color-scheme", "slate");
            const d = document.createElement("details");
            d.className = "note"; d.id = "probe-details";
            d.innerHTML = "<summary>More</summary><p>Hidden until printed</p>";
            document.querySelector("article").append(d);
        }""")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        page.emulate_media(media="print", color_scheme="dark")
        yield page
        browser.close()


def style(page, selector: str, prop: str, pseudo: str | None = None) -> str:
    return page.evaluate(
        "([s, p, ps]) => { const el = document.querySelector(s); return el ? getComputedStyle(el, ps).getPropertyValue(p) : null; }",
        [selector, prop, pseudo],
    )


def test_ctrl_p_hides_navigation_search_and_buttons(printed_page):
    for selector in (
        ".md-header",
        ".md-tabs",
        ".md-sidebar--primary",
        ".md-footer",
        ".md-search",
        ".md-content__button",
        ".quiz-check",
    ):
        shown = style(printed_page, selector, "display")
        assert shown is not None, f"{selector} is not on the page: the check would prove nothing"
        assert shown == "none", f"{selector} prints (display: {shown})"


def test_ctrl_p_prints_light_even_on_the_dark_scheme(printed_page):
    assert printed_page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    for selector in ("body", ".md-main", ".md-content"):
        assert style(printed_page, selector, "background-color") in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), selector


def test_ctrl_p_opens_collapsed_blocks_but_not_quiz_answers(printed_page):
    assert printed_page.evaluate("document.getElementById('probe-details').open")
    assert printed_page.evaluate("[...document.querySelectorAll('details.quiz-answer')].every((d) => !d.open)")
    assert style(printed_page, "details.quiz-answer", "display") == "none"


def test_ctrl_p_marks_exam_traps_and_then_and_now_without_colour(printed_page):
    trap_border = style(printed_page, ".admonition.exam-trap", "border-left-style")
    then_border = style(printed_page, ".admonition.then-and-now", "border-left-style")
    assert trap_border and then_border and trap_border != then_border, (trap_border, then_border)
    for selector in (".exam-trap > .admonition-title", ".then-and-now > .admonition-title"):
        assert int(style(printed_page, selector, "font-weight")) >= 700
        assert style(printed_page, selector, "text-transform") == "uppercase"
        assert "gradient" in style(printed_page, selector, "background-image"), f"{selector} has no pattern"
    assert style(printed_page, ".exam-trap > .admonition-title", "background-image") != style(
        printed_page, ".then-and-now > .admonition-title", "background-image"
    )


def test_ctrl_p_shows_citation_numbers_and_qr_codes(printed_page):
    assert re.fullmatch(r'" \[\d+\]"', style(printed_page, "a.cite", "content", "::after"))
    assert style(printed_page, ".resource-qr", "display") == "block"
    assert style(printed_page, ".resources-box .resource-url", "display") == "block"
