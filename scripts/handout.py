"""Render the print page of a built site to the revision handout, a PDF, with headless Chromium.

    python -m scripts.handout [SITE] [--paper a4|letter] [--output FILE]

SITE defaults to site/ (run `make build` first); the PDF goes to SITE/handout.pdf, where every
page's footer links it. The cram sheet (the hidden page review/cram-sheet/) goes to
SITE/cram-sheet.pdf: two columns, at most 12 pages (--no-cram skips it). PAPER=letter in the environment is the same as --paper letter.
Playwright drives the system Chromium (it cannot download its own browser offline) because
its page.pdf() sets the paper size and the PDF outline.

The text prints in the site's own fonts (docs/assets/css/fonts.css), so the PDF embeds Roboto
and Roboto Mono on every machine, never whatever fonts the printing machine has. The diagrams
are put inline before printing for the same reason: an SVG shown through <img> is a separate
document that cannot use the page's fonts, so its labels would print in a system font. For the same
reason the footer is a CSS page-margin box of the document, not Chromium's header/footer
template: that template is drawn apart from the page and cannot use the page's fonts.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from scripts.project import chromium_path, launch_chromium

PAPER_FORMATS = {"a4": "A4", "letter": "Letter"}
MARGIN = {"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}

# Runs in the page before printing: the same preparation a reader's Ctrl+P gets (print.js on
# beforeprint), every image decoded, and relative links made absolute against the published
# site (<link rel="canonical">), since a PDF has no site around it to resolve them against.
PREPARE = """
async () => {
  window.dispatchEvent(new Event("beforeprint"));
  await Promise.all([...document.images].map((img) => img.decode().catch(() => null)));
  // The bundled faces are print-only (fonts.css): load them before printing, whatever the media.
  await Promise.all(["400 1em Roboto", "italic 400 1em Roboto", "700 1em Roboto", "400 1em 'Roboto Mono'"].map((f) => document.fonts.load(f)));
  await document.fonts.ready;
  const broken = [...document.images].filter((img) => !img.naturalWidth).map((img) => img.getAttribute("src"));
  const canonical = document.querySelector('link[rel="canonical"]');
  if (canonical) {
    for (const a of document.querySelectorAll(".md-content a[href]")) {
      const href = a.getAttribute("href");
      if (href.startsWith("#") || /^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
      a.setAttribute("href", new URL(href, canonical.href).href);
    }
  }
  const text = (selector) => document.querySelector(selector)?.textContent.trim() || "";
  return {broken, title: text(".handout-cover__title") || document.title, version: text(".handout-version")};
}
"""


class HandoutError(Exception):
    """A problem the person running `make handout` can fix; main() prints it without a traceback."""


@dataclass
class Handout:
    path: Path
    pages: int
    size: int
    seconds: float


def paper_format(paper: str) -> str:
    try:
        return PAPER_FORMATS[paper.lower()]
    except KeyError:
        raise HandoutError(
            f"unknown paper '{paper}'. Fix: use one of {', '.join(PAPER_FORMATS)} (PAPER=letter make handout)."
        ) from None


INLINE_DIAGRAM = """
([src, svg]) => {
  for (const img of document.querySelectorAll("figure.diagram img")) {
    if (img.getAttribute("src") !== src) continue;
    const holder = document.createElement("div");
    holder.className = "diagram-print-svg";
    holder.innerHTML = svg;
    holder.firstElementChild.setAttribute("aria-label", img.getAttribute("alt") || "");
    img.replaceWith(holder);
  }
}
"""


def inline_diagrams(page, page_file: Path) -> int:
    """Replace each diagram's <img> with the SVG itself, so its labels print in the page's fonts."""
    sources = page.eval_on_selector_all(
        "figure.diagram img[src$='.svg']", "els => [...new Set(els.map((e) => e.getAttribute('src')))]"
    )
    for src in sources:
        svg_file = (page_file.parent / src).resolve()
        if not svg_file.is_file():
            raise HandoutError(f"{page_file}: the diagram {src} is missing. Fix: rebuild the site (make build).")
        svg = svg_file.read_text(encoding="utf-8")
        svg = svg[svg.index("<svg") :]  # no XML declaration or doctype inside HTML
        page.evaluate(INLINE_DIAGRAM, [src, svg])
    return len(sources)


def css_string(text: str) -> str:
    """A CSS string literal: backslashes and quotes escaped, line breaks as CSS escapes."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def footer_css(title: str, version: str) -> str:
    """The handout's footer: "<title> · <version>" bottom left, "Page N of M" bottom right, in
    the bundled font (print.css's own page-number box serves a reader's Ctrl+P)."""
    label = f"{title} · {version}" if version else title
    return (
        "@page {"
        f" @bottom-left {{ content: {css_string(label)}; font: 7pt Roboto; color: #000; }}"
        ' @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 7pt Roboto; color: #000; }'
        " }"
    )


def pdf_options(paper: str) -> dict:
    return {
        "format": paper_format(paper),
        "print_background": True,  # the patterns that mark exam traps and Then-and-now notes
        "prefer_css_page_size": False,
        "margin": MARGIN,
        "outline": True,  # PDF bookmarks from the headings
        # Not tagged: tagging doubled both the size and the time here, and the site itself is
        # the accessible edition.
        "tagged": False,
    }


def render(
    page_file: Path, output: Path, paper: str = "a4", margin: dict | None = None, title: str | None = None
) -> Handout:
    """Print `page_file` (an HTML file) to `output`; the file is replaced only on success.
    `margin` overrides the handout's margins, `title` the footer's title."""
    from playwright.sync_api import Error as PlaywrightError, sync_playwright
    from pypdf import PdfReader

    paper_format(paper)
    if chromium_path() is None:
        raise HandoutError("Chromium is missing. Fix: run '.ci/ensure-tools chromium' (or 'make setup-test').")
    if not page_file.exists():
        raise HandoutError(
            f"{page_file} not found. Fix: run 'make build' first (the handout prints the site's print page)."
        )
    started = time.monotonic()
    partial = output.with_name(output.name + ".part")
    try:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            try:
                # bypass_csp: the pages' Content-Security-Policy is for readers' browsers; it
                # would block the footer override this script adds (add_style_tag).
                page = browser.new_page(color_scheme="light", bypass_csp=True)
                page.goto(page_file.resolve().as_uri(), wait_until="load")
                inline_diagrams(page, page_file)
                found = page.evaluate(PREPARE)
                if found["broken"]:
                    raise HandoutError(
                        f"{page_file}: images that do not load: {', '.join(found['broken'])}. Fix: rebuild the site (make build)."
                    )
                page.add_style_tag(content=footer_css(title or found["title"], found["version"]))
                page.pdf(path=str(partial), **{**pdf_options(paper), **({"margin": margin} if margin else {})})
            finally:
                browser.close()
    except PlaywrightError as exc:
        partial.unlink(missing_ok=True)
        raise HandoutError(f"Chromium could not print {page_file}: {exc}") from None
    os.replace(partial, output)
    pages = len(PdfReader(str(output)).pages)
    return Handout(output, pages, output.stat().st_size, time.monotonic() - started)


# The cram sheet (docs/review/cram-sheet.md, not in the navigation, printed with its own
# stylesheet assets/css/cram.css in two columns): at most this many pages, or the script fails.
CRAM_PAGE = Path("review") / "cram-sheet" / "index.html"
CRAM_MAX_PAGES = 12
CRAM_MARGIN = {"top": "9mm", "bottom": "11mm", "left": "9mm", "right": "9mm"}
CRAM_TITLE = "Cram sheet: DVA-C02 Security"


def render_cram(site: Path, output: Path, paper: str = "a4") -> Handout:
    result = render(site / CRAM_PAGE, output, paper, margin=CRAM_MARGIN, title=CRAM_TITLE)
    if result.pages > CRAM_MAX_PAGES:
        output.unlink()  # a sheet too long to hand out is not left where the home page links it
        raise HandoutError(
            f"{output} has {result.pages} pages; the cram sheet may have at most {CRAM_MAX_PAGES}. "
            "Fix: shorten traps or notes, or pick fewer tables with key_tables: in a page's front matter."
        )
    return result


def default_output(site: Path) -> Path:
    # Where every page's footer link points (docs/_overrides/partials/copyright.html).
    return site / "handout.pdf"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", default="site", type=Path, help="the built site (default: site)")
    parser.add_argument("--paper", default=os.environ.get("PAPER") or "a4", help="a4 (default) or letter; or set PAPER")
    parser.add_argument("--output", type=Path, help="the PDF (default: SITE/handout.pdf)")
    parser.add_argument("--cram-output", type=Path, help="the cram sheet PDF (default: SITE/cram-sheet.pdf)")
    parser.add_argument("--no-cram", action="store_true", help="print the handout only, not the cram sheet")
    args = parser.parse_args(argv)
    output = args.output or default_output(args.site)
    try:
        results = [render(args.site / "print_page" / "index.html", output, args.paper)]
        if not args.no_cram:
            results.append(render_cram(args.site, args.cram_output or args.site / "cram-sheet.pdf", args.paper))
    except HandoutError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for result in results:
        print(
            f"Wrote {result.path}: {result.pages} pages ({paper_format(args.paper)}), {result.size} bytes, in {result.seconds:.1f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
