"""MkDocs hook (mkdocs.yml `hooks:`): a QR code beside every entry of a page's Resources box,
so a reader of the printed handout can open the AWS page from paper.

The code is an inline SVG drawn here with segno: vector on paper, nothing loaded from
another origin. print.css shows it in print only; on screen the link itself is enough.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

import segno
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

BOX = re.compile(r'<section class="resources-box".*?</section>', re.DOTALL)
# One entry as macros/pages.py's resources_box() writes it: the link first, then the rest.
ENTRY = re.compile(r'(<li\b[^>]*>\s*<a class="resource-link" href="([^"]+)".*?)(</li>)', re.DOTALL)


# Drawing a code takes segno about 10 ms (it scores eight masks): 1.4 s of CPU for the ~140
# resources, a quarter of a warm build. Each code is kept in .cache/qr/, keyed by the URL, the
# segno version and this file's own text (so any change here draws them again).
CACHE_DIR = Path(__file__).resolve().parents[3] / ".cache" / "qr"
_RECIPE = hashlib.sha256(Path(__file__).read_bytes() + f"segno {segno.__version__}".encode()).hexdigest()


@lru_cache(maxsize=None)
def qr_svg(url: str) -> str:
    cached = CACHE_DIR / (hashlib.sha256(f"{_RECIPE}\0{url}".encode()).hexdigest() + ".html")
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    # Level M survives a crease or a smudge; the size stays small enough for a 2 cm square.
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=0, omitsize=True, dark="#000")
    # Decorative for assistive technology: the same URL is written out as text beside it.
    result = f'<span class="resource-qr" aria-hidden="true">{svg}</span>'
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".qr-", dir=CACHE_DIR)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(result)
        os.replace(tmp, cached)  # atomic: a parallel build never reads half a file
    except OSError:
        pass  # a read-only checkout still builds, only slower
    return result


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
