"""Renderer: runs every diagram program, makes its SVG self-contained and deterministic, and
caches the result by content hash so an unchanged diagram is never drawn twice.

Outputs go to .cache/diagrams/ (outside docs/, never committed):
  <name>.svg   icons inlined once each as data: URIs, text kept as text
  <name>.json  the flow declaration (title, caption, alt, steps) + size + cache key

Run it by hand with `make diagrams` (or `python diagrams/_render.py [--force]`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _flow  # noqa: E402
import _icons  # noqa: E402
import _style  # noqa: E402

PROGRAM_DIR = Path(__file__).resolve().parent
TIMEOUT_ENV = "DIAGRAMS_TIMEOUT"
DEFAULT_TIMEOUT = 60.0
NAME_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
INSTALL_GRAPHVIZ = "sudo apt-get install -y graphviz   (macOS: brew install graphviz)"
GZIP_BUDGET = 60 * 1024


class DiagramError(PluginError):
    """A diagram could not be drawn; the message names the program and what to do."""


@dataclass
class RenderReport:
    rendered: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return f"diagrams: {len(self.rendered)} rendered, {len(self.cached)} cached ({self.seconds:.2f} s)"


def programs(program_dir: Path = PROGRAM_DIR) -> list[Path]:
    """Diagram programs: every .py in the folder except the _shared modules."""
    found = sorted(p for p in program_dir.glob("*.py") if not p.name.startswith("_"))
    for p in found:
        if not NAME_PATTERN.match(p.stem):
            raise DiagramError(
                f"diagrams/{p.name}: a diagram name is lowercase words joined by hyphens (e.g. kms-data-key-flow.py); rename the file"
            )
    return found


def graphviz_version() -> str:
    dot = shutil.which("dot")
    if dot is None:
        raise DiagramError(
            f"Graphviz is not installed ('dot' is not on PATH); the diagrams need it. Install it with: {INSTALL_GRAPHVIZ}"
        )
    result = subprocess.run([dot, "-V"], capture_output=True, text=True, timeout=30)
    return (result.stderr or result.stdout).strip()


def toolchain_fingerprint(program_dir: Path) -> str:
    """Everything besides the program that changes the bytes of an SVG."""
    parts = [
        graphviz_version(),
        f"diagrams {metadata.version('diagrams')}",
        f"graphviz-py {metadata.version('graphviz')}",
        f"zlib {__import__('zlib').ZLIB_RUNTIME_VERSION}",
    ]
    for shared in sorted(program_dir.glob("_*.py")):
        parts.append(shared.name + ":" + hashlib.sha256(shared.read_bytes()).hexdigest())
    return "\n".join(parts)


def cache_key(program: Path, fingerprint: str) -> str:
    digest = hashlib.sha256()
    digest.update(program.read_bytes())
    digest.update(b"\0")
    digest.update(fingerprint.encode())
    return digest.hexdigest()


def timeout_seconds() -> float:
    raw = os.environ.get(TIMEOUT_ENV)
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        raise DiagramError(f"{TIMEOUT_ENV}={raw!r} is not a number of seconds; unset it or give e.g. 60") from None
    if value <= 0:
        raise DiagramError(f"{TIMEOUT_ENV}={raw!r} must be a positive number of seconds")
    return value


def render_all(out_dir: Path, program_dir: Path = PROGRAM_DIR, *, force: bool = False) -> RenderReport:
    """Bring out_dir up to date with every program in program_dir."""
    started = time.perf_counter()
    report = RenderReport()
    fingerprint = toolchain_fingerprint(program_dir)  # also fails early without Graphviz
    out_dir.mkdir(parents=True, exist_ok=True)
    for program in programs(program_dir):
        key = cache_key(program, fingerprint)
        if not force and is_fresh(out_dir, program.stem, key):
            report.cached.append(program.stem)
            continue
        render_one(program, out_dir, key)
        report.rendered.append(program.stem)
    report.seconds = time.perf_counter() - started
    return report


def is_fresh(out_dir: Path, name: str, key: str) -> bool:
    svg, meta = out_dir / f"{name}.svg", out_dir / f"{name}.json"
    if not (svg.is_file() and meta.is_file()):
        return False
    try:
        return json.loads(meta.read_text(encoding="utf-8")).get("cache_key") == key
    except (OSError, ValueError):
        return False


def render_one(program: Path, out_dir: Path, key: str) -> None:
    name = program.stem
    where = f"diagrams/{program.name}"
    with tempfile.TemporaryDirectory(prefix=f".{name}-", dir=out_dir) as tmp:
        run_program(program, Path(tmp), where)
        raw_svg = Path(tmp) / f"{name}{_flow.RAW_SUFFIX}"
        raw_flow = Path(tmp) / f"{name}{_flow.FLOW_SUFFIX}"
        if not raw_svg.is_file() or not raw_flow.is_file():
            raise DiagramError(
                f"{where}: ran without drawing '{name}'. Declare Flow(\"{name}\", ...) (the name must match the file name) and call flow.render() at the end"
            )
        declaration = json.loads(raw_flow.read_text(encoding="utf-8"))
        svg, width, height = self_contained_svg(raw_svg.read_text(encoding="utf-8"), declaration, where)
        declaration.update(width=width, height=height, cache_key=key)
        # Write the SVG first and the JSON (the cache marker) last, each atomically, so a
        # concurrent build never reads a half-written file.
        atomic_write(out_dir / f"{name}.svg", svg.encode("utf-8"))
        atomic_write(
            out_dir / f"{name}.json", (json.dumps(declaration, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        )


def run_program(program: Path, tmp: Path, where: str) -> None:
    limit = timeout_seconds()
    env = {**os.environ, _flow.OUT_DIR_ENV: str(tmp), "PYTHONDONTWRITEBYTECODE": "1"}
    # Its own process group, so a timeout also ends the `dot` the program started.
    proc = subprocess.Popen(
        [sys.executable, str(program)],
        cwd=tmp,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, stderr = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise DiagramError(
            f"{where}: still running after {limit:g} s, so it was stopped. Look for a loop or a blocking call in the program (the limit is {TIMEOUT_ENV}, default {DEFAULT_TIMEOUT:g} s)"
        ) from None
    if proc.returncode != 0:
        raise DiagramError(f"{where} failed: {last_error_line(stderr)}\n{indent_tail(stderr)}")


def last_error_line(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else "exited with an error and printed nothing"


def indent_tail(text: str, keep: int = 15) -> str:
    lines = text.strip().splitlines()[-keep:]
    return "\n".join("    " + line for line in lines)


def atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


# -- making the Graphviz SVG self-contained ---------------------------------------------

IMAGE_TAG = re.compile(
    r'<image xlink:href="([^"]+)" width="([\d.]+)px" height="([\d.]+)px" preserveAspectRatio="[^"]*" x="([-\d.]+)" y="([-\d.]+)"/>'
)
SVG_TAG = re.compile(
    r'<svg width="([\d.]+)pt" height="([\d.]+)pt"\s+viewBox="([^"]+)"\s+xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
)


def self_contained_svg(raw: str, declaration: dict, where: str) -> tuple[str, int, int]:
    """Inline each icon once (<symbol> + <use>), drop comments and the DOCTYPE, give text a
    portable font stack and the root a pixel size. Returns (svg, width px, height px)."""
    svg = re.sub(r"<!--.*?-->\n?", "", raw, flags=re.S)
    svg = re.sub(r"<!DOCTYPE[^>]*>\n?", "", svg, flags=re.S)
    svg = re.sub(r"<title>%3</title>\n?", "", svg)
    svg = svg.replace(f'font-family="{_style.LAYOUT_FONT}"', f'font-family="{_style.FONT_STACK}"')
    # Graphviz escapes every hyphen (ids, classes, text); the plain character means the same.
    svg = svg.replace("&#45;", "-")
    svg = stable_ids(svg, declaration, where)

    symbols: dict[str, str] = {}

    def to_use(match: re.Match) -> str:
        path, width, height, x, y = match.groups()
        symbol = icon_symbol_id(Path(path), declaration["name"])
        if symbol not in symbols:
            symbols[symbol] = icon_symbol(Path(path), symbol, where)
        return f'<use xlink:href="#{symbol}" x="{x}" y="{y}" width="{width}" height="{height}"/>'

    svg = IMAGE_TAG.sub(to_use, svg)
    if "<image " in svg:
        raise DiagramError(
            f"{where}: Graphviz wrote an <image> this renderer does not recognise; the SVG would not be self-contained"
        )

    root = SVG_TAG.search(svg)
    if root is None:
        raise DiagramError(f"{where}: unexpected SVG header from Graphviz; cannot size the figure")
    width_pt, height_pt, view_box = root.groups()
    # One Graphviz point per CSS pixel: 12 pt labels show at 12 px, beside the body text.
    width, height = round(float(width_pt)), round(float(height_pt))
    header = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width}" height="{height}" viewBox="{view_box}" role="img">\n'
        f"<title>{xml_text(declaration['title'])}</title>\n<desc>{xml_text(declaration['alt'])}</desc>\n"
        f"<defs>\n{''.join(symbols[k] for k in sorted(symbols))}</defs>"
    )
    svg = svg[: root.start()] + header + svg[root.end() :]
    return svg, width, height


GROUP = re.compile(r'<g id="([^"]+)" class="([^"]+)">\n(?:<title>([^<]*)</title>\n)?')


def stable_ids(svg: str, declaration: dict, where: str) -> str:
    """Every group gets an id from the declaration (diagrams/_flow.py set them on the nodes and
    edges; here the graph and clusters are named) and a title a reader can use as a tooltip:
    a box's name, "Step 3: ...". Fails if Graphviz numbered anything itself."""
    name = declaration["name"]
    nodes = {_flow.node_id(name, n["key"]): n["label"] for n in declaration["nodes"]}
    steps = {_flow.step_id(name, s["number"]): f"Step {s['number']}: {s['label']}" for s in declaration["steps"]}
    clusters = 0

    def group(match: re.Match) -> str:
        nonlocal clusters
        gid, classes, _ = match.groups()
        kinds = classes.split()
        if "cluster" in kinds:
            clusters += 1
            return f'<g id="{name}--cluster-{clusters}" class="{classes}">\n'
        title = nodes.get(gid) or steps.get(gid)
        if title is None and _flow.LINK_CLASS not in kinds:
            raise DiagramError(
                f"{where}: the SVG group {gid!r} ({classes}) has no id from the flow; draw every box and arrow through Flow.node/step/link"
            )
        return f'<g id="{gid}" class="{classes}">\n' + (f"<title>{xml_text(title)}</title>\n" if title else "")

    svg = GROUP.sub(group, svg)
    svg = svg.replace('<g id="graph0" class="graph"', f'<g id="{name}--graph" class="graph"', 1)
    numbered = re.search(r'\bid="(graph|clust|node|edge|a_)\d+', svg)
    if numbered:
        raise DiagramError(
            f"{where}: Graphviz numbered an element itself (id {numbered.group(0)[4:]!r}); give it an id from the flow"
        )
    found = set(re.findall(r'<g id="([^"]+)"', svg))
    missing = sorted((set(nodes) | set(steps)) - found)
    if missing:
        raise DiagramError(f"{where}: no SVG element carries the id(s) {', '.join(missing)}; Graphviz dropped them")
    return svg


def icon_symbol_id(path: Path, flow: str) -> str:
    # Prefixed by the diagram: two figures inlined in one page must not share an id.
    return f"{flow}--icon-" + re.sub(r"[^a-z0-9]+", "-", f"{path.parent.name}-{path.stem}".lower()).strip("-")


def icon_symbol(path: Path, symbol: str, where: str) -> str:
    if not path.is_file():
        raise DiagramError(
            f"{where}: icon file {path} does not exist; reinstall the 'diagrams' package (pip install -r requirements.txt)"
        )
    data = _icons.load_icon(path, _style.ICON_SIZE_PX)
    width, height = _icons.png_size(data)
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'<symbol id="{symbol}" viewBox="0 0 {width} {height}">'
        f'<image width="{width}" height="{height}" xlink:href="data:image/png;base64,{encoded}"/></symbol>\n'
    )


def xml_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main(argv: list[str]) -> int:
    import gzip

    out_dir = PROGRAM_DIR.parent / ".cache" / "diagrams"
    try:
        report = render_all(out_dir, force="--force" in argv)
    except DiagramError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `make diagrams | head` should not trace back
    print(report.summary())
    for program in programs():
        data = (out_dir / f"{program.stem}.svg").read_bytes()
        packed = len(gzip.compress(data, 9, mtime=0))
        flag = "  OVER BUDGET" if packed > GZIP_BUDGET else ""
        print(f"  {program.stem:28} {len(data) / 1024:7.1f} KB raw {packed / 1024:6.1f} KB gzip{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
