"""MkDocs hook (mkdocs.yml `hooks:`): a QR code beside every entry of a page's Resources box,
so a reader of the printed handout can open the AWS page from paper.

The code is an inline SVG drawn here with segno: vector on paper, nothing loaded from
another origin. print.css shows it in print only; on screen the link itself is enough.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import segno
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

BOX = re.compile(r'<section class="resources-box".*?</section>', re.DOTALL)
# One entry as macros/pages.py's resources_box() writes it: the link first, then the rest.
ENTRY = re.compile(r'(<li\b[^>]*>\s*<a class="resource-link" href="([^"]+)".*?)(</li>)', re.DOTALL)


@lru_cache(maxsize=None)
def qr_svg(url: str) -> str:
    # Level M survives a crease or a smudge; the size stays small enough for a 2 cm square.
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=0, omitsize=True, dark="#000")
    # Decorative for assistive technology: the same URL is written out as text beside it.
    return f'<span class="resource-qr" aria-hidden="true">{svg}</span>'


def add_codes(box: str, where: str) -> str:
    entries = ENTRY.findall(box)
    if not entries or len(entries) != box.count("<li"):
        raise PluginError(
            f"{where}: the Resources box does not have the markup resource_qr.py expects "
            f'(<li ...><a class="resource-link" href="...">). Fix: keep macros/pages.py resources_box() '
            "and docs/_overrides/hooks/resource_qr.py ENTRY in step."
        )
    return ENTRY.sub(lambda m: m.group(1) + qr_svg(html.unescape(m.group(2))) + m.group(3), box)


# Before print-site (priority 0): it keeps each page's HTML for the print page as it sees it.
@event_priority(50)
def on_page_content(html_text: str, page, config, files) -> str:
    where = f"docs/{page.file.src_uri}"
    return BOX.sub(lambda m: add_codes(m.group(0), where), html_text)
