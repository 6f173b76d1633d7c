"""hooks/code_spans.py: highlighted code keeps its text and its meaningful colours with fewer
elements; the last test reads a built section page."""

from __future__ import annotations

import re
from html import unescape

import markdown

from tests.support import built_page, load_hook

code_spans = load_hook("code_spans")

SAMPLE = '''```python
import boto3

def encrypt(key_id: str, data: bytes) -> dict:
    """Envelope encryption."""
    kms = boto3.client("kms")  # one client
    return kms.generate_data_key(KeyId=key_id, KeySpec="AES_256", **{"x": 1 + 2})
```'''


def highlighted(source: str) -> str:
    return markdown.markdown(source, extensions=["pymdownx.superfences", "pymdownx.highlight"])


def code_text(html: str) -> list[str]:
    """The text of each <pre> block, as a reader copies it."""
    return [unescape(re.sub(r"<[^>]+>", "", block)) for block in re.findall(r"<pre\b.*?</pre>", html, re.S)]


def test_the_code_reads_the_same_with_fewer_spans():
    before = highlighted(SAMPLE)
    after = code_spans.lighten(before)
    assert code_text(after) == code_text(before)
    assert after.count("<span") < before.count("<span") / 2, (before.count("<span"), after.count("<span"))


def test_keywords_strings_comments_and_numbers_keep_their_colour():
    after = code_spans.lighten(highlighted(SAMPLE))
    kept = set(re.findall(r'<span class="([^"]+)"', after))
    assert {"kn", "nn", "k", "nf", "s2", "c1", "mi", "sd"} <= kept, kept
    assert not kept & {"n", "p", "o", "w"}, kept


def test_nothing_outside_code_blocks_changes():
    prose = '<p><span class="n">a name</span> and <span class="p">(</span></p>'
    assert code_spans.lighten(prose) == prose


def test_a_section_page_keeps_few_code_spans(built_site):
    html = built_page(built_site, "kms/index.md").read_text(encoding="utf-8")
    assert "highlight" in html and not re.search(r'<span class="[npow]">', html)
