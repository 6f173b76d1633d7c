"""The print page (mkdocs-print-site-plugin) as a handout (events: on_config, on_nav,
on_post_build at priorities 50 and -50).

- The cover says which edition it is: the build date and the git commit (docs/_overrides/handout/cover.html).
- Pages that print-site `exclude`s (the interactive mixed review) are taken out of the navigation
  just before the print page is rendered: its headings are numbered by nav position, so an
  excluded page would leave a gap (6.1 missing), and its menus would link to a page that is not there.
- Links that pointed at an excluded page become anchors that point nowhere on the print page
  (print-site rewrites every site link to an anchor). They are pointed back at the page online.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import segno
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.nav import Navigation, Section
from mkdocs.utils import get_relative_url
from mkdocs_print_site_plugin.exclude import exclude
from mkdocs_print_site_plugin.urls import get_page_key

PLUGIN = "print-site"
_state: dict = {}


def git_version(folder: Path) -> str:
    """Short SHA of HEAD, marked when the working tree differs from it; "unversioned" outside git."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, check=True, timeout=30
        ).stdout.strip()

    try:
        sha = git("rev-parse", "--short", "HEAD")
        changed = git("status", "--porcelain", "--untracked-files=no", "--", ".")
    except (OSError, subprocess.SubprocessError):
        return "unversioned"
    return f"{sha} (with uncommitted changes)" if changed else sha


def edition_date() -> str:
    # SOURCE_DATE_EPOCH (reproducible builds) wins over the clock.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return when.date().isoformat()


def on_config(config):
    if PLUGIN not in config.plugins:
        raise PluginError(
            f"hooks/handout.py needs the '{PLUGIN}' plugin. Fix: keep it last under plugins: in mkdocs.yml"
        )
    site_url = config.site_url or ""
    config.extra["handout_edition"] = {
        "date": edition_date(),
        "version": git_version(Path(config.config_file_path).parent),
        "site_qr": segno.make(site_url, error="m").svg_inline(scale=1, border=0, omitsize=True) if site_url else "",
    }
    return config


def on_nav(nav: Navigation, config, files):
    _state["nav"] = nav
    return nav


def enabled(config) -> bool:
    return bool(config.plugins[PLUGIN].config.get("enabled"))


def excluded_patterns(config) -> list[str]:
    return list(config.plugins[PLUGIN].config.get("exclude") or [])


def drop_excluded(items: list, patterns: list[str]) -> list:
    """The pages removed from `items` (in place, recursively)."""
    dropped = []
    for item in list(items):
        if isinstance(item, Section):
            dropped += drop_excluded(item.children, patterns)
        elif getattr(item, "file", None) is not None and exclude(item.file.src_path, patterns):
            items.remove(item)
            dropped.append(item)
    return dropped


# Before print-site renders (priority 0). Every site page is written by now: only the print
# page sees the trimmed navigation.
@event_priority(50)
def _trim_navigation(config):
    if not enabled(config):
        return
    _state["dropped"] = drop_excluded(_state["nav"].items, excluded_patterns(config))


def print_page_file(config) -> Path:
    plugin = config.plugins[PLUGIN]
    return Path(plugin.print_page.file.abs_dest_path)


HREF_FRAGMENT = re.compile(r'href="#([^"]*)"')


def retarget_dangling_links(html: str, dropped: list, print_url: str) -> str:
    """href="#<page-key>[-anchor]" of an excluded page -> that page on the site."""
    ids = set(re.findall(r'\bid=["\']([^"\']+)["\']', html))
    keys = sorted(((get_page_key(p.url), p.url) for p in dropped), key=lambda k: -len(k[0]))

    def fix(match: re.Match) -> str:
        fragment = match.group(1)
        if fragment in ids or fragment == "":
            return match.group(0)
        for key, url in keys:
            if fragment == key or fragment.startswith(key + "-"):
                anchor = fragment[len(key) + 1 :]
                target = get_relative_url(url or "./", print_url)
                return f'href="{target}{"#" + anchor if anchor else ""}"'
        raise PluginError(
            f"print page: a link points at '#{fragment}', which is on no printed page. "
            "Fix: correct the link in the page's Markdown, or stop excluding its target in mkdocs.yml (print-site exclude)."
        )

    return HREF_FRAGMENT.sub(fix, html)


# After print-site has written the print page (priority 0).
@event_priority(-50)
def _retarget_links(config):
    if not enabled(config):
        return
    path = print_page_file(config)
    html = path.read_text(encoding="utf-8")
    print_url = config.plugins[PLUGIN].print_page.file.url
    path.write_text(retarget_dangling_links(html, _state.get("dropped", []), print_url), encoding="utf-8")


on_post_build = CombinedEvent(_trim_navigation, _retarget_links)
