"""What the tools and the tests share: the project's paths, the one reader of mkdocs.yml, the
system Chromium, and every budget the benchmark and the tests hold the site to.
Each is defined here once; scripts/ and tests/support.py import it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"

# --- budgets (make bench reports each; tests that check one import it from here) -------------
PAGE_WEIGHT_BUDGET = 300 * 1024  # bytes (gzip) a reading page transfers on first load
LIGHTHOUSE_PERFORMANCE_BUDGET = 95  # Lighthouse's default mobile run; the other categories must be 100
PRINT_PAGE_BUDGET = 600 * 1024  # bytes (gzip) of the print page: the whole book
DIAGRAM_GZIP_BUDGET = 60 * 1024  # bytes (gzip) of one diagram's SVG
BUILD_RATIO_BUDGET = 1.10  # warm build time / a plain build of the same pages
SCALE_BUILD_RATIO_BUDGET = 2.2  # warm build at twice today's content / today's warm build
SERVE_RELOAD_BUDGET_S = 3.0  # seconds from saving a page to `make serve` serving it rebuilt
TEST_SUITE_BUDGET_S = 180.0  # seconds for `make test` after set-up
TEST_FAST_BUDGET_S = 30.0  # seconds for `make test-fast`


# --- a throwaway copy of the project (benchmark runs, tests that break it on purpose) -----------

# Build outputs, caches and installed tools stay behind. Patterns match at every level: "site.*"
# would also drop docs/assets/css/site.css.
COPY_IGNORE = shutil.ignore_patterns(
    ".venv",
    "site",
    "site.tmp.*",
    "site.old",
    ".git",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "node_modules",
    "bench-results",
    "drift-report",
    ".cache",
    "handout.pdf",
)


def copy_project(dest: Path, *, share_cache: bool = False) -> Path:
    """Copy the project to `dest`, linking (not copying) the installed .venv and node_modules.
    share_cache links .cache too (keyed by content hash, so safe to read): the copy builds warm."""
    shutil.copytree(ROOT, dest, ignore=COPY_IGNORE, symlinks=True)
    for shared in (".venv", "node_modules", *((".cache",) if share_cache else ())):
        if (ROOT / shared).exists():
            (dest / shared).symlink_to(ROOT / shared, target_is_directory=True)
    return dest


# --- mkdocs.yml --------------------------------------------------------------------------------


class _TagKeepingLoader(yaml.SafeLoader):
    """mkdocs.yml holds !ENV and !!python/name: tags: keep them as `Tagged`, never run them."""


class Tagged:
    def __init__(self, tag: str, value):
        self.tag, self.value = tag, value

    def __repr__(self) -> str:
        return f"Tagged({self.tag!r}, {self.value!r})"


def _construct_tagged(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return Tagged(node.tag, value)


_TagKeepingLoader.add_multi_constructor("!", _construct_tagged)
_TagKeepingLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)


class _TagKeepingDumper(yaml.SafeDumper):
    pass


_TagKeepingDumper.add_representer(
    Tagged,
    lambda dumper, t: (
        dumper.represent_sequence(t.tag, t.value)
        if isinstance(t.value, list)
        else dumper.represent_mapping(t.tag, t.value)
        if isinstance(t.value, dict)
        else dumper.represent_scalar(t.tag, t.value)
    ),
)


def read_mkdocs_config(project: Path = ROOT) -> dict:
    """mkdocs.yml of `project` as plain data; its tags are kept as `Tagged`, never run."""
    return yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TagKeepingLoader)


def dump_mkdocs_config(config: dict) -> str:
    """The inverse of read_mkdocs_config: YAML text with the tags as they were."""
    return yaml.dump(config, Dumper=_TagKeepingDumper, sort_keys=False, allow_unicode=True)


def site_path_prefix(project: Path = ROOT) -> str:
    """The path the site is published under (site_url), e.g. "/study-guide/"."""
    path = urlparse(read_mkdocs_config(project).get("site_url") or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def nav_pages(nav: list) -> list[str]:
    """Every page path listed in a nav, in order."""
    found: list[str] = []
    for item in nav or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            found += nav_pages(value)
    return found


# --- the system Chromium -----------------------------------------------------------------------

# Headless as root needs --no-sandbox; on a closed network nothing in the background may try
# to phone home and stall a page (DESIGN.md, "Known pitfalls").
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """The system Chromium (Playwright cannot download its own browser here); $CHROMIUM wins."""
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    return found if found and Path(found).exists() else None


def headless_chromium_path() -> str | None:
    """What the tests and the handout drive: $CHROMIUM when set, else Debian's
    chromium-headless-shell when installed (the same engine without the browser's window system,
    the build Playwright itself runs for headless work; here it took a fifth less CPU per page),
    else the full browser. Lighthouse needs the full browser (chromium_path)."""
    if os.environ.get("CHROMIUM"):
        return chromium_path()
    shell = shutil.which("chromium-headless-shell")
    return shell if shell and Path(shell).exists() else chromium_path()


def launch_chromium(playwright):
    """A headless Chromium browser from a started Playwright (sync or async API)."""
    path = headless_chromium_path()
    if path is None:
        raise FileNotFoundError("Chromium is missing. Fix: run '.ci/ensure-tools chromium' (or 'make setup-test').")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
