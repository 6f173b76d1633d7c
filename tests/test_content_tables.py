"""hooks/content_tables.py: tables arrive wrapped as Material's bundle would wrap them, so its
start-up moves none of them, and they look exactly as Material's own wrapping made them look."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

from tests.support import load_hook, read_site

content_tables = load_hook("content_tables")

WRAPPED = (
    '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
    '<table class="site-table"><tr><td>1</td></tr></table></div></div>'
)


def test_a_table_without_a_class_is_wrapped_and_marked():
    html = "<p>a</p><table><tr><td>1</td></tr></table><p>b</p>"
    assert content_tables.wrap_tables(html, "x.md") == f"<p>a</p>{WRAPPED}<p>b</p>"


def test_attributes_are_kept_and_tables_with_a_class_left_alone():
    html = '<table id="t"><tr><td>1</td></tr></table><table class="own"><tr><td>2</td></tr></table>'
    assert content_tables.wrap_tables(html, "x.md") == (
        '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
        '<table class="site-table" id="t"><tr><td>1</td></tr></table></div></div>'
        '<table class="own"><tr><td>2</td></tr></table>'
    )


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<table><tr><td><table></table></td></tr></table>", "a table inside a table"),
        ("<table><tr><td>1</td></tr>", "without its </table>"),
    ],
)
def test_a_table_the_hook_cannot_wrap_stops_the_build(html, message):
    with pytest.raises(PluginError, match=message) as raised:
        content_tables.wrap_tables(html, "docs/kms/index.md")
    assert "docs/kms/index.md" in str(raised.value) and "Fix:" in str(raised.value)


def test_material_rules_match_both_kinds_of_table_with_the_same_specificity():
    css = ".md-typeset table:not([class]){font-size:.64rem}.md-typeset table:not([class]) th{min-width:5rem}"
    assert content_tables.style_both_kinds(css, "x") == (
        ".md-typeset table:is(:not([class]),.site-table){font-size:.64rem}"
        ".md-typeset table:is(:not([class]),.site-table) th{min-width:5rem}"
    )


def test_a_material_stylesheet_without_the_table_rules_stops_the_build():
    with pytest.raises(PluginError, match="no longer styles tables"):
        content_tables.style_both_kinds("body{color:red}", "theme file main.css")


def test_every_built_table_without_a_class_of_its_own_arrives_wrapped(built_site):
    pages = read_site(built_site)
    tables = 0
    for page, tree in pages.items():
        for table in tree.select("table"):
            if "site-table" not in (table.get("class") or []):
                assert table.get("class"), f"{page}: a table Material's bundle would still move at load"
                continue
            tables += 1
            wrapper = table.parent
            assert wrapper.get("class") == ["md-typeset__table"], page
            assert wrapper.parent.get("class") == ["md-typeset__scrollwrap"], page
    assert tables > 40, tables  # the home page's table of contents, the sections' tables, the print page's copies


@pytest.mark.browser
def test_start_up_moves_no_table_and_the_tables_look_as_material_made_them(chromium, site_url):
    page = chromium.new_page(viewport={"width": 412, "height": 900})
    # Recorded from the first byte: a table leaving its parent is what restyled the whole article.
    page.add_init_script(
        """window.__moved = [];
        new MutationObserver(changes => changes.forEach(change => change.removedNodes.forEach(node => {
            if (node.nodeName === 'TABLE') window.__moved.push(node.className);
        }))).observe(document, {childList: true, subtree: true});"""
    )
    page.goto(site_url)
    page.wait_for_load_state("load")
    assert page.evaluate("window.__moved") == []
    assert page.evaluate("document.querySelectorAll('.md-typeset__table .md-typeset__scrollwrap').length") == 0
    # The same table without the class, as Material's bundle leaves one: every computed style of
    # the table, a heading cell and a cell matches the built table's.
    differences = page.evaluate(
        """() => {
            const built = document.querySelector('article table.site-table');
            const wrapper = built.closest('.md-typeset__scrollwrap');
            const twin = wrapper.cloneNode(true);
            twin.querySelector('table').removeAttribute('class');
            wrapper.after(twin);
            const pairs = [[built, twin.querySelector('table')],
                           [built.querySelector('th'), twin.querySelector('th')],
                           [built.querySelector('td'), twin.querySelector('td')]];
            const out = [];
            for (const [a, b] of pairs) {
                const sa = getComputedStyle(a), sb = getComputedStyle(b);
                for (const name of sa) if (sa.getPropertyValue(name) !== sb.getPropertyValue(name))
                    out.push(`${a.nodeName} ${name}: ${sa.getPropertyValue(name)} / ${sb.getPropertyValue(name)}`);
            }
            return out;
        }"""
    )
    assert differences == []
    page.close()
