"""Page checks, on the Markdown as written (event: on_page_markdown).

- Jinja syntax in code ({{ }}, {% %}, {# #}) outside {% raw %} stops the build with the file and
  line: mkdocs-macros renders code too, and a {# ... #} (Cognito's {####} placeholder) would
  vanish from the page without a word. Priority 100: before mkdocs-macros (0) renders the page.
- A page with nothing but headings stops the build: a stub someone forgot.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

RAW_TAG = re.compile(r"(\{%-?\s*(?:end)?raw\s*-?%\})")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
JINJA = re.compile(r"\{[{%#]")


def jinja_in_code(markdown: str) -> list[tuple[int, str]]:
    """(line number, line) of each code line or code span holding Jinja syntax outside {% raw %}."""
    found = []
    in_raw = False
    fence = None
    for number, line in enumerate(markdown.splitlines(), start=1):
        opening = FENCE.match(line)
        if fence is None and opening and not in_raw:
            fence = opening.group(1)
            continue
        if fence is not None and line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
            fence = None
            continue
        for piece in RAW_TAG.split(line):
            if RAW_TAG.fullmatch(piece):
                in_raw = "end" not in piece
            elif not in_raw:
                code = piece if fence is not None else " ".join(m.group(2) for m in CODE_SPAN.finditer(piece))
                if JINJA.search(code):
                    found.append((number, line.strip()))
                    break
    return found


def front_matter_lines(page, markdown: str) -> int:
    """Lines above the Markdown in the source file (the front matter), for line numbers."""
    try:
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    except (OSError, TypeError):
        return 0
    start = source.find(markdown[:200]) if markdown else -1
    return source.count("\n", 0, start) if start > 0 else 0


@event_priority(100)
def _no_jinja_in_code(markdown: str, page, config, files):
    if page.meta.get("render_macros") is False:
        return markdown
    where = f"docs/{page.file.src_uri}"
    lines = jinja_in_code(markdown)
    if lines:
        first, text = lines[0]
        raise PluginError(
            f"{where}:{first + front_matter_lines(page, markdown)}: Jinja syntax in code: {text[:80]!r}. mkdocs-macros renders code too: "
            "{{ }} and {% %} would run, and {# ... #} (e.g. Cognito's {####}) would vanish.\n"
            "  Fix: wrap the code block in {% raw %} ... {% endraw %} (or set render_macros: false in the page's front matter)."
        )
    return markdown


def _not_empty(markdown: str, page, config, files):
    body = "\n".join(line for line in markdown.splitlines() if not re.match(r"\s{0,3}#{1,6}(\s|$)", line))
    if not body.strip():
        where = f"docs/{page.file.src_uri}"
        raise PluginError(
            f"{where}: the page is empty (it has no text besides headings).\n"
            f"  Fix: write the page, or remove it from nav: in mkdocs.yml and delete {where}."
        )
    return markdown


on_page_markdown = CombinedEvent(_no_jinja_in_code, _not_empty)
