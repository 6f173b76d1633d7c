"""Shared by the hooks that finish every HTML file: the print page (mkdocs-print-site-plugin)
is written in on_post_build, after every page, so each finishing pass edits it there too.
Not a hook itself (not listed in mkdocs.yml)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

PLUGIN = "print-site"


def rewrite_print_page(config, change: Callable[[str, str], str]) -> None:
    """Apply change(html, where) to the print page, when print-site wrote one."""
    plugin = config.plugins.get(PLUGIN)
    if plugin is None or not plugin.config.get("enabled") or not getattr(plugin, "print_page", None):
        return
    path = Path(plugin.print_page.file.abs_dest_path)
    if path.exists():
        path.write_text(change(path.read_text(encoding="utf-8"), "the print page (print-site)"), encoding="utf-8")
