#!/usr/bin/env python3
"""`make bench`: build speed, live-reload latency, page weight and Lighthouse scores, each
against its budget. A script, not a test: the numbers depend on the machine and its load.

Everything runs in a throwaway copy of the project (no .cache, so the first build is cold),
and every ratio compares runs made side by side in the same invocation. Results go to
bench-results/bench.json and bench-results/bench.md; a summary table is printed at the end.

    .venv/bin/python .ci/bench.py [--with-tests] [--runs 3] [--skip-serve] [--skip-lighthouse]

"Plain build" = the same final pages without the machinery that makes them: an untimed build
saves each page's Markdown as the macros rendered it, and the plain build turns those pages
(plus the drawn SVGs, as plain files) into a site with the same theme, Markdown extensions,
search, print-site and handout hooks, but no macros plugin and no diagram hook. The budget
warm / plain <= 1.10 is the cost of the macros and the diagram hook themselves. A second,
"placeholder" build (every macro returns one word) shows what the generated content costs
the rest of the build. Both are generated configs (INHERIT of mkdocs.yml) in the copy:
production code has no benchmark switches.
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import io
import json
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.error import URLError
from urllib.parse import urlparse
from urllib.request import urlopen

import yaml

ROOT = Path(__file__).resolve().parent.parent
# The venv's own interpreter, never a pyenv shim: a shim's pid is not the server's pid.
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
# Patterns match at every level: "site.*" would also drop docs/assets/css/site.css.
COPY_IGNORE = shutil.ignore_patterns(".venv", "site", "site.tmp.*", "site.old", ".git", "__pycache__", ".pytest_cache", "node_modules",
                                     "bench-results", ".cache", ".ruff_cache", "handout.pdf")
PLAIN_CONFIG = "mkdocs.bench-plain.yml"
PLAIN_DOCS = "docs-bench-plain"
CAPTURE_CONFIG = "mkdocs.bench-capture.yml"
CAPTURE_HOOK = "_bench_capture.py"
PLACEHOLDER_CONFIG = "mkdocs.bench-placeholder.yml"
PLAIN_MODULE = "_bench_plain_macros"
DIAGRAM_HOOK_DIR = "diagrams/"
PLAIN_MEANING = ("the same final pages (each page's Markdown as the macros rendered it, saved by an untimed build, and the drawn "
                 "SVGs as plain files) through the same theme, Markdown extensions, search, print-site and handout hooks, "
                 "without the macros plugin and the diagram hook")

# Budgets (the numbers).
RATIO_BUDGET = 1.10
TEST_BUDGET_S = 180.0
PAGE_BUDGET = 300 * 1024
DIAGRAM_BUDGET = 60 * 1024
LIGHTHOUSE_FULL = ("accessibility", "best-practices", "seo")

PAGE_TYPES = [("home", ""), ("section page (kms/)", "kms/"), ("mixed review (review/)", "review/"),
              ("print page (print_page/)", "print_page/")]
LIGHTHOUSE_PAGES = PAGE_TYPES[:3]
EDITED_PAGE = "docs/kms/index.md"
EDITED_PAGE_URL = "kms/"
EDITED_DIAGRAM = "kms-data-key-flow"
STEPS = ("builds", "serve", "weight", "lighthouse", "handout", "tests")


# -- pure helpers (tests/test_bench.py) ---------------------------------------------------

@dataclass
class Figure:
    name: str
    value: float | str | None
    unit: str = ""
    runs: int = 0
    budget: str = ""
    status: str = "info"  # PASS | FAIL | info | n/a
    note: str = ""
    detail: dict = field(default_factory=dict)


def median(values: Iterable[float]) -> float:
    values = list(values)
    if not values:
        raise ValueError("median of no values")
    return statistics.median(values)


def verdict(value: float, limit: float, *, at_most: bool = True) -> str:
    return "PASS" if (value <= limit if at_most else value >= limit) else "FAIL"


def gzip_size(data: bytes) -> int:
    # Level 6 is what web servers and GitHub Pages use by default; mtime=0 keeps it reproducible.
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def transfer_size(data: bytes) -> int:
    """Bytes on the wire for a body a server gzips when that helps (PNG, WOFF2 do not shrink)."""
    return min(len(data), gzip_size(data))


def kind_of(content_type: str, url: str) -> str:
    ct = content_type.split(";")[0].strip().lower()
    if ct == "text/html":
        return "html"
    if ct == "text/css" or url.endswith(".css"):
        return "css"
    if "javascript" in ct or url.endswith(".js"):
        return "js"
    if ct.startswith("image/"):
        return "image"
    if ct.startswith("font/") or "font" in ct or url.endswith((".woff", ".woff2", ".ttf")):
        return "font"
    if "json" in ct:
        return "json"
    return "other"


def site_path(site_url: str | None) -> str:
    """The path `mkdocs serve` mounts the site at: site_url's path, always ending in '/'."""
    path = urlparse(site_url or "").path or "/"
    return path if path.endswith("/") else path + "/"


def icon_repeats(svg: str) -> int:
    """How many embedded images repeat one already embedded in the same SVG (should be 0)."""
    uris = re.findall(r'href="(data:[^"]+)"', svg)
    return len(uris) - len(set(uris))


def without_diagram_hook(parent: dict) -> list:
    # Only the diagram hook goes: the others (the handout's) are plain page work, kept on both sides.
    return [h for h in parent.get("hooks") or [] if not str(h).startswith(DIAGRAM_HOOK_DIR)]


def is_macros(entry) -> bool:
    return entry == "macros" or (isinstance(entry, dict) and "macros" in entry)


def plain_child_config(parent: dict, docs_dir: str = PLAIN_DOCS) -> dict:
    """The plain build: the pages as the macros left them (pre-rendered into docs_dir), with
    neither the macros plugin nor the diagram hook."""
    plugins = [entry for entry in parent.get("plugins") or [] if not is_macros(entry)]
    return {"INHERIT": "mkdocs.yml", "docs_dir": docs_dir, "hooks": without_diagram_hook(parent), "plugins": plugins}


def capture_child_config(parent: dict, hook: str = CAPTURE_HOOK) -> dict:
    """The production config plus a hook that saves each page's Markdown after the macros ran."""
    return {"INHERIT": "mkdocs.yml", "hooks": [*(parent.get("hooks") or []), hook]}


def placeholder_child_config(parent: dict, module_name: str = PLAIN_MODULE) -> dict:
    """The placeholder build: every macro returns one word, no diagram hook; it shows what
    the content the macros generate (quiz sheets above all) costs the rest of the build."""
    plugins = []
    for entry in parent.get("plugins") or []:
        if is_macros(entry):
            options = dict(entry["macros"] or {}) if isinstance(entry, dict) else {}
            options.update(module_name=module_name, on_error_fail=True, on_undefined="keep")
            plugins.append({"macros": options})
        else:
            plugins.append(entry)
    return {"INHERIT": "mkdocs.yml", "hooks": without_diagram_hook(parent), "plugins": plugins}


CAPTURE_HOOK_SOURCE = '''"""Generated by .ci/bench.py: save each page's Markdown, front matter included, after the macros ran."""
import os
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority


@event_priority(-100)  # after mkdocs-macros (priority 0) has rendered the page
def on_page_markdown(markdown, page, config, files):
    out = Path(os.environ["BENCH_CAPTURE_DIR"]) / page.file.src_uri
    out.parent.mkdir(parents=True, exist_ok=True)
    front = f"---\\n{yaml.dump(dict(page.meta), sort_keys=False, allow_unicode=True)}---\\n\\n" if page.meta else ""
    out.write_text(front + markdown, encoding="utf-8")
    return markdown
'''


def stub_module_source(macros: Iterable[str], filters: Iterable[str] = ()) -> str:
    return (
        '"""Generated by .ci/bench.py for the plain build: each macro returns a placeholder word."""\n\n'
        f"MACROS = {sorted(set(macros))!r}\nFILTERS = {sorted(set(filters))!r}\n\n\n"
        "def _placeholder(name):\n"
        "    def macro(*args, **kwargs):\n"
        "        return f'[{name}]'\n"
        "    return macro\n\n\n"
        "def define_env(env):\n"
        "    for name in MACROS:\n"
        "        env.macro(_placeholder(name), name)\n"
        "    for name in FILTERS:\n"
        "        env.filter(lambda value, *a, **k: value, name)\n"
    )


def edit_first_label(program: str, token: str) -> str:
    """Put `token` into the first node label of a diagram program (flow.node(key, Icon, "label"))."""
    pattern = re.compile(r'(flow\.node\(\s*"[^"]+",\s*[\w.]+,\s*")')
    edited, count = pattern.subn(lambda m: m.group(1) + token + " ", program, count=1)
    if count != 1:
        raise ValueError("no flow.node(key, Icon, \"label\") call found to edit")
    return edited


def failing_audits(report: dict, category: str) -> list[str]:
    """'audit-id (score)' for every scored audit below 1 in a Lighthouse category."""
    audits = report.get("audits", {})
    out = []
    for ref in report.get("categories", {}).get(category, {}).get("auditRefs", []):
        audit = audits.get(ref["id"], {})
        score = audit.get("score")
        if ref.get("weight", 0) > 0 and score is not None and score < 1:
            out.append(f"{ref['id']} ({score:.2f}): {audit.get('title', '')}")
    return out


def markdown_table(figures: list[Figure]) -> str:
    rows = ["| figure | value | runs | budget | result |", "|---|---|---|---|---|"]
    for f in figures:
        rows.append(f"| {f.name} | {format_value(f)} | {f.runs or '-'} | {f.budget or '-'} | {f.status} |")
    return "\n".join(rows)


def format_value(f: Figure) -> str:
    if f.value is None:
        return f.note or "n/a"
    if isinstance(f.value, float):
        text = f"{f.value:.2f}" if f.unit in ("s", "x") else f"{f.value:.1f}"
    else:
        text = str(f.value)
    return f"{text} {f.unit}".strip()


def kb(n: int) -> float:
    return round(n / 1024, 1)


# -- running things -----------------------------------------------------------------------

def python() -> str:
    return str(VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable))


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", **extra}


@dataclass
class Timed:
    wall: float
    cpu: float
    returncode: int
    output: str


def timed(cmd: list[str], cwd: Path, timeout: float = 1800, extra_env: dict | None = None) -> Timed:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env(**(extra_env or {})), capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timed(wall, cpu, result.returncode, result.stdout + result.stderr)


def build(project: Path, dest: Path, config: str = "mkdocs.yml", strict: bool = True, extra_env: dict | None = None) -> Timed:
    cmd = [python(), "-m", "mkdocs", "build", "-f", str(project / config), "-d", str(dest)]
    if strict:
        cmd.insert(4, "--strict")  # never -q: it hides the warnings --strict counts
    result = timed(cmd, project, extra_env=extra_env)
    if result.returncode != 0:
        raise SystemExit(f"bench: the build of {config} failed, so there is nothing to measure:\n{result.output[-3000:]}")
    return result


def copy_project(dest: Path) -> Path:
    shutil.copytree(ROOT, dest, ignore=COPY_IGNORE, symlinks=True)
    # `make handout` in the copy uses the same tools without reinstalling them.
    for shared in (".venv", "node_modules"):
        if (ROOT / shared).exists():
            (dest / shared).symlink_to(ROOT / shared, target_is_directory=True)
    return dest


class _Recorder:
    """Stands in for the macros plugin's env to learn which names the real package registers."""

    def __init__(self) -> None:
        self.macros: list[str] = []
        self.filters: list[str] = []
        self.variables: dict[str, Any] = {}
        self.conf: dict[str, Any] = {}

    def _register(self, bucket: list[str], fn=None, name: str | None = None):
        if fn is None:
            return lambda f: self._register(bucket, f, name)
        bucket.append(name or fn.__name__)
        return fn

    def macro(self, fn=None, name=None):
        return self._register(self.macros, fn, name)

    def filter(self, fn=None, name=None):
        return self._register(self.filters, fn, name)


def registered_names(project: Path) -> tuple[list[str], list[str]]:
    sys.path.insert(0, str(project))
    try:
        module = importlib.import_module("macros")
        recorder = _Recorder()
        module.define_env(recorder)
        return recorder.macros, recorder.filters
    finally:
        sys.path.remove(str(project))


def read_config(project: Path) -> dict:
    return yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TagKeepingLoader)


def write_config(project: Path, name: str, config: dict) -> str:
    (project / name).write_text(yaml.dump(config, Dumper=_TagKeepingDumper, sort_keys=False), encoding="utf-8")
    return name


def prepare_plain_build(project: Path, work: Path) -> str:
    """Pre-render every page with the real macros (an untimed build), copy the drawn SVGs in as
    plain files, and write the config that builds those pages without macros or diagram hook."""
    parent = read_config(project)
    docs = project / PLAIN_DOCS
    shutil.copytree(project / (parent.get("docs_dir") or "docs"), docs)
    (project / CAPTURE_HOOK).write_text(CAPTURE_HOOK_SOURCE, encoding="utf-8")
    build(project, work / "site-capture", write_config(project, CAPTURE_CONFIG, capture_child_config(parent)),
          extra_env={"BENCH_CAPTURE_DIR": str(docs)})
    svg_dir = docs / "assets" / "diagrams"
    svg_dir.mkdir(parents=True, exist_ok=True)
    for svg in (project / ".cache" / "diagrams").glob("*.svg"):
        shutil.copy2(svg, svg_dir / svg.name)
    return write_config(project, PLAIN_CONFIG, plain_child_config(parent))


def write_placeholder_config(project: Path) -> str:
    macros, filters = registered_names(project)
    (project / f"{PLAIN_MODULE}.py").write_text(stub_module_source(macros, filters), encoding="utf-8")
    return write_config(project, PLACEHOLDER_CONFIG, placeholder_child_config(read_config(project)))


class _Tagged:
    def __init__(self, tag: str, node: yaml.Node):
        self.tag, self.node = tag, node


class _TagKeepingLoader(yaml.SafeLoader):
    """mkdocs.yml may hold !ENV or !!python/name: tags; keep them as they are."""


class _TagKeepingDumper(yaml.SafeDumper):
    pass


_TagKeepingLoader.add_multi_constructor("", lambda loader, suffix, node: _Tagged(suffix, node))
_TagKeepingDumper.add_representer(_Tagged, lambda dumper, t: type(t.node)(t.tag, t.node.value))


# -- measurements -------------------------------------------------------------------------

def bench_builds(project: Path, work: Path, runs: int) -> tuple[list[Figure], Path]:
    figures = []
    cold = build(project, work / "site-cold")
    figures.append(Figure("cold build (empty caches: diagrams, QR codes)", cold.wall, "s", 1, note=f"1 run (slow); CPU {cold.cpu:.1f} s"))

    plain_config = prepare_plain_build(project, work)
    placeholder_config = write_placeholder_config(project)
    warm, plain, placeholder = [], [], []
    for i in range(runs):
        # Interleaved, so a burst of load on the shared machine hits every kind alike.
        warm.append(build(project, work / "site-warm"))
        plain.append(build(project, work / f"site-plain-{i}", plain_config, strict=False))
        placeholder.append(build(project, work / f"site-placeholder-{i}", placeholder_config, strict=False))
    ratio = median(w.wall / p.wall for w, p in zip(warm, plain))
    cpu_ratio = median(w.cpu / p.cpu for w, p in zip(warm, plain))
    figures.append(Figure("warm build", median(t.wall for t in warm), "s", runs, note=f"CPU {median(t.cpu for t in warm):.1f} s"))
    figures.append(Figure("plain build (same final pages; no macros, no diagram hook)", median(t.wall for t in plain), "s", runs,
                          note=f"CPU {median(t.cpu for t in plain):.1f} s"))
    figures.append(Figure("warm / plain build", ratio, "x", runs, f"<= {RATIO_BUDGET:.2f}", verdict(ratio, RATIO_BUDGET),
                          note=f"median of side-by-side pairs; CPU-time ratio {cpu_ratio:.2f}"))
    figures.append(Figure("placeholder build (macros return one word; no diagram hook)", median(t.wall for t in placeholder), "s", runs,
                          note=f"CPU {median(t.cpu for t in placeholder):.1f} s; warm / placeholder "
                               f"{median(w.wall / p.wall for w, p in zip(warm, placeholder)):.2f}: what the generated content costs downstream"))
    return figures, work / "site-warm"


def fetch(url: str) -> bytes | None:
    try:
        with urlopen(url, timeout=5) as response:
            return response.read()
    except (URLError, OSError):
        return None


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if check():
            return time.perf_counter() - start
        time.sleep(0.1)
    raise TimeoutError(f"waited {timeout:.0f} s for {what}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_serve(project: Path, runs: int) -> list[Figure]:
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TagKeepingLoader)
    port = free_port()
    base = f"http://127.0.0.1:{port}{site_path(config.get('site_url'))}"
    log_path = project / "serve.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen([python(), "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
                                  cwd=project, env=env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        startup = wait_for(lambda: fetch(base + EDITED_PAGE_URL) is not None, 900, f"mkdocs serve to answer on {base}")

        def rebuilds() -> int:
            return log_path.read_text(errors="replace").count("Reloading browsers")

        def edit_and_wait(apply: Callable[[str], None], url: str, token: str) -> float:
            done = rebuilds()
            apply(token)
            return wait_for(lambda: token.encode() in (fetch(url) or b"") and rebuilds() > done, 900, f"'{token}' at {url}")

        page = project / EDITED_PAGE

        def append_line(token: str) -> None:
            with open(page, "a", encoding="utf-8") as handle:
                handle.write(f"\n\n{token}\n")

        page_times = [edit_and_wait(append_line, base + EDITED_PAGE_URL, f"bench-{uuid.uuid4().hex[:10]}") for _ in range(runs)]

        program = project / "diagrams" / f"{EDITED_DIAGRAM}.py"

        def relabel(token: str) -> None:
            program.write_text(edit_first_label(program.read_text(encoding="utf-8"), token), encoding="utf-8")

        diagram_time = edit_and_wait(relabel, f"{base}assets/diagrams/{EDITED_DIAGRAM}.svg", f"B{uuid.uuid4().hex[:6]}")
    finally:
        stop(server)
    return [
        Figure("make serve: start until the first page is served", startup, "s", 1),
        Figure("make serve: page edit until the new page is served", median(page_times), "s", runs,
               note="time from saving until the rebuilt page holds the new line and the rebuild has finished"),
        Figure("make serve: diagram edit until the new SVG is served", diagram_time, "s", 1,
               note=f"1 run (slow): a label of diagrams/{EDITED_DIAGRAM}.py changed, so it is drawn again"),
    ]


def stop(process: subprocess.Popen) -> None:
    # Its own session: signal its process group by its own pid, nothing else.
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def has_make_target(project: Path, target: str) -> bool:
    return re.search(rf"^{re.escape(target)}\s*:", (project / "Makefile").read_text(), re.M) is not None


def bench_handout(project: Path) -> Figure:
    if not has_make_target(project, "handout"):
        return Figure("make handout", None, status="n/a", note="n/a: make handout not present")
    result = timed(["make", "--no-print-directory", "handout"], project, extra_env={"CI": ""})
    if result.returncode != 0:
        return Figure("make handout", None, "s", 1, status="FAIL", note=f"make handout failed: {result.output.strip().splitlines()[-1:]}")
    return Figure("make handout (includes its strict build)", result.wall, "s", 1, note="1 run (slow)")


def slowest_tests(output: str, keep: int = 5) -> list[str]:
    """'12.3s tests/x.py::test_y' for the slowest entries of pytest's --durations table."""
    rows = re.findall(r"^([\d.]+)s (?:call|setup|teardown)\s+(\S+)", output, re.M)
    return [f"{seconds}s {name}" for seconds, name in rows[:keep]]


def bench_tests(out: Path) -> Figure:
    pytest = ROOT / ".venv" / "bin" / "pytest"
    result = timed([str(pytest), "-q", "-p", "no:cacheprovider", "--durations=15"], ROOT, timeout=3600)
    (out / "pytest.log").write_text(result.output)
    summary = next((line for line in reversed(result.output.strip().splitlines()) if " in " in line), "")
    status = verdict(result.wall, TEST_BUDGET_S) if result.returncode == 0 else "FAIL"
    note = (f"1 run (slow); pytest: {summary.strip('= ')}" + ("" if result.returncode == 0 else " (the suite failed)")
            + f"; slowest: {', '.join(slowest_tests(result.output))}; full output in pytest.log")
    return Figure("make test (after set-up)", result.wall, "s", 1, f"< {TEST_BUDGET_S:.0f} s", status, note)


class _GzipHandler(SimpleHTTPRequestHandler):
    """Serves text gzipped when the client accepts it, as GitHub Pages does, so Lighthouse
    sees the bytes a reader would download."""

    COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the stock redirect to the slash form
            path = path / "index.html"
        if not (path.suffix in self.COMPRESSIBLE and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class StaticServer:
    """The built site on a free 127.0.0.1 port, in a thread of this process."""

    def __init__(self, directory: Path):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", free_port()), partial(_GzipHandler, directory=str(directory)))
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def first_load(browser, base: str, path: str) -> tuple[dict[str, int], int, list[str]]:
    """(transfer bytes by kind, request count, other-origin URLs) of one page in a fresh context (empty cache)."""
    context = browser.new_context()
    page = context.new_page()
    responses, foreign = [], []
    page.on("response", lambda response: responses.append(response))
    # The site may load nothing from another origin: count every attempt, answered or not.
    page.on("request", lambda request: None if request.url.startswith((base, "data:", "blob:")) else foreign.append(request.url))
    page.goto(base + path, wait_until="networkidle")
    page.wait_for_timeout(1500)  # late fetches: the search index, the repository facts
    by_kind: dict[str, int] = {}
    for response in responses:
        try:
            body = response.body()
        except Exception:  # redirects have no body
            continue
        kind = kind_of(response.headers.get("content-type", ""), response.url)
        by_kind[kind] = by_kind.get(kind, 0) + transfer_size(body)
    context.close()
    return by_kind, len(responses), foreign


def bench_weight(site: Path, base: str) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    figures = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS[1:])
        try:
            for label, path in PAGE_TYPES:
                by_kind, requests, foreign = first_load(browser, base, path)
                total = sum(by_kind.values())
                parts = ", ".join(f"{k} {kb(v)}" for k, v in sorted(by_kind.items(), key=lambda kv: -kv[1]))
                figures.append(Figure(f"page weight: {label}", kb(total), "KB", 1, f"<= {kb(PAGE_BUDGET):.0f} KB",
                                      verdict(total, PAGE_BUDGET), note=f"{requests} requests; KB by kind: {parts}",
                                      detail={"bytes": total, "requests": requests, "by_kind": by_kind}))
                figures.append(Figure(f"requests to other origins: {label}", len(foreign), "", 1, "0",
                                      verdict(len(foreign), 0), note=", ".join(sorted(set(foreign))[:5])))
        finally:
            browser.close()

    index = site / "search" / "search_index.json"
    if index.exists():
        data = index.read_bytes()
        figures.append(Figure("search index (search_index.json)", kb(gzip_size(data)), "KB gzip", 1, note=f"{kb(len(data))} KB raw"))
    for svg in sorted((site / "assets" / "diagrams").glob("*.svg")):
        text = svg.read_text(encoding="utf-8")
        packed, repeats = gzip_size(text.encode()), icon_repeats(text)
        status = "PASS" if packed <= DIAGRAM_BUDGET and repeats == 0 else "FAIL"
        figures.append(Figure(f"diagram {svg.stem}", kb(packed), "KB gzip", 1, f"<= {kb(DIAGRAM_BUDGET):.0f} KB, icons once",
                              status, note=f"{kb(len(text.encode()))} KB raw; repeated icons: {repeats}"))
    return figures


def bench_lighthouse(base: str, out: Path) -> list[Figure]:
    cli = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not cli.exists():
        return [Figure("Lighthouse", None, status="n/a", note="n/a: node_modules/.bin/lighthouse missing; run 'make setup-test'")]
    figures = []
    for label, path in LIGHTHOUSE_PAGES:
        report_path = out / f"lighthouse-{(path.strip('/') or 'home').replace('/', '-')}.json"
        result = timed([str(cli), base + path, "--quiet", "--output=json", f"--output-path={report_path}",
                        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
                        "--only-categories=performance,accessibility,best-practices,seo"],
                       ROOT, timeout=600, extra_env={"CHROME_PATH": CHROMIUM})
        if result.returncode != 0 or not report_path.exists():
            figures.append(Figure(f"Lighthouse {label}", None, status="FAIL", note=f"lighthouse failed: {result.output.strip()[-300:]}"))
            continue
        report = json.loads(report_path.read_text())
        for category, data in report["categories"].items():
            score = round((data.get("score") or 0) * 100)
            failing = failing_audits(report, category)
            full = category in LIGHTHOUSE_FULL
            figures.append(Figure(f"Lighthouse {label}: {category}", score, "", 1, "100" if full else "reported",
                                  (verdict(score, 100, at_most=False) if full else "info"),
                                  note="; ".join(failing) if failing else "", detail={"failing": failing}))
    return figures


# -- main ---------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure that is not slow (default 3)")
    parser.add_argument("--with-tests", action="store_true", help="also time the whole test suite once (minutes)")
    parser.add_argument("--skip-serve", action="store_true")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    parser.add_argument("--only", default=",".join(STEPS[:-1]), help=f"comma-separated subset of: {', '.join(STEPS)}")
    parser.add_argument("--site", type=Path, help="measure weight and Lighthouse on this built site instead of building one")
    args = parser.parse_args(argv)
    steps = set(args.only.split(","))
    if unknown := steps - set(STEPS):
        parser.error(f"unknown step(s) {', '.join(sorted(unknown))}; choose from {', '.join(STEPS)}")
    if args.skip_serve:
        steps.discard("serve")
    if args.skip_lighthouse:
        steps.discard("lighthouse")

    args.out.mkdir(parents=True, exist_ok=True)
    figures: list[Figure] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        project = copy_project(work / "project")
        site = args.site
        if "builds" in steps or (site is None and steps & {"serve", "weight", "lighthouse"}):
            print("bench: builds (cold, then warm and plain side by side) ...", flush=True)
            build_figures, site = bench_builds(project, work, args.runs)
            figures += build_figures
        if "serve" in steps:
            print("bench: make serve edit latency ...", flush=True)
            figures += bench_serve(project, args.runs)
        if steps & {"weight", "lighthouse"}:
            server = StaticServer(site)
            try:
                if "weight" in steps:
                    print("bench: page weight ...", flush=True)
                    figures += bench_weight(site, server.base)
                if "lighthouse" in steps:
                    print("bench: Lighthouse ...", flush=True)
                    figures += bench_lighthouse(server.base, args.out)
            finally:
                server.close()
        if "handout" in steps:
            print("bench: make handout ...", flush=True)
            figures.append(bench_handout(copy_project(work / "handout-project")))
    if args.with_tests or "tests" in steps:
        print("bench: make test (pytest once) ...", flush=True)
        figures.append(bench_tests(args.out))

    load = os.getloadavg()
    meta = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in load], "runs": args.runs, "seconds": round(time.perf_counter() - started, 1),
            "plain_build": PLAIN_MEANING}
    (args.out / "bench.json").write_text(json.dumps({"meta": meta, "figures": [asdict(f) for f in figures]}, indent=2) + "\n")
    notes = "\n".join(f"- {f.name}: {f.note}" for f in figures if f.note)
    (args.out / "bench.md").write_text(
        f"# make bench, {meta['date']}\n\n{os.cpu_count()} CPUs, load average {load[0]:.1f} at the end. "
        f"Medians of {args.runs} runs unless a row says 1 (slow figures). Local only: CI does not run the "
        f"benchmark (its minutes are precious, and shared runners make timings meaningless).\n\n"
        f"Plain build: {meta['plain_build']}.\n\n{markdown_table(figures)}\n\n## Notes\n\n{notes}\n")
    print()
    print(markdown_table(figures))
    print(f"\nPlain build = {meta['plain_build']}.")
    print(f"Load average {load[0]:.1f} on {os.cpu_count()} CPUs: timings on a busy machine are noisy. Details: {args.out}/bench.md")
    failed = [f.name for f in figures if f.status == "FAIL"]
    if failed:
        print(f"bench: {len(failed)} budget(s) FAILED: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
