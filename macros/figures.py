"""`{{ diagram("name") }}`: the figure, its caption and its numbered steps, all from the
declaration the diagram program wrote (hooks/draw_diagrams.py puts it next to the SVG). The text
cannot drift from the picture because both come from that one declaration. The markup is the
template docs/_overrides/partials/guide/figure.html; the step-through on top of it is
docs/assets/js/diagram-player.js."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.utils import get_relative_url
from pydantic import BaseModel, Field, ValidationError

from .errors import SiteDataError
from .templates import render

SITE_FOLDER = "assets/diagrams/"
HOOK_FIX = "add hooks/draw_diagrams.py under `hooks:` in mkdocs.yml (it draws the diagrams and adds them to the site)"


class Step(BaseModel):
    number: int
    # The node keys: the page script highlights <name>--node-<key> in the SVG.
    from_key: str = Field(alias="from")
    to_key: str = Field(alias="to")
    from_label: str
    to_label: str
    label: str
    note: str | None = None


class Declaration(BaseModel):
    name: str
    title: str
    caption: str
    alt: str
    steps: list[Step]
    width: int
    height: int


def known_diagrams(files: Any) -> dict[str, Any]:
    """name -> mkdocs File of every diagram the hook added to the site."""
    found = {}
    for f in files or ():
        if f.src_uri.startswith(SITE_FOLDER) and f.src_uri.endswith(".svg"):
            found[f.src_uri[len(SITE_FOLDER) : -len(".svg")]] = f
    return found


def load_declaration(path: Path, where: str) -> Declaration:
    try:
        return Declaration.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise SiteDataError(where, f"diagram data {path} is missing", HOOK_FIX) from None
    except (ValueError, ValidationError) as exc:
        raise SiteDataError(
            where, f"diagram data {path} is unreadable: {exc}", "delete .cache/diagrams/ and build again"
        ) from None


def figure_html(d: Declaration, src: str) -> str:
    """The figure's markup: docs/_overrides/partials/guide/figure.html."""
    return str(render("figure.html", d=d, src=src))


def render_diagram(env: Any, name: str) -> str:
    page = getattr(env, "page", None)
    where = f"docs/{page.file.src_uri}" if page else "a page"
    known = known_diagrams(env.variables.get("files"))
    if not known:
        raise SiteDataError(where, f'diagram("{name}"): the site has no rendered diagrams', HOOK_FIX)
    if name not in known:
        raise SiteDataError(
            where,
            f'unknown diagram "{name}"; known diagrams: {", ".join(sorted(known))}',
            f"use one of the known names, or add the program diagrams/{name}.py",
        )
    svg = known[name]
    declaration = load_declaration(Path(svg.abs_src_path).with_suffix(".json"), where)
    src = get_relative_url(svg.url, page.url) if page else svg.url
    return figure_html(declaration, src)


def register(env: Any) -> None:
    @env.macro
    def diagram(name: str) -> Markup:
        return Markup(render_diagram(env, name))
