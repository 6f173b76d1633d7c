"""Highlighted code with fewer elements (event: on_page_content, priority 70: before
mkdocs-print-site-plugin, at 0, keeps each page's HTML for the print page).

Pygments wraps every token of a code block in a <span>: each name, bracket, comma, operator and
run of spaces. The runnable examples made kms/ a page of 3,600 elements, 1,900 of them such spans,
and a phone spent most of its start-up recalculating their styles (Lighthouse's total blocking
time). Names (class "n"), punctuation ("p"), operators ("o") and whitespace ("w") are put back as
plain text: names already show in the code's own colour, so only brackets and operators change,
from a lighter grey to that colour. Keywords, strings, comments, numbers and the names of
functions, classes, modules and built-ins keep their spans and colours. The text of every block
is unchanged, character for character (tests/test_code_spans.py).
"""

from __future__ import annotations

import re

from mkdocs.plugins import event_priority

# Pygments escapes "<" inside a token, so a token's text never holds one.
PLAIN_TOKEN = re.compile(r'<span class="(?:n|p|o|w)">([^<]*)</span>')
CODE_BLOCK = re.compile(r"<pre\b[^>]*>.*?</pre>", re.S)


def lighten(html: str) -> str:
    """`html` with the plain-token spans of every <pre> block unwrapped; nothing outside them changes."""
    return CODE_BLOCK.sub(lambda block: PLAIN_TOKEN.sub(r"\1", block.group(0)), html)


@event_priority(70)
def on_page_content(html, page, config, files):
    return lighten(html)
