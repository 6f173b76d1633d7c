"""Material's start-up without its avoidable whole-page restyles (events: on_config, on_files).

Any change to <html>'s classes, to an attribute a whole-page rule keys on, or to the page's
color-scheme meta makes the browser restyle every element; on kms/ that is 2,190 of them, inside
the tasks Lighthouse counts as blocking time. Material's start-up made six such changes:
1. and 2. its bundle gives <html> the classes js and js-focus-visible: the extrahead script of
   docs/_overrides/main.html gives them before anything is styled;
3. and 4. its palette component sets data-md-color-switching on <body> and clears it a moment
   later, and its palette stylesheet freezes every transition under that attribute
   (`[data-md-color-switching] *`): this hook moves the freeze to data-palette-switching, which
   only a reader's switch sets;
5. and 6. the same component inserts a color-scheme meta and then fills it in: the site's own
   palette script (docs/_overrides/partials/javascripts/palette.html) does that while the page is
   parsed, and docs/_overrides/partials/palette.html keeps Material's component from mounting.
That script does not handle Material's automatic "(prefers-color-scheme)" palette entry, so this
hook stops the build on one rather than ship a toggle that does nothing.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

from _theme_css import replace_rule, rewrite_sheet

HERE = "hooks/theme_startup.py"
PALETTE_CSS = re.compile(r"assets/stylesheets/palette\.[0-9a-f]+\.min\.css")
MATERIAL_FREEZE = "[data-md-color-switching]"
OWN_FREEZE = "[data-palette-switching]"


def freeze_on_own_attribute(css: str, where: str) -> str:
    return replace_rule(
        css,
        MATERIAL_FREEZE,
        OWN_FREEZE,
        where,
        f"Material's palette stylesheet no longer has its {MATERIAL_FREEZE} rule.",
        "find how this Material version freezes transitions while the palette switches, and update "
        f"{HERE} and docs/_overrides/partials/javascripts/palette.html (which sets the freeze) to match.",
    )


AUTOMATIC_MEDIA = "(prefers-color-scheme)"


def check_palette_entries(palette) -> None:
    entries = palette if isinstance(palette, list) else []
    if any(entry.get("media") == AUTOMATIC_MEDIA for entry in entries):
        raise PluginError(
            f'mkdocs.yml: a theme.palette entry has media: "{AUTOMATIC_MEDIA}" (Material\'s automatic mode), '
            "which the site's palette script does not handle.\n"
            "  Fix: give each entry a light or dark media query, or teach "
            "docs/_overrides/partials/javascripts/palette.html the automatic mode (Material's palette "
            "component resolves it to the light or dark entry)."
        )


def on_config(config):
    check_palette_entries(config.theme.get("palette"))
    return config


def on_files(files, config):
    sheets = [file for file in files if PALETTE_CSS.fullmatch(file.src_uri)]
    if config.theme.get("palette") and not sheets:
        raise PluginError(
            f"{HERE}: mkdocs.yml sets theme.palette, but the theme has no assets/stylesheets/palette.*.min.css.\n"
            f"  Fix: update PALETTE_CSS in {HERE} to the stylesheet this Material version links."
        )
    for sheet in sheets:
        rewrite_sheet(files, config, sheet, freeze_on_own_attribute)
    return files
