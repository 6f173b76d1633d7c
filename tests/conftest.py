"""Shared fixtures: the site is built once per test session, strictly, into a temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_tool(name: str) -> str:
    """The path of a system tool. Locally a missing tool skips the test; in CI it fails it."""
    path = shutil.which(name)
    if path:
        return path
    message = f"'{name}' is not installed: run 'make test' (it installs it) or see README.md"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


# Bad-input builds stop at the page or data at fault: the print page and the search index
# (half of a build's time) add nothing to them, so they are switched off there (mkdocs.yml reads these).
FAST_BUILD_ENV = {"SITE_SEARCH": "false", "SITE_PRINT_PAGE": "false"}


def mkdocs_build(
    project: Path, dest: Path, extra_env: dict[str, str] | None = None, timeout: int = 600, fast: bool = False
) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `project` into `dest`; never -q (it hides the warnings strict counts)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(FAST_BUILD_ENV if fast else {}), **(extra_env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(dest)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole site, built once. Set SITE_DIR to reuse a site already built by `make build`."""
    reuse = os.environ.get("SITE_DIR")
    if reuse and (Path(reuse) / "index.html").exists():
        return Path(reuse)
    dest = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, dest)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    assert "WARNING" not in result.stderr, result.stderr
    return dest


def pytest_sessionfinish(session, exitstatus):
    # CI must never pass with a skipped test: a skip there means a missing install step.
    if not IN_CI:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        names = ", ".join(getattr(r, "nodeid", "?") for r in skipped[:10])
        print(f"\nCI=true: {len(skipped)} test(s) skipped, which CI does not allow: {names}", file=sys.stderr)
        session.exitstatus = 1


# Patterns match at every level: "site.*" would also drop docs/assets/css/site.css.
COPY_IGNORE = shutil.ignore_patterns(".venv", "site", "site.tmp.*", "site.old", ".git", "__pycache__", ".pytest_cache", "node_modules", "bench-results", ".cache")


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A throwaway copy of the project to break on purpose. The diagram cache is shared
    (read-only use is safe: it is keyed by content hash), so a copy builds warm."""
    dest = tmp_path / "project"
    shutil.copytree(ROOT, dest, ignore=COPY_IGNORE)
    if (ROOT / ".cache").exists():
        (dest / ".cache").symlink_to(ROOT / ".cache", target_is_directory=True)
    return dest


def build_fails(project: Path, *fragments: str) -> str:
    """Build `project`, assert it fails, and that the output names every fragment."""
    result = mkdocs_build(project, project / "site-out", fast=True)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"the build should have failed:\n{output[-3000:]}"
    for fragment in fragments:
        assert fragment in output, f"expected {fragment!r} in the build output:\n{output[-3000:]}"
    return output


# --- the built site in a browser (accessibility, privacy and security gates) -------------------

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def mkdocs_config() -> dict:
    """mkdocs.yml as plain data, for the settings tests read (site_url, repo_url)."""
    import yaml

    class Loader(yaml.SafeLoader):  # mkdocs.yml holds !ENV and !!python tags; tests read neither
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)


def site_path_prefix() -> str:
    """The path the site is published under (site_url), e.g. "/study-guide/"."""
    from urllib.parse import urlparse

    path = urlparse(mkdocs_config().get("site_url") or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def serve_site(site: Path, prefix: str):
    """Serve `site` at http://127.0.0.1:<free port><prefix> from a thread, as GitHub Pages will:
    under the site_url path, so 404.html and the print page (which link from it) work.
    Returns (base_url, stop)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        def translate_path(self, path):
            bare = path.split("?", 1)[0].split("#", 1)[0]
            if not bare.startswith(prefix):
                return str(site / "-outside-the-site-path-")  # no such file: 404
            return super().translate_path("/" + bare[len(prefix):])

        def log_message(self, *args):  # failures are reported by the tests, not access logs
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_address[1]}{prefix}", stop


@pytest.fixture(scope="session")
def site_url(built_site):
    base, stop = serve_site(built_site, site_path_prefix())
    yield base
    stop()


@pytest.fixture(scope="module")
def chromium():
    """The system Chromium, driven by Playwright (it cannot download its own browser here).
    Module scope: Playwright's sync API allows one instance per thread, and other test modules
    start their own."""
    require_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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


def axe_script() -> str:
    assert AXE_JS.exists(), f"{AXE_JS} is missing: run 'npm ci' (make setup-test installs it)"
    from axe_playwright_python.sync_playwright import Axe

    return Axe.from_file(AXE_JS).axe_script


@pytest.fixture(scope="session")
def site_visits(site_url, built_site) -> dict[str, dict[str, dict]]:
    """Every page opened once in each colour scheme, with axe-core run on it (all default rules,
    violations only), for the accessibility and the privacy gates to share one pass:
    {scheme: {page: {"scheme": body's data-md-color-scheme, "violations": [...],
    "requests": [urls], "failed": ["404 url"], "csp": [violations]}}}.

    The two schemes run side by side, one tab each: axe is CPU-bound (the print page's 15,000
    elements take the longest), and each tab has its own renderer process. The pass runs in a
    thread of its own with its own Playwright, so it never meets another module's instance."""
    import threading

    require_tool("chromium")
    outcome: dict = {}

    def run():
        try:
            outcome["visits"] = visit_every_page(site_url, site_pages(built_site))
        except BaseException as error:  # re-raised in the test's thread
            outcome["error"] = error

    worker = threading.Thread(target=run, name="site-visits")
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["visits"]


def visit_every_page(site_url: str, pages: list[str]) -> dict[str, dict[str, dict]]:
    from playwright.sync_api import sync_playwright

    script = axe_script()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        try:
            return audit_pages(browser, site_url, pages, script)
        finally:
            browser.close()


def audit_pages(chromium, site_url: str, pages: list[str], script: str) -> dict[str, dict[str, dict]]:
    tabs, log = {}, {}
    for scheme in SCHEMES:
        context = chromium.new_context(color_scheme=scheme)
        context.add_init_script(CSP_LISTENER)
        log[scheme] = {"requests": [], "failed": []}
        context.on("request", lambda r, s=scheme: log[s]["requests"].append(r.url))
        context.on("response", lambda r, s=scheme: log[s]["failed"].append(f"{r.status} {r.url}") if r.status >= 400 else None)
        tabs[scheme] = context.new_page()
    results: dict[str, dict[str, dict]] = {scheme: {} for scheme in SCHEMES}
    for path in pages:
        for scheme, tab in tabs.items():
            log[scheme] = {"requests": [], "failed": []}
            tab.goto(site_url + path)
            tab.wait_for_load_state("load")
            tab.evaluate(script)
            tab.evaluate("options => { window.__audit = axe.run(document, options); }", {"resultTypes": ["violations"]})
        for scheme, tab in tabs.items():
            results[scheme][path] = {
                "scheme": tab.evaluate("document.body.dataset.mdColorScheme"),
                "violations": tab.evaluate("() => window.__audit.then(r => r.violations)"),
                "csp": tab.evaluate("window.__cspViolations || []"),
                **log[scheme],
            }
    for tab in tabs.values():
        tab.context.close()
    return results
