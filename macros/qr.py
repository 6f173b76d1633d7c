"""QR codes for paper: beside each entry of a Resources box, so a reader of the printed handout
can open the AWS page. An inline SVG drawn with segno: vector on paper, nothing loaded from
another origin. print.css shows it in print only; on screen the link itself is enough.

Drawing a code takes segno about 10 ms (it scores eight masks): 1.4 s of CPU for the ~140
resources, a quarter of a warm build. Each code is kept in .cache/qr/, keyed by the URL, the
segno version and this file's own text (so any change here draws them again).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import segno
from markupsafe import Markup

from .data import ROOT

CACHE_DIR = ROOT / ".cache" / "qr"
_RECIPE = hashlib.sha256(Path(__file__).read_bytes() + f"segno {segno.__version__}".encode()).hexdigest()


@lru_cache(maxsize=None)
def qr_svg(url: str) -> Markup:
    """The QR code of `url` as an inline <svg> (segno writes only its own markup, no data)."""
    cached = CACHE_DIR / (hashlib.sha256(f"{_RECIPE}\0{url}".encode()).hexdigest() + ".svg")
    try:
        return Markup(cached.read_text(encoding="utf-8"))
    except OSError:
        pass
    # Level M survives a crease or a smudge; the size stays small enough for a 2 cm square.
    svg = segno.make(url, error="m", micro=False).svg_inline(scale=1, border=0, omitsize=True, dark="#000")
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".qr-", dir=CACHE_DIR)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(svg)
        os.replace(tmp, cached)  # atomic: a parallel build never reads half a file
    except OSError:
        pass  # a read-only checkout still builds, only slower
    return Markup(svg)
