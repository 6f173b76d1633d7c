"""`make serve` reloads in seconds (events: on_startup, on_files, on_env, on_post_build, on_build_error).

`make serve` runs `mkdocs serve --strict --dirty`. Its first build is a full build into an empty
folder: every page, the print page, the search index, all strict checks. After that MkDocs'
dirty mode re-renders only the pages whose Markdown is newer than their HTML. That is right for
an edit to a page's text and wrong for everything else a page reads, so this hook decides per
rebuild:

- Only the text of pages changed (not their front matter, no page added or removed, nothing
  else under docs/, no mkdocs.yml, diagrams/, macros/, hooks/ or tests/ change): the changed
  pages are rebuilt (macros, Markdown, theme, link checks), and the whole-site outputs that would
  need every page (the print page, the search index) keep the state of the last full build.
  Links from the edited page to other pages are checked as usual; anchors inside pages that
  were not rebuilt are checked by the next full build (at start, and in CI).
- Anything else: a full rebuild (the site folder is emptied, so every page is built again).
  A rebuild that failed is followed by a full one.

`mkdocs build` (CI, `make build`, the tests) never runs this logic: it acts only under
`mkdocs serve --dirty`. MkDocs' warning that a dirty build may have "inaccurate navigation" is
dropped under serve, because this hook rebuilds whenever the navigation could change.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

import jinja2
import jinja2.bccache
from _serve_state import STATE
from mkdocs import utils
from mkdocs.plugins import CombinedEvent, event_priority

log = logging.getLogger("mkdocs.hooks.serve_reload")

# Inputs outside docs/ that pages read (the macros, diagram programs, hooks, the proofs tests).
OTHER_INPUTS = ("diagrams", "macros", "hooks", "tests")
SKIP_DIRS = {"__pycache__", ".pytest_cache"}
WHOLE_SITE_PLUGINS = ("print-site", "material/search")
DIRTY_WARNING = "A 'dirty' build is being performed"
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?\n)---\s*\n", re.S)

# This rebuild's plan: set in on_files, read by on_post_build of the same build.
_build: dict = {}


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """The theme's compiled templates, kept from one rebuild to the next (each rebuild makes a
    new Jinja environment). Jinja checks each entry against its template's source."""

    def __init__(self, store: dict) -> None:
        self.store = store

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


def on_startup(command: str, dirty: bool) -> None:
    STATE["dirty_serve"] = command == "serve" and dirty
    STATE["inputs"], STATE["texts"] = None, {}
    if STATE["dirty_serve"] and STATE["filter"] is None:
        STATE["filter"] = _DropDirtyWarning()
        logging.getLogger("mkdocs.commands.build").addFilter(STATE["filter"])


def front_matter(text: str) -> str:
    match = FRONT_MATTER.match(text)
    return match.group(1) if match else ""


def snapshot(project: Path, docs_dir: Path, pages: list[str]) -> dict[str, str | int]:
    """What a rebuild must compare: every page's front matter (by hash) and the modification time
    of every other input (files under docs/ that are not pages, mkdocs.yml, OTHER_INPUTS)."""
    found: dict[str, str | int] = {}
    page_set = set(pages)
    for uri in pages:
        text = (docs_dir / uri).read_text(encoding="utf-8")
        found[f"front:{uri}"] = hashlib.sha256(front_matter(text).encode()).hexdigest()
    roots = [docs_dir, *(project / name for name in OTHER_INPUTS)]
    for root in roots:
        if not root.is_dir():
            continue
        for path in root.rglob("*"):
            if not path.is_file() or SKIP_DIRS & set(path.parts):
                continue
            if root == docs_dir and path.relative_to(docs_dir).as_posix() in page_set:
                continue
            found[f"file:{path.relative_to(project).as_posix()}"] = path.stat().st_mtime_ns
    config_file = project / "mkdocs.yml"
    if config_file.exists():
        found["file:mkdocs.yml"] = config_file.stat().st_mtime_ns
    return found


def only_page_text_changed(before: dict | None, after: dict) -> bool:
    """True when the two snapshots agree: the pages may differ in their text only."""
    return before is not None and before == after


@event_priority(-100)  # after the hooks and plugins that add files: the page list is final
def on_files(files, config):
    _build.clear()
    if not STATE["dirty_serve"]:
        return files
    project = Path(config.config_file_path).resolve().parent
    pages = {f.src_uri: f for f in files.documentation_pages() if f.abs_src_path}
    inputs = snapshot(project, Path(config.docs_dir), sorted(pages))
    texts = {uri: Path(f.abs_src_path).stat().st_mtime_ns for uri, f in pages.items()}
    _build.update(inputs=inputs, texts=texts)
    if only_page_text_changed(STATE["inputs"], inputs):
        # A page is rebuilt when its source changed since the last good build (MkDocs' own test,
        # HTML older than Markdown, misses a save in the same clock tick as the write).
        changed = [uri for uri, mtime in texts.items() if STATE["texts"].get(uri) != mtime]
        for uri, f in pages.items():
            f.is_modified = (lambda edited: lambda: edited)(uri in changed)
        _build["partial"] = True
        # 404.html and sitemap.xml do not change with a page's text: keep the last full build's.
        config.theme.static_templates.clear()
        log.info(
            "serve: page text edited (%s): rebuilding %s only; the print page and the search index "
            "stay as the last full build made them",
            ", ".join(changed) or "none",
            "that page" if len(changed) == 1 else "those pages",
        )
    else:
        if STATE["inputs"] is not None:
            log.info("serve: data, front matter, templates, diagrams or config changed: full rebuild")
        utils.clean_directory(config.site_dir)
    return files


def on_env(env, config, files):
    if STATE["dirty_serve"]:
        env.bytecode_cache = _MemoryBytecodeCache(STATE["bytecode"])
    return env


@event_priority(100)  # before print-site and search write their whole-site outputs (0)
def _skip_whole_site_outputs(config) -> None:
    if not _build.get("partial"):
        return
    # Switched off for this rebuild's config only (serve loads a fresh config for every
    # rebuild); the hooks that finish the print page check the same switch.
    for name in WHOLE_SITE_PLUGINS:
        plugin = config.plugins.get(name)
        if plugin is not None:
            plugin.config["enabled"] = False


@event_priority(-200)  # last: only a build that got here counts as done
def _remember(config) -> None:
    if STATE["dirty_serve"] and "inputs" in _build:
        STATE["inputs"], STATE["texts"] = _build["inputs"], _build["texts"]


def on_build_error(error) -> None:
    STATE["inputs"] = None  # the next rebuild is a full one


on_post_build = CombinedEvent(_skip_whole_site_outputs, _remember)
