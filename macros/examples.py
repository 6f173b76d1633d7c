"""Runnable examples: real Python files under docs/_examples/, shown on pages and run by the tests.

Each file is the one place for its example: the module docstring gives the title (first
line), the explanation, and an "Emulator vs AWS:" list of bullets; `#>` comment lines give
the printed output the tests expect. The `example(name)` macro renders all of it.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import escape

from .data import ROOT, rel
from .errors import SiteDataError
from .pages import where
from .templates import md_text

EXAMPLES_DIR = ROOT / "docs" / "_examples"
NOTES_HEADING = "Emulator vs AWS:"
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
RUN_ALL = "make examples"


@dataclass(frozen=True)
class Example:
    name: str
    path: Path
    title: str
    intro: list[str]  # paragraphs
    notes: list[str]  # one per "Emulator vs AWS" bullet
    code: str  # the file without its module docstring
    expected: list[str]  # the `#>` lines, in order

    @property
    def run_one(self) -> str:
        return f".venv/bin/python docs/_examples/{self.name}.py"


def available(directory: Path = EXAMPLES_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.py") if NAME_PATTERN.match(p.stem))


def expected_output(source: str) -> list[str]:
    """The `#>` comment lines of a file, as the printed lines they promise."""
    lines = []
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("#>"):
            text = stripped[2:]
            lines.append(text[1:] if text.startswith(" ") else text)
    return lines


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def _bullets(text: str, where_: str) -> list[str]:
    bullets: list[str] = []
    for line in text.strip().splitlines():
        if line.startswith("- "):
            bullets.append(line[2:].strip())
        elif line.startswith("  ") and bullets:
            bullets[-1] += " " + line.strip()
        elif line.strip():
            raise SiteDataError(
                where_,
                f"unexpected line under '{NOTES_HEADING}': {line.strip()!r}",
                "write each difference as a '- ' bullet, continuation lines indented two spaces",
            )
    return bullets


def _strip_docstring(source: str, tree: ast.Module) -> str:
    first = tree.body[0]
    lines = source.splitlines()
    return "\n".join(lines[first.end_lineno :]).strip("\n") + "\n"


def load_example(name: str, directory: Path = EXAMPLES_DIR, page: str = "a page") -> Example:
    if not isinstance(name, str) or not NAME_PATTERN.match(name) or not (directory / f"{name}.py").is_file():
        raise SiteDataError(
            page,
            f"example({name!r}) names no file {rel(directory)}/{name}.py",
            f"use one of: {', '.join(available(directory)) or '(none yet)'}, or add that file",
        )
    path = directory / f"{name}.py"
    source = path.read_text(encoding="utf-8")
    here = rel(path)
    try:
        tree = ast.parse(source, filename=here)
    except SyntaxError as exc:
        raise SiteDataError(
            f"{here}:{exc.lineno}", f"Python syntax error: {exc.msg}", "fix the code; the tests run this file"
        ) from None
    docstring = ast.get_docstring(tree, clean=True)
    if not docstring:
        raise SiteDataError(
            here,
            "has no module docstring",
            f"start the file with a docstring: a title line, an explanation, then '{NOTES_HEADING}' and bullets",
        )
    head, sep, notes_text = docstring.partition(NOTES_HEADING)
    if not sep:
        raise SiteDataError(
            here,
            f"the docstring has no '{NOTES_HEADING}' section",
            "say, in bullets, where the emulator differs from AWS (or that it does not, for what the file shows)",
        )
    title, _, body = head.partition("\n")
    notes = _bullets(notes_text, here)
    if not notes:
        raise SiteDataError(here, f"'{NOTES_HEADING}' lists nothing", "add at least one '- ' bullet")
    expected = expected_output(source)
    if not expected:
        raise SiteDataError(
            here, "has no '#>' lines", "after each print call, add the line it prints as a '#> ...' comment"
        )
    return Example(
        name=name,
        path=path,
        title=title.strip().rstrip("."),
        intro=_paragraphs(body),
        notes=notes,
        code=_strip_docstring(source, tree),
        expected=expected,
    )


def inline(text: str) -> str:
    """Docstring prose to safe Markdown: everything escaped, `backticks` kept as code."""
    parts = text.split("`")
    return "".join(f"<code>{escape(part)}</code>" if i % 2 else md_text(part) for i, part in enumerate(parts))


def render(example: Example) -> str:
    def fence(lang: str, body: str, title: str | None = None) -> str:
        # A fence longer than any backtick run in the body, so the body cannot close it.
        ticks = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`+", body)), default=0))
        label = f' title="{escape(title)}"' if title else ""
        return f"{ticks}{lang}{label}\n{body.rstrip()}\n{ticks}"

    out = [f'!!! example "Runnable example: {escape(example.title)}"', ""]
    out += [inline(p) + "\n" for p in example.intro]
    out += [fence("python", example.code, f"docs/_examples/{example.name}.py"), ""]
    out += ["Expected output (the tests check it line by line):", ""]
    out += [fence("text", "\n".join(example.expected)), ""]
    out += [
        f"Run it: `{RUN_ALL}` runs every example and checks its output; `{example.run_one}` runs this one. "
        "No AWS account or network is used: moto emulates the services in-process.",
        "",
    ]
    out += ['!!! note "Emulator vs AWS"', ""]
    out += [textwrap.indent(f"- {inline(n)}", "    ") for n in example.notes]
    return textwrap.indent("\n".join(out), "    ").replace("    !!! example", "!!! example", 1) + "\n"


def register(env: Any) -> None:
    @env.macro
    def example(name: str) -> str:
        """A runnable example: title, explanation, code, expected output, how to run, emulator notes."""
        return render(load_example(name, page=where(env)))
