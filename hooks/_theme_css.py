"""Shared by the hooks that rewrite one of Material's stylesheets as the build copies it
(hooks/theme_startup.py, hooks/content_tables.py). Not a hook itself (not listed in mkdocs.yml)."""

from __future__ import annotations

from typing import Callable

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File


def replace_rule(css: str, old: str, new: str, where: str, problem: str, fix: str) -> str:
    """`css` with every `old` as `new`; stops the build when Material's stylesheet no longer
    has `old`, since the site's own code relies on the rewrite."""
    if old not in css:
        raise PluginError(f"{where}: {problem}\n  Fix: {fix}")
    return css.replace(old, new)


def rewrite_sheet(files, config, sheet: File, rewrite: Callable[[str, str], str]) -> None:
    """Put `rewrite(css, where)` in the site in place of the theme's `sheet`."""
    css = rewrite(sheet.content_string, f"theme file {sheet.src_uri}")
    files.remove(sheet)
    files.append(File.generated(config, sheet.src_uri, content=css))
