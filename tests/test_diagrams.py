"""Executable diagrams: every program renders to a self-contained, deterministic, cached SVG;
the page's step list is the program's own declaration; bad programs stop the build."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sys
import textwrap
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from tests.support import DIAGRAM_GZIP_BUDGET, ROOT, load_hook, load_module, mkdocs_build, read_page, require_tool

DIAGRAMS = ROOT / "diagrams"
EXPECTED = {
    "kms-data-key-flow",
    "cognito-pools-flow",
    "cognito-token-lifecycle-flow",
    "cognito-sync-stream-flow",
    "s3-sse-options",
    "ebs-kms-flow",
    "kms-authorization",
    "principals-credentials",
    "security-review-map",
    "iam-policy-evaluation-flow",
    "secrets-rotation-flow",
}
# Wider than this and the labels shrink below ~10 px once scaled into the ~800 px column.
MAX_WIDTH = 900
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


render = load_module("diagrams_render_under_test", DIAGRAMS / "_render.py")
hook = load_hook("draw_diagrams")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[Path, object]:
    """All diagrams, rendered cold into an empty folder."""
    require_tool("dot")
    out = tmp_path_factory.mktemp("diagrams")
    report = render.render_all(out, DIAGRAMS)
    return out, report


def names() -> list[str]:
    return [p.stem for p in render.programs(DIAGRAMS)]


def declaration(out: Path, name: str) -> dict:
    return json.loads((out / f"{name}.json").read_text(encoding="utf-8"))


# -- rendering ------------------------------------------------------------------------


def test_every_required_diagram_has_a_program():
    assert EXPECTED <= set(names())


def test_underscore_modules_are_not_programs(tmp_path):
    for name in ("_shared.py", "a-flow.py", "notes.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert [p.name for p in render.programs(tmp_path)] == ["a-flow.py"]
    assert not (DIAGRAMS / "__init__.py").exists(), "a package named diagrams would shadow the library"


def test_each_program_renders_svg_and_declaration(rendered):
    out, report = rendered
    assert sorted(report.rendered) == sorted(names()), "a cold render draws every program"
    for name in names():
        d = declaration(out, name)
        assert d["name"] == name
        assert d["title"].strip() and d["caption"].strip() and d["alt"].strip()
        assert d["steps"], f"{name} declares no steps"
        assert [s["number"] for s in d["steps"]] == list(range(1, len(d["steps"]) + 1))
        root = ET.parse(out / f"{name}.svg").getroot()
        assert root.tag == f"{SVG_NS}svg"
        assert (int(root.get("width")), int(root.get("height"))) == (d["width"], d["height"])


def test_every_svg_is_self_contained(rendered):
    out, _ = rendered
    for name in names():
        text = (out / f"{name}.svg").read_text(encoding="utf-8")
        root = ET.fromstring(text)
        symbols = {el.get("id") for el in root.iter(f"{SVG_NS}symbol")}
        for el in root.iter():
            for attr in ("href", XLINK_HREF):
                ref = el.get(attr)
                if ref is None:
                    continue
                if ref.startswith("#"):
                    assert ref[1:] in symbols, f"{name}: {ref} points at nothing"
                else:
                    assert ref.startswith("data:image/png;base64,"), f"{name}: external reference {ref[:80]}"
        assert "site-packages" not in text and "file:" not in text
        assert "<!DOCTYPE" not in text, "the DOCTYPE names a URL a strict viewer could fetch"
        # Text stays text (no -Tsvg:cairo paths): the labels are searchable and scale cleanly.
        labels = [t.text for t in root.iter(f"{SVG_NS}text") if t.text]
        assert labels, f"{name}: no <text> elements"
        fonts = {t.get("font-family") for t in root.iter(f"{SVG_NS}text")}
        assert all(f and f.endswith("sans-serif") for f in fonts), f"{name}: fonts {fonts}"


def test_an_icon_used_twice_is_embedded_once(rendered):
    out, _ = rendered
    reused = False
    for name in names():
        root = ET.parse(out / f"{name}.svg").getroot()
        payloads = [el.get(XLINK_HREF) for el in root.iter(f"{SVG_NS}image")]
        assert len(payloads) == len(set(payloads)), f"{name}: an icon is embedded twice"
        uses = [el.get(XLINK_HREF) for el in root.iter(f"{SVG_NS}use")]
        reused |= len(uses) > len(set(uses))
    # kms-data-key-flow draws the application icon twice: the proof that dedup is exercised.
    assert reused, "no diagram reuses an icon, so the dedup is untested"


def test_a_shrunk_icon_is_kept_between_runs_as_a_fresh_shrink_makes_it(tmp_path, monkeypatch):
    import resources  # the diagrams library's icons

    icons = render._icons
    png = Path(resources.__path__[0]) / "aws" / "security" / "key-management-service.png"
    monkeypatch.setattr(icons, "ICON_CACHE", tmp_path / "icons")
    icons.load_icon.cache_clear()
    first = icons.load_icon(png, 112)
    assert first == icons.shrink_png(png.read_bytes(), 112) != png.read_bytes()
    assert len(list((tmp_path / "icons").glob("*.png"))) == 1
    # A new process (no lru_cache) reads the file instead of shrinking again.
    icons.load_icon.cache_clear()
    shrink = icons.shrink_png
    monkeypatch.setattr(icons, "shrink_png", lambda data, target: pytest.fail("shrunk again"))
    assert icons.load_icon(png, 112) == first
    # Another size is another entry.
    monkeypatch.setattr(icons, "shrink_png", shrink)
    icons.load_icon.cache_clear()
    assert icons.load_icon(png, 56) != first
    assert len(list((tmp_path / "icons").glob("*.png"))) == 2
    icons.load_icon.cache_clear()


def test_each_svg_is_within_the_gzip_budget_and_width(rendered):
    out, _ = rendered
    for name in names():
        data = (out / f"{name}.svg").read_bytes()
        packed = len(gzip.compress(data, 9, mtime=0))
        assert packed <= DIAGRAM_GZIP_BUDGET, f"{name}: {packed} bytes gzip > {DIAGRAM_GZIP_BUDGET}"
        assert declaration(out, name)["width"] <= MAX_WIDTH, f"{name} is too wide for the content column"


def test_every_node_and_step_carries_its_flow_id_in_the_svg(rendered):
    """The page script lights <name>--step-<n> and <name>--node-<key>: every box and numbered
    arrow of every flow has that id (from the declaration, not Graphviz's node1/edge1), its
    class, and a title a reader can use; ids are unique and prefixed by the diagram's name, so
    two diagrams inlined in one page never clash."""
    out, _ = rendered
    for name in names():
        d = declaration(out, name)
        root = ET.parse(out / f"{name}.svg").getroot()
        ids = [el.get("id") for el in root.iter() if el.get("id")]
        assert len(ids) == len(set(ids)), f"{name}: duplicate ids"
        assert all(i.startswith(f"{name}--") for i in ids), (
            f"{name}: ids not prefixed: {[i for i in ids if not i.startswith(name)]}"
        )
        groups = {g.get("id"): g for g in root.iter(f"{SVG_NS}g")}
        kinds = {
            kind: [g for g in groups.values() if kind in g.get("class", "").split()]
            for kind in ("diagram-node", "diagram-step")
        }
        ends = {s["from"] for s in d["steps"]} | {s["to"] for s in d["steps"]}
        assert ends <= {n["key"] for n in d["nodes"]}, f"{name}: a step's end is not a declared node"
        assert len(kinds["diagram-node"]) == len(d["nodes"]) and len(kinds["diagram-step"]) == len(d["steps"]), name
        for node in d["nodes"]:
            g = groups.get(f"{name}--node-{node['key']}")
            assert g is not None, f"{name}: node {node['key']} has no id in the SVG"
            assert "diagram-node" in g.get("class").split()
            assert g.find(f"{SVG_NS}title").text == node["label"]
            assert g.find(f"{SVG_NS}path") is not None or g.find(f"{SVG_NS}polygon") is not None, (
                f"{name}: node {node['key']} has no outline to light"
            )
        for step in d["steps"]:
            g = groups.get(f"{name}--step-{step['number']}")
            assert g is not None, f"{name}: step {step['number']} has no id in the SVG"
            assert "diagram-step" in g.get("class").split()
            assert g.find(f"{SVG_NS}path") is not None, f"{name}: step {step['number']} has no arrow"
            texts = [t.text or "" for t in g.iter(f"{SVG_NS}text")]
            assert texts[0] == str(step["number"]), f"{name}: step {step['number']} is labelled {texts[:1]}"
            assert " ".join(" ".join(texts[1:]).split()) == step["label"], (
                f"{name}: step {step['number']}'s arrow says {texts[1:]}"
            )
            assert g.find(f"{SVG_NS}title").text == f"Step {step['number']}: {step['label']}"


def test_a_group_graphviz_numbered_itself_is_refused():
    decl = {"name": "demo", "nodes": [], "steps": []}
    raw = '<g id="node1" class="node">\n<title>a</title>\n'
    with pytest.raises(render.DiagramError, match=r"diagrams/demo.py: the SVG group 'node1'"):
        render.stable_ids(raw, decl, "diagrams/demo.py")


def edge_label_offsets(svg: bytes) -> list[tuple[str, float]]:
    """(label, distance in px from the label's anchor to its own edge's path) for each labelled edge."""
    import re

    offsets = []
    for group in ET.fromstring(svg).iter(f"{SVG_NS}g"):
        if "edge" not in group.get("class", "").split():
            continue
        path, texts = group.find(f"{SVG_NS}path"), group.findall(f".//{SVG_NS}text")
        if path is None or not texts:
            continue
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))]
        controls = list(zip(numbers[0::2], numbers[1::2]))  # Graphviz: M p0 C p1 p2 p3 [p4 p5 p6 ...]
        points = []
        for i in range(0, len(controls) - 3, 3):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3) = controls[i : i + 4]
            for step in range(21):  # points along each cubic Bezier segment
                t = step / 20
                a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
                points.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
        # A label is one or more <text> runs ("2", "SSE-S3 (AES256)"): take the middle of them all.
        x = sum(float(t.get("x")) for t in texts) / len(texts)
        y = sum(float(t.get("y")) for t in texts) / len(texts)
        label = " ".join("".join(t.itertext()) for t in texts)
        offsets.append((label, min(((x - px) ** 2 + (y - py) ** 2) ** 0.5 for px, py in points)))
    return offsets


def test_edge_labels_sit_beside_their_own_edge(rendered):
    """Graphviz's orthogonal splines place edge labels far from their edges without a word
    (DESIGN.md): every step label must sit near a point of its own arrow."""
    out, _ = rendered
    checked = 0
    for name in names():
        for label, distance in edge_label_offsets((out / f"{name}.svg").read_bytes()):
            checked += 1
            # Measured on the eight diagrams: 81 px at most (a long label beside a long curve).
            assert distance <= 100, f"{name}: the label {label!r} sits {distance:.0f} px from its edge"
    assert checked >= 20, f"only {checked} edge labels found: the check is not reading the SVGs"


@pytest.mark.tools
def test_rendering_twice_gives_identical_bytes(rendered, tmp_path):
    out, _ = rendered
    again = render.render_all(tmp_path, DIAGRAMS, force=True)
    assert sorted(again.rendered) == sorted(names())
    for name in names():
        for suffix in (".svg", ".json"):
            assert (tmp_path / f"{name}{suffix}").read_bytes() == (out / f"{name}{suffix}").read_bytes(), (
                f"{name}{suffix} differs"
            )


@pytest.mark.tools
def test_cache_skips_unchanged_programs_and_redraws_a_changed_one(rendered, tmp_path):
    out, _ = rendered
    programs = tmp_path / "diagrams"
    shutil.copytree(DIAGRAMS, programs, ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path / "cache"
    shutil.copytree(out, cache)

    unchanged = render.render_all(cache, programs)
    assert unchanged.rendered == [] and sorted(unchanged.cached) == sorted(names())

    edited = programs / "kms-authorization.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after_edit = render.render_all(cache, programs)
    assert after_edit.rendered == ["kms-authorization"]
    assert len(after_edit.cached) == len(names()) - 1

    # A shared module is part of every key: touching the style redraws them all.
    style = programs / "_style.py"
    style.write_text(style.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert sorted(render.render_all(cache, programs).rendered) == sorted(names())


# -- the page ---------------------------------------------------------------------------


def expected_items(d: dict) -> list[str]:
    items = []
    for s in d["steps"]:
        text = f"{s['label']} \u2014 from {s['from_label']} to {s['to_label']}."
        items.append(text + (f" {s['note']}" if s["note"] else ""))
    return items


def test_step_list_on_the_page_is_the_programs_declaration(rendered, built_site):
    out, _ = rendered
    found = {}
    for page in built_site.rglob("index.html"):
        if "print_page" in page.parts:
            continue
        soup = read_page(page)
        for fig in soup.select("figure.diagram"):
            found[fig["id"].removeprefix("diagram-")] = (page, fig)
    assert EXPECTED <= set(found), f"diagrams missing from the site: {sorted(EXPECTED - set(found))}"
    for name, (page, fig) in found.items():
        d = declaration(out, name)
        lis = fig.select("figcaption ol.diagram-steps > li")
        items = [" ".join(li.get_text(" ", strip=True).split()) for li in lis]
        assert items == [" ".join(i.split()) for i in expected_items(d)], f"{name} on {page}"
        # What the player needs to light a step, and the step's own address.
        assert fig["data-diagram"] == name
        assert [(li["id"], li["data-step"], li["data-from"], li["data-to"]) for li in lis] == [
            (f"diagram-{name}-step-{s['number']}", str(s["number"]), s["from"], s["to"]) for s in d["steps"]
        ], f"{name} on {page}"
        assert fig.select_one(".diagram-caption").get_text(strip=True) == d["caption"]
        img = fig.find("img")
        assert img["alt"] == d["alt"]
        assert (int(img["width"]), int(img["height"])) == (d["width"], d["height"])
        target = (page.parent / img["src"]).resolve()
        assert target.is_file(), f"{name}: {img['src']} does not resolve from {page}"
        assert target.read_bytes() == (out / f"{name}.svg").read_bytes()


# -- the macro ---------------------------------------------------------------------------


def fake_env(tmp_path: Path, page_uri: str, decl: dict):
    from mkdocs.structure.files import File, Files

    folder = tmp_path / "docs" / "assets" / "diagrams"
    folder.mkdir(parents=True)
    svg = folder / f"{decl['name']}.svg"
    svg.write_text("<svg/>", encoding="utf-8")
    svg.with_suffix(".json").write_text(json.dumps(decl), encoding="utf-8")
    files = Files(
        [
            File(
                f"assets/diagrams/{svg.name}",
                src_dir=str(tmp_path / "docs"),
                dest_dir=str(tmp_path / "site"),
                use_directory_urls=True,
            )
        ]
    )
    page = SimpleNamespace(
        file=SimpleNamespace(src_uri=page_uri), url=page_uri.replace("index.md", "").replace(".md", "/")
    )
    return SimpleNamespace(page=page, variables={"files": files})


DECL = {
    "name": "demo-flow",
    "title": "Demo",
    "caption": "A <b>caption</b> & more",
    "alt": 'Alt "quoted" <script>',
    "steps": [
        {"number": 1, "from": "a", "to": "b", "from_label": "A<", "to_label": "B>", "label": "<i>go</i>", "note": None}
    ],
    "width": 300,
    "height": 200,
}


def test_macro_escapes_everything_and_links_relative_to_the_page(tmp_path):
    from macros.figures import render_diagram

    html = render_diagram(fake_env(tmp_path, "kms/access-control.md", DECL), "demo-flow")
    figure = BeautifulSoup(html, "html.parser").select_one("figure.diagram")
    img = figure.select_one("img")
    assert (img["src"], img["alt"], img["width"], img["height"]) == (
        "../../assets/diagrams/demo-flow.svg",
        'Alt "quoted" <script>',
        "300",
        "200",
    )
    assert figure["data-diagram"] == "demo-flow" and figure["data-title"] == "Demo"
    assert "A <b>caption</b> & more" in figure.get_text()  # shown as text: escaped in the markup
    step = figure.select_one("li#diagram-demo-flow-step-1")
    assert (step["data-step"], step["data-from"], step["data-to"]) == ("1", "a", "b") and "<i>go</i>" in step.get_text()
    assert not figure.select("script, b, i"), "data became markup"
    assert "\n\n" not in html, "a blank line would end the raw HTML block in Markdown"


def test_the_figure_markup_is_a_template_not_python():
    assert "<figure" not in (ROOT / "macros" / "figures.py").read_text(encoding="utf-8")
    assert "<figure" in (ROOT / "docs" / "_overrides" / "partials" / "guide" / "figure.html").read_text(
        encoding="utf-8"
    )


def test_unknown_diagram_names_the_page_and_the_known_names(tmp_path):
    from macros.errors import SiteDataError
    from macros.figures import render_diagram

    with pytest.raises(SiteDataError) as err:
        render_diagram(fake_env(tmp_path, "kms/index.md", DECL), "no-such-flow")
    message = str(err.value)
    assert "docs/kms/index.md" in message and "no-such-flow" in message and "demo-flow" in message


# -- the hook and bad programs -----------------------------------------------------------


def test_serve_watches_the_programs_and_writes_outside_docs():
    watched = []
    server = SimpleNamespace(watch=lambda path, *a, **k: watched.append(Path(path)))
    hook.on_serve(server, config=None, builder=None)
    assert DIAGRAMS in watched
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"))
    assert ROOT / "docs" not in hook.out_dir(config).parents


def tiny_project(tmp_path: Path, programs: dict[str, str]) -> Path:
    """A throwaway MkDocs project: the real hook and shared modules, the given programs."""
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Tiny\n", encoding="utf-8")
    (project / "diagrams").mkdir()
    for shared in DIAGRAMS.glob("_*.py"):
        shutil.copy(shared, project / "diagrams" / shared.name)
    (project / "hooks").mkdir()
    shutil.copy(ROOT / "hooks" / "draw_diagrams.py", project / "hooks" / "draw_diagrams.py")
    for name, source in programs.items():
        (project / "diagrams" / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: Tiny\nhooks:\n  - hooks/draw_diagrams.py\n", encoding="utf-8")
    return project


GOOD = """
    from diagrams.aws.security import KeyManagementService
    from _flow import Flow
    flow = Flow("good-flow", title="T", caption="C", alt="A")
    flow.node("a", KeyManagementService, "A")
    flow.node("b", KeyManagementService, "B")
    flow.step("a", "b", "go")
    flow.render()
"""


def build_output(result) -> str:
    return result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.tools
def test_tiny_project_builds_and_ships_the_svg(tmp_path):
    require_tool("dot")
    project = tiny_project(tmp_path, {"good-flow": GOOD})
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, build_output(result)
    assert (tmp_path / "site" / "assets" / "diagrams" / "good-flow.svg").is_file()
    assert "diagrams: 1 rendered, 0 cached" in result.stderr
    again = mkdocs_build(project, tmp_path / "site2")
    assert "diagrams: 0 rendered, 1 cached" in again.stderr, build_output(again)


@pytest.mark.slow
@pytest.mark.tools
def test_a_raising_program_stops_the_build_with_its_name_and_error(tmp_path):
    require_tool("dot")
    broken = """
        raise RuntimeError("the key policy table is missing")
    """
    project = tiny_project(tmp_path, {"good-flow": GOOD, "broken-flow": broken})
    result = mkdocs_build(project, tmp_path / "site")
    output = build_output(result)
    assert result.returncode != 0
    assert "diagrams/broken-flow.py failed: RuntimeError: the key policy table is missing" in output
    assert not (tmp_path / "site" / "index.html").exists()


@pytest.mark.slow
@pytest.mark.tools
def test_a_hanging_program_is_stopped_by_the_timeout(tmp_path):
    require_tool("dot")
    hanging = """
        import time
        time.sleep(300)
    """
    project = tiny_project(tmp_path, {"hanging-flow": hanging})
    started = time.monotonic()
    result = mkdocs_build(project, tmp_path / "site", extra_env={"DIAGRAMS_TIMEOUT": "1"})
    assert result.returncode != 0
    assert "diagrams/hanging-flow.py: still running after 1 s" in build_output(result)
    assert time.monotonic() - started < 60


@pytest.mark.slow
def test_missing_graphviz_gives_the_install_command(tmp_path):
    bare = tmp_path / "bin"
    bare.mkdir()
    path = os.pathsep.join([str(Path(sys.executable).parent), str(bare)])
    assert shutil.which("dot", path=path) is None, "the test PATH must not hold dot"
    project = tiny_project(tmp_path, {"good-flow": GOOD})
    result = mkdocs_build(project, tmp_path / "site", extra_env={"PATH": path})
    output = build_output(result)
    assert result.returncode != 0
    assert "Graphviz is not installed" in output
    assert "sudo apt-get install -y graphviz" in output and "brew install graphviz" in output


@pytest.mark.tools
def test_a_program_whose_flow_name_differs_from_its_file_is_refused(tmp_path):
    require_tool("dot")
    project = tiny_project(tmp_path, {"other-name": GOOD})
    with pytest.raises(render.DiagramError, match=r"diagrams/other-name.py: ran without drawing 'other-name'"):
        render.render_all(tmp_path / "out", project / "diagrams")
