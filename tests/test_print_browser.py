"""Printing a single page straight from the browser (Ctrl+P), as many readers do instead of
using the handout: white paper and dark text from either colour scheme, margins included;
nothing to click on paper; question sheets without answers; question titles never crossed
by their frame, on screen and on paper.

Two things learnt the hard way, which every test here follows:
- Emulate print media BEFORE loading the page. Chromium (156) keeps stale computed styles
  when page.emulate_media(media="print") is called after load: variables switch to their
  print values, but properties using them keep their screen values until something forces a
  restyle. A real print restyles from scratch; an emulation after load does not.
- page.pdf() fires beforeprint and afterprint, like the browser's Print command, so print.js
  runs there. The computed-style checks below do not fire it: they check the CSS alone.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support import require_tool

SECTION_PAGE = "kms/"  # a section page: prose, code, a diagram, a question sheet
# print.css's @page margins (16mm 14mm 18mm), less 2mm of tolerance at the content's edge.
MARGIN_MM = {"top": 14, "right": 12, "bottom": 16, "left": 12}
DPI = 40
WHITE = 245  # a grey level at or above this is paper


# --- helpers --------------------------------------------------------------------------------


def open_page(
    browser, url: str, scheme: str, *, print_media: bool = False, width: int = 1280, storage: str | None = None
):
    """A fresh context in `scheme` ("light" or "dark"), the page loaded and settled."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900}, storage_state=storage)
    page = context.new_page()
    if print_media:
        page.emulate_media(media="print", color_scheme=scheme)  # before goto: see the module docstring
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready")
    return page


def read_pgm(path: Path) -> tuple[int, int, bytes]:
    """(width, height, grey levels) of a binary PGM (P5) file, as pdftoppm -gray writes it."""
    data = path.read_bytes()
    fields, pos = [], 0
    while len(fields) < 4:  # magic, width, height, maxval; whitespace separated, '#' comments
        while data[pos : pos + 1].isspace():
            pos += 1
        if data[pos : pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    assert fields[0] == b"P5", f"{path} is not a binary greyscale PGM"
    width, height = int(fields[1]), int(fields[2])
    pixels = data[pos + 1 :]
    assert len(pixels) == width * height, (path, len(pixels), width * height)
    return width, height, pixels


def rasterise(pdf: Path, out: Path) -> list[Path]:
    """Every page of `pdf` as a greyscale image (pdftoppm, DPI dots per inch)."""
    tool = require_tool("pdftoppm")
    subprocess.run(
        [tool, "-gray", "-r", str(DPI), str(pdf), str(out / "page")], check=True, capture_output=True, timeout=120
    )
    pages = sorted(out.glob("page-*.pgm"))
    assert pages, f"pdftoppm wrote no page images for {pdf}"
    return pages


def margin_bands(width: int, height: int) -> dict[str, tuple[int, int, int, int]]:
    """(x0, y0, x1, y1) of each margin band in pixels. The bottom band stops short of the
    right-hand page number (print.css prints "Page N of M" at the bottom right)."""
    px = {side: round(mm / 25.4 * DPI) for side, mm in MARGIN_MM.items()}
    return {
        "top": (0, 0, width, px["top"]),
        "left": (0, 0, px["left"], height),
        "right": (width - px["right"], 0, width, height),
        "bottom": (0, height - px["bottom"], width // 2, height),
    }


def dark_share(pixels: bytes, width: int, box: tuple[int, int, int, int]) -> float:
    """The share of the pixels in `box` that are not paper."""
    x0, y0, x1, y1 = box
    total = dark = 0
    for y in range(y0, y1):
        row = pixels[y * width + x0 : y * width + x1]
        total += len(row)
        dark += sum(1 for level in row if level < WHITE)
    return dark / total if total else 0.0


# --- 1. margins: white paper from the dark scheme -------------------------------------------


@pytest.mark.parametrize("backgrounds", [True, False], ids=["backgrounds-on", "backgrounds-off"])
def test_a_page_printed_from_the_dark_scheme_has_white_margins(chromium, site_url, tmp_path, backgrounds):
    page = open_page(chromium, site_url + SECTION_PAGE, "dark")
    try:
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate", (
            "the page did not open in the dark scheme"
        )
        pdf = tmp_path / "page.pdf"
        # No size or margin passed: the stylesheet's @page rule decides, as in the browser's dialog.
        page.pdf(path=str(pdf), print_background=backgrounds, prefer_css_page_size=True)
    finally:
        page.context.close()
    images = rasterise(pdf, tmp_path)
    problems = []
    for number, image in enumerate(images, start=1):
        width, height, pixels = read_pgm(image)
        for side, box in margin_bands(width, height).items():
            share = dark_share(pixels, width, box)
            if share > 0:
                problems.append(f"page {number} {side} margin: {share:.0%} not white")
        whole = dark_share(pixels, width, (0, 0, width, height))
        if whole > 0.25:  # text and figures on white cover far less; a dark page, most of it
            problems.append(f"page {number}: {whole:.0%} of the page is not white")
    assert not problems, f"{len(images)} pages printed from the dark scheme ({pdf}):\n" + "\n".join(problems[:20])


# --- 2. the same print from either scheme, whatever print.js does ----------------------------

STYLE_PROPS = [
    "display",
    "visibility",
    "opacity",
    "color",
    "background-color",
    "background-image",
    "border-top-color",
    "border-right-color",
    "border-bottom-color",
    "border-left-color",
    "fill",
    "stroke",
    "filter",
    "box-shadow",
    "text-shadow",
    "color-scheme",
    "text-decoration-color",
    "accent-color",
]

PRINTED_STYLES = """(props) => {
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const roots = [document.documentElement, document.body, ...document.querySelectorAll('.md-container, .md-main, .md-content')];
  const elements = [...roots, ...document.querySelectorAll('article *')];
  return elements.map((el) => { const cs = getComputedStyle(el); return [name(el), props.map((p) => cs.getPropertyValue(p))]; });
}"""


def test_a_page_prints_the_same_from_the_dark_scheme_as_from_the_light(chromium, site_url):
    """Every element of the printed content, compared property by property: colours, borders,
    backgrounds, filters (so diagrams print as in light mode), visibility. Without firing
    beforeprint, so the stylesheets alone must do it (print.js may not run)."""
    styles = {}
    for scheme in ("light", "dark"):
        page = open_page(chromium, site_url + SECTION_PAGE, scheme, print_media=True)
        try:
            styles[scheme] = page.evaluate(PRINTED_STYLES, STYLE_PROPS)
            if scheme == "dark":
                assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        finally:
            page.context.close()
    light, dark = styles["light"], styles["dark"]
    assert [n for n, _ in light] == [n for n, _ in dark], "the two schemes built different pages"
    differences: dict[tuple, int] = {}
    for (element, ours), (_, theirs) in zip(light, dark):
        for prop, a, b in zip(STYLE_PROPS, ours, theirs):
            if a != b:
                key = (element[:70], prop, a, b)
                differences[key] = differences.get(key, 0) + 1
    lines = [
        f"{count} x {el} {prop}: light {a} / dark {b}"
        for (el, prop, a, b), count in sorted(differences.items(), key=lambda kv: -kv[1])
    ]
    assert not lines, f"{len(lines)} printed styles differ between the schemes:\n" + "\n".join(lines[:25])


HIDDEN_IN_PRINT = {
    "the theme toggle": "form[data-md-component=palette], .md-header__option",
    "navigation": ".md-header, .md-tabs, .md-nav, .md-sidebar, .md-footer, .md-path, .md-top",
    "search": ".md-search, .md-search__input",
    "buttons": "button, .md-button, .md-content__button, .md-clipboard",
    "answers": ".quiz-answer, .quiz-feedback, .quiz-key, .quiz-explanation, .quiz-whys",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_nothing_to_click_and_no_answers_print(chromium, site_url, scheme):
    page = open_page(chromium, site_url + SECTION_PAGE, scheme, print_media=True)
    try:
        assert page.locator("form.quiz-question").count() > 0, "the section page has no question sheet"
        shown = {}
        for what, selector in HIDDEN_IN_PRINT.items():
            names = page.evaluate(
                "(s) => [...document.querySelectorAll(s)].filter((el) => el.checkVisibility({visibilityProperty: true})).map((el) => el.outerHTML.slice(0, 80))",
                selector,
            )
            if names:
                shown[what] = names[:3]
        assert not shown, f"printed from the {scheme} scheme: {shown}"
    finally:
        page.context.close()


def test_an_answered_question_prints_like_a_fresh_one(chromium, site_url, tmp_path):
    """A reader answers questions (one wrong, one right), comes back later and prints: the
    sheet prints as the handout's does, without their marks or the verdicts' colours."""
    url = site_url + SECTION_PAGE
    page = open_page(chromium, url, "dark")
    try:
        forms = page.locator("form.quiz-question")
        ids = []
        for index, pick in ((0, "wrong"), (1, "right")):
            form = forms.nth(index)
            answer = [int(n) for n in form.get_attribute("data-answer").split(",")]
            count = form.locator("input.quiz-input").count()
            chosen = answer if pick == "right" else [next(i for i in range(count) if i not in answer)]
            for i in chosen:
                form.locator("input.quiz-input").nth(i).check()
            form.locator(".quiz-check").click()
            assert form.evaluate("(f) => f.classList.contains('is-correct') || f.classList.contains('is-wrong')")
            ids.append(form.get_attribute("id"))
        state = str(tmp_path / "state.json")
        page.context.storage_state(path=state)
    finally:
        page.context.close()

    shots = {}
    for label, storage in (("fresh", None), ("answered", state)):
        printed = open_page(chromium, url, "dark", print_media=True, storage=storage)
        try:
            if label == "answered":
                assert printed.evaluate(
                    "(id) => document.getElementById(id).matches('.is-correct, .is-wrong')", ids[0]
                ), "the answers were not restored"
            printed.evaluate("document.activeElement && document.activeElement.blur()")
            shots[label] = [printed.locator(f"#{qid}").screenshot(animations="disabled") for qid in ids]
        finally:
            printed.context.close()
    for qid, fresh, answered in zip(ids, shots["fresh"], shots["answered"]):
        if fresh != answered:
            (tmp_path / f"{qid}-fresh.png").write_bytes(fresh)
            (tmp_path / f"{qid}-answered.png").write_bytes(answered)
        assert fresh == answered, f"{qid} prints differently once answered: compare {tmp_path}/{qid}-*.png"


# --- 3. question titles and their frame -------------------------------------------------------

# Where a fieldset's frame is painted, from layout boxes alone. By the HTML rendering rules a
# "rendered legend" (the fieldset's first legend child, not floated, not absolutely positioned)
# is centred on the fieldset's top border: the top border is drawn through the middle of the
# legend, not at the top of the fieldset's border box (which Chromium extends up to the legend's
# top). So a wrapped legend is cut by its frame: through its middle line (odd line counts) or
# between two of its lines (even ones); a one-line legend sits on the line, as in the default
# look of a fieldset. The title's text box (the union of its text's line boxes) must lie wholly
# above the painted top border or wholly inside the frame.
TITLE_GEOMETRY = """(selector) => [...document.querySelectorAll(selector)].filter((fs) => fs.checkVisibility()).map((fs) => {
  const legend = [...fs.children].find((c) => c.tagName === 'LEGEND');
  const cs = getComputedStyle(fs), ls = getComputedStyle(legend);
  const border = { top: parseFloat(cs.borderTopWidth), right: parseFloat(cs.borderRightWidth),
                   bottom: parseFloat(cs.borderBottomWidth), left: parseFloat(cs.borderLeftWidth) };
  const box = fs.getBoundingClientRect(), lbox = legend.getBoundingClientRect();
  const rendered = ls.float === 'none' && ls.position !== 'absolute' && ls.position !== 'fixed';
  const frameTop = rendered ? lbox.top + lbox.height / 2 - border.top / 2 : box.top;
  const rects = [];
  const walker = document.createTreeWalker(legend, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    rects.push(...[...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0));
  }
  const text = { top: Math.min(...rects.map((r) => r.top)), bottom: Math.max(...rects.map((r) => r.bottom)),
                 left: Math.min(...rects.map((r) => r.left)), right: Math.max(...rects.map((r) => r.right)) };
  const eps = 0.5;
  const above = text.bottom <= frameTop + eps;
  const inside = text.top >= frameTop + border.top - eps && text.bottom <= box.bottom - border.bottom + eps &&
                 text.left >= box.left + border.left - eps && text.right <= box.right - border.right + eps;
  const form = fs.closest('form');
  return { id: form ? form.id : fs.id, number: (legend.querySelector('.quiz-number') || legend).textContent.trim().slice(0, 40),
           lines: new Set(rects.map((r) => Math.round(r.bottom))).size, frameTop: Math.round(frameTop),
           text: [Math.round(text.top), Math.round(text.bottom)], crossed: !(above || inside) };
})"""


def crossed_titles(page, selector: str = "form.quiz-question > fieldset") -> tuple[list[dict], list[dict]]:
    """(every title measured, those whose text the frame crosses)."""
    titles = page.evaluate(TITLE_GEOMETRY, selector)
    return titles, [t for t in titles if t["crossed"]]


def test_the_title_check_sees_a_crossed_legend(chromium):
    """The measurement itself: a plain fieldset with a wrapped legend (browser defaults) is
    reported as crossed, and one whose legend is outside the frame's flow is not."""
    page = chromium.new_page(viewport={"width": 400, "height": 600})
    try:
        legend = "A question long enough to wrap onto three lines in a narrow fieldset like this one?"
        page.set_content(
            "<fieldset id=plain><legend>" + legend + "</legend><p>x</p></fieldset>"
            "<fieldset id=floated><legend style='float:left;width:100%'>"
            + legend
            + "</legend><p style='clear:both'>x</p></fieldset>"
        )
        titles, crossed = crossed_titles(page, "fieldset")
        assert [t["id"] for t in titles] == ["plain", "floated"] and titles[0]["lines"] >= 2, titles
        assert [t["id"] for t in crossed] == ["plain"], titles
    finally:
        page.close()


@pytest.mark.parametrize(
    "width, media",
    [(320, "screen"), (1280, "screen"), (688, "print")],  # 688 px: A4 less print.css's 14mm side margins
    ids=["320px", "1280px", "print-A4"],
)
def test_no_question_title_is_crossed_by_its_frame(chromium, site_url, width, media):
    page = open_page(chromium, site_url + SECTION_PAGE, "light", print_media=media == "print", width=width)
    try:
        titles, crossed = crossed_titles(page)
    finally:
        page.context.close()
    assert titles, "no question found on the section page"
    wrapped = [t for t in titles if t["lines"] > 1]
    assert wrapped, f"no question title wraps at {width}px: the check would prove nothing"
    report = [
        f"{t['number']} ({t['lines']} lines, text y={t['text'][0]}..{t['text'][1]}, frame's top border at y={t['frameTop']})"
        for t in crossed
    ]
    assert not crossed, (
        f"{len(crossed)} of {len(titles)} question titles ({len(wrapped)} of them wrapped) are crossed by their frame "
        f"at {width}px ({media}):\n" + "\n".join(report)
    )
