"""Markup fixes, on every HTML file the build writes (events: on_post_page, on_post_template,
and on_post_build for the print page).

- Every link to another origin gets rel="noopener noreferrer": the AWS pages we cite cannot
  reach back into the tab that opened them, and learn nothing of which page sent the reader.
- Upstream outputs that the Nu HTML Checker rejects are put right (each is harmless to change,
  and the valid-HTML test notices a new one): Material's tabindex="" on the labels of navigation
  sections, print-site's heading-number attribute and its <style> in <body>.

Runs before hooks/csp.py, which hashes the final markup: it is listed before it in mkdocs.yml,
and its print-page pass has the higher priority (-80 against -100).
"""

from __future__ import annotations

import re

from mkdocs.plugins import event_priority

from _print_page import rewrite_print_page

ANCHOR_TAG = re.compile(r"<a\s[^>]*>", re.I)
HREF = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
REL = re.compile(r"""\srel\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S | re.I)


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


def fix(html: str, where: str = "") -> str:
    return fix_upstream_markup(harden_links(html))


def on_post_page(output: str, page, config) -> str:
    return fix(output)


def on_post_template(output: str, template_name: str, config) -> str:
    return fix(output) if template_name.endswith(".html") else output


# After print-site (0) and hooks/handout.py (-50) have written the print page; before csp.py.
@event_priority(-80)
def on_post_build(config) -> None:
    rewrite_print_page(config, fix)
