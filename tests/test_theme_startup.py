"""hooks/theme_startup.py and the extrahead script of docs/_overrides/main.html: Material's
start-up without its avoidable whole-page restyles, and a palette switch that still snaps
from one scheme to the other."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

from tests.support import built_page, load_hook

theme_startup = load_hook("theme_startup")


def test_the_freeze_moves_to_an_attribute_start_up_never_sets():
    css = "[data-md-color-switching] *,[data-md-color-switching] :after{transition-duration:0s!important}"
    assert theme_startup.freeze_on_own_attribute(css, "x") == (
        "[data-palette-switching] *,[data-palette-switching] :after{transition-duration:0s!important}"
    )


def test_a_material_stylesheet_without_the_freeze_stops_the_build():
    with pytest.raises(PluginError, match="no longer has its"):
        theme_startup.freeze_on_own_attribute("body{color:red}", "theme file palette.css")


def test_the_built_palette_stylesheet_freezes_on_the_new_attribute(built_site):
    sheets = list((built_site / "assets" / "stylesheets").glob("palette.*.min.css"))
    assert len(sheets) == 1, sheets
    css = sheets[0].read_text(encoding="utf-8")
    assert "data-md-color-switching" not in css and "[data-palette-switching] *" in css


def test_html_gets_material_classes_in_the_head(built_site):
    html = built_page(built_site, "kms/index.md").read_text(encoding="utf-8")
    assert html.index('html.classList.add("js", "js-focus-visible")') < html.index("</head>")


@pytest.mark.browser
def test_a_palette_switch_freezes_transitions_and_start_up_sets_nothing(chromium, site_url):
    page = chromium.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(site_url + "kms/")
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.className").split() == ["js", "js-focus-visible"]
    assert not page.evaluate("document.body.hasAttribute('data-palette-switching')"), "set without a switch"
    page.evaluate(
        """() => {
            window.__switching = [];
            window.__before = new Set(document.getAnimations());  // the page's own, such as a diagram's list
            new MutationObserver(changes => changes.forEach(change => {
                if (change.attributeName === 'data-md-color-scheme')
                    window.__switching.push(document.body.hasAttribute('data-palette-switching'));
            })).observe(document.body, {attributes: true});
        }"""
    )
    page.click(".md-header__option label:not([hidden])")
    running = page.evaluate(
        "document.getAnimations().filter(a => a instanceof CSSTransition && !window.__before.has(a)).length"
    )
    page.wait_for_function("!document.body.hasAttribute('data-palette-switching')")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    # Frozen while Material applied the new scheme: without the freeze, 339 transitions start here.
    assert page.evaluate("window.__switching") == [True]
    assert running == 0
    assert errors == []
    page.close()
