"""Markup lives in Jinja templates (docs/_overrides/partials/guide/), not in Python: a macro
gathers the data and calls `render()`; the template decides the HTML.

Autoescape is on, so every value from data is escaped unless a macro hands over `Markup` on
purpose (text it has already escaped, such as a question's `code` spans). An undefined
variable is an error, not an empty string: a renamed field stops the build.
"""

from __future__ import annotations

from functools import lru_cache

import jinja2
from markupsafe import Markup, escape

from .compiled_templates import bytecode_cache
from .data import ROOT
from .errors import SiteDataError

TEMPLATES = ROOT / "docs" / "_overrides" / "partials" / "guide"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    # auto_reload: `mkdocs serve` keeps this module, and an edited template must show on rebuild.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        bytecode_cache=bytecode_cache(),
    )
    env.filters["md"] = md_text
    return env


def md_text(value: str) -> Markup:
    """Escape data for a Markdown context that becomes HTML: no raw tags, no table breaks, no
    emphasis or link syntax."""
    escaped = str(escape(value))
    for char, entity in (("|", "&#124;"), ("[", "&#91;"), ("]", "&#93;"), ("*", "&#42;"), ("_", "&#95;")):
        escaped = escaped.replace(char, entity)
    return Markup(escaped)


def template(name: str) -> jinja2.Template:
    """The template docs/_overrides/partials/guide/<name>; a new object once its file changed."""
    try:
        return environment().get_template(name)
    except jinja2.TemplateNotFound:
        raise SiteDataError(
            f"docs/_overrides/partials/guide/{name}",
            "template not found",
            "restore the template, or fix the name the macro renders",
        ) from None


def render(name: str, **context) -> Markup:
    """The template docs/_overrides/partials/guide/<name> rendered with `context`."""
    try:
        return Markup(template(name).render(**context))
    except jinja2.UndefinedError as exc:
        raise SiteDataError(
            f"docs/_overrides/partials/guide/{name}",
            f"the template uses an undefined value: {exc.message}",
            "pass that value from the macro, or fix the template",
        ) from None
