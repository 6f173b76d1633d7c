"""Render the print page of a built site to the revision handout, a PDF, with headless Chromium.

    python .ci/handout.py [SITE] [--paper a4|letter] [--output FILE]

SITE defaults to site/ (run `make build` first); the PDF goes to SITE/handout.pdf, where every
page's footer links it. PAPER=letter in the environment is the same as --paper letter.
Playwright drives the system Chromium (it cannot download its own browser offline) because
its page.pdf() sets the paper size, the page-number footer and the PDF outline.
"""

from __future__ import annotations

import argparse
import html
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PAPER_FORMATS = {"a4": "A4", "letter": "Letter"}
# A closed network: nothing in the background may try to phone home and stall the render.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MARGIN = {"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}
# The footer below replaces print.css's page-number margin box, which serves Ctrl+P.
NO_CSS_FOOTER = "@page { @bottom-right { content: none; } @bottom-center { content: none; } }"

# Runs in the page before printing: the same preparation a reader's Ctrl+P gets (print.js on
# beforeprint), every image decoded, and relative links made absolute against the published
# site (<link rel="canonical">), since a PDF has no site around it to resolve them against.
PREPARE = """
async () => {
  window.dispatchEvent(new Event("beforeprint"));
  await Promise.all([...document.images].map((img) => img.decode().catch(() => null)));
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


def chromium_path() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).exists():
        raise HandoutError("Chromium is missing. Fix: run '.ci/ensure-tools chromium' (or 'make setup-test').")
    return found


def paper_format(paper: str) -> str:
    try:
        return PAPER_FORMATS[paper.lower()]
    except KeyError:
        raise HandoutError(f"unknown paper '{paper}'. Fix: use one of {', '.join(PAPER_FORMATS)} (PAPER=letter make handout).") from None


def footer(title: str, version: str) -> str:
    label = html.escape(f"{title} · {version}" if version else title)
    return (
        '<div style="font-size:7pt;font-family:sans-serif;color:#000;width:100%;margin:0 14mm;'
        'display:flex;justify-content:space-between">'
        f'<span>{label}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
    )


def pdf_options(paper: str, title: str, version: str) -> dict:
    return {
        "format": paper_format(paper),
        "print_background": True,  # the patterns that mark exam traps and Then-and-now notes
        "display_header_footer": True,
        "header_template": "<span></span>",
        "footer_template": footer(title, version),
        "margin": MARGIN,
        "outline": True,  # PDF bookmarks from the headings
        # Not tagged: tagging doubled both the size and the time here, and the site itself is
        # the accessible edition.
        "tagged": False,
    }


def render(page_file: Path, output: Path, paper: str = "a4") -> Handout:
    """Print `page_file` (an HTML file) to `output`; the file is replaced only on success."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    paper_format(paper)
    if not page_file.exists():
        raise HandoutError(f"{page_file} not found. Fix: run 'make build' first (the handout prints the site's print page).")
    started = time.monotonic()
    partial = output.with_name(output.name + ".part")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            try:
                # bypass_csp: the pages' Content-Security-Policy is for readers' browsers; it
                # would block the footer override this script adds (add_style_tag).
                page = browser.new_page(color_scheme="light", bypass_csp=True)
                page.goto(page_file.resolve().as_uri(), wait_until="load")
                found = page.evaluate(PREPARE)
                if found["broken"]:
                    raise HandoutError(f"{page_file}: images that do not load: {', '.join(found['broken'])}. Fix: rebuild the site (make build).")
                page.add_style_tag(content=NO_CSS_FOOTER)
                page.pdf(path=str(partial), **pdf_options(paper, found["title"], found["version"]))
            finally:
                browser.close()
    except PlaywrightError as exc:
        partial.unlink(missing_ok=True)
        raise HandoutError(f"Chromium could not print {page_file}: {exc}") from None
    os.replace(partial, output)
    pages = len(PdfReader(str(output)).pages)
    return Handout(output, pages, output.stat().st_size, time.monotonic() - started)


def default_output(site: Path) -> Path:
    # Where every page's footer link points (docs/_overrides/partials/copyright.html).
    return site / "handout.pdf"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", default="site", type=Path, help="the built site (default: site)")
    parser.add_argument("--paper", default=os.environ.get("PAPER") or "a4", help="a4 (default) or letter; or set PAPER")
    parser.add_argument("--output", type=Path, help="the PDF (default: SITE/handout.pdf)")
    args = parser.parse_args(argv)
    output = args.output or default_output(args.site)
    try:
        result = render(args.site / "print_page" / "index.html", output, args.paper)
    except HandoutError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {result.path}: {result.pages} pages ({paper_format(args.paper)}), {result.size} bytes, in {result.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
