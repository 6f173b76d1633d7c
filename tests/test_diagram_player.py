"""Step-through diagrams in a real browser (docs/assets/js/diagram-player.js): one diagram per
section is stepped with the buttons, the list, its arrows and the keyboard, played to the end
(with and without reduced motion), linked by address, opened full screen and zoomed on a
phone-sized screen, and audited with axe while a step is lit, in both colour schemes. What is
lit is compared with the flow's own declaration (the JSON the diagram program wrote). Without
JavaScript, in print and on the print page the figure stays the whole static diagram."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support import CSP_LISTENER, ROOT, SCHEMES, axe_violations, show_scheme

pytestmark = pytest.mark.browser

SECTIONS = ("kms/", "cognito/", "cognito-sync/", "security-review/")
PLAY_INTERVAL_MS = 2500  # diagram-player.js PLAY_INTERVAL


def declaration(name: str) -> dict:
    """The flow as its program declared it (written by the build into .cache/diagrams/)."""
    return json.loads((ROOT / ".cache" / "diagrams" / f"{name}.json").read_text(encoding="utf-8"))


def figures_by_section(site: Path) -> dict[str, tuple[str, str]]:
    """section -> (page path, diagram name) of the first diagram in that section's pages."""
    found = {}
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix() + "/"
        section = next((s for s in SECTIONS if rel.startswith(s)), None)
        if section is None or section in found:
            continue
        match = re.search(
            r'<figure class="diagram" id="diagram-[^"]+" data-diagram="([^"]+)"', html.read_text(encoding="utf-8")
        )
        if match:
            found[section] = (rel, match.group(1))
    return found


@pytest.fixture(scope="module")
def sections(built_site) -> dict[str, tuple[str, str]]:
    found = figures_by_section(built_site)
    assert set(found) == set(SECTIONS), f"no diagram found in: {sorted(set(SECTIONS) - set(found))}"
    return found


# What a test reads of a figure: the lit SVG elements, the current list item, the live status,
# the position and the Play button's label.
STATE_JS = """name => {
    const fig = document.getElementById('diagram-' + name);
    const svg = fig.querySelector('svg.diagram-svg');
    const current = [...fig.querySelectorAll('ol.diagram-steps > li[aria-current]')];
    return {
        active: svg ? [...svg.querySelectorAll('.is-active')].map(el => el.id).sort() : null,
        current: current.map(li => [Number(li.dataset.step), li.getAttribute('aria-current'), li.classList.contains('is-current')]),
        status: fig.querySelector('.diagram-status').textContent,
        position: fig.querySelector('.diagram-position').textContent,
        play: fig.querySelector('.diagram-controls button[data-action=play]').textContent,
        hash: location.hash,
    };
}"""


class Tab:
    """A browser context that records console errors and Content-Security-Policy violations."""

    def __init__(self, chromium, site_url, **options):
        self.context = chromium.new_context(**options)
        self.context.add_init_script(CSP_LISTENER)
        self.page = self.context.new_page()
        self.site_url = site_url
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, path: str, name: str | None = None):
        self.page.goto(self.site_url + path)
        self.page.wait_for_load_state("load")
        if name:
            self.figure(name).scroll_into_view_if_needed()
            self.page.wait_for_selector(f"#diagram-{name} svg.diagram-svg")
        return self.page

    def figure(self, name: str):
        return self.page.locator(f"#diagram-{name}")

    def button(self, name: str, label: str):
        return self.figure(name).locator(".diagram-controls button", has_text=re.compile(f"^{re.escape(label)}$"))

    def state(self, name: str) -> dict:
        return self.page.evaluate(f"name => ({STATE_JS})(name)", name)

    def states_after_next(self, name: str, count: int) -> list[dict]:
        """The state after each of `count` Next-step clicks, all in one round trip: click events
        without Playwright's actionability waits (real clicks are tested per section)."""
        return self.page.evaluate(
            f"""([name, count]) => {{
                const next = document.querySelector('#diagram-' + name + ' .diagram-controls button[data-action=next]');
                return Array.from({{length: count}}, () => {{ next.click(); return ({STATE_JS})(name); }});
            }}""",
            [name, count],
        )

    def close(self):
        problems = self.errors + self.page.evaluate("window.__cspViolations || []")
        self.context.close()
        assert not problems, f"console errors or CSP violations: {problems}"


@pytest.fixture
def tab(chromium, site_url):
    t = Tab(chromium, site_url)
    yield t
    t.close()


def expected_active(d: dict, n: int) -> list[str]:
    step = d["steps"][n - 1]
    return sorted({f"{d['name']}--step-{n}", f"{d['name']}--node-{step['from']}", f"{d['name']}--node-{step['to']}"})


def assert_step(tab: Tab, d: dict, n: int) -> None:
    """Picture and list agree with the declaration on step n (0: every step shown, none lit)."""
    assert_state(tab.state(d["name"]), d, n)


def assert_state(s: dict, d: dict, n: int) -> None:
    """A figure's state (STATE_JS) agrees with the declaration on step n (0: all shown, none lit)."""
    total = len(d["steps"])
    if n == 0:
        assert s["active"] == [] and s["current"] == [], s
        assert s["position"] == f"All {total} steps"
        return
    assert s["active"] == expected_active(d, n), f"{d['name']} step {n}: lit {s['active']}"
    assert s["current"] == [[n, "step", True]], f"{d['name']} step {n}: list says {s['current']}"
    assert s["position"] == f"Step {n} of {total}"
    step = d["steps"][n - 1]
    assert s["status"].startswith(f"Step {n} of {total}: {step['label']}"), s["status"]
    assert step["from_label"] in s["status"] and step["to_label"] in s["status"]
    if step["note"]:
        assert step["note"] in s["status"]


# -- the steps ----------------------------------------------------------------------------------


@pytest.mark.parametrize("section", SECTIONS)
def test_next_previous_list_arrow_and_keys_light_what_the_flow_declares(tab, sections, section):
    path, name = sections[section]
    d = declaration(name)
    total = len(d["steps"])
    assert total >= 2
    tab.open(path, name)
    assert_step(tab, d, 0)

    tab.button(name, "Next step").click()
    assert_step(tab, d, 1)
    tab.button(name, "Next step").click()
    assert_step(tab, d, 2)
    assert tab.state(name)["hash"] == f"#diagram-{name}-step-2", "the address carries the step"
    tab.button(name, "Previous step").click()
    assert_step(tab, d, 1)
    # At either end the button says so (aria-disabled keeps it focusable) and does nothing.
    assert tab.button(name, "Previous step").get_attribute("aria-disabled") == "true"
    tab.button(name, "Previous step").click(force=True)
    assert_step(tab, d, 1)

    # Jump from the list: the last line, then a click on a line's text.
    tab.figure(name).locator(f"#diagram-{name}-step-{total} a.diagram-jump").click()
    assert_step(tab, d, total)
    assert tab.button(name, "Next step").get_attribute("aria-disabled") == "true"
    tab.button(name, "Next step").click(force=True)
    assert_step(tab, d, total)
    tab.figure(name).locator(f"#diagram-{name}-step-2 .diagram-step-route").click()
    assert_step(tab, d, 2)

    # Jump from the picture: a click on step 1's arrow label.
    tab.figure(name).locator(f'[id="{name}--step-1"] text').last.click()
    assert_step(tab, d, 1)

    # Keyboard, focus on the picture.
    tab.figure(name).locator(".diagram-canvas").focus()
    tab.page.keyboard.press("ArrowRight")
    assert_step(tab, d, 2)
    tab.page.keyboard.press("End")
    assert_step(tab, d, total)
    tab.page.keyboard.press("ArrowLeft")
    assert_step(tab, d, total - 1)
    tab.page.keyboard.press("Home")
    assert_step(tab, d, 1)

    tab.button(name, "Show all").click()
    assert_step(tab, d, 0)


def test_every_step_of_every_diagram_lights_its_own_arrow_and_boxes(tab, built_site):
    """Not only one per section: each flow on the site, each step, picture against declaration."""
    seen = set()
    for html in sorted(built_site.rglob("index.html")):
        rel = html.parent.relative_to(built_site).as_posix() + "/"
        if rel.startswith("print_page/"):
            continue
        names = re.findall(
            r'<figure class="diagram" id="diagram-[^"]+" data-diagram="([^"]+)"', html.read_text(encoding="utf-8")
        )
        if not names:
            continue
        tab.open("" if rel == "./" else rel)
        for name in names:
            tab.figure(name).scroll_into_view_if_needed()
            tab.page.wait_for_selector(f"#diagram-{name} svg.diagram-svg")
            d = declaration(name)
            # Here the point is every step's picture; real clicks are tested per section above.
            for n, state in enumerate(tab.states_after_next(name, len(d["steps"])), 1):
                assert_state(state, d, n)
            seen.add(name)
    assert len(seen) >= 8, seen


def test_the_controls_are_buttons_in_tab_order(tab, sections):
    path, name = sections["kms/"]
    tab.open(path, name)
    labels = []
    tab.figure(name).locator(".diagram-canvas").focus()
    for _ in range(5):
        tab.page.keyboard.press("Tab")
        labels.append(tab.page.evaluate("[document.activeElement.tagName, document.activeElement.textContent]"))
    assert labels == [["BUTTON", t] for t in ("Previous step", "Next step", "Play", "Show all", "Full screen")], labels
    # Arrow keys step from a control too: the whole figure listens.
    tab.page.keyboard.press("ArrowRight")
    assert_step(tab, declaration(name), 1)
    tab.page.keyboard.press("Enter")  # on "Full screen"
    assert "is-fullscreen" in tab.figure(name).get_attribute("class")
    tab.page.keyboard.press("Escape")
    assert "is-fullscreen" not in tab.figure(name).get_attribute("class")


# -- play -------------------------------------------------------------------------------------


def play_to_the_end(tab: Tab, d: dict) -> None:
    name = d["name"]
    tab.button(name, "Play").click()
    assert tab.state(name)["play"] == "Pause"
    assert_step(tab, d, 1)
    for n in range(2, len(d["steps"]) + 1):
        tab.page.clock.run_for(PLAY_INTERVAL_MS)
        assert_step(tab, d, n)
    assert tab.state(name)["play"] == "Play", "playing stops at the last step"
    tab.page.clock.run_for(3 * PLAY_INTERVAL_MS)
    assert_step(tab, d, len(d["steps"]))


def lit_arrow_motion(tab: Tab, name: str) -> dict:
    return tab.page.evaluate(
        """name => { const path = document.querySelector('#diagram-' + name + ' .diagram-step.is-active > path');
                     const s = getComputedStyle(path);
                     return {animation: s.animationName, transition: s.transitionDuration}; }""",
        name,
    )


@pytest.mark.parametrize("section", SECTIONS)
def test_play_runs_to_the_last_step_and_pause_stops_it(chromium, site_url, sections, section):
    path, name = sections[section]
    d = declaration(name)
    t = Tab(chromium, site_url, reduced_motion="no-preference")
    try:
        t.page.clock.install()
        t.open(path, name)
        play_to_the_end(t, d)
        assert lit_arrow_motion(t, name)["animation"] == "diagram-draw", "the lit arrow draws itself"
        # Play again from the end starts over; Pause holds the step.
        t.button(name, "Play").click()
        assert_step(t, d, 1)
        t.button(name, "Pause").click()
        t.page.clock.run_for(3 * PLAY_INTERVAL_MS)
        assert_step(t, d, 1)
    finally:
        t.close()


def test_reduced_motion_plays_instant_steps(chromium, site_url, sections):
    path, name = sections["kms/"]
    d = declaration(name)
    t = Tab(chromium, site_url, reduced_motion="reduce")
    try:
        t.page.clock.install()
        t.open(path, name)
        play_to_the_end(t, d)
        motion = lit_arrow_motion(t, name)
        assert motion == {"animation": "none", "transition": "0s"}, motion
    finally:
        t.close()


# -- addresses, no JavaScript, print ---------------------------------------------------------


@pytest.mark.parametrize("section", SECTIONS)
def test_a_link_to_a_step_opens_that_step(tab, sections, section):
    path, name = sections[section]
    d = declaration(name)
    n = min(3, len(d["steps"]))
    tab.open(f"{path}#diagram-{name}-step-{n}")
    tab.page.wait_for_selector(f"#diagram-{name} svg.diagram-svg")
    assert_step(tab, d, n)
    top = tab.figure(name).bounding_box()["y"]
    assert 0 <= top < tab.page.viewport_size["height"] / 2, f"the figure is not brought into view (top at {top})"
    # A link followed on the page itself works too.
    tab.page.evaluate("h => { location.hash = h; }", f"#diagram-{name}-step-1")
    tab.page.wait_for_function(
        "name => document.querySelector('#diagram-' + name + ' li[aria-current]')?.dataset.step === '1'", arg=name
    )
    assert_step(tab, d, 1)


def test_without_javascript_the_figure_is_the_whole_static_diagram(chromium, site_url, sections):
    path, name = sections["kms/"]
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site_url}{path}#diagram-{name}-step-2")
        figure = page.locator(f"#diagram-{name}")
        assert figure.locator("img").is_visible()
        assert figure.locator("button, .diagram-controls, svg").count() == 0
        assert figure.locator("li[aria-current]").count() == 0
        assert figure.locator("ol.diagram-steps > li").count() == len(declaration(name)["steps"])
    finally:
        context.close()


def test_print_shows_the_whole_diagram_without_controls(tab, sections):
    path, name = sections["kms/"]
    page = tab.open(path, name)
    tab.button(name, "Next step").click()
    tab.button(name, "Next step").click()
    # Let the quarter-second fades settle, as they have long before a print dialog opens.
    page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")
    page.emulate_media(media="print")
    assert not tab.figure(name).locator(".diagram-controls").is_visible()
    # Nothing is dimmed: a step that is not lit keeps the colour the renderer gave it.
    strokes = page.evaluate(
        """name => [...document.querySelectorAll('#diagram-' + name + ' .diagram-step > path')]
                   .map(p => [p.getAttribute('stroke'), getComputedStyle(p).stroke, getComputedStyle(p).strokeWidth])""",
        name,
    )
    for attribute, computed, width in strokes:
        r, g, b = (int(attribute[i : i + 2], 16) for i in (1, 3, 5))
        assert computed == f"rgb({r}, {g}, {b})", f"printed with {computed} instead of {attribute}"
        assert width == "1.3px", width
    page.emulate_media(media="screen")
    assert tab.figure(name).locator(".diagram-controls").is_visible()


def test_the_print_page_keeps_every_figure_static(tab):
    page = tab.open("print_page/")
    assert page.locator("figure.diagram").count() >= 8
    assert page.locator("figure.diagram img[src$='.svg']").count() == page.locator("figure.diagram").count()
    assert page.locator("figure.diagram .diagram-controls, figure.diagram svg").count() == 0


# -- a phone: full screen and zoom --------------------------------------------------------------


def label_px(tab: Tab, name: str) -> float:
    """The on-screen size of a 12 px diagram label, zoom included."""
    return tab.page.evaluate(
        """name => { const fig = document.getElementById('diagram-' + name);
                     const svg = fig.querySelector('svg.diagram-svg');
                     const text = svg.querySelector('.diagram-step text');
                     return text.getBoundingClientRect().height / text.getBBox().height * 12; }""",
        name,
    )


def test_on_a_phone_a_diagram_opens_full_screen_and_zooms(chromium, site_url, sections):
    path, name = sections["kms/"]
    d = declaration(name)
    t = Tab(
        chromium,
        site_url,
        viewport={"width": 390, "height": 844},
        has_touch=True,
        is_mobile=True,
        device_scale_factor=2,
    )
    try:
        t.open(path, name)
        in_column = label_px(t, name)
        assert in_column < 8, f"at 390 px a label shows at {in_column:.1f} px: the reason for full screen"
        t.button(name, "Full screen").click()
        figure = t.figure(name)
        assert "is-fullscreen" in figure.get_attribute("class")
        box = figure.bounding_box()
        assert box["width"] >= 389 and box["height"] >= 843, f"not full screen: {box}"
        zoom_in = t.button(name, "Zoom in")
        assert zoom_in.is_visible()
        zoom_in.click()
        zoom_in.click()
        assert float(figure.get_attribute("data-zoom")) == pytest.approx(2.25)
        assert label_px(t, name) >= 11, f"zoomed twice, a label shows at {label_px(t, name):.1f} px"
        # The step-through works in full screen too.
        t.button(name, "Next step").click()
        assert_step(t, d, 1)
        # Keyboard zoom.
        t.page.keyboard.press("-")
        assert float(figure.get_attribute("data-zoom")) == pytest.approx(1.5)
        t.page.keyboard.press("0")
        assert float(figure.get_attribute("data-zoom")) == 1
        # A pinch: two pointers moving apart double the distance between them.
        t.page.evaluate(
            """name => { const c = document.querySelector('#diagram-' + name + ' .diagram-canvas');
                        const r = c.getBoundingClientRect(), y = r.top + r.height / 2, x = r.left + r.width / 2;
                        const ev = (type, id, px) => c.dispatchEvent(new PointerEvent(type, {pointerId: id, clientX: px, clientY: y, bubbles: true, pointerType: 'touch'}));
                        ev('pointerdown', 1, x - 40); ev('pointerdown', 2, x + 40);
                        ev('pointermove', 1, x - 80); ev('pointermove', 2, x + 80);
                        ev('pointerup', 1, x - 80); ev('pointerup', 2, x + 80); }""",
            name,
        )
        assert float(figure.get_attribute("data-zoom")) == pytest.approx(2.0, abs=0.01)
        t.button(name, "Exit full screen").click()
        assert "is-fullscreen" not in figure.get_attribute("class")
        assert figure.get_attribute("data-zoom") == "1.00", "leaving full screen resets the zoom"
    finally:
        t.close()


# -- accessibility of the playing state -----------------------------------------------------------


def test_axe_finds_nothing_while_a_step_is_lit_in_both_schemes(chromium, site_url, sections):
    failures = {}
    t = Tab(chromium, site_url)

    def audit(path: str, name: str, view: str) -> None:
        for scheme in SCHEMES:
            show_scheme(t.page, scheme)
            # The figure only: the rest of the page is audited with the site (test_accessibility.py).
            found = axe_violations(t.page, f"#diagram-{name}")
            if found:
                failures[f"{path} {view} {scheme}"] = found

    try:
        for path, name in sections.values():
            t.open(path, name)
            t.button(name, "Next step").click()
            t.button(name, "Next step").click()
            t.button(name, "Play").click()  # playing: the Pause button and the live region
            audit(path, name, "playing")
            # The full-screen view (zoom buttons shown) as well.
            t.button(name, "Pause").click()
            t.button(name, "Full screen").click()
            audit(path, name, "full screen")
            t.button(name, "Exit full screen").click()
    finally:
        t.close()
    assert not failures, f"axe-core, a step lit: {failures}"


def test_the_inline_svg_is_named_and_its_ids_are_unique(tab):
    page = tab.open("security-review/")  # this page holds two diagrams
    names = page.eval_on_selector_all("figure.diagram", "figs => figs.map(f => f.dataset.diagram)")
    assert len(names) >= 2
    for n in names:
        tab.figure(n).scroll_into_view_if_needed()
        page.wait_for_selector(f"#diagram-{n} svg.diagram-svg")
    result = page.evaluate(
        """() => { const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
                   const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
                   const svgs = [...document.querySelectorAll('svg.diagram-svg')].map(s => [s.getAttribute('role'), s.querySelector(':scope > title')?.textContent]);
                   return {dup, svgs}; }"""
    )
    assert result["dup"] == [], f"duplicate ids once the SVGs are inline: {result['dup'][:10]}"
    for role, title in result["svgs"]:
        assert role == "img" and title, result["svgs"]
