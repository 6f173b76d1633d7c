"""What the tests share, in one place: the project's settings (from scripts/project.py), strict
builds of the project or a throwaway copy of it, modules loaded by path, built pages, a local
server for a built site, and the system Chromium with a recorder of what a page does.

Fixtures live in tests/conftest.py and use these; test files import from here, never from
conftest.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

import pytest

from scripts.project import (  # noqa: F401  (re-exported for the tests)
    CHROMIUM_ARGS,
    COPY_IGNORE,
    DIAGRAM_GZIP_BUDGET,
    PAGE_WEIGHT_BUDGET,
    ROOT,
    chromium_path,
    copy_project,
    launch_chromium,
    nav_pages,
    read_mkdocs_config,
    site_path_prefix,
)

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def origin_of(url: str) -> str:
    """scheme://host:port of an address, without the path."""
    return "/".join(url.split("/", 3)[:3])


def require_tool(name: str) -> str:
    """The path of a system tool. Locally a missing tool skips the test; in CI it fails it."""
    path = chromium_path() if name == "chromium" else shutil.which(name)
    if path:
        return path
    message = f"'{name}' is not installed: run 'make test' (it installs it) or see README.md"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def load_module(name: str, path: Path) -> ModuleType:
    """Import a file that is not in a package (a hook, a diagram program, an example)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    old_path = sys.path.copy()
    sys.path.insert(0, str(path.parent))  # as MkDocs does for hooks: siblings import
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = old_path
    return module


def load_hook(name: str) -> ModuleType:
    """hooks/<name>.py, as MkDocs loads it."""
    return load_module(f"hook_{name}_under_test", ROOT / "hooks" / f"{name}.py")


# --- builds ------------------------------------------------------------------------------------

# Bad-input builds stop at the page or data at fault: the print page and the search index
# (half of a build's time) add nothing to them, so they are switched off there (mkdocs.yml reads these).
FAST_BUILD_ENV = {"SITE_SEARCH": "false", "SITE_PRINT_PAGE": "false"}


def mkdocs_build(
    project: Path, dest: Path, extra_env: dict[str, str] | None = None, timeout: int = 600, fast: bool = False
) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `project` into `dest`; never -q (it hides the warnings strict counts)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(FAST_BUILD_ENV if fast else {}), **(extra_env or {})}
    args = ["-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(dest)]
    return run_python(args, project, env, timeout)


def run_python(
    args: list[str], cwd: Path, env: dict[str, str], timeout: float, fresh: bool = False
) -> subprocess.CompletedProcess:
    """`python <args>` in `cwd` with exactly `env`, output captured as text: forked from this
    process's server where the system can fork (tests/fork_server.py), else, or with `fresh`,
    a new interpreter."""
    if hasattr(os, "fork") and not fresh:
        return FORK_SERVER.run(args, cwd, env, timeout)
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


class ForkServer:
    """The client of tests/fork_server.py: started on the first run, one per test process."""

    def __init__(self):
        self.process: subprocess.Popen | None = None
        self.pending = b""
        self.lock = threading.Lock()

    def run(self, args: list[str], cwd: Path, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
        with self.lock, tempfile.TemporaryDirectory() as tmp:
            out, err = Path(tmp) / "stdout", Path(tmp) / "stderr"
            self.send({"cwd": str(cwd), "args": args, "env": env, "stdout": str(out), "stderr": str(err)})
            pid = self.receive(None)["pid"]
            answer = self.receive(timeout)
            if answer is None:
                os.kill(pid, signal.SIGKILL)
                self.receive(None)
                raise subprocess.TimeoutExpired(["python", *args], timeout)
            read = functools.partial(Path.read_text, encoding="utf-8", errors="replace")
            return subprocess.CompletedProcess(["python", *args], answer["returncode"], read(out), read(err))

    def send(self, request: dict) -> None:
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                [sys.executable, str(ROOT / "tests" / "fork_server.py")],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                cwd=ROOT,
                env={k: v for k, v in os.environ.items() if not k.startswith("AWS_")},
            )
            self.pending = b""
        self.process.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
        self.process.stdin.flush()

    def receive(self, timeout: float | None) -> dict | None:
        """The server's next answer line, or None if none came within `timeout` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        fd = self.process.stdout.fileno()
        while b"\n" not in self.pending:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and (left <= 0 or not select.select([fd], [], [], left)[0]):
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                raise RuntimeError("tests/fork_server.py stopped; its traceback is in the test output above")
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return json.loads(line)


FORK_SERVER = ForkServer()


MINIMAL_SITE = ROOT / "tests" / "fixtures" / "minimal-site"


def minimal_project(dest: Path) -> Path:
    """A copy of the project whose pages are the four of tests/fixtures/minimal-site (README
    there): the real data, macros, hooks and theme, a build of about a second. Bad-input tests
    plant their faults here when the whole guide adds nothing to what they check."""
    copy_project(dest, share_cache=True)
    docs = dest / "docs"
    for page in docs.rglob("*.md"):
        if not page.relative_to(docs).parts[0].startswith("_"):
            page.unlink()
    shutil.copytree(MINIMAL_SITE / "docs", docs, dirs_exist_ok=True)
    config = dest / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    nav = re.search(r"^nav:\n(?:(?:[ #].*)?\n)*", text, re.M)
    assert nav, "mkdocs.yml has no top-level nav: block for minimal_project() to replace"
    nav_yml = (MINIMAL_SITE / "nav.yml").read_text(encoding="utf-8")
    config.write_text(text[: nav.start()] + "nav:\n" + nav_yml + text[nav.end() :], encoding="utf-8")
    return dest


def build_fails(project: Path, *fragments: str) -> str:
    """Build `project`, assert it fails, and that the output names every fragment."""
    result = mkdocs_build(project, project / "site-out", fast=True)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"the build should have failed:\n{output[-3000:]}"
    for fragment in fragments:
        assert fragment in output, f"expected {fragment!r} in the build output:\n{output[-3000:]}"
    return output


def run_handout(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m scripts.handout ARGS` as `make handout` runs it; PAPER only when `env` sets it."""
    environment = {k: v for k, v in os.environ.items() if k != "PAPER"}
    return subprocess.run(
        [sys.executable, "-m", "scripts.handout", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**environment, **(env or {})},
        cwd=ROOT,
    )


def pdf_page_texts(path: Path) -> list[str]:
    """Each page's text as poppler reads it (pdftotext, from poppler-utils like pdftoppm): the
    text a reader of the PDF copies and searches. pypdf's pure-Python parser took about 40 s of
    CPU for the 380-page handout; pdftotext takes 2. -raw keeps content-stream order, as the
    page was drawn: poppler's default reading order interleaves the lines of side-by-side
    columns and would split a URL between them."""
    tool = require_tool("pdftotext")
    result = subprocess.run(
        [tool, "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    pages = result.stdout.split("\f")  # pdftotext ends every page with a form feed
    assert pages[-1].strip() == "", f"pdftotext output of {path} does not end with a page"
    return pages[:-1]


# --- work done once per test run ------------------------------------------------------------------
# `make test` runs pytest on two processes (pytest-xdist). The whole-site build, the axe pass and
# the printed PDFs are each done once for the run, by whichever process needs them first; the
# other waits under a file lock and reads the result.


def run_root(config) -> Path:
    """A folder every pytest process of this run shares: xdist gives each worker a basetemp
    below the run's own (the layout pytest-xdist documents for sharing session data)."""
    base = config._tmp_path_factory.getbasetemp()
    return base.parent if hasattr(config, "workerinput") else base


def once_per_run(config, name: str, make):
    """`make(folder)` run once per test run, in whichever process asks first; the others wait for it
    and get its (JSON) result. A failure is kept too: it is reported everywhere, not redone."""
    import json

    from filelock import FileLock

    folder = run_root(config) / name
    with FileLock(f"{folder}.lock"):
        done, failed = folder / "result.json", folder / "failed.txt"
        if done.exists():
            return json.loads(done.read_text(encoding="utf-8"))
        if failed.exists():
            pytest.fail(failed.read_text(encoding="utf-8"), pytrace=False)
        folder.mkdir(exist_ok=True)
        try:
            value = make(folder)
        except BaseException as error:
            failed.write_text(f"{name} failed (in the process that made it):\n{error}", encoding="utf-8")
            raise
        done.write_text(json.dumps(value), encoding="utf-8")
        return value


SITE_BUILD = "site-build"


def start_site_build(config) -> Path:
    """Start the strict build of the whole site in the background, once per run (the first caller
    starts it), so it runs while the tests that need no site do. Returns its folder: site/,
    build.log and, when it ends, rc."""
    from filelock import FileLock

    folder = run_root(config) / SITE_BUILD
    with FileLock(f"{folder}.lock"):
        if not folder.exists():
            folder.mkdir()
            command = (
                f'"{sys.executable}" -m mkdocs build --strict -f "{ROOT / "mkdocs.yml"}" -d "{folder / "site"}"'
                f' > "{folder / "build.log"}" 2>&1; echo $? > "{folder / "rc.part"}"; mv "{folder / "rc.part"}" "{folder / "rc"}"'
            )
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
            subprocess.Popen(["sh", "-c", command], cwd=ROOT, env=env, start_new_session=True)
    return folder


def wait_for_site_build(config, timeout: float = 900) -> Path:
    """The site the background build made; fails with its log when the build failed."""
    import time

    folder = start_site_build(config)  # no-op when already started
    deadline = time.monotonic() + timeout
    while not (folder / "rc").exists():
        if time.monotonic() > deadline:
            pytest.fail(f"the site build did not finish in {timeout:.0f} s: see {folder / 'build.log'}")
        time.sleep(0.2)
    log = (folder / "build.log").read_text(encoding="utf-8", errors="replace")
    rc = (folder / "rc").read_text().strip()
    assert rc == "0", f"strict build failed (exit {rc}):\n{log[-5000:]}"
    assert "WARNING" not in log, log
    return folder / "site"


# --- the built site ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def _parse_html(path: Path, stamp: tuple[int, int]):
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def read_page(path: Path):
    """A built HTML file as a BeautifulSoup tree, parsed once per test process: html.parser takes
    1.5 s over the print page and 3 s over the rest of the site, and a dozen test files read the
    same pages. Shared between tests, so read it and never change it (copy it first:
    BeautifulSoup(str(tree), "html.parser")). A file written again is parsed again."""
    stat = path.stat()
    return _parse_html(path, (stat.st_mtime_ns, stat.st_size))


def site_pages(site: Path) -> list[str]:
    """Every page of a built site as a path below the site root: "" for the home page,
    "kms/" for kms/index.html, "404.html"."""
    pages = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        if rel.startswith("assets/"):
            continue
        pages.append(rel[: -len("index.html")] if html.name == "index.html" else rel)
    return pages


def page_file(site: Path, page: str) -> Path:
    """The built HTML of a site page path ("" for home, "kms/", "404.html")."""
    return site / (page + "index.html" if page == "" or page.endswith("/") else page)


def read_site(site: Path) -> dict:
    """{page: its parsed tree (read_page)} for every page of a built site (site_pages)."""
    return {page: read_page(page_file(site, page)) for page in site_pages(site)}


def built_page(site: Path, source: str) -> Path:
    """The built HTML of a page source under docs/ ("kms/index.md", "cognito/security.md")."""
    stem = source[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return site / (stem[: -len("index")] + "index.html")
    return site / stem / "index.html"


def serve_site(site: Path, prefix: str):
    """Serve `site` at http://127.0.0.1:<free port><prefix> from a thread, as GitHub Pages will:
    under the site_url path, so 404.html and the print page (which link from it) work.
    Returns (base_url, stop)."""

    class Handler(SimpleHTTPRequestHandler):
        def translate_path(self, path):
            bare = path.split("?", 1)[0].split("#", 1)[0]
            if not bare.startswith(prefix):
                return str(site / "-outside-the-site-path-")  # no such file: 404
            return super().translate_path("/" + bare[len(prefix) :])

        def log_message(self, *args):  # failures are reported by the tests, not access logs
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_address[1]}{prefix}", stop


# --- the browser -------------------------------------------------------------------------------

# axe-core from package.json, not the copy inside axe-playwright-python (4.12.1): 4.14 runs
# color-contrast two to four times faster (the print page: 10 s instead of 42 s).
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Material's names for the two palettes of mkdocs.yml, chosen by prefers-color-scheme.
SCHEMES = {"light": "default", "dark": "slate"}
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
    e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + (e.sourceFile || '') + ':' + e.lineNumber));
"""


def show_scheme(page, scheme: str) -> None:
    """Turn a loaded page to a colour scheme ("light" or "dark") as a reader's switch does: the
    body's data-md-color-scheme changes while data-palette-switching freezes the transitions
    (hooks/theme_startup.py), so the new colours are final at once. The site's colours key on
    that attribute, never on the media query, so one page load serves an audit in both schemes
    (the site-wide pass loads two pages with the dark preference emulated)."""
    page.evaluate(SHOW_SCHEME, SCHEMES[scheme])


# Freeze, switch, restyle (a layout restyles the whole page; getComputedStyle only one element),
# thaw; then check that the switch started no transition (one would mean the freeze no longer
# works, and an audit would read colours half-way). Transitions the page was already running (a
# diagram's list easing in its step, Material's tabs fading after a scroll) are awaited: axe
# would read their colours half-way too. No timer and no animation frame: some tests run the
# page on Playwright's fake clock.
SHOW_SCHEME = """async scheme => {
    const body = document.body;
    const before = new Set(document.getAnimations());
    body.setAttribute('data-palette-switching', '');
    body.setAttribute('data-md-color-scheme', scheme);
    body.offsetHeight;
    body.removeAttribute('data-palette-switching');
    body.offsetHeight;
    const running = document.getAnimations().filter(a => a instanceof CSSTransition);
    const started = running.filter(a => !before.has(a));
    if (started.length) throw new Error(`switching to ${scheme} started ${started.length} transitions`);
    await Promise.all(running.map(a => a.finished.catch(() => null)));
}"""


@functools.lru_cache(maxsize=1)
def axe_script() -> str:
    assert AXE_JS.exists(), f"{AXE_JS} is missing: run 'npm ci' (make setup-test installs it)"
    from axe_playwright_python.sync_playwright import Axe

    return Axe.from_file(AXE_JS).axe_script


def axe_violations(page, context=None) -> list[tuple[str, list]]:
    """axe-core's violations on a page in the state it is in, every rule: (rule id, the first
    three targets) each. `context` narrows the audit (a selector, or axe's {"include": ...}).
    axe is put into a document once and reused for its later states (a scheme switch, a step
    of a flow): injecting its 500 KB again each time cost a fifth of a second per audit."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_script())
    found = page.evaluate(
        "([context, options]) => axe.run(context || document, options).then(r => r.violations)",
        [context, {"resultTypes": ["violations"]}],
    )
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found]


class Visit:
    """A browser context that records every request (pages and workers), failed responses,
    CSP violations, console errors and dialogs."""

    def __init__(self, browser, base_url: str, **options):
        self.origin = origin_of(base_url) + "/"
        self.base_url = base_url
        self.context = browser.new_context(**options)
        self.context.add_init_script(CSP_LISTENER)
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.violations: list[str] = []
        self.console: list[str] = []
        self.dialogs: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.context.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, path: str):
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("load")
        return self.page

    def collect(self) -> None:
        """Call before leaving a page: its CSP violations live in its window."""
        self.violations += self.page.evaluate("window.__cspViolations || []")

    @property
    def foreign(self) -> list[str]:
        return [u for u in self.requests if not u.startswith((self.origin, "data:", "blob:"))]

    def close(self):
        self.context.close()


# --- the accessibility audit ------------------------------------------------------------------

# axe rules whose outcome depends on the theme's colours rather than on a page's own markup.
COLOUR_RULES = ("color-contrast", "link-in-text-block")
# Pages the dark pass loads with the dark preference emulated; its other pages are switched to
# dark after their light runs (audit_plan says why).
DARK_LOADS = ("", "404.html")
PRINT_PAGE = "print_page/"
# The print page's content is every other page again; its own parts are the cover, the table
# of contents and the chrome around them.
PRINT_PAGE_CONTENT = "#print-site-page section.print-page[id]"
# What putting every page into one can break, checked over the whole print page: ids, landmarks
# and the heading outline.
COMPOSITION_RULES = (
    "duplicate-id-aria",
    "landmark-unique",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main",
    "heading-order",
    "page-has-heading-one",
    "region",
)
_TAG = re.compile(r"<([a-z][a-z0-9-]*)\b([^>]*)>")
_CLASS = re.compile(r"""\bclass=["']([^"']*)["']""")


def page_components(html: str) -> set[str]:
    """The kinds of element a page holds: each tag, and each tag.class pair (pre, code.language-py,
    div.admonition, form.quiz-question ...). Pages with the same kinds share their styling."""
    kinds = set()
    for tag, attrs in _TAG.findall(html):
        kinds.add(tag)
        found = _CLASS.search(attrs)
        if found:
            kinds.update(f"{tag}.{name}" for name in found.group(1).split())
    return kinds


def template_pages(site: Path, pages: list[str]) -> list[str]:
    """A few pages that between them hold every kind of element the site has: the home page, the
    404 page, then the pages that add the most new kinds per byte, until none is missing. What
    colour does to an element is decided by the theme, so auditing colours on these covers the rest."""
    kinds = {p: page_components(page_file(site, p).read_text(encoding="utf-8")) for p in pages if p != PRINT_PAGE}
    sizes = {p: page_file(site, p).stat().st_size for p in kinds}
    chosen = [p for p in ("", "404.html") if p in kinds]
    missing = set().union(*kinds.values()) - set().union(*(kinds[p] for p in chosen))
    while missing:
        best = max(sorted(kinds), key=lambda p: len(kinds[p] & missing) / sizes[p])
        chosen.append(best)
        missing -= kinds[best]
    return chosen


def disabled(rules) -> dict:
    """axe's `rules` option that switches these rules off."""
    return {rule: {"enabled": False} for rule in rules}


def audit_plan(site: Path) -> dict[str, dict[str, list[dict]]]:
    """{scheme: {page: [axe runs]}}, each run {"context": ..., "options": ...} and, where a run
    audits part of a page, "remove": a selector of what is taken out of the page before it.

    - The template pages: every rule in the light scheme, the colour rules in the dark one.
      The dark runs of all but DARK_LOADS happen in the light tab, after show_scheme: the
      site's colours key on the scheme attribute, never on the media query, so only a page
      loaded dark shows that the emulated preference picks the dark palette, and two do.
    - Every other page: every rule but the colour rules, in the light scheme.
    - The print page: the rules the joining can break over the whole page (COMPOSITION_RULES),
      in the light scheme; then, with the pages it repeats taken out of the document (each is
      audited on its own), every other rule on its own parts, the colour rules in both schemes.
      Taken out, not excluded: axe builds its tree of the whole document even for an excluded
      part, and this one holds 35,000 elements."""
    pages = site_pages(site)
    templates = set(template_pages(site, pages))
    everything = {"resultTypes": ["violations"]}
    no_colour = {**everything, "rules": disabled(COLOUR_RULES)}
    colour_only = {**everything, "runOnly": list(COLOUR_RULES)}
    composition = {**everything, "runOnly": list(COMPOSITION_RULES)}
    # What is left of the print page once its pages are out: the composition rules ran on the whole.
    own_parts = {**everything, "rules": disabled(COMPOSITION_RULES)}
    plan: dict[str, dict[str, list[dict]]] = {scheme: {} for scheme in SCHEMES}
    for page in pages:
        if page == PRINT_PAGE:
            plan["light"][page] = [
                {"context": None, "options": composition},
                {"context": None, "options": own_parts, "remove": PRINT_PAGE_CONTENT},
            ]
            plan["dark"][page] = [{"context": None, "options": colour_only, "remove": PRINT_PAGE_CONTENT}]
        elif page in templates:
            # The other rules read markup, which is the same in both schemes.
            plan["light"][page] = [{"context": None, "options": everything}]
            plan["dark"][page] = [{"context": None, "options": colour_only}]
        else:
            plan["light"][page] = [{"context": None, "options": no_colour}]
    return plan


_RUN_AXE = """runs => {
    window.__audit = (async () => {
        const found = [];
        for (const run of runs) {
            if (run.remove) document.querySelectorAll(run.remove).forEach((el) => el.remove());
            const result = await axe.run(run.context || document, run.options);
            found.push(...result.violations);
        }
        return found;
    })();
}"""


def fresh_log() -> dict[str, list[str]]:
    """What audit_pages records for one page: its requests, failed responses and console errors."""
    return {"requests": [], "failed": [], "errors": []}


def audit_pages(
    chromium, site_url: str, plan: dict[str, dict[str, list[dict]]], script: str
) -> dict[str, dict[str, dict]]:
    """Open each page of the plan in its schemes (one tab per scheme) and run its axe runs there:
    {scheme: {page: {"scheme", "violations", "requests", "failed", "csp", "errors"}}}."""
    tabs, log = {}, {}
    for scheme in SCHEMES:
        context = chromium.new_context(color_scheme=scheme)
        context.add_init_script(CSP_LISTENER)
        log[scheme] = fresh_log()
        context.on("request", lambda r, s=scheme: log[s]["requests"].append(r.url))
        context.on(
            "response", lambda r, s=scheme: log[s]["failed"].append(f"{r.status} {r.url}") if r.status >= 400 else None
        )
        tabs[scheme] = context.new_page()
        tabs[scheme].on("console", lambda m, s=scheme: log[s]["errors"].append(m.text) if m.type == "error" else None)
        tabs[scheme].on("pageerror", lambda e, s=scheme: log[s]["errors"].append(str(e)))
    results: dict[str, dict[str, dict]] = {scheme: {} for scheme in SCHEMES}

    def audit(tab, runs) -> dict:
        tab.evaluate(_RUN_AXE, runs)
        return {
            "scheme": tab.evaluate("document.body.dataset.mdColorScheme"),
            "violations": tab.evaluate("() => window.__audit"),
            "csp": tab.evaluate("window.__cspViolations || []"),
        }

    # One scheme after the other: two tabs auditing at once took longer than both in turn.
    for scheme, tab in tabs.items():
        for path, runs in plan[scheme].items():
            if scheme == "dark" and path not in DARK_LOADS:
                continue  # audited in the light tab, switched to dark after its light runs
            log[scheme] = fresh_log()
            tab.goto(site_url + path)
            tab.wait_for_load_state("load")
            tab.evaluate(script)
            results[scheme][path] = {**audit(tab, runs), **log[scheme], "loaded": scheme}
            if scheme == "light" and path in plan["dark"] and path not in DARK_LOADS:
                log[scheme] = fresh_log()
                show_scheme(tab, "dark")
                results["dark"][path] = {**audit(tab, plan["dark"][path]), **log[scheme], "loaded": scheme}
    for tab in tabs.values():
        tab.context.close()
    return results
