"""mkdocs-macros entry point. It stays thin: each concern registers its own macros."""

from __future__ import annotations

from . import changes, compiled_templates, coverage, examples, facts, figures, glossary, pages, practice_pages, quiz


def define_env(env) -> None:
    for module in (pages, facts, quiz, figures, examples, glossary, changes, coverage, practice_pages):
        module.register(env)


def on_pre_page_macros(env) -> None:
    # The plugin makes its Jinja environment after define_env, so the compile cache goes in here.
    compiled_templates.cache_page_templates(env.env)
    # Citation numbers and the Resources box are per page.
    env.variables["_page_state"].reset(env.page.file.src_uri)
