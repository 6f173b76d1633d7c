"""Material's start-up without three of its five whole-page restyles (event: on_files).

When a page loads, Material's palette sets the attribute data-md-color-switching on <body> and
clears it a moment later. Its palette stylesheet freezes every transition under that attribute
(`[data-md-color-switching] *`), so the browser restyles the whole page both times: on kms/ that
is two of the five restyles of all 2,190 elements that Material's start-up forces, inside the long
tasks Lighthouse counts as blocking time.

This hook gives the freeze its own attribute, data-palette-switching, which nothing sets at
start-up; the script in the extrahead block of docs/_overrides/main.html sets it while a reader
switches the palette, so a switch still snaps from one scheme to the other without transitions.
The same script gives <html> the classes Material's bundle would add (js, js-focus-visible)
before anything is styled, which removes a third. The two left come from the color-scheme meta
Material inserts and fills in; the browser restyles everything for either.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

HERE = "hooks/theme_startup.py"
PALETTE_CSS = re.compile(r"assets/stylesheets/palette\.[0-9a-f]+\.min\.css")
MATERIAL_FREEZE = "[data-md-color-switching]"
OWN_FREEZE = "[data-palette-switching]"


def freeze_on_own_attribute(css: str, where: str) -> str:
    if MATERIAL_FREEZE not in css:
        raise PluginError(
            f"{where}: Material's palette stylesheet no longer has its {MATERIAL_FREEZE} rule.\n"
            f"  Fix: find how this Material version freezes transitions while the palette switches, "
            f"and update {HERE} and the extrahead script of docs/_overrides/main.html to match."
        )
    return css.replace(MATERIAL_FREEZE, OWN_FREEZE)


def on_files(files, config):
    sheets = [file for file in files if PALETTE_CSS.fullmatch(file.src_uri)]
    if config.theme.get("palette") and not sheets:
        raise PluginError(
            f"{HERE}: mkdocs.yml sets theme.palette, but the theme has no assets/stylesheets/palette.*.min.css.\n"
            f"  Fix: update PALETTE_CSS in {HERE} to the stylesheet this Material version links."
        )
    for sheet in sheets:
        css = freeze_on_own_attribute(sheet.content_string, f"theme file {sheet.src_uri}")
        files.remove(sheet)
        files.append(File.generated(config, sheet.src_uri, content=css))
    return files
