"""Compiled Jinja code kept between builds, in .cache/jinja/.

mkdocs-macros compiles every page's Markdown as a Jinja template on every build, and the
markup templates (docs/_overrides/partials/guide/) are compiled once per process: together
about a third of what the macros cost a warm build (a sampled profile, 2026-12-03). Compiling
depends only on the template's text and the environment's syntax settings, so the compiled
code is a pure function of them and of Jinja's version. Jinja's own bytecode cache stores it,
under a key that carries Jinja's version; Jinja checks the text's checksum and Python's version
before it uses an entry, and compiles again on any mismatch. Rendering still runs on every
build: only the compile is skipped.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

import jinja2

from .data import ROOT

CACHE_DIR = ROOT / ".cache" / "jinja"
JINJA_VERSION = version("jinja2")

# What, besides the text, shapes the code Jinja generates for a template.
_SYNTAX = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "autoescape",
)


class VersionedBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, keyed by Jinja's version as well: its bytecode format number does not
    change with every release that could change the code it generates."""

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"jinja {JINJA_VERSION}\0{name}", filename)


def bytecode_cache(directory: Path = CACHE_DIR) -> jinja2.BytecodeCache | None:
    """The file cache in `directory`, or None where it cannot be written (a read-only checkout
    still builds, only slower)."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return VersionedBytecodeCache(str(directory), "%s.jinja")


def signature(env: jinja2.Environment) -> str:
    settings = [repr(getattr(env, name, None)) for name in _SYNTAX]
    settings += sorted(env.extensions), sorted(env.filters), sorted(env.tests)
    return repr(settings)


class CachedFromString:
    """Stands in for `env.from_string`: compiled code comes from the cache when the text was
    compiled before. A syntax error is raised exactly as `from_string` raises it."""

    def __init__(self, env: jinja2.Environment, cache: jinja2.BytecodeCache) -> None:
        self.env = env
        self.cache = cache
        self.original = env.from_string

    def __call__(self, source, globals=None, template_class=None):
        if template_class is not None or not isinstance(source, str):
            return self.original(source, globals, template_class)
        env = self.env
        # One entry per text: Jinja keys a bucket by name, and checks the text's checksum.
        name = hashlib.sha256(f"{signature(env)}\0{source}".encode()).hexdigest()
        bucket = self.cache.get_bucket(env, name, None, source)
        if bucket.code is None:
            bucket.code = env.compile(source)
            try:
                self.cache.set_bucket(bucket)
            except OSError:
                pass  # unwritable cache: this build compiled it, the next one will too
        return env.template_class.from_code(env, bucket.code, env.make_globals(globals), None)


def cache_page_templates(env: jinja2.Environment, directory: Path = CACHE_DIR) -> None:
    """Make `env.from_string` (which mkdocs-macros calls for each page) use the cache; once."""
    if isinstance(env.from_string, CachedFromString):
        return
    cache = bytecode_cache(directory)
    if cache is not None:
        env.from_string = CachedFromString(env, cache)
