"""Accessibility of the built site: axe-core over every page (the template pages in both colour
schemes, the others in the light one: tests/support.py audit_plan), text alternatives of the
diagrams, and a visible keyboard focus.

Keyboard use of the question sheets is tested where the sheets are: tests/test_quiz_browser.py
(test_keyboard_only_answering, test_keyboard_toggles_checkboxes).
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.support import (
    PRINT_PAGE,
    SCHEMES,
    axe_violations,
    page_components,
    page_file,
    read_site,
    site_pages,
    template_pages,
)

pytestmark = pytest.mark.browser


def summary(violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        for node in v["nodes"][:5]:
            lines.append(
                f"{v['id']} ({v['impact']}): {' '.join(map(str, node['target']))}: {node.get('failureSummary', '').splitlines()[-1].strip()}"
            )
        if len(v["nodes"]) > 5:
            lines.append(f"{v['id']}: ... and {len(v['nodes']) - 5} more")
    return lines


@pytest.fixture(scope="module")
def audits(site_visits):
    """axe-core's findings (tests/conftest.py, fixture site_visits)."""
    return site_visits


@pytest.mark.slow
def test_every_page_is_audited_and_every_template_in_both_schemes(audits, built_site):
    pages = site_pages(built_site)
    assert set(audits["light"]) == set(pages) and len(pages) >= 13
    assert {"", PRINT_PAGE, "404.html"} <= set(audits["dark"])
    assert set(audits["dark"]) == {*template_pages(built_site, pages), PRINT_PAGE}
    assert len(audits["dark"]) < len(pages), "the dark pass should not need every page"


def test_the_template_pages_hold_every_kind_of_element(built_site):
    # What the dark pass (and the colour rules) skip on a page, it sees on a template page.
    pages = [p for p in site_pages(built_site) if p != PRINT_PAGE]
    everywhere = set().union(*(page_components(page_file(built_site, p).read_text()) for p in pages))
    templates = template_pages(built_site, pages)
    covered = set().union(*(page_components(page_file(built_site, p).read_text()) for p in templates))
    assert everywhere - covered == set()
    assert {"form.quiz-question", "div.admonition", "table", "pre"} <= covered


@pytest.mark.slow
@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_scheme_is_the_one_emulated(audits, scheme):
    loaded = {page: r["scheme"] for page, r in audits[scheme].items() if r["loaded"] == scheme}
    assert len(loaded) >= 2, f"no page was loaded with prefers-color-scheme: {scheme}"
    wrong = {page: s for page, s in loaded.items() if s != SCHEMES[scheme]}
    assert not wrong, f"prefers-color-scheme: {scheme} should give data-md-color-scheme={SCHEMES[scheme]!r}: {wrong}"


@pytest.mark.slow
def test_pages_switched_to_dark_were_audited_dark(audits):
    switched = {page: r["scheme"] for page, r in audits["dark"].items() if r["loaded"] != "dark"}
    assert switched, "every dark page was loaded dark: DARK_LOADS covers the whole dark pass?"
    assert set(switched.values()) == {SCHEMES["dark"]}, switched


@pytest.mark.slow
@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_axe_violations(audits, scheme):
    failures = {page: summary(r["violations"]) for page, r in audits[scheme].items() if r["violations"]}
    report = "\n".join(f"/{page}\n  " + "\n  ".join(lines) for page, lines in failures.items())
    assert not failures, f"axe-core found violations in the {scheme} scheme:\n{report}"


def test_axe_does_catch_a_violation(chromium, site_url):
    """The audit can fail: a nameless image and grey-on-grey text on a real page are reported."""
    tab = chromium.new_page()
    try:
        tab.goto(site_url)
        tab.wait_for_load_state("load")
        tab.evaluate("""() => {
            const main = document.querySelector('.md-content article');
            main.insertAdjacentHTML('beforeend', '<img src="x.png"><p id="faint">faint</p>');
            Object.assign(document.getElementById('faint').style, {color: '#999', background: '#aaa'});
        }""")
        ids = {rule for rule, _ in axe_violations(tab)}
    finally:
        tab.close()
    assert {"image-alt", "color-contrast"} <= ids, ids


def test_the_targeted_audit_reports_what_is_in_its_context_and_injects_axe_once(chromium, site_url):
    """tests/support.py axe_violations, which the quiz, mock-exam, flashcard and diagram audits use."""
    tab = chromium.new_page()
    try:
        tab.goto(site_url)
        tab.wait_for_load_state("load")
        tab.evaluate("""() => document.querySelector('.md-content article')
            .insertAdjacentHTML('beforeend', '<div id="planted"><img src="x.png"></div>')""")
        found = axe_violations(tab, "#planted")
        assert [(rule, len(targets)) for rule, targets in found] == [("image-alt", 1)], found
        tab.evaluate("window.axe.__marked = true")
        assert axe_violations(tab, ".md-header") == []  # the image is outside this context
        assert tab.evaluate("window.axe.__marked === true"), "axe was injected again"
    finally:
        tab.close()


# --- text alternatives -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def parsed(built_site) -> dict[str, BeautifulSoup]:
    """Every page, parsed once for the whole module."""
    return read_site(built_site)


def test_every_diagram_has_a_text_alternative_and_its_steps(parsed):
    diagrams = 0
    for page, soup in parsed.items():
        for img in soup.select("img"):
            src = img.get("src", "")
            if "assets/diagrams/" not in src:
                assert img.get("alt") is not None, f"/{page}: <img src={src!r}> has no alt"
                continue
            diagrams += 1
            alt = img.get("alt", "")
            assert len(alt.split()) >= 12, (
                f"/{page}: diagram {src} needs an alt text that tells what it shows, got {alt!r}"
            )
            figure = img.find_parent("figure")
            assert figure is not None and figure.find("figcaption"), (
                f"/{page}: diagram {src} is not a figure with a caption"
            )
            assert len(figure.select("figcaption ol > li")) >= 2, (
                f"/{page}: diagram {src} has no numbered steps beside it"
            )
    assert diagrams >= 8, f"only {diagrams} diagrams found on the pages"


def test_inline_svg_in_content_is_named_or_hidden(parsed):
    """An inline SVG (QR codes, icons) is either hidden from assistive technology or named."""
    unnamed = []
    for page, soup in parsed.items():
        for svg in soup.select(".md-content svg"):
            hidden = any(el.get("aria-hidden") == "true" for el in [svg, *svg.parents] if hasattr(el, "get"))
            named_svg = svg.get("role") == "img" and (svg.get("aria-label") or svg.find("title"))
            control = svg.find_parent(["a", "button"])
            named_control = control is not None and (
                control.get("title") or control.get("aria-label") or control.get_text(strip=True)
            )
            if not (hidden or named_svg or named_control):
                unnamed.append(f"/{page}: {str(svg)[:120]}")
    assert not unnamed, "inline SVG without a name and not aria-hidden:\n" + "\n".join(unnamed[:20])


# --- focus -------------------------------------------------------------------------------------

FOCUS_STYLE = """() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return {tag: el.tagName, cls: el.className, outlineStyle: s.outlineStyle,
            outlineWidth: parseFloat(s.outlineWidth), boxShadow: s.boxShadow,
            visible: !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)};
}"""


def focus_is_visible(style: dict) -> bool:
    outline = style["outlineStyle"] != "none" and style["outlineWidth"] >= 1
    ring = style["boxShadow"] not in ("", "none")
    return style["visible"] and (outline or ring)


def tab_until(tab, predicate: str, limit: int = 80) -> dict:
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if tab.evaluate(predicate):
            return tab.evaluate(FOCUS_STYLE)
    raise AssertionError(f"{limit} presses of Tab never reached an element where {predicate}")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_keyboard_focus_is_visible_on_a_link_and_an_input(chromium, site_url, parsed, scheme):
    quiz_page = next((p for p, soup in parsed.items() if p.startswith("kms/") and soup.select_one("form input")), None)
    assert quiz_page, "no page under kms/ has a form input to focus"
    context = chromium.new_context(color_scheme=scheme)
    tab = context.new_page()
    try:
        tab.goto(site_url + quiz_page)
        tab.wait_for_load_state("load")
        link = tab_until(tab, "document.activeElement.matches('.md-content a[href]')")
        assert focus_is_visible(link), f"a focused link in the content shows no outline: {link}"
        field = tab_until(tab, "document.activeElement.matches('.md-content input, .md-content button')")
        assert focus_is_visible(field), f"a focused form control shows no outline: {field}"
        # Without focus the same control shows no outline: what was seen above is the focus style.
        unfocused = tab.evaluate("""() => { const el = document.activeElement; el.blur();
            const s = getComputedStyle(el); return {outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
            boxShadow: s.boxShadow, visible: true}; }""")
        assert not focus_is_visible(unfocused), f"the control looks the same without focus: {unfocused}"
    finally:
        context.close()
