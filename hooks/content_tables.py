"""Content tables wrapped at build time, as Material's bundle would wrap them at load (events:
on_page_content, priority 70: before print-site keeps each page for the print page; on_files).

At load, Material's bundle takes every `table:not([class])` of the page out of the article and
puts it back inside two <div>s (md-typeset__scrollwrap > md-typeset__table), which makes the
table scroll sideways on a phone. Taking a child out of the article restyles the whole article:
on the home page that one restyle was the costliest task of start-up, and Lighthouse counted it
as blocking time (home 93 -> 98, kms/ 88 -> 98 with the palette change of
docs/_overrides/partials/palette.html).

This hook writes the two <div>s into the page instead and gives the table the class `site-table`,
so the bundle finds nothing to move. Material styles tables by the same `table:not([class])`, so
the hook rewrites that selector in Material's stylesheet to `table:is(:not([class]),.site-table)`:
the same rules, the same specificity, for both kinds. Tables with a class of their own are left
alone, as Material leaves them.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from _theme_css import replace_rule, rewrite_sheet

HERE = "hooks/content_tables.py"
TABLE_CLASS = "site-table"
MATERIAL_SELECTOR = "table:not([class])"
BOTH_SELECTOR = f"table:is(:not([class]),.{TABLE_CLASS})"
MAIN_CSS = re.compile(r"assets/stylesheets/main\.[0-9a-f]+\.min\.css")
TABLE_TAG = re.compile(r"<(/?)table\b([^>]*)>", re.I)
CLASS_ATTRIBUTE = re.compile(r"\sclass\s*=", re.I)
# Material's wrapper (function `Un` of its bundle): the same two elements, the same classes.
OPEN_WRAPPER = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
CLOSE_WRAPPER = "</div></div>"


def wrap_tables(html: str, where: str) -> str:
    out: list[str] = []
    position = 0
    depth = 0
    wrapped_open = False
    for tag in TABLE_TAG.finditer(html):
        closing, attributes = tag.group(1), tag.group(2)
        out.append(html[position : tag.start()])
        position = tag.end()
        if not closing:
            depth += 1
            if depth > 1:
                raise PluginError(
                    f"{where}: a table inside a table. Material's bundle would wrap each one at load, "
                    f"and {HERE} wraps only tables that stand alone.\n"
                    "  Fix: put the inner table after the outer one (a list or a definition list often reads better)."
                )
            if CLASS_ATTRIBUTE.search(attributes):
                out.append(tag.group(0))
                continue
            wrapped_open = True
            out.append(f'{OPEN_WRAPPER}<table class="{TABLE_CLASS}"{attributes}>')
        else:
            depth -= 1
            out.append(tag.group(0))
            if wrapped_open and depth == 0:
                out.append(CLOSE_WRAPPER)
                wrapped_open = False
    if depth != 0:
        raise PluginError(f"{where}: a <table> without its </table>.\n  Fix: close the table in the page's source.")
    out.append(html[position:])
    return "".join(out)


def style_both_kinds(css: str, where: str) -> str:
    return replace_rule(
        css,
        MATERIAL_SELECTOR,
        BOTH_SELECTOR,
        where,
        f"Material's stylesheet no longer styles tables by {MATERIAL_SELECTOR}.",
        f"find how this Material version selects the tables its bundle wraps, and update {HERE} "
        "(and docs/assets/css/print.css) to match.",
    )


@event_priority(70)
def on_page_content(html, page, config, files):
    return wrap_tables(html, f"docs/{page.file.src_uri}")


def on_files(files, config):
    sheets = [file for file in files if MAIN_CSS.fullmatch(file.src_uri)]
    if len(sheets) != 1:
        raise PluginError(
            f"{HERE}: expected one Material stylesheet assets/stylesheets/main.*.min.css, found {len(sheets)}.\n"
            f"  Fix: update MAIN_CSS in {HERE} to the stylesheet this Material version links."
        )
    rewrite_sheet(files, config, sheets[0], style_both_kinds)
    return files
