"""The Content-Security-Policy of every HTML file (events: on_startup, on_post_page,
on_post_template, and on_post_build for the print page). Runs last: it hashes final markup.

The policy meta of docs/_overrides/main.html holds two placeholders; this hook replaces them,
page by page, with the sha256 of each inline script and style the page holds. Only the inline
scripts the theme and print-site are known to write are hashed: any other inline script stops
the build, so markup from data or a page can never smuggle one in under the policy.
Under `mkdocs serve` the meta is left out: the live-reload script MkDocs injects into every page
it serves is inline and changes on every request, so no hash can allow it.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_text
import re

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from _print_page import rewrite_print_page

HERE = "hooks/csp.py"
SCRIPT_HASHES = "'csp-script-hashes'"
STYLE_HASHES = "'csp-style-hashes'"

# Inline scripts the theme writes (Material 9: partials/javascripts/base.html, content.html),
# print-site's table-of-contents starter and the site's own start-up scripts (docs/_overrides/:
# main.html's extrahead, and partials/javascripts/palette.html in place of Material's).
# Matched by their opening code.
KNOWN_INLINE_SCRIPTS = tuple(
    re.compile(opening)
    for opening in (
        r"__md_scope=new URL\(",
        r"var target=document\.getElementById\(location\.hash\.slice\(1\)\)",
        r"document\.addEventListener\('DOMContentLoaded', function \(\) \{\s*remove_material_navigation\(\);",
        r"\(function \(d\) \{\s*var html = d\.documentElement;",
        r"\(function \(d, form\) \{\s*var body = d\.body;",
    )
)

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S | re.I)
STYLE_ATTRIBUTE = re.compile(r"""<[a-zA-Z][^>]*?\sstyle=(?:"([^"]*)"|'([^']*)')""")
DATA_BLOCK_TYPES = ("application/json", "application/ld+json")
CSP_META = re.compile(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>')
_state = {"serving": False}


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
    attribute_hashes = [
        sha256_source(html_text.unescape(next(g for g in m.groups() if g is not None)))
        for m in STYLE_ATTRIBUTE.finditer(html)
    ]
    # Style attributes (Markdown tables write style="text-align: right;") are matched by hash
    # only under 'unsafe-hashes'.
    return (["'unsafe-hashes'"] if attribute_hashes else []) + element_hashes + attribute_hashes


def unique(items: list[str]) -> str:
    return " ".join(dict.fromkeys(items))


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


def on_startup(command: str, dirty: bool) -> None:
    _state["serving"] = command == "serve"


def on_post_page(output: str, page, config) -> str:
    return fill_policy(output, f"docs/{page.file.src_uri}")


def on_post_template(output: str, template_name: str, config) -> str:
    return fill_policy(output, f"theme template {template_name}") if template_name.endswith(".html") else output


# The very last pass over the print page: after hooks/markup_fixes.py (-80).
@event_priority(-100)
def on_post_build(config) -> None:
    rewrite_print_page(config, fill_policy)
