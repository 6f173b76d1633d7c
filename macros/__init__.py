"""mkdocs-macros entry point. It stays thin: each concern registers its own macros."""

from __future__ import annotations

from . import changes, examples, facts, figures, glossary, pages, quiz
from . import practice_pages  # practice: mock exam, flashcards, cram sheet


def define_env(env) -> None:
    for module in (pages, facts, quiz, figures, examples, glossary, changes, practice_pages):
        module.register(env)


def on_pre_page_macros(env) -> None:
    # Citation numbers and the Resources box are per page.
    env.variables["_page_state"].reset(env.page.file.src_uri)
