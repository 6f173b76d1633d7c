"""Draw the diagrams (events: on_pre_build, on_files, on_serve): run every program in diagrams/
before the pages are built, and add the SVGs to the site as assets/diagrams/<name>.svg.
The renderer, the flow model and the style live in diagrams/ (_render.py, _flow.py, _style.py).

The SVGs live in .cache/diagrams/, outside docs/, so `mkdocs serve` does not see its own
output as a change (no rebuild loop); it watches this folder instead, and an edited program
is drawn again on the next build because its hash changed.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from pathlib import Path

from mkdocs.structure.files import File

DIAGRAMS = Path(__file__).resolve().parent.parent / "diagrams"
SITE_FOLDER = "assets/diagrams"
log = logging.getLogger("mkdocs.hooks.diagrams")


def renderer():
    # Load the renderer and its helpers afresh: `mkdocs serve` keeps this hook module for
    # the whole session, and an edited _style.py must take effect on the next rebuild.
    for shared in ("_flow", "_icons", "_style"):
        sys.modules.pop(shared, None)
    spec = importlib.util.spec_from_file_location("site_diagrams_render", DIAGRAMS / "_render.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def out_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent / ".cache" / "diagrams"


def on_pre_build(config) -> None:
    report = renderer().render_all(out_dir(config), DIAGRAMS)
    log.info(report.summary())


def on_files(files, config):
    target = out_dir(config)
    for program in renderer().programs(DIAGRAMS):
        svg = target / f"{program.stem}.svg"
        files.append(File.generated(config, f"{SITE_FOLDER}/{svg.name}", abs_src_path=str(svg)))
    return files


def on_serve(server, config, builder):
    server.watch(str(DIAGRAMS))
    return server
