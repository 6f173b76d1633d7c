"""MkDocs hook (mkdocs.yml `hooks:`): the last pass over every HTML file the build writes.

- A page in the nav with nothing but headings stops the build, naming its file.
- Jinja syntax in code ({{ }}, {% %}, {# #}) outside {% raw %} stops the build, naming the file
  and line: mkdocs-macros renders code too, and a {# ... #} (Cognito's {####} placeholder)
  would vanish from the page without a word.
- Every link to another origin gets rel="noopener noreferrer": the AWS pages we cite cannot
  reach back into the tab that opened them, and learn nothing of which page sent the reader.
- The Content-Security-Policy meta of docs/_overrides/main.html receives the sha256 of each
  inline script and style the page holds. Only the inline scripts the theme and print-site are
  known to write are hashed: any other inline script stops the build, so markup from data or
  a page can never smuggle one in under the policy.
  Under `mkdocs serve` the meta is left out: the live-reload script MkDocs injects into every
  page it serves is inline and changes on every request, so no hash can allow it.
- Two upstream outputs that the Nu HTML Checker rejects are put right (each is harmless to
  change, and the valid-HTML test would notice a new one): Material's tabindex="" on the
  labels of navigation sections, print-site's heading-number attribute and its <style> in <body>.

Runs last: after print-site has written the print page and docs/_overrides/hooks/print_page.py
has edited it.
"""

from __future__ import annotations

import base64
import html as html_text
import hashlib
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

HERE = "docs/_overrides/hooks/hardening.py"
SCRIPT_HASHES = "'csp-script-hashes'"
STYLE_HASHES = "'csp-style-hashes'"

# Inline scripts the theme writes (Material 9: partials/javascripts/base.html, palette.html,
# content.html) and print-site's table-of-contents starter. Matched by their opening code.
KNOWN_INLINE_SCRIPTS = tuple(
    re.compile(opening)
    for opening in (
        r"__md_scope=new URL\(",
        r'var palette=__md_get\("__palette"\)',
        r"var target=document\.getElementById\(location\.hash\.slice\(1\)\)",
        r"document\.addEventListener\('DOMContentLoaded', function \(\) \{\s*remove_material_navigation\(\);",
    )
)

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S | re.I)
STYLE_ATTRIBUTE = re.compile(r"""<[a-zA-Z][^>]*?\sstyle=(?:"([^"]*)"|'([^']*)')""")
ANCHOR_TAG = re.compile(r"<a\s[^>]*>", re.I)
HREF = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
REL = re.compile(r"""\srel\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
DATA_BLOCK_TYPES = ("application/json", "application/ld+json")


# ---------------------------------------------------------------- the Markdown of a page

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


# Before mkdocs-macros (priority 0) renders the page: this must see the Markdown as written.
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
    """An empty page (or one with headings only) is a stub someone forgot: stop the build."""
    body = "\n".join(line for line in markdown.splitlines() if not re.match(r"\s{0,3}#{1,6}(\s|$)", line))
    if not body.strip():
        where = f"docs/{page.file.src_uri}"
        raise PluginError(
            f"{where}: the page is empty (it has no text besides headings).\n"
            f"  Fix: write the page, or remove it from nav: in mkdocs.yml and delete {where}."
        )
    return markdown


on_page_markdown = CombinedEvent(_no_jinja_in_code, _not_empty)


# ---------------------------------------------------------------- external links


def attribute_value(match: re.Match | None) -> str:
    return next((g for g in match.groups() if g is not None), "") if match else ""


def harden_link(match: re.Match) -> str:
    tag = match.group(0)
    href = attribute_value(HREF.search(tag)).strip().lower()
    if not href.startswith(("http://", "https://", "//")):
        return tag
    rel_match = REL.search(tag)
    if rel_match:
        tokens = attribute_value(rel_match).split()
        tokens += [t for t in ("noopener", "noreferrer") if t not in tokens]
        return tag[: rel_match.start()] + f' rel="{" ".join(tokens)}"' + tag[rel_match.end() :]
    end = -2 if tag.endswith("/>") else -1
    return tag[:end] + ' rel="noopener noreferrer"' + tag[end:]


def harden_links(html: str) -> str:
    return ANCHOR_TAG.sub(harden_link, html)


# ---------------------------------------------------------------- upstream validity


def fix_upstream_markup(html: str) -> str:
    # Material writes tabindex="" on section labels (meaning "not focusable"): leave it out.
    html = re.sub(r'(<label\b[^>]*?)\s+tabindex=""', r"\1", html)
    # print-site marks chapters with heading-number="1.2": a data-* attribute is valid HTML.
    html = re.sub(r"(<section\b[^>]*?\s)heading-number=", r"\1data-heading-number=", html)
    # print-site appends its numbering <style> to the body; <style> belongs in <head>.
    head_end = html.find("</head>")
    if head_end != -1:
        body_styles = list(STYLE_ELEMENT.finditer(html, head_end))
        for style in reversed(body_styles):
            html = html[: style.start()] + html[style.end() :]
        if body_styles:
            html = html[:head_end] + "".join(s.group(0) for s in body_styles) + html[head_end:]
    return html


# ---------------------------------------------------------------- Content-Security-Policy


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def inline_script_hashes(html: str, where: str) -> list[str]:
    hashes = []
    for match in INLINE_SCRIPT.finditer(html):
        kind = re.search(r"""\stype=["']?([^"'\s>]+)""", match.group(1))
        if kind and kind.group(1).lower() in DATA_BLOCK_TYPES:
            continue  # data, never executed: CSP does not apply
        code = match.group(2)
        if not code.strip():
            continue
        if not any(known.match(code.strip()) for known in KNOWN_INLINE_SCRIPTS):
            raise PluginError(
                f"{where}: an inline <script> the Content-Security-Policy does not allow: {code.strip()[:80]!r}.\n"
                "  Fix: put the code in docs/assets/js/ and list it under extra_javascript: in mkdocs.yml "
                f"(or, if a theme upgrade added it, add its opening to KNOWN_INLINE_SCRIPTS in {HERE})."
            )
        hashes.append(sha256_source(code))
    return hashes


def inline_style_sources(html: str) -> list[str]:
    element_hashes = [sha256_source(m.group(1)) for m in STYLE_ELEMENT.finditer(html)]
    # The browser hashes an attribute's value after decoding its character references.
    attribute_hashes = [sha256_source(html_text.unescape(attribute_value(m))) for m in STYLE_ATTRIBUTE.finditer(html)]
    # Style attributes (Markdown tables write style="text-align: right;") are matched by hash
    # only under 'unsafe-hashes'.
    return (["'unsafe-hashes'"] if attribute_hashes else []) + element_hashes + attribute_hashes


def unique(items: list[str]) -> str:
    return " ".join(dict.fromkeys(items))


CSP_META = re.compile(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>')
_state = {"serving": False}


def on_startup(command: str, dirty: bool) -> None:
    _state["serving"] = command == "serve"


def fill_policy(html: str, where: str) -> str:
    if _state["serving"]:
        return CSP_META.sub("", html, count=1)
    if SCRIPT_HASHES not in html or STYLE_HASHES not in html:
        raise PluginError(
            f"{where}: the Content-Security-Policy meta is missing.\n"
            "  Fix: keep the site_meta block of docs/_overrides/main.html (it writes the meta this hook fills in)."
        )
    scripts = unique(inline_script_hashes(html, where))
    styles = unique(inline_style_sources(html))
    return html.replace(SCRIPT_HASHES, scripts, 1).replace(STYLE_HASHES, styles, 1)


# ---------------------------------------------------------------- the pass itself


def finish(html: str, where: str) -> str:
    return fill_policy(fix_upstream_markup(harden_links(html)), where)


def on_post_page(output: str, page, config) -> str:
    return finish(output, f"docs/{page.file.src_uri}")


def on_post_template(output: str, template_name: str, config) -> str:
    if not template_name.endswith(".html"):
        return output
    return finish(output, f"theme template {template_name}")


# After print-site (priority 0) and print_page.py (-50) have written the print page.
@event_priority(-100)
def on_post_build(config) -> None:
    plugin = config.plugins.get("print-site")
    if plugin is None or not getattr(plugin, "print_page", None):
        return
    path = Path(plugin.print_page.file.abs_dest_path)
    if path.exists():
        path.write_text(finish(path.read_text(encoding="utf-8"), "the print page (print-site)"), encoding="utf-8")
