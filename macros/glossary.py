"""The glossary page, generated from docs/_data/abbreviations.md: the same file gives every page
its abbreviation tooltips, so each definition is written once and shown in both places."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from markupsafe import escape

from .data import DATA_DIR, rel
from .errors import SiteDataError

ABBREVIATIONS_PATH = DATA_DIR / "abbreviations.md"
_LINE = re.compile(r"^\*\[(?P<term>[^\]\s][^\]]*)\]:[ \t]*(?P<definition>\S.*)$")


def load_abbreviations(path: Path = ABBREVIATIONS_PATH) -> list[tuple[str, str]]:
    """(term, definition) pairs, sorted for reading. pymdownx.snippets appends the whole file to
    every page, so anything but a definition line would show up on every page: refuse it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SiteDataError(
            rel(path), "file not found", "create it with one line per term, like '*[KMS]: AWS Key Management Service'"
        ) from None
    entries: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.match(line.rstrip())
        if not match:
            raise SiteDataError(
                f"{rel(path)}:{n}",
                f"'{line.strip()[:60]}' is not an abbreviation definition (this file is appended to every page)",
                "write it as '*[TERM]: what it stands for', or move the text elsewhere",
            )
        term, definition = match.group("term"), match.group("definition").strip()
        if term in entries:
            raise SiteDataError(f"{rel(path)}:{n}", f"'{term}' is defined twice", "keep one definition per term")
        entries[term] = definition
    if not entries:
        raise SiteDataError(
            rel(path), "no abbreviations defined", "add lines like '*[KMS]: AWS Key Management Service'"
        )
    return sorted(entries.items(), key=lambda item: (item[0].casefold(), item[0]))


def anchor(term: str) -> str:
    return "term-" + re.sub(r"[^a-z0-9]+", "-", term.casefold()).strip("-")


def render_glossary(entries: list[tuple[str, str]]) -> str:
    rows = [
        f'<dt id="{escape(anchor(term))}">{escape(term)}</dt>\n<dd>{escape(definition)}</dd>'
        for term, definition in entries
    ]
    return '<dl class="glossary">\n' + "\n".join(rows) + "\n</dl>\n"


def register(env: Any) -> None:
    @env.macro
    def glossary() -> str:
        """Every abbreviation the site defines, as a sorted definition list."""
        return render_glossary(load_abbreviations())
