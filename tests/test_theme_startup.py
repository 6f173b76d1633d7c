"""hooks/theme_startup.py, the extrahead script of docs/_overrides/main.html and the site's
palette (docs/_overrides/partials/palette.html and javascripts/palette.html): Material's start-up
without its avoidable whole-page restyles, a palette that behaves as Material's did, and a switch
that still snaps from one scheme to the other."""

from __future__ import annotations

from pathlib import Path

import material
import pytest
from mkdocs.exceptions import PluginError

from tests.support import ROOT, built_page, load_hook

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
    page.wait_for_function(SWITCHED)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    # Frozen while Material applied the new scheme: without the freeze, 339 transitions start here.
    assert page.evaluate("window.__switching") == [True]
    assert running == 0
    assert errors == []
    page.close()


MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
OWN_PALETTE = ROOT / "docs" / "_overrides" / "partials" / "palette.html"


def template_body(path: Path) -> str:
    """A template without its leading comment, from its first element on."""
    text = path.read_text(encoding="utf-8")
    return text[text.index("<form") :]


def test_the_palette_toggle_is_materials_except_for_the_component_marker():
    # On a Material upgrade that changes the toggle's markup, this fails: copy the new markup.
    own = template_body(OWN_PALETTE).replace("data-site-palette", 'data-md-component="palette"', 1)
    assert own == template_body(MATERIAL_TEMPLATES / "partials" / "palette.html")


def test_materials_automatic_palette_entry_stops_the_build():
    entries = [{"media": "(prefers-color-scheme)", "toggle": {"icon": "x", "name": "Auto"}}]
    with pytest.raises(PluginError, match="automatic mode") as raised:
        theme_startup.check_palette_entries(entries)
    assert "Fix:" in str(raised.value)
    theme_startup.check_palette_entries([{"media": "(prefers-color-scheme: light)"}, {"scheme": "slate"}])
    theme_startup.check_palette_entries({"scheme": "default"})  # one palette, no toggle


# Recorded from the first byte: every meta element added to <head> and every change to the
# body's colour attributes, with the document's state at that moment.
RECORD_START_UP = """window.__startUp = [];
new MutationObserver(changes => changes.forEach(change => {
    if (change.type === 'attributes' && change.target === document.body && change.attributeName.startsWith('data-md-color'))
        window.__startUp.push(`${change.attributeName} ${document.readyState}`);
    change.addedNodes && change.addedNodes.forEach(node => {
        if (node.nodeName === 'META' && node.parentNode === document.head)
            window.__startUp.push(`meta ${node.name} ${document.readyState}`);
    });
})).observe(document, {childList: true, subtree: true, attributes: true});"""

PALETTE_STATE = """() => {
    const header = getComputedStyle(document.querySelector('[data-md-component=header]'));
    const hex = '#' + header.backgroundColor.match(/\\d+/g).slice(0, 3).map(c => (+c).toString(16).padStart(2, '0')).join('');
    const meta = name => [...document.head.querySelectorAll(`meta[name=${name}]`)].map(m => m.content);
    return {
        scheme: document.body.dataset.mdColorScheme,
        shown: [...document.querySelectorAll('[data-site-palette] label')].map(l => !l.hidden),
        checked: [...document.querySelectorAll('[data-site-palette] input')].map(i => i.checked),
        colorScheme: meta('color-scheme'), headerScheme: [header.colorScheme],
        themeColor: meta('theme-color'), headerColor: [hex],
        stored: Object.keys(localStorage).filter(k => k.endsWith('.__palette')).length,
    };
}"""


# As functions: a string expression would be evaluated by eval, which the site's policy forbids.
THEME_COLOR_SET = "() => document.head.querySelector('meta[name=theme-color]').content !== ''"
SWITCHED = "() => !document.body.hasAttribute('data-palette-switching')"


def palette_state(page) -> dict:
    state = page.evaluate(PALETTE_STATE)
    # The metas say what the header's computed style says, in either scheme.
    assert state.pop("colorScheme") == state.pop("headerScheme")
    assert state.pop("themeColor") == state.pop("headerColor")
    return state


@pytest.mark.browser
@pytest.mark.parametrize(
    ("preference", "first", "other"), [("light", "default", "slate"), ("dark", "slate", "default")]
)
def test_the_palette_follows_the_system_then_the_readers_choice_without_restyling_start_up(
    chromium, site_url, preference, first, other
):
    context = chromium.new_context(color_scheme=preference)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.add_init_script(RECORD_START_UP)
    page.goto(site_url + "kms/")
    page.wait_for_load_state("load")
    page.wait_for_function(THEME_COLOR_SET)
    # Everything happened while the page was parsed: no meta and no colour attribute later.
    assert {entry.split()[-1] for entry in page.evaluate("window.__startUp")} == {"loading"}
    index = 0 if first == "default" else 1
    assert palette_state(page) == {
        "scheme": first,
        "shown": [i == index for i in range(2)],
        "checked": [i == index for i in range(2)],
        "stored": 0,  # not chosen yet: the next page follows the system again
    }

    page.click("[data-site-palette] label:not([hidden])")
    page.wait_for_function(SWITCHED)
    switched = palette_state(page)
    assert switched["scheme"] == other and switched["stored"] == 1

    page.goto(site_url)  # the choice holds on the next page, whatever the system prefers
    page.wait_for_load_state("load")
    page.wait_for_function(THEME_COLOR_SET)
    assert palette_state(page)["scheme"] == other

    page.focus("[data-site-palette] input:checked")  # the keyboard way, as in Material: Enter
    page.keyboard.press("Enter")
    page.wait_for_function(SWITCHED)
    assert palette_state(page)["scheme"] == first
    assert page.evaluate("document.activeElement.checked")
    assert errors == []
    context.close()
