"""`{{ diagram("name") }}`: the figure, its caption and its numbered steps, all from the
declaration the diagram program wrote (hooks/draw_diagrams.py puts it next to the SVG). The text
cannot drift from the picture because both come from that one declaration."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.utils import get_relative_url
from pydantic import BaseModel, ValidationError

from .errors import SiteDataError

SITE_FOLDER = "assets/diagrams/"
HOOK_FIX = "add hooks/draw_diagrams.py under `hooks:` in mkdocs.yml (it draws the diagrams and adds them to the site)"


class Step(BaseModel):
    number: int
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
        raise SiteDataError(where, f"diagram data {path} is unreadable: {exc}", "delete .cache/diagrams/ and build again") from None


def step_item(step: Step) -> str:
    note = f" {escape(step.note)}" if step.note else ""
    return (
        f'<li><span class="diagram-step-label">{escape(step.label)}</span>'
        f' <span class="diagram-step-route">&#8212; from {escape(step.from_label)} to {escape(step.to_label)}.</span>{note}</li>'
    )


def figure_html(d: Declaration, src: str) -> str:
    # The steps sit inside the figcaption: they describe the picture, and figcaption may
    # hold flow content. No blank lines, so Markdown keeps this one raw HTML block.
    steps = "\n".join(step_item(s) for s in d.steps)
    return (
        f'<figure class="diagram" id="diagram-{escape(d.name)}">\n'
        f'<img src="{escape(src)}" alt="{escape(d.alt)}" width="{d.width}" height="{d.height}" loading="lazy" decoding="async">\n'
        f"<figcaption>\n"
        f'<p class="diagram-caption">{escape(d.caption)}</p>\n'
        f'<ol class="diagram-steps">\n{steps}\n</ol>\n'
        f"</figcaption>\n"
        f"</figure>\n"
    )


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
